"""Periods a timescale is counted in: pure arithmetic on the working-day calendar.

Every convention is CONTRACTS.md "Working days and periods", implemented once in
``core/calendar.py``; this module only names the unit a rule is written in:

* ``working_days``: X is day 0, due on the Nth working day after X;
* ``days``, ``weeks``, ``months``: the same day number N days, weeks or months later (a shorter
  month gives its last day);
* ``weeks_beginning_with``: X is day 1 (care proceedings: 26 weeks beginning with the day of
  issue), due X + N weeks - 1 day;
* ``hours``: from a recorded date and time (return home interview within 72 hours).

Termly rules (personal education plan reviews) use :func:`terms_between` over the authority's
configured term start days.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from sightline.core.calendar import add_months, add_weeks, add_working_days, beginning_with


class Unit(StrEnum):
    WORKING_DAYS = "working_days"
    DAYS = "days"
    WEEKS = "weeks"
    MONTHS = "months"
    WEEKS_BEGINNING_WITH = "weeks_beginning_with"
    HOURS = "hours"


_WORDS = {
    Unit.WORKING_DAYS: ("working day", "working days"),
    Unit.DAYS: ("day", "days"),
    Unit.WEEKS: ("week", "weeks"),
    Unit.MONTHS: ("month", "months"),
    Unit.WEEKS_BEGINNING_WITH: ("week beginning with", "weeks beginning with"),
    Unit.HOURS: ("hour", "hours"),
}


@dataclass(frozen=True, slots=True)
class Period:
    n: int
    unit: Unit

    def __post_init__(self) -> None:
        if self.n < 1:
            raise ValueError(f"a period must be at least 1 {self.unit}; got {self.n}")

    def due(self, start: date) -> date:
        """The last day on which something started on ``start`` is in time."""
        match self.unit:
            case Unit.WORKING_DAYS:
                return add_working_days(start, self.n)
            case Unit.DAYS:
                return start + timedelta(days=self.n)
            case Unit.WEEKS:
                return add_weeks(start, self.n)
            case Unit.MONTHS:
                return add_months(start, self.n)
            case Unit.WEEKS_BEGINNING_WITH:
                return beginning_with(start, self.n)
            case Unit.HOURS:
                return (datetime.combine(start, datetime.min.time()) + self.delta()).date()

    def due_at(self, start: datetime) -> datetime:
        """For hour-based rules: the moment by which it is in time."""
        if self.unit is not Unit.HOURS:
            raise ValueError(f"due_at needs a period in hours, not {self.unit}")
        return start + self.delta()

    def delta(self) -> timedelta:
        return timedelta(hours=self.n)

    def __str__(self) -> str:
        one, many = _WORDS[self.unit]
        return f"{self.n} {one if self.n == 1 else many}"


_PARSE = re.compile(r"^\s*(\d+)\s+([a-z _]+?)\s*$")
_BY_WORD = {word: unit for unit, words in _WORDS.items() for word in words} | {
    unit.value: unit for unit in Unit
}


def parse_period(text: str) -> Period:
    """``"10 working days"``, ``"6 weeks"``, ``"3 months"`` -> Period; ValueError otherwise."""
    match = _PARSE.match(text.lower())
    unit = _BY_WORD.get(match.group(2)) if match else None
    if match is None or unit is None:
        units = ", ".join(sorted({words[1] for words in _WORDS.values()}))
        raise ValueError(f"{text!r} is not a period like '10 working days' (units: {units})")
    return Period(int(match.group(1)), unit)


@dataclass(frozen=True, slots=True)
class Term:
    starts_on: date
    ends_on: date  # the day before the next term starts


def _term_starts_in(year: int, starts: tuple[tuple[int, int], ...]) -> list[date]:
    return [date(year, month, day) for month, day in starts]


def terms_between(first: date, last: date, starts: tuple[tuple[int, int], ...]) -> list[Term]:
    """The terms that overlap ``first``..``last``, in order. ``starts`` are (month, day) pairs.

    Terms run back to back: each ends the day before the next starts, so every day belongs to
    exactly one term (holidays belong to the term before them).
    """
    if not starts:
        raise ValueError("at least one term start day is needed")
    days = sorted(
        d for year in range(first.year - 1, last.year + 2) for d in _term_starts_in(year, starts)
    )
    terms = [Term(a, b - timedelta(days=1)) for a, b in itertools.pairwise(days)]
    return [t for t in terms if t.ends_on >= first and t.starts_on <= last]
