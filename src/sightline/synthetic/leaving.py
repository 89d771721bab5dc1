"""Leaving care, as actions: personal advisers, pathway plans, OC3 status around the birthdays
17 to 21 (and to 24 for those who keep their adviser), NEET support, homeless 16/17-year-olds,
and the young people who left care before the history starts (so that at ``as_of`` there are
care leavers of every age to 25).

Each action is dated on a day the young person's category (leaving_care.eligibility, from the
periods of care the simulation gave them) is one the service accepts, so replaying through the
services succeeds. Rates: England 2025 (about 38-40% of care leavers aged 19 to 21 NEET, about
88% in suitable accommodation); the 2022 inspection found personal advisers allocated late,
the 2025 focused visit earlier (shared/seeds), so lateness falls over the years.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from sightline.care.services import PlacementDetails
from sightline.core.calendar import add_months, add_working_days
from sightline.leaving_care.eligibility import (
    THIRTEEN_WEEKS,
    CarePeriod,
    Eligibility,
    birthday,
    eligibility,
)
from sightline.synthetic import actions as a
from sightline.synthetic import planning
from sightline.synthetic.in_care import age, life_in_care

if TYPE_CHECKING:
    from sightline.synthetic.simulate import ChildPlan, Simulation

CARE_LEAVER = frozenset({Eligibility.ELIGIBLE, Eligibility.RELEVANT, Eligibility.FORMER_RELEVANT})
RECORDABLE = CARE_LEAVER | {Eligibility.QUALIFYING}  # OC3 and NEET support take qualifying too
PA_STANDARD_WORKING_DAYS = 20  # CONTRACTS.md: the local standard's default

# Left care before the history starts, per child and birth year: about as many as the
# simulation's own children become eligible each year (bench/results/synth_build.md).
EARLIER_LEAVERS_PER_CHILD_A_YEAR = 0.00062
HOMELESS_PER_CHILD_A_YEAR = 0.0003  # 16/17-year-olds presenting as homeless (~40 a year at 135k)

Weights = tuple[tuple[str, int], ...]
IN_TOUCH: Weights = (("YES", 88), ("NO", 5), ("REFU", 3), ("NREQ", 3), ("RHOM", 1))
ACTIVITY_17: Weights = (
    ("F2", 50),
    ("P2", 4),
    ("F4", 5),
    ("F5", 4),
    ("P5", 3),
    ("G4", 6),
    ("G5", 20),
    ("G6", 2),
)
ACTIVITY_18: Weights = (
    ("F1", 6),
    ("F2", 30),
    ("P2", 3),
    ("F4", 7),
    ("P4", 1),
    ("F5", 12),
    ("P5", 6),
    ("G4", 9),
    ("G5", 22),
    ("G6", 4),
)
ACTIVITY_19_21: Weights = (
    ("F1", 9),
    ("P1", 1),
    ("F2", 13),
    ("P2", 2),
    ("F4", 6),
    ("P4", 1),
    ("F5", 17),
    ("P5", 9),
    ("G4", 12),
    ("G5", 28),
    ("G6", 7),
)
ACTIVITY_22_24: Weights = (
    ("F1", 6),
    ("F2", 7),
    ("P2", 2),
    ("F4", 4),
    ("F5", 26),
    ("P5", 12),
    ("G4", 13),
    ("G5", 20),
    ("G6", 10),
)
NEET = frozenset({"G4", "G5", "G6"})
ACCOMMODATION_17: Weights = (
    ("Y1", 25),
    ("D1", 20),
    ("C1", 12),
    ("E1", 8),
    ("B1", 12),
    ("T1", 5),
    ("K1", 2),
    ("U1", 3),
    ("V2", 2),
    ("B2", 2),
    ("S2", 1),
    ("D2", 1),
)
ACCOMMODATION_18: Weights = (
    ("U1", 28),
    ("D1", 14),
    ("Z1", 10),
    ("E1", 6),
    ("B1", 13),
    ("T1", 5),
    ("K1", 4),
    ("C1", 1),
    ("Y1", 4),
    ("U2", 2),
    ("B2", 2),
    ("S2", 2),
    ("V2", 1),
    ("W2", 1),
    ("X2", 1),
    ("K2", 1),
    ("D2", 1),
)
BARRIERS: Weights = (
    ("confidence", 5),
    ("skills", 4),
    ("housing", 3),
    ("mental_health", 4),
    ("substance_misuse", 2),
    ("justice", 1),
    ("immigration", 1),
    ("other", 1),
)
BARRIER_NOTES = {
    "mental_health": "Waiting for an assessment from adult mental health services.",
    "housing": "Moved twice this year; wants settled accommodation before starting a course.",
    "skills": "No maths or English GCSE; interested in a functional skills course.",
    "confidence": "Finds new places hard; would like the PA to go to the first session.",
    "caring": "Caring for a baby; needs childcare to take up an offer.",
}
OFFERS: Weights = (
    ("programme", 3),
    ("college", 3),
    ("apprenticeship", 2),
    ("employment_support", 3),
    ("other", 1),
)
TAKEN_UP_ACTIVITY = {
    "programme": ("P2", "F5"),
    "college": ("F2", "P2"),
    "apprenticeship": ("F4",),
    "employment_support": ("F5", "P5"),
    "other": ("P5",),
}
EMERGENCY = (
    "Emergency supported accommodation, Gloucester",
    "Nightstop host, Cheltenham",
    "Emergency supported lodgings, Stroud",
    "Young people's hostel, Gloucester",
)


def pick(rng: random.Random, pairs: Weights) -> str:
    total = sum(w for _, w in pairs)
    x = rng.random() * total
    for value, weight in pairs:
        x -= weight
        if x < 0:
            return value
    return pairs[-1][0]


def became_eligible(born: date, periods: Sequence[CarePeriod]) -> date | None:
    """The first day the young person is an eligible child (16 or 17, looked after, and looked
    after for 13 weeks since 14), or None: eligibility.eligible_on, solved for the day."""
    b14, b16, b18 = birthday(born, 14), birthday(born, 16), birthday(born, 18)
    counted = 0
    for p in sorted(periods, key=lambda p: p.start):
        first = max(p.start, b14)
        if p.end is not None and p.end <= first:
            continue
        need = THIRTEEN_WEEKS.days - counted
        day = max(p.start, b16, first + timedelta(days=max(0, need - 1)))
        if (p.end is None or day < p.end) and day < b18:
            return day
        if p.end is not None:
            counted += (p.end - first).days
    return None


# --- Care leavers -------------------------------------------------------------------------


def care_leaver(sim: Simulation, plan: ChildPlan) -> None:
    """The young person's leaving care journey, from becoming eligible, if they ever do."""
    born = plan.birth_date
    if born is None or not plan.care_periods:
        return
    periods = [CarePeriod(start, end) for start, end in plan.care_periods]
    eligible = became_eligible(born, periods)
    as_of, history_from = sim.cfg.as_of, sim.cfg.start
    if eligible is None or eligible > as_of:
        return
    rng, add, child = sim.xrng, sim.add, plan.ref

    def category(day: date) -> Eligibility | None:
        return eligibility(born, periods, day)

    b18, b21, b25 = birthday(born, 18), birthday(born, 21), birthday(born, 25)
    # Personal adviser: due within the local standard of becoming eligible.
    years_in = (eligible - history_from).days / 365.25
    late = 0.45 if years_in < 1 else 0.3 if years_in < 2 else 0.15
    days = rng.randint(21, 90) if rng.random() < late else rng.randint(0, PA_STANDARD_WORKING_DAYS)
    pa_on = add_working_days(eligible, days)
    if pa_on > as_of or category(pa_on) not in CARE_LEAVER:
        return
    advisers = sim.staff.personal_advisers
    adviser = rng.choice(advisers)
    allocation = a.Ref()
    add(plan, pa_on, a.AllocatePersonalAdviser(allocation, child, adviser, pa_on))
    allocated = [(pa_on, adviser)]
    to_25 = rng.random() < 0.3  # asked for support to 25
    pa_end = b25 if to_25 else b21
    if rng.random() < 0.3:
        lo, hi = pa_on + timedelta(days=180), min(pa_end, as_of) - timedelta(days=1)
        if hi > lo:
            change = lo + timedelta(days=rng.randrange((hi - lo).days))
            if category(change) in CARE_LEAVER:
                allocation = a.Ref()
                other = rng.choice([w for w in advisers if w != adviser])
                add(plan, change, a.AllocatePersonalAdviser(allocation, child, other, change))
                allocated.append((change, other))
    add(plan, pa_end, a.EndAllocation(allocation, pa_end))
    planning.pa_contacts(sim, plan, allocated, min(pa_end, b21))

    # Pathway plan from the needs assessment (within 3 months of eligibility), reviewed
    # 6-monthly while the adviser is allocated.
    started = eligible + timedelta(days=rng.randint(15, 85))
    if started <= as_of and category(started) in CARE_LEAVER:
        pathway = a.Ref()
        add(plan, started, a.StartPathwayPlan(pathway, child, started))
        review = started
        while True:
            gap = rng.randint(140, 182) if rng.random() < 0.85 else rng.randint(190, 270)
            review += timedelta(days=gap)
            if review >= pa_end or review > as_of:
                break
            if review >= history_from:
                add(plan, review, a.ReviewPathwayPlan(pathway, review))

    # OC3 around each birthday, 17 to 21 (to 24 with support to 25).
    used: set[date] = set()
    for years in range(17, (24 if to_25 else 21) + 1):
        day = birthday(born, years) + timedelta(days=rng.randint(-20, 45))
        while day in used:
            day += timedelta(days=1)
        if day < history_from or day > as_of or category(day) not in RECORDABLE:
            continue
        used.add(day)
        touch = pick(rng, IN_TOUCH)
        add(plan, day, a.RecordInTouch(child, day, touch))
        if touch in ("YES", "RHOM"):
            activities = (
                ACTIVITY_17
                if years == 17
                else ACTIVITY_18
                if years == 18
                else ACTIVITY_19_21
                if years <= 21
                else ACTIVITY_22_24
            )
            activity = pick(rng, activities)
            if touch == "RHOM":
                accommodation = "B1"
            else:
                accommodation = pick(rng, ACCOMMODATION_17 if day < b18 else ACCOMMODATION_18)
                if accommodation == "Z1" and years > 21:
                    accommodation = "U1"  # staying put ends at 21
        else:
            activity = accommodation = "0"
        add(plan, day, a.RecordActivity(child, day, activity))
        add(plan, day, a.RecordAccommodation(child, day, accommodation))
        if activity in NEET and rng.random() < 0.75:
            neet_support(sim, plan, day, activity, category, used)


