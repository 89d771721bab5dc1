"""The records the statutory timescales read, as actions: core group meetings, child in need
meetings and reviews, care plans and placement plans, personal adviser contacts, private
fostering arrangements and their visits, allegations to the LADO and care proceedings.

Everything here draws from a stream of its own (``Simulation.zrng``), so adding these records
leaves the journeys they hang on (and their rates) exactly as they were. Each action is dated
so that the service accepts it when replayed in date order: a meeting inside its plan, a plan
inside its period or placement (or agreed up to a few days before it, recorded on its first
day), a visit inside the arrangement. Rates: mostly in time, with the lateness the inspections
found (the 2025 inspection: child in need meetings after a step-down from a protection plan).
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import TYPE_CHECKING

from sightline.core.calendar import add_months, add_working_days
from sightline.leaving_care.eligibility import birthday
from sightline.synthetic import actions as a
from sightline.synthetic.in_care import TOWNS, age

if TYPE_CHECKING:
    from sightline.synthetic.simulate import ChildPlan, Simulation

PRIVATE_FOSTERING_PER_CHILD_A_YEAR = 0.00004  # about 5 a year at 135,000 children
LADO_PER_CHILD_A_YEAR = 0.0003  # about 40 allegations a year at 135,000 children
COURTS = ("Family Court at Gloucester", "Family Court at Cheltenham", "Family Court at Bristol")
ROLES = (
    ("Teacher", "{town} Academy"),
    ("Teaching assistant", "{town} Primary School"),
    ("Sports coach", "{town} Football Club"),
    ("Youth worker", "{town} Youth Centre"),
    ("Nursery practitioner", "{town} Day Nursery"),
    ("Childminder", ""),
    ("Bus driver", "{town} Coaches"),
    ("Faith leader", "{town} Community Church"),
)
CARE_ROLES = (
    ("Foster carer", "Gloucestershire Fostering Service"),
    ("Residential care worker", "Children's home"),
)
LADO_OUTCOMES = (
    ("unsubstantiated", 40),
    ("substantiated", 30),
    ("unfounded", 18),
    ("false", 10),
    ("malicious", 2),
)
PF_END_REASONS = (("returned_home", 60), ("moved_away", 20), ("court_order", 8), ("other", 12))


def _pick(rng: random.Random, pairs: tuple[tuple[str, int], ...]) -> str:
    total = sum(w for _, w in pairs)
    x = rng.random() * total
    for value, weight in pairs:
        x -= weight
        if x < 0:
            return value
    return pairs[-1][0]


def registered_on(plan: ChildPlan) -> date:
    """The day the child's record was created (their first action)."""
    day, _, first = plan.actions[0]
    assert isinstance(first, a.RegisterChild)
    return day


# --- Help and protection ------------------------------------------------------------------


def core_groups(sim: Simulation, plan: ChildPlan, cp_plan: a.Ref, start: date, end: date) -> None:
    """The first core group within 10 working days of the plan (mostly), then every 4 to 6
    weeks (sometimes longer) until the plan ends."""
    rng = sim.zrng
    day = add_working_days(
        start, rng.randint(3, 10) if rng.random() < 0.86 else rng.randint(11, 20)
    )
    while day < end and day <= sim.cfg.as_of:
        sim.add(plan, day, a.HoldCoreGroup(cp_plan, day))
        gap = rng.randint(20, 30) if rng.random() < 0.88 else rng.randint(31, 45)
        day = add_working_days(day, gap)


def cin_meetings(
    sim: Simulation, plan: ChildPlan, cin_plan: a.Ref, start: date, end: date, step_down: bool
) -> None:
    """A child in need meeting soon after the plan starts (a quarter late after a step-down
    from a protection plan, as the 2025 inspection found), then a review about every 3 months."""
    rng = sim.zrng
    late = rng.random() < (0.25 if step_down else 0.1)
    day = add_working_days(start, rng.randint(11, 25) if late else rng.randint(2, 10))
    if day < end:
        sim.add(plan, day, a.HoldCINMeeting(cin_plan, day, "meeting"))
    due = add_months(start, 3)
    while True:
        if rng.random() < 0.87:
            day = due - timedelta(days=rng.randint(0, 14))
        else:
            day = due + timedelta(days=rng.randint(3, 40))
        if day >= end or day > sim.cfg.as_of:
            break
        sim.add(plan, day, a.HoldCINMeeting(cin_plan, day, "review"))
        due = add_months(day, 3)


# --- Care ---------------------------------------------------------------------------------


