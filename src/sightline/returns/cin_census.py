"""The Children in Need census (issue 6): export the year's return from the records, and
import a return into them, all or nothing.

Export reads everything set-based (one query per kind of record, no query per child), picks
the census population as the DfE guide defines it (DOMAIN.md 3: every episode open at any
time in the year, NFA referrals in the year included) and shows each record as it stood on
31 March: anything dated after the reference date is left out.

Import parses the file (``cin_xml``), checks the schema, the code lists and Sightline's
consistency rules as pure functions over the whole return (every problem, with its element
path), and only then writes, in one transaction and in bulk. It merges (decision 0013): a
record the return carries that Sightline holds (the same child, episode and start date) is
updated with the return's values as at the reference date, one it does not hold is added, and
nothing is removed, so importing the authority's own export changes nothing. Chronology
entries are built by the apps' event constructors and ``entry_values``, as the services
would have written them, and obligations by ``timescales.engine.rebuild_for``.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from sightline.core.bulk_write import chunks
from sightline.core.clock import today_or
from sightline.core.codes import (
    AbuseCategory,
    AssessmentFactor,
    ClosureReason,
    Disability,
    Ethnicity,
    PrimaryNeed,
    ReferralSource,
    Sex,
    UPNUnknown,
)
from sightline.people.models import Person, PersonDisability
from sightline.protection.models import (
    Assessment,
    ChildInNeedPlan,
    ChildProtectionConference,
    ChildProtectionPlan,
    Referral,
    Section47Enquiry,
)
from sightline.returns.cin_census_check import Context, check_return, icpc_target, warnings_for
from sightline.returns.cin_census_write import write
from sightline.returns.cin_xml import (
    AssessmentRow,
    ChildRow,
    CINPlanRow,
    CINReturn,
    CPPlanRow,
    EpisodeRow,
    Header,
    Section47Row,
    now_stamp,
    read,
    to_xml,
)
from sightline.returns.files import ExportResult, ImportResult, Problem, ReturnFileError
from sightline.returns.years import (
    CIN_CENSUS_YEARS,
    CollectionYear,
    UnsupportedYear,
    collection_year,
)

RETURN = "CIN census"
SOFTWARE = "Sightline"
RELEASE = "0.1.0"

CODES: dict[str, frozenset[str]] = {
    "UPNunknown": frozenset(UPNUnknown.values),
    "Sex": frozenset(Sex.values),
    "Ethnicity": frozenset(Ethnicity.values),
    "Disability": frozenset(Disability.values),
    "ReferralSource": frozenset(ReferralSource.values),
    "PrimaryNeedCode": frozenset(PrimaryNeed.values),
    "ReasonForClosure": frozenset(ClosureReason.values),
    "factor": frozenset(AssessmentFactor.values),
    "category of abuse": frozenset(AbuseCategory.values),
}

K = ChildProtectionConference.Kind
Out = ChildProtectionConference.Outcome


def _upto(d: date | None, last: date) -> date | None:
    """A date as it stood at the reference date: one after it had not happened yet."""
    return d if d is not None and d <= last else None


# --- Export ---------------------------------------------------------------------------------


def build_return(cy: CollectionYear) -> CINReturn:
    """The year's return from the records: eight queries, whatever the number of children."""
    first, last = cy.first, cy.last
    window = Referral.objects.filter(child__kind=Person.Kind.CHILD, referral_date__lte=last).filter(
        Q(closure_date__isnull=True) | Q(closure_date__gte=first)
    )
    referral_ids = window.values("id")
    child_ids = window.values("child_id")

    episodes: dict[int, EpisodeRow] = {}
    by_child: dict[int, list[EpisodeRow]] = defaultdict(list)
    for rid, child_id, referred, source, need, nfa, closed, reason in window.values_list(
        "id",
        "child_id",
        "referral_date",
        "source",
        "primary_need",
        "nfa",
        "closure_date",
        "closure_reason",
    ):
        closure = _upto(closed, last)
        e = EpisodeRow(
            referral_date=referred,
            source=source,
            primary_need=need,
            closure_date=closure,
            closure_reason=reason if closure else "",
            nfa=nfa,
        )
        episodes[rid] = e
        by_child[child_id].append(e)

    disabilities: dict[int, list[str]] = defaultdict(list)
    for person_id, code in PersonDisability.objects.filter(person_id__in=child_ids).values_list(
        "person_id", "code"
    ):
        disabilities[person_id].append(code)

    for rid, start, review, authorised, factors in (
        Assessment.objects.filter(referral_id__in=referral_ids, started_on__lte=last)
        .exclude(authorised_on__lt=first)
        .values_list("referral_id", "started_on", "internal_review_on", "authorised_on", "factors")
    ):
        done = _upto(authorised, last)
        episodes[rid].assessments.append(
            AssessmentRow(
                start=start,
                internal_review=_upto(review, last),
                authorised=done,
                factors=list(factors or []) if done else [],
            )
        )

    for rid, start, end in (
        ChildInNeedPlan.objects.filter(referral_id__in=referral_ids, started_on__lte=last)
        .exclude(ended_on__lt=first)
        .values_list("referral_id", "started_on", "ended_on")
    ):
        episodes[rid].cin_plans.append(CINPlanRow(start=start, end=_upto(end, last)))

    initial: dict[int, date] = {}
    transfer_in: dict[int, date] = {}
    reviews: dict[int, list[date]] = defaultdict(list)
    for kind, s47_id, plan_id, rid, held in ChildProtectionConference.objects.filter(
        referral_id__in=referral_ids, held_on__lte=last
    ).values_list("kind", "section47_id", "plan_id", "referral_id", "held_on"):
        if kind == K.INITIAL and s47_id is not None:
            initial[s47_id] = min(held, initial.get(s47_id, held))
        elif kind == K.TRANSFER_IN and held >= first:
            transfer_in[rid] = max(held, transfer_in.get(rid, held))
        elif kind == K.REVIEW and plan_id is not None and held >= first:
            reviews[plan_id].append(held)
    for rid, held in transfer_in.items():
        episodes[rid].icpc = held

    for s47_id, rid, start, not_required in Section47Enquiry.objects.filter(
        referral_id__in=referral_ids, started_on__lte=last
    ).values_list("id", "referral_id", "strategy_discussion__held_on", "icpc_not_required"):
        icpc = initial.get(s47_id)
        if start < first and not (icpc is not None and icpc >= first):
            continue  # its conference was before the year, or it has none (rule 8740)
        episodes[rid].section47s.append(
            Section47Row(
                start=start,
                icpc_target=icpc_target(start),
                icpc=icpc,
                icpc_not_required=not_required,
            )
        )

    plans_before: dict[int, list[date]] = defaultdict(list)
    in_window = []
    for plan_id, rid, child_id, start, end, first_cat, latest_cat, more in (
        ChildProtectionPlan.objects.filter(child_id__in=child_ids, started_on__lte=last)
        .order_by()
        .values_list(
            "id",
            "referral_id",
            "child_id",
            "started_on",
            "ended_on",
            "initial_category",
            "latest_category",
            "previous_plans_elsewhere",
        )
    ):
        plans_before[child_id].append(start)
        if rid in episodes and (end is None or end >= first):
            in_window.append((plan_id, rid, child_id, start, end, first_cat, latest_cat, more))
    for plan_id, rid, child_id, start, end, first_cat, latest_cat, more in in_window:
        episodes[rid].cp_plans.append(
            CPPlanRow(
                start=start,
                end=_upto(end, last),
                initial_category=first_cat,
                latest_category=latest_cat,
                previous_plans=more + sum(1 for d in plans_before[child_id] if d < start),
                reviews=sorted(reviews.get(plan_id, [])),
            )
        )

    children: list[ChildRow] = []
    for (
        pk,
        la_child_id,
        upn,
        former_upn,
        upn_unknown,
        birth,
        expected,
        sex,
        ethnicity,
        death,
    ) in Person.objects.filter(pk__in=child_ids).values_list(
        "pk",
        "la_child_id",
        "upn",
        "former_upn",
        "upn_unknown",
        "birth_date",
        "expected_birth_date",
        "sex",
        "ethnicity",
        "death_date",
    ):
        born = _upto(birth, last)
        if born is None and expected is None:
            expected = birth  # born after the reference date: expected then
        child = ChildRow(
            la_child_id=la_child_id or "",
            upn=upn,
            former_upn=former_upn,
            upn_unknown=upn_unknown,
            birth_date=born,
            expected_birth_date=None if born else expected,
            sex=sex if born else Sex.UNKNOWN,  # unborn children are U (rules 4180, 8750)
            death_date=_upto(death, last),
            ethnicity=ethnicity,
            disabilities=sorted(disabilities.get(pk, [])),
            episodes=sorted(by_child[pk], key=lambda e: e.referral_date or first),
        )
        for e in child.episodes:
            e.assessments.sort(key=lambda a: (a.start, a.authorised or last))
            e.cin_plans.sort(key=lambda p: (p.start, p.end or last))
            e.section47s.sort(key=lambda s: (s.start, s.icpc or last))
            e.cp_plans.sort(key=lambda p: (p.start, p.end or last))
        children.append(child)
    children.sort(key=lambda c: c.la_child_id)
    header = Header(
        year=cy.year,
        reference_date=last,
        lea=str(settings.AUTHORITY["la_number"]),
        software=SOFTWARE,
        release=RELEASE,
        serial_no=f"{cy.year}001",
        at=now_stamp(),
    )
    return CINReturn(header, children)


