"""The Children in Need census (issue 6): export the year's return from the records, and
import a return into them, all or nothing.

Export reads everything set-based (one query per kind of record, no query per child), picks
the census population as the DfE guide defines it (DOMAIN.md 3: every episode open at any
time in the year, NFA referrals in the year included) and shows each record as it stood on
31 March: anything dated after the reference date is left out.

Import parses the file (``cin_xml``), checks the schema, the code lists and Sightline's
consistency rules as pure functions over the whole return (every problem, with its element
path), and only then writes, in one transaction and in bulk. A child whose LA child ID exists
has the episodes the return carries (those in the year's window) replaced by the return's.
Chronology entries are built by the apps' event constructors and ``entry_values``, as the
services would have written them, and obligations by ``timescales.engine.rebuild_for``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import partial
from itertools import pairwise
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from sightline.chronology.handlers import entry_values
from sightline.chronology.models import ChronologyEntry
from sightline.core import calendar
from sightline.core.clock import today_or
from sightline.core.codes import (
    CLOSED_AFTER_ASSESSMENT,
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
from sightline.core.events import DomainEvent
from sightline.people import events as people_events
from sightline.people.models import Person, PersonDisability
from sightline.protection import events as p_events
from sightline.protection.models import (
    Assessment,
    ChildInNeedMeeting,
    ChildInNeedPlan,
    ChildProtectionConference,
    ChildProtectionPlan,
    CoreGroupMeeting,
    PreProceedings,
    Referral,
    Section47Enquiry,
    StrategyDiscussion,
)
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
from sightline.synthetic.bulk import insert_rows, reset_sequences, row_values
from sightline.timescales.engine import rebuild_for

RETURN = "CIN census"
SOFTWARE = "Sightline"
RELEASE = "0.1.0"
ICPC_WORKING_DAYS = 15  # WT2023: the initial conference within 15 working days (DOMAIN.md 1.1)

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


def icpc_target(s47_start: date) -> date | None:
    """InitialCPCtarget: 15 working days after the strategy discussion (day 0)."""
    try:
        return calendar.add_working_days(s47_start, ICPC_WORKING_DAYS)
    except ValueError:  # outside the calendar's years
        return None


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


# --- Consistency (pure) ---------------------------------------------------------------------

LA_CHILD_ID = re.compile(r"^[A-Za-z0-9]{1,20}$")


@dataclass(frozen=True)
class Context:
    """What the checks need besides the return: the year, today, and for children already in
    Sightline, their episodes outside the year's window (which the import keeps)."""

    year: CollectionYear
    today: date
    kept_episodes: dict[str, list[tuple[date, date | None]]]
    adults: frozenset[str] = frozenset()


class _Checker:
    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def fail(self, where: str, field: str, message: str) -> None:
        self.problems.append(Problem(self.file, where, field, message))

    def no_later(
        self, where: str, field: str, value: date | None, latest: date | None, what: str
    ) -> None:
        if value is not None and latest is not None and value > latest:
            self.fail(f"{where}/{field}", field, f"{value} is after {what} ({latest})")

    def no_earlier(
        self, where: str, field: str, value: date | None, earliest: date | None, what: str
    ) -> None:
        if value is not None and earliest is not None and value < earliest:
            self.fail(f"{where}/{field}", field, f"{value} is before {what} ({earliest})")


