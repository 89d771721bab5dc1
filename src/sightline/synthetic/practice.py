"""The quality of practice a synthetic authority records: supervision and management
oversight over the year before its as-of date (decision 0039).

Without them a demo leader found every practitioner's supervision overdue since the history
began and every open case without oversight, in an authority whose 2025 inspection found
supervision a strength. Both are actions like the rest of the simulation (``actions.py``), so
the bulk writer and the services' replay write them alike and the equivalence test holds them
equal. They are drawn from a generator of their own, after the children's journeys, so the
journeys are the same with or without them.

- **Supervision.** Every practitioner (social workers, family support workers, personal
  advisers) is supervised by their team's manager at the local standard's interval
  (``quality.rules.supervision_standard``). Most sessions fall on or a few days before the due
  day, and one in four is late by one to four weeks. Each session discusses up to three of the
  children the worker holds that day, with a case-level note.
- **Management oversight.** Each social worker allocation open in the year has a regular case
  review by the manager of the worker's team, three to eleven weeks apart, the first within
  four weeks of the allocation (or of the year's start).
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sightline.quality.models import Oversight
from sightline.quality.rules import supervision_standard
from sightline.synthetic import actions as a
from sightline.workforce.models import Allocation, Worker

YEAR = timedelta(days=365)
PRACTITIONERS = frozenset(
    {Worker.Role.SOCIAL_WORKER, Worker.Role.FAMILY_SUPPORT_WORKER, Worker.Role.PERSONAL_ADVISER}
)
LATE_SUPERVISION = 1 / 4
CASES_PER_SUPERVISION = 3

REFLECTIONS = (
    "Reflected on a demanding week and on where one plan has drifted.",
    "Workload, wellbeing and the training on child exploitation booked for next month.",
    "Reflection on a difficult home visit and on what the child's own words tell us.",
    "Talked through the evidence for the threshold decisions in two new cases.",
    "Leave, caseload and a development plan towards the worker's next step.",
)
CASE_NOTES = (
    "Plan reviewed: steady progress; next visit agreed.",
    "School attendance has fallen: worker to speak to the designated safeguarding lead.",
    "The child's wishes recorded: worker to bring them into the plan.",
    "Drift since the last review: a core group date to be set this week.",
    "Family engaging well: consider stepping down at the next review.",
)
DECISIONS = (
    (
        "The plan remains right: continue visits at the agreed frequency.",
        "The child was seen recently and the plan's actions are on track.",
    ),
    (
        "Bring the chronology and the plan up to date before the next review.",
        "Recording is behind the work done; the review needs a current picture.",
    ),
    (
        "Ask the school for its view before the next visit.",
        "Attendance has dropped and the reason is not yet understood.",
    ),
    (
        "Visit weekly for the next month.",
        "New concerns raised by health need closer watching.",
    ),
    (
        "Consider closing the case at the next review if progress holds.",
        "Needs are being met and the family engages well.",
    ),
)


@dataclass(frozen=True)
class Held:
    """A child's allocation to a worker, from the day it started to the day it ended."""

    child: a.Ref
    worker: int
    kind: str
    started_on: date
    ended_on: date | None

    def on(self, day: date) -> bool:
        return self.started_on <= day and (self.ended_on is None or day < self.ended_on)


def allocations(journeys: Iterable[Sequence[a.Action]]) -> list[Held]:
    """Every allocation the journeys make, with its end: an ``EndAllocation``, or the next
    allocation of the same kind to the same child (``workforce.services.allocate`` ends the
    current one)."""
    found: list[Held] = []
    for actions in journeys:
        starts: dict[int, a.Allocate] = {}
        ends: dict[int, date] = {}
        current: dict[tuple[int, str], a.Allocate] = {}
        for x in actions:
            if isinstance(x, a.Allocate):
                before = current.get((id(x.child), x.kind))
                if before is not None and id(before.ref) not in ends:
                    ends[id(before.ref)] = x.started_on
                current[(id(x.child), x.kind)] = x
                starts[id(x.ref)] = x
            elif isinstance(x, a.EndAllocation) and id(x.allocation) in starts:
                ends.setdefault(id(x.allocation), x.ended_on)
        for key, x in starts.items():
            found.append(Held(x.child, x.worker, x.kind, x.started_on, ends.get(key)))
    return found


def _weekday(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def practice(journeys: Sequence[Sequence[a.Action]], as_of: date, seed: int) -> list[a.Action]:
    """The supervision and oversight actions of the year before ``as_of``, in date order."""
    rng = random.Random(f"{seed}:practice")
    first = as_of - YEAR
    staff = list(Worker.objects.values_list("pk", "role", "team_id", "started_on").order_by("pk"))
    manager_of: dict[int, int] = {}
    for pk, role, team_id, _ in staff:
        if role == Worker.Role.TEAM_MANAGER:
            manager_of.setdefault(team_id, pk)
    team_of = {pk: team_id for pk, _, team_id, _ in staff}
    held = allocations(journeys)
    caseload: dict[int, list[Held]] = defaultdict(list)
    for h in held:
        caseload[h.worker].append(h)
    dated: list[tuple[date, int, a.Action]] = []

    def add(day: date, action: a.Action) -> None:
        dated.append((day, len(dated), action))

    standard = supervision_standard()
    for pk, role, team_id, started_on in staff:
        supervisor = manager_of.get(team_id)
        if role not in PRACTITIONERS or supervisor is None:
            continue
        day = _weekday(max(first, started_on) + timedelta(days=rng.randrange(28)))
        while day <= as_of:
            children = list({id(h.child): h.child for h in caseload[pk] if h.on(day)}.values())
            chosen = rng.sample(children, min(CASES_PER_SUPERVISION, len(children)))
            cases = tuple((child, rng.choice(CASE_NOTES)) for child in chosen)
            add(day, a.RecordSupervision(pk, supervisor, day, rng.choice(REFLECTIONS), cases))
            due = standard.interval(started_on, day).due(day)
            if rng.random() < LATE_SUPERVISION:
                day = due + timedelta(days=rng.randint(7, 28))
            else:
                day = due - timedelta(days=rng.randint(0, 7))
            day = _weekday(day)
    for h in held:
        manager = manager_of.get(team_of[h.worker])
        if h.kind != Allocation.Kind.SOCIAL_WORKER or manager is None:
            continue
        last = as_of if h.ended_on is None else min(as_of, h.ended_on - timedelta(days=1))
        day = _weekday(max(first, h.started_on) + timedelta(days=rng.randrange(28)))
        while day <= last:
            decision, rationale = rng.choice(DECISIONS)
            review = Oversight.Point.REGULAR
            add(day, a.RecordOversight(h.child, manager, day, review, decision, rationale))
            day = _weekday(day + timedelta(days=rng.randint(21, 77)))
    dated.sort(key=lambda item: (item[0], item[1]))
    return [action for _, _, action in dated]
