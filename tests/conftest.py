"""Shared fixtures: a fixed today, a team, a worker, a child registered through the service.

``refused`` checks the services' central promise: a refused change raises JourneyError naming
the record and field, and writes nothing (every Sightline table is compared before and after,
row counts first, chronology included).
"""

from __future__ import annotations

import importlib
import zlib
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import date
from typing import Any

import factory.random
import pytest
from django.apps import apps
from django.db.backends.sqlite3 import base as sqlite_base  # imports its operations module

from sightline.core.codes import Ethnicity, Sex
from sightline.core.errors import JourneyError
from sightline.people.models import Person
from sightline.people.services import register_child
from sightline.workforce.models import Team, Worker
from tests.factories import TeamFactory, WorkerFactory

SQLiteOperations = sqlite_base.DatabaseOperations
_AUDIT_TABLE = "access_auditevent"
_sqlite_flush = SQLiteOperations.sql_flush


def _sql_flush_through_the_audit_guard(
    self: SQLiteOperations, style: Any, tables: Any, **options: Any
) -> list[str]:
    """A transactional test (``django_db(transaction=True)``, a live server) empties every table
    afterwards. SQLite has no TRUNCATE, and the audit trail's append-only trigger refuses
    DELETE (decision 0012), so the tests' flush lifts that trigger and puts it back in the
    same transaction. PostgreSQL's flush truncates, which its row triggers do not see."""
    statements = _sqlite_flush(self, style, tables, **options)
    if _AUDIT_TABLE not in tables:
        return statements
    keyed_chain = importlib.import_module("sightline.access.migrations.0004_keyed_chain")
    restore = [sql for sql in keyed_chain.SQLITE if "BEFORE DELETE" in sql]
    return [f"DROP TRIGGER IF EXISTS {_AUDIT_TABLE}_no_delete", *statements, *restore]


SQLiteOperations.sql_flush = _sql_flush_through_the_audit_guard  # type: ignore[method-assign]


@pytest.fixture(autouse=True)
def _same_names_each_run(request: pytest.FixtureRequest) -> None:
    """The factories' made-up names are the same for a test on every run (seeded by the test's
    name), so a test that meets a name the page escapes ("O'Connor" is "O&#x27;Connor" in
    HTML) fails every time, not once in a while on CI."""
    factory.random.reseed_random(zlib.crc32(request.node.nodeid.encode()))


@pytest.fixture
def today() -> date:
    """The day every service call in the tests treats as today (a Monday)."""
    return date(2026, 11, 23)


@pytest.fixture
def team(db: None) -> Team:
    return TeamFactory(name="Stroud safeguarding", kind=Team.Kind.SAFEGUARDING)


@pytest.fixture
def worker(team: Team) -> Worker:
    return WorkerFactory(team=team, given_name="Priya", family_name="Shah")


@pytest.fixture
def child(db: None, today: date) -> Person:
    return register_child(
        given_name="Ava",
        family_name="Morgan",
        sex=Sex.FEMALE,
        ethnicity=Ethnicity.WBRI,
        birth_date=date(2019, 4, 12),
        today=today,
    )


def _sightline_tables() -> dict[str, list[dict[str, Any]]]:
    return {
        model._meta.label: list(model._default_manager.order_by("pk").values())
        for model in apps.get_models()
        if model.__module__.startswith("sightline.")
    }


@pytest.fixture
def refused(db: None) -> Callable[[str, str], AbstractContextManager[pytest.ExceptionInfo]]:
    """``with refused("Referral", "referral_date"): <service call>``."""

    @contextmanager
    def check(record: str, field: str) -> Iterator[pytest.ExceptionInfo]:
        before = _sightline_tables()
        with pytest.raises(JourneyError) as info:
            yield info
        error = info.value
        assert (error.record, error.field) == (record, field), str(error)
        assert error.message_dict == {field: [error.text]}
        after = _sightline_tables()
        assert {k: len(v) for k, v in after.items()} == {k: len(v) for k, v in before.items()}
        assert after == before

    return check
