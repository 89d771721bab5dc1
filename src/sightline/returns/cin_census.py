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
from sightline.people.names import name_keys
from sightline.protection import events as p_events
from sightline.protection.models import (
    Assessment,
    ChildInNeedPlan,
    ChildProtectionConference,
    ChildProtectionPlan,
    Referral,
    Section47Enquiry,
    StrategyDiscussion,
)
from sightline.returns import fields
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
        ck.fail(
            "Header/Source/LEA",
            "LEA",
            f"the return is LA {fields.shown(h.lea)}'s; Sightline is LA {la}'s",
        )
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
                    f"{fields.shown(c.la_child_id)} is also {seen[c.la_child_id]} (rule 8510)",
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
        conference: date | None = None  # the previous enquiry's initial conference
        for s in sorted(e.section47s, key=lambda s: s.start or opened):
            sw = s.path
            if s.start is not None and conference is not None and s.start < conference:
                ck.fail(
                    f"{sw}/S47ActualStartDate",
                    "S47ActualStartDate",
                    f"another section 47 enquiry on this episode was open until its initial "
                    f"conference on {conference} (rule 8890)",
                )
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
            conference = s.icpc
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
    for chunk in _chunked(sorted(by_pk)):
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

    def of(self, record: Any) -> None:
        """Every event the services emit for a record, each dated as they date it."""
        child = record.child_id
        if isinstance(record, Referral):
            self.add(child, record.referral_date, p_events.referral_opened, record)
            if record.closure_date:
                self.add(child, record.closure_date, p_events.referral_closed, record)
        elif isinstance(record, Assessment):
            self.add(child, record.started_on, p_events.assessment_started, record)
            if record.authorised_on:
                self.add(child, record.authorised_on, p_events.assessment_authorised, record)
        elif isinstance(record, StrategyDiscussion):
            self.add(child, record.held_on, p_events.strategy_discussion_held, record)
        elif isinstance(record, Section47Enquiry):
            self.add(child, record.started_on, p_events.section47_started, record)
            if record.completed_on:
                self.add(child, record.completed_on, p_events.section47_completed, record)
        elif isinstance(record, ChildProtectionConference):
            self.add(child, record.held_on, p_events.conference_held, record)
        elif isinstance(record, ChildProtectionPlan):
            self.add(child, record.started_on, p_events.cp_plan_started, record)
            if record.ended_on:
                self.add(child, record.ended_on, p_events.cp_plan_ended, record)
        elif isinstance(record, ChildInNeedPlan):
            self.add(child, record.started_on, p_events.cin_plan_started, record)
            if record.ended_on:
                self.add(child, record.ended_on, p_events.cin_plan_ended, record)