def neet_support(
    sim: Simulation,
    plan: ChildPlan,
    day: date,
    activity: str,
    category: Callable[[date], Eligibility | None],
    used: set[date],
) -> None:
    """Barriers recorded, offers made and how they went, for a young person found NEET."""
    rng, add, child, as_of = sim.xrng, sim.add, plan.ref, sim.cfg.as_of

    def allowed(on: date) -> bool:
        return on <= as_of and category(on) in RECORDABLE

    noted = day + timedelta(days=rng.randint(3, 40))
    if not allowed(noted):
        return
    if activity == "G4":
        barriers = [rng.choice(("mental_health", "physical_health", "disability"))]
    elif activity == "G6":
        barriers = ["caring"]
    else:
        barriers = [pick(rng, BARRIERS)]
    if rng.random() < 0.35:
        second = pick(rng, BARRIERS)
        if second not in barriers:
            barriers.append(second)
    for barrier in barriers:
        note = BARRIER_NOTES.get(barrier, "") if rng.random() < 0.5 else ""
        add(plan, noted, a.RecordNEETBarrier(child, noted, barrier, note))
    offered = noted
    for _ in range(0 if rng.random() < 0.15 else 2 if rng.random() < 0.2 else 1):
        offered += timedelta(days=rng.randint(5, 60))
        if not allowed(offered):
            return
        offer, kind = a.Ref(), pick(rng, OFFERS)
        add(plan, offered, a.RecordNEETOffer(offer, child, offered, kind))
        outcome = rng.random()
        if outcome < 0.15:
            continue  # still pending
        if outcome < 0.45:
            declined = offered + timedelta(days=rng.randint(2, 30))
            add(plan, declined, a.RecordNEETOfferOutcome(offer, "declined", declined))
            continue
        taken = offered + timedelta(days=rng.randint(5, 40))
        add(plan, taken, a.RecordNEETOfferOutcome(offer, "taken_up", taken))
        if taken not in used and allowed(taken) and rng.random() < 0.6:
            used.add(taken)
            code = rng.choice(TAKEN_UP_ACTIVITY[kind])
            add(plan, taken, a.RecordActivity(child, taken, code))
        after = rng.random()
        if after < 0.45:
            done = taken + timedelta(days=rng.randint(40, 200))
            add(plan, done, a.RecordNEETOfferOutcome(offer, "completed", done))
        elif after < 0.7:
            dropped = taken + timedelta(days=rng.randint(14, 120))
            add(plan, dropped, a.RecordNEETOfferOutcome(offer, "dropped_out", dropped))
        return


