"""The audit trail: append a hash-chained event; changes come from the domain events.

Every view of a child's record, search, export, break-glass, sign-in and change is one
``AuditEvent`` row, written for the current actor (``sightline.access.actor``). Rows are
append-only (the model refuses ``save()`` on an existing row and ``delete()``) and
tamper-evident: each row's ``entry_hash`` is

    sha256(previous_hash + canonical JSON of (at, username, action, child_id, what, detail, ip))

where ``previous_hash`` is the ``entry_hash`` of the row before it (64 zeros for the first row)
and ``at`` is written in UTC with microseconds. ``verify_chain`` recomputes every row, so a
changed, deleted or reordered row is reported (``sightline audit verify``). What the chain alone
cannot show is rows removed from its *end*: keep the latest entry hash somewhere else (the
verify command prints it) to detect that.

Appends are serialised so the chain never forks: on PostgreSQL by a transaction-level advisory
lock taken before the last row is read; on SQLite by taking the database's write lock (a no-op
write) before reading it. Either lock is held until the surrounding transaction ends.

Changes are recorded by a subscriber to every domain event, inside the service's transaction:
a refused change leaves no audit row, and an audited change cannot commit without its row.
The synthetic authority's bulk writer does not go through the event bus, so ``sightline synth``
writes no audit rows: the synthetic history is not anyone's activity. Building it through the
services (``--via-services``) does record changes, by the current actor.

``detail`` holds JSON values (strings, whole numbers, booleans, None, lists, dicts); dates and
times are turned into ISO strings before hashing, so what is stored is what was hashed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone

from sightline.access.actor import ANONYMOUS, Actor, current_actor, request_actor
from sightline.access.models import AuditEvent, SearchListing
from sightline.core.events import DomainEvent, subscribe

GENESIS_HASH = "0" * 64
# pg_advisory_xact_lock key for appending to the audit trail: the bytes of "sl-audit".
ADVISORY_LOCK_KEY = int.from_bytes(b"sl-audit", "big")

_WHAT_MAX = AuditEvent._meta.get_field("what").max_length or 300
_USERNAME_MAX = AuditEvent._meta.get_field("username").max_length or 150
_IP_MAX = AuditEvent._meta.get_field("ip_address").max_length or 45

Action = AuditEvent.Action


# --- The hash -------------------------------------------------------------------------------


def canonical_at(at: datetime) -> str:
    """``at`` as ISO 8601 in UTC with microseconds: ``2026-11-23T10:15:00.000000+00:00``."""
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def entry_hash(
    previous_hash: str,
    *,
    at: datetime,
    username: str,
    action: str,
    child_id: int | None,
    what: str,
    detail: Any,
    ip: str,
) -> str:
    """SHA-256 (hex) of the previous hash followed by the row's canonical JSON."""
    content = json.dumps(
        {
            "at": canonical_at(at),
            "username": username,
            "action": str(action),
            "child_id": child_id,
            "what": what,
            "detail": detail,
            "ip": ip,
        },
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=True,
    )
    return hashlib.sha256((previous_hash + content).encode("ascii")).hexdigest()


def _json_detail(detail: Mapping[str, Any] | None) -> dict[str, Any]:
    """The detail as plain JSON values (dates become ISO strings), as it will be read back."""
    if not detail:
        return {}
    value = json.loads(json.dumps(dict(detail), cls=DjangoJSONEncoder))
    assert isinstance(value, dict)
    return value


# --- Appending ------------------------------------------------------------------------------


def _lock_and_last_hash() -> str:
    """Take the append lock for this transaction, then read the chain's last hash."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK_KEY])
        elif connection.vendor == "sqlite":
            # A write that changes nothing takes SQLite's write lock now, so the last row is
            # read from an up-to-date snapshot and no other writer can append until commit.
            table = connection.ops.quote_name(AuditEvent._meta.db_table)
            cursor.execute(f"UPDATE {table} SET id = id WHERE 0 = 1")
    last = AuditEvent.objects.order_by("-id").values_list("entry_hash", flat=True).first()
    return last or GENESIS_HASH


def record(
    action: str,
    what: str,
    *,
    child_id: int | None = None,
    detail: Mapping[str, Any] | None = None,
    at: datetime | None = None,
    actor: Actor | None = None,
) -> AuditEvent:
    """Append one event for the current actor (or ``actor``) to the hash-chained trail."""
    if action not in Action.values:
        raise ValueError(f"{action!r} is not an audit action")
    who = actor or current_actor()
    at = at or timezone.now()
    if timezone.is_naive(at):
        at = timezone.make_aware(at)
    at = at.astimezone(UTC)
    username = (who.username or ANONYMOUS)[:_USERNAME_MAX]
    ip = (who.ip or "")[:_IP_MAX]
    what = what[:_WHAT_MAX]
    clean_detail = _json_detail(detail)
    with transaction.atomic():
        previous = _lock_and_last_hash()
        event = AuditEvent(
            at=at,
            username=username,
            action=action,
            child_id=child_id,
            what=what,
            detail=clean_detail,
            ip_address=ip,
            previous_hash=previous,
            entry_hash=entry_hash(
                previous,
                at=at,
                username=username,
                action=action,
                child_id=child_id,
                what=what,
                detail=clean_detail,
                ip=ip,
            ),
        )
        event.save()
    return event


def _child_label(child: Any) -> str:
    return str(getattr(child, "la_child_id", "") or f"person {child.pk}")


def record_view(child: Any, request: HttpRequest | None = None) -> AuditEvent:
    """A user opened a child's record (the request, when given, names who and from where)."""
    actor = request_actor(request) if request is not None else None
    detail = {"path": request.get_full_path()} if request is not None else {}
    return record(
        Action.VIEW,
        f"Viewed the record of {_child_label(child)}",
        child_id=child.pk,
        detail=detail,
        actor=actor,
    )


