"""Writes for what practitioners write: case notes, and corrections to what was written."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import models
from django.utils import timezone

from sightline.access.policy import teams_below
from sightline.access.roles import MANAGERS
from sightline.chronology import events
from sightline.chronology.corrections import EntryKind, kind_of, may_correct
from sightline.chronology.models import CaseNote, Correction
from sightline.core import rules
from sightline.core.clock import today_or
from sightline.core.errors import JourneyError
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


# --- Corrections (decision 0026) --------------------------------------------------------------

CORRECTION = "Correction"


def _entry_kind(entry: models.Model) -> EntryKind:
    kind = kind_of(entry)
    if kind is None:
        raise JourneyError(CORRECTION, "__all__", "this kind of entry cannot be corrected here")
    return kind


def _locked(entry: models.Model) -> models.Model:
    """The entry read again under a row lock: two corrections at once apply one after another,
    each to what the other left."""
    return type(entry)._default_manager.select_for_update().get(pk=entry.pk)


def _check_may_correct(kind: EntryKind, entry: models.Model, by: Worker, reason: str) -> None:
    author = getattr(entry, kind.author)
    may = may_correct(
        author_id=author.pk if author else None,
        author_team_id=author.team_id if author else None,
        by_id=by.pk,
        by_role=by.role,
        by_teams=teams_below(by.team_id) if by.role in MANAGERS else {by.team_id},
    )
    rules.require(
        may,
        CORRECTION,
        "__all__",
        "only the entry's author, or a team or service manager above them, may correct it or "
        "strike it out",
    )
    rules.require(
        not getattr(entry, "struck_out", False),
        CORRECTION,
        "__all__",
        f"the {kind.what.lower()} has been struck out and cannot be changed",
    )
    rules.require(bool(reason.strip()), CORRECTION, "reason", "say why the entry is wrong")


def _record(
    kind: EntryKind,
    entry: models.Model,
    by: Worker,
    correction_kind: str,
    reason: str,
    original: dict[str, Any],
    corrected: dict[str, Any],
    today: date,
) -> Correction:
    correction = Correction.objects.create(
        child_id=entry.child_id,  # type: ignore[attr-defined]
        record_type=kind.model,
        record_id=entry.pk,
        kind=correction_kind,
        reason=reason.strip(),
        before=original,
        after=corrected,
        by=by,
        at=timezone.now(),
    )
    summary = kind.chronology(entry) if kind.chronology else ""
    if summary and correction_kind == Correction.Kind.STRUCK_OUT:
        summary = f"Struck out: {summary}"
    emit(events.entry_corrected(correction, kind, entry, today, summary))
    return correction


@service
def correct_entry(
    *,
    entry: models.Model,
    by: Worker,
    changes: dict[str, Any],
    reason: str,
    today: date | None = None,
) -> Correction:
    """Correct a mistaken entry (a case note, a visit): the entry takes the corrected values,
    so every read shows them, and a ``Correction`` keeps what it said before, who corrected it,
    when and why. Its author or a manager above them only; never an entry struck out."""
    today = today_or(today)
    kind = _entry_kind(entry)
    entry = _locked(entry)
    _check_may_correct(kind, entry, by, reason)
    unknown = sorted(set(changes) - set(kind.fields))
    if unknown:
        raise JourneyError(CORRECTION, unknown[0], "this cannot be changed by a correction")
    original = kind.values(entry)
    values = {name: getattr(entry, name) for name in kind.fields} | changes
    kind.check(entry, values, today)
    changed = {name: value for name, value in changes.items() if getattr(entry, name) != value}
    rules.require(
        bool(changed),
        CORRECTION,
        "__all__",
        "nothing has been changed: change what was wrong, or strike the entry out",
    )
    for name, value in changed.items():
        setattr(entry, name, value)
    entry.save(update_fields=list(changed))
    corrected = {name: value for name, value in kind.values(entry).items() if name in changed}
    return _record(kind, entry, by, Correction.Kind.CORRECTED, reason, original, corrected, today)


@service
def strike_out_entry(
    *, entry: models.Model, by: Worker, reason: str, today: date | None = None
) -> Correction:
    """Strike out an entry that should not be on the record (written on the wrong child, say):
    it stays, struck through, with the reason; a struck-out visit meets no visiting timescale.
    Its author or a manager above them only; an entry is struck out once."""
    today = today_or(today)
    kind = _entry_kind(entry)
    entry = _locked(entry)
    _check_may_correct(kind, entry, by, reason)
    original = kind.values(entry)
    entry.struck_out = True  # type: ignore[attr-defined]
    entry.save(update_fields=["struck_out"])
    return _record(kind, entry, by, Correction.Kind.STRUCK_OUT, reason, original, {}, today)
