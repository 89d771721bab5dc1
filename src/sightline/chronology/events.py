"""Chronology-app domain events."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Model

from sightline.chronology.corrections import EntryKind
from sightline.chronology.models import CaseNote, Correction
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


def entry_corrected(
    correction: Correction, kind: EntryKind, entry: Model, today: date, entry_summary: str
) -> DomainEvent:
    """EntryCorrected or EntryStruckOut, on the day of the correction. ``data`` carries what the
    entry's own chronology entry now says (a visit's: its corrected summary and date), so the
    chronology shows the current truth; empty for an entry with none (a case note)."""
    struck = correction.kind == Correction.Kind.STRUCK_OUT
    doing = "struck out" if struck else "corrected"
    data: dict[str, Any] = {"entry_type": kind.model, "entry_id": entry.pk}
    if entry_summary:
        data |= {"entry_summary": entry_summary, "entry_on": getattr(entry, kind.dated)}
    return DomainEvent(
        name=EventName.ENTRY_STRUCK_OUT if struck else EventName.ENTRY_CORRECTED,
        child_id=correction.child_id,
        occurred_on=today,
        record_type=correction._meta.label,
        record_id=correction.pk,
        summary=f"{kind.describe(entry)} {doing} by {correction.by.full_name}: {correction.reason}",
        data=data,
    )
