"""A child's life while looked after, as actions: missing and away episodes with return
interviews, health checks, school and personal education plan reviews (care.services_in_care).

Each function adds the actions for one period of care to the child's plan. Only days on or after
the history's start are generated (earlier history is carried over summarised, as for reviews),
and only inside the period: the last day in care is the day before it ends. Rates: England 2024
(about one child in ten looked after goes missing in a year, adolescents far more often, most
more than once; DOMAIN.md 1.2 and 1.4 for the timescales).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sightline.core.calendar import add_months, add_working_days
from sightline.leaving_care.eligibility import birthday
from sightline.synthetic import actions as a
from sightline.timescales.catalogue import catalogue

if TYPE_CHECKING:
    from sightline.synthetic.simulate import ChildPlan, Simulation

LONDON = ZoneInfo("Europe/London")
TOWNS = (
    "Gloucester",
    "Cheltenham",
    "Stroud",
    "Tewkesbury",
    "Cirencester",
    "Coleford",
    "Cinderford",
    "Dursley",
    "Stonehouse",
    "Lydney",
    "Quedgeley",
    "Bishop's Cleeve",
)
PRIMARY = ("Primary School", "C of E Primary School", "Primary Academy", "Junior School")
SECONDARY = ("Academy", "High School", "School", "Secondary School")


@dataclass(frozen=True)
class Setting:
    name: str
    urn: str  # Ofsted URN: SC and 6 digits (DOMAIN.md 9)
    postcode: str


@dataclass(frozen=True)
class School:
    name: str
    urn: str  # DfE school URN: 6 digits


class Settings:
    """Places the synthetic children live and learn, drawn once: the same children's home or
    fostering agency always has the same URN and postcode."""

    def __init__(self, rng: random.Random, inside: list[str], outside: list[str]) -> None:
        urns = iter(rng.sample(range(100_000, 1_000_000), 200))
        self.homes = [
            Setting(
                f"Children's home {i}",
                f"SC{next(urns)}",
                rng.choice(outside if rng.random() < 0.35 else inside),
            )
            for i in range(60)
        ]
        self.supported = [
            Setting(f"Supported accommodation {i}", f"SC{next(urns)}", rng.choice(inside))
            for i in range(12)
        ]
        self.fostering_service = f"SC{next(urns)}"  # the authority's own fostering service
        self.agencies = [f"SC{next(urns)}" for _ in range(15)]  # independent fostering agencies
        school_urns = iter(rng.sample(range(100_000, 150_000), 220))
        self.primary = [
            School(f"{rng.choice(TOWNS)} {rng.choice(PRIMARY)} {i}", str(next(school_urns)))
            for i in range(160)
        ]
        self.secondary = [
            School(f"{rng.choice(TOWNS)} {rng.choice(SECONDARY)} {i}", str(next(school_urns)))
            for i in range(40)
        ]

    def foster_urn(self, provider: str, carer_number: int) -> str:
        if provider == "PR1":
            return self.fostering_service
        return self.agencies[carer_number % len(self.agencies)]


def age(born: date, day: date) -> float:
    return (day - born).days / 365.25


def at(rng: random.Random, day: date, hour_from: int, hour_to: int) -> datetime:
    t = time(rng.randint(hour_from, hour_to), rng.choice((0, 10, 15, 20, 30, 40, 45, 50)))
    return datetime.combine(day, t, tzinfo=LONDON)


def life_in_care(
    sim: Simulation,
    plan: ChildPlan,
    period: a.Ref,
    start: date,
    end: date,
    moves: list[date],
) -> None:
    """Everything recorded about the child's life during one period of care [start, end)."""
    plan.care_periods.append((start, end))
    assert plan.birth_date is not None
    lo = max(start, sim.cfg.start)
    hi = min(end - timedelta(days=1), sim.cfg.as_of)
    if hi < lo:
        return
    missing(sim, plan, period, lo, hi)
    health(sim, plan, period, start, lo, hi)
    education(sim, plan, period, start, lo, hi, moves)


def homes_apart_from_placements(sim: Simulation) -> None:
    """A period's home postcode (HOME_POST) is never the postcode of one of its placements
    (SSDA903 rule 392d, unless placed with parents): where the draws collide, the home moves to
    the next postcode of the county's list that no placement of the period uses."""
    pool = sim.postcodes
    for plan in sim.plans:
        starts: dict[int, a.StartCare] = {}
        placed: dict[int, set[str]] = {}
        for _, _, x in plan.actions:
            if isinstance(x, a.StartCare):
                starts[id(x.ref)] = x
                placed.setdefault(id(x.ref), set()).add(x.placement.postcode)
            elif isinstance(x, a.ChangePlacement):
                placed.setdefault(id(x.period), set()).add(x.placement.postcode)
        for key, start in starts.items():
            if start.home_postcode in placed[key]:
                at = pool.index(start.home_postcode) if start.home_postcode in pool else 0
                start.home_postcode = next(
                    pool[(at + step) % len(pool)]
                    for step in range(1, len(pool))
                    if pool[(at + step) % len(pool)] not in placed[key]
                )