def check_return(ret: CINReturn, file: str, ctx: Context) -> list[Problem]:
    """Every breach of Sightline's consistency rules (the services' journey rules and the
    model's constraints) and of the DfE rules that decide what a year's return may hold."""
    ck = _Checker(file)
    first, last = ctx.year.first, ctx.year.last
    la = str(settings.AUTHORITY["la_number"])
    h = ret.header
    if h.lea and h.lea != la:
        ck.fail("Header/Source/LEA", "LEA", f"the return is LA {h.lea}'s; Sightline is LA {la}'s")
    if h.year is not None and h.year != ctx.year.year:
        ck.fail(
            "Header/CollectionDetails/Year", "Year", f"{h.year} does not match the ReferenceDate"
        )
    seen: dict[str, str] = {}
    for c in ret.children:
        where = f"{c.path}/ChildIdentifiers"
        if c.la_child_id:
            if not LA_CHILD_ID.match(c.la_child_id):
                ck.fail(
                    f"{where}/LAchildID",
                    "LAchildID",
                    "an LA child ID is 1 to 20 letters and digits (rules 1570, 1580)",
                )
            if c.la_child_id in seen:
                ck.fail(
                    f"{where}/LAchildID",
                    "LAchildID",
                    f"{c.la_child_id} is also {seen[c.la_child_id]} (rule 8510)",
                )
            seen.setdefault(c.la_child_id, c.path)
            if c.la_child_id in ctx.adults:
                ck.fail(f"{where}/LAchildID", "LAchildID", "this ID belongs to an adult's record")
        ck.no_earlier(where, "PersonDeathDate", c.death_date, c.birth_date, "the birth date")
        ck.no_later(where, "PersonBirthDate", c.birth_date, last, "the reference date")
        if len(set(c.disabilities)) != len(c.disabilities):
            ck.fail(f"{c.path}/ChildCharacteristics/Disabilities", "Disability", "a code twice")
        if "NONE" in c.disabilities and len(c.disabilities) > 1:
            ck.fail(
                f"{c.path}/ChildCharacteristics/Disabilities",
                "Disability",
                "NONE cannot be recorded with other disabilities (rule 8790)",
            )
        _check_episodes(ck, c, ctx, first, last)
    return ck.problems