def record_search(
    params: Mapping[str, Any], result_count: int, listed: Sequence[int] = ()
) -> AuditEvent:
    """A search for children: what was searched for (non-empty fields), how many matched and
    the ids of the children it listed (in the hashed detail, and one ``SearchListing`` row
    each, so that each child's trail shows the searches that showed them)."""
    searched = {k: v for k, v in params.items() if v not in (None, "", [], ())}
    terms = ", ".join(f"{k}={v}" for k, v in sorted(searched.items()))
    children = sorted(set(listed))
    with transaction.atomic():
        event = record(
            Action.SEARCH,
            f"Searched for children ({terms or 'no terms'}): {result_count} found",
            detail={"params": searched, "result_count": result_count, "listed": children},
        )
        SearchListing.objects.bulk_create(
            SearchListing(event=event, listed_id=child) for child in children
        )
    return event


def record_export(
    what: str, detail: Mapping[str, Any] | None = None, *, child_id: int | None = None
) -> AuditEvent:
    """An export (a return, a CSV, a child's audit listing) by the current actor."""
    return record(Action.EXPORT, what, child_id=child_id, detail=detail)


def record_import(what: str, detail: Mapping[str, Any] | None = None) -> AuditEvent:
    """An import (a return read in) by the current actor."""
    return record(Action.IMPORT, what, detail=detail)


def record_break_glass(child: Any, reason: str, expires_at: datetime) -> AuditEvent:
    """Break-glass access to a child, with the reason given and when it ends."""
    return record(
        Action.BREAK_GLASS,
        f"Break-glass access to {_child_label(child)} until "
        f"{timezone.localtime(expires_at):%Y-%m-%d %H:%M}: {reason}",
        child_id=child.pk,
        detail={"reason": reason, "expires_at": expires_at},
    )


# --- Changes and sign-ins -------------------------------------------------------------------


@subscribe()
def record_change(event: DomainEvent) -> None:
    """Every domain event is a change to a child's record (runs in the service transaction)."""
    record(
        Action.CHANGE,
        f"{event.name}: {event.summary}",
        child_id=event.child_id,
        detail={
            "record_type": event.record_type,
            "record_id": event.record_id,
            "occurred_on": event.occurred_on,
        },
    )


def _request_ip(request: HttpRequest | None) -> str:
    return str(request.META.get("REMOTE_ADDR") or "") if request is not None else ""


@receiver(user_logged_in, dispatch_uid="sightline.access.audit.signed_in")
def _signed_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    record(
        Action.SIGN_IN,
        "Signed in",
        actor=Actor(user.get_username(), _request_ip(request)),
    )


@receiver(user_login_failed, dispatch_uid="sightline.access.audit.sign_in_failed")
def _sign_in_failed(
    sender: Any, credentials: Mapping[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # Only the username tried is kept: never a password, nor anything else in the credentials.
    tried = str(credentials.get(get_user_model().USERNAME_FIELD) or "")
    record(
        Action.SIGN_IN_FAILED,
        f"Failed sign-in as {tried!r}" if tried else "Failed sign-in with no username",
        actor=Actor(tried or ANONYMOUS, _request_ip(request)),
    )


# --- Verifying ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChainProblem:
    """One row that does not fit the chain."""

    row_id: int
    problem: str

    def __str__(self) -> str:
        return f"row {self.row_id}: {self.problem}"


@dataclass(frozen=True)
class ChainReport:
    """What ``verify_chain`` found: how many rows, the last hash, and every problem."""

    count: int
    last_hash: str
    problems: list[ChainProblem]


_CHAIN_FIELDS = (
    "id",
    "at",
    "username",
    "action",
    "child_id",
    "what",
    "detail",
    "ip_address",
    "previous_hash",
    "entry_hash",
)


def check_chain(progress: Callable[[int], None] | None = None) -> ChainReport:
    """Recompute every row in id order, streaming: one query, no per-row reads.

    A row whose content was changed fails its own hash; the row after a deleted one, and rows
    moved out of order, do not point at the hash of the row before them.
    """
    problems: list[ChainProblem] = []
    expected_previous = GENESIS_HASH
    count = 0
    rows = AuditEvent.objects.order_by("id").values_list(*_CHAIN_FIELDS)
    for row_id, at, username, action, child_id, what, detail, ip, previous, stored in rows.iterator(
        chunk_size=5000
    ):
        count += 1
        if previous != expected_previous:
            problems.append(
                ChainProblem(
                    row_id,
                    "previous_hash does not match the row before it "
                    "(a row was deleted, inserted or moved)",
                )
            )
        recomputed = entry_hash(
            previous,
            at=at,
            username=username,
            action=action,
            child_id=child_id,
            what=what,
            detail=detail,
            ip=ip,
        )
        if recomputed != stored:
            problems.append(
                ChainProblem(row_id, "content does not match its entry_hash (the row was changed)")
            )
        expected_previous = stored
        if progress is not None and count % 100_000 == 0:
            progress(count)
    return ChainReport(count=count, last_hash=expected_previous, problems=problems)


def verify_chain() -> list[ChainProblem]:
    """Every row that breaks the chain, in id order; empty when the trail is intact."""
    return check_chain().problems