# --- Missing and away ---------------------------------------------------------------------


def missing(sim: Simulation, plan: ChildPlan, period: a.Ref, lo: date, hi: date) -> None:
    rng, born = sim.xrng, plan.birth_date
    assert born is not None
    oldest = age(born, hi)
    chance = 0.4 if oldest >= 14 else 0.14 if oldest >= 11 else 0.01
    if rng.random() >= chance:
        return
    earliest = max(lo, birthday(born, 10)) if oldest >= 11 else lo
    days = (hi - earliest).days
    if days < 3:
        return
    if rng.random() < 0.4:
        count = 1
    else:  # repeatedly missing: a few to many times a year
        years = max(days / 365.25, 0.25)
        count = max(2, min(50, round(years * rng.lognormvariate(math.log(6), 0.8))))
    picked = sorted({earliest + timedelta(days=rng.randrange(days)) for _ in range(count)})
    back: datetime | None = None
    for day in picked:
        left = at(rng, day, 13, 23)
        if back is not None and left < back + timedelta(days=1):
            continue
        away = rng.random() < 0.2
        hours = min(240.0, max(1.0, rng.lognormvariate(math.log(8 if away else 14), 0.9)))
        returned = left + timedelta(hours=round(hours, 1))
        if returned.date() > hi:
            returned = datetime.combine(hi, time(23, 0), tzinfo=LONDON)
            if returned <= left + timedelta(hours=1):
                break
        episode = a.Ref()
        sim.add(plan, day, a.RecordMissingStart(episode, period, "A" if away else "M", left))
        back = returned
        on = returned.date()
        offered = rng.random() < (0.75 if away else 0.92)
        accepted = offered and rng.random() < 0.62
        if offered and not accepted and rng.random() < 0.5:  # offered and declined at once
            sim.add(plan, on, a.RecordReturn(episode, returned, offered=True))
            continue
        sim.add(plan, on, a.RecordReturn(episode, returned))
        if not offered:
            continue
        if not accepted:
            declined = on + timedelta(days=rng.randint(0, 2))
            sim.add(plan, declined, a.RecordReturnInterview(episode, declined, True, False, None))
            continue
        pick = rng.random()
        if pick < 0.1:  # accepted, never held
            noted = on + timedelta(days=rng.randint(1, 3))
            sim.add(plan, noted, a.RecordReturnInterview(episode, noted, True, True, None))
            continue
        hours_after = rng.randint(4, 70) if pick < 0.8 else rng.randint(73, 240)
        held = at(rng, (returned + timedelta(hours=hours_after)).date(), 9, 17)
        if held < returned:
            held = returned + timedelta(hours=2)
        sim.add(plan, held.date(), a.RecordReturnInterview(episode, held.date(), True, True, held))


# --- Health -------------------------------------------------------------------------------


