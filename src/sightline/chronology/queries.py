"""Reads of the chronology and of case notes: one indexed query each, however long the record."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from sightline.chronology.models import CaseNote, ChronologyEntry


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
