"""People domain events."""

from __future__ import annotations

from datetime import date

from sightline.core.events import DomainEvent, EventName
from sightline.people.models import Person, Relationship


def person_registered(p: Person, on: date) -> DomainEvent:
    return DomainEvent(
        name=EventName.PERSON_REGISTERED,
        child_id=p.pk,
        occurred_on=on,
        record_type=p._meta.label,
        record_id=p.pk,
        summary="Record created",
    )


def adult_registered(p: Person, on: date) -> DomainEvent:
    return DomainEvent(
        name=EventName.ADULT_REGISTERED,
        child_id=p.pk,
        occurred_on=on,
        record_type=p._meta.label,
        record_id=p.pk,
        summary="Record of an adult created",
    )


def relationship_recorded(r: Relationship, on: date) -> DomainEvent:
    return DomainEvent(
        name=EventName.RELATIONSHIP_RECORDED,
        child_id=r.person_id,
        occurred_on=r.started_on or on,
        record_type=r._meta.label,
        record_id=r.pk,
        summary=f"{r.get_kind_display()} recorded: {r.relative.full_name}",
    )


def person_died(p: Person) -> DomainEvent:
    assert p.death_date is not None
    return DomainEvent(
        name=EventName.PERSON_DIED,
        child_id=p.pk,
        occurred_on=p.death_date,
        record_type=p._meta.label,
        record_id=p.pk,
        summary="Died",
    )
