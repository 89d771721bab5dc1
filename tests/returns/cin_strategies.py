"""Valid CIN census content for the round-trip tests: children with episodes, assessments,
section 47 enquiries, child protection and child in need plans, all within one collection
year and consistent with Sightline's rules (so that an import must accept every example)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import strategies as st

from sightline.core.codes import (
    AbuseCategory,
    AssessmentFactor,
    Disability,
    Ethnicity,
    PrimaryNeed,
    ReferralSource,
    UPNUnknown,
)
from sightline.returns.cin_census import icpc_target
from sightline.returns.cin_xml import (
    AssessmentRow,
    ChildRow,
    CINPlanRow,
    CINReturn,
    CPPlanRow,
    EpisodeRow,
    Header,
    Section47Row,
)
from sightline.returns.years import CollectionYear
from tests.factories import upn

FACTORS = [f for f in AssessmentFactor.values if f != "21"]
CLOSING = ["RC1", "RC3", "RC4", "RC5", "RC6", "RC7"]
OTHER_DISABILITIES = [d for d in Disability.values if d != "NONE"]


def header(year: int) -> Header:
    return Header(
        year=year,
        reference_date=date(year, 3, 31),
        lea="916",
        software="Sightline",
        release="0.1.0",
        serial_no="001",
        at="2026-04-02T09:00:00",
    )


@st.composite
def gap(draw: st.DrawFn, low: int = 0, high: int = 40) -> timedelta:
    return timedelta(days=draw(st.integers(low, high)))


@st.composite
def episode(
    draw: st.DrawFn, start: date, first: date, last: date, plans_before: int
) -> tuple[EpisodeRow, date | None, int]:
    """One episode referred on or after ``start``; returns it, its closure (None when still
    open at the reference date) and the number of child protection plans it holds."""
    referred = start + draw(gap(0, 120))
    if referred > last:
        referred = last
    source = draw(st.sampled_from(ReferralSource.values))
    need = draw(st.sampled_from(PrimaryNeed.values))
    if draw(st.integers(0, 5)) == 0:  # a referral with no further action, closed that day
        referred = max(referred, first)
        return (
            EpisodeRow(
                referral_date=referred,
                source=source,
                primary_need=need,
                closure_date=referred,
                closure_reason="RC7",
                nfa=True,
            ),
            referred,
            0,
        )
    e = EpisodeRow(referral_date=referred, source=source, primary_need=need)
    cursor = max(referred, first)  # activity in the year (an episode may have begun before)
    all_done = True
    for _ in range(draw(st.integers(0, 2))):
        began = cursor + draw(gap(0, 20))
        if began > last:
            break
        done = began + draw(gap(0, 50))
        finished = draw(st.booleans()) and done <= last
        factors = (
            ["21"]
            if finished and draw(st.integers(0, 6)) == 0
            else sorted(draw(st.sets(st.sampled_from(FACTORS), min_size=1, max_size=4)))
        )
        review = began + draw(gap(0, 10)) if draw(st.booleans()) else None
        e.assessments.append(
            AssessmentRow(
                start=began,
                internal_review=review if review and review <= last else None,
                authorised=done if finished else None,
                factors=factors if finished else [],
            )
        )
        if not finished:
            all_done = False
            break
        cursor = done
    plans = 0
    cp_end: date | None = None
    blocked = False  # an open child protection plan: no later plan or child in need plan
    for _ in range(draw(st.integers(0, 2))):
        began = cursor + draw(gap(0, 20))
        if began > last:
            break
        s = Section47Row(start=began, icpc_target=icpc_target(began))
        choice = draw(st.integers(0, 2))
        held = began + draw(gap(1, 20))
        if choice == 0 and held <= last:
            s.icpc = held
        elif choice == 1:
            s.icpc_not_required = True
        e.section47s.append(s)
        cursor = s.icpc or began
        if s.icpc is None and not s.icpc_not_required:
            break  # still open: no further enquiry on this episode
        if s.icpc is not None and not blocked and draw(st.booleans()):
            category = draw(st.sampled_from(AbuseCategory.values))
            end = s.icpc + draw(gap(1, 200))
            ended = draw(st.booleans()) and end <= last
            reviews = []
            day = s.icpc
            for _ in range(draw(st.integers(0, 3))):
                day = day + draw(gap(1, 90))
                if day > last or (ended and day > end):
                    break
                reviews.append(day)
            e.cp_plans.append(
                CPPlanRow(
                    start=s.icpc,
                    end=end if ended else None,
                    initial_category=category,
                    latest_category=draw(st.sampled_from(AbuseCategory.values)),
                    previous_plans=plans_before + plans,
                    reviews=reviews,
                )
            )
            plans += 1
            cursor = max([cursor, *reviews])
            if ended:
                cp_end = end
                cursor = max(cursor, end)
            else:
                blocked = True
    if not blocked and draw(st.booleans()):
        began = max(cursor, cp_end or cursor) + draw(gap(0, 20))
        if began <= last:
            end = began + draw(gap(0, 120))
            ended = draw(st.booleans()) and end <= last
            e.cin_plans.append(CINPlanRow(start=began, end=end if ended else None))
            cursor = end if ended else began
    closing = cursor + draw(gap(0, 60))
    if all_done and closing <= last and draw(st.booleans()):
        only_assessments = bool(e.assessments) and not (e.section47s or e.cp_plans or e.cin_plans)
        reasons = [*CLOSING, "RC8", "RC9"] if only_assessments else CLOSING
        e.closure_date = closing
        e.closure_reason = draw(st.sampled_from(reasons))
        # Closing ends what is still open on the episode (as close_referral does).
        for p in e.cp_plans:
            if p.end is None:
                p.end = closing
        for c in e.cin_plans:
            if c.end is None:
                c.end = closing
        return e, closing, plans
    return e, None, plans


@st.composite
def child(draw: st.DrawFn, la_child_id: str, cy: CollectionYear) -> ChildRow:
    unborn = draw(st.integers(0, 12)) == 0
    c = ChildRow(
        la_child_id=la_child_id,
        sex="U" if unborn else draw(st.sampled_from(["M", "F", "U"])),
        ethnicity=draw(st.sampled_from(Ethnicity.values)),
    )
    if unborn:
        c.expected_birth_date = cy.last + draw(gap(1, 150))
    else:
        c.birth_date = cy.first - timedelta(days=draw(st.integers(30, 17 * 365)))
        if draw(st.booleans()):
            c.upn = upn(draw(st.integers(0, 10**7 - 1)))  # with its check letter
        else:
            c.upn_unknown = draw(st.sampled_from(UPNUnknown.values))
    kind = draw(st.integers(0, 3))
    if kind == 1:
        c.disabilities = ["NONE"]
    elif kind == 2:
        c.disabilities = sorted(draw(st.sets(st.sampled_from(OTHER_DISABILITIES), max_size=3)))
    # An episode open at the start of the year may have begun before it.
    start = cy.first - timedelta(days=draw(st.sampled_from([0, 0, 0, 90])))
    plans = 0
    for _ in range(draw(st.integers(1, 2))):
        if start > cy.last:
            break
        e, closed, made = draw(episode(start, cy.first, cy.last, plans))
        c.episodes.append(e)
        plans += made
        if closed is None:
            break
        start = closed + timedelta(days=1)
    return c


@st.composite
def returns(draw: st.DrawFn) -> CINReturn:
    year = draw(st.sampled_from([2025, 2026]))
    cy = CollectionYear(year)
    numbers = draw(st.lists(st.integers(1, 999_999), min_size=1, max_size=6, unique=True))
    return CINReturn(header(year), [draw(child(f"CIN{n:06d}", cy)) for n in sorted(numbers)])
