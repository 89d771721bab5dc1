"""The numerator and denominator of every KPI as set-based queries over the records.

Each measure takes a window and returns its ``Units`` for the whole authority: one query per
kind of record (never one per child); the catalogue narrows them to a scope. Where the returns
already define a population or a figure, the measure uses that code, not a copy of it:

* ``returns.cin_census.icpc_target`` (the initial conference's 15-working-day target);
* ``returns.ssda903._counted`` (a period of care that counts: not short breaks only);
* ``returns.ssda903._oc2`` (children looked after 12 months at 31 March, with their health
  checks and SDQ) and ``_oc3`` (care leavers by their birthday in the year, with IN_TOUCH,
  ACTIV and ACCOM), so the health and care-leaver figures are the return's by construction;
* ``timescales`` obligations for the timeliness of every rule of the timescale catalogue (the
  rows the timescales engine writes, read as ``timescales.queries.timeliness`` reads them).

Dates: an episode, plan or period open "at" a day started on or before it and ended after it
(a plan ended on 31 March is not open at 31 March; a period of care's end is the first day no
longer looked after, as ``leaving_care.eligibility.looked_after_on`` has it).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import polars as pl
from django.conf import settings
from django.db.models import Count as DbCount
from django.db.models import Exists, F, OuterRef, Q, QuerySet

from sightline.care.models import (
    MissingEpisode,
    PeriodOfCare,
    PersonalEducationPlan,
    Placement,
    UnaccompaniedStatus,
)
from sightline.care.social_worker_episodes import social_worker_episodes
from sightline.core import calendar
from sightline.core.calendar import add_months
from sightline.core.sql import id_in
from sightline.insight.units import Count, Units, units
from sightline.insight.windows import Scope, Window
from sightline.leaving_care.codes import EET, HomelessOutcome
from sightline.leaving_care.eligibility import birthday
from sightline.leaving_care.models import HomelessPresentation, StayingPut
from sightline.people.models import Person
from sightline.protection.models import (
    Assessment,
    ChildProtectionConference,
    ChildProtectionPlan,
    Referral,
    Section47Enquiry,
    StrategyDiscussion,
    Visit,
)
from sightline.returns.cin_census import icpc_target
from sightline.returns.ssda903 import _counted, _oc2, _oc3
from sightline.returns.years import CollectionYear
from sightline.timescales.catalogue import RULES, catalogue
from sightline.timescales.models import Obligation
from sightline.timescales.periods import Term, terms_between
from sightline.validation.postcodes import add_postcode_fields
from sightline.workforce.models import Allocation, current_on

MeasureFn = Callable[[Window], Units]

CHILD = Person.Kind.CHILD


def _open_at(day: date, start: str = "started_on", end: str = "ended_on") -> Q:
    return Q(**{f"{start}__lte": day}) & (Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gt": day}))


def _overlapping(window: Window, start: str = "started_on", end: str = "ended_on") -> Q:
    return Q(**{f"{start}__lte": window.last}) & (
        Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": window.first})
    )


def _within(window: Window, field: str) -> Q:
    return Q(**{f"{field}__gte": window.first, f"{field}__lte": window.last})


def _births(ids: Iterable[int]) -> dict[int, date | None]:
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    return dict(Person.objects.filter(id_in(wanted)).values_list("pk", "birth_date"))


def _aged(born: date | None, day: date, youngest: int, oldest: int) -> bool:
    """Aged ``youngest`` to ``oldest`` inclusive on ``day``."""
    if born is None:
        return False
    return birthday(born, youngest) <= day < birthday(born, oldest + 1)


# --- Help and protection (CIN census) -------------------------------------------------------


def referrals(window: Window) -> Units:
    """Referrals received in the window (NFA referrals included, as the census counts them)."""
    found = Referral.objects.filter(_within(window, "referral_date"), child__kind=CHILD)
    return Units(numerator=tuple(found.order_by("id").values_list("child_id", flat=True)))


def re_referrals(window: Window) -> Units:
    """Referrals in the window (denominator) made within 12 months of a previous referral of
    the same child (numerator). "Within 12 months": the previous referral was on or after the
    same date a year earlier, so a referral exactly 12 months after another is a re-referral."""
    in_window = Referral.objects.filter(_within(window, "referral_date"), child__kind=CHILD)
    earlier: dict[int, list[date]] = defaultdict(list)
    for child_id, referred in Referral.objects.filter(
        child_id__in=in_window.values("child_id"),
        referral_date__gte=add_months(window.first, -12),
        referral_date__lte=window.last,
    ).values_list("child_id", "referral_date"):
        earlier[child_id].append(referred)
    rows = []
    for child_id, referred in in_window.order_by("id").values_list("child_id", "referral_date"):
        since = add_months(referred, -12)
        rows.append((child_id, any(since <= d < referred for d in earlier[child_id])))
    return units(rows)


def re_referrals_count(window: Window) -> Count:
    """``re_referrals``' counts: the referrals in the window counted in the database, and the
    re-referrals among them found from the referrals of the children referred more than once
    since 12 months before the window (most children are referred once: their rows are never
    read)."""
    in_window = Referral.objects.filter(_within(window, "referral_date"), child__kind=CHILD)
    since = add_months(window.first, -12)
    span = Q(referral_date__gte=since, referral_date__lte=window.last)
    twice = (
        Referral.objects.filter(span)
        .values("child_id")
        .annotate(n=DbCount("id"))
        .filter(n__gt=1)
        .values("child_id")
    )
    earlier: dict[int, list[date]] = defaultdict(list)
    for child_id, referred in (
        Referral.objects.filter(span, child_id__in=twice, child__kind=CHILD)
        .order_by("child_id", "referral_date")
        .values_list("child_id", "referral_date")
    ):
        earlier[child_id].append(referred)
    again = 0
    for dates in earlier.values():
        for referred in dates:
            if window.first <= referred and any(
                add_months(referred, -12) <= d < referred for d in dates
            ):
                again += 1
    return Count(numerator=again, denominator=in_window.count())


def _working_days(start: date, end: date) -> int | None:
    try:
        return calendar.working_days_between(start, end)
    except ValueError:  # outside the working-day calendar's years
        return None


ASSESSMENT_WORKING_DAYS = 45


def _assessments(window: Window) -> list[tuple[int, date, date, date]]:
    """The assessments authorised in the window: (child, referral date, start, authorisation),
    read once per window for both readings of the 45 working days."""
    return _memo(
        "assessments",
        window,
        lambda: list(
            Assessment.objects.filter(_within(window, "authorised_on"), child__kind=CHILD)
            .order_by("id")
            .values_list("child_id", "referral__referral_date", "started_on", "authorised_on")
        ),
    )


def _in_45_working_days(start: date, done: date | None) -> bool:
    days = None if done is None else _working_days(start, done)
    return days is not None and days <= ASSESSMENT_WORKING_DAYS


def assessments_from_referral(window: Window) -> Units:
    """Assessments completed (authorised) in the window; numerator: within 45 working days of
    the referral (the CIN census / LAIT 304 definition, and the timescale rule ASSESSMENT)."""
    return units(
        (child, _in_45_working_days(referred, done))
        for child, referred, _started, done in _assessments(window)
    )


def assessments_from_start(window: Window) -> Units:
    """As ``assessments_from_referral`` but counted from the assessment's start (ChAT-style
    Annex A tools: start to authorisation)."""
    return units(
        (child, _in_45_working_days(started, done))
        for child, _referred, started, done in _assessments(window)
    )


def _assessment_factors(window: Window) -> list[tuple[int, int, frozenset[str]]]:
    """The assessments authorised in the window: (referral, child, the factors recorded at
    their end), read once per window for every factor's KPI."""
    return _memo(
        "assessment factors",
        window,
        lambda: [
            (referral_id, child_id, frozenset(factors or ()))
            for referral_id, child_id, factors in Assessment.objects.filter(
                _within(window, "authorised_on"), child__kind=CHILD
            )
            .order_by("referral_id", "id")
            .values_list("referral_id", "child_id", "factors")
        ],
    )


