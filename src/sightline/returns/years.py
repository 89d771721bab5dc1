"""Collection years (CONTRACTS.md "Collection years"): ``--year YYYY`` is the year ending
31 March YYYY. Supported: 2025 (the 2024-25 schema and rules) and 2026 (2025-26); 2027 for the
SSDA903 tables whose 2026-27 specification is known."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

CIN_CENSUS_YEARS = (2025, 2026)
SSDA903_YEARS = (2025, 2026, 2027)


class UnsupportedYear(ValueError):
    pass


@dataclass(frozen=True)
class CollectionYear:
    year: int

    @property
    def first(self) -> date:
        return date(self.year - 1, 4, 1)

    @property
    def last(self) -> date:
        """31 March YYYY: the reference date."""
        return date(self.year, 3, 31)

    @property
    def label(self) -> str:
        return f"{self.year - 1}-{self.year % 100:02d}"


def collection_year(year: int, supported: tuple[int, ...], return_name: str) -> CollectionYear:
    if year not in supported:
        names = ", ".join(f"{y} ({CollectionYear(y).label})" for y in supported)
        raise UnsupportedYear(
            f"{return_name}: collection year {year} is not supported; supported: {names}"
        )
    return CollectionYear(year)
