"""Which entries a worker writes can be corrected or struck out, and who may (decision 0026).

An entry kind names its model, its author's field, the fields a correction may change, how to
check corrected values (the same rules as recording it: ``check``), and how the entry reads in
a sentence and in the chronology. ``may_correct`` is the one rule of who may: pure, over plain
values, so the service and the record's links ask the same question.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.apps import apps
from django.db import models

from sightline.access.roles import MANAGERS
from sightline.core import rules


def long_date(value: date) -> str:
    """GOV.UK style: "6 December 2026"."""
    return f"{value.day} {value:%B %Y}"


@dataclass(frozen=True)
class EntryKind:
    model: str  # "chronology.CaseNote"
    what: str  # "Case note": the entry in words, at the start of a sentence
    author: str  # the field naming the worker who wrote it
    dated: str  # the field holding the day it records
    fields: dict[str, str]  # what a correction may change, each with its label in words
    check: Callable[[models.Model, dict[str, Any], date], None]  # corrected values, as recorded
    chronology: Callable[[models.Model], str] | None = None  # its chronology entry's summary

    def model_class(self) -> type[models.Model]:
        return apps.get_model(self.model)

    def describe(self, entry: models.Model) -> str:
        """ "Case note of 4 May 2026": the entry in a sentence."""
        return f"{self.what} of {long_date(getattr(entry, self.dated))}"

    def values(self, entry: models.Model) -> dict[str, Any]:
        """The correctable values as JSON (dates as ISO strings)."""
        found = {}
        for name in self.fields:
            value = getattr(entry, name)
            found[name] = value.isoformat() if isinstance(value, date) else value
        return found


def _check_case_note(entry: models.Model, values: dict[str, Any], today: date) -> None:
    from sightline.chronology.models import CaseNote

    r = "Case note"
    rules.require(values["kind"] in CaseNote.Kind.values, r, "kind", "choose the kind of note")
    rules.require(bool(str(values["text"]).strip()), r, "text", "write the note")
    rules.not_future(r, "written_on", values["written_on"], today)


def _check_visit(entry: models.Model, values: dict[str, Any], today: date) -> None:
    from sightline.protection.services import check_visit

    check_visit(
        child=entry.child,  # type: ignore[attr-defined]
        purpose=values["purpose"],
        visited_on=values["visited_on"],
        child_seen=values["child_seen"],
        seen_alone=values["seen_alone"],
        today=today,
    )


def _visit_summary(entry: models.Model) -> str:
    from sightline.protection.events import visit_recorded

    return visit_recorded(entry).summary  # type: ignore[arg-type]


CASE_NOTE = EntryKind(
    model="chronology.CaseNote",
    what="Case note",
    author="author",
    dated="written_on",
    fields={"kind": "Kind of note", "written_on": "Date", "text": "Note"},
    check=_check_case_note,
)
VISIT = EntryKind(
    model="protection.Visit",
    what="Visit",
    author="worker",
    dated="visited_on",
    fields={
        "purpose": "Purpose",
        "visited_on": "Date of the visit",
        "child_seen": "Child seen",
        "seen_alone": "Child seen alone",
        "bedroom_seen": "Child's bedroom seen",
        "note": "What the child said, and what was seen",
    },
    check=_check_visit,
    chronology=_visit_summary,
)
ENTRY_KINDS: dict[str, EntryKind] = {kind.model: kind for kind in (CASE_NOTE, VISIT)}


def kind_of(entry: models.Model) -> EntryKind | None:
    return ENTRY_KINDS.get(entry._meta.label)


def may_correct(
    *,
    author_id: int | None,
    author_team_id: int | None,
    by_id: int | None,
    by_role: str | None,
    by_teams: Collection[int],
) -> bool:
    """May this worker correct or strike out this entry? Its author may; so may a team or
    service manager above the author (the author's team is theirs or below it: ``by_teams``).
    An entry with no author recorded (an import) is corrected by a manager only."""
    if by_id is None:
        return False
    if author_id is not None and author_id == by_id:
        return True
    if by_role not in MANAGERS:
        return False
    return author_id is None or author_team_id in by_teams


def describe_values(kind: EntryKind, values: dict[str, Any]) -> list[tuple[str, str]]:
    """Stored values (a correction's ``original``) as rows of words, in the kind's order."""
    model = kind.model_class()
    rows = []
    for name, words_for in kind.fields.items():
        if name not in values:
            continue
        field = model._meta.get_field(name)
        value = values[name]
        choices = getattr(field, "choices", None)
        if value is None or value == "":
            words = "Not recorded"
        elif isinstance(value, bool):
            words = "Yes" if value else "No"
        elif choices:
            words = str(dict(choices).get(value, value))
        elif isinstance(field, models.DateField):
            words = long_date(date.fromisoformat(str(value)))
        else:
            words = str(value)
        rows.append((words_for, words))
    return rows
