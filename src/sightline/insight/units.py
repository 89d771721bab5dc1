"""What a figure counts, unit by unit: the child behind each unit of its denominator and of
its numerator, so that every figure opens onto its children (issue 16 item 3)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Measure(StrEnum):
    """How a figure is made from its counts."""

    PERCENT = "percent"  # 100 * numerator / denominator
    RATE = "rate"  # 10,000 * numerator / the child population aged 0-17
    MEAN = "mean"  # the mean of a value over the numerator's units
    PER = "per"  # numerator / a divisor that is not children (caseload: per worker)
    COUNT = "count"  # the numerator alone


@dataclass(frozen=True)
class Units:
    """One window's units: the child of each unit counted (a child appears once per unit: a
    child referred twice is two referrals), the numerator a sub-list of the denominator's units.

    ``denominator`` is None when the figure divides by something that is not a list of
    children (a population, a number of workers: ``divisor``)."""

    numerator: tuple[int, ...]
    denominator: tuple[int, ...] | None = None
    values: tuple[float, ...] = ()  # MEAN: one value per numerator unit, in the same order
    divisor: int | None = None  # PER: the number the numerator is divided by

    def restricted(self, allowed: set[int]) -> Units:
        kept = [i for i, child in enumerate(self.numerator) if child in allowed]
        return Units(
            numerator=tuple(self.numerator[i] for i in kept),
            denominator=(
                None
                if self.denominator is None
                else tuple(c for c in self.denominator if c in allowed)
            ),
            values=tuple(self.values[i] for i in kept) if self.values else (),
            divisor=self.divisor,
        )

    def children(self) -> set[int]:
        return set(self.numerator) | set(self.denominator or ())

    def count(self) -> Count:
        return Count(
            numerator=len(self.numerator),
            denominator=None if self.denominator is None else len(self.denominator),
            total=sum(self.values) if self.values else None,
            divisor=self.divisor,
        )


def units(
    rows: Iterable[tuple[int, bool]],
) -> Units:
    """Units from (child, in the numerator) pairs."""
    listed = list(rows)
    return Units(
        numerator=tuple(child for child, hit in listed if hit),
        denominator=tuple(child for child, _ in listed),
    )


@dataclass(frozen=True)
class Count:
    """A window's counts: what the figure is computed from."""

    numerator: int
    denominator: int | None = None
    total: float | None = None  # MEAN: the sum of the values
    divisor: int | None = None

    def value(self, measure: Measure, population: int | None) -> float | None:
        """The figure; None when it cannot be computed (nothing to divide by)."""
        if measure == Measure.PERCENT:
            if not self.denominator:
                return None
            return 100 * self.numerator / self.denominator
        if measure == Measure.RATE:
            return None if not population else 10_000 * self.numerator / population
        if measure == Measure.MEAN:
            return None if not self.numerator or self.total is None else self.total / self.numerator
        if measure == Measure.PER:
            return None if not self.divisor else self.numerator / self.divisor
        return float(self.numerator)
