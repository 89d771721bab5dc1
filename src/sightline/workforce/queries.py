"""Reading the workforce: each worker's caseload, by the stage of the child's journey
(the team view, issue 15 item 3). Set-based: one query for the allocations with each child's
stage (a SQL CASE, ``stage_expression``), one for the workers; never a query per worker or per
child."""

from __future__ import annotations

import functools
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Case, CharField, Exists, OuterRef, Q, QuerySet, Value, When

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


STAGE_RANK = {key: rank for rank, (key, _label) in enumerate(STAGES)}


def stage_expression(child_field: str = "child_id", kind_field: str | None = "kind") -> Case:
    """The stage of the journey: the most significant stage open for the child at ``child_field``
    (with the allocation's kind at ``kind_field``: a personal adviser's child with nothing open
    is a care leaver; None: no allocation, so "none"). A CASE tests the kinds of episode in
    order and stops at the first open, so a looked-after child costs one index probe, not
    seven, and the row carries one short string instead of seven flags."""
    episodes = open_episodes(child_field)
    assessment = episodes["section47"] | episodes["assessment"] | episodes["referral"]
    whens = [
        When(episodes["looked_after"], then=Value("looked_after")),
        When(episodes["child_protection"], then=Value("child_protection")),
        When(episodes["child_in_need"], then=Value("child_in_need")),
        When(assessment, then=Value("assessment")),
        When(episodes["early_help"], then=Value("early_help")),
    ]
    if kind_field is not None:
        whens.append(
            When(Q(**{kind_field: Allocation.Kind.PERSONAL_ADVISER}), then=Value("care_leaver"))
        )
    return Case(*whens, default=Value("none"), output_field=CharField())


@functools.cache
def _with_stage() -> QuerySet[Any]:
    """Allocations annotated with their child's stage, built and resolved once per process
    (each read clones it and adds its own filters; never evaluated itself)."""
    return Allocation.objects.annotate(stage=stage_expression())


@dataclass
class Caseload:
    worker: Worker
    children: int = 0
    by_stage: dict[str, int] = field(default_factory=dict)
    kinds: dict[str, int] = field(default_factory=dict)  # allocations by kind

    @property
    def cells(self) -> list[tuple[str, str]]:
        """(stage, count) in ``STAGES`` order: a row of the caseload table, the count already
        text (a template localises each number it is given: a tenth of a large team view)."""
        return [(label, str(self.by_stage.get(key, 0))) for key, label in STAGES]


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
    rows = (
        _with_stage()
        .filter(current_on(day), team_id__in=teams, worker_id__in=list(workers))
        .filter(children)
        .order_by()
        .values_list("worker_id", "child_id", "kind", "stage")
    )
    stages: dict[tuple[int, int], str] = {}  # each child once per worker: its most significant
    for worker_id, child_id, kind, stage in rows:
        kinds = workers[worker_id].kinds
        kinds[kind] = kinds.get(kind, 0) + 1
        held = stages.get((worker_id, child_id))
        if held is None or STAGE_RANK[stage] < STAGE_RANK[held]:
            stages[worker_id, child_id] = stage
    for (worker_id, _child), stage in stages.items():
        caseload = workers[worker_id]
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
    rows = (
        _with_stage()
        .filter(current_on(day), worker_id=worker_id, kind=kind, child__in=children)
        .select_related("child")
        .order_by("child__family_name", "child__given_name", "child_id")
    )
    return [Allocated(row, row.stage) for row in rows]
