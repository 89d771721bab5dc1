"""Writes for what practitioners write: case notes."""

from __future__ import annotations

from datetime import date

from sightline.chronology import events
from sightline.chronology.models import CaseNote
from sightline.core import rules
from sightline.core.clock import today_or
from sightline.core.events import emit
from sightline.core.writes import service
from sightline.people.models import Person
from sightline.workforce.models import Worker


@service
def write_case_note(
    *,
    child: Person,
    author: Worker,
    written_on: date,
    kind: str,
    text: str,
    today: date | None = None,
) -> CaseNote:
    today = today_or(today)
    r = "Case note"
    rules.require(kind in CaseNote.Kind.values, r, "kind", "choose the kind of note")
    rules.require(bool(text.strip()), r, "text", "write the note")
    rules.not_future(r, "written_on", written_on, today)
    note = CaseNote.objects.create(
        child=child, author=author, written_on=written_on, kind=kind, text=text
    )
    emit(events.case_note_written(note))
    return note
