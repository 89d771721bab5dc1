"""Check a CIN census return before anything is written: Sightline's consistency rules (the
services' journey rules and the models' constraints) as pure functions over the whole return,
every problem with its element path; then what the import keeps but will export differently."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import partial
from itertools import pairwise

from django.conf import settings

from sightline.core import calendar
from sightline.core.codes import (
    CLOSED_AFTER_ASSESSMENT,
    ClosureReason,
)
from sightline.returns import fields
from sightline.returns.cin_xml import (
    ChildRow,
    CINPlanRow,
    CINReturn,
    CPPlanRow,
    EpisodeRow,
)
from sightline.returns.files import Problem
from sightline.returns.years import (
    CollectionYear,
)

ICPC_WORKING_DAYS = 15  # WT2023: the initial conference within 15 working days (DOMAIN.md 1.1)


def icpc_target(s47_start: date) -> date | None:
    """InitialCPCtarget: 15 working days after the strategy discussion (day 0)."""
    try:
        return calendar.add_working_days(s47_start, ICPC_WORKING_DAYS)
    except ValueError:  # outside the calendar's years
        return None


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


#: ``_inside`` bound to an episode: (path, field, date) -> None.
_Inside = Callable[[str, str, "date | None"], None]


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
        if e.referral_date is None:
            continue
        opened, closed = e.referral_date, e.closure_date
        spans.append((opened, closed, e.path))
        _check_episode(ck, c, e, first, latest)
        inside = partial(_inside, ck, opened, closed, latest)
        inside(e.path, "DateOfInitialCPC", e.icpc)
        ck.no_earlier(e.path, "DateOfInitialCPC", e.icpc, first, "the start of the census year")
        _check_assessments(ck, e, inside, first, latest)
        _check_section47s(ck, e, inside, first)
        _check_plans(ck, e, inside, first, latest, cin_plans, cp_plans)
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


def _check_episode(ck: _Checker, c: ChildRow, e: EpisodeRow, first: date, latest: date) -> None:
    """The episode's own dates, closure and no further action."""
    w = e.path
    opened, closed = e.referral_date, e.closure_date
    assert opened is not None
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


def _check_assessments(
    ck: _Checker,
    e: EpisodeRow,
    inside: _Inside,
    first: date,
    latest: date,
) -> None:
    opened, closed = e.referral_date, e.closure_date
    assert opened is not None
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
        ck.no_earlier(aw, "AssessmentInternalReviewDate", a.internal_review, a.start, "its start")
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


def _check_section47s(ck: _Checker, e: EpisodeRow, inside: _Inside, first: date) -> None:
    opened = e.referral_date
    assert opened is not None
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
        if s.start is not None and s.start < first and not (s.icpc is not None and s.icpc >= first):
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


def _check_plans(
    ck: _Checker,
    e: EpisodeRow,
    inside: _Inside,
    first: date,
    latest: date,
    cin_plans: list[tuple[CINPlanRow, str]],
    cp_plans: list[tuple[CPPlanRow, str]],
) -> None:
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


def warnings_for(
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
