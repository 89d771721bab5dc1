"""What the validation page reads: the last check's failures, through the access policy."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, OuterRef, QuerySet, Subquery

from sightline.people.models import Person
from sightline.validation.models import LiveFailure, ValidationRun
from sightline.workforce.models import Allocation, current_on

PER_PAGE = 50  # failing children on one page of the list
NO_TEAM = "No social worker allocated"


def _team_name(today: date) -> Subquery:
    """The team of the child's current social worker."""
    return Subquery(
        Allocation.objects.filter(
            current_on(today), child=OuterRef("child_id"), kind=Allocation.Kind.SOCIAL_WORKER
        )
        .order_by("-started_on", "-id")
        .values("team__name")[:1]
    )


@dataclass
class Page:
    runs: list[ValidationRun]
    by_rule: list[dict[str, object]]
    by_team: list[dict[str, object]]
    rows: QuerySet[LiveFailure]  # every failing child's row, in order: the page paginates
    return_level: list[LiveFailure]


def failures_page(
    children: QuerySet[Person],
    today: date,
    *,
    rule: str | None = None,
    team: str | None = None,
    kind: str | None = None,
    return_level: bool = False,
) -> Page:
    """The last check's failures for the children the user may see: counts by rule and by team,
    and the failing children (a queryset the page reads one page at a time), filtered by rule,
    team or return."""
    visible = LiveFailure.objects.filter(child__in=children).annotate(team=_team_name(today))
    if kind:
        visible = visible.filter(run__kind=kind)
    by_rule = list(
        visible.values("run__kind", "rule", "level", "message")
        .annotate(children=Count("child_id", distinct=True))
        .order_by("-children", "rule")
    )
    by_team = list(
        visible.values("team").annotate(failures=Count("id")).order_by("-failures", "team")
    )
    rows = visible
    if rule:
        rows = rows.filter(rule=rule)
    if team == NO_TEAM:
        rows = rows.filter(team__isnull=True)
    elif team:
        rows = rows.filter(team=team)
    shown = rows.select_related("child", "run").order_by("rule", "child__la_child_id", "id")
    overall = (
        list(LiveFailure.objects.filter(child__isnull=True).select_related("run"))
        if return_level
        else []
    )
    return Page(
        runs=list(ValidationRun.objects.order_by("kind")),
        by_rule=by_rule,
        by_team=[{**t, "team": t["team"] or NO_TEAM} for t in by_team],
        rows=shown,
        return_level=overall,
    )