def factor_identified(code: str) -> MeasureFn:
    def measure(window: Window) -> Units:
        """Episodes of need (referrals) with an assessment authorised in the window that
        identified the factor (the CIN census's AssessmentFactors): each episode once."""
        episodes = {
            referral_id: child_id
            for referral_id, child_id, factors in _assessment_factors(window)
            if code in factors
        }
        return Units(numerator=tuple(episodes[r] for r in sorted(episodes)))

    return measure


def section47s(window: Window) -> Units:
    """Section 47 enquiries started (strategy discussion) in the window."""
    found = Section47Enquiry.objects.filter(_within(window, "started_on"), child__kind=CHILD)
    return Units(numerator=tuple(found.order_by("id").values_list("child_id", flat=True)))


def strategies_to_section47s(window: Window) -> Units:
    """Strategy discussions held in the window; numerator: those that decided to start a
    section 47 enquiry (each discussion once, a child as often as discussed)."""
    rows = list(
        StrategyDiscussion.objects.filter(_within(window, "held_on"), child__kind=CHILD)
        .annotate(enquiry=Q(outcome=StrategyDiscussion.Outcome.SECTION_47))
        .order_by("id")
        .values_list("child_id", "enquiry")
    )
    return units(rows)


def icpcs_in_time(window: Window) -> Units:
    """Initial conferences held in the window after a section 47 enquiry (the first for each
    enquiry); numerator: held by the census's InitialCPCtarget, 15 working days after the
    strategy discussion (``returns.cin_census.icpc_target``)."""
    first: dict[int, tuple[int, date, date]] = {}
    for s47_id, child_id, held, started in (
        ChildProtectionConference.objects.filter(
            kind=ChildProtectionConference.Kind.INITIAL,
            section47__isnull=False,
            child__kind=CHILD,
            held_on__lte=window.last,
        )
        .order_by("held_on", "id")
        .values_list("section47_id", "child_id", "held_on", "section47__started_on")
    ):
        first.setdefault(s47_id, (child_id, held, started))
    rows = []
    for s47_id in sorted(first):
        child_id, held, started = first[s47_id]
        if held < window.first:
            continue
        target = icpc_target(started)
        rows.append((child_id, target is not None and held <= target))
    return units(rows)