def counts(ret: CINReturn) -> dict[str, int]:
    eps = [e for c in ret.children for e in c.episodes]
    return {
        "Child": len(ret.children),
        "CINdetails": len(eps),
        "Assessments": sum(len(e.assessments) for e in eps),
        "CINPlanDates": sum(len(e.cin_plans) for e in eps),
        "Section47": sum(len(e.section47s) for e in eps),
        "ChildProtectionPlans": sum(len(e.cp_plans) for e in eps),
        "CPPreviewDate": sum(len(p.reviews) for e in eps for p in e.cp_plans),
    }


def export_cin_census(year: int, out: Path) -> ExportResult:
    """Write the CIN census for the year ending 31 March ``year`` to ``out`` (XML valid
    against that year's DfE schema)."""
    cy = collection_year(year, CIN_CENSUS_YEARS, RETURN)
    ret = build_return(cy)
    Path(out).write_bytes(to_xml(ret))
    return ExportResult(path=Path(out), children=len(ret.children), rows=counts(ret))


# --- Import ---------------------------------------------------------------------------------


def import_cin_census(path: Path, today: date | None = None) -> ImportResult:
    """Import a CIN census file, all or nothing; every problem is listed in ReturnFileError."""
    day = today_or(today)
    file = str(path)
    ret, problems = read(Path(path), CODES)
    if ret is None:
        raise ReturnFileError(problems)
    reference = ret.header.reference_date
    cy: CollectionYear | None = None
    if reference is not None:
        try:
            cy = collection_year(reference.year, CIN_CENSUS_YEARS, RETURN)
        except UnsupportedYear as error:
            problems.append(
                Problem(file, "Header/CollectionDetails/ReferenceDate", "ReferenceDate", str(error))
            )
        else:
            if reference != cy.last:
                problems.append(
                    Problem(
                        file,
                        "Header/CollectionDetails/ReferenceDate",
                        "ReferenceDate",
                        f"{reference} is not 31 March (rule 100)",
                    )
                )
    if cy is None:
        raise ReturnFileError(problems)
    ids = [c.la_child_id for c in ret.children if c.la_child_id]
    existing = {
        str(p.la_child_id): p
        for start in range(0, len(ids), 5_000)
        for p in Person.objects.filter(la_child_id__in=ids[start : start + 5_000])
    }
    adults = frozenset(k for k, p in existing.items() if p.kind != Person.Kind.CHILD)
    # The import merges (decision 0013): Sightline's episodes the return does not carry (no
    # episode on the same referral date) stay, so the return's may not overlap them, and
    # their child protection plans count among the earlier ones.
    by_pk = {p.pk: k for k, p in existing.items()}
    given = {(c.la_child_id, e.referral_date) for c in ret.children for e in c.episodes}
    given_plans = {
        (c.la_child_id, e.referral_date, cp.start)
        for c in ret.children
        for e in c.episodes
        for cp in e.cp_plans
    }
    kept: dict[str, list[tuple[date, date | None]]] = defaultdict(list)
    kept_plans: dict[str, list[date]] = defaultdict(list)
    for chunk in chunks(by_pk):
        for child_id, opened, closed in Referral.objects.filter(child_id__in=chunk).values_list(
            "child_id", "referral_date", "closure_date"
        ):
            if (by_pk[child_id], opened) not in given:
                kept[by_pk[child_id]].append((opened, closed))
        for child_id, referred, started in ChildProtectionPlan.objects.filter(
            child_id__in=chunk
        ).values_list("child_id", "referral__referral_date", "started_on"):
            if (by_pk[child_id], referred, started) not in given_plans:
                kept_plans[by_pk[child_id]].append(started)
    problems += check_return(ret, file, Context(cy, day, dict(kept), adults))
    if problems:
        raise ReturnFileError(problems)
    elsewhere: dict[int, int] = {}
    warnings = warnings_for(ret, file, kept_plans, elsewhere)
    with transaction.atomic():
        return write(ret, cy, existing, day, warnings, elsewhere)
