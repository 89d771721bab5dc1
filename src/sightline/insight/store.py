"""The leaders' figures, kept and read back (decision 0036).

``store(as_of)`` computes every KPI in force for the windows the dashboard shows on ``as_of``
(the three complete collection years and the year to date; the whole authority; the same
``units`` a figure is made of) and replaces what was kept for them: a ``StoredFigure`` per KPI
and window with the children it counts (``StoredUnit``). Only the latest year to date is kept.
It runs as ``sightline figures store`` (on a schedule: the year to date every 15 minutes with
``--year-to-date``, everything nightly so a correction to an earlier year shows the next
morning), as a background job from the dashboard ("Compute the figures again",
``jobs.runner.WORK``) and at the end of ``sightline synth``.

The readers are set-based: ``stored_counts`` gives the counts of every KPI for the kept windows
in one query for the whole authority, or one grouped query a window for a team or an age band
(the kept children in scope); ``failing_counts`` how many children of each figure the last live
check found failing a DfE rule; ``children`` the kept children of one figure as a query the
drill-down pages through. A KPI whose definition changed (a new version) is not read from an
older version's rows: it is computed on the request until the store runs again.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.db.models import Count as DbCount
from django.db.models import Exists, OuterRef, Q, QuerySet, Sum
from django.utils import timezone

from sightline.insight.catalogue import KPI, KPIS
from sightline.insight.measures import shared_cohorts
from sightline.insight.models import StoredFigure, StoredUnit
from sightline.insight.units import Count, Units
from sightline.insight.windows import Scope, Window, dashboard_windows
from sightline.people.models import Person
from sightline.validation.models import LiveFailure

#: Told what the store is doing (a stage in words, steps done, total): the job's page shows it.
Progress = Callable[[str, int, int], None]

BATCH = 5_000


def _quiet(stage: str, done: int, total: int) -> None:
    return None


def _rows(units: Units) -> list[tuple[int, int, int, float | None]]:
    """(child, numerator units, denominator units, sum of values) for every child counted."""
    numerator = Counter(units.numerator)
    denominator = Counter(units.denominator or ())
    totals: dict[int, float] = defaultdict(float)
    for child, value in zip(units.numerator, units.values, strict=False):
        totals[child] += value
    children = sorted(set(numerator) | set(denominator))
    return [
        (c, numerator[c], denominator[c], totals[c] if units.values else None) for c in children
    ]


def store(as_of: date, progress: Progress | None = None, complete: bool = True) -> dict[str, Any]:
    """Compute and keep every KPI's figure for the windows shown on ``as_of``: the year to
    date, and the complete collection years unless ``complete`` is False (replacing what was
    kept for them, and any earlier year to date). Returns what was stored."""
    tell = progress or _quiet
    windows = [w for w in dashboard_windows(as_of) if complete or w.in_progress]
    kpis = list(KPIS.values())
    total = len(kpis) * len(windows)
    # Computed first, written after in one short transaction (SQLite has one writer at a time);
    # each figure kept as its counts and one row a child, not its units.
    computed: list[tuple[KPI, Window, Count, list[tuple[int, int, int, float | None]]]] = []
    with shared_cohorts():
        for i, kpi in enumerate(kpis):
            tell("Computing the figures", i * len(windows), total)
            for w in windows:
                found = kpi.compute(w)
                computed.append((kpi, w, found.count(), _rows(found)))
    tell("Saving the figures", total, total)
    now = timezone.now()
    units = 0
    with transaction.atomic():
        kept = StoredFigure.objects.filter(
            Q(window__in=[w.key for w in windows]) | Q(window__startswith="rolling-")
        )
        StoredUnit.objects.filter(figure__in=kept).delete()
        kept.delete()
        figures = StoredFigure.objects.bulk_create(
            StoredFigure(
                kpi=kpi.code,
                version=kpi.version,
                window=w.key,
                numerator=count.numerator,
                denominator=count.denominator,
                total=count.total,
                divisor=count.divisor,
                computed_at=now,
            )
            for kpi, w, count, _children in computed
        )
        born = dict(Person.objects.values_list("pk", "birth_date"))
        batch: list[StoredUnit] = []
        for figure, (_kpi, _w, _count, rows) in zip(figures, computed, strict=True):
            for child, numerator, denominator, value in rows:
                batch.append(
                    StoredUnit(
                        figure_id=figure.pk,
                        child_id=child,
                        numerator=numerator,
                        denominator=denominator,
                        total=value,
                        birth_date=born.get(child),
                    )
                )
                if len(batch) >= BATCH:
                    StoredUnit.objects.bulk_create(batch)
                    units += len(batch)
                    batch = []
        StoredUnit.objects.bulk_create(batch)
        units += len(batch)
    return {
        "windows": [w.key for w in windows],
        "labels": [w.label for w in windows],
        "figures": len(figures),
        "children": units,
        "computed_at": now.isoformat(timespec="seconds"),
    }


# --- Reading -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Kept:
    """A figure's counts for a kept window, in a scope, and when it was computed."""

    count: Count
    computed_at: datetime
    figure_id: int


