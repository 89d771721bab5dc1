"""Reading the workforce: each worker's caseload, by the stage of the child's journey
(the team view, issue 15 item 3). Set-based: one query for the allocations with each child's
stage, one for the workers; never a query per worker or per child."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet

from sightline.workforce.models import Allocation, Worker, current_on

# The stages of the journey a caseload is split by, most significant first: a child counts
# once, under the first that is open for them. A child with a personal adviser and no open
# period of care is a care leaver.
STAGES: tuple[tuple[str, str], ...] = (
    ("looked_after", "Looked after"),
    ("child_protection", "Child protection"),
    ("child_in_need", "Child in need"),
    ("assessment", "Referral and assessment"),
    ("early_help", "Early help"),
    ("care_leaver", "Care leaver"),
    ("none", "No open episode"),
)
STAGE_LABELS = dict(STAGES)
# The allocations that make a caseload (the reviewing officer's and chair's are their own
# caseloads too: an IRO's manager reads them the same way).
CASELOAD_KINDS = tuple(Allocation.Kind.values)


def open_episodes(child_field: str = "child_id") -> dict[str, Exists]:
    """Is each kind of episode open now for the child at ``child_field`` of the outer row
    (``child_id`` of an allocation, ``pk`` of a Person)?"""
    from sightline.care.models import PeriodOfCare
    from sightline.frontdoor.models import EarlyHelpEpisode
    from sightline.protection.models import (
        Assessment,
        ChildInNeedPlan,
        ChildProtectionPlan,
        Referral,
        Section47Enquiry,
    )

    child = OuterRef(child_field)
    return {
        "looked_after": Exists(PeriodOfCare.objects.filter(child_id=child, ended_on__isnull=True)),
        "child_protection": Exists(
            ChildProtectionPlan.objects.filter(child_id=child, ended_on__isnull=True)
        ),
        "child_in_need": Exists(
            ChildInNeedPlan.objects.filter(child_id=child, ended_on__isnull=True)
        ),
        "section47": Exists(
            Section47Enquiry.objects.filter(child_id=child, completed_on__isnull=True)
        ),
        "assessment": Exists(Assessment.objects.filter(child_id=child, authorised_on__isnull=True)),
        "referral": Exists(Referral.objects.filter(child_id=child, closure_date__isnull=True)),
        "early_help": Exists(
            EarlyHelpEpisode.objects.filter(child_id=child, ended_on__isnull=True)
        ),
    }


def stage_of(flags: dict[str, bool], kind: str) -> str:
    """The most significant stage open for a child (``flags`` from ``open_episodes``)."""
    if flags.get("looked_after"):
        return "looked_after"
    if flags.get("child_protection"):
        return "child_protection"
    if flags.get("child_in_need"):
        return "child_in_need"
    if flags.get("section47") or flags.get("assessment") or flags.get("referral"):
        return "assessment"
    if flags.get("early_help"):
        return "early_help"
    if kind == Allocation.Kind.PERSONAL_ADVISER:
        return "care_leaver"
    return "none"


@dataclass
class Caseload:
    worker: Worker
    children: int = 0
    by_stage: dict[str, int] = field(default_factory=dict)
    kinds: dict[str, int] = field(default_factory=dict)  # allocations by kind

    @property
    def cells(self) -> list[tuple[str, int]]:
        """(stage, count) in ``STAGES`` order: a row of the caseload table."""
        return [(label, self.by_stage.get(key, 0)) for key, label in STAGES]


def _current(day: date) -> QuerySet[Allocation]:
    return Allocation.objects.filter(current_on(day))


def caseloads(day: date, team_ids: Collection[int], children: Q) -> list[Caseload]:
    """Every worker in these teams who has not left, with the children currently allocated
    to them (of any kind, each child once), split by stage; the largest caseload first.

    ``children`` is the condition on the allocation's child that the viewer may know it
    exists (``access.policy.known_condition(user, "child")``): a restricted record is not
    counted for someone not named on it."""
    teams = sorted(team_ids)
    workers = {
        w.pk: Caseload(w)
        for w in Worker.objects.filter(team_id__in=teams)
        .exclude(left_on__lt=day)
        .select_related("team")
        .order_by("family_name", "given_name", "pk")
    }
    names = list(open_episodes())
    rows = (
        _current(day)
        .filter(team_id__in=teams, worker_id__in=list(workers))
        .filter(children)
        .annotate(**{f"open_{name}": expression for name, expression in open_episodes().items()})
        .order_by()
        .values_list("worker_id", "child_id", "kind", *[f"open_{name}" for name in names])
    )
    seen: set[tuple[int, int]] = set()
    for worker_id, child_id, kind, *flags in rows:
        caseload = workers[worker_id]
        caseload.kinds[kind] = caseload.kinds.get(kind, 0) + 1
        if (worker_id, child_id) in seen:
            continue
        seen.add((worker_id, child_id))
        stage = stage_of(dict(zip(names, flags, strict=True)), kind)
        caseload.children += 1
        caseload.by_stage[stage] = caseload.by_stage.get(stage, 0) + 1
    return sorted(workers.values(), key=lambda c: -c.children)


@dataclass(frozen=True)
class Allocated:
    """One child on a worker's caseload, as the reallocation page lists it."""

    allocation: Allocation
    stage: str

    @property
    def stage_label(self) -> str:
        return STAGE_LABELS[self.stage]


def caseload_of(day: date, worker_id: int, kind: str, children: QuerySet) -> list[Allocated]:
    """The children currently allocated to this worker as ``kind``, among ``children`` (the
    viewer's visible children), in name order, each with its stage. One query."""
    names = list(open_episodes())
    rows = (
        _current(day)
        .filter(worker_id=worker_id, kind=kind, child__in=children)
        .select_related("child")
        .annotate(**{f"open_{name}": expression for name, expression in open_episodes().items()})
        .order_by("child__family_name", "child__given_name", "child_id")
    )
    return [
        Allocated(row, stage_of({n: getattr(row, f"open_{n}") for n in names}, kind))
        for row in rows
    ]