def _check_episodes(ck: _Checker, c: ChildRow, ctx: Context, first: date, last: date) -> None:
    latest = min(last, ctx.today)
    spans: list[tuple[date, date | None, str]] = [
        (start, end, "an episode already in Sightline")
        for start, end in ctx.kept_episodes.get(c.la_child_id, [])
    ]
    cin_plans: list[tuple[CINPlanRow, str]] = []
    cp_plans: list[tuple[CPPlanRow, str]] = []
    for e in c.episodes:
        w = e.path
        if e.referral_date is None:
            continue
        opened, closed = e.referral_date, e.closure_date
        spans.append((opened, closed, w))
        ck.no_later(w, "CINreferralDate", opened, latest, "the reference date or today")
        ck.no_later(w, "CINreferralDate", opened, c.death_date, "the child's death")
        if closed is not None:
            ck.no_earlier(w, "CINclosureDate", closed, opened, "the referral date (rule 8630)")
            ck.no_later(w, "CINclosureDate", closed, latest, "the reference date or today")
            ck.no_earlier(w, "CINclosureDate", closed, first, "the start of the census year")
        if (closed is None) != (not e.closure_reason):
            ck.fail(
                f"{w}/ReasonForClosure" if closed else f"{w}/CINclosureDate",
                "ReasonForClosure" if closed else "CINclosureDate",
                "a closure date needs a reason for closure and a reason needs a date "
                "(rules 8805, 8810)",
            )
        if e.closure_reason == ClosureReason.RC2 and c.death_date is None:
            ck.fail(f"{w}/ReasonForClosure", "ReasonForClosure", "RC2 (died): no date of death")
        activity = bool(e.assessments or e.cin_plans or e.section47s or e.cp_plans or e.icpc)
        if e.nfa:
            if closed is None:
                ck.fail(
                    f"{w}/CINclosureDate",
                    "CINclosureDate",
                    "a referral with no further action is closed (decision 0004)",
                )
            if activity:
                ck.fail(
                    f"{w}/ReferralNFA",
                    "ReferralNFA",
                    "activity is recorded against a referral with no further action "
                    "(rules 8831, 8832, 4000)",
                )
        if e.closure_reason in CLOSED_AFTER_ASSESSMENT:
            # An episode begun before the year may have had its assessment before it too
            # (the return then leaves it out: rule 8696); one begun in the year may not.
            if not e.assessments and opened >= first:
                ck.fail(
                    f"{w}/ReasonForClosure",
                    "ReasonForClosure",
                    "'closed after assessment' needs an assessment on the episode",
                )
            if e.section47s or e.cp_plans or e.cin_plans:
                ck.fail(
                    f"{w}/ReasonForClosure",
                    "ReasonForClosure",
                    "'closed after assessment' cannot be used when there was a plan or an "
                    "enquiry (rule 2990)",
                )

        inside = partial(_inside, ck, opened, closed, latest)

        inside(w, "DateOfInitialCPC", e.icpc)
        ck.no_earlier(w, "DateOfInitialCPC", e.icpc, first, "the start of the census year")
        previous_end: date | None = None
        previous_open = False
        for a in sorted(e.assessments, key=lambda a: a.start or opened):
            aw = a.path
            inside(aw, "AssessmentActualStartDate", a.start)
            inside(aw, "AssessmentAuthorisationDate", a.authorised)
            ck.no_earlier(
                aw, "AssessmentAuthorisationDate", a.authorised, a.start, "the assessment's start"
            )
            ck.no_earlier(
                aw,
                "AssessmentAuthorisationDate",
                a.authorised,
                first,
                "the start of the census year (rule 8696)",
            )
            ck.no_earlier(
                aw, "AssessmentInternalReviewDate", a.internal_review, a.start, "its start"
            )
            ck.no_later(
                aw, "AssessmentInternalReviewDate", a.internal_review, latest, "the reference date"
            )
            if a.factors and a.authorised is None:
                ck.fail(
                    f"{aw}/FactorsIdentifiedAtAssessment",
                    "AssessmentFactors",
                    "factors are recorded when the assessment is authorised (rule 8614)",
                )
            if len(set(a.factors)) != len(a.factors):
                ck.fail(
                    f"{aw}/FactorsIdentifiedAtAssessment",
                    "AssessmentFactors",
                    "the same factor twice (rule 8898)",
                )
            if "21" in a.factors and len(a.factors) > 1:
                ck.fail(
                    f"{aw}/FactorsIdentifiedAtAssessment",
                    "AssessmentFactors",
                    "'21 No factors identified' cannot be recorded with other factors (8869)",
                )
            if a.start is not None and (
                previous_open or (previous_end is not None and a.start < previous_end)
            ):
                ck.fail(
                    f"{aw}/AssessmentActualStartDate",
                    "AssessmentActualStartDate",
                    "another assessment on this episode was still in progress (rule 8896)",
                )
            previous_open = a.authorised is None
            previous_end = a.authorised
            if closed is not None and a.authorised is None:
                ck.fail(
                    f"{aw}/AssessmentAuthorisationDate",
                    "AssessmentAuthorisationDate",
                    "the episode is closed but the assessment is not completed (rule 8867)",
                )
        enquiry_open = False
        for s in sorted(e.section47s, key=lambda s: s.start or opened):
            sw = s.path
            inside(sw, "S47ActualStartDate", s.start)
            inside(sw, "DateOfInitialCPC", s.icpc)
            ck.no_earlier(sw, "DateOfInitialCPC", s.icpc, s.start, "the enquiry's start (8615)")
            if (
                s.start is not None
                and s.start < first
                and not (s.icpc is not None and s.icpc >= first)
            ):
                ck.fail(
                    f"{sw}/S47ActualStartDate",
                    "S47ActualStartDate",
                    "an enquiry with no initial conference in the year must start in the year "
                    "(rules 8740, 8715)",
                )
            if s.icpc is not None and s.icpc_not_required:
                ck.fail(
                    f"{sw}/ICPCnotRequired",
                    "ICPCnotRequired",
                    "an enquiry with an initial conference cannot say none was required",
                )
            if enquiry_open:
                ck.fail(
                    f"{sw}/S47ActualStartDate",
                    "S47ActualStartDate",
                    "another section 47 enquiry on this episode was still open (rule 8890)",
                )
            enquiry_open = s.icpc is None and not s.icpc_not_required
        for p in e.cin_plans:
            inside(p.path, "CINPlanStartDate", p.start)
            inside(p.path, "CINPlanEndDate", p.end)
            ck.no_earlier(p.path, "CINPlanEndDate", p.end, p.start, "the plan's start (4011)")
            ck.no_earlier(p.path, "CINPlanEndDate", p.end, first, "the census year (4013)")
            cin_plans.append((p, p.path))
        for cp in e.cp_plans:
            inside(cp.path, "CPPstartDate", cp.start)
            inside(cp.path, "CPPendDate", cp.end)
            ck.no_earlier(cp.path, "CPPendDate", cp.end, cp.start, "the plan's start (8925)")
            ck.no_earlier(cp.path, "CPPendDate", cp.end, first, "the census year (8930)")
            for j, d in enumerate(cp.reviews, start=1):
                rw = f"{cp.path}/Reviews/CPPreviewDate[{j}]"
                if cp.start is not None and d <= cp.start:
                    ck.fail(rw, "CPPreviewDate", "on or before the plan's start (rule 8841)")
                if cp.end is not None and d > cp.end:
                    ck.fail(rw, "CPPreviewDate", "after the plan ended")
                if d < first or d > latest:
                    ck.fail(rw, "CPPreviewDate", "outside the census year")
            if len(set(cp.reviews)) != len(cp.reviews):
                ck.fail(f"{cp.path}/Reviews", "CPPreviewDate", "two reviews on the same day")
            cp_plans.append((cp, cp.path))
    _no_overlap(
        ck,
        spans,
        "CINreferralDate",
        "must be after the previous episode closed: episodes may not overlap (8820, 8815)",
        strict=True,
    )
    _no_overlap(
        ck,
        [(p.start, p.end, w) for p, w in cin_plans if p.start],
        "CINPlanStartDate",
        "overlaps another child in need plan (rules 4014, 4004)",
    )
    _no_overlap(
        ck,
        [(p.start, p.end, w) for p, w in cp_plans if p.start],
        "CPPstartDate",
        "overlaps another child protection plan (rules 8940, 8935)",
    )
    for p, w in cin_plans:
        for cp, _ in cp_plans:
            if (
                p.start is not None
                and cp.start is not None
                and cp.start <= p.start
                and (cp.end is None or p.start < cp.end)
            ):
                ck.fail(
                    f"{w}/CINPlanStartDate",
                    "CINPlanStartDate",
                    "starts while a child protection plan is open (rules 4001, 4016)",
                )


