"""Reads of quality of practice: set-based (one query per kind of row, never one per child).

Every list of children here is taken from a queryset of the children the viewer may see
(``access.policy.visible_children``), and the views that show them audit the listing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from sightline.care.models import PeriodOfCare
from sightline.core.calendar import add_weeks
from sightline.people.models import Person
from sightline.protection.models import ChildInNeedPlan, ChildProtectionPlan, Referral
from sightline.quality.models import (
    AuditAnswer,
    CaseAudit,
    Feedback,
    Grade,
    Oversight,
    Stage,
    Supervision,
    Theme,
)
from sightline.quality.rules import (
    SupervisionDue,
    good_or_better,
    months_back,
    supervision_due,
    supervision_standard,
    trend,
)
from sightline.workforce.models import Allocation, Team, Worker, current_on

# --- The audit sample's population -------------------------------------------------------------


@dataclass(frozen=True)
class Open:
    child_id: int
    team_id: int
    worker_id: int
    stage: str


def sample_population(today: date) -> list[Open]:
    """Every living child with a social worker (or, for a care leaver, a personal adviser)
    allocated on ``today``, with the team, the worker and the stage of the journey: five
    queries whatever the number of children."""
    rows = (
        Allocation.objects.filter(
            current_on(today),
            kind__in=[Allocation.Kind.SOCIAL_WORKER, Allocation.Kind.PERSONAL_ADVISER],
            child__death_date__isnull=True,
            child__kind="child",
        )
        .order_by("child_id", "kind", "id")
        .values_list("child_id", "team_id", "worker_id", "kind")
    )
    chosen: dict[int, tuple[int, int, str]] = {}
    for child_id, team_id, worker_id, kind in rows:
        if child_id not in chosen or kind == Allocation.Kind.SOCIAL_WORKER:
            chosen[child_id] = (team_id, worker_id, kind)
    ids = list(chosen)
    in_care = _open(PeriodOfCare.objects.filter(ended_on__isnull=True), ids)
    cp = _open(ChildProtectionPlan.objects.filter(ended_on__isnull=True), ids)
    cin = _open(ChildInNeedPlan.objects.filter(ended_on__isnull=True), ids)

    def stage(child_id: int, kind: str) -> str:
        if child_id in in_care:
            return Stage.IN_CARE
        if child_id in cp:
            return Stage.CHILD_PROTECTION
        if child_id in cin:
            return Stage.CHILD_IN_NEED
        if kind == Allocation.Kind.PERSONAL_ADVISER:
            return Stage.CARE_LEAVER
        return Stage.ASSESSMENT

    return [
        Open(child_id, team_id, worker_id, stage(child_id, kind))
        for child_id, (team_id, worker_id, kind) in sorted(chosen.items())
    ]


def _open(rows: QuerySet[Any], ids: list[int]) -> set[int]:
    if not ids:
        return set()
    return set(
        rows.filter(child_id__gte=min(ids), child_id__lte=max(ids)).values_list(
            "child_id", flat=True
        )
    ) & set(ids)


# --- Children without management oversight ---------------------------------------------------


@dataclass
class WithoutOversight:
    weeks: int
    since: date  # no oversight on or after this day
    count: int
    children: QuerySet[Person]


def without_oversight(children: QuerySet[Person], today: date, weeks: int) -> WithoutOversight:
    """Children with an open referral (an open case) and no management oversight recorded in
    the last ``weeks`` weeks (counting from the referral where there has been none): a figure
    and the list, oldest oversight first. Two queries (count and page)."""
    since = add_weeks(today, -weeks)
    last = (
        Oversight.objects.filter(child=OuterRef("pk"))
        .order_by()
        .values("child")
        .annotate(last=Max("held_on"))
        .values("last")
    )
    opened = (
        Referral.objects.filter(child=OuterRef("pk"), closure_date__isnull=True)
        .order_by("referral_date")
        .values("referral_date")[:1]
    )
    open_case = Referral.objects.filter(
        child=OuterRef("pk"), closure_date__isnull=True, referral_date__lte=since
    )
    found = (
        children.filter(Exists(open_case))
        .annotate(last_oversight=Subquery(last), open_since=Subquery(opened))
        .annotate(clock=Coalesce("last_oversight", "open_since"))
        .filter(clock__lt=since)
        .order_by("clock", "pk")
    )
    return WithoutOversight(weeks, since, found.count(), found)


# --- Supervision in time, per worker ----------------------------------------------------------


@dataclass
class WorkerSupervision:
    worker: Worker
    last_held: date | None
    supervisor: str
    due: SupervisionDue
    cases_discussed: int


def supervision_by_worker(team_ids: set[int], today: date) -> list[WorkerSupervision]:
    """Each current practitioner of the teams with their last supervision, who gave it and when
    the next is due (the supervisor's obligation, by the local standard): two queries."""
    standard = supervision_standard()
    latest = Supervision.objects.filter(worker=OuterRef("pk")).order_by("-held_on", "-pk")
    workers = list(
        Worker.objects.filter(team_id__in=team_ids, started_on__lte=today)
        .filter(Q(left_on__isnull=True) | Q(left_on__gt=today))
        .filter(
            role__in=[
                Worker.Role.SOCIAL_WORKER,
                Worker.Role.FAMILY_SUPPORT_WORKER,
                Worker.Role.PERSONAL_ADVISER,
            ]
        )
        .select_related("team")
        .annotate(
            last_held=Subquery(latest.values("held_on")[:1]),
            last_by_given=Subquery(latest.values("supervisor__given_name")[:1]),
            last_by_family=Subquery(latest.values("supervisor__family_name")[:1]),
            last_cases=Subquery(latest.annotate(n=Count("cases")).values("n")[:1]),
        )
        .order_by("team__name", "family_name", "given_name", "pk")
    )
    rows = [
        WorkerSupervision(
            worker=w,
            last_held=w.last_held,
            supervisor=" ".join(x for x in (w.last_by_given, w.last_by_family) if x),
            due=supervision_due(w.started_on, w.last_held, today, standard),
            cases_discussed=w.last_cases or 0,
        )
        for w in workers
    ]
    return rows


@dataclass(frozen=True)
class SupervisionFigures:
    workers: int
    in_time: int

    @property
    def share(self) -> float | None:
        return self.in_time / self.workers if self.workers else None


def supervision_figures(rows: list[WorkerSupervision]) -> SupervisionFigures:
    return SupervisionFigures(len(rows), sum(1 for r in rows if not r.due.overdue))


# --- Audit roll-ups -----------------------------------------------------------------------------


@dataclass
class RollUpRow:
    key: str
    label: str
    by_month: list[float | None]  # share good or better, per month (oldest first)
    audits: int
    latest: float | None
    trend: str
    counts: dict[int, int] = field(default_factory=dict)  # grade -> number


@dataclass
class RollUp:
    months: list[date]
    overall: RollUpRow
    by_theme: list[RollUpRow]
    by_team: list[RollUpRow]
    by_stage: list[RollUpRow]
    feedback: dict[str, dict[str, Any]]  # theme -> counts by sentiment and the latest words


def _final_grade_rows(months: list[date]) -> list[tuple[date, int, int | None, str, int]]:
    """(month, final grade, team, stage, 1) for each graded audit of the months."""
    audits = CaseAudit.objects.filter(
        month__gte=months[0], month__lte=months[-1], grade__isnull=False
    ).values_list("month", "grade", "moderated_grade", "team_id", "stage")
    return [
        (month, int(moderated or grade or 0), team_id, stage, 1)
        for month, grade, moderated, team_id, stage in audits
    ]


def _row(key: str, label: str, months: list[date], graded: list[tuple[date, int]]) -> RollUpRow:
    per_month: dict[date, list[int]] = defaultdict(list)
    counts: dict[int, int] = defaultdict(int)
    for month, grade in graded:
        per_month[month].append(grade)
        counts[grade] += 1
    shares = [good_or_better(per_month.get(m, [])) for m in months]
    known = [s for s in shares if s is not None]
    return RollUpRow(
        key, label, shares, len(graded), known[-1] if known else None, trend(shares), dict(counts)
    )


def roll_up(last_month: date, months: int = 6) -> RollUp:
    """Audit grades (the moderated grade where moderation changed it) by theme, team, stage and
    month, each with the share good or better per month and its trend; beside each theme, the
    feedback of children and families on it over the same months. Four queries."""
    span = months_back(last_month, months)
    audits = _final_grade_rows(span)
    overall = _row("all", "All audits", span, [(m, g) for m, g, *_ in audits])
    by_team: dict[int | None, list[tuple[date, int]]] = defaultdict(list)
    by_stage: dict[str, list[tuple[date, int]]] = defaultdict(list)
    for month, grade, team_id, stage, _ in audits:
        by_team[team_id].append((month, grade))
        by_stage[stage].append((month, grade))
    teams = dict(Team.objects.filter(pk__in=[t for t in by_team if t]).values_list("pk", "name"))
    answers = AuditAnswer.objects.filter(
        audit__month__gte=span[0], audit__month__lte=span[-1]
    ).values_list("theme", "audit__month", "grade")
    by_theme: dict[str, list[tuple[date, int]]] = defaultdict(list)
    for theme, month, grade in answers:
        by_theme[theme].append((month, grade))
    end = months_back(last_month, 1)[0]
    feedback_rows = (
        Feedback.objects.filter(received_on__gte=span[0], received_on__lt=_next_month(end))
        .order_by("-received_on", "-pk")
        .values_list("theme", "sentiment", "summary", "received_on")
    )
    feedback: dict[str, dict[str, Any]] = {}
    for theme, sentiment, summary, received_on in feedback_rows:
        entry = feedback.setdefault(theme, {"positive": 0, "mixed": 0, "negative": 0, "latest": []})
        entry[sentiment] += 1
        if len(entry["latest"]) < 2:
            entry["latest"].append((received_on, summary))
    return RollUp(
        months=span,
        overall=overall,
        by_theme=[
            _row(t.value, t.label, span, by_theme.get(t.value, []))
            for t in Theme
            if t.value in by_theme or t.value in feedback
        ],
        by_team=sorted(
            (
                _row(str(k), teams.get(k, "No team") if k else "No team", span, v)
                for k, v in by_team.items()
            ),
            key=lambda r: r.label,
        ),
        by_stage=[
            _row(s.value, s.label, span, by_stage[s.value]) for s in Stage if s.value in by_stage
        ],
        feedback=feedback,
    )


def _next_month(first: date) -> date:
    return (first.replace(day=28) + timedelta(days=4)).replace(day=1)


GRADE_LABELS = dict(Grade.choices)


# --- The improvement plan and the board pack ------------------------------------------------


def improvement_plan() -> list[Any]:
    """Every inspection, oldest first, with its judgements, its recommendations and areas to
    improve, their actions and milestones, and the board's decisions on them: six queries."""
    from django.db.models import Prefetch

    from sightline.quality.models import ImprovementAction, Inspection, Recommendation

    return list(
        Inspection.objects.order_by("inspected_on").prefetch_related(
            "judgements",
            Prefetch(
                "recommendations",
                queryset=Recommendation.objects.order_by("kind", "number").prefetch_related(
                    Prefetch(
                        "actions",
                        queryset=ImprovementAction.objects.order_by(
                            "due_on", "pk"
                        ).prefetch_related("milestones"),
                    )
                ),
            ),
        )
    )


def board_meetings() -> list[Any]:
    from sightline.quality.models import BoardMeeting

    return list(
        BoardMeeting.objects.order_by("-held_on").prefetch_related("decisions__recommendation")
    )


@dataclass
class KpiLine:
    """A linked KPI in the pack: its figures through the insight API, or why there are none."""

    code: str
    name: str = ""
    unit: str = ""
    points: list[tuple[str, float | None]] = field(default_factory=list)  # oldest first
    latest: float | None = None
    direction: str = ""
    england: float | None = None
    neighbours: float | None = None
    benchmark_year: str = ""
    missing: str = ""  # why there are no figures


def kpi_lines(codes: list[str], as_of: date) -> dict[str, KpiLine]:
    """The figures of the linked KPIs, by code, from ``sightline.insight`` (never made up: a
    code it does not know, or a figure it cannot give, says so)."""
    lines: dict[str, KpiLine] = {}
    try:
        from sightline.insight.catalogue import KPIS
        from sightline.insight.figures import figures
    except ImportError:  # pragma: no cover - the insight catalogue is part of Sightline
        return {c: KpiLine(c, missing="The KPI catalogue is not available.") for c in codes}
    known = [c for c in dict.fromkeys(codes) if c in KPIS]
    for code in codes:
        if code not in KPIS:
            lines[code] = KpiLine(code, missing="Not in the KPI catalogue: no figures.")
    for f in figures(as_of, codes=known) if known else []:
        bench = f.latest_benchmarks
        lines[f.code] = KpiLine(
            f.code,
            f.kpi.name,
            f.unit,
            [(p.window.short_label, p.value) for p in f.points],
            f.latest.value if f.years else None,
            f.direction,
            bench.england if bench else None,
            bench.neighbours_median if bench else None,
            str(bench.year) if bench else "",
        )
    return lines


@dataclass
class PackItem:
    recommendation: Any
    actions: list[Any]
    kpis: list[KpiLine]
    themes: list[RollUpRow]


@dataclass
class BoardPack:
    as_of: date
    inspections: list[Any]
    items: list[PackItem]
    roll: RollUp
    meetings: list[Any]
    supervision: SupervisionFigures
    feedback_total: int


def board_pack(as_of: date) -> BoardPack:
    """The improvement board pack for ``as_of``: each recommendation and area to improve (the
    latest inspection's first), its actions and their status, its KPIs (value, trend, England
    and the neighbours) and the audit findings of its themes with their trend, and the
    self-evaluation's figures from the same audits, supervision and voice."""
    inspections = improvement_plan()
    recommendations = [r for i in reversed(inspections) for r in i.recommendations.all()]
    codes = [c for r in recommendations for c in r.kpi_codes]
    lines = kpi_lines(codes, as_of)
    roll = roll_up(as_of)
    themes = {row.key: row for row in roll.by_theme}
    items = [
        PackItem(
            r,
            list(r.actions.all()),
            [lines[c] for c in r.kpi_codes if c in lines],
            [
                themes.get(t)
                or RollUpRow(
                    t, Theme(t).label, [None] * len(roll.months), 0, None, "not enough audits"
                )
                for t in r.themes
            ],
        )
        for r in recommendations
    ]
    rows = supervision_by_worker(set(Team.objects.values_list("pk", flat=True)), as_of)
    return BoardPack(
        as_of,
        inspections,
        items,
        roll,
        board_meetings()[:3],
        supervision_figures(rows),
        Feedback.objects.filter(received_on__gte=roll.months[0], received_on__lte=as_of).count(),
    )
