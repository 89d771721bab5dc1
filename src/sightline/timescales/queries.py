"""Reading obligations: what is due or overdue on a day, whose work it is, and how often each
rule is met in time. Every read is one set-based query (CONTRACTS.md "Command-line outputs")."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Concat

from sightline.timescales.catalogue import FRONT_DOOR, PA, RULES, SW
from sightline.timescales.models import Obligation
from sightline.workforce.models import Allocation, Team, Worker

STATUSES = ("due", "overdue", "met_in_time", "met_late", "cancelled")
OWNERS = {SW: Allocation.Kind.SOCIAL_WORKER, PA: Allocation.Kind.PERSONAL_ADVISER}


def rules_owned_by(owner: str) -> list[str]:
    return [rule.code for rule in RULES if rule.owner == owner]


def open_at(day: date) -> Q:
    """Started by ``day`` and neither met nor cancelled by then (met later still counts as
    open at ``day``)."""
    return (
        Q(started_on__lte=day)
        & (Q(met_on__isnull=True) | Q(met_on__gt=day))
        & (Q(cancelled_on__isnull=True) | Q(cancelled_on__gt=day))
    )


def closed_by(day: date) -> Q:
    return Q(met_on__lte=day) | Q(cancelled_on__lte=day)


def status_at(day: date) -> Case:
    return Case(
        When(met_on__lte=day, met_in_time=True, then=Value("met_in_time")),
        When(met_on__lte=day, then=Value("met_late")),
        When(cancelled_on__lte=day, then=Value("cancelled")),
        When(due_on__lt=day, then=Value("overdue")),
        default=Value("due"),
        output_field=CharField(),
    )


def _current(day: date) -> Q:
    return Q(started_on__lte=day) & (Q(ended_on__isnull=True) | Q(ended_on__gt=day))


def owned_by(day: date, worker_ids: Collection[int] | None, team_ids: Collection[int] | None) -> Q:
    """Obligations that are the work of these workers or teams on ``day``: a social worker's
    or personal adviser's rules follow the child's current allocation of that kind; a contact
    decision is the front door's (its teams and their workers)."""
    where = Q()
    if worker_ids is not None:
        where &= Q(worker_id__in=list(worker_ids))
    if team_ids is not None:
        where &= Q(team_id__in=list(team_ids))
    condition = Q(pk__in=[])
    for owner, kind in OWNERS.items():
        allocated = Allocation.objects.filter(
            _current(day), where, kind=kind, child_id=OuterRef("child_id")
        )
        condition |= Q(rule__in=rules_owned_by(owner)) & Q(Exists(allocated))
    front_door = Team.objects.filter(kind=Team.Kind.FRONT_DOOR)
    if team_ids is not None:
        front_door = front_door.filter(pk__in=list(team_ids))
    if worker_ids is not None:
        front_door = front_door.filter(workers__pk__in=list(worker_ids))
    if front_door.exists():
        condition |= Q(rule__in=rules_owned_by(FRONT_DOOR))
    return condition


def due_list(
    day: date,
    *,
    worker_ids: Collection[int] | None = None,
    team_ids: Collection[int] | None = None,
    include_closed: bool = False,
    children: QuerySet | None = None,
) -> QuerySet[Obligation]:
    """Obligations open at ``day`` (and, with ``include_closed``, those met or cancelled on or
    before it), soonest due first, each with its status judged at ``day``."""
    when = open_at(day)
    if include_closed:
        when |= Q(started_on__lte=day) & closed_by(day)
    rows = Obligation.objects.filter(when)
    if worker_ids is not None or team_ids is not None:
        rows = rows.filter(owned_by(day, worker_ids, team_ids))
    if children is not None:
        rows = rows.filter(child__in=children)
    return rows.annotate(status=status_at(day), la_child_id=F("child__la_child_id")).order_by(
        "due_on", "child_id", "rule", "id"
    )


@dataclass(frozen=True)
class Timeliness:
    rule: str
    title: str
    fell_due: int
    met_in_time: int

    @property
    def share(self) -> float | None:
        return None if self.fell_due == 0 else self.met_in_time / self.fell_due


def timeliness(first: date, last: date) -> list[Timeliness]:
    """Per rule, of the obligations that fell due from ``first`` to ``last`` (those cancelled
    before they fell due left out: they were no longer needed), how many were met in time.
    One grouped query."""
    counts = (
        Obligation.objects.filter(due_on__range=(first, last))
        .exclude(cancelled_on__isnull=False, cancelled_on__lte=F("due_on"))
        .values("rule")
        .annotate(fell_due=Count("id"), in_time=Count("id", filter=Q(met_in_time=True)))
    )
    found = {row["rule"]: row for row in counts}
    return [
        Timeliness(
            rule.code,
            rule.title,
            found.get(rule.code, {}).get("fell_due", 0),
            found.get(rule.code, {}).get("in_time", 0),
        )
        for rule in RULES
    ]


def responsible_worker(day: date) -> Case:
    """The worker whose work each obligation is on ``day``: the child's current social worker,
    or personal adviser for the adviser's rules (none for the front door's)."""

    def current(kind: str) -> Subquery:
        return Subquery(
            Allocation.objects.filter(_current(day), kind=kind, child_id=OuterRef("child_id"))
            .order_by("-started_on", "-id")
            .values("worker_id")[:1]
        )

    return Case(
        When(rule__in=rules_owned_by(PA), then=current(Allocation.Kind.PERSONAL_ADVISER)),
        When(rule__in=rules_owned_by(SW), then=current(Allocation.Kind.SOCIAL_WORKER)),
        default=Value(None),
        output_field=IntegerField(),
    )


@dataclass(frozen=True)
class TeamWork:
    by_worker: list[dict[str, object]]
    by_rule: list[dict[str, object]]
    overdue: list[Any]  # obligations annotated with their responsible worker
    total: int


def team_work(
    day: date,
    team_ids: Collection[int],
    children: QuerySet,
    *,
    worker_id: int | None = None,
    rule: str | None = None,
    limit: int = 50,
) -> TeamWork:
    """What is overdue on ``day`` in these teams: counted by worker and by rule (two grouped
    queries), and the oldest ``limit`` obligations, optionally for one worker or rule."""
    overdue = (
        Obligation.objects.filter(open_at(day), due_on__lt=day, child__in=children)
        .filter(owned_by(day, None, team_ids))
        .annotate(worker=responsible_worker(day))
    )
    by_worker = list(
        overdue.values("worker").annotate(count=Count("id")).order_by("-count", "worker")
    )
    names = dict(
        Worker.objects.filter(pk__in=[w["worker"] for w in by_worker if w["worker"]])
        .annotate(name=Concat("given_name", Value(" "), "family_name"))
        .values_list("pk", "name")
    )
    for row in by_worker:
        row["name"] = names.get(row["worker"], "Front door (not allocated)")
    titles = {r.code: r.title for r in RULES}
    by_rule = list(overdue.values("rule").annotate(count=Count("id")).order_by("-count", "rule"))
    for row in by_rule:
        row["title"] = titles.get(str(row["rule"]), row["rule"])
    listed = overdue
    if worker_id is not None:
        listed = listed.filter(worker=worker_id)
    if rule is not None:
        listed = listed.filter(rule=rule)
    rows = list(listed.select_related("child").order_by("due_on", "child_id", "rule", "id")[:limit])
    total = sum(int(str(r["count"])) for r in by_worker)
    return TeamWork(by_worker, by_rule, rows, total)
