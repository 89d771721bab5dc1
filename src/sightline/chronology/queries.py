"""Reads of the chronology and of case notes: one indexed query each, however long the record."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from sightline.access.policy import withhold
from sightline.chronology.corrections import EntryKind, describe_values
from sightline.chronology.models import CaseNote, ChronologyEntry, Correction


def chronology_for(child_id: int) -> QuerySet[ChronologyEntry]:
    """The child's chronology in the order things happened: one indexed query."""
    return ChronologyEntry.objects.filter(child_id=child_id).order_by("occurred_on", "id")


def newest_first(child_id: int) -> QuerySet[ChronologyEntry]:
    """The child's chronology, newest first (on one day, the last recorded first)."""
    return ChronologyEntry.objects.filter(child_id=child_id).order_by("-occurred_on", "-id")


def kinds_in_chronology(child_id: int) -> list[str]:
    """The kinds of entry (event names) in the child's chronology: what a filter can offer."""
    return list(
        ChronologyEntry.objects.filter(child_id=child_id)
        .order_by("event")
        .values_list("event", flat=True)
        .distinct()
    )


@dataclass(frozen=True)
class ChronologySearch:
    """Which entries of a chronology to show: of these kinds (none: every kind), on or after
    ``since`` and on or before ``until``."""

    kinds: frozenset[str] = frozenset()
    since: date | None = None
    until: date | None = None

    def entries(self, child_id: int) -> QuerySet[ChronologyEntry]:
        found = newest_first(child_id)
        if self.kinds:
            found = found.filter(event__in=sorted(self.kinds))
        if self.since is not None:
            found = found.filter(occurred_on__gte=self.since)
        if self.until is not None:
            found = found.filter(occurred_on__lte=self.until)
        return found

    @property
    def filtered(self) -> bool:
        return bool(self.kinds) or self.since is not None or self.until is not None


@dataclass(frozen=True)
class CaseNoteSearch:
    """Which case notes to show: those containing every word (any case, part of a word
    counts), of this kind (empty: every kind)."""

    words: tuple[str, ...] = ()
    kind: str = ""

    def notes(self, child_id: int, withheld: Sequence[str] = ()) -> QuerySet[CaseNote]:
        """Newest first. A word that is part of a name in ``withheld`` (the names of people
        the reader may not know exist) finds nothing: the search must not tell them which
        notes name that person."""
        found = (
            CaseNote.objects.filter(child_id=child_id)
            .select_related("author")
            .order_by("-written_on", "-id")
        )
        hidden = [name.casefold() for name in withheld]
        for word in self.words:
            if any(word.casefold() in name for name in hidden):
                return found.none()
            found = found.filter(text__icontains=word)
        if self.kind:
            found = found.filter(kind=self.kind)
        return found

    @property
    def filtered(self) -> bool:
        return bool(self.words) or bool(self.kind)


@dataclass(frozen=True)
class HistoryStep:
    """One correction of an entry, for a page: who, when, why, and what it said before."""

    kind: str  # Correction.Kind
    by: str
    at: datetime
    reason: str
    before: list[tuple[str, str]]  # the entry's values just before it, in words

    @property
    def struck_out(self) -> bool:
        return self.kind == Correction.Kind.STRUCK_OUT

    @property
    def on(self) -> date:
        """The day it was made, here."""
        return timezone.localtime(self.at).date()


def with_history(entries: Sequence[Any], kind: EntryKind, withheld: Sequence[str] = ()) -> None:
    """Give each entry its ``history`` (oldest first) and ``last_correction``, in one query
    for them all (none when there are none). ``withheld``: names this reader may not know,
    taken out of the reasons and earlier texts as they are out of the entries' own."""
    history: dict[int, list[HistoryStep]] = defaultdict(list)
    ids = [entry.pk for entry in entries]
    rows = (
        Correction.objects.filter(record_type=kind.model, record_id__in=ids)
        .select_related("by")
        .order_by("at", "id")
        if ids
        else []
    )
    for row in rows:
        before = [
            (label, withhold(words, list(withheld)))
            for label, words in describe_values(kind, row.before)
        ]
        history[row.record_id].append(
            HistoryStep(
                row.kind, row.by.full_name, row.at, withhold(row.reason, list(withheld)), before
            )
        )
    for entry in entries:
        entry.history = history.get(entry.pk, [])
        entry.last_correction = entry.history[-1] if entry.history else None