def section47s_to_icpc(window: Window) -> Units:
    """Section 47 enquiries started in the window; numerator: those followed by an initial
    child protection conference held by the window's last day (the census's DateOfInitialCPC
    of the enquiry)."""
    held = ChildProtectionConference.objects.filter(
        section47=OuterRef("pk"),
        kind=ChildProtectionConference.Kind.INITIAL,
        held_on__lte=window.last,
    )
    rows = list(
        Section47Enquiry.objects.filter(_within(window, "started_on"), child__kind=CHILD)
        .annotate(conference=Exists(held))
        .order_by("id")
        .values_list("child_id", "conference")
    )
    return units(rows)


def children_in_need_at(window: Window) -> Units:
    """Children with a child in need episode (a referral) open at the window's last day."""
    found = Referral.objects.filter(
        _open_at(window.last, "referral_date", "closure_date"), child__kind=CHILD
    )
    return Units(numerator=tuple(sorted(set(found.values_list("child_id", flat=True)))))


def _children_count(found: QuerySet[Any]) -> Count:
    """How many different children, counted in the database."""
    return Count(found.aggregate(n=DbCount("child_id", distinct=True))["n"])


def children_in_need_at_count(window: Window) -> Count:
    return _children_count(
        Referral.objects.filter(
            _open_at(window.last, "referral_date", "closure_date"), child__kind=CHILD
        )
    )


def protection_plans_at_count(window: Window) -> Count:
    return _children_count(
        ChildProtectionPlan.objects.filter(_open_at(window.last), child__kind=CHILD)
    )


def section47s_count(window: Window) -> Count:
    return Count(
        Section47Enquiry.objects.filter(_within(window, "started_on"), child__kind=CHILD).count()
    )


def protection_plans_at(window: Window) -> Units:
    """Children on a child protection plan at the window's last day."""
    found = ChildProtectionPlan.objects.filter(_open_at(window.last), child__kind=CHILD)
    return Units(numerator=tuple(sorted(set(found.values_list("child_id", flat=True)))))


def second_plans(window: Window) -> Units:
    """Plans started in the window; numerator: the child's second or subsequent plan, however
    long ago the earlier one (DfE dashboard / LAIT 15; the census's NumberOfPreviousCPP: plans
    Sightline holds that started earlier, plus those recorded as held elsewhere)."""
    starting = ChildProtectionPlan.objects.filter(_within(window, "started_on"), child__kind=CHILD)
    starts: dict[int, list[date]] = defaultdict(list)
    for child_id, started in ChildProtectionPlan.objects.filter(
        child_id__in=starting.values("child_id"), started_on__lte=window.last
    ).values_list("child_id", "started_on"):
        starts[child_id].append(started)
    rows = []
    for child_id, started, elsewhere in starting.order_by("id").values_list(
        "child_id", "started_on", "previous_plans_elsewhere"
    ):
        rows.append((child_id, elsewhere > 0 or any(d < started for d in starts[child_id])))
    return units(rows)


def plans_ceased_two_years(window: Window) -> Units:
    """Plans ended in the window; numerator: lasted two years or more (ended on or after the
    second anniversary of the start): LAIT 98, "at cessation"."""
    rows = [
        (child_id, ended is not None and ended >= add_months(started, 24))
        for child_id, started, ended in ChildProtectionPlan.objects.filter(
            _within(window, "ended_on"), child__kind=CHILD
        )
        .order_by("id")
        .values_list("child_id", "started_on", "ended_on")
    ]
    return units(rows)