def _chunked(ids: list[int], size: int = 5_000) -> Iterable[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


@dataclass
class _Held:
    """What Sightline already holds for the return's existing children (set-based: one query
    per kind of record, in chunks of children), keyed as the return identifies each record."""

    referrals: dict[tuple[int, date], Referral]
    assessments: dict[tuple[int, date], list[Assessment]]
    enquiries: dict[tuple[int, date], Section47Enquiry]
    initial: dict[int, ChildProtectionConference]  # by section 47 enquiry
    transfer_in: set[tuple[int, date]]  # (referral, held on)
    reviews: set[tuple[int, date]]  # (plan, held on)
    linked_plans: set[int]  # plans an initial or transfer-in conference made
    cp_plans: dict[tuple[int, date], ChildProtectionPlan]
    cin_plans: dict[tuple[int, date], ChildInNeedPlan]
    disabilities: dict[int, dict[str, int]]  # person -> code -> row

    @classmethod
    def load(cls, child_pks: list[int]) -> _Held:
        held = cls({}, defaultdict(list), {}, {}, set(), set(), set(), {}, {}, defaultdict(dict))
        for chunk in _chunked(sorted(child_pks)):
            for r in Referral.objects.filter(child_id__in=chunk):
                held.referrals[(r.child_id, r.referral_date)] = r
            for a in Assessment.objects.filter(child_id__in=chunk).order_by("pk"):
                held.assessments[(a.referral_id, a.started_on)].append(a)
            for q in Section47Enquiry.objects.filter(child_id__in=chunk).order_by("pk"):
                held.enquiries.setdefault((q.referral_id, q.started_on), q)
            for c in ChildProtectionConference.objects.filter(child_id__in=chunk):
                if c.kind == K.INITIAL and c.section47_id is not None:
                    held.initial.setdefault(c.section47_id, c)
                elif c.kind == K.TRANSFER_IN:
                    held.transfer_in.add((c.referral_id, c.held_on))
                elif c.kind == K.REVIEW and c.plan_id is not None:
                    held.reviews.add((c.plan_id, c.held_on))
                if c.kind in (K.INITIAL, K.TRANSFER_IN) and c.plan_id is not None:
                    held.linked_plans.add(c.plan_id)
            for cp in ChildProtectionPlan.objects.filter(child_id__in=chunk).order_by("pk"):
                held.cp_plans.setdefault((cp.referral_id, cp.started_on), cp)
            for cin in ChildInNeedPlan.objects.filter(child_id__in=chunk).order_by("pk"):
                held.cin_plans.setdefault((cin.referral_id, cin.started_on), cin)
            for row, person_id, code in PersonDisability.objects.filter(
                person_id__in=chunk
            ).values_list("pk", "person_id", "code"):
                held.disabilities[person_id][code] = row
        return held


def _as_at(given: date | None, held: date | None, last: date) -> date | None:
    """A date the return leaves blank that Sightline holds after the reference date: the
    return shows the record as it stood on 31 March, so Sightline's later date stands."""
    if given is None and held is not None and held > last:
        return held
    return given


class _Changes:
    """Records the import updates: each model's changed fields, written with bulk_update, and
    their chronology entries rebuilt from the same events."""

    def __init__(self) -> None:
        self.records: dict[Any, dict[int, Any]] = defaultdict(dict)
        self.fields: dict[Any, set[str]] = defaultdict(set)

    def set(self, record: Any, **values: Any) -> None:
        changed = [k for k, v in values.items() if getattr(record, k) != v]
        for name in changed:
            setattr(record, name, values[name])
        if changed:
            self.records[type(record)][record.pk] = record
            self.fields[type(record)].update(changed)

    def write(self, ev: _Events) -> int:
        count = 0
        for model, records in self.records.items():
            rows = list(records.values())
            model.objects.bulk_update(rows, sorted(self.fields[model]), batch_size=2_000)
            for chunk in _chunked(sorted(records)):
                ChronologyEntry.objects.filter(
                    record_type=model._meta.label, record_id__in=chunk
                ).delete()
            for record in rows:
                ev.of(record)
            count += len(rows)
        return count


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


def _person_values(p: Person, c: ChildRow, last: date) -> dict[str, Any]:
    """The fields the return carries for an existing child, as at the reference date: a child
    Sightline holds as born after it (the return: unborn, expected then, sex U) keeps their
    birth date and sex; a born child's expected date (the return never carries it) and a
    death after the reference date stand."""
    values: dict[str, Any] = {
        "upn": c.upn,
        "former_upn": c.former_upn,
        "upn_unknown": c.upn_unknown,
        "birth_date": c.birth_date,
        "expected_birth_date": c.expected_birth_date,
        "sex": c.sex,
        "ethnicity": c.ethnicity,
        "death_date": _as_at(c.death_date, p.death_date, last),
    }
    born_later = p.birth_date is not None and p.birth_date > last
    if (
        c.birth_date is None
        and born_later
        and c.expected_birth_date
        in (
            p.expected_birth_date,
            p.birth_date,
        )
    ):
        values.update(birth_date=p.birth_date, expected_birth_date=p.expected_birth_date, sex=p.sex)
    elif c.birth_date is not None and c.expected_birth_date is None:
        values["expected_birth_date"] = p.expected_birth_date
    return values


def _write(
    ret: CINReturn,
    cy: CollectionYear,
    existing: dict[str, Person],
    day: date,
    warnings: list[Problem],
    elsewhere: dict[int, int],
) -> ImportResult:
    """Merge the return into the records: a record the return carries that Sightline holds
    (the same child and start date) is updated with the return's values; one it does not hold
    is added; nothing is removed (decision 0013): the records the return cannot carry
    (meetings, pre-proceedings, strategy discussions without an enquiry, history before the
    year) and those it leaves out stay as they are."""
    ev = _Events()
    changes = _Changes()
    now = timezone.now()
    last = cy.last
    held = _Held.load([p.pk for p in existing.values()])
    # People: update those known, create the rest.
    people: dict[str, Person] = {}
    new: list[Person] = []
    changed_people: list[Person] = []
    person_fields: set[str] = set()
    for c in ret.children:
        known = existing.get(c.la_child_id)
        if known is None:
            p = Person(
                kind=Person.Kind.CHILD,
                la_child_id=c.la_child_id,
                given_name="",
                family_name=f"LA child ID {c.la_child_id}",
                **name_keys("", f"LA child ID {c.la_child_id}"),
                created_at=now,
                upn=c.upn,
                former_upn=c.former_upn,
                upn_unknown=c.upn_unknown,
                birth_date=c.birth_date,
                expected_birth_date=c.expected_birth_date,
                sex=c.sex,
                ethnicity=c.ethnicity,
                death_date=c.death_date,
            )
            new.append(p)
        else:
            p = known
            values = _person_values(p, c, last)
            changed = [k for k, v in values.items() if getattr(p, k) != v]
            for k in changed:
                setattr(p, k, values[k])
            if changed:
                person_fields.update(changed)
                changed_people.append(p)
        people[c.la_child_id] = p
    if changed_people:
        Person.objects.bulk_update(changed_people, sorted(person_fields), batch_size=2_000)
    _insert(Person, new)
    for p in new:
        ev.add(p.pk, day, people_events.person_registered, p, day)
    gone: list[int] = []
    added: list[PersonDisability] = []
    for c in ret.children:
        pk = people[c.la_child_id].pk
        have, want = held.disabilities.get(pk, {}), set(c.disabilities)
        gone += [row for code, row in have.items() if code not in want]
        added += [PersonDisability(person_id=pk, code=code) for code in sorted(want - set(have))]
    for chunk in _chunked(gone):  # the return carries a child's disabilities: their list
        PersonDisability.objects.filter(pk__in=chunk).delete()
    _insert(PersonDisability, added)

    # Episodes: matched by child and referral date, or added.
    referrals: list[tuple[Referral, EpisodeRow]] = []
    new_referrals: list[Referral] = []
    for c in ret.children:
        child = people[c.la_child_id]
        for e in c.episodes:
            assert e.referral_date is not None
            r = held.referrals.get((child.pk, e.referral_date))
            closure = e.closure_date
            reason = e.closure_reason
            if r is None:
                r = Referral(child_id=child.pk, referral_date=e.referral_date)
                new_referrals.append(r)
            elif closure is None and r.closure_date is not None and r.closure_date > last:
                closure, reason = r.closure_date, r.closure_reason
            values = {
                "source": e.source,
                "primary_need": e.primary_need,  # left out stays out
                "nfa": e.nfa,
                "closure_date": closure,
                "closure_reason": reason,
            }
            if r.pk is None:
                for k, v in values.items():
                    setattr(r, k, v)
            else:
                changes.set(r, **values)
            referrals.append((r, e))
    _insert(Referral, new_referrals)

    assessments: list[Assessment] = []
    discussions: list[tuple[StrategyDiscussion, Section47Row, Referral]] = []
    matched_enquiries: list[tuple[Section47Enquiry, Section47Row, Referral]] = []
    cp_plans: list[tuple[ChildProtectionPlan, CPPlanRow, Referral]] = []
    cin_plans: list[ChildInNeedPlan] = []
    for r, e in referrals:
        for a in e.assessments:
            assert a.start is not None
            candidates = held.assessments.get((r.pk, a.start))
            if candidates:
                old = candidates.pop(0)
                authorised = _as_at(a.authorised, old.authorised_on, last)
                changes.set(
                    old,
                    internal_review_on=_as_at(a.internal_review, old.internal_review_on, last),
                    authorised_on=authorised,
                    factors=list(a.factors) if authorised == a.authorised else old.factors,
                )
                continue
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
            enquiry = held.enquiries.get((r.pk, s.start))
            if enquiry is not None:
                changes.set(enquiry, icpc_not_required=s.icpc_not_required)
                matched_enquiries.append((enquiry, s, r))
                continue
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
            plan = held.cp_plans.get((r.pk, cp.start))
            more = elsewhere.get(id(cp), 0)
            if plan is not None:
                changes.set(
                    plan,
                    ended_on=_as_at(cp.end, plan.ended_on, last),
                    initial_category=cp.initial_category,
                    latest_category=cp.latest_category,
                    previous_plans_elsewhere=more,
                )
            else:
                plan = ChildProtectionPlan(
                    child_id=r.child_id,
                    referral=r,
                    started_on=cp.start,
                    ended_on=cp.end,
                    initial_category=cp.initial_category,
                    latest_category=cp.latest_category,
                    previous_plans_elsewhere=more,
                )
            cp_plans.append((plan, cp, r))
        for cin_row in e.cin_plans:
            assert cin_row.start is not None
            cin_plan = held.cin_plans.get((r.pk, cin_row.start))
            if cin_plan is not None:
                changes.set(cin_plan, ended_on=_as_at(cin_row.end, cin_plan.ended_on, last))
                continue
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
    new_plans = [plan for plan, _, _ in cp_plans if plan.pk is None]
    _insert(ChildProtectionPlan, new_plans)
    _insert(ChildInNeedPlan, cin_plans)

    # Conferences: the initial one of each enquiry that had one (making the plan that started
    # that day), a transfer-in one for CINdetails/DateOfInitialCPC, and each plan's reviews;
    # those Sightline holds already are kept as they are.
    plan_on: dict[tuple[int, date], ChildProtectionPlan] = {
        (r.pk, plan.started_on): plan for plan, _, r in cp_plans if plan.pk not in held.linked_plans
    }
    conferences: list[ChildProtectionConference] = []
    for q, s, r in [*enquiries, *matched_enquiries]:
        if s.icpc is None:
            continue
        initial = held.initial.get(q.pk)
        if initial is not None:
            changes.set(initial, held_on=s.icpc)
            continue
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
        if q.completed_on is None:
            changes.set(q, completed_on=s.icpc, outcome=Section47Enquiry.Outcome.CONFERENCE)
    for r, e in referrals:
        if e.icpc is not None and (r.pk, e.icpc) not in held.transfer_in:
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
            if (plan.pk, d) in held.reviews:
                continue
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

    # The events the services would have emitted for every record added, and again for every
    # record updated (its chronology entries are rebuilt).
    for record in [
        *new_referrals,
        *assessments,
        *(sd for sd, _, _ in discussions),
        *(q for q, _, _ in enquiries),
        *conferences,
        *new_plans,
        *cin_plans,
    ]:
        ev.of(record)
    updated_records = changes.write(ev)
    entries: list[dict[str, Any]] = []
    for _, _, _, build, args in sorted(ev.items, key=lambda x: x[:3]):
        entry = entry_values(build(*args))
        if entry is not None:
            entries.append(entry)
    top = ChronologyEntry.objects.aggregate(top=Max("pk"))["top"] or 0
    insert_rows(ChronologyEntry, [{"id": top + i, **v} for i, v in enumerate(entries, start=1)])
    reset_sequences([ChronologyEntry])

    child_pks = [p.pk for p in people.values()]
    obligations = rebuild_for(child_pks, day)
    rows = {
        "people.Person": len(new),
        "people.PersonDisability": len(added),
        "protection.Referral": len(new_referrals),
        "protection.Assessment": len(assessments),
        "protection.StrategyDiscussion": len(discussions),
        "protection.Section47Enquiry": len(enquiries),
        "protection.ChildProtectionPlan": len(new_plans),
        "protection.ChildProtectionConference": len(conferences),
        "protection.ChildInNeedPlan": len(cin_plans),
        "records updated": updated_records,
        "chronology.ChronologyEntry": len(entries),
        "timescales.Obligation": obligations,
    }
    return ImportResult(
        children_created=len(new),
        children_updated=len(existing),
        rows=rows,
        warnings=warnings,
    )
