"""Synthetic authorities built once per module, inside a transaction rolled back at its end.

Each test's own ``django_db`` transaction nests inside (as a savepoint), so a test may delete
and rebuild the authority and the next test still sees the module's one.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from django.db import connection, transaction

from sightline.synthetic.authority import build_authority

AS_OF = date(2026, 11, 23)


@contextmanager
def authority_for_module(django_db_blocker: Any, **kwargs: Any) -> Iterator[dict[str, int]]:
    """Build an authority in bulk for the tests of one module; nothing is committed.

    The deferred foreign key checks run here, once: otherwise every test's teardown (Django's
    TestCase checks constraints before rolling back) would check the whole build again.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        try:
            counts = build_authority(**kwargs)
            connection.check_constraints()
            yield counts
        finally:
            transaction.set_rollback(True)
