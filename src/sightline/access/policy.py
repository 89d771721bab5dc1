"""The one access policy: which children a user may see, and which they may find.

Every read of people and their records starts from :func:`visible_children` (and search from
:func:`findable_children`), so a new page cannot forget the check (STYLE.md habit 2). Both are
querysets built from correlated ``EXISTS`` subqueries on indexed columns: no Python loop over
children.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from sightline.access.models import AccessProfile, BreakGlassAccess, RestrictedRecord
from sightline.access.roles import AUTHORITY_WIDE, FRONT_DOOR_DECISIONS, MANAGERS, Role
from sightline.core.sql import id_in
from sightline.frontdoor.models import Contact
from sightline.people.models import Person, Relationship
from sightline.workforce.models import Allocation, Team, Worker, current_on

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
    now: datetime = field(default_factory=timezone.now, compare=False)  # when it was read
    allocated: dict[object, Any] = field(default_factory=dict, compare=False)  # request cache

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
    viewer = Viewer(user.pk, role, active, worker_id, frozenset(teams), now)
    with contextlib.suppress(AttributeError):
        user._sightline_viewer = viewer  # type: ignore[union-attr,attr-defined,unused-ignore]
    return viewer


def _in(ids: list[int]) -> Q:
    """pk IN ids; an empty list is a plain false (usable in annotations)."""
    return Q(pk__isnull=True) if not ids else id_in(ids)


def _not_in(ids: list[int]) -> Q:
    return ~_in(ids) if ids else Q(pk__isnull=False)


def _restricted_ids(viewer: Viewer) -> tuple[list[int], list[int]]:
    """(hidden, named): restricted records are few, so read them once per request, in one
    query."""
    cached = viewer.allocated.get("restricted")
    if cached is None:
        named_here = RestrictedRecord.named_users.through.objects.filter(
            restrictedrecord_id=OuterRef("pk"), user_id=viewer.user_id or 0
        )
        rows = list(
            RestrictedRecord.objects.annotate(named=Exists(named_here)).values_list(
                "child_id", "named"
            )
        )
        hidden = sorted(child for child, named in rows if not named)
        named = sorted(child for child, named_ in rows if named_)
        cached = viewer.allocated["restricted"] = (hidden, named)
    return cached


LITERAL_IDS_LIMIT = 3000  # a caseload this size or smaller is passed as a list of ids


def _allocated_children(viewer: Viewer, today: date) -> list[int] | QuerySet[Allocation, int]:
    """The children currently allocated to the user or their teams.

    Read once per request (cached on the viewer) with one indexed query; a list of ids lets
    the database seek each child instead of testing every child against a subquery. A very
    large set (a service manager in a big county) stays a subquery.
    """
    cached = viewer.allocated.get(today)
    if cached is not None:
        return cached
    who = Q(pk__in=[])
    if viewer.worker_id is not None:
        who |= Q(worker_id=viewer.worker_id)
    if viewer.team_ids:
        who |= Q(team_id__in=sorted(viewer.team_ids))
    current = Allocation.objects.filter(who).filter(current_on(today))
    ids = list(
        current.values_list("child_id", flat=True)
        .distinct()
        .order_by("child_id")[: LITERAL_IDS_LIMIT + 1]
    )
    result: list[int] | QuerySet[Allocation, int] = (
        ids if len(ids) <= LITERAL_IDS_LIMIT else current.values_list("child_id", flat=True)
    )
    viewer.allocated[today] = result
    return result


def _break_glass_grants(viewer: Viewer, now: datetime) -> dict[int, datetime]:
    """The children this user has break-glass access to at ``now``, each with when the
    access ends (the latest grant's end): one query, read once per request."""
    key = ("break_glass", now)
    cached: dict[int, datetime] | None = viewer.allocated.get(key)
    if cached is None:
        cached = {}
        for child_id, expires_at in BreakGlassAccess.objects.filter(
            user_id=viewer.user_id or 0, granted_at__lte=now, expires_at__gt=now
        ).values_list("child_id", "expires_at"):
            cached[child_id] = max(expires_at, cached.get(child_id, expires_at))
        viewer.allocated[key] = cached
    return cached


def break_glass_ends(user: User, child: Person, now: datetime | None = None) -> datetime | None:
    """When the break-glass access through which this user has the child's record open ends;
    None when they open it for another reason (allocated to them or their teams, an
    authority-wide role) or not at all. Every page of the record says so (decision 0030). No
    query on a page that has already read the record: the grants are read with the policy's
    condition, once per request."""
    viewer = viewer_for(user, now)
    if not viewer.active or viewer.authority_wide:
        return None
    ends = _break_glass_grants(viewer, viewer.now if now is None else now).get(child.pk)
    if ends is None:
        return None
    allocated = _allocated_children(viewer, timezone.localdate(viewer.now if now is None else now))
    if isinstance(allocated, list):
        return None if child.pk in allocated else ends
    return None if allocated.filter(child_id=child.pk).exists() else ends


def _relationship(viewer: Viewer, now: datetime) -> Q:
    """Why a user without authority-wide scope may see a child (restricted records aside):
    a current allocation to them or their teams, break-glass access, and for the front door a
    recent or undecided contact. Each is a set of child ids read once (a list) or an
    uncorrelated ``pk IN (SELECT child_id …)`` on an indexed table."""
    allocated = _allocated_children(viewer, timezone.localdate(now))
    granted = sorted(_break_glass_grants(viewer, now))
    if isinstance(allocated, list):
        reasons = _in(sorted({*allocated, *granted}))
    elif granted:
        reasons = Q(pk__in=allocated) | _in(granted)
    else:  # no "OR pk IS NULL" for an empty grant list: it would stop the index being used
        reasons = Q(pk__in=allocated)
    if viewer.role == Role.FRONT_DOOR:
        recent = now - timedelta(days=FRONT_DOOR_CONTACT_DAYS)
        reasons |= Q(
            pk__in=Contact.objects.filter(Q(received_at__gte=recent) | Q(decision="")).values(
                "child_id"
            )
        )
    return reasons


def visible_condition(user: User, now: datetime | None = None) -> Q | None:
    """The condition on a child (Person) that this user may open the record; None: no child.

    Usable as a filter or, in search, as an annotation (``ExpressionWrapper``).
    """
    viewer = viewer_for(user, now)
    if not viewer.active:
        return None
    if now is None:  # one request, one answer: build the condition once
        cached = viewer.allocated.get("condition")
        if cached is None:
            cached = viewer.allocated["condition"] = _condition(viewer, viewer.now)
        return cached
    return _condition(viewer, now)


def _condition(viewer: Viewer, now: datetime) -> Q:
    hidden, named = _restricted_ids(viewer)
    if viewer.authority_wide:
        return _not_in(hidden)
    condition = _relationship(viewer, now)
    if hidden:
        condition &= _not_in(hidden)
    if named:
        condition |= _in(named)
    return condition


def visible_children(
    user: User, now: datetime | None = None, *, among: QuerySet[Person] | None = None
) -> QuerySet[Person]:
    """The children whose records this user may open (``among``: narrowing that queryset of
    people, e.g. one already annotated, instead of every person)."""
    children = (Person.objects if among is None else among).filter(kind=Person.Kind.CHILD)
    condition = visible_condition(user, now)
    return children.none() if condition is None else children.filter(condition)


def unknown_people(user: User, now: datetime | None = None) -> list[int] | None:
    """The people this user may not know exist: restricted records that do not name them
    (read once per request). None: an inactive account, which may know of no one."""
    viewer = viewer_for(user, now)
    if not viewer.active:
        return None
    hidden, _named = _restricted_ids(viewer)
    return hidden


def known_condition(user: User, field: str = "pk", now: datetime | None = None) -> Q:
    """The condition that the person at ``field`` (``pk`` on Person, ``relative`` on a
    Relationship, ``child`` on a record about a child) is one this user may know exists.

    The one test of "may this user know the child exists": search, the people linked to a
    child, notices and every list or count that names another child apply it. A restricted
    record appears nowhere to someone not named on it. A null ``field`` (a notice about no
    child) is known."""
    hidden = unknown_people(user, now)
    column = "pk" if field == "pk" else f"{field}_id"
    if hidden is None:
        return Q(pk__isnull=True)  # nothing
    if not hidden:
        return Q(pk__isnull=False)  # everything
    return ~id_in(hidden, column) | Q(**{f"{column}__isnull": True})


def knowable_people(user: User, now: datetime | None = None) -> QuerySet[Person]:
    """Every person (child or adult) this user may know exists."""
    return Person.objects.filter(known_condition(user, now=now))


def findable_children(user: User, now: datetime | None = None) -> QuerySet[Person]:
    """The children a search may show, by name and date of birth only when not visible: every
    child this user may know exists (all but restricted records that do not name them), so
    that break-glass can be asked for. An inactive account finds no one."""
    return knowable_people(user, now).filter(kind=Person.Kind.CHILD)


def can_see(user: User, child: Person, now: datetime | None = None) -> bool:
    return visible_children(user, now).filter(pk=child.pk).exists()


WITHHELD = "[name withheld]"


def withheld_names(user: User, child: Person, now: datetime | None = None) -> list[str]:
    """What must not be read about the people this user may not know exist, in the text of
    ``child``'s record (chronology summaries, case notes): each one's full name, LA child ID
    and NHS number, and for one linked to the child (a sibling, a parent) their given and
    family names too, unless the child shares that name. Longest first. One query, and none
    when no restricted record is hidden from the user."""
    hidden = unknown_people(user, now)
    if not hidden:
        return []
    linked = Relationship.objects.filter(
        (Q(person_id=child.pk) & Q(relative_id=OuterRef("pk")))
        | (Q(relative_id=child.pk) & Q(person_id=OuterRef("pk")))
    )
    own = {
        name.casefold()
        for name in (child.given_name, child.family_name, child.full_name)
        if name.strip()
    }
    names: set[str] = set()
    for given, family, la_child_id, nhs, is_linked in (
        Person.objects.filter(id_in(hidden))
        .exclude(pk=child.pk)
        .annotate(is_linked=Exists(linked))
        .values_list("given_name", "family_name", "la_child_id", "nhs_number", "is_linked")
    ):
        candidates = [f"{given} {family}", la_child_id or "", nhs or ""]
        if nhs and len(nhs) == 10:
            candidates.append(f"{nhs[:3]} {nhs[3:6]} {nhs[6:]}")  # as the pages write it
        if is_linked:
            candidates += [given, family]
        names.update(
            " ".join(name.split())
            for name in candidates
            if name.strip() and " ".join(name.split()).casefold() not in own
        )
    return sorted(names, key=lambda name: (-len(name), name))


def withhold(text: str, names: list[str]) -> str:
    """``text`` with every whole-word occurrence of ``names`` (any case, any spacing between
    words) replaced by ``WITHHELD``."""
    if not names or not text:
        return text
    words = (r"\s+".join(re.escape(part) for part in name.split()) for name in names)
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(words) + r")(?!\w)", re.IGNORECASE)
    return pattern.sub(WITHHELD, text)


