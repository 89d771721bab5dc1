"""Pure rules of quality of practice: no database, so each is tested on its own.

- the supervision standard (local configuration, by experience) and when each worker's next
  supervision is due;
- the monthly audit sample: random but reproducible (the same seed draws the same children),
  stratified across teams and stages of the journey;
- the roll-up's trend.

Configuration (settings), with these defaults::

    SIGHTLINE_SUPERVISION_STANDARD = {
        "newly_qualified": "4 weeks",   # in their first year (the ASYE year)
        "experienced": "6 weeks",
        "newly_qualified_months": 12,
    }
"""

from __future__ import annotations

import random
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from sightline.core.calendar import add_months
from sightline.timescales.periods import Period, parse_period

# --- Supervision --------------------------------------------------------------------------------


@dataclass(frozen=True)
class SupervisionStandard:
    newly_qualified: Period
    experienced: Period
    newly_qualified_months: int

    def interval(self, started_on: date, on: date) -> Period:
        """How often a worker who started on ``started_on`` is supervised, as at ``on``."""
        newly = on < add_months(started_on, self.newly_qualified_months)
        return self.newly_qualified if newly else self.experienced

    def describe(self) -> str:
        return (
            f"every {self.newly_qualified} in a worker's first {self.newly_qualified_months} "
            f"months, then every {self.experienced}"
        )


DEFAULT_SUPERVISION = {"newly_qualified": "4 weeks", "experienced": "6 weeks"}


def supervision_standard() -> SupervisionStandard:
    """The standard in force; a bad value stops with a message naming the setting."""
    raw = getattr(settings, "SIGHTLINE_SUPERVISION_STANDARD", None) or {}
    name = "SIGHTLINE_SUPERVISION_STANDARD"
    if not isinstance(raw, dict) or not set(raw) <= {
        "newly_qualified",
        "experienced",
        "newly_qualified_months",
    }:
        raise ImproperlyConfigured(
            f"{name} must be a dict with 'newly_qualified', 'experienced' (periods such as "
            "'4 weeks') and 'newly_qualified_months' (a whole number)"
        )
    periods: dict[str, Period] = {}
    for key in ("newly_qualified", "experienced"):
        text = str(raw.get(key, DEFAULT_SUPERVISION[key]))
        try:
            periods[key] = parse_period(text)
        except ValueError as error:
            raise ImproperlyConfigured(f"{name}[{key!r}]: {error}") from error
    months = raw.get("newly_qualified_months", 12)
    if not isinstance(months, int) or months < 0:
        raise ImproperlyConfigured(f"{name}['newly_qualified_months'] must be a whole number")
    return SupervisionStandard(periods["newly_qualified"], periods["experienced"], months)


@dataclass(frozen=True)
class SupervisionDue:
    """The supervisor's obligation for one worker: the next supervision, due on ``due_on``
    (from the last one held, or from the worker's start when none has been)."""

    due_on: date
    interval: Period
    overdue: bool


def supervision_due(
    started_on: date, last_held: date | None, today: date, standard: SupervisionStandard
) -> SupervisionDue:
    clock = last_held or started_on
    interval = standard.interval(started_on, clock)
    due_on = interval.due(clock)
    return SupervisionDue(due_on, interval, due_on < today)


# --- The audit sample ---------------------------------------------------------------------------

K = TypeVar("K", bound=Hashable)


def allocate(sizes: dict[K, int], total: int) -> dict[K, int]:
    """How many to draw from each stratum: proportional to its size (largest remainder), at
    least one from every stratum while the total allows, never more than a stratum holds.
    Strata are taken in sorted order so that the allocation does not depend on dict order."""
    strata = sorted((k for k, n in sizes.items() if n > 0), key=repr)
    population = sum(sizes[k] for k in strata)
    total = min(total, population)
    if total <= 0 or not strata:
        return {}
    counts = dict.fromkeys(strata, 0)
    if total >= len(strata):
        for k in strata:
            counts[k] = 1
    else:  # fewer places than strata: the largest strata get one each
        return dict.fromkeys(sorted(strata, key=lambda k: (-sizes[k], repr(k)))[:total], 1)
    left = total - len(strata)
    spare = {k: sizes[k] - 1 for k in strata}
    room = sum(spare.values())
    if left and room:
        shares = {k: left * spare[k] / room for k in strata}
        for k in strata:
            counts[k] += min(int(shares[k]), spare[k])
        rest = total - sum(counts.values())
        order = sorted(strata, key=lambda k: (-(shares[k] - int(shares[k])), repr(k)))
        while rest > 0:
            progressed = False
            for k in order:
                if rest and counts[k] < sizes[k]:
                    counts[k] += 1
                    rest -= 1
                    progressed = True
            if not progressed:
                break
    return {k: n for k, n in counts.items() if n}


def draw_sample(population: Iterable[tuple[K, int]], total: int, seed: str) -> list[tuple[K, int]]:
    """A stratified random sample of ``total`` children: ``population`` is (stratum, child id)
    pairs. Random, but the same seed and the same population give the same sample: each
    stratum's ids are sorted and shuffled by a generator seeded with the seed and the stratum."""
    by_stratum: dict[K, list[int]] = {}
    for stratum, child_id in population:
        by_stratum.setdefault(stratum, []).append(child_id)
    counts = allocate({k: len(v) for k, v in by_stratum.items()}, total)
    chosen: list[tuple[K, int]] = []
    for stratum, n in counts.items():
        ids = sorted(set(by_stratum[stratum]))
        rng = random.Random(f"{seed}/{stratum!r}")
        chosen.extend((stratum, child_id) for child_id in sorted(rng.sample(ids, n)))
    return chosen


def month_seed(month: date, salt: str = "") -> str:
    """The default seed of a month's sample: its month, and a local salt if configured."""
    return f"{month:%Y-%m}{'/' + salt if salt else ''}"


# --- Roll-ups -----------------------------------------------------------------------------------


def good_or_better(grades: Sequence[int]) -> float | None:
    """The share graded good or outstanding (1 or 2), or None when nothing was graded."""
    return sum(1 for g in grades if g <= 2) / len(grades) if grades else None


def trend(shares: Sequence[float | None], margin: float = 0.05) -> str:
    """Improving, declining or steady: the latest share against the one before it (the
    earliest months with no audits are skipped); "not enough audits" with fewer than two."""
    known = [s for s in shares if s is not None]
    if len(known) < 2:
        return "not enough audits"
    change = known[-1] - known[-2]
    if change > margin:
        return "improving"
    if change < -margin:
        return "declining"
    return "steady"


def months_back(last: date, count: int) -> list[date]:
    """The first days of ``count`` months ending with ``last``'s month, oldest first."""
    first = last.replace(day=1)
    return [add_months(first, -n) for n in range(count - 1, -1, -1)]


def sentence(value: Any) -> str:
    text = str(value).strip()
    return text[:1].upper() + text[1:]