def health(
    sim: Simulation, plan: ChildPlan, period: a.Ref, start: date, lo: date, hi: date
) -> None:
    rng, born = sim.xrng, plan.birth_date
    assert born is not None

    def check(day: date, kind: str, score: int | None = None, reason: str = "") -> None:
        if lo <= day <= hi:
            sim.add(plan, day, a.RecordHealthCheck(period, kind, day, score, reason))

    # Initial health assessment: within 20 working days of becoming looked after.
    if start >= lo:
        pick = rng.random()
        if pick < 0.72:
            check(add_working_days(start, rng.randint(5, 20)), "initial")
        elif pick < 0.94:
            check(add_working_days(start, rng.randint(21, 60)), "initial")
    # Review health assessments: 6-monthly under 5, yearly from 5.
    due = add_months(start, 6 if age(born, start) < 5 else 12)
    while due <= hi:
        done = due - timedelta(days=rng.randint(0, 25)) if rng.random() < 0.8 else due
        if rng.random() < 0.9:
            if rng.random() > 0.85:  # late
                done = due + timedelta(days=rng.randint(10, 60))
            check(done, "review")
        due = add_months(max(done, due - timedelta(days=40)), 6 if age(born, done) < 5 else 12)
    # Each year in care: dental check, immunisations, and an SDQ for ages 4 to 16.
    year = 1
    while (anniversary := add_months(start, 12 * year)) <= hi:
        year += 1
        if anniversary < lo:
            continue
        years_old = age(born, anniversary)
        if years_old >= 1 and rng.random() < 0.86:
            check(anniversary - timedelta(days=rng.randint(0, 60)), "dental")
        if rng.random() < 0.9:
            check(anniversary - timedelta(days=rng.randint(0, 45)), "immunisations")
        # The SDQ of the collection year the anniversary falls in (OC2 reports the year's).
        year_from = collection_year_start(anniversary)
        if 4 <= years_old < 17:
            day = max(anniversary - timedelta(days=rng.randint(0, 30)), year_from)
            if rng.random() < 0.88:
                score = min(40, max(0, round(rng.gauss(14, 6))))
                check(day, "sdq", score=score)
            else:
                reasons = ("SDQ2", "SDQ4", "SDQ5") if years_old >= 11 else ("SDQ2", "SDQ4")
                check(day, "sdq", reason=rng.choice(reasons))
        elif turns_4_or_17(born, year_from):
            # Under 4 or over 16 at the assessment, in the year the child turns 4 or 17: no
            # form, and the reason says so (SDQ1; SSDA903 rule 197B asks for one or the other).
            check(anniversary, "sdq", reason="SDQ1")


def collection_year_start(day: date) -> date:
    """1 April of the collection year (1 April to 31 March) ``day`` falls in."""
    return date(day.year if day.month >= 4 else day.year - 1, 4, 1)


def turns_4_or_17(born: date, year_from: date) -> bool:
    year_to = date(year_from.year + 1, 3, 31)
    return any(year_from <= birthday(born, n) <= year_to for n in (4, 17))


# --- Education ----------------------------------------------------------------------------


def school_years(born: date) -> tuple[date, date]:
    """From the September after the 4th birthday (reception) to the July of year 11."""
    first_september = date(born.year + 4 + (1 if born.month >= 9 else 0), 9, 1)
    return first_september, date(first_september.year + 12, 7, 20)


def schools(
    sim: Simulation,
    plan: ChildPlan,
    moves: list[date],
    first: date,
    last: date,
    secondary_from: date,
) -> None:
    """The schools a looked-after child attends from ``first`` to ``last``: one at the start,
    a change after some placement moves, and secondary school from year 7."""
    rng, settings = sim.xrng, sim.settings

    def join(day: date) -> None:
        if plan.school_since is not None and day <= plan.school_since:
            return
        pool = settings.secondary if day >= secondary_from else settings.primary
        school = rng.choice(pool)
        sim.add(plan, day, a.RecordSchool(plan.ref, school.name, school.urn, day))
        plan.school_since = day

    join(first)
    changes = [m + timedelta(days=rng.randint(0, 10)) for m in moves if rng.random() < 0.3]
    if first < secondary_from <= last:
        changes.append(secondary_from + timedelta(days=rng.randint(0, 3)))
    for day in sorted(changes):
        if first < day <= last:
            join(day)


def education(
    sim: Simulation,
    plan: ChildPlan,
    period: a.Ref,
    start: date,
    lo: date,
    hi: date,
    moves: list[date],
) -> None:
    rng, born = sim.xrng, plan.birth_date
    assert born is not None
    school_from, school_to = school_years(born)
    secondary_from = date(school_from.year + 7, 9, 1)
    first = max(lo, school_from)
    last = min(hi, school_to)
    if first <= last:
        schools(sim, plan, moves, first, last, secondary_from)
    # Personal education plans for the ages the timescales ask for (3 to 17 by default), in
    # school or not: from early years to the end of the 17th year.
    low, high = catalogue().pep_ages
    first = max(lo, birthday(born, low))
    last = min(hi, birthday(born, high) - timedelta(days=1))
    if last < first:
        return
    # Personal education plan: within 10 working days of coming into care, then termly.
    taken: set[date] = set()
    if start >= lo:
        initial = add_working_days(start, rng.randint(4, 14))
        if first <= initial <= last:
            sim.add(plan, initial, a.RecordPEPReview(period, initial))
            taken.add(initial)
    for year in range(first.year - 1, last.year + 1):
        for term in (date(year, 10, 20), date(year + 1, 2, 10), date(year + 1, 6, 20)):
            day = term + timedelta(days=rng.randint(-18, 18))
            near = any(abs((day - t).days) < 30 for t in taken)
            if first <= day <= last and not near and rng.random() < 0.88:
                sim.add(plan, day, a.RecordPEPReview(period, day))
                taken.add(day)
