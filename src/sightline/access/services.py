"""Writes for access: break-glass access, restricting a record, notices."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.utils import timezone

from sightline.access import events
from sightline.access.models import BreakGlassAccess, Notice, RestrictedRecord
from sightline.access.policy import findable_children, teams_below, viewer_for
from sightline.access.roles import BREAK_GLASS_MINUTES, MANAGERS
from sightline.core import dates, rules
from sightline.core.events import emit
from sightline.core.writes import service
from sightline.people.models import Person
from sightline.workforce.models import Allocation, Worker, current_on

MIN_REASON = 10


def people_to_notify(child: Person, today: date) -> list[User]:
    """The child's allocated workers and the managers of their teams (and teams above)."""
    current = Allocation.objects.filter(current_on(today), child=child)
    worker_ids = set(current.values_list("worker_id", flat=True))
    team_ids = set(current.values_list("team_id", flat=True))
    managers = Worker.objects.filter(role__in=[r.value for r in MANAGERS]).values_list(
        "pk", "team_id"
    )
    for pk, team_id in managers:
        if team_ids & teams_below(team_id):
            worker_ids.add(pk)
    User = get_user_model()
    return list(User.objects.filter(worker__pk__in=worker_ids, is_active=True).order_by("pk"))


@service
def break_glass(
    *, user: User, child: Person, reason: str, now: datetime | None = None
) -> BreakGlassAccess:
    """Open a child's record to a user for a limited time, with a stated reason; notify the
    child's allocated workers and their managers. Never opens a restricted record."""
    now = now or timezone.now()
    r = "Break-glass access"
    viewer = viewer_for(user, now)
    rules.require(viewer.active, r, "user", "your account cannot open records")
    rules.require(
        findable_children(user, now).filter(pk=child.pk).exists(),
        r,
        "child",
        "there is no child with that ID",
    )
    rules.require(
        not RestrictedRecord.objects.filter(child=child).exists(),
        r,
        "child",
        "there is no child with that ID",
    )
    rules.require(
        len(reason.strip()) >= MIN_REASON,
        r,
        "reason",
        f"give the reason you need to see this record (at least {MIN_REASON} characters)",
    )
    grant = BreakGlassAccess.objects.create(
        user=user,
        child=child,
        reason=reason.strip(),
        granted_at=now,
        expires_at=now + timedelta(minutes=BREAK_GLASS_MINUTES),
    )
    name = user.get_full_name() or user.get_username()
    local = timezone.localtime(now)
    text = (
        f"{name} used break-glass access to the record of {child.full_name} "
        f"({child.la_child_id}) at {local:%H:%M} on {dates.day(local.date())}. "
        f"Reason given: {grant.reason}"
    )
    for person in people_to_notify(child, timezone.localdate(now)):
        if person.pk == user.pk:
            continue
        Notice.objects.create(user=person, created_at=now, text=text, child=child)
        email = getattr(person, "email", "")
        if email:
            send_mail(
                "Sightline: break-glass access to a child you work with",
                text,
                settings.DEFAULT_FROM_EMAIL,
                [email],
                fail_silently=True,
            )
    from sightline.access import audit

    if hasattr(audit, "record_break_glass"):
        audit.record_break_glass(child, grant.reason, grant.expires_at)
    return grant


def _child_id_of(la_child_id: str) -> int | None:
    """The child an ID names, for the audit trail only (whoever may know of them)."""
    return (
        Person.objects.filter(kind=Person.Kind.CHILD, la_child_id=la_child_id[:20])
        .values_list("pk", flat=True)
        .first()
    )


@service
def break_glass_page_viewed(la_child_id: str) -> None:
    """The break-glass page was opened for an ID (the page shows nothing about the child):
    audited against the child, if there is one, so their trail shows who asked."""
    from sightline.access import audit

    audit.record(
        audit.Action.BREAK_GLASS,
        f"Opened the break-glass page for {la_child_id[:40]!r}",
        child_id=_child_id_of(la_child_id),
        detail={"outcome": "page viewed", "la_child_id": la_child_id[:40]},
    )


@service
def break_glass_refused(la_child_id: str, reason: str, why: str) -> None:
    """A request for break-glass access was refused (no reason, an account that cannot open
    records, a restricted record or no such child): audited, with the reason given."""
    from sightline.access import audit

    audit.record(
        audit.Action.BREAK_GLASS,
        f"Refused break-glass access to {la_child_id[:40]!r}: {why}",
        child_id=_child_id_of(la_child_id),
        detail={
            "outcome": "refused",
            "la_child_id": la_child_id[:40],
            "reason": reason.strip()[:1000],
            "why": why,
        },
    )


@service
def restrict_record(
    *,
    child: Person,
    reason: str,
    named_users: list[User],
    by: User,
    now: datetime | None = None,
) -> RestrictedRecord:
    """Restrict a child's record to named users (the person restricting it is always named)."""
    now = now or timezone.now()
    r = "Restricted record"
    rules.require(bool(reason.strip()), r, "reason", "give the reason for restricting this record")
    record, _ = RestrictedRecord.objects.update_or_create(
        child=child, defaults={"reason": reason.strip(), "restricted_at": now, "restricted_by": by}
    )
    named = {user.pk: user for user in [*named_users, by]}
    record.named_users.set(list(named.values()))
    emit(events.record_restricted(record, len(named), timezone.localdate(now)))
    return record


def mark_notices_read(user: User, now: datetime | None = None) -> int:
    """Mark every unread notice of the user read; how many were."""
    return Notice.objects.filter(user_id=user.pk, read_at__isnull=True).update(
        read_at=now or timezone.now()
    )