# Roles that read but never record on a child's record: authority-wide readers act on figures
# and on the records' access, not on the child's journey (decision 0020).
NEVER_RECORD = AUTHORITY_WIDE


def may_record(
    user: User, child: Person, roles: frozenset[Role], now: datetime | None = None
) -> bool:
    """May this user record this use case (open to ``roles``) on this child's record?

    Reading is not writing (decision 0020): the role must be one the use case names, never an
    authority-wide reader, and the child one this user may open (allocated to them or their
    team, a front-door contact, break-glass access: recording what was done in an emergency is
    part of the emergency, and it is audited like the access).
    """
    viewer = viewer_for(user, now)
    if not viewer.active or viewer.role is None or viewer.role in NEVER_RECORD:
        return False
    if viewer.role not in roles:
        return False
    return can_see(user, child, now)


def may_receive_contact(user: User, child: Person, now: datetime | None = None) -> bool:
    """May this user record a new contact about ``child``, a child already recorded?

    The front door receives contacts about every child the user may know exists (decision
    0025): a child known years ago whose record they have no reason to open is found by the
    search for the person, and the contact goes on that child's record rather than a second
    record being made (the contact then lets the front door open it, as every contact does).
    A manager records contacts on the children they may open (``may_record``). A restricted
    record the user is not named on is never one they may record on.
    """
    viewer = viewer_for(user, now)
    if not viewer.active or viewer.role not in FRONT_DOOR_DECISIONS:
        return False
    if viewer.role == Role.FRONT_DOOR:
        return findable_children(user, now).filter(pk=child.pk).exists()
    return may_record(user, child, FRONT_DOOR_DECISIONS, now)