def plans_open_two_years(window: Window) -> Units:
    """Plans open at the window's last day; numerator: open two years or more by then (the
    DfE dashboard's "longer than 2 years", CPPs at 31 March by duration)."""
    day = window.last
    rows = [
        (child_id, started <= add_months(day, -24))
        for child_id, started in ChildProtectionPlan.objects.filter(
            _open_at(day), child__kind=CHILD
        )
        .order_by("id")
        .values_list("child_id", "started_on")
    ]
    return units(rows)


STATUTORY_VISITS = (
    Visit.Purpose.CHILD_PROTECTION,
    Visit.Purpose.CHILD_IN_NEED,
    Visit.Purpose.LOOKED_AFTER,
)


def _statutory_visits(window: Window) -> QuerySet[Visit]:
    return Visit.objects.filter(
        _within(window, "visited_on"),
        purpose__in=STATUTORY_VISITS,
        child_seen=True,
        struck_out=False,
        child__kind=CHILD,
    )


def visits_seen_alone(window: Window) -> Units:
    """Statutory visits (child protection, child in need, looked after) in the window at which
    the child was seen, not struck out; numerator: seen alone (Annex A list 7)."""
    rows = list(_statutory_visits(window).order_by("id").values_list("child_id", "seen_alone"))
    return units(rows)


def visits_seen_alone_count(window: Window) -> Count:
    """``visits_seen_alone``'s counts in one aggregate (the visits are many: no rows fetched)."""
    found = _statutory_visits(window).aggregate(
        seen=DbCount("id"), alone=DbCount("id", filter=Q(seen_alone=True))
    )
    return Count(numerator=found["alone"], denominator=found["seen"])


def referrals_count(window: Window) -> Count:
    return Count(
        Referral.objects.filter(_within(window, "referral_date"), child__kind=CHILD).count()
    )


# --- Children in care (SSDA903) -------------------------------------------------------------


def _looked_after_at(day: date) -> list[int]:
    """The children looked after on ``day`` (read once per day within ``shared_cohorts``)."""
    return _memo(
        "looked after",
        Window(day, day),
        lambda: sorted(
            set(
                PeriodOfCare.objects.filter(_counted(), _open_at(day)).values_list(
                    "child_id", flat=True
                )
            )
        ),
    )


def looked_after_at(window: Window) -> Units:
    """Children looked after at the window's last day (short breaks only not counted)."""
    return Units(numerator=tuple(sorted(set(_looked_after_at(window.last)))))


def looked_after_at_count(window: Window) -> Count:
    return _children_count(PeriodOfCare.objects.filter(_counted(), _open_at(window.last)))


def started_care_count(window: Window) -> Count:
    return _children_count(PeriodOfCare.objects.filter(_counted(), _within(window, "started_on")))


def started_care(window: Window) -> Units:
    """Children who started to be looked after in the window (each child once)."""
    found = PeriodOfCare.objects.filter(_counted(), _within(window, "started_on"))
    return Units(numerator=tuple(sorted(set(found.values_list("child_id", flat=True)))))


def uasc_at(window: Window) -> Units:
    """Unaccompanied asylum-seeking children looked after at the window's last day."""
    day = window.last
    uasc = set(
        UnaccompaniedStatus.objects.filter(_open_at(day, "recorded_on", "ceased_on")).values_list(
            "child_id", flat=True
        )
    )
    return Units(numerator=tuple(sorted(uasc & set(_looked_after_at(day)))))


def _unaccompanied_during(window: Window, child: str = "child_id") -> Exists:
    """The child was unaccompanied asylum-seeking at some time in the window (the SSDA903's
    UASC rows: the file has no start date of the status, only the day it ceased)."""
    return Exists(
        UnaccompaniedStatus.objects.filter(
            _overlapping(window, "recorded_on", "ceased_on"), child_id=OuterRef(child)
        )
    )


def uasc_started_care(window: Window) -> Units:
    """Children who started to be looked after in the window (each child once; short breaks
    only not counted) and were unaccompanied asylum-seeking children in it."""
    found = PeriodOfCare.objects.filter(
        _counted(), _within(window, "started_on"), _unaccompanied_during(window)
    )
    return Units(numerator=tuple(sorted(set(found.values_list("child_id", flat=True)))))


SGO = frozenset({"E45", "E46", "E47", "E48"})
CAO = frozenset({"E41"})


def _ceased(window: Window, reasons: frozenset[str]) -> Units:
    """Children who ceased to be looked after in the window (their last period to end in it);
    numerator: for one of ``reasons``."""
    last: dict[int, tuple[date | None, str]] = {}
    for child_id, ended, reason in (
        PeriodOfCare.objects.filter(_counted(), _within(window, "ended_on"))
        .order_by("ended_on", "id")
        .values_list("child_id", "ended_on", "reason_ceased")
    ):
        last[child_id] = (ended, reason)
    return units((child, reason in reasons) for child, (_, reason) in sorted(last.items()))