def _current(kpis: Iterable[KPI], keys: Iterable[str]) -> dict[tuple[str, str], StoredFigure]:
    """The kept figures of these KPIs' versions in force for these windows (one query)."""
    versions = {k.code: k.version for k in kpis}
    wanted = sorted(set(keys))
    if not versions or not wanted:
        return {}
    return {
        (f.kpi, f.window): f
        for f in StoredFigure.objects.filter(kpi__in=sorted(versions), window__in=wanted)
        if f.version == versions[f.kpi]
    }


def _in_scope(scope: Scope, window: Window) -> Q:
    """The kept children in scope: an age band from the birth date kept beside each (no join),
    a team's children as allocated on the scope's day."""
    return scope.person_condition(window, birth_date="birth_date", person="child_id")


def stored_counts(
    kpis: Iterable[KPI], windows: Iterable[Window], scope: Scope
) -> dict[tuple[str, str], Kept]:
    """The kept counts of each KPI for each kept window among ``windows`` (by the KPI's code
    and the window's key), for ``scope``: one query for the whole authority, one more a window
    for a team or an age band."""
    kpis = list(kpis)
    by_key = {w.key: w for w in windows}
    figures = _current(kpis, by_key)
    if scope.whole_authority:
        return {
            key: Kept(Count(f.numerator, f.denominator, f.total, f.divisor), f.computed_at, f.pk)
            for key, f in figures.items()
        }
    found: dict[tuple[str, str], Kept] = {}
    for key, window in by_key.items():
        of_window = {f.pk: f for (_, k), f in figures.items() if k == key}
        if not of_window:
            continue
        sums = {
            row["figure_id"]: row
            for row in StoredUnit.objects.filter(
                _in_scope(scope, window), figure_id__in=sorted(of_window)
            )
            .values("figure_id")
            .annotate(n=Sum("numerator"), d=Sum("denominator"), t=Sum("total"))
            .order_by()
        }
        for pk, f in of_window.items():
            row = sums.get(pk, {})
            n = int(row.get("n") or 0)
            count = Count(
                numerator=n,
                denominator=None if f.denominator is None else int(row.get("d") or 0),
                total=row.get("t") if f.total is not None and n else None,
                divisor=f.divisor,
            )
            found[(f.kpi, key)] = Kept(count, f.computed_at, pk)
    return found


def failing_counts(figure_ids: Iterable[int], scope: Scope, window: Window) -> dict[int, int]:
    """How many of each kept figure's children (in ``scope``) the last live check found failing
    a DfE rule (one grouped query, after two small ones choosing how to join)."""
    ids = sorted(set(figure_ids))
    if not ids:
        return {}
    failing = LiveFailure.objects.filter(child__isnull=False).values("child_id")
    few = failing.distinct().count()
    rows = sum(
        n + (d or 0)
        for n, d in StoredFigure.objects.filter(pk__in=ids).values_list("numerator", "denominator")
    )
    # Few children failing: each figure's rows probed for each of them (an IN list); many: an
    # EXISTS for each kept row (linear in the rows, however many fail). Either way an index.
    if few * len(ids) <= rows:
        condition = Q(figure_id__in=ids, child__in=failing)
    else:
        condition = Q(figure_id__in=ids) & Q(Exists(failing.filter(child_id=OuterRef("child_id"))))
    if not scope.whole_authority:
        condition &= _in_scope(scope, window)
    return dict(
        StoredUnit.objects.filter(condition)
        .values("figure_id")
        .annotate(n=DbCount("id"))
        .order_by()
        .values_list("figure_id", "n")
    )


def kept_figure(kpi: KPI, window: Window) -> StoredFigure | None:
    return _current([kpi], [window.key]).get((kpi.code, window.key))


def children(figure: StoredFigure, part: str, scope: Scope, window: Window) -> QuerySet[StoredUnit]:
    """The kept children of one part ("numerator" or "denominator") of a figure, in scope."""
    condition = Q(figure=figure)
    condition &= Q(denominator__gt=0) if part == "denominator" else Q(numerator__gt=0)
    if not scope.whole_authority:
        condition &= _in_scope(scope, window)
    return StoredUnit.objects.filter(condition)