# --- Young people who left care before the history starts ---------------------------------


def earlier_leavers(sim: Simulation) -> None:
    """Young people whose 18th birthday fell in the five years before the history starts (so
    that there are care leavers of every age to 25 at 31 March of each complete year, and at
    ``as_of``): looked after from 9 to 16, most until 18, some leaving at 16 or 17 (relevant).
    Their care is carried over summarised, like the long-stay cohort's."""
    cfg, rng = sim.cfg, sim.xrng
    turned_25 = add_months(cfg.as_of, -12 * 7) + timedelta(days=1)
    oldest_18th = min(turned_25, add_months(cfg.start, -60))
    span = (cfg.start - oldest_18th).days
    if span <= 0:
        return
    count = round(cfg.children * EARLIER_LEAVERS_PER_CHILD_A_YEAR * span / 365.25)
    for _ in range(count):
        eighteenth = oldest_18th + timedelta(days=rng.randrange(span))
        born = add_months(eighteenth, -12 * 18)
        came = born + timedelta(days=int(rng.uniform(9, 15.8) * 365.25))
        plan = sim.new_child(came, age(born, came) - 0.5)
        assert plan.birth_date is not None  # new_child draws the exact birth date
        b16, b18 = birthday(plan.birth_date, 16), birthday(plan.birth_date, 18)
        if came >= b16 - timedelta(days=60):
            continue  # too close to 16 to have been eligible; registered only
        if rng.random() < 0.82:
            end, rec = b18, pick(rng, (("E5", 4), ("E8", 4), ("E17", 2)))
        else:
            end = b16 + timedelta(days=rng.randint(120, 690))
            rec = pick(rng, (("E4A", 3), ("E8", 2), ("E5", 1)))
        period = a.Ref()
        sim.add(
            plan,
            came,
            a.StartCare(
                period,
                plan.ref,
                came,
                rng.choice(("C2", "C2", "V2")),
                foster_placement(sim, rng, long_term=True),
                pick(rng, (("N1", 6), ("N4", 1), ("N5", 2), ("N6", 1))),
                rng.choice(sim.postcodes),
            ),
        )
        move = came + timedelta(days=rng.randint(200, 1500))
        placements = [came]
        if rng.random() < 0.5 and move < end - timedelta(days=30):
            placements.append(move)
            details = (
                children_home(sim, rng)
                if age(plan.birth_date, move) >= 13 and rng.random() < 0.4
                else foster_placement(sim, rng, long_term=False)
            )
            sim.add(plan, move, a.ChangePlacement(period, move, details, "CARPL"))
        sim.add(plan, end, a.EndCare(period, end, rec))
        life_in_care(sim, plan, period, came, end, [])
        planning.care_plans(sim, plan, period, came, end, placements)