# PREV_PERM on entering care: most children had no permanence order before (Z1); a few had
# an adoption order (P1), special guardianship (P2) or a child arrangements order (P3),
# made by this or another authority (SSDA903 rule 630 asks for a row for every child
# starting care in the year).
PREVIOUS_PERMANENCE = (("Z1", 93), ("P1", 2), ("P2", 3), ("P3", 2))
OTHER_AUTHORITIES = ("916", "916", "885", "803", "865", "860")  # DfE LA codes (rule 633)


def previous_permanence(
    sim: Simulation, plan: ChildPlan, period: a.Ref, start: date, born: date
) -> None:
    rng = sim.zrng
    kind = _pick(rng, PREVIOUS_PERMANENCE)
    if kind == "Z1" or (start - born).days < 400:
        sim.add(plan, start, a.RecordPreviousPermanence(period, start, "Z1"))
        return
    order = born + timedelta(days=rng.randint(180, (start - born).days - 30))
    sim.add(
        plan,
        start,
        a.RecordPreviousPermanence(
            period,
            start,
            kind,
            rng.choice(OTHER_AUTHORITIES),
            order.year,
            order.month,
            order.day,
        ),
    )


def adoption(
    sim: Simulation,
    plan: ChildPlan,
    period: a.Ref,
    start: date,
    placement_order: date,
    placed: date,
    adopted: date,
) -> None:
    """The adoption journey of a child placed for adoption under a placement order, in the
    order the service asks: the decision that the child should be placed for adoption (before
    the placement order: SSDA903 rules 551, 553, 554), the placement order, the match, the
    placement, the adoption order (the day care ends), then the adopters' details (AD1)."""
    rng = sim.zrng
    decision = max(start, placement_order - timedelta(days=rng.randint(20, 90)))
    matched = max(placement_order, placed - timedelta(days=rng.randint(14, 50)))
    for milestone, on in (
        ("decision_on", decision),
        ("placement_order_on", placement_order),
        ("matched_on", matched),
        ("placed_on", placed),
        ("adoption_order_on", adopted),
    ):
        sim.add(plan, on, a.RecordAdoptionMilestone(period, milestone, on))
    couple = rng.random() < 0.85
    if not couple:
        sex, legal = rng.choice(("F1", "F1", "F1", "M1")), "L0"
    elif rng.random() < 0.85:
        sex, legal = "MF", _pick(rng, (("L11", 7), ("L3", 2), ("L2", 1)))
    else:
        sex, legal = rng.choice(("MM", "FF")), _pick(rng, (("L12", 5), ("L2", 3), ("L4", 2)))
    # Placed not with the current foster carer (PLACE A6): not adopted by a foster carer.
    sim.add(plan, adopted, a.RecordAdopters(period, adopted, False, 2 if couple else 1, sex, legal))


def care_plans(
    sim: Simulation,
    plan: ChildPlan,
    period: a.Ref,
    start: date,
    end: date,
    placements: list[date],
) -> None:
    """The care plan (agreed within 10 working days of the start, a few before it, some late;
    a new version after about half the looked-after reviews) and a placement plan for each
    placement (``placements``: the days they start), mostly within 5 working days."""
    rng, born = sim.zrng, plan.birth_date
    assert born is not None
    previous_permanence(sim, plan, period, start, born)
    pick = rng.random()
    if pick < 0.15:
        agreed = start - timedelta(days=rng.randint(1, 7))  # a planned admission
    elif pick < 0.86:
        agreed = add_working_days(start, rng.randint(0, 10))
    else:
        agreed = add_working_days(start, rng.randint(11, 30))
    agreed = max(agreed, born)
    versions = set()
    if agreed < end:
        sim.add(plan, max(agreed, start), a.RecordCarePlan(period, agreed))
        versions.add(agreed)
    reviews = [
        x.held_on
        for _, _, x in plan.actions
        if isinstance(x, a.RecordReview) and x.period is period
    ]
    for review in reviews:
        day = review + timedelta(days=rng.randint(0, 10))
        if rng.random() < 0.5 and day < end and day not in versions and day > agreed:
            sim.add(plan, day, a.RecordCarePlan(period, day))
            versions.add(day)
    bounds = [*placements[1:], end]
    for number, (starts, ends) in enumerate(zip(placements, bounds, strict=True)):
        pick = rng.random()
        if pick < (0.2 if number else 0.1):
            agreed = starts - timedelta(days=rng.randint(1, 10))  # a planned move
        elif pick < 0.98:
            days = rng.randint(0, 5) if pick < 0.88 else rng.randint(6, 20)
            if starts > sim.cfg.as_of:
                continue  # a move after the history ends (dropped; may be past the calendar)
            agreed = add_working_days(starts, days)
        else:
            continue  # never recorded
        agreed = max(agreed, born)
        if agreed < ends:
            sim.add(plan, max(agreed, starts), a.RecordPlacementPlan(period, starts, agreed))


