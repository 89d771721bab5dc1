"""Pure date rules that every service uses to guard the child's journey.

Each raises :class:`JourneyError` naming the record and field; none touches the database.
"""

from __future__ import annotations

from datetime import date

from sightline.core import dates
from sightline.core.errors import JourneyError


def require(condition: bool, record: str, field: str, message: str) -> None:
    if not condition:
        raise JourneyError(record, field, message)


def not_future(record: str, field: str, value: date | None, today: date) -> None:
    """Things that happened cannot be dated after today (CONTRACTS.md "Future dates")."""
    if value is not None and value > today:
        raise JourneyError(record, field, f"{dates.day(value)} is in the future")


def not_before(
    record: str, field: str, value: date | None, earliest: date | None, what: str
) -> None:
    if value is not None and earliest is not None and value < earliest:
        raise JourneyError(
            record, field, f"{dates.day(value)} is before {what} ({dates.day(earliest)})"
        )


def not_after(record: str, field: str, value: date | None, latest: date | None, what: str) -> None:
    if value is not None and latest is not None and value > latest:
        raise JourneyError(
            record, field, f"{dates.day(value)} is after {what} ({dates.day(latest)})"
        )


def within(
    record: str,
    field: str,
    value: date,
    start: date,
    end: date | None,
    what: str,
) -> None:
    """``value`` must fall in [start, end] (end open when None)."""
    not_before(record, field, value, start, f"the start of the {what}")
    not_after(record, field, value, end, f"the end of the {what}")


def can_end(
    record: str,
    ended_on: date,
    *,
    started_on: date,
    already_ended: date | None,
    today: date,
    what: str,
) -> None:
    """The checks every "end this" service makes: not ended yet, not in the future, not before
    its start. ``what`` names the record in messages ("the plan")."""
    require(already_ended is None, record, "ended_on", f"{what} has already ended")
    not_future(record, "ended_on", ended_on, today)
    not_before(record, "ended_on", ended_on, started_on, f"the start of {what}")
