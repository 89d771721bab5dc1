"""The leaders' pages: the dashboard grouped by outcome, each KPI's own page (its definition,
its trend as a chart or a table, its benchmarks) and the children behind each figure. Views
stay thin: figures come from ``insight.figures``, children from ``insight.queries`` through the
access policy; every list of children is audited as a search."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from sightline.access.audit import record_search
from sightline.access.policy import viewer_for, visible_children
from sightline.insight import benchmarks as bm
from sightline.insight import queries
from sightline.insight.catalogue import KPI, KPIS, PERIOD_LABELS, Outcome
from sightline.insight.charts import NOT_PUBLISHED, chart, number, svg
from sightline.insight.figures import Figure, figure_with_units, figures, units_for
from sightline.insight.units import Measure
from sightline.insight.windows import Window, dashboard_windows, parse_window
from sightline.web.pagination import paginate_request

PER_PAGE = 50


def _refused(request: HttpRequest) -> HttpResponse:
    return render(request, "insight/not_allowed.html", {"page": "insight"}, status=403)


def _today() -> date:
    return timezone.localdate()


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _benchmark(value: float | None, measure: Measure) -> str:
    return NOT_PUBLISHED if value is None else number(value, measure)


@dataclass(frozen=True)
class Row:
    """One KPI on the dashboard, in words."""

    figure: Figure
    selected: int  # the index of the window shown as the headline

    @property
    def kpi(self) -> KPI:
        return self.figure.kpi

    @property
    def value(self) -> str:
        return number(self.figure.points[self.selected].value, self.figure.measure)

    @property
    def window(self) -> Window:
        return self.figure.points[self.selected].window

    @property
    def values(self) -> list[tuple[Window, str]]:
        return [(p.window, number(p.value, self.figure.measure)) for p in self.figure.points]

    @property
    def change(self) -> str:
        change = self.figure.change
        if change is None:
            return "no figure"
        unit = " points" if self.figure.measure == Measure.PERCENT else ""
        return f"{change:+.1f}{unit}"

    @property
    def direction(self) -> str:
        return self.figure.direction

    @property
    def rank(self) -> str:
        compared = self.figure.compared
        if compared is None or compared.rank is None:
            return ""
        return f"{_ordinal(compared.rank)} of {compared.of} ({compared.year})"

    @property
    def benchmarks(self) -> dict[str, str] | None:
        b = self.figure.latest_benchmarks
        if b is None or not self.figure.comparable:
            return None
        m = self.figure.measure
        return {
            "year": str(b.year),
            "england": _benchmark(b.england, m),
            "region": _benchmark(b.region, m),
            "median": _benchmark(b.neighbours_median, m),
            "mean": _benchmark(b.neighbours_mean, m),
            "published": str(b.neighbours_published),
        }

    @property
    def chart(self) -> Any:
        return svg(chart(self.figure), f"chart-{self.kpi.code}")


def _selected(windows: list[Window], key: str) -> int:
    for i, w in enumerate(windows):
        if w.key == key:
            return i
    return len(windows) - 2  # the last complete collection year


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    if not queries.may_see_figures(viewer):
        return _refused(request)
    as_of = _today()
    chosen = queries.filters(viewer, request.GET.get("team", ""), request.GET.get("age", ""), as_of)
    windows = dashboard_windows(as_of)
    selected = _selected(windows, request.GET.get("period", ""))
    found = figures(as_of, chosen.scope)
    groups = [
        (outcome, [Row(f, selected) for f in found if f.kpi.outcome == outcome])
        for outcome in Outcome
    ]
    table = request.GET.get("view") == "table"
    return render(
        request,
        "insight/dashboard.html",
        {
            "page": "insight",
            "as_of": as_of,
            "filters": chosen,
            "windows": windows,
            "selected": windows[selected],
            "periods": [
                queries.Choice(w.key, w.label, i == selected) for i, w in enumerate(windows)
            ],
            # In the chart view the timeliness of the timescale rules is a table under each
            # outcome's charts (some thirty charts of "met in time" would bury the rest).
            "groups": [
                (
                    o,
                    rows if table else [r for r in rows if not r.kpi.rule],
                    [] if table else [r for r in rows if r.kpi.rule],
                )
                for o, rows in groups
                if rows
            ],
            "table": table,
            "keep": urlencode(chosen.query()),
        },
    )


def _kpi(code: str) -> KPI:
    kpi = KPIS.get(code)
    if kpi is None:
        raise Http404("No such figure")
    return kpi


@dataclass(frozen=True)
class Part:
    window: Window
    value: str
    numerator: int
    denominator: int | None
    failing: int


@login_required
def kpi_page(request: HttpRequest, code: str) -> HttpResponse:
    viewer = viewer_for(request.user)
    if not queries.may_see_figures(viewer):
        return _refused(request)
    kpi = _kpi(code)
    as_of = _today()
    chosen = queries.filters(viewer, request.GET.get("team", ""), request.GET.get("age", ""), as_of)
    f, units = figure_with_units(code, as_of, chosen.scope)
    parts = []
    for point, found in zip(f.points, units, strict=True):
        parts.append(
            Part(
                point.window,
                number(point.value, f.measure),
                len(found.numerator),
                None if found.denominator is None else len(found.denominator),
                len(queries.failing(found.children())),
            )
        )
    benchmarks = [
        {
            "year": b.year,
            "england": _benchmark(b.england, kpi.measure),
            "region": _benchmark(b.region, kpi.measure),
            "own": _benchmark(b.own_published, kpi.measure),
            "median": _benchmark(b.neighbours_median, kpi.measure),
            "mean": _benchmark(b.neighbours_mean, kpi.measure),
            "published": b.neighbours_published,
            "neighbours": [(n, _benchmark(v, kpi.measure)) for n, v in b.neighbours.items()],
        }
        for b in f.benchmarks
    ]
    return render(
        request,
        "insight/kpi.html",
        {
            "page": "insight",
            "kpi": kpi,
            "row": Row(f, len(f.points) - 2),
            "figure": f,
            "period": PERIOD_LABELS[kpi.period],
            "alternative": KPIS.get(kpi.alternative),
            "parts": parts,
            "benchmarks": benchmarks,
            "benchmark_source": bm.SOURCE,
            "filters": chosen,
            "as_of": as_of,
            "table": request.GET.get("view") == "table",
            "keep": urlencode(chosen.query()),
        },
    )


@login_required
def children(request: HttpRequest, code: str) -> HttpResponse:
    """The children in a figure's numerator or denominator for one window and scope, each
    linked to their record: those the access policy lets the user open, audited as a search."""
    viewer = viewer_for(request.user)
    if not queries.may_see_figures(viewer):
        return _refused(request)
    kpi = _kpi(code)
    as_of = _today()
    window = parse_window(request.GET.get("window", ""), as_of)
    part = request.GET.get("part", "numerator")
    if window is None or part not in queries.PARTS:
        raise Http404("No such figure")
    chosen = queries.filters(viewer, request.GET.get("team", ""), request.GET.get("age", ""), as_of)
    found = units_for(kpi, window, chosen.scope)
    if part == "denominator" and found.denominator is None:
        raise Http404("This figure's denominator is not a list of children")
    units = queries.children_of(found, part)
    failing = queries.failing(units)
    only_failing = request.GET.get("failing") == "1"
    wanted = failing if only_failing else set(units)
    rows = paginate_request(
        request, queries.listed(visible_children(request.user), wanted), PER_PAGE, anchor="children"
    )
    page_ids = [c.pk for c in rows]
    record_search(
        {
            "figure": kpi.code,
            "window": window.key,
            "part": part,
            "team": chosen.team,
            "age": chosen.age,
            "failing": "1" if only_failing else "",
        },
        rows.count,
        page_ids,
    )
    rules = queries.failing_rules(page_ids)
    base = reverse("insight-children", args=[kpi.code])
    keep = {**chosen.query(), "window": window.key, "part": part}
    return render(
        request,
        "insight/children.html",
        {
            "page": "insight",
            "kpi": kpi,
            "window": window,
            "part": part,
            "part_label": queries.PARTS[part],
            "units": sum(units.values()),
            "total": len(units),
            "failing": len(failing),
            "only_failing": only_failing,
            "hidden": len(wanted) - rows.count,
            "rows": [(c, units[c.pk], rules.get(c.pk, [])) for c in rows],
            "pages": rows,
            "filters": chosen,
            "all_url": f"{base}?{urlencode(keep)}",
            "failing_url": f"{base}?{urlencode({**keep, 'failing': '1'})}",
            "kpi_url": reverse("insight-kpi", args=[kpi.code])
            + (f"?{urlencode(chosen.query())}" if chosen.query() else ""),
        },
    )
