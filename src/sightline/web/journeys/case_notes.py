"""Case notes: what everyone who works with the child writes, the child's own words included."""

from __future__ import annotations

from typing import Any

from django import forms

from sightline.access.roles import CASE_WORKERS
from sightline.chronology.models import CaseNote
from sightline.chronology.services import write_case_note
from sightline.web.forms import DateField
from sightline.web.recording import Recording, RecordingForm, UseCase, register


class CaseNoteForm(RecordingForm):
    kind = forms.ChoiceField(
        label="What kind of note is it?",
        choices=CaseNote.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of note"},
    )
    written_on = DateField(
        label="Date of what the note records",
        help_text="For example, 6 12 2026",
        error_messages={"required": "Enter the date of what the note records"},
    )
    text = forms.CharField(
        label="Note",
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="For the child's own words, write what they said as they said it.",
        error_messages={"required": "Write the note"},
    )


def _save(r: Recording, data: dict[str, Any]) -> object:
    if r.worker is None:
        from sightline.core.errors import JourneyError

        raise JourneyError("Case note", "__all__", "only a worker can write a case note")
    return write_case_note(
        child=r.child,
        author=r.worker,
        written_on=data["written_on"],
        kind=data["kind"],
        text=data["text"],
        today=r.today,
    )


CASE_NOTE = register(
    UseCase(
        name="case-note",
        title="Write a case note",
        form=CaseNoteForm,
        save=_save,
        roles=CASE_WORKERS,
        done="Case note saved",
        initial=lambda r: {"written_on": r.today, "kind": CaseNote.Kind.CASE_NOTE},
    )
)
