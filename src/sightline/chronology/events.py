"""Chronology-app domain events."""

from __future__ import annotations

from sightline.chronology.models import CaseNote
from sightline.core.codes import label
from sightline.core.events import DomainEvent, EventName


def case_note_written(note: CaseNote) -> DomainEvent:
    return DomainEvent(
        name=EventName.CASE_NOTE_WRITTEN,
        child_id=note.child_id,
        occurred_on=note.written_on,
        record_type=note._meta.label,
        record_id=note.pk,
        summary=label(CaseNote.Kind, note.kind),
    )
