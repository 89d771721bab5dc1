"""The England working-day calendar and the period arithmetic used by statutory timescales.

Pure functions: no database, no clock. Every deadline is computed from stored dates; nothing
counts days by incrementing a counter.

Counting conventions (docs/design CONTRACTS.md, "Working days and periods"):

* A **working day** is Monday to Friday and not an England and Wales bank holiday. The bank
  holidays come from the maintained ``holidays`` package (``GB``, subdivision ``ENG``), which
  works offline and includes the one-off days (Platinum Jubilee 2022-06-03, State Funeral of
  Queen Elizabeth II 2022-09-19, Coronation 2023-05-08, the 2020 early May holiday moved to
  VE Day, 2020-05-08) and the substitute ("observed") days. Christmas Day and Good Friday are
  always non-working days; they are bank holidays in England anyway and are added explicitly
  as a safeguard.
* **"Within N working days of X"** (:func:`add_working_days`): X is day 0, whatever kind of
  day it is; the due date is the Nth working day after X. Met on or before the due date is
  in time.
* **"Within N weeks / months of X"** (:func:`add_weeks`, :func:`add_months`): the same day
  number N weeks or months later; where the target month is shorter, its last day
  (31 January + 1 month = 28 or 29 February).
* **"Beginning with X"** (:func:`beginning_with`; care proceedings must finish within
  26 weeks beginning with the day of issue, Children Act 1989 s.32(1)(a)(ii)): X is day 1,
  so the due date is X + 26 weeks - 1 day.

Working-day functions support dates from 2000-01-01 to 2035-12-31 (children in care since
before 2015 still have their timescales counted) and raise ``ValueError`` naming that range
outside it, rather than silently computing with an incomplete holiday table. The week and month
functions are plain calendar arithmetic and have no such limit.
"""

from __future__ import annotations

import calendar
import functools
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import holidays

__all__ = [
    "SUPPORTED_FROM",
    "SUPPORTED_TO",
    "add_months",
    "add_weeks",
    "add_working_days",
    "bank_holidays",
    "beginning_with",
    "is_working_day",
    "working_days_between",
    "working_seconds_between",
]

SUPPORTED_FROM = date(2000, 1, 1)
SUPPORTED_TO = date(2035, 12, 31)

_FIRST_ORDINAL = SUPPORTED_FROM.toordinal()
_LAST_ORDINAL = SUPPORTED_TO.toordinal()
_SATURDAY = 5


@dataclass(frozen=True, slots=True)
class _Tables:
    """Holiday set and working-day index over the supported range, built once."""

    holidays: frozenset[date]
    # cumulative[i]: working days in [SUPPORTED_FROM, SUPPORTED_FROM + i days].
    cumulative: tuple[int, ...]
    # working_days[k]: ordinal of the (k + 1)th working day on or after SUPPORTED_FROM.
    working_days: tuple[int, ...]


def _easter_sunday(year: int) -> date:
    """Western (Gregorian) Easter Sunday: the anonymous Gregorian computus (Meeus/Jones/Butcher)."""
    golden = year % 19
    century, year_in_century = divmod(year, 100)
    leap_centuries, century_rest = divmod(century, 4)
    correction = (century + 8) // 25
    moon = (century - correction + 1) // 3
    epact = (19 * golden + century - leap_centuries - moon + 15) % 30
    leap_years, year_rest = divmod(year_in_century, 4)
    weekday = (32 + 2 * century_rest + 2 * leap_years - epact - year_rest) % 7
    shift = (golden + 11 * epact + 22 * weekday) // 451
    month, day = divmod(epact + weekday - 7 * shift + 114, 31)
    return date(year, month, day + 1)


@functools.cache
def _tables() -> _Tables:
    years = range(SUPPORTED_FROM.year, SUPPORTED_TO.year + 1)
    found: set[date] = set(holidays.country_holidays("GB", subdiv="ENG", years=years).keys())
    for year in years:
        found.add(date(year, 12, 25))  # Christmas Day
        found.add(_easter_sunday(year) - timedelta(days=2))  # Good Friday
    holiday_set = frozenset(found)

    cumulative: list[int] = []
    working_days: list[int] = []
    for ordinal in range(_FIRST_ORDINAL, _LAST_ORDINAL + 1):
        day = date.fromordinal(ordinal)
        if day.weekday() < _SATURDAY and day not in holiday_set:
            working_days.append(ordinal)
        cumulative.append(len(working_days))
    return _Tables(holiday_set, tuple(cumulative), tuple(working_days))


def _out_of_range(d: date) -> ValueError:
    return ValueError(
        f"{d.isoformat()} is outside the working-day calendar's supported range "
        f"{SUPPORTED_FROM.isoformat()} to {SUPPORTED_TO.isoformat()}"
    )


