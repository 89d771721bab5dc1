"""The audit trail: append a keyed hash chain; changes come from the domain events.

Every view of a child's record, search, export, break-glass, sign-in and change is one
``AuditEvent`` row, written for the current actor (``sightline.access.actor``). Rows are
append-only three times over: the model refuses ``save()`` on an existing row and ``delete()``,
its queryset refuses ``update()``/``delete()``/bulk writes, and the database refuses UPDATE and
DELETE (a trigger, migration 0003). Each row carries two keyed hashes (HMAC-SHA-256 with the
audit key, ``SIGHTLINE_AUDIT_KEY``, kept outside the database)::

    content_hash = HMAC(key, "content" + canonical JSON of (username, what, detail, ip))
    entry_hash   = HMAC(key, "link" + JSON [previous entry_hash, at, action, child_id,
                                             content_hash])

``previous_hash`` is the ``entry_hash`` of the row before it (64 zeros for the first row) and
``at`` is written in UTC with microseconds. ``check_chain`` recomputes every row, so a changed,
deleted or reordered row is reported, and without the key nobody can recompute the chain after
an edit. Rows removed from the *end* leave no gap; three things show them: a head kept
elsewhere (``sightline audit checkpoint`` / ``verify`` print it; ``verify --expect HASH``
requires it to be in the chain), and every user's last sign-in, which must not be later than
the trail's end.

Retention (decision 0012): a row naming no child follows its kind's rule in the retention
schedule (``access.AuditEvent:<action>``, counted from the row's own time); ``prune`` erases
the content of the rows due (username, what, detail, address) and keeps their time, action and
both hashes, so the chain verifies through them; verify checks each erased row was due.

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
import hmac
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.models import TextField
from django.db.models.functions import Cast
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


def audit_key() -> bytes:
    """The key of the chain (settings.SIGHTLINE_AUDIT_KEY, from the environment or a file)."""
    key: str | bytes = settings.SIGHTLINE_AUDIT_KEY
    return key.encode() if isinstance(key, str) else key


def _canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def content_hash(*, username: str, what: str, detail: Any, ip: str, key: bytes) -> str:
    """The keyed hash of what a row says: the part retention may erase."""
    content = {"username": username, "what": what, "detail": detail, "ip": ip}
    return hmac.new(key, b"content\x00" + _canonical(content), hashlib.sha256).hexdigest()


def link_hash(
    previous_hash: str, *, at: datetime, action: str, child_id: int | None, content: str, key: bytes
) -> str:
    """The keyed hash that links a row to the one before it."""
    fields = [previous_hash, canonical_at(at), str(action), child_id, content]
    return hmac.new(key, b"link\x00" + _canonical(fields), hashlib.sha256).hexdigest()


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
    """A row's ``entry_hash`` under the configured key."""
    key = audit_key()
    content = content_hash(username=username, what=what, detail=detail, ip=ip, key=key)
    return link_hash(
        previous_hash, at=at, action=action, child_id=child_id, content=content, key=key
    )


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
    key = audit_key()
    content = content_hash(username=username, what=what, detail=clean_detail, ip=ip, key=key)
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
            content_hash=content,
            entry_hash=link_hash(
                previous, at=at, action=action, child_id=child_id, content=content, key=key
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


def record_listing(
    what: str,
    listed: Sequence[int],
    request: HttpRequest | None = None,
    detail: Mapping[str, Any] | None = None,
) -> AuditEvent | None:
    """A page listed children by name (My work, the team's overdue work, data checks): a view
    of each child listed, recorded set-based as one ``view`` row naming no child (what, the
    page's address and the ids listed, in the hashed detail) and one ``SearchListing`` row per
    child, as a search's results are, so each child's trail ("who has seen this record", the
    subject access export) finds the pages that showed them (decision 0024). A page that
    listed nobody records nothing."""
    children = sorted(set(listed))
    if not children:
        return None
    actor = request_actor(request) if request is not None else None
    found = {"path": request.get_full_path()} if request is not None else {}
    with transaction.atomic():
        event = record(
            Action.VIEW,
            f"Listed {len(children)} {'child' if len(children) == 1 else 'children'} on {what}",
            detail={**found, **(detail or {}), "listed_on": what, "listed": children},
            actor=actor,
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


# --- Checkpoints and retention --------------------------------------------------------------


def checkpoint(reason: str = "") -> AuditEvent:
    """Append a checkpoint row: it names the chain's head and length before it; its own
    ``entry_hash`` is the head to keep outside the database (``audit verify --expect``)."""
    with transaction.atomic():
        head = _lock_and_last_hash()
        count = AuditEvent.objects.count()
        return record(
            Action.CHECKPOINT,
            f"Checkpoint of the audit trail after {count} rows"
            + (f" ({reason})" if reason else ""),
            detail={"head": head, "rows": count, "reason": reason},
        )


def _erasure_cutoff(as_of: date, years: int) -> datetime:
    """Rows at or after this moment are not yet due: a row is due when the local day it was
    written, plus ``years``, is on or before ``as_of``."""
    from sightline.access.retention import latest_anchor

    last_day = latest_anchor(as_of, years)
    return timezone.make_aware(datetime.combine(last_day + timedelta(days=1), time.min))


@dataclass(frozen=True)
class PruneResult:
    erased: dict[str, int]
    checkpoint: AuditEvent


def prune(as_of: date) -> PruneResult:
    """Erase the content of the rows naming no child that their kind's retention rule says to
    erase by ``as_of`` (set-based: one statement per kind), after a checkpoint row that records
    the head; every hash stays, so the chain verifies through the erased rows."""
    from sightline.access.retention import audit_kind_entries, check_report_day, schedule

    if as_of > timezone.localdate():
        raise ValueError(f"{as_of.isoformat()} is in the future: prune as of today or earlier")
    everything = schedule()
    check_report_day(as_of, everything)
    entries = audit_kind_entries(everything)
    erased: dict[str, int] = {}
    with transaction.atomic():
        mark = checkpoint(f"before erasing rows due by {as_of.isoformat()}")
        for action, entry in entries.items():
            if entry["action"] != "erase":
                continue
            erased[action] = AuditEvent.objects.filter(
                child__isnull=True,
                action=action,
                pruned_on__isnull=True,
                at__lt=_erasure_cutoff(as_of, entry["years"]),
            ).erase_content(as_of)
    return PruneResult(erased, mark)


# --- Verifying ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChainProblem:
    """One row that does not fit the chain (``row_id`` None: the trail's end)."""

    row_id: int | None
    problem: str

    def __str__(self) -> str:
        where = f"row {self.row_id}" if self.row_id is not None else "end of the trail"
        return f"{where}: {self.problem}"


@dataclass(frozen=True)
class ChainReport:
    """What ``check_chain`` found: how many rows, the last hash, and every problem."""

    count: int
    last_hash: str
    problems: list[ChainProblem]
    last_id: int | None = None
    erased: int = 0
    expected_row: int | None = None
    after_expected: int = 0


_CHAIN_FIELDS = (
    "id",
    "at_text",
    "username",
    "action",
    "child_id",
    "what",
    "detail_text",
    "ip_address",
    "previous_hash",
    "content_hash",
    "entry_hash",
    "pruned_text",
)


def _parse_at(text: str | None) -> datetime | None:
    """A stored time read as text (a malformed one written behind Django's back is None)."""
    try:
        value = datetime.fromisoformat(str(text))
    except ValueError:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def _parse_day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(str(text)[:10])
    except ValueError:
        return None


def _erasure_problem(
    action: str,
    child_id: int | None,
    at: datetime,
    pruned: date | None,
    entries: Mapping[str, Mapping[str, Any]],
    today: date,
) -> str | None:
    """Why an erased row should not have been erased, or None when it was due."""
    from sightline.access.retention import add_years

    entry = entries.get(action)
    if pruned is None:
        return "its content was erased on a day that is not a date"
    if child_id is not None or entry is None or entry["action"] != "erase":
        return "its content was erased, but no retention rule erases a row of its kind"
    if pruned > today:
        return f"its content was erased on {pruned.isoformat()}, a day in the future"
    due = add_years(timezone.localtime(at).date(), int(entry["years"]))
    if due > pruned:
        return (
            f"its content was erased on {pruned.isoformat()}, before it was due on "
            f"{due.isoformat()}"
        )
    return None


def _signed_in_after(last_at: datetime | None) -> ChainProblem | None:
    """A user whose last sign-in is later than the trail's latest row: rows were cut from the
    end (every sign-in writes a row after Django records ``last_login``)."""
    users = get_user_model().objects.filter(last_login__isnull=False)
    if last_at is not None:
        users = users.filter(last_login__gt=last_at + timedelta(seconds=1))
    latest = users.order_by("-last_login").values_list("username", "last_login").first()
    if latest is None:
        return None
    username, last_login = latest
    assert last_login is not None  # filtered above
    when = last_login.astimezone(UTC).isoformat(timespec="seconds")
    ends = (
        f"the trail's latest row is at {canonical_at(last_at)}"
        if last_at is not None
        else "the trail is empty"
    )
    return ChainProblem(
        None, f"{ends}, but {username} signed in at {when}: rows were removed from its end"
    )


def check_chain(
    progress: Callable[[int], None] | None = None, *, expect: str | None = None
) -> ChainReport:
    """Recompute every row in id order, streaming: one query, no per-row reads.

    A row whose content was changed fails its content hash, one whose time, action or child
    was changed its entry hash; the row after a deleted one, and rows moved out of order, do
    not point at the hash of the row before them. An erased row must have been due under its
    kind's retention rule. ``expect``, a head kept elsewhere, must be one of the rows' hashes.
    """
    from sightline.access.retention import audit_kind_entries, schedule

    key = audit_key()
    entries = audit_kind_entries(schedule())
    today = timezone.localdate()
    problems: list[ChainProblem] = []
    expected_previous = GENESIS_HASH
    count = erased = after_expected = 0
    last_id: int | None = None
    last_at: datetime | None = None
    expected_row: int | None = None
    rows = (
        AuditEvent.objects.order_by("id")
        .annotate(
            at_text=Cast("at", TextField()),
            detail_text=Cast("detail", TextField()),
            pruned_text=Cast("pruned_on", TextField()),
        )
        .values_list(*_CHAIN_FIELDS)
    )
    for (
        row_id,
        at_text,
        username,
        action,
        child_id,
        what,
        detail_text,
        ip,
        previous,
        stored_content,
        stored,
        pruned_text,
    ) in rows.iterator(chunk_size=5000):
        count += 1
        last_id = row_id
        if expected_row is not None:
            after_expected += 1
        if previous != expected_previous:
            problems.append(
                ChainProblem(
                    row_id,
                    "previous_hash does not match the row before it "
                    "(a row was deleted, inserted or moved)",
                )
            )
        at = _parse_at(at_text)
        if at is None:
            problems.append(ChainProblem(row_id, f"at is not a date and time ({at_text!r})"))
        elif last_at is None or at > last_at:
            last_at = at  # the latest time in the trail (rows may be written with a past time)
        if pruned_text is None:
            try:
                detail = json.loads(detail_text) if detail_text is not None else None
            except ValueError:
                problems.append(ChainProblem(row_id, "detail is not JSON (the row was changed)"))
            else:
                recomputed = content_hash(
                    username=username, what=what, detail=detail, ip=ip, key=key
                )
                if recomputed != stored_content:
                    problems.append(
                        ChainProblem(
                            row_id, "content does not match its content_hash (the row was changed)"
                        )
                    )
        else:
            erased += 1
            why = (
                _erasure_problem(action, child_id, at, _parse_day(pruned_text), entries, today)
                if at is not None
                else None
            )
            if why:
                problems.append(ChainProblem(row_id, why))
        if at is not None:
            link = link_hash(
                previous, at=at, action=action, child_id=child_id, content=stored_content, key=key
            )
            if link != stored:
                problems.append(
                    ChainProblem(
                        row_id,
                        "entry_hash does not match (its time, action, child or link was changed, "
                        "or it was written with another key)",
                    )
                )
        if expect is not None and stored == expect:
            expected_row = row_id
        expected_previous = stored
        if progress is not None and count % 100_000 == 0:
            progress(count)
    cut = _signed_in_after(last_at if count else None)
    if cut is not None:
        problems.append(cut)
    if expect is not None and expected_row is None:
        ends = f"the trail ends at row {last_id}" if last_id is not None else "the trail is empty"
        problems.append(
            ChainProblem(
                None,
                f"expected head {expect} is not in the trail ({ends}): rows were removed from "
                "its end or the chain was rewritten",
            )
        )
    return ChainReport(
        count=count,
        last_hash=expected_previous,
        problems=problems,
        last_id=last_id,
        erased=erased,
        expected_row=expected_row,
        after_expected=after_expected,
    )


def verify_chain() -> list[ChainProblem]:
    """Every row that breaks the chain, in id order; empty when the trail is intact."""
    return check_chain().problems