def ceased_sgo(window: Window) -> Units:
    return _ceased(window, SGO)


def ceased_cao(window: Window) -> Units:
    return _ceased(window, CAO)


def three_placements(window: Window) -> Units:
    """Children looked after at the window's last day; numerator: three or more placements
    during the window (every placement that overlaps it, counted once)."""
    cla = sorted(set(_looked_after_at(window.last)))
    counts = dict(
        Placement.objects.filter(id_in(cla, "child_id"), _overlapping(window))
        .values("child_id")
        .annotate(n=DbCount("id"))
        .values_list("child_id", "n")
    )
    return units((child, counts.get(child, 0) >= 3) for child in cla)


def long_term_stability(window: Window) -> Units:
    """Children under 16 at the window's last day, looked after for two and a half years or
    more by then; numerator: in the same placement for at least two years (LAIT 393)."""
    day = window.last
    long_stay = PeriodOfCare.objects.filter(
        _counted(), _open_at(day), started_on__lte=add_months(day, -30)
    ).values_list("child_id", flat=True)
    births = _births(long_stay)
    under_16 = sorted(c for c, born in births.items() if born and born > birthday(day, -16))
    stable = set(
        Placement.objects.filter(
            id_in(under_16, "child_id"), _open_at(day), started_on__lte=add_months(day, -24)
        ).values_list("child_id", flat=True)
    )
    return units((child, child in stable) for child in under_16)


FOSTER = frozenset({"U1", "U2", "U3", "U4", "U5", "U6"})
HOMES = frozenset({"K1", "K2"})  # secure children's homes and children's homes
SUPPORTED = frozenset({"K3", "H5", "P2"})  # supported accommodation (H5, P2 before 2025-26)


def _placed(window: Window, places: frozenset[str]) -> Units:
    """Children looked after at the window's last day; numerator: placed in one of ``places``."""
    day = window.last
    cla = sorted(set(_looked_after_at(day)))
    current = dict(
        Placement.objects.filter(id_in(cla, "child_id"), _open_at(day))
        .order_by("started_on", "id")
        .values_list("child_id", "place")
    )
    return units((child, current.get(child, "") in places) for child in cla)


def in_foster_care(window: Window) -> Units:
    return _placed(window, FOSTER)


def in_childrens_homes(window: Window) -> Units:
    return _placed(window, HOMES)


def in_supported_accommodation(window: Window) -> Units:
    return _placed(window, SUPPORTED)


FAR_MILES = 20.0


def _placement_distances(window: Window) -> list[tuple[int, float, str | None]]:
    """The children looked after at the window's last day whose distance from home can be
    worked out: (child, miles, ``IN`` or ``OUT`` of the authority). The distance is the one the
    SSDA903 validator derives (``validation.postcodes.add_postcode_fields``): the straight line
    between the grid references the ONS postcode directory gives the period's home postcode
    (HOME_POST) and the current placement's (PL_POST), in miles to 0.1. Left out: a child
    unaccompanied asylum-seeking in the window (the return has no distance for them: rule 406)
    and one whose postcodes are blank or not in the directory (no distance is guessed)."""

    def read() -> list[tuple[int, float, str | None]]:
        day = window.last
        cla = sorted(set(_looked_after_at(day)))
        current: dict[int, tuple[str, str]] = {}
        for child_id, home, placed in (
            Placement.objects.filter(id_in(cla, "child_id"), _open_at(day))
            .exclude(_unaccompanied_during(window))
            .order_by("started_on", "id")
            .values_list("child_id", "period__home_postcode", "postcode")
        ):
            current[child_id] = (home, placed)  # the latest placement open on the day
        if not current:
            return []
        children = sorted(current)
        derived = add_postcode_fields(
            pl.DataFrame(
                {
                    "HOME_POST": [current[c][0] or None for c in children],
                    "PL_POST": [current[c][1] or None for c in children],
                },
                schema={"HOME_POST": pl.String, "PL_POST": pl.String},
            ),
            str(settings.AUTHORITY["ons_code"]),
        )
        return [
            (child, miles, where)
            for child, miles, where in zip(
                children,
                derived.get_column("PL_DISTANCE").to_list(),
                derived.get_column("PL_LOCATION").to_list(),
                strict=True,
            )
            if miles is not None
        ]

    return _memo("placement distances", window, read)