def care_proceedings(
    sim: Simulation, plan: ChildPlan, start: date, end: date, reason_ceased: str, adopted: bool
) -> None:
    """Proceedings issued for a child coming into care under an interim care order: issued a
    few days before, concluded mostly within 26 weeks. Care ending with a special guardianship
    or child arrangements order before then concludes them with that order."""
    rng, born = sim.zrng, plan.birth_date
    assert born is not None
    if rng.random() >= 0.9 or start > sim.cfg.as_of:
        return  # (care starting after as_of: its interim order is not yet made)
    issued = max(start - timedelta(days=rng.randint(0, 7)), born)
    if age(born, issued) >= 17 or issued < registered_on(plan):
        return
    if plan.proceedings_until is not None and issued <= plan.proceedings_until:
        return
    weeks = rng.randint(18, 26) if rng.random() < 0.72 else rng.randint(27, 50)
    concluded = issued + timedelta(weeks=weeks, days=-rng.randint(1, 6))
    if end < concluded and reason_ceased in ("E45", "E46", "E41"):
        concluded = max(end, issued)
        outcome = {"E41": "cao"}.get(reason_ceased, "sgo")
    elif end < concluded:  # home before the final hearing
        outcome = _pick(
            rng, (("supervision_order", 5), ("no_order", 2), ("withdrawn", 2), ("cao", 1))
        )
    elif adopted:
        outcome = "placement_order"
    else:
        outcome = "care_order" if rng.random() < 0.94 else "other"
    proceedings = a.Ref()
    sim.add(plan, issued, a.IssueCareProceedings(proceedings, plan.ref, issued, rng.choice(COURTS)))
    sim.add(plan, concluded, a.ConcludeCareProceedings(proceedings, concluded, outcome))
    plan.proceedings_until = concluded


# --- Leaving care -------------------------------------------------------------------------


def pa_contacts(
    sim: Simulation, plan: ChildPlan, advisers: list[tuple[date, int]], stop: date
) -> None:
    """Personal adviser contacts (the young person seen) about every 6 to 8 weeks from the
    allocation, by the adviser allocated that day, until ``stop`` (the 21st birthday or the end
    of the allocation). Only days in the history are recorded."""
    rng = sim.zrng
    stop = min(stop, sim.cfg.as_of + timedelta(days=1))
    day = advisers[0][0] + timedelta(days=rng.randint(3, 35))
    while day < stop:
        if day >= sim.cfg.start:
            worker = [w for since, w in advisers if since <= day][-1]
            alone = rng.random() < 0.8
            sim.add(plan, day, a.RecordVisit(plan.ref, "pa", day, worker, True, alone))
        pick = rng.random()
        gap = rng.randint(35, 55) if pick < 0.8 else rng.randint(56, 75) if pick < 0.95 else 100
        day += timedelta(days=gap)


# --- Private fostering and allegations to the LADO ----------------------------------------


def _years(sim: Simulation) -> float:
    return (sim.cfg.as_of - sim.cfg.start).days / 365.25


def _a_child(
    sim: Simulation, on: date, youngest: float, oldest: float, taken: set[int]
) -> ChildPlan | None:
    """A child of the authority, registered by ``on`` and of an age in range that day."""
    rng = sim.zrng
    for _ in range(500):
        plan = rng.choice(sim.plans)
        born = plan.birth_date
        if born is None or id(plan) in taken or not youngest <= age(born, on) < oldest:
            continue
        if registered_on(plan) <= on:
            return plan
    return None


