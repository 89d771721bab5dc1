"""The shapes every timescale takes, as pure functions: one-off, chained (recurring from the
last one actually held) and termly. The catalogue's rules are built from these."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sightline.core.dates import day as written_day


@dataclass(frozen=True, slots=True)
class Due:
    """One obligation: what a rule asks for one subject, from a start date to a due date."""

    rule: str
    subject_type: str
    subject_id: int
    subject: str  # a short label: "Section 47 enquiry started 2025-12-23" (CONTRACTS.md)
    started_on: date
    due_on: date
    met_on: date | None = None
    cancelled_on: date | None = None
    due_at: datetime | None = None
    met_at: datetime | None = None
    sequence: int = 0  # the position in a recurring chain (0 for the first, and for one-offs)

    @property
    def key(self) -> tuple[str, str, int, int]:
        return (self.rule, self.subject_type, self.subject_id, self.sequence)

    @property
    def met_in_time(self) -> bool | None:
        if self.met_on is None:
            return None
        if self.due_at is not None and self.met_at is not None:
            return self.met_at <= self.due_at
        return self.met_on <= self.due_on


@dataclass(frozen=True, slots=True)
class Subject:
    type: str  # model label
    id: int
    label: str

    @classmethod
    def of(cls, model_label: str, id: int, words: str, on: date) -> Subject:
        return cls(model_label, id, f"{words} {written_day(on)}")


def first_on_or_after(dates: Iterable[date], start: date, last: date | None = None) -> date | None:
    """The earliest of ``dates`` on or after ``start`` (and not after ``last``), or None."""
    found = [d for d in dates if d >= start and (last is None or d <= last)]
    return min(found) if found else None


def once(
    rule: str,
    subject: Subject,
    started_on: date,
    due_on: date,
    met_on: date | None,
    stop: date | None = None,
) -> Due:
    """A one-off obligation. It is met on ``met_on``; if never met and the reason for it ends
    (``stop``), it is cancelled that day."""
    if met_on is not None and (stop is None or met_on <= stop):
        return Due(rule, subject.type, subject.id, subject.label, started_on, due_on, met_on)
    return Due(rule, subject.type, subject.id, subject.label, started_on, due_on, cancelled_on=stop)


NextDue = Callable[[int, date], tuple[str, date]]
"""Given how many have been held in the chain so far and the date the clock runs from, the rule
code and due date of the next one."""


def chain(
    subject: Subject,
    starts: date,
    meetings: Sequence[date],
    next_due: NextDue,
    stop: date | None = None,
) -> list[Due]:
    """A recurring obligation: the first runs from ``starts``; each one held (the first of
    ``meetings`` on or after the clock's start for the first, after it for the rest) meets it
    and starts the next from the day it was held (CONTRACTS.md: recurring rules count from the
    date the previous one was actually held). The one open when the subject ends (``stop``) is
    cancelled that day; meetings after ``stop`` do not count."""
    held = sorted(d for d in set(meetings) if d >= starts and (stop is None or d <= stop))
    result: list[Due] = []
    clock = starts
    count = 0
    position = 0
    while True:
        rule, due_on = next_due(count, clock)
        if position < len(held):
            met = held[position]
            result.append(
                Due(
                    rule,
                    subject.type,
                    subject.id,
                    subject.label,
                    clock,
                    due_on,
                    met_on=met,
                    sequence=count,
                )
            )
            clock = met
            count += 1
            position += 1
            continue
        result.append(
            Due(
                rule,
                subject.type,
                subject.id,
                subject.label,
                clock,
                due_on,
                cancelled_on=stop,
                sequence=count,
            )
        )
        return result