def placed_far(window: Window) -> Units:
    """Children looked after at the window's last day whose distance from home can be worked
    out; numerator: placed more than 20 miles from home (the DfE dashboard)."""
    return units((child, miles > FAR_MILES) for child, miles, _ in _placement_distances(window))


def placed_far_outside(window: Window) -> Units:
    """As ``placed_far``; numerator: placed outside the authority's boundary and more than 20
    miles from home (LAIT 87)."""
    return units(
        (child, miles > FAR_MILES and where == "OUT")
        for child, miles, where in _placement_distances(window)
    )


def _term_at(day: date, starts: tuple[tuple[int, int], ...]) -> Term:
    return terms_between(day, day, starts)[0]


def peps_in_date(window: Window) -> Units:
    """Children looked after at the window's last day, of the ages a personal education plan
    is reviewed termly for (the timescale catalogue's PEP ages: 3 to 17), in their current
    period of care since before the term in progress began; numerator: their PEP reviewed in
    that period in the term in progress or the term before it (the termly review not overdue).
    A child who came into care during the term in progress has a review due at its end, not
    yet late: they are not counted until the next term."""
    day = window.last
    cat = catalogue()
    term = _term_at(day, cat.term_starts)
    previous = _term_at(term.starts_on - timedelta(days=1), cat.term_starts)
    started: dict[int, date] = {}
    low, high = cat.pep_ages  # from, to (exclusive)
    for child_id, since, born in PeriodOfCare.objects.filter(
        _counted(), _open_at(day), started_on__lt=term.starts_on
    ).values_list("child_id", "started_on", "child__birth_date"):
        if _aged(born, day, low, high - 1):
            started[child_id] = since
    eligible = sorted(started)
    reviewed = {
        child_id
        for child_id, on in PersonalEducationPlan.objects.filter(
            id_in(eligible, "child_id"), reviewed_on__gte=previous.starts_on, reviewed_on__lte=day
        ).values_list("child_id", "reviewed_on")
        if on >= started[child_id]
    }
    return units((child, child in reviewed) for child in eligible)


def missing(window: Window) -> Units:
    """Children looked after at any time in the window; numerator: missing (whereabouts
    unknown) at least once in it (LAIT 161)."""
    looked_after = sorted(
        set(
            PeriodOfCare.objects.filter(_counted(), _overlapping(window)).values_list(
                "child_id", flat=True
            )
        )
    )
    went_missing = set(
        MissingEpisode.objects.filter(
            id_in(looked_after, "child_id"),
            kind="M",
            started_at__date__gte=window.first,
            started_at__date__lte=window.last,
        ).values_list("child_id", flat=True)
    )
    return units((child, child in went_missing) for child in looked_after)


def return_interviews_offered(window: Window) -> Units:
    """Missing episodes that ended in the window; numerator: a return interview was offered
    (Annex A list 8)."""
    rows = list(
        MissingEpisode.objects.filter(
            kind="M", ended_at__date__gte=window.first, ended_at__date__lte=window.last
        )
        .order_by("id")
        .values_list("child_id", "return_interview_offered")
    )
    return units(rows)


_MEMO: ContextVar[dict[tuple[str, Window], Any] | None] = ContextVar("insight_memo", default=None)


@contextmanager
def shared_cohorts() -> Iterator[None]:
    """Within the block, the SSDA903 cohorts (OC2, OC3) are read once per window, however many
    KPIs read them (the dashboard's health and care-leaver figures)."""
    token = _MEMO.set({})
    try:
        yield
    finally:
        _MEMO.reset(token)


def _memo(name: str, window: Window, read: Callable[[], Any]) -> Any:
    memo = _MEMO.get()
    if memo is None:
        return read()
    key = (name, window)
    if key not in memo:
        memo[key] = read()
    return memo[key]


def _oc2_rows(window: Window) -> dict[int, dict[str, str]]:
    return _memo("oc2", window, lambda: _oc2(_Span(window)))


def _oc3_rows(window: Window) -> dict[int, dict[str, str]]:
    return _memo("oc3", window, lambda: _oc3(_Span(window)))


class _Span(CollectionYear):
    """A window as the SSDA903 code's collection year: its first and last days."""

    def __init__(self, window: Window) -> None:
        super().__init__(window.last.year)
        object.__setattr__(self, "_window", window)

    @property
    def first(self) -> date:
        return self._window.first  # type: ignore[attr-defined]

    @property
    def last(self) -> date:
        return self._window.last  # type: ignore[attr-defined]


def _oc2_flag(column: str) -> MeasureFn:
    def measure(window: Window) -> Units:
        """Children looked after continuously for 12 months at the window's last day (the
        SSDA903 OC2 cohort); numerator: the return's ``column`` is 1."""
        rows = _oc2_rows(window)
        return units((child, rows[child][column] == "1") for child in sorted(rows))

    return measure


