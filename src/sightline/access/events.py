"""Access domain events: changes to how a child's record is kept (audited, not chronology)."""

from __future__ import annotations

from datetime import date

from sightline.access.models import RestrictedRecord
from sightline.core.events import DomainEvent, EventName, record_event


def record_restricted(r: RestrictedRecord, named: int, on: date) -> DomainEvent:
    return record_event(
        EventName.RECORD_RESTRICTED,
        r,
        r.child_id,
        on,
        f"Record restricted to {named} named user{'' if named == 1 else 's'}",
    )
