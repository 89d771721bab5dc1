"""Sign-in throttling and lockout, counted from the audit trail's failed sign-ins.

Every failed sign-in is an ``AuditEvent`` with action ``SIGN_IN_FAILED``, the username typed and
the client's IP address (``access.audit`` writes them). Those rows are the only state: there is
no cache and no extra table, so every process and every server sees the same count.

A username is locked out when, within any window of ``SIGHTLINE_SIGNIN_LOCKOUT_MINUTES``, it
has ``SIGHTLINE_SIGNIN_MAX_FAILURES`` failed sign-ins; the lockout lasts
``SIGHTLINE_SIGNIN_LOCKOUT_MINUTES`` from the failure that reached the limit. An IP address is
throttled the same way at ``SIGHTLINE_SIGNIN_MAX_FAILURES_PER_IP`` failures (one address trying
many usernames). The sign-in form checks this before it checks the password, so a correct
password is refused during a lockout, and a refused attempt never reaches ``authenticate()``:
it does not count as another failure and cannot tell anyone whether the password was right.
The message is the same whether or not the username exists.

A refused attempt is still audited (``record_refused``): a ``SIGN_IN_FAILED`` row marked
``{"refused": "locked out"}``, which the lockout does not count, so the trail shows every
attempt made during a lockout without the attempts extending it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from sightline.access.models import AuditEvent

LOCKED_OUT_CODE = "locked_out"
REFUSED_MARK = {"refused": "locked out"}  # in the detail of an attempt refused by a lockout


def lockout_minutes() -> int:
    return int(settings.SIGHTLINE_SIGNIN_LOCKOUT_MINUTES)


def locked_out_message() -> str:
    return f"Too many attempts. Try again in {lockout_minutes()} minutes."


def client_ip(request: HttpRequest | None) -> str:
    """The address a request came from, as the audit trail records it.

    ``REMOTE_ADDR`` only: a forwarded-for header is whatever the client chose to send, so it
    is not trusted here. Behind a reverse proxy, the proxy must set ``REMOTE_ADDR`` (for
    example gunicorn's ``--forwarded-allow-ips`` with a proxy that overwrites the header).
    """
    if request is None:
        return ""
    return str(request.META.get("REMOTE_ADDR") or "")[:45]


def locked_until(
    times: Sequence[dt.datetime],
    *,
    limit: int,
    window: dt.timedelta,
    lockout: dt.timedelta,
    now: dt.datetime,
) -> dt.datetime | None:
    """When a lockout from these failure times ends, or None if there is none at ``now``.

    A lockout starts at any failure that is the ``limit``-th within ``window`` (counting
    itself) and lasts ``lockout`` from that failure.
    """
    ordered = sorted(times)
    until: dt.datetime | None = None
    for last in range(limit - 1, len(ordered)):
        if ordered[last] - ordered[last - limit + 1] <= window:
            end = ordered[last] + lockout
            if until is None or end > until:
                until = end
    return until if until is not None and until > now else None


def _failures(now: dt.datetime, **match: str) -> list[dt.datetime]:
    window = dt.timedelta(minutes=lockout_minutes())
    # A lockout still running at ``now`` started at a failure after now - lockout, and the
    # failures that led to it are at most one window before that.
    return list(
        AuditEvent.objects.filter(
            action=AuditEvent.Action.SIGN_IN_FAILED,
            at__gt=now - 2 * window,
            at__lte=now,
            **match,
        )
        .exclude(detail__has_key="refused")
        .values_list("at", flat=True)
    )


def sign_in_refused(
    username: str | None, ip_address: str, *, now: dt.datetime | None = None
) -> bool:
    """True if a sign-in as ``username`` from ``ip_address`` must be refused for now."""
    now = now or timezone.now()
    minutes = dt.timedelta(minutes=lockout_minutes())
    checks: list[tuple[dict[str, str], int]] = []
    if username:
        checks.append(({"username": username}, int(settings.SIGHTLINE_SIGNIN_MAX_FAILURES)))
    if ip_address:
        checks.append(
            ({"ip_address": ip_address}, int(settings.SIGHTLINE_SIGNIN_MAX_FAILURES_PER_IP))
        )
    return any(
        locked_until(_failures(now, **match), limit=limit, window=minutes, lockout=minutes, now=now)
        is not None
        for match, limit in checks
    )


def record_refused(username: str | None, ip_address: str) -> None:
    """Audit a sign-in refused during a lockout (the username typed, never the password)."""
    from sightline.access import audit
    from sightline.access.actor import ANONYMOUS, Actor

    tried = str(username or "")
    audit.record(
        AuditEvent.Action.SIGN_IN_FAILED,
        f"Refused sign-in as {tried!r} during a lockout"
        if tried
        else "Refused sign-in with no username during a lockout",
        detail=REFUSED_MARK,
        actor=Actor(tried or ANONYMOUS, ip_address),
    )