def foster_placement(sim: Simulation, rng: random.Random, long_term: bool) -> PlacementDetails:
    number = rng.randrange(900)
    provider = "PR1" if rng.random() < 0.7 else "PR4"
    return PlacementDetails(
        place="U4" if long_term else "U6",
        provider=provider,
        carer=f"Foster household {number}",
        urn=sim.settings.foster_urn(provider, number),
        postcode=rng.choice(sim.postcodes),
        intended_until_18=long_term,
    )


def children_home(sim: Simulation, rng: random.Random) -> PlacementDetails:
    home = rng.choice(sim.settings.homes)
    return PlacementDetails(
        place="K2", provider="PR4", carer=home.name, urn=home.urn, postcode=home.postcode
    )


# --- Homeless 16/17-year-olds -------------------------------------------------------------


def homeless(sim: Simulation) -> None:
    """16/17-year-olds presenting as homeless: advocacy, the joint housing and children's
    services assessment, the outcome; a few placed in bed and breakfast that night (flagged
    unsuitable); about a quarter accommodated under section 20."""
    cfg, rng = sim.cfg, sim.xrng
    span = (cfg.as_of - cfg.start).days
    for _ in range(round(cfg.children * HOMELESS_PER_CHILD_A_YEAR * span / 365.25)):
        day = cfg.start + timedelta(days=rng.randrange(span + 1))
        plan = sim.new_child(day, rng.uniform(16.02, 16.95))
        born = plan.birth_date
        assert born is not None
        b18 = birthday(born, 18)
        if not birthday(born, 16) <= day < b18:
            continue
        add, child = sim.add, plan.ref
        where = rng.random()
        if where < 0.09:
            used, bnb = f"Bed and breakfast, {rng.choice(('Gloucester', 'Cheltenham'))}", True
        elif where < 0.52:
            used, bnb = rng.choice(EMERGENCY), False
        else:
            used, bnb = "", False
        offered = rng.random() < 0.6
        taken = offered and rng.random() < 0.5
        presentation = a.Ref()
        add(
            plan,
            day,
            a.RecordHomelessPresentation(presentation, child, day, offered, taken, used, bnb),
        )
        if not offered and rng.random() < 0.6:
            later = day + timedelta(days=rng.randint(1, 5))
            add(plan, later, a.RecordAdvocacy(presentation, later, True, rng.random() < 0.5))
        if rng.random() < 0.08:
            continue  # went home before the assessment started
        started = add_working_days(day, rng.randint(0, 4))
        add(plan, started, a.StartJointAssessment(presentation, started))
        took = rng.randint(3, 30) if rng.random() < 0.88 else rng.randint(46, 60)
        completed = add_working_days(started, took)
        add(plan, completed, a.CompleteJointAssessment(presentation, completed))
        decided = completed + timedelta(days=rng.randint(0, 4))
        outcome = pick(rng, (("accommodated_s20", 25), ("supported_s17", 40), ("other", 35)))
        if outcome == "accommodated_s20" and decided >= b18 - timedelta(days=30):
            outcome = "supported_s17"
        moved_on = bnb and rng.random() < 0.8
        add(
            plan,
            decided,
            a.RecordHomelessOutcome(
                presentation,
                outcome,
                decided,
                accommodation_used="Supported accommodation" if moved_on else None,
                is_bed_and_breakfast=False if moved_on else None,
            ),
        )
        if outcome == "accommodated_s20":
            accommodated(sim, plan, decided, b18)