health_assessments = _oc2_flag("HEALTH_ASSESSMENT")
dental_checks = _oc2_flag("TEETH_CHECK")
immunisations = _oc2_flag("IMMUNISATIONS")


def sdq_scores(window: Window) -> Units:
    """Children in the OC2 cohort aged 5 to 16 at the window's last day with an SDQ score;
    the figure is the mean score (DfE dashboard, LAIT 162)."""
    rows = _oc2_rows(window)
    births = _births(rows)
    scored = [
        (child, int(rows[child]["SDQ_SCORE"]))
        for child in sorted(rows)
        if rows[child]["SDQ_SCORE"] and _aged(births.get(child), window.last, 5, 16)
    ]
    return Units(
        numerator=tuple(c for c, _ in scored),
        denominator=tuple(c for c, _ in scored),
        values=tuple(float(s) for _, s in scored),
    )


def _leavers(window: Window, youngest: int, oldest: int) -> list[tuple[int, dict[str, str]]]:
    """The SSDA903 OC3 rows of care leavers whose birthday in the window was their
    ``youngest``th to ``oldest``th."""
    rows = _oc3_rows(window)
    births = _births(rows)
    found = []
    for child in sorted(rows):
        born = births.get(child)
        if born is None:
            continue
        ages = [a for a in range(17, 26) if window.first <= birthday(born, a) <= window.last]
        if ages and youngest <= ages[0] <= oldest:
            found.append((child, rows[child]))
    return found


def _oc3_measure(youngest: int, oldest: int, hit: Callable[[dict[str, str]], bool]) -> MeasureFn:
    def measure(window: Window) -> Units:
        """Care leavers (SSDA903 OC3) whose birthday in the window was in the age band,
        including those whose activity or accommodation is not known."""
        return units((child, hit(row)) for child, row in _leavers(window, youngest, oldest))

    return measure


def _eet(row: dict[str, str]) -> bool:
    return row["ACTIV"] in EET


def _suitable(row: dict[str, str]) -> bool:
    return row["ACCOM"] != "0" and row["ACCOM"].endswith("1")


def _in_touch(row: dict[str, str]) -> bool:
    return row["IN_TOUCH"] == "YES"


def _not_in_touch(row: dict[str, str]) -> bool:
    return row["IN_TOUCH"] == "NO"


leavers_eet_17_18 = _oc3_measure(17, 18, _eet)
leavers_eet_19_21 = _oc3_measure(19, 21, _eet)
leavers_suitable_17_18 = _oc3_measure(17, 18, _suitable)
leavers_suitable_19_21 = _oc3_measure(19, 21, _suitable)
leavers_in_touch_17_18 = _oc3_measure(17, 18, _in_touch)
leavers_in_touch_19_21 = _oc3_measure(19, 21, _in_touch)
leavers_not_in_touch_19_21 = _oc3_measure(19, 21, _not_in_touch)


def staying_put(window: Window) -> Units:
    """Young people who turned 18 in the window while looked after in foster care (their care
    ending on the birthday); numerator: a staying put arrangement with their former foster
    carers began on or after the birthday, by the window's last day (LAIT 354)."""
    ended = list(
        PeriodOfCare.objects.filter(_counted(), _within(window, "ended_on")).values_list(
            "child_id", "ended_on"
        )
    )
    births = _births(c for c, _ in ended)
    at_18 = {
        child: day
        for child, day in ended
        if births.get(child) is not None and birthday(births[child], 18) == day  # type: ignore[arg-type]
    }
    fostered = set(
        Placement.objects.filter(
            id_in(sorted(at_18), "child_id"), place__in=sorted(FOSTER), ended_on__isnull=False
        )
        .filter(ended_on__in=sorted(set(at_18.values())))
        .values_list("child_id", "ended_on")
    )
    eligible = sorted(c for c, day in at_18.items() if (c, day) in fostered)
    stayed = set()
    for child, started in StayingPut.objects.filter(
        id_in(eligible, "child_id"), started_on__lte=window.last
    ).values_list("child_id", "started_on"):
        if started >= at_18[child]:
            stayed.add(child)
    return units((child, child in stayed) for child in eligible)


def homeless_accommodated(window: Window) -> Units:
    """Homeless 16/17-year-olds whose joint assessment's outcome was decided in the window;
    numerator: accommodated under section 20 (looked after)."""
    rows = [
        (child_id, outcome == HomelessOutcome.ACCOMMODATED_S20)
        for child_id, outcome in HomelessPresentation.objects.filter(_within(window, "outcome_on"))
        .exclude(outcome="")
        .order_by("id")
        .values_list("child_id", "outcome")
    ]
    return units(rows)


