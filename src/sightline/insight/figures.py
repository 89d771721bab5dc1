"""Figures: a KPI's value, trend and benchmarks for a date and a scope (the API other parts of
Sightline use: the leaders' dashboard, the inspection pack, the improvement board pack).

    from sightline.insight.catalogue import KPIS
    from sightline.insight.figures import figure, figures, units_for
    f = figure("RE_REFERRALS", as_of=date(2026, 12, 6))
    f.latest.value, f.current.value, f.change, f.direction, f.compared

A figure's trend is the last three complete collection years and the year in progress (the
12 months to ``as_of``, measured the same way). A rate per 10,000 needs the population of its
scope: for a team or an age band Sightline does not hold one, so a scoped rate is shown as the
count it is made of.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings

from sightline.insight import benchmarks as bm
from sightline.insight import store
from sightline.insight.catalogue import KPI, KPIS
from sightline.insight.measures import shared_cohorts, timeliness_counts
from sightline.insight.units import Count, Measure, Units
from sightline.insight.windows import Scope, Window, dashboard_windows


def population() -> int | None:
    """The authority's children aged 0-17 (the per-10,000 denominator)."""
    value = getattr(settings, "SIGHTLINE_CHILD_POPULATION", None)
    return int(value) if value else None


@dataclass(frozen=True)
class Point:
    window: Window
    count: Count
    value: float | None
    computed_at: datetime | None = None  # when a kept figure was computed; None: on the request
    figure_id: int | None = None  # the kept figure (``insight.models.StoredFigure``), if kept


@dataclass(frozen=True)
class Compared:
    """Our figure beside the published ones for the latest year both have."""

    year: int
    value: float | None
    benchmarks: bm.Benchmarks
    rank: int | None  # among the neighbours that published (1 = best), None if no direction
    of: int  # how many were ranked (ours included)


@dataclass(frozen=True)
class Figure:
    kpi: KPI
    scope: Scope
    as_of: date
    measure: Measure  # the KPI's, or COUNT for a rate in a scope with no population
    points: list[Point]  # oldest first; the last is the year in progress
    benchmarks: list[bm.Benchmarks] = field(default_factory=list)  # by year, oldest first

    @property
    def code(self) -> str:
        return self.kpi.code

    @property
    def unit(self) -> str:
        return "children" if self.measure == Measure.COUNT else self.kpi.unit

    @property
    def years(self) -> list[Point]:
        return [p for p in self.points if not p.window.in_progress]

    @property
    def latest(self) -> Point:
        """The last complete collection year."""
        return self.years[-1]

    @property
    def previous(self) -> Point | None:
        return self.years[-2] if len(self.years) > 1 else None

    @property
    def current(self) -> Point:
        """The year in progress (rolling 12 months to the figure's date)."""
        return self.points[-1]

    @property
    def change(self) -> float | None:
        """The latest complete year less the year before (points for a percentage)."""
        if self.previous is None or self.latest.value is None or self.previous.value is None:
            return None
        return self.latest.value - self.previous.value

    @property
    def direction(self) -> str:
        """ "better", "worse", "no change", or "" where neither is better or it is unknown. A
        change too small to show (45.5% both years, as written) is no change."""
        change = self.change
        if change is None or self.kpi.higher_is_better is None:
            return ""
        places = 0 if self.measure == Measure.COUNT else 1  # as charts.number writes it
        latest, previous = self.latest.value, self.previous.value  # type: ignore[union-attr]
        if f"{latest:.{places}f}" == f"{previous:.{places}f}":
            return "no change"
        return "better" if (change > 0) == self.kpi.higher_is_better else "worse"

    @property
    def comparable(self) -> bool:
        """Benchmarks are for whole authorities: they compare with our whole-authority value."""
        return self.scope.whole_authority and self.measure == self.kpi.measure

    @property
    def compared(self) -> Compared | None:
        if not self.comparable:
            return None
        ours = {p.window.year: p.value for p in self.years}
        for b in reversed(self.benchmarks):
            if b.year in ours:
                value = ours[b.year]
                others = b.published_neighbours
                ranked = (
                    None
                    if value is None or self.kpi.higher_is_better is None
                    else bm.rank(value, others, self.kpi.higher_is_better)
                )
                return Compared(b.year, value, b, ranked, len(others) + 1)
        return None

    @property
    def latest_benchmarks(self) -> bm.Benchmarks | None:
        return self.benchmarks[-1] if self.benchmarks else None


def _measure_for(kpi: KPI, scope: Scope) -> Measure:
    if kpi.measure == Measure.RATE and (not scope.whole_authority or not population()):
        return Measure.COUNT
    return kpi.measure