def _inside(
    ck: _Checker,
    opened: date,
    closed: date | None,
    latest: date,
    where: str,
    field: str,
    d: date | None,
) -> None:
    ck.no_earlier(where, field, d, opened, "the referral date")
    ck.no_later(where, field, d, closed, "the episode's closure")
    ck.no_later(where, field, d, latest, "the reference date or today")


def _no_overlap(
    ck: _Checker,
    spans: Iterable[tuple[date, date | None, str]],
    field: str,
    message: str,
    strict: bool = False,
) -> None:
    ordered = sorted(spans, key=lambda s: s[0])
    for (_, end, _), (start, _, where) in pairwise(ordered):
        clash = end is None or (start <= end if strict else start < end)
        if clash and where.startswith("Child["):
            ck.fail(f"{where}/{field}", field, message)


# --- Import ---------------------------------------------------------------------------------


def _window(cy: CollectionYear) -> Q:
    return Q(referral_date__lte=cy.last) & (
        Q(closure_date__isnull=True) | Q(closure_date__gte=cy.first)
    )


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
        for p in Person.objects.filter(la_child_id__in=ids).only(
            "pk", "la_child_id", "kind", "given_name", "family_name"
        )
    }
    adults = frozenset(k for k, p in existing.items() if p.kind != Person.Kind.CHILD)
    kept: dict[str, list[tuple[date, date | None]]] = defaultdict(list)
    by_pk = {p.pk: k for k, p in existing.items()}
    for child_id, opened, closed in (
        Referral.objects.filter(child_id__in=list(by_pk))
        .exclude(_window(cy))
        .values_list("child_id", "referral_date", "closure_date")
    ):
        kept[by_pk[child_id]].append((opened, closed))
    problems += check_return(ret, file, Context(cy, day, dict(kept), adults))
    if problems:
        raise ReturnFileError(problems)
    kept_plans: dict[str, list[date]] = defaultdict(list)
    for child_id, started in (
        ChildProtectionPlan.objects.filter(child_id__in=list(by_pk))
        .exclude(referral__in=Referral.objects.filter(_window(cy)))
        .values_list("child_id", "started_on")
    ):
        kept_plans[by_pk[child_id]].append(started)
    elsewhere: dict[int, int] = {}
    warnings = _warnings(ret, file, kept_plans, elsewhere)
    with transaction.atomic():
        return _write(ret, cy, existing, day, warnings, elsewhere)


