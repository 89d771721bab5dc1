"""Reading obligations: what is due or overdue on a day, whose work it is, and how often each
rule is met in time. Every read is one set-based query (CONTRACTS.md "Command-line outputs")."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import (
    BigIntegerField,
    Case,
    CharField,
    Count,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Concat

from sightline.core.sql import id_in
from sightline.timescales.catalogue import FRONT_DOOR, PA, RULES, SW
from sightline.timescales.models import Obligation
from sightline.workforce.models import Allocation, Team, Worker, current_on

STATUSES = ("due", "overdue", "met_in_time", "met_late", "cancelled")
OWNERS = {SW: Allocation.Kind.SOCIAL_WORKER, PA: Allocation.Kind.PERSONAL_ADVISER}
# Who else works on an obligation its owner holds, and so sees it on My work: the child
# protection chair chairs the conferences, the independent reviewing officer the looked-after
# reviews, a family support worker on a child in need case visits and reviews the plan with
# the social worker. The owner (above) stays the one the overdue figures count it against.
ALSO_WORKED_ON_BY: dict[Allocation.Kind, tuple[str, ...]] = {
    Allocation.Kind.CP_CHAIR: ("ICPC", "CP_REVIEW_FIRST", "CP_REVIEW"),
    Allocation.Kind.REVIEWING_OFFICER: ("LAC_REVIEW_FIRST", "LAC_REVIEW_SECOND", "LAC_REVIEW"),
    Allocation.Kind.FAMILY_SUPPORT_WORKER: ("CIN_VISIT", "CIN_REVIEW"),
}


def rules_owned_by(owner: str) -> list[str]:
    return [rule.code for rule in RULES if rule.owner == owner]


def open_at(day: date) -> Q:
    """Started by ``day`` and neither met nor cancelled by then (met later still counts as
    open at ``day``)."""
    return (
        Q(started_on__lte=day)
        & (Q(met_on__isnull=True) | Q(met_on__gt=day))
        & (Q(cancelled_on__isnull=True) | Q(cancelled_on__gt=day))
    )


def open_now(day: date) -> Q:
    """Open on ``day`` when ``day`` is today: nothing is met or cancelled in the future, so
    open means neither, which the partial index on open obligations serves directly."""
    return Q(met_on__isnull=True, cancelled_on__isnull=True, started_on__lte=day)


def closed_by(day: date) -> Q:
    return Q(met_on__lte=day) | Q(cancelled_on__lte=day)


def status_at(day: date) -> Case:
    return Case(
        When(met_on__lte=day, met_in_time=True, then=Value("met_in_time")),
        When(met_on__lte=day, then=Value("met_late")),
        When(cancelled_on__lte=day, then=Value("cancelled")),
        When(due_on__lt=day, then=Value("overdue")),
        default=Value("due"),
        output_field=CharField(),
    )


def _allocations(
    day: date, kind: str, worker_ids: Collection[int] | None, team_ids: Collection[int] | None
) -> QuerySet[Allocation]:
    found = Allocation.objects.filter(current_on(day), kind=kind)
    if worker_ids is not None:
        found = found.filter(worker_id__in=list(worker_ids))
    if team_ids is not None:
        found = found.filter(team_id__in=list(team_ids))
    return found


def _front_door(worker_ids: Collection[int] | None, team_ids: Collection[int] | None) -> bool:
    front_door = Team.objects.filter(kind=Team.Kind.FRONT_DOOR)
    if team_ids is not None:
        front_door = front_door.filter(pk__in=list(team_ids))
    if worker_ids is not None:
        front_door = front_door.filter(workers__pk__in=list(worker_ids))
    return front_door.exists()


def owned_by(day: date, worker_ids: Collection[int] | None, team_ids: Collection[int] | None) -> Q:
    """Obligations that are the work of these workers or teams on ``day``: a social worker's
    or personal adviser's rules follow the child's current allocation of that kind (and the
    chair's, reviewing officer's and family support worker's, ``ALSO_WORKED_ON_BY``); a contact
    decision is the front door's (its teams and their workers). Each kind is ``child IN
    (current allocations ...)``, so the database starts from the (few) allocations."""
    condition = Q(pk__in=[])
    for owner, kind in OWNERS.items():
        children = _allocations(day, kind, worker_ids, team_ids).values("child_id")
        condition |= Q(rule__in=rules_owned_by(owner), child_id__in=children)
    for kind, rules in ALSO_WORKED_ON_BY.items():
        children = _allocations(day, kind, worker_ids, team_ids).values("child_id")
        condition |= Q(rule__in=rules, child_id__in=children)
    if _front_door(worker_ids, team_ids):
        condition |= Q(rule__in=rules_owned_by(FRONT_DOOR))
    return condition


def due_list(
    day: date,
    *,
    worker_ids: Collection[int] | None = None,
    team_ids: Collection[int] | None = None,
    include_closed: bool = False,
    children: QuerySet | None = None,
    today: bool = False,
) -> QuerySet[Obligation]:
    """Obligations open at ``day`` (and, with ``include_closed``, those met or cancelled on or
    before it), soonest due first, each with its status judged at ``day``."""
    when = open_now(day) if today else open_at(day)
    if include_closed:
        when |= Q(started_on__lte=day) & closed_by(day)
    rows = Obligation.objects.filter(when)
    if worker_ids is not None or team_ids is not None:
        rows = rows.filter(owned_by(day, worker_ids, team_ids))
    if children is not None:
        rows = rows.filter(child__in=children)
    return rows.annotate(status=status_at(day), la_child_id=F("child__la_child_id")).order_by(
        "due_on", "child_id", "rule", "id"
    )


@dataclass(frozen=True)
class Timeliness:
    rule: str
    title: str
    fell_due: int
    met_in_time: int

    @property
    def share(self) -> float | None:
        return None if self.fell_due == 0 else self.met_in_time / self.fell_due


def timeliness(first: date, last: date) -> list[Timeliness]:
    """Per rule, of the obligations that fell due from ``first`` to ``last`` (those cancelled
    before they fell due left out: they were no longer needed), how many were met in time.
    One grouped query."""
    counts = (
        Obligation.objects.filter(due_on__range=(first, last))
        .exclude(cancelled_on__isnull=False, cancelled_on__lte=F("due_on"))
        .values("rule")
        .annotate(fell_due=Count("id"), in_time=Count("id", filter=Q(met_in_time=True)))
    )
    found = {row["rule"]: row for row in counts}
    return [
        Timeliness(
            rule.code,
            rule.title,
            found.get(rule.code, {}).get("fell_due", 0),
            found.get(rule.code, {}).get("in_time", 0),
        )
        for rule in RULES
    ]


@dataclass(frozen=True)
class TeamWork:
    by_worker: list[dict[str, object]]
    by_rule: list[dict[str, object]]
    by_team: list[dict[str, object]]
    overdue: list[
        Any
    ]  # one page of obligations, each with the responsible worker's id as ``worker``
    total: int
    listed: int = 0  # how many the detailed list holds over all its pages (after any filter)
    page: int = 1
    per_page: int = 50

    @property
    def pages(self) -> int:
        return max(1, -(-self.listed // self.per_page))

    @property
    def first(self) -> int:
        """The position of the page's first row in the whole list (1-based; 0 when empty)."""
        return min(self.listed, (self.page - 1) * self.per_page + 1)

    @property
    def last(self) -> int:
        return min(self.listed, self.page * self.per_page)


FRONT_DOOR_LABEL = "Front door (not allocated)"
UNALLOCATED = 0  # the "worker" of an obligation whose child has no worker of its owner's kind
UNALLOCATED_LABEL = "Not allocated"


def _open_overdue(day: date, children: QuerySet) -> QuerySet[Obligation]:
    """The open obligations overdue on ``day`` (today) of these children.

    The children are matched as ``child_id + 0 IN (children)``: the same single subquery as
    ``child__in``, but SQLite (no statistics) no longer walks every obligation of every visible
    child (about 180,000 rows, almost all met long ago, for a service manager) through the
    child index; it reads the partial index on open obligations instead (about 14,000 overdue
    authority-wide) and tests each child against the subquery's list, built once.
    """
    child = ExpressionWrapper(F("child_id") + 0, output_field=BigIntegerField())
    return (
        Obligation.objects.filter(open_now(day), due_on__lt=day)
        .alias(child_ref=child)
        .filter(child_ref__in=children.values("pk"))
    )


def team_work(
    day: date,  # today (the page's view of overdue work)
    team_ids: Collection[int],
    children: QuerySet,
    *,
    worker_id: int | None = None,
    rule: str | None = None,
    min_days: int = 0,
    page: int = 1,
    per_page: int = 50,
) -> TeamWork:
    """What is overdue on ``day`` in these teams, counted by worker and by rule, and one page
    (``per_page`` rows, oldest first) of the obligations, optionally one worker's (``worker_id``
    ``UNALLOCATED`` for those no one is allocated to), one rule's, or only those overdue by at
    least ``min_days`` days: the filters combine. Counted by team too (the team of the
    allocation that makes it someone's work; the front door's teams for a contact decision).

    An obligation is the work of the workers of its owner's kind currently allocated to the
    child in these teams. One whose child has no current allocation of that kind at all is
    "not allocated" and is counted too (a manager must see it); one allocated to a worker in
    another team is that team's. The total counts each obligation once, however many workers
    share it, so for an authority-wide viewer it is what ``timescales due`` lists as overdue.

    Two queries whatever the size of the service: the open overdue obligations of the visible
    children (one pass over the partial index on open obligations), then the current
    allocations of the kinds that own rules, of just those children, kept if in these teams. The
    rule's owner picks the allocation that counts; a contact decision is the front door's.
    Counting the ~1,300 rows here costs well under a millisecond, and the same pass gives the
    detailed list, so a GROUP BY (a second pass over the obligations) would only add time.
    """
    owner_kind = {rule.code: OWNERS[rule.owner] for rule in RULES if rule.owner in OWNERS}
    front_door_teams = list(
        Team.objects.filter(pk__in=list(team_ids), kind=Team.Kind.FRONT_DOOR).values_list(
            "pk", flat=True
        )
    )
    front_door = set(rules_owned_by(FRONT_DOOR)) if front_door_teams else set()
    rows = list(_open_overdue(day, children).values_list("id", "rule", "due_on", "child_id"))
    # The current allocations of just these children, found through the (child, kind) index;
    # the team is checked here: a team filter in SQL makes SQLite walk every allocation the
    # teams ever had (about 54,000 for a service) instead.
    allocated: dict[tuple[int, str], list[tuple[int, int]]] = {}
    anywhere: set[tuple[int, str]] = set()  # (child, kind) with a current allocation anywhere
    wanted = sorted({child_id for _, code, _, child_id in rows if code in owner_kind})
    teams = set(team_ids)
    if wanted:
        for child, allocation_kind, allocated_to, team in (
            Allocation.objects.filter(
                current_on(day), id_in(wanted, "child_id"), kind__in=sorted(set(OWNERS.values()))
            )
            .order_by()
            .values_list("child_id", "kind", "worker_id", "team_id")
        ):
            anywhere.add((child, allocation_kind))
            if team in teams:
                allocated.setdefault((child, allocation_kind), []).append((allocated_to, team))
    per_worker: dict[int | None, int] = {}
    per_rule: dict[str, int] = {}
    per_team: dict[int | None, int] = {}  # None: not allocated to anyone
    total = 0
    # (due, child, obligation, worker; None for the front door, UNALLOCATED for no one)
    candidates: list[tuple[date, int, int, int | None]] = []
    for pk, code, due_on, child_id in rows:
        owner = owner_kind.get(code)
        responsible: list[int | None]
        teams_of: set[int | None]
        if owner is not None:
            held = allocated.get((child_id, owner), [])
            responsible = [worker for worker, _ in held]
            teams_of = {team for _, team in held}
            if not responsible and (child_id, owner) not in anywhere:
                responsible, teams_of = [UNALLOCATED], {None}
        else:
            responsible = [None] if code in front_door else []
            teams_of = set(front_door_teams)
        if not responsible:
            continue  # another team's work
        total += 1
        per_rule[code] = per_rule.get(code, 0) + 1
        for worker in responsible:
            per_worker[worker] = per_worker.get(worker, 0) + 1
        for held_by in teams_of:
            per_team[held_by] = per_team.get(held_by, 0) + 1
        if rule is not None and code != rule:
            continue
        if min_days and (day - due_on).days < min_days:
            continue
        if worker_id is None:
            candidates.append((due_on, child_id, pk, responsible[0]))
        elif worker_id in responsible:
            candidates.append((due_on, child_id, pk, worker_id))
    candidates.sort(key=lambda item: item[:3])
    listed = len(candidates)
    pages = max(1, -(-listed // per_page))
    page = min(max(page, 1), pages)
    shown = candidates[(page - 1) * per_page : page * per_page]
    found = (
        Obligation.objects.select_related("child")
        .only(
            "rule",
            "subject",
            "subject_id",
            "due_on",
            "child__la_child_id",
            "child__given_name",
            "child__family_name",
        )
        .in_bulk([pk for _, _, pk, _ in shown])
    )
    overdue: list[Any] = []
    names = dict(
        Worker.objects.filter(pk__in=[w for w in per_worker if w])
        .annotate(name=Concat("given_name", Value(" "), "family_name"))
        .values_list("pk", "name")
    )
    labels = {None: FRONT_DOOR_LABEL, UNALLOCATED: UNALLOCATED_LABEL}
    for _, _, pk, responsible_id in shown:
        obligation = found[pk]
        obligation.worker = responsible_id  # type: ignore[attr-defined]
        obligation.worker_name = (  # type: ignore[attr-defined]
            names.get(responsible_id, "") if responsible_id else labels[responsible_id]
        )
        obligation.days_overdue = (day - obligation.due_on).days  # type: ignore[attr-defined]
        overdue.append(obligation)
    by_worker: list[dict[str, object]] = [
        {
            "worker": w,
            "count": n,
            "name": names.get(w, "") if w else labels[w],
            "unallocated": w == UNALLOCATED,
        }
        for w, n in sorted(per_worker.items(), key=lambda item: (-item[1], item[0] or 0))
    ]
    titles = {r.code: r.title for r in RULES}
    by_rule: list[dict[str, object]] = [
        {"rule": code, "count": n, "title": titles.get(code, code)}
        for code, n in sorted(per_rule.items(), key=lambda item: (-item[1], item[0]))
    ]
    team_names = dict(
        Team.objects.filter(pk__in=[t for t in per_team if t]).values_list("pk", "name")
    )
    by_team: list[dict[str, object]] = [
        {"team": t, "count": n, "name": team_names.get(t, "") if t else UNALLOCATED_LABEL}
        for t, n in sorted(per_team.items(), key=lambda item: (-item[1], item[0] or 0))
    ]
    return TeamWork(by_worker, by_rule, by_team, overdue, total, listed, page, per_page)


@dataclass(frozen=True)
class OverdueByTeam:
    rule: str
    title: str
    team: str
    count: int


def overdue_by_rule_and_team(day: date) -> list[OverdueByTeam]:
    """Every obligation open and overdue on ``day``, counted by rule and by the team whose work
    it is: the team of the child's allocation of the rule's owner kind current on ``day``, the
    front door for a contact's decision, ``UNALLOCATED_LABEL`` when the child has no such
    allocation. The whole authority, most overdue first; two queries (the obligations, then the
    current allocations of just their children)."""
    owner_kind = {rule.code: OWNERS[rule.owner] for rule in RULES if rule.owner in OWNERS}
    titles = {rule.code: rule.title for rule in RULES}
    rows = list(
        Obligation.objects.filter(open_at(day), due_on__lt=day)
        .order_by()
        .values_list("rule", "child_id")
    )
    wanted = sorted({child_id for code, child_id in rows if code in owner_kind})
    teams: dict[tuple[int, str], str] = {}
    if wanted:
        for child_id, kind, team in (
            Allocation.objects.filter(
                current_on(day), id_in(wanted, "child_id"), kind__in=sorted(set(OWNERS.values()))
            )
            .order_by("started_on", "id")
            .values_list("child_id", "kind", "team__name")
        ):
            teams[(child_id, kind)] = team  # the latest started wins
    counts: dict[tuple[str, str], int] = {}
    for code, child_id in rows:
        owner = owner_kind.get(code)
        team = (
            FRONT_DOOR_LABEL if owner is None else teams.get((child_id, owner), UNALLOCATED_LABEL)
        )
        counts[(code, team)] = counts.get((code, team), 0) + 1
    return sorted(
        (
            OverdueByTeam(code, titles.get(code, code), team, n)
            for (code, team), n in counts.items()
        ),
        key=lambda o: (-o.count, o.rule, o.team),
    )
