"""The write path: every public service function goes through ``@service`` (decision 0019).

``@service`` is ``transaction.atomic`` plus two duties no service has to remember:

- **Every change leaves its trace.** While the function runs, the SQL it sends is watched
  (``connection.execute_wrapper``) and the domain events it emits are counted
  (``core.events.emit`` reports to every open trace). A call that wrote a row but emitted no
  event, and appended no audit row of its own (break-glass access is audited as its own action),
  is refused with ``UntracedWrite`` and rolled back: nothing it wrote is committed. Each event
  reaches the audit trail, the chronology and the obligations through their subscribers, so
  the trace is complete once an event is emitted.
- **"One open" rules are the database's too.** A unique constraint registered with
  ``refuse_second`` (one open referral per child, one open plan of a kind, one current
  allocation of a kind) that the database enforces after the service's own check was passed
  (two people acting at once) becomes the same ``JourneyError(record, field)`` the service's
  check raises, never an ``IntegrityError`` for a user to see.

The introspective test (tests/core/test_write_path.py) finds every public function of the
services modules and requires each to be a service, to write an audit row when called, and a
chronology entry where the change is significant.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, ParamSpec, TypeVar

from django.apps import apps
from django.db import IntegrityError, connection, models, transaction
from django.db.models import F

from sightline.core.errors import JourneyError
from sightline.core.events import DomainEvent, Trace, subscribe, tracing

P = ParamSpec("P")
T = TypeVar("T")

# The audit trail's table: an INSERT there is a trace; its no-op lock UPDATE is not a write.
AUDIT_MODEL = "access.AuditEvent"
_WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)


class UntracedWrite(RuntimeError):
    """A service wrote without leaving a trace: a programming error, never a user's."""


@dataclass
class _Watch:
    audit_table: str
    writes: list[str]
    audited: bool = False

    def __call__(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        text = sql if isinstance(sql, str) else str(sql)
        if _WRITE.match(text):
            if self.audit_table in text:
                if text.lstrip()[:6].upper() == "INSERT":
                    self.audited = True
            else:
                self.writes.append(text[:120])
        return execute(sql, params, many, context)


def _audit_table() -> str:
    return str(apps.get_model(AUDIT_MODEL)._meta.db_table)


@contextmanager
def _watched() -> Iterator[tuple[_Watch, Trace]]:
    watch = _Watch(audit_table=_audit_table(), writes=[])
    with connection.execute_wrapper(watch), tracing() as trace:
        yield watch, trace


def service(function: Callable[P, T]) -> Callable[P, T]:
    """Run a service function in one transaction that must leave a trace (module docstring)."""

    @functools.wraps(function)
    def run(*args: P.args, **kwargs: P.kwargs) -> T:
        try:
            with transaction.atomic(), _watched() as (watch, trace):
                result = function(*args, **kwargs)
                if watch.writes and not trace.events and not watch.audited:
                    raise UntracedWrite(
                        f"{function.__module__}.{function.__qualname__} wrote without a domain "
                        f"event or an audit row (first write: {watch.writes[0]}); emit the "
                        "event of what it recorded"
                    )
        except IntegrityError as error:
            refusal = _refusal_for(error)
            if refusal is None:
                raise
            raise refusal from error
        return result

    run.__sightline_service__ = True  # type: ignore[attr-defined]
    return run


def is_service(function: object) -> bool:
    return bool(getattr(function, "__sightline_service__", False))


# --- "One open" rules -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Rule:
    model: type[models.Model]
    constraint: str
    record: str
    field: str
    message: str

    def matches(self, text: str) -> bool:
        """PostgreSQL names the constraint; SQLite names the table's columns instead."""
        if self.constraint in text:
            return True
        found = [c for c in self.model._meta.constraints if c.name == self.constraint]
        if not found or not isinstance(found[0], models.UniqueConstraint):
            return False
        table = self.model._meta.db_table
        fields = [self.model._meta.get_field(name) for name in found[0].fields]
        columns = ", ".join(f"{table}.{getattr(f, 'column', f.name)}" for f in fields)
        return text.partition("UNIQUE constraint failed: ")[2] == columns


_RULES: list[_Rule] = []


def refuse_second(
    model: type[models.Model], constraint: str, *, record: str, field: str, message: str
) -> None:
    """Register a "one open" constraint: its violation is refused as JourneyError(record, field)."""
    names = {c.name for c in model._meta.constraints}
    if constraint not in names:
        raise ValueError(f"{model._meta.label} has no constraint {constraint!r}")
    rule = _Rule(model, constraint, record, field, message)
    if rule not in _RULES:
        _RULES.append(rule)


def _refusal_for(error: IntegrityError) -> JourneyError | None:
    text = str(error).strip()
    for rule in _RULES:
        if rule.matches(text):
            return JourneyError(rule.record, rule.field, rule.message)
    return None


# --- No lost update: the child's record version ---------------------------------------------
#
# Every domain event about a person adds one to that person's ``record_version`` (below, a
# subscriber to every event, so no service can forget it). A form that changes a record already
# there carries the version it was opened at, and its view runs the service inside
# ``unchanged_since(child_id, version)``: the first event about that child then adds one only
# if the version is still the one the form saw, in one conditional UPDATE (a second writer
# waits for the first's row lock and then finds the version moved), and otherwise refuses the
# whole change with ``RecordChanged``, rolling back everything the service wrote (decision 0020).

RECORD_MODEL = "people.Person"


class RecordChanged(JourneyError):
    """Someone else changed the child's record after this form was opened."""

    def __init__(self, current: int) -> None:
        self.current = current
        super().__init__(
            "Child's record",
            "__all__",
            "Someone else changed this child's record after you opened this form. Your "
            "answers are kept below: check the record's chronology for what changed, then "
            "save again",
        )


_expected: ContextVar[dict[int, int] | None] = ContextVar("sightline_expected", default=None)


@contextmanager
def unchanged_since(child_id: int, version: int) -> Iterator[None]:
    """Refuse the service called inside unless the child's record is still at ``version``."""
    token = _expected.set({**(_expected.get() or {}), child_id: version})
    try:
        yield
    finally:
        _expected.reset(token)


def record_version(child_id: int) -> int:
    """The version a form opened now carries."""
    model = apps.get_model(RECORD_MODEL)
    found = model.objects.filter(pk=child_id).values_list("record_version", flat=True).first()
    return int(found or 0)


@subscribe()
def _count_the_change(event: DomainEvent) -> None:
    model = apps.get_model(RECORD_MODEL)
    rows = model.objects.filter(pk=event.child_id)
    expected = _expected.get()
    if expected is None or event.child_id not in expected:
        rows.update(record_version=F("record_version") + 1)
        return
    version = expected[event.child_id]
    if not rows.filter(record_version=version).update(record_version=F("record_version") + 1):
        raise RecordChanged(record_version(event.child_id))
    expected[event.child_id] = version + 1  # later events of the same change follow on
