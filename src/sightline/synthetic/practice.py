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

from sightline.core.calendar import add_months, is_working_day
from sightline.quality import services as quality
from sightline.quality.models import Feedback, Grade, Oversight, Theme
from sightline.quality.rules import months_back, supervision_standard
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


def _working_day(day: date) -> date:
    """``day``, or the first working day after it (no supervision on a bank holiday)."""
    while not is_working_day(day):
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
        day = _working_day(max(first, started_on) + timedelta(days=rng.randrange(28)))
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
            day = _working_day(day)
    for h in held:
        manager = manager_of.get(team_of[h.worker])
        if h.kind != Allocation.Kind.SOCIAL_WORKER or manager is None:
            continue
        last = as_of if h.ended_on is None else min(as_of, h.ended_on - timedelta(days=1))
        day = _working_day(max(first, h.started_on) + timedelta(days=rng.randrange(28)))
        while day <= last:
            decision, rationale = rng.choice(DECISIONS)
            review = Oversight.Point.REGULAR
            add(day, a.RecordOversight(h.child, manager, day, review, decision, rationale))
            day = _working_day(day + timedelta(days=rng.randint(21, 77)))
    dated.sort(key=lambda item: (item[0], item[1]))
    return [action for _, _, action in dated]


# --- Case audits and the voice of children and families, for the demo --------------------------

AUDIT_MONTHS = 6
FEEDBACK_PER_MONTH = 8
FINDINGS = {
    Grade.OUTSTANDING: "Exemplary: the child's voice runs through the work and the plan.",
    Grade.GOOD: "Good: timely, analytical and focused on what changes for the child.",
    Grade.REQUIRES_IMPROVEMENT: "Requires improvement: the work is late or the plan is vague.",
    Grade.INADEQUATE: "Inadequate: risks are not understood and the plan does not address them.",
}
SUMMARIES = {
    Grade.OUTSTANDING: "Strong, child-centred practice throughout; shared as an example.",
    Grade.GOOD: "Good practice; the next review should make the plan's outcomes measurable.",
    Grade.REQUIRES_IMPROVEMENT: "Practice needs to be more timely, with sharper plans.",
    Grade.INADEQUATE: "The child's circumstances need an urgent review by the team manager.",
}
RESPONSE = "Discussed with my manager; the plan will be updated at the next review."
FEEDBACK = {
    Feedback.Sentiment.POSITIVE: "Said their worker listens and keeps them informed.",
    Feedback.Sentiment.MIXED: "Happy with their worker but not with how often it changes.",
    Feedback.Sentiment.NEGATIVE: "Said meetings are arranged at times they cannot attend.",
}


def audits_and_feedback(as_of: date, seed: int, per_month: int) -> tuple[int, int]:
    """Six months of case audits to today (each month's sample, audited by a manager of
    another team, one in five moderated, half answered by the practitioner) and of feedback,
    through the quality services: the audit findings, their trend and the voice beside them,
    as a demo leader would find them. The share of good audits rises month by month. Returns
    the audits and feedback recorded."""
    rng = random.Random(f"{seed}:audits")
    staff = {w.pk: w for w in Worker.objects.select_related("team").order_by("pk")}
    managers = [w for w in staff.values() if w.role == Worker.Role.TEAM_MANAGER]
    leader = next(w for w in staff.values() if w.role == Worker.Role.SENIOR_LEADER)
    sampler = next((w for w in staff.values() if w.role == Worker.Role.SERVICE_MANAGER), leader)
    months = months_back(as_of, AUDIT_MONTHS)  # the roll-up's: this one so far, and five
    audited = feedback = 0
    for n, month in enumerate(months):
        end = min(add_months(month, 1) - timedelta(days=1), as_of)
        good = 0.6 + 0.05 * n  # the share of audits good or better, rising to 85%
        sample = quality.draw_audit_sample(
            template=None, month=month, size=per_month, by=sampler, today=end
        )
        for case in sample:
            auditor = rng.choice([m for m in managers if m.team_id != case.team_id])
            # A case is good or not as a whole; its answers mostly agree with that.
            grades = (1, 2, 2, 2, 3) if rng.random() < good else (2, 3, 3, 3, 4)
            graded = [(q, rng.choice(grades)) for q in case.template.questions.order_by("number")]
            overall = sorted(g for _, g in graded)[len(graded) // 2]
            on = month + timedelta(days=rng.randrange((end - month).days + 1))
            quality.complete_audit(
                case_audit=case,
                auditor=auditor,
                audited_on=on,
                answers=[quality.Answer(q.pk, g, FINDINGS[Grade(g)]) for q, g in graded],
                grade=overall,
                summary=SUMMARIES[Grade(overall)],
                today=end,
            )
            audited += 1
            if rng.random() < 0.2:
                moderated = max(1, min(4, overall + rng.choice((-1, 0, 0, 1))))
                quality.moderate_audit(
                    case_audit=case,
                    moderator=sampler if sampler.pk != auditor.pk else leader,
                    moderated_on=on,
                    grade=moderated,
                    note="Moderated at the monthly practice panel.",
                    today=end,
                )
            if case.practitioner_id is not None and rng.random() < 0.5:
                quality.respond_to_audit(
                    case_audit=case,
                    by=staff[case.practitioner_id],
                    responded_on=on,
                    response=RESPONSE,
                    today=end,
                )
        for _ in range(FEEDBACK_PER_MONTH):
            sentiment = rng.choice(
                (Feedback.Sentiment.POSITIVE,) * 3
                + (Feedback.Sentiment.MIXED, Feedback.Sentiment.NEGATIVE)
            )
            quality.record_feedback(
                received_on=month + timedelta(days=rng.randrange((end - month).days + 1)),
                source=rng.choice(Feedback.Source.values),
                theme=rng.choice(Theme.values),
                sentiment=sentiment,
                summary=FEEDBACK[sentiment],
                by=sampler,
                today=end,
            )
            feedback += 1
    return audited, feedback