# --- Workforce ------------------------------------------------------------------------------


def caseloads(window: Window) -> Units:
    """Children allocated to a social worker at the window's last day, per social worker
    holding at least one (cases per case-holding worker: headcount, not the CSWW's FTE)."""
    rows = list(
        Allocation.objects.filter(current_on(window.last), kind=Allocation.Kind.SOCIAL_WORKER)
        .order_by("child_id")
        .values_list("child_id", "worker_id")
    )
    return Units(numerator=tuple(c for c, _ in rows), divisor=len({w for _, w in rows}))


def caseloads_count(window: Window) -> Count:
    found = Allocation.objects.filter(
        current_on(window.last), kind=Allocation.Kind.SOCIAL_WORKER
    ).aggregate(n=DbCount("id"), workers=DbCount("worker_id", distinct=True))
    return Count(numerator=found["n"], divisor=found["workers"])


def same_worker_six_months_count(window: Window) -> Count:
    day = window.last
    current = Allocation.objects.filter(current_on(day), kind=Allocation.Kind.SOCIAL_WORKER)
    found = current.aggregate(
        n=DbCount("id"), same=DbCount("id", filter=Q(started_on__lte=add_months(day, -6)))
    )
    return Count(numerator=found["same"], denominator=found["n"])


def three_social_workers(window: Window) -> Units:
    """Children looked after at the window's last day; numerator: three or more different
    social workers in the window, each counted once: the SSDA903 social worker episodes
    (``care.social_worker_episodes``, the return's SW_ID), as the DfE dashboard counts them."""
    cla = sorted(set(_looked_after_at(window.last)))
    workers: dict[int, set[str]] = defaultdict(set)
    for episode in social_worker_episodes(window.first, window.last):
        workers[episode.child_id].add(episode.sw_id)
    return units((child, len(workers.get(child, ())) >= 3) for child in cla)


def same_worker_six_months(window: Window) -> Units:
    """Children with a social worker at the window's last day; numerator: the same social
    worker for the six months before it (a local measure of continuity)."""
    day = window.last
    rows = [
        (child_id, started <= add_months(day, -6))
        for child_id, started in Allocation.objects.filter(
            current_on(day), kind=Allocation.Kind.SOCIAL_WORKER
        )
        .order_by("child_id")
        .values_list("child_id", "started_on")
    ]
    return units(rows)


# --- Timeliness of every rule of the timescale catalogue -----------------------------------


def _fell_due(window: Window) -> Q:
    """Obligations that fell due in the window, less those cancelled before they fell due (no
    longer needed): ``timescales.queries.timeliness``'s population."""
    return _within(window, "due_on") & ~Q(cancelled_on__isnull=False, cancelled_on__lte=F("due_on"))


def timeliness(rule: str) -> MeasureFn:
    def measure(window: Window) -> Units:
        """Obligations of the rule that fell due in the window; numerator: met in time."""
        rows = list(
            Obligation.objects.filter(_fell_due(window), rule=rule)
            .order_by("id")
            .values_list("child_id", "met_in_time")
        )
        return units((child, bool(met)) for child, met in rows)

    return measure


@dataclass(frozen=True)
class TimelinessCounts:
    """Every rule's counts for several windows in one grouped query (the dashboard needs no
    list of children to show a figure)."""

    by_rule: dict[str, list[Count]]


def timeliness_counts(windows: list[Window], scope: Scope) -> TimelinessCounts:
    aggregates = {}
    for i, window in enumerate(windows):
        condition = _fell_due(window)
        if not scope.whole_authority:
            condition &= Q(child__in=Person.objects.filter(scope.person_condition(window)))
        aggregates[f"due_{i}"] = DbCount("id", filter=condition)
        aggregates[f"met_{i}"] = DbCount("id", filter=condition & Q(met_in_time=True))
    first = min(w.first for w in windows)
    last = max(w.last for w in windows)
    found: dict[str, list[Count]] = {}
    # ``rule IN (...)`` lets the database read the (rule, due_on) index one rule at a time,
    # a range each, rather than every obligation.
    codes = sorted({rule.code for rule in RULES})
    for row in (
        Obligation.objects.filter(rule__in=codes, due_on__gte=first, due_on__lte=last)
        .values("rule")
        .annotate(**aggregates)
        .order_by("rule")
    ):
        found[row["rule"]] = [
            Count(numerator=row[f"met_{i}"], denominator=row[f"due_{i}"])
            for i in range(len(windows))
        ]
    return TimelinessCounts(found)
