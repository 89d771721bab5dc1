"""The one access policy: which children a user may see, and which they may find.

Every read of people and their records starts from :func:`visible_children` (and search from
:func:`findable_children`), so a new page cannot forget the check (STYLE.md habit 2). Both are
querysets built from correlated ``EXISTS`` subqueries on indexed columns: no Python loop over
children.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet
from django.utils import timezone

from sightline.access.models import AccessProfile, BreakGlassAccess, RestrictedRecord
from sightline.access.roles import AUTHORITY_WIDE, MANAGERS, Role
from sightline.frontdoor.models import Contact
from sightline.people.models import Person
from sightline.workforce.models import Allocation, Team, Worker

User = AbstractBaseUser | AnonymousUser
FRONT_DOOR_CONTACT_DAYS = 30  # the front door sees children with a contact this recent


@dataclass(frozen=True)
class Viewer:
    """What the policy needs to know about a signed-in user, read once per request."""

    user_id: int | None
    role: Role | None
    active: bool  # false for an inspector outside their window, or anyone signed out
    worker_id: int | None
    team_ids: frozenset[int]  # the worker's team, and for a manager every team below it

    @property
    def authority_wide(self) -> bool:
        return self.role in AUTHORITY_WIDE


def role_of(user: User) -> Role | None:
    if not user.is_authenticated:
        return None
    profile = AccessProfile.objects.filter(user_id=user.pk).only("role").first()
    if profile is not None:
        return Role(str(profile.role))
    worker_role = Worker.objects.filter(user_id=user.pk).values_list("role", flat=True).first()
    if worker_role is not None and worker_role in Role._value2member_map_:
        return Role(worker_role)
    if getattr(user, "is_superuser", False):
        return Role.SYSTEM_ADMINISTRATOR
    return None


def teams_below(team_id: int) -> set[int]:
    """A team and every team under it (teams are few: one query, walked in memory)."""
    children: dict[int | None, list[int]] = {}
    for pk, parent in Team.objects.values_list("pk", "parent_id"):
        children.setdefault(parent, []).append(pk)
    found, todo = set(), [team_id]
    while todo:
        current = todo.pop()
        if current not in found:
            found.add(current)
            todo.extend(children.get(current, []))
    return found


def viewer_for(user: User, now: datetime | None = None) -> Viewer:
    cached = getattr(user, "_sightline_viewer", None)
    if cached is not None and now is None:
        return cached
    now = now or timezone.now()
    if not user.is_authenticated or not user.is_active:
        return Viewer(None, None, False, None, frozenset())
    role = role_of(user)
    active = role is not None
    if role == Role.INSPECTOR:
        window = (
            AccessProfile.objects.filter(user_id=user.pk)
            .values_list("valid_from", "valid_until")
            .first()
        )
        start, end = window or (None, None)
        active = start is not None and end is not None and start <= now <= end
    worker = Worker.objects.filter(user_id=user.pk).values_list("pk", "team_id").first()
    worker_id, team_id = worker if worker else (None, None)
    teams: set[int] = set()
    if team_id is not None:
        teams = teams_below(team_id) if role in MANAGERS else {team_id}
    viewer = Viewer(user.pk, role, active, worker_id, frozenset(teams))
    with contextlib.suppress(AttributeError):
        user._sightline_viewer = viewer  # type: ignore[union-attr,attr-defined,unused-ignore]
    return viewer


def _hidden_restricted(user_id: int | None) -> QuerySet[RestrictedRecord, int]:
    """Children whose restricted record does not name this user (uncorrelated: computed once)."""
    return RestrictedRecord.objects.exclude(named_users__id=user_id or 0).values_list(
        "child_id", flat=True
    )


def _named_restricted(user_id: int | None) -> QuerySet[RestrictedRecord, int]:
    return RestrictedRecord.objects.filter(named_users__id=user_id or 0).values_list(
        "child_id", flat=True
    )


def _relationship(viewer: Viewer, now: datetime) -> Q:
    """Why a user without authority-wide scope may see a child (restricted records aside).

    Each reason is an uncorrelated ``pk IN (SELECT child_id …)`` on an indexed table, so the
    database evaluates it once and seeks the children, rather than testing every child.
    """
    today = timezone.localdate(now)
    current = Allocation.objects.filter(started_on__lte=today).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=today)
    )
    who = Q(pk__in=[])
    if viewer.worker_id is not None:
        who |= Q(worker_id=viewer.worker_id)
    if viewer.team_ids:
        who |= Q(team_id__in=sorted(viewer.team_ids))
    reasons = Q(pk__in=current.filter(who).values("child_id"))
    reasons |= Q(
        pk__in=BreakGlassAccess.objects.filter(
            user_id=viewer.user_id or 0, granted_at__lte=now, expires_at__gt=now
        ).values("child_id")
    )
    if viewer.role == Role.FRONT_DOOR:
        recent = now - timedelta(days=FRONT_DOOR_CONTACT_DAYS)
        reasons |= Q(
            pk__in=Contact.objects.filter(Q(received_at__gte=recent) | Q(decision="")).values(
                "child_id"
            )
        )
    return reasons


def visible_children(user: User, now: datetime | None = None) -> QuerySet[Person]:
    """The children whose records this user may open."""
    children = Person.objects.filter(kind=Person.Kind.CHILD)
    viewer = viewer_for(user, now)
    if not viewer.active:
        return children.none()
    now = now or timezone.now()
    hidden = _hidden_restricted(viewer.user_id)
    if viewer.authority_wide:
        return children.exclude(pk__in=hidden)
    return children.filter(
        (_relationship(viewer, now) & ~Q(pk__in=hidden))
        | Q(pk__in=_named_restricted(viewer.user_id))
    )


def findable_children(user: User, now: datetime | None = None) -> QuerySet[Person]:
    """The children a search may show, by name and date of birth only when not visible: every
    child except restricted records that do not name the user (so that break-glass can be
    asked for). An inactive account finds no one."""
    children = Person.objects.filter(kind=Person.Kind.CHILD)
    viewer = viewer_for(user, now)
    if not viewer.active:
        return children.none()
    return children.exclude(pk__in=_hidden_restricted(viewer.user_id))


def can_see(user: User, child: Person, now: datetime | None = None) -> bool:
    return visible_children(user, now).filter(pk=child.pk).exists()
