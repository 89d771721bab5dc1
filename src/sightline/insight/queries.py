"""What the leaders' pages read: who may see which figures (the scope a viewer may choose), the
children behind a figure through the access policy, and which of them fail a DfE rule today
(the live data checks, ``sightline.validation``)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from sightline.access.policy import Viewer, teams_below
from sightline.access.roles import MANAGERS, Role
from sightline.core.sql import id_in
from sightline.insight import store
from sightline.insight.models import StoredFigure
from sightline.insight.units import Units
from sightline.insight.windows import AGE_BANDS, Scope, Window
from sightline.people.models import Person
from sightline.validation.models import LiveFailure
from sightline.workforce.models import Team

#: Who sees the leaders' figures: authority-wide readers of performance, and managers (for
#: their own teams and those below).
AUTHORITY_FIGURES = frozenset({Role.SENIOR_LEADER, Role.PERFORMANCE_ANALYST})
SEES_FIGURES = AUTHORITY_FIGURES | MANAGERS
PARTS = {"numerator": "in the numerator", "denominator": "in the denominator"}


def may_see_figures(viewer: Viewer) -> bool:
    return viewer.active and viewer.role in SEES_FIGURES


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    selected: bool


@dataclass(frozen=True)
class Filters:
    scope: Scope
    teams: list[Choice]
    ages: list[Choice]
    team: str  # as given (a team's id), "" for the default
    age: str
    scope_label: str

    def query(self) -> dict[str, str]:
        """The filters as query parameters (for links that keep them)."""
        return {k: v for k, v in (("team", self.team), ("age", self.age)) if v}


def filters(viewer: Viewer, team: str, age: str, as_of: date) -> Filters:
    """The scope this viewer asked for, within what they may see: an authority-wide reader the
    whole authority or any team (with the teams below it); a manager their teams, or one of
    them (with those below it). Anything else asked for is the default, never an error."""
    authority_wide = viewer.role in AUTHORITY_FIGURES
    allowed = None if authority_wide else set(viewer.team_ids)
    names = dict(
        Team.objects.filter(**({} if allowed is None else {"pk__in": sorted(allowed)}))
        .order_by("name")
        .values_list("pk", "name")
    )
    chosen = int(team) if team.isascii() and team.isdigit() and int(team) in names else None
    if chosen is not None:
        below = teams_below(chosen)
        team_ids: frozenset[int] | None = frozenset(below if allowed is None else below & allowed)
        label = names[chosen]
    elif allowed is None:
        team_ids, label = None, "the whole authority"
    else:
        team_ids, label = frozenset(allowed), "your teams"
    band = age if age in AGE_BANDS else None
    if band is not None:
        label += f", children aged {AGE_BANDS[band][0].lower()}"
    default_team = "The whole authority" if authority_wide else "All your teams"
    return Filters(
        scope=Scope(team_ids=team_ids, age_band=band, on=as_of),
        teams=[Choice("", default_team, chosen is None)]
        + [Choice(str(pk), name, pk == chosen) for pk, name in names.items()],
        ages=[Choice("", "All ages", band is None)]
        + [Choice(key, text, key == band) for key, (text, _, _) in AGE_BANDS.items()],
        team=str(chosen) if chosen is not None else "",
        age=band or "",
        scope_label=label,
    )


def children_of(found: Units, part: str) -> Counter[int]:
    """The children of one part of a figure, each with how many of its units are theirs."""
    if part == "denominator" and found.denominator is not None:
        return Counter(found.denominator)
    return Counter(found.numerator)


def failing(ids: Iterable[int]) -> set[int]:
    """Of these children, those the last live check found failing a DfE rule (one query)."""
    wanted = sorted(set(ids))
    if not wanted:
        return set()
    return set(
        LiveFailure.objects.filter(id_in(wanted, "child_id"))
        .values_list("child_id", flat=True)
        .distinct()
    )


def failing_rules(ids: Sequence[int]) -> dict[int, list[str]]:
    """The rules each of these children fails (one query; for one page of a list)."""
    found: dict[int, set[str]] = defaultdict(set)
    if ids:
        for child_id, rule in LiveFailure.objects.filter(id_in(list(ids), "child_id")).values_list(
            "child_id", "rule"
        ):
            found[child_id].add(rule)
    return {child: sorted(rules) for child, rules in found.items()}


Ids = QuerySet[Any] | set[int]


@dataclass(frozen=True)
class Behind:
    """The children of one part of a figure: who they are (a query, or a set computed on the
    request), how many units and children, how many fail a DfE rule today, and each child's
    units for one page."""

    ids: Ids
    failing_ids: Ids
    units: int
    total: int
    failing: int
    units_of: Callable[[list[int]], dict[int, int]]


def live_behind(found: Units, part: str) -> Behind:
    """The children of a figure computed on the request (the year in progress)."""
    units = children_of(found, part)
    failing_now = failing(units)
    return Behind(
        ids=set(units),
        failing_ids=failing_now,
        units=sum(units.values()),
        total=len(units),
        failing=len(failing_now),
        units_of=lambda page: {c: units[c] for c in page},
    )


def kept_behind(figure: StoredFigure, part: str, scope: Scope, window: Window) -> Behind:
    """The children of a kept figure (a complete year): queries over the kept rows, never the
    whole list in memory (one aggregate for the counts; the page reads its own rows)."""
    rows = store.children(figure, part, scope, window)
    column = "denominator" if part == "denominator" else "numerator"
    fails = Q(child__in=LiveFailure.objects.values("child_id"))
    found = rows.aggregate(units=Sum(column), total=Count("id"), failing=Count("id", filter=fails))
    return Behind(
        ids=rows.values("child_id"),
        failing_ids=rows.filter(fails).values("child_id"),
        units=int(found["units"] or 0),
        total=found["total"],
        failing=found["failing"],
        units_of=lambda page: dict(
            rows.filter(id_in(page, "child_id")).values_list("child_id", column)
        ),
    )


def listed(visible: QuerySet[Person], ids: Ids) -> QuerySet[Person]:
    """The children among ``ids`` the user may open, by name: the access policy decides."""
    among = id_in(sorted(ids)) if isinstance(ids, set) else Q(pk__in=ids)
    return (
        visible.filter(among)
        .only("pk", "la_child_id", "given_name", "family_name", "birth_date")
        .order_by("family_name", "given_name", "pk")
    )
