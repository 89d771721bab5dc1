"""Benchmarks: England, the South West and the statistical neighbours, as reference data.

``data/national_benchmarks.csv`` is a copy of ``shared/reference/benchmarks/
national_benchmarks.csv`` (DfE official statistics: EES files and LAIT, 2023-2025;
provenance and reliability in ``data/BENCHMARKS_NOTES.md``, a copy of its NOTES.md). Values
the DfE suppressed or marked unreliable ('c', 'u', 'x', '-') are not in the file: a missing
value is *not published*, never zero, and the neighbours' median and mean are of the values
published (with how many of the ten they are of). The neighbours are the DfE's May 2025 model
for Gloucestershire; the median is what the DfE dashboard shows, the mean what LAIT shows
(anchors.md 3.3): both are given, labelled.
"""

from __future__ import annotations

import csv
import functools
import statistics
from dataclasses import dataclass
from importlib import resources

ENGLAND = "England"
REGION = "South West"
OWN = "Gloucestershire"
SN_SUFFIX = " (Gloucestershire SN, 2025 model)"
SN_COUNT = 10
SOURCE = "shared/reference/benchmarks/national_benchmarks.csv (DfE EES and LAIT, 2023-2025)"
NOT_PUBLISHED = "not published (suppressed, unreliable or not available)"
KNOWN_GAPS = {
    ("Hampshire", "2024", "cin"): "low reliability ('u'): Hampshire's 2024 CIN return",
}


@dataclass(frozen=True)
class Row:
    indicator: str
    area: str
    year: int
    value: float
    unit: str
    definition: str
    source_url: str


@functools.cache
def rows() -> tuple[Row, ...]:
    text = resources.files("sightline.insight").joinpath("data/national_benchmarks.csv")
    with text.open(encoding="utf-8") as handle:
        return tuple(
            Row(
                r["indicator"],
                r["area"],
                int(r["year"]),
                float(r["value"]),
                r["unit"],
                r["definition"],
                r["source_url"],
            )
            for r in csv.DictReader(handle)
            if r["value"].strip()
        )


@functools.cache
def _index() -> dict[tuple[str, str, int], Row]:
    return {(r.indicator, r.area, r.year): r for r in rows()}


def neighbours() -> list[str]:
    """The ten statistical neighbours' names (DfE model of May 2025)."""
    return sorted({r.area.removesuffix(SN_SUFFIX) for r in rows() if r.area.endswith(SN_SUFFIX)})


def years(indicator: str) -> list[int]:
    return sorted({r.year for r in rows() if r.indicator == indicator})


@dataclass(frozen=True)
class Benchmarks:
    """One indicator's published figures for one year; None where not published."""

    indicator: str
    year: int
    england: float | None
    region: float | None
    own_published: float | None  # the authority's own figure as the DfE published it
    neighbours: dict[str, float | None]  # each of the ten, None where not published
    definition: str
    source_url: str

    @property
    def published_neighbours(self) -> list[float]:
        return [v for v in self.neighbours.values() if v is not None]

    @property
    def neighbours_median(self) -> float | None:
        values = self.published_neighbours
        return statistics.median(values) if values else None

    @property
    def neighbours_mean(self) -> float | None:
        values = self.published_neighbours
        return statistics.fmean(values) if values else None

    @property
    def neighbours_published(self) -> int:
        return len(self.published_neighbours)


def for_year(indicator: str, year: int) -> Benchmarks | None:
    """The indicator's benchmarks for the year ending 31 March ``year`` (or 30 September for
    the workforce's), None if the file has no figure at all for that year."""
    index = _index()
    if not any(key[0] == indicator and key[2] == year for key in index):
        return None

    def value(area: str) -> float | None:
        row = index.get((indicator, area, year))
        return None if row is None else row.value

    any_row = next(r for k, r in index.items() if k[0] == indicator and k[2] == year)
    return Benchmarks(
        indicator=indicator,
        year=year,
        england=value(ENGLAND),
        region=value(REGION),
        own_published=value(OWN),
        neighbours={name: value(name + SN_SUFFIX) for name in neighbours()},
        definition=any_row.definition,
        source_url=any_row.source_url,
    )


def rank(own: float, others: list[float], higher_is_better: bool) -> int:
    """1 for the best of ``own`` and ``others``; ties share the better rank."""
    if higher_is_better:
        return 1 + sum(1 for v in others if v > own)
    return 1 + sum(1 for v in others if v < own)
