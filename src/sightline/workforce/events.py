"""Workforce domain events about a child: allocation of workers."""

from __future__ import annotations

from sightline.core.events import DomainEvent, EventName
from sightline.workforce.models import Allocation


def worker_allocated(a: Allocation) -> DomainEvent:
    return DomainEvent(
        name=EventName.WORKER_ALLOCATED,
        child_id=a.child_id,
        occurred_on=a.started_on,
        record_type=a._meta.label,
        record_id=a.pk,
        summary=f"{a.get_kind_display()} allocated: {a.worker.full_name} ({a.team.name})",
    )


def allocation_ended(a: Allocation) -> DomainEvent:
    assert a.ended_on is not None
    return DomainEvent(
        name=EventName.ALLOCATION_ENDED,
        child_id=a.child_id,
        occurred_on=a.ended_on,
        record_type=a._meta.label,
        record_id=a.pk,
        summary=f"{a.get_kind_display()} allocation ended: {a.worker.full_name}",
    )