def units_for(kpi: KPI, window: Window, scope: Scope | None = None) -> Units:
    """The children a figure counts in one window and scope (the drill-down's lists)."""
    scope = scope or Scope()
    found = kpi.compute(window)
    if scope.whole_authority:
        return found
    return found.restricted(scope.allowed(found.children(), window))


def _benchmarks(kpi: KPI) -> list[bm.Benchmarks]:
    return list(_published(kpi.benchmark)) if kpi.benchmark else []


@functools.cache
def _published(indicator: str) -> tuple[bm.Benchmarks, ...]:
    """An indicator's benchmarks by year (reference data read once per process)."""
    found = [bm.for_year(indicator, y) for y in bm.years(indicator)]
    return tuple(b for b in found if b is not None)


def _figure(
    kpi: KPI,
    as_of: date,
    scope: Scope,
    windows: list[Window],
    counts: list[Count],
    kept: list[store.Kept | None] | None = None,
) -> Figure:
    measure = _measure_for(kpi, scope)
    people = population()
    marks = kept or [None] * len(windows)
    points = [
        Point(
            w,
            c,
            c.value(measure, people),
            None if k is None else k.computed_at,
            None if k is None else k.figure_id,
        )
        for w, c, k in zip(windows, counts, marks, strict=True)
    ]
    return Figure(kpi, scope, as_of, measure, points, _benchmarks(kpi))


def figures(
    as_of: date,
    scope: Scope | None = None,
    codes: Iterable[str] | None = None,
    windows: list[Window] | None = None,
) -> list[Figure]:
    """Every KPI's figure (or those of ``codes``), in the catalogue's order, over the
    dashboard's windows (or ``windows``). The windows kept by ``insight.store`` (the complete
    years; the year to date if stored today) are read from it (one query, or one a window for
    a team or an age band); a window not kept is computed from the records, the timescale
    rules' timeliness in one grouped query."""
    scope = scope or Scope()
    wanted = [KPIS[c] for c in codes] if codes is not None else list(KPIS.values())
    windows = windows if windows is not None else dashboard_windows(as_of)
    kept = store.stored_counts(wanted, windows, scope)

    def kept_for(kpi: KPI, w: Window) -> store.Kept | None:
        return kept.get((kpi.code, w.key))

    # The timescale rules' counts in one grouped query, for the windows not kept.
    needed = [
        i for i, w in enumerate(windows) if any(k.rule and kept_for(k, w) is None for k in wanted)
    ]
    timely: dict[str, dict[int, Count]] = {}
    if needed:
        grouped = timeliness_counts([windows[i] for i in needed], scope).by_rule
        timely = {rule: dict(zip(needed, counts, strict=True)) for rule, counts in grouped.items()}
    found = []
    with shared_cohorts():
        for kpi in wanted:
            counts = []
            marks = []
            for i, w in enumerate(windows):
                mark = kept_for(kpi, w)
                marks.append(mark)
                if mark is not None:
                    counts.append(mark.count)
                elif kpi.rule:
                    counts.append(timely.get(kpi.rule, {}).get(i, Count(0, 0)))
                elif kpi.count is not None and scope.whole_authority:
                    counts.append(kpi.count(w))
                else:
                    counts.append(units_for(kpi, w, scope).count())
            found.append(_figure(kpi, as_of, scope, windows, counts, marks))
    return found


def figure_with_units(
    code: str, as_of: date, scope: Scope | None = None
) -> tuple[Figure, list[Units | None]]:
    """One KPI's figure for every window, with the children of each window computed on the
    request (a KPI's own page: the counts and the lists come from the same units). A complete
    year kept by ``insight.store`` is read from it, its children left there (None)."""
    scope = scope or Scope()
    kpi = KPIS[code]
    windows = dashboard_windows(as_of)
    kept = store.stored_counts([kpi], windows, scope)
    found: list[Units | None] = []
    counts: list[Count] = []
    marks: list[store.Kept | None] = []
    with shared_cohorts():
        for w in windows:
            mark = None if w.in_progress else kept.get((code, w.key))
            marks.append(mark)
            if mark is not None:
                found.append(None)
                counts.append(mark.count)
            else:
                computed = units_for(kpi, w, scope)
                found.append(computed)
                counts.append(computed.count())
    return _figure(kpi, as_of, scope, windows, counts, marks), found


def figure(code: str, as_of: date, scope: Scope | None = None) -> Figure:
    """One KPI's figure: its value, trend and benchmarks for ``as_of`` and ``scope``."""
    return figures(as_of, scope, [code])[0]