def _warnings(
    ret: CINReturn, file: str, kept_plans: dict[str, list[date]], elsewhere: dict[int, int]
) -> list[Problem]:
    """What the import keeps but Sightline will export differently: an InitialCPCtarget that
    is not 15 working days, and a NumberOfPreviousCPP below the earlier plans Sightline holds.
    A count above them is kept: ``elsewhere`` gets, for each plan row (by ``id``), the earlier
    plans Sightline has no record of."""
    out = []
    for c in ret.children:
        starts = sorted(
            [
                *kept_plans.get(c.la_child_id, []),
                *(p.start for e in c.episodes for p in e.cp_plans if p.start),
            ]
        )
        for e in c.episodes:
            for cp in e.cp_plans:
                known = sum(1 for d in starts if cp.start and d < cp.start)
                if cp.previous_plans is not None and cp.previous_plans >= known:
                    elsewhere[id(cp)] = cp.previous_plans - known
                elif cp.previous_plans != known:
                    out.append(
                        Problem(
                            file,
                            f"{cp.path}/NumberOfPreviousCPP",
                            "NumberOfPreviousCPP",
                            f"given {cp.previous_plans}; Sightline holds {known} earlier plans "
                            f"for this child and will export {known}",
                        )
                    )
            for s in e.section47s:
                if s.icpc_target and s.start and s.icpc_target != icpc_target(s.start):
                    out.append(
                        Problem(
                            file,
                            f"{s.path}/InitialCPCtarget",
                            "InitialCPCtarget",
                            f"given {s.icpc_target}; Sightline derives {icpc_target(s.start)} "
                            "(15 working days) and will export that",
                        )
                    )
    return out


class _Events:
    def __init__(self) -> None:
        self.items: list[tuple[int, date, int, Callable[..., DomainEvent], tuple[Any, ...]]] = []

    def add(self, child_id: int, on: date, build: Callable[..., DomainEvent], *args: Any) -> None:
        self.items.append((child_id, on, len(self.items), build, args))


def _replace_window(child_pks: list[int], cy: CollectionYear) -> int:
    """Remove the existing children's episodes in the year's window, with what hangs off them
    and their chronology entries; returns how many records the return does not carry
    (pre-proceedings, core group and child in need meetings) went with them."""
    referrals = list(
        Referral.objects.filter(child_id__in=child_pks)
        .filter(_window(cy))
        .values_list("pk", flat=True)
    )
    if not referrals:
        return 0
    models_in_order: list[Any] = [
        CoreGroupMeeting,
        ChildInNeedMeeting,
        ChildProtectionConference,
        Section47Enquiry,
        StrategyDiscussion,
        ChildProtectionPlan,
        ChildInNeedPlan,
        Assessment,
        PreProceedings,
        Referral,
    ]
    filters: dict[Any, Q] = {
        CoreGroupMeeting: Q(child_protection_plan__referral_id__in=referrals),
        ChildInNeedMeeting: Q(child_in_need_plan__referral_id__in=referrals),
        Referral: Q(pk__in=referrals),
    }
    lost = 0
    for model in models_in_order:
        rows = model.objects.filter(filters.get(model, Q(referral_id__in=referrals)))
        pks = list(rows.values_list("pk", flat=True))
        if not pks:
            continue
        if model in (CoreGroupMeeting, ChildInNeedMeeting, PreProceedings):
            lost += len(pks)
        ChronologyEntry.objects.filter(record_type=model._meta.label, record_id__in=pks).delete()
        model.objects.filter(pk__in=pks).delete()
    return lost


def _insert(model: Any, rows: list[Any]) -> None:
    """Insert new rows in bulk, each given the next primary key (as the database would) so
    that rows pointing at them can be built before the insert: the fast path the synthetic
    authority uses (synthetic/bulk.py), a few times quicker than ``bulk_create``."""
    if not rows:
        return
    top = model._default_manager.aggregate(top=Max("pk"))["top"] or 0
    for i, row in enumerate(rows, start=top + 1):
        row.pk = i
    insert_rows(model, [row_values(model, row) for row in rows])
    reset_sequences([model])