def accommodated(sim: Simulation, plan: ChildPlan, day: date, b18: date) -> None:
    """Looked after under section 20 in supported accommodation, to 18 or home earlier."""
    rng, add, child = sim.xrng, sim.add, plan.ref
    setting = rng.choice(sim.settings.supported)
    period = a.Ref()
    add(
        plan,
        day,
        a.StartCare(
            period,
            child,
            day,
            "V2",
            PlacementDetails(
                place="K3",
                provider="PR4" if rng.random() < 0.7 else "PR1",
                carer=setting.name,
                urn=setting.urn,
                postcode=setting.postcode,
            ),
            pick(rng, (("N4", 3), ("N5", 4), ("N6", 2))),
            rng.choice(sim.postcodes),
        ),
    )
    end, rec = b18, rng.choice(("E5", "E8"))
    if rng.random() < 0.35:
        home = day + timedelta(days=rng.randint(40, 300))
        if home < b18:
            end, rec = home, "E4A"
    worker = rng.choice(sim.staff.children_in_care)
    allocation = a.Ref()
    add(plan, day, a.Allocate(allocation, child, worker, "social_worker", day, "FCONTA"))
    review, gap = add_working_days(day, rng.randint(10, 20)), 3
    while review < end:
        participation = pick(rng, (("PN1", 5), ("PN3", 2), ("PN6", 2), ("PN7", 1)))
        add(plan, review, a.RecordReview(period, review, participation))
        review, gap = add_months(review, gap) - timedelta(days=rng.randint(0, 10)), 6
    visit = day + timedelta(days=rng.randint(1, 6))
    while visit < end and visit <= sim.cfg.as_of:
        seen = rng.random() < 0.94
        alone = seen and rng.random() < 0.7
        add(plan, visit, a.RecordVisit(child, "lac", visit, worker, seen, alone))
        visit = add_working_days(visit, rng.randint(20, 30))
    add(plan, end, a.EndCare(period, end, rec))
    add(plan, end, a.EndAllocation(allocation, end))
    life_in_care(sim, plan, period, day, end, [])
    planning.care_plans(sim, plan, period, day, end, [day])
