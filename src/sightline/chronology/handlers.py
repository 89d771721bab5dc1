"""Significant events become chronology entries: one function serves services and bulk writers."""

from __future__ import annotations

from typing import Any

from sightline.chronology.models import ChronologyEntry
from sightline.core.events import DomainEvent, EventName, subscribe

# Case notes are shown beside the chronology, not in it. Changes to who a person is and how
# the record is kept (an adult registered, a relationship recorded, advocacy amended on a
# presentation already in the chronology, a record restricted) are in the audit trail only
# (decision 0019). Everything else is significant.
NOT_IN_CHRONOLOGY = frozenset(
    {
        EventName.CASE_NOTE_WRITTEN,
        EventName.ADULT_REGISTERED,
        EventName.RELATIONSHIP_RECORDED,
        EventName.HOMELESS_ADVOCACY_RECORDED,
        EventName.RECORD_RESTRICTED,
    }
)


def entry_values(event: DomainEvent) -> dict[str, Any] | None:
    """The chronology entry's fields for an event, or None when the event is not significant."""
    if event.name in NOT_IN_CHRONOLOGY:
        return None
    return {
        "child_id": event.child_id,
        "occurred_on": event.occurred_on,
        "event": str(event.name),
        "summary": event.summary[:300],
        "record_type": event.record_type,
        "record_id": event.record_id,
    }


def entry_for(event: DomainEvent) -> ChronologyEntry | None:
    """The unsaved chronology entry for an event, or None when the event is not significant."""
    values = entry_values(event)
    return None if values is None else ChronologyEntry(**values)


@subscribe()
def record_in_chronology(event: DomainEvent) -> None:
    entry = entry_for(event)
    if entry is not None:
        entry.save()


@subscribe(EventName.ENTRY_CORRECTED, EventName.ENTRY_STRUCK_OUT)
def show_the_current_truth(event: DomainEvent) -> None:
    """A corrected or struck-out entry's own chronology entry says what the entry now says
    (decision 0026); the correction is a chronology entry of its own, with the reason."""
    summary = event.data.get("entry_summary")
    if not summary:
        return
    ChronologyEntry.objects.filter(
        child_id=event.child_id,
        record_type=event.data["entry_type"],
        record_id=event.data["entry_id"],
    ).update(summary=str(summary)[:300], occurred_on=event.data["entry_on"])
