"""Reads for the access pages: the audit trail about one child, staff accounts."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import F, Q, QuerySet

from sightline.access.models import AuditEvent, SearchListing
from sightline.workforce.models import Allocation, Team, Worker, current_on


def events_about(child_id: int) -> QuerySet[AuditEvent]:
    """Every audit event about a child: those recorded against the child (views, changes,
    exports, break-glass) and the searches that listed the child in their results. One query
    (an indexed OR of the child's rows and a join through ``SearchListing``)."""
    listed = SearchListing.objects.filter(listed_id=child_id).values("event_id")
    return AuditEvent.objects.filter(Q(child_id=child_id) | Q(pk__in=listed))


# --- Staff accounts (decision 0031) ----------------------------------------------------------


def accounts(words: str = "", role: str = "", state: str = "") -> QuerySet[Any]:
    """Staff accounts for the administrator, by username: each with its role (``profile_role``)
    and team (``team_name``), from one query (joined, no query per account). ``words``: each
    must be in the username, given or family name; ``state``: "active" or "deactivated"."""
    users = get_user_model()
    found = users.objects.annotate(
        profile_role=F("access_profile__role"),
        worker_role=F("worker__role"),
        team_name=F("worker__team__name"),
    ).order_by("username")
    for word in words.split():
        found = found.filter(
            Q(username__icontains=word)
            | Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
        )
    if role:
        found = found.filter(
            Q(access_profile__role=role) | Q(access_profile__isnull=True, worker__role=role)
        )
    if state in ("active", "deactivated"):
        found = found.filter(is_active=state == "active")
    return found


def account(user_id: int) -> Any:
    """One account with its profile and worker (and team) read in one query, or None."""
    return (
        get_user_model()
        .objects.select_related("access_profile", "worker__team")
        .filter(pk=user_id)
        .first()
    )


def open_allocations(user_id: int) -> int:
    """How many children are allocated to this account's worker now."""
    return Allocation.objects.filter(worker__user_id=user_id, ended_on__isnull=True).count()


def teams() -> QuerySet[Any]:
    """Every team with its parent's name and how many people work in it now (one query)."""
    from django.db.models import Count

    from sightline.workforce.models import Team

    return Team.objects.annotate(
        parent_name=F("parent__name"),
        people=Count("workers", filter=Q(workers__left_on__isnull=True)),
    ).order_by("name")


def team_close_problem(team: Team, today: date) -> str | None:
    """Why the team cannot be closed today (None: it can): children are allocated to it, people
    work in it, or a team under it is open. Three counts, one query each."""
    children = (
        Allocation.objects.filter(current_on(today), team=team)
        .values("child_id")
        .distinct()
        .count()
    )
    people = Worker.objects.filter(team=team).exclude(left_on__lte=today).count()
    below = Team.objects.filter(parent=team, closed_on__isnull=True).count()
    reasons, actions = [], []
    if children:
        reasons.append(f"{children} child{'ren' if children != 1 else ''} allocated to it")
        actions.append("reallocate the children from the team view")
    if people:
        reasons.append(f"{people} {'people' if people != 1 else 'person'} working in it")
        actions.append("move the people to another team from their accounts")
    if below:
        reasons.append(f"{below} open team{'s' if below != 1 else ''} under it")
        actions.append("close the teams under it first")
    if not reasons:
        return None
    return (
        f"{team.name} cannot be closed while it has {' and '.join(reasons)}: "
        f"{', then '.join(actions)}"
    )