def _write(
    ret: CINReturn,
    cy: CollectionYear,
    existing: dict[str, Person],
    day: date,
    warnings: list[Problem],
    elsewhere: dict[int, int],
) -> ImportResult:
    ev = _Events()
    now = timezone.now()
    # People: update those known, create the rest.
    people: dict[str, Person] = {}
    new: list[Person] = []
    fields = [
        "upn",
        "former_upn",
        "upn_unknown",
        "birth_date",
        "expected_birth_date",
        "sex",
        "ethnicity",
        "death_date",
    ]
    for c in ret.children:
        p = existing.get(c.la_child_id) or Person(
            kind=Person.Kind.CHILD,
            la_child_id=c.la_child_id,
            given_name="",
            family_name=f"LA child ID {c.la_child_id}",
            created_at=now,
        )
        p.upn, p.former_upn, p.upn_unknown = c.upn, c.former_upn, c.upn_unknown
        p.birth_date, p.expected_birth_date = c.birth_date, c.expected_birth_date
        p.sex, p.ethnicity, p.death_date = c.sex, c.ethnicity, c.death_date
        people[c.la_child_id] = p
        if p.pk is None:
            new.append(p)
    updated = [people[k] for k in existing]
    if updated:
        Person.objects.bulk_update(updated, fields)
        lost = _replace_window([p.pk for p in updated], cy)
        if lost:
            warnings.append(
                Problem(
                    "",
                    "",
                    "",
                    f"{lost} pre-proceedings and meeting records on the replaced episodes "
                    "were removed: the CIN census does not carry them",
                )
            )
        PersonDisability.objects.filter(person_id__in=[p.pk for p in updated]).delete()
    _insert(Person, new)
    for p in new:
        ev.add(p.pk, day, people_events.person_registered, p, day)
    _insert(
        PersonDisability,
        [
            PersonDisability(person_id=people[c.la_child_id].pk, code=code)
            for c in ret.children
            for code in c.disabilities
        ],
    )

    # Episodes, then what hangs off them, each kind in one bulk insert.
    referrals: list[tuple[Referral, EpisodeRow]] = []
    for c in ret.children:
        child = people[c.la_child_id]
        for e in c.episodes:
            assert e.referral_date is not None
            referrals.append(
                (
                    Referral(
                        child_id=child.pk,
                        referral_date=e.referral_date,
                        source=e.source,
                        primary_need=e.primary_need,  # left out stays out
                        nfa=e.nfa,
                        closure_date=e.closure_date,
                        closure_reason=e.closure_reason,
                    ),
                    e,
                )
            )
    _insert(Referral, [r for r, _ in referrals])

    assessments: list[Assessment] = []
    discussions: list[tuple[StrategyDiscussion, Section47Row, Referral]] = []
    cp_plans: list[tuple[ChildProtectionPlan, CPPlanRow, Referral]] = []
    cin_plans: list[ChildInNeedPlan] = []
    for r, e in referrals:
        ev.add(r.child_id, r.referral_date, p_events.referral_opened, r)
        for a in e.assessments:
            assert a.start is not None
            assessments.append(
                Assessment(
                    child_id=r.child_id,
                    referral=r,
                    started_on=a.start,
                    internal_review_on=a.internal_review,
                    authorised_on=a.authorised,
                    factors=list(a.factors),
                )
            )
        for s in e.section47s:
            assert s.start is not None
            sd = StrategyDiscussion(
                child_id=r.child_id,
                referral=r,
                held_on=s.start,
                outcome=StrategyDiscussion.Outcome.SECTION_47,
                agencies=[],
            )
            discussions.append((sd, s, r))
        for cp in e.cp_plans:
            assert cp.start is not None
            cp_plans.append(
                (
                    ChildProtectionPlan(
                        child_id=r.child_id,
                        referral=r,
                        started_on=cp.start,
                        ended_on=cp.end,
                        initial_category=cp.initial_category,
                        latest_category=cp.latest_category,
                        previous_plans_elsewhere=elsewhere.get(id(cp), 0),
                    ),
                    cp,
                    r,
                )
            )
        for cin_row in e.cin_plans:
            assert cin_row.start is not None
            cin_plans.append(
                ChildInNeedPlan(
                    child_id=r.child_id,
                    referral=r,
                    started_on=cin_row.start,
                    ended_on=cin_row.end,
                )
            )
    _insert(Assessment, assessments)
    _insert(StrategyDiscussion, [sd for sd, _, _ in discussions])
    enquiries: list[tuple[Section47Enquiry, Section47Row, Referral]] = []
    for sd, s, r in discussions:
        completed = s.icpc or r.closure_date
        enquiries.append(
            (
                Section47Enquiry(
                    child_id=r.child_id,
                    referral=r,
                    strategy_discussion=sd,
                    started_on=sd.held_on,
                    completed_on=completed,
                    outcome=Section47Enquiry.Outcome.CONFERENCE if s.icpc else "",
                    icpc_not_required=s.icpc_not_required,
                ),
                s,
                r,
            )
        )
    _insert(Section47Enquiry, [q for q, _, _ in enquiries])
    _insert(ChildProtectionPlan, [plan for plan, _, _ in cp_plans])
    _insert(ChildInNeedPlan, cin_plans)

    # Conferences: the initial one of each enquiry that had one (making the plan that started
    # that day), a transfer-in one for CINdetails/DateOfInitialCPC, and each plan's reviews.
    plan_on: dict[tuple[int, date], ChildProtectionPlan] = {
        (r.pk, plan.started_on): plan for plan, _, r in cp_plans
    }
    conferences: list[ChildProtectionConference] = []
    for q, s, r in enquiries:
        if s.icpc is not None:
            made = plan_on.pop((r.pk, s.icpc), None)
            conferences.append(
                ChildProtectionConference(
                    child_id=r.child_id,
                    referral=r,
                    kind=K.INITIAL,
                    section47=q,
                    plan=made,
                    held_on=s.icpc,
                    outcome=Out.PLAN if made else Out.NO_PLAN,
                )
            )
    for r, e in referrals:
        if e.icpc is not None:
            made = plan_on.pop((r.pk, e.icpc), None)
            conferences.append(
                ChildProtectionConference(
                    child_id=r.child_id,
                    referral=r,
                    kind=K.TRANSFER_IN,
                    plan=made,
                    held_on=e.icpc,
                    outcome=Out.PLAN if made else Out.NO_PLAN,
                )
            )
    for plan, cp, r in cp_plans:
        for d in cp.reviews:
            conferences.append(
                ChildProtectionConference(
                    child_id=r.child_id,
                    referral=r,
                    kind=K.REVIEW,
                    plan=plan,
                    held_on=d,
                    outcome=Out.END if d == plan.ended_on else Out.CONTINUE,
                )
            )
    _insert(ChildProtectionConference, conferences)

    # The events the services would have emitted, each dated as they would date it.
    for asmt in assessments:
        ev.add(asmt.child_id, asmt.started_on, p_events.assessment_started, asmt)
        if asmt.authorised_on:
            ev.add(asmt.child_id, asmt.authorised_on, p_events.assessment_authorised, asmt)
    for sd, _, _ in discussions:
        ev.add(sd.child_id, sd.held_on, p_events.strategy_discussion_held, sd)
    for q, _, _ in enquiries:
        ev.add(q.child_id, q.started_on, p_events.section47_started, q)
    for conf in conferences:
        ev.add(conf.child_id, conf.held_on, p_events.conference_held, conf)
    for plan, _, _ in cp_plans:
        ev.add(plan.child_id, plan.started_on, p_events.cp_plan_started, plan)
    for cin in cin_plans:
        ev.add(cin.child_id, cin.started_on, p_events.cin_plan_started, cin)
    for q, _, _ in enquiries:
        if q.completed_on:
            ev.add(q.child_id, q.completed_on, p_events.section47_completed, q)
    for cin in cin_plans:
        if cin.ended_on:
            ev.add(cin.child_id, cin.ended_on, p_events.cin_plan_ended, cin)
    for plan, _, _ in cp_plans:
        if plan.ended_on:
            ev.add(plan.child_id, plan.ended_on, p_events.cp_plan_ended, plan)
    for r, _ in referrals:
        if r.closure_date:
            ev.add(r.child_id, r.closure_date, p_events.referral_closed, r)
    entries: list[dict[str, Any]] = []
    for _, _, _, build, args in sorted(ev.items, key=lambda x: x[:3]):
        values = entry_values(build(*args))
        if values is not None:
            entries.append(values)
    top = ChronologyEntry.objects.aggregate(top=Max("pk"))["top"] or 0
    insert_rows(ChronologyEntry, [{"id": top + i, **v} for i, v in enumerate(entries, start=1)])
    reset_sequences([ChronologyEntry])

    child_pks = [p.pk for p in people.values()]
    obligations = rebuild_for(child_pks, day)
    rows = {
        "people.Person": len(new),
        "people.PersonDisability": sum(len(c.disabilities) for c in ret.children),
        "protection.Referral": len(referrals),
        "protection.Assessment": len(assessments),
        "protection.StrategyDiscussion": len(discussions),
        "protection.Section47Enquiry": len(enquiries),
        "protection.ChildProtectionPlan": len(cp_plans),
        "protection.ChildProtectionConference": len(conferences),
        "protection.ChildInNeedPlan": len(cin_plans),
        "chronology.ChronologyEntry": len(entries),
        "timescales.Obligation": obligations,
    }
    return ImportResult(
        children_created=len(new), children_updated=len(updated), rows=rows, warnings=warnings
    )
