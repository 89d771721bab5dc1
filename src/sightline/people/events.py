"""People domain events."""

from __future__ import annotations

from datetime import date

from sightline.core.events import DomainEvent, EventName
from sightline.people.models import Person


def person_registered(p: Person, on: date) -> DomainEvent:
    return DomainEvent(
        name=EventName.PERSON_REGISTERED,
        child_id=p.pk,
        occurred_on=on,
        record_type=p._meta.label,
        record_id=p.pk,
        summary="Record created",
    )
