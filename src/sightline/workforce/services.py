"""Writes for the workforce: allocate a worker to a child, end an allocation."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sightline.core import rules
from sightline.core.clock import today_or
from sightline.core.codes import SocialWorkerChangeReason
from sightline.core.events import emit
from sightline.core.writes import service
from sightline.people.models import Person
from sightline.workforce import events
from sightline.workforce.models import Allocation, Team, Worker

R = "Allocation"


@service
def allocate(
    *,
    child: Person,
    worker: Worker,
    kind: str,
    started_on: date,
    reason: str = "",
    team: Team | None = None,
    today: date | None = None,
) -> Allocation:
    """Allocate a worker; the child's current allocation of the same kind ends that day."""
    today = today_or(today)
    rules.require(kind in Allocation.Kind.values, R, "kind", f"{kind!r} is not an allocation kind")
    rules.not_future(R, "started_on", started_on, today)
    rules.require(
        worker.left_on is None or worker.left_on >= started_on, R, "worker", f"{worker} has left"
    )
    if reason:
        rules.require(
            reason in SocialWorkerChangeReason.values,
            R,
            "reason",
            f"{reason!r} is not an SW_REASON code",
        )
    if kind == Allocation.Kind.SOCIAL_WORKER:
        rules.require(bool(reason), R, "reason", "give the reason for the change of social worker")
    current = (
        Allocation.objects.select_for_update()
        .filter(child=child, kind=kind, ended_on__isnull=True)
        .select_related("worker", "team")
        .first()
    )
    if current is not None:
        rules.not_before(
            R, "started_on", started_on, current.started_on, "the current allocation's start"
        )
        rules.require(current.worker_id != worker.pk, R, "worker", f"{worker} is already allocated")
        current.ended_on = started_on
        current.save(update_fields=["ended_on"])
        emit(events.allocation_ended(current))
    allocation = Allocation.objects.create(
        child=child,
        worker=worker,
        team=team or worker.team,
        kind=kind,
        started_on=started_on,
        reason=reason,
    )
    emit(events.worker_allocated(allocation))
    return allocation


@service
def end_allocation(
    *, allocation: Allocation, ended_on: date, today: date | None = None
) -> Allocation:
    today = today_or(today)
    rules.can_end(
        R,
        ended_on,
        started_on=allocation.started_on,
        already_ended=allocation.ended_on,
        today=today,
        what="the allocation",
    )
    changed = Allocation.objects.filter(pk=allocation.pk, ended_on__isnull=True).update(
        ended_on=ended_on
    )
    rules.require(changed == 1, R, "ended_on", "this allocation was ended by someone else just now")
    allocation.ended_on = ended_on
    emit(events.allocation_ended(allocation))
    return allocation


@service
def reallocate(
    *,
    children: Sequence[Person],
    from_worker: Worker,
    to_worker: Worker,
    kind: str,
    started_on: date,
    reason: str,
    today: date | None = None,
) -> list[Allocation]:
    """Move several children's allocation of one kind from one worker to another (a manager
    reallocating part of a caseload from the team view), with the reason: for each child the
    same change ``allocate`` makes, each in the chronology and the audit trail. All or none:
    a child whose allocation is no longer with ``from_worker`` (changed by someone else since
    the page was opened) refuses the whole change, naming the child."""
    rules.require(bool(children), R, "children", "choose the children to reallocate")
    rules.require(bool(reason), R, "reason", "give the reason for the reallocation")
    rules.require(to_worker.pk != from_worker.pk, R, "worker", f"{to_worker} is already allocated")
    current = dict(
        Allocation.objects.filter(
            child__in=[child.pk for child in children], kind=kind, ended_on__isnull=True
        ).values_list("child_id", "worker_id")
    )
    for child in children:
        rules.require(
            current.get(child.pk) == from_worker.pk,
            R,
            "children",
            f"{child.full_name} is no longer allocated to {from_worker}: "
            "look again before reallocating",
        )
    return [
        allocate(
            child=child,
            worker=to_worker,
            kind=kind,
            started_on=started_on,
            reason=reason,
            today=today,
        )
        for child in children
    ]
