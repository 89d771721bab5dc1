"""What a figure is for: a window of dates (a collection year, or the rolling 12 months to a
day) and a scope (a team and those below it, an age band).

A collection year is the DfE's: 1 April to 31 March, named by the year it ends in (CONTRACTS.md
"Collection years", ``returns.years``). A snapshot measure ("at 31 March") reads the window's
last day; an event measure ("in the year") reads every day of it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q

from sightline.core.calendar import add_months
from sightline.core.sql import id_in
from sightline.leaving_care.eligibility import birthday
from sightline.people.models import Person
from sightline.returns.years import CollectionYear
from sightline.workforce.models import Allocation, current_on


@dataclass(frozen=True)
class Window:
    first: date
    last: date
    year: int | None = None  # the collection year (ending 31 March ``year``); None: rolling

    @property
    def in_progress(self) -> bool:
        return self.year is None

    @property
    def label(self) -> str:
        if self.year is not None:
            return CollectionYear(self.year).label
        return f"12 months to {self.last.day} {self.last:%B %Y}"

    @property
    def short_label(self) -> str:
        if self.year is not None:
            return CollectionYear(self.year).label
        return f"to {self.last.day} {self.last:%b %Y}"

    @property
    def key(self) -> str:
        """How a window is written in an address: ``2025`` or ``rolling-2026-12-06``."""
        return str(self.year) if self.year is not None else f"rolling-{self.last.isoformat()}"

    def months_before(self, months: int) -> date:
        return add_months(self.first, -months)


def collection_year(year: int) -> Window:
    cy = CollectionYear(year)
    return Window(cy.first, cy.last, year)


def rolling(as_of: date) -> Window:
    """The 12 months to ``as_of``: the year in progress, measured as a whole year."""
    return Window(add_months(as_of, -12) + timedelta(days=1), as_of, None)


def latest_complete_year(as_of: date) -> int:
    """The last collection year whose 31 March is on or before ``as_of``."""
    return as_of.year if as_of >= date(as_of.year, 3, 31) else as_of.year - 1


def dashboard_windows(as_of: date, years: int = 3) -> list[Window]:
    """The last ``years`` complete collection years, oldest first, then the year in progress."""
    latest = latest_complete_year(as_of)
    found = [collection_year(y) for y in range(latest - years + 1, latest + 1)]
    return [*found, rolling(as_of)]


def parse_window(text: str, as_of: date) -> Window | None:
    if text.isdigit() and 2000 < int(text) <= latest_complete_year(as_of):
        return collection_year(int(text))
    if text.startswith("rolling-"):
        try:
            day = date.fromisoformat(text.removeprefix("rolling-"))
        except ValueError:
            return None
        return rolling(day) if day <= as_of else None
    return None


# --- Scope ---------------------------------------------------------------------------------

#: ChAT's age bands for children (anchors.md 2.1), the age on the window's last day. "16 and
#: over" holds care leavers too.
AGE_BANDS: dict[str, tuple[str, int, int | None]] = {
    "under-1": ("Under 1", 0, 1),
    "1-4": ("1 to 4", 1, 5),
    "5-9": ("5 to 9", 5, 10),
    "10-15": ("10 to 15", 10, 16),
    "16-plus": ("16 and over", 16, None),
}


@dataclass(frozen=True)
class Scope:
    """Which children a figure counts: every child (the authority), those currently allocated
    (any kind of allocation, on ``on``) to a worker in ``team_ids``, and/or those in one age
    band on the window's last day."""

    team_ids: frozenset[int] | None = None
    age_band: str | None = None
    on: date | None = None  # the day the team's allocations are read (the dashboard's date)

    @property
    def whole_authority(self) -> bool:
        return self.team_ids is None and self.age_band is None

    def person_condition(
        self, window: Window, birth_date: str = "birth_date", person: str = "pk"
    ) -> Q:
        """The condition that a person is in scope for ``window``: on a Person, or on a row
        that holds the person's birth date and id in the fields named (a kept figure's child)."""
        condition = Q()
        if self.age_band is not None:
            _label, youngest, oldest = AGE_BANDS[self.age_band]
            # aged ``youngest`` or more: born on or before the ``youngest``th birthday's date
            condition &= Q(**{f"{birth_date}__lte": birthday(window.last, -youngest)})
            if oldest is not None:
                condition &= Q(**{f"{birth_date}__gt": birthday(window.last, -oldest)})
        if self.team_ids is not None:
            day = self.on or window.last
            condition &= Q(
                **{
                    f"{person}__in": Allocation.objects.filter(
                        current_on(day), team_id__in=sorted(self.team_ids)
                    ).values("child_id")
                }
            )
        return condition

    def allowed(self, ids: Iterable[int], window: Window) -> set[int]:
        """Of these children, those in scope (one query; none for the whole authority)."""
        wanted = sorted(set(ids))
        if self.whole_authority or not wanted:
            return set(wanted)
        return set(
            Person.objects.filter(id_in(wanted), self.person_condition(window)).values_list(
                "pk", flat=True
            )
        )
