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
from dataclasses import dataclass
from typing import Any, ParamSpec, TypeVar

from django.apps import apps
from django.db import IntegrityError, connection, models, transaction

from sightline.core.errors import JourneyError
from sightline.core.events import Trace, tracing

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
