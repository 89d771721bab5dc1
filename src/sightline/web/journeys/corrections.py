"""Corrections (decision 0026): a case note or a visit corrected or struck out, with a reason,
by its author or a team or service manager above them.

Each page acts on one entry named by its link (``?note=12``, ``?visit=34``): without one, or
with one not on this child's record, it answers 404, and it is in no menu of forms (it needs an
entry). Who may is ``chronology.corrections.may_correct``, asked of the signed-in user before
the form is shown (``UseCase.allowed``) and again by the service when it is saved. A correction
changes a record already there, so it is refused when saved over someone else's change.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.http import Http404

from sightline.access.policy import Viewer, viewer_for
from sightline.access.roles import CASE_WORKERS, VISITORS
from sightline.chronology.corrections import CASE_NOTE, VISIT, EntryKind, may_correct
from sightline.chronology.models import CaseNote
from sightline.chronology.services import correct_entry, strike_out_entry
from sightline.core.errors import JourneyError
from sightline.protection.models import Visit
from sightline.web.journeys.case_notes import CaseNoteForm
from sightline.web.journeys.visits import VisitForm
from sightline.web.recording import (
    Recording,
    RecordingForm,
    UseCase,
    may_use,
    register,
    url_for,
)
from sightline.workforce.models import Worker

CAPTION = "Corrections"
REFUSED = (
    "Only the {what}'s author, or a team or service manager above them, may correct it or "
    "strike it out. Ask them to."
)


def entry_for(r: Recording, kind: EntryKind) -> Any:
    """The entry the link names, on this child's record; 404 otherwise (never another child's)."""
    if r.subject_id is None:
        raise Http404("No such entry")
    model: type[models.Model] = kind.model_class()
    found = (
        model._default_manager.filter(child=r.child, pk=r.subject_id)
        .select_related(kind.author)
        .first()
    )
    if found is None:
        raise Http404("No such entry")
    return found


def may_correct_entry(user: Any, entry: Any, kind: EntryKind) -> bool:
    """May this signed-in user correct this entry (``may_correct``, asked of their viewer)?"""
    return _may(viewer_for(user), getattr(entry, kind.author))


def _may(viewer: Viewer, author: Worker | None) -> bool:
    return may_correct(
        author_id=author.pk if author else None,
        author_team_id=author.team_id if author else None,
        by_id=viewer.worker_id,
        by_role=viewer.role,
        by_teams=viewer.team_ids,
    )


def _allowed(kind: EntryKind) -> Any:
    return lambda r: may_correct_entry(r.user, entry_for(r, kind), kind)


def _worker(r: Recording) -> Any:
    if r.worker is None:
        raise JourneyError("Correction", "__all__", "only a worker can correct an entry")
    return r.worker


def _reason(label: str, help_text: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=help_text,
        error_messages={"required": "Say why the entry is wrong"},
    )


def _correct_reason() -> forms.CharField:
    return _reason(
        "Why are you correcting it?",
        "Say what was wrong. The entry as it was is kept in its history.",
    )


def _strike_reason() -> forms.CharField:
    return _reason(
        "Why are you striking it out?",
        "Say why the entry should not be on the record, for example written on the wrong "
        "child's record. It stays on the record, struck out, with your reason.",
    )


# --- Case notes ------------------------------------------------------------------------------


def _note_rows(note: CaseNote) -> list[tuple[str, Any]]:
    return [
        ("Kind of note", note.get_kind_display()),
        ("Date", note.written_on),
        ("Written by", note.author.full_name),
        ("Note", note.text),
    ]


def _note_acting_on(note: CaseNote) -> str:
    return f"{CASE_NOTE.describe(note)}, written by {note.author.full_name}. As it is now:"


class CorrectCaseNoteForm(CaseNoteForm):
    """The case note form as it was written, and why it is being corrected."""

    reason = _correct_reason()

    def prepare(self, r: Recording) -> None:
        note = entry_for(r, CASE_NOTE)
        self.acting_on = _note_acting_on(note)
        self.showing = _note_rows(note)


class StrikeOutForm(RecordingForm):
    reason = _strike_reason()
    entry_kind: EntryKind = CASE_NOTE

    def prepare(self, r: Recording) -> None:
        entry = entry_for(r, self.entry_kind)
        if self.entry_kind is CASE_NOTE:
            self.acting_on = _note_acting_on(entry)
            self.showing = _note_rows(entry)
        else:
            self.acting_on = _visit_acting_on(entry)
            self.showing = _visit_rows(entry)


def _correct_note(r: Recording, data: dict[str, Any]) -> object:
    return correct_entry(
        entry=entry_for(r, CASE_NOTE),
        by=_worker(r),
        changes={name: data[name] for name in CASE_NOTE.fields},
        reason=data["reason"],
        today=r.today,
    )


def _strike_out(kind: EntryKind) -> Any:
    def save(r: Recording, data: dict[str, Any]) -> object:
        return strike_out_entry(
            entry=entry_for(r, kind), by=_worker(r), reason=data["reason"], today=r.today
        )

    return save


def _note_initial(r: Recording) -> dict[str, Any]:
    note = entry_for(r, CASE_NOTE)
    return {"kind": note.kind, "written_on": note.written_on, "text": note.text}


CORRECT_CASE_NOTE = register(
    UseCase(
        name="correct-case-note",
        title="Correct a case note",
        caption=CAPTION,
        form=CorrectCaseNoteForm,
        save=_correct_note,
        roles=CASE_WORKERS,
        done="Case note corrected",
        changes=True,
        subject="note",
        initial=_note_initial,
        allowed=_allowed(CASE_NOTE),
        refused=REFUSED.format(what="note"),
        in_menu=False,
    )
)
STRIKE_OUT_CASE_NOTE = register(
    UseCase(
        name="strike-out-case-note",
        title="Strike out a case note",
        caption=CAPTION,
        form=StrikeOutForm,
        save=_strike_out(CASE_NOTE),
        roles=CASE_WORKERS,
        done="Case note struck out",
        changes=True,
        subject="note",
        allowed=_allowed(CASE_NOTE),
        refused=REFUSED.format(what="note"),
        in_menu=False,
    )
)


# --- Visits ----------------------------------------------------------------------------------


def _visit_rows(visit: Visit) -> list[tuple[str, Any]]:
    return [
        ("Purpose", visit.get_purpose_display()),
        ("Date of the visit", visit.visited_on),
        ("Visited by", visit.worker.full_name if visit.worker else None),
        ("Child seen", visit.child_seen),
        ("Child seen alone", visit.seen_alone),
        ("Child's bedroom seen", visit.bedroom_seen),
        ("What the child said, and what was seen", visit.note),
    ]


def _visit_acting_on(visit: Visit) -> str:
    by = f", by {visit.worker.full_name}" if visit.worker else ""
    return f"{VISIT.describe(visit)}{by}. As it is now:"


class CorrectVisitForm(VisitForm):
    """The visit form as it was recorded, and why it is being corrected."""

    reason = _correct_reason()

    def prepare(self, r: Recording) -> None:
        visit = entry_for(r, VISIT)
        self.acting_on = _visit_acting_on(visit)
        self.showing = _visit_rows(visit)


class StrikeOutVisitForm(StrikeOutForm):
    entry_kind = VISIT


def _correct_visit(r: Recording, data: dict[str, Any]) -> object:
    return correct_entry(
        entry=entry_for(r, VISIT),
        by=_worker(r),
        changes={name: data.get(name) for name in VISIT.fields},
        reason=data["reason"],
        today=r.today,
    )


def _visit_initial(r: Recording) -> dict[str, Any]:
    visit = entry_for(r, VISIT)
    return {name: getattr(visit, name) for name in VISIT.fields}


CORRECT_VISIT = register(
    UseCase(
        name="correct-visit",
        title="Correct a visit",
        caption=CAPTION,
        form=CorrectVisitForm,
        save=_correct_visit,
        roles=VISITORS,
        done="Visit corrected",
        changes=True,
        subject="visit",
        initial=_visit_initial,
        allowed=_allowed(VISIT),
        refused=REFUSED.format(what="visit"),
        in_menu=False,
    )
)
STRIKE_OUT_VISIT = register(
    UseCase(
        name="strike-out-visit",
        title="Strike out a visit",
        caption=CAPTION,
        form=StrikeOutVisitForm,
        save=_strike_out(VISIT),
        roles=VISITORS,
        done="Visit struck out",
        changes=True,
        subject="visit",
        allowed=_allowed(VISIT),
        refused=REFUSED.format(what="visit"),
        in_menu=False,
    )
)

# The use cases by the entry they act on, for the record's links: (correct, strike out).
FOR_ENTRY: dict[str, tuple[UseCase, UseCase]] = {
    CASE_NOTE.model: (CORRECT_CASE_NOTE, STRIKE_OUT_CASE_NOTE),
    VISIT.model: (CORRECT_VISIT, STRIKE_OUT_VISIT),
}


def correction_links(entries: Any, kind: EntryKind, user: Any, la_child_id: str) -> None:
    """Give each entry the addresses of its "Correct" and "Strike out" pages where this user
    may use them ("" where not: nobody is offered a link that ends in a 403). No query: the
    entries come with their author (``select_related``) and the viewer is read once."""
    viewer = viewer_for(user)
    correct, strike = FOR_ENTRY[kind.model]
    usable = may_use(correct, viewer)
    for entry in entries:
        may = usable and not entry.struck_out and _may(viewer, getattr(entry, kind.author))
        entry.correct_url = url_for(correct.name, la_child_id, entry.pk) if may else ""
        entry.strike_url = url_for(strike.name, la_child_id, entry.pk) if may else ""
        entry.correction_label = kind.describe(entry).lower()