def _offset(d: date) -> int:
    """Days from SUPPORTED_FROM to ``d``, or ValueError if ``d`` is outside the range."""
    ordinal = d.toordinal()
    if not _FIRST_ORDINAL <= ordinal <= _LAST_ORDINAL:
        raise _out_of_range(d)
    return ordinal - _FIRST_ORDINAL


def bank_holidays() -> frozenset[date]:
    """Every England and Wales bank holiday (including weekend dates) in the supported range."""
    return _tables().holidays


def is_working_day(d: date) -> bool:
    """True if ``d`` is Monday to Friday and not an England and Wales bank holiday."""
    _offset(d)
    return d.weekday() < _SATURDAY and d not in _tables().holidays


def add_working_days(start: date, n: int) -> date:
    """The due date for "within ``n`` working days of ``start``".

    ``start`` is day 0 and need not be a working day: a referral on a Saturday is due
    "within 1 working day" on the Monday, or the Tuesday if that Monday is a bank holiday.
    ``n == 0`` returns ``start`` itself, even when it is not a working day. For ``n >= 1``
    the result is always a working day.

    Raises ``ValueError`` if ``n`` is negative or ``start`` or the result falls outside the
    supported range.
    """
    if n < 0:
        raise ValueError(f"n must be 0 or more, not {n}")
    offset = _offset(start)
    if n == 0:
        return start
    tables = _tables()
    index = tables.cumulative[offset] + n - 1
    if index >= len(tables.working_days):
        raise ValueError(
            f"{n} working days after {start.isoformat()} falls after "
            f"{SUPPORTED_TO.isoformat()}, the end of the working-day calendar's supported range "
            f"{SUPPORTED_FROM.isoformat()} to {SUPPORTED_TO.isoformat()}"
        )
    return date.fromordinal(tables.working_days[index])


def working_days_between(start: date, end: date) -> int:
    """The number of working days after ``start`` up to and including ``end``.

    The inverse of :func:`add_working_days`: if ``add_working_days(x, n) == y`` and ``y`` is a
    working day (always so for ``n >= 1``) then ``working_days_between(x, y) == n``. Negative
    when ``end`` is before ``start``: ``working_days_between(a, b) == -working_days_between(b,
    a)``. Constant time, from a precomputed cumulative index.
    """
    cumulative = _tables().cumulative
    return cumulative[_offset(end)] - cumulative[_offset(start)]


def add_weeks(start: date, n: int) -> date:
    """The due date for "within ``n`` weeks of ``start``": ``start`` + 7n days (n may be < 0)."""
    return start + timedelta(weeks=n)


def add_months(start: date, n: int) -> date:
    """The due date for "within ``n`` months of ``start``" (``n`` may be negative).

    The same day number ``n`` months later, or the last day of that month when it is shorter:
    31 January + 1 month is 28 February (29 in a leap year); 31 August + 1 month is
    30 September.
    """
    years, month_index = divmod(start.month - 1 + n, 12)
    year = start.year + years
    month = month_index + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def beginning_with(start: date, weeks: int) -> date:
    """The due date for "within ``weeks`` weeks beginning with ``start``".

    ``start`` is day 1 (Children Act 1989 s.32(1)(a)(ii): 26 weeks beginning with the day on
    which the application was issued), so the due date is ``start`` + 7 x ``weeks`` - 1 day.
    Raises ``ValueError`` unless ``weeks`` is at least 1.
    """
    if weeks < 1:
        raise ValueError(f"weeks must be 1 or more, not {weeks}")
    return start + timedelta(days=weeks * 7 - 1)


def _working_seconds_to(moment: datetime, opens: time, closes: time) -> int:
    """Working seconds from the start of the supported range up to ``moment``."""
    day = moment.date()
    offset = _offset(day)
    length = _seconds(closes) - _seconds(opens)
    working_today = day.weekday() < _SATURDAY and day not in _tables().holidays
    before = _tables().cumulative[offset] - (1 if working_today else 0)
    today = 0
    if working_today:
        into = _seconds(moment.time()) + moment.microsecond / 1_000_000 - _seconds(opens)
        today = int(min(max(into, 0), length))
    return before * length + today


def _seconds(t: time) -> int:
    return t.hour * 3600 + t.minute * 60 + t.second


def working_seconds_between(
    start: datetime, end: datetime, opens: time = time(9), closes: time = time(17)
) -> int:
    """Seconds of working hours from ``start`` to ``end``: only the hours from ``opens`` to
    ``closes`` on working days count (a contact at 4pm on a Friday has waited one working hour
    at 5pm, and still one at 9am on Monday). Both are wall-clock times in one zone (the
    caller's local time); 0 when ``end`` is not after ``start``. Constant time."""
    if closes <= opens:
        raise ValueError(f"the working day must close after it opens ({opens} to {closes})")
    if end <= start:
        return 0
    return _working_seconds_to(end, opens, closes) - _working_seconds_to(start, opens, closes)