def private_fostering(sim: Simulation) -> None:
    """A few arrangements a year: notified late (already started), on the day, or proposed
    (at least 6 weeks ahead); visited within 7 working days, then every 6 weeks in the first
    year (12 after); most end within a year and a half, some did not go ahead."""
    rng, cfg = sim.zrng, sim.cfg
    span = (cfg.as_of - cfg.start).days
    count = max(5, round(cfg.children * PRIVATE_FOSTERING_PER_CHILD_A_YEAR * _years(sim)))
    recent = min(span, 3 * 365)  # however small the authority, some in the last three years
    taken: set[int] = set()
    for _ in range(count * 50):  # draws until ``count`` arrangements are made
        if len(taken) == count:
            break
        if len(taken) < 5:
            notified = cfg.as_of - timedelta(days=rng.randrange(recent))
        else:
            notified = cfg.start + timedelta(days=rng.randrange(span))
        plan = _a_child(sim, notified, 3, 15, taken)
        if plan is None:
            continue
        born = plan.birth_date
        assert born is not None
        if any(s - timedelta(days=60) <= notified < e for s, e in plan.care_periods):
            continue  # not while looked after
        taken.add(id(plan))
        kind = rng.random()
        starts = notified - timedelta(days=rng.randint(0, 3))
        proposed = False
        if kind < 0.25:
            ahead = notified + timedelta(days=rng.randint(42, 70))
            if ahead <= cfg.as_of:
                starts, proposed = ahead, True
        elif kind < 0.6:
            starts = max(born, notified - timedelta(days=rng.randint(7, 150)))
        carer = f"{rng.choice(('Mr', 'Mrs', 'Ms'))} {sim.names.pick_last(rng)}"
        arrangement = a.Ref()
        sim.add(
            plan,
            notified,
            a.NotifyPrivateFostering(arrangement, plan.ref, notified, starts, carer),
        )
        b16 = birthday(born, 16)
        if proposed and rng.random() < 0.15:
            ended = notified + timedelta(days=rng.randint(7, (starts - notified).days))
            reason = "did_not_start"
        elif rng.random() < 0.7:
            ended = max(starts, notified) + timedelta(days=rng.randint(60, 540))
            reason = _pick(rng, PF_END_REASONS)
        else:
            ended, reason = b16, "age"
        if ended >= b16 and reason != "did_not_start":
            ended, reason = b16, "age"
        workers = sim.staff.assessment[plan.locality]
        worker = rng.choice(workers)
        day = add_working_days(
            notified, rng.randint(1, 7) if rng.random() < 0.8 else rng.randint(8, 20)
        )
        first_year_ends = add_months(max(starts, notified), 12)
        while day < ended and day <= cfg.as_of:
            seen = rng.random() < 0.95
            alone = seen and age(born, day) >= 8 and rng.random() < 0.6
            sim.add(
                plan, day, a.RecordVisit(plan.ref, "private_fostering", day, worker, seen, alone)
            )
            if day < first_year_ends:
                gap = rng.randint(20, 30) if rng.random() < 0.88 else rng.randint(31, 40)
            else:
                gap = rng.randint(40, 60)
            day = add_working_days(day, gap)
        sim.add(plan, ended, a.EndPrivateFostering(arrangement, ended, reason))


def allegations(sim: Simulation) -> None:
    """Tens of allegations a year against people working with children, a quarter of them
    about a looked-after child's carers; most referred to the LADO within 1 working day, most
    concluded within months."""
    rng, cfg = sim.zrng, sim.cfg
    span = (cfg.as_of - cfg.start).days
    count = max(3, round(cfg.children * LADO_PER_CHILD_A_YEAR * _years(sim)))
    in_care = [p for p in sim.plans if p.care_periods and p.birth_date is not None]
    for _ in range(count):
        aware = cfg.start + timedelta(days=rng.randrange(span))
        plan: ChildPlan | None = None
        roles: tuple[tuple[str, str], ...] = ROLES
        if in_care and rng.random() < 0.25:
            for _ in range(200):
                candidate = rng.choice(in_care)
                if any(s <= aware < e for s, e in candidate.care_periods):
                    plan, roles = candidate, CARE_ROLES
                    break
        if plan is None:
            plan = _a_child(sim, aware, 1, 17.5, set())
        if plan is None or registered_on(plan) > aware:
            continue
        role, employer = rng.choice(roles)
        employer = employer.format(town=rng.choice(TOWNS))
        pick = rng.random()
        days = 0 if pick < 0.55 else 1 if pick < 0.8 else rng.randint(2, 10)
        referred = add_working_days(aware, days) if days else aware
        allegation = a.Ref()
        sim.add(
            plan,
            referred,
            a.RecordAllegation(allegation, plan.ref, role, employer, aware, referred),
        )
        if rng.random() < 0.9:
            concluded = referred + timedelta(days=rng.randint(10, 200))
            outcome = _pick(rng, LADO_OUTCOMES)
            sim.add(plan, concluded, a.ConcludeAllegation(allegation, concluded, outcome))
