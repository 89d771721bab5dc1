"""The leaders' pages: the dashboard grouped by outcome, each KPI's own page (its definition,
its trend as a chart or a table, its benchmarks) and the children behind each figure. Views
stay thin: figures come from ``insight.figures``, children from ``insight.queries`` through the
access policy; every list of children is audited as a search."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from sightline.access.audit import record_search
from sightline.access.policy import viewer_for, visible_children
from sightline.insight import benchmarks as bm
from sightline.insight import queries, store
from sightline.insight.catalogue import KPI, KPIS, PERIOD_LABELS, Outcome
from sightline.insight.charts import NOT_PUBLISHED, chart, number, svg
from sightline.insight.figures import Figure, figure_with_units, figures, units_for
from sightline.insight.units import Measure
from sightline.insight.windows import Window, dashboard_windows, parse_window
from sightline.jobs import queries as job_queries
from sightline.jobs import rules as job_rules
from sightline.jobs.models import Job
from sightline.jobs.services import start_job
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
    failing: int | None = None  # the headline's children failing a DfE rule today, if kept

    @property
    def computed_at(self) -> datetime | None:
        """When the headline figure was computed (a kept year); None: on this request."""
        return self.figure.points[self.selected].computed_at

    @property
    def failing_part(self) -> str:
        """The list holding every child of the figure: the denominator, where it is a list."""
        count = self.figure.points[self.selected].count
        return "numerator" if count.denominator is None else "denominator"

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
    kept = [p.figure_id for f in found for p in f.points[selected : selected + 1] if p.figure_id]
    failing = store.failing_counts(kept, chosen.scope, windows[selected])

    def row(f: Figure) -> Row:
        point = f.points[selected]
        kept_failing = None if point.figure_id is None else failing.get(point.figure_id, 0)
        return Row(f, selected, kept_failing)

    groups = [(outcome, [row(f) for f in found if f.kpi.outcome == outcome]) for outcome in Outcome]
    times = [
        p.computed_at
        for f in found
        for p in f.points
        if p.computed_at is not None and not p.window.in_progress
    ]
    not_kept = sorted(
        {p.window.label for f in found for p in f.points if p.computed_at is None and p.window.year}
    )
    to_date = [f.points[-1].computed_at for f in found]
    to_date_at = min(to_date) if to_date and None not in to_date else None  # type: ignore[type-var]
    authority_wide = viewer.role in queries.AUTHORITY_FIGURES
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
            "to_date_at": to_date_at,
            "kept_from": min(times) if times else None,
            "kept_to": max(times) if times else None,
            "not_kept": not_kept,
            "may_store": authority_wide,
            "storing": job_queries.active_job(Job.Kind.FIGURES) if authority_wide else None,
        },
    )


@login_required
@require_POST
def store_again(request: HttpRequest) -> HttpResponse:
    """Queue the computing of the figures as a background job (or join the one running)."""
    viewer = viewer_for(request.user)
    if not queries.may_see_figures(viewer) or viewer.role not in queries.AUTHORITY_FIGURES:
        return _refused(request)
    job, _started = start_job(kind=Job.Kind.FIGURES, user=request.user)
    return redirect("insight-job", job_id=job.pk)


@login_required
def job_page(request: HttpRequest, job_id: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    if not queries.may_see_figures(viewer) or viewer.role not in queries.AUTHORITY_FIGURES:
        return _refused(request)
    job = job_queries.job_of_kind(Job.Kind.FIGURES, job_id)
    if job is None:
        raise Http404("No such job")
    now = timezone.now()
    stopped = job_rules.has_stopped(job.state, job.reported_at, now)
    return render(
        request,
        "insight/job.html",
        {
            "page": "insight",
            "job": job,
            "stopped": stopped,
            "stopped_message": job_rules.stopped_message("computing of the figures", job.pk),
            "waiting_long": job_rules.waiting_long(job.state, job.queued_at, now),
            "percent": job_rules.percent(job.done, job.total),
            "polling": job.active and not stopped,
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
    computed_at: datetime | None  # a kept year's; None: computed on the request


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
        if found is None and point.figure_id is not None:  # a kept year: its kept children
            fails = store.failing_counts([point.figure_id], chosen.scope, point.window)
            failing = fails.get(point.figure_id, 0)
        else:
            failing = len(queries.failing(found.children())) if found is not None else 0
        parts.append(
            Part(
                point.window,
                number(point.value, f.measure),
                point.count.numerator,
                point.count.denominator,
                failing,
                point.computed_at,
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
    kept = store.kept_figure(kpi, window)
    if kept is not None:
        if part == "denominator" and kept.denominator is None:
            raise Http404("This figure's denominator is not a list of children")
        behind = queries.kept_behind(kept, part, chosen.scope, window)
    else:
        found = units_for(kpi, window, chosen.scope)
        if part == "denominator" and found.denominator is None:
            raise Http404("This figure's denominator is not a list of children")
        behind = queries.live_behind(found, part)
    only_failing = request.GET.get("failing") == "1"
    wanted = behind.failing_ids if only_failing else behind.ids
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
    units = behind.units_of(page_ids)
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
            "units": behind.units,
            "total": behind.total,
            "failing": behind.failing,
            "only_failing": only_failing,
            "hidden": (behind.failing if only_failing else behind.total) - rows.count,
            "rows": [(c, units.get(c.pk, 0), rules.get(c.pk, [])) for c in rows],
            "computed_at": None if kept is None else kept.computed_at,
            "pages": rows,
            "filters": chosen,
            "all_url": f"{base}?{urlencode(keep)}",
            "failing_url": f"{base}?{urlencode({**keep, 'failing': '1'})}",
            "kpi_url": reverse("insight-kpi", args=[kpi.code])
            + (f"?{urlencode(chosen.query())}" if chosen.query() else ""),
        },
    )
