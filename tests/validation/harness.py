"""A clean and a failing case for each DfE rule Sightline implements.

Each ``*_cases_*.py`` module beside this file defines ``CASES``: rule code -> a pair
``(fails(...), passes(...))``. ``fails`` names the children the rule must flag (``"-"`` for a
return-level rule) and no others; ``passes`` is data the rule must not flag at all. Rows are
text as the return file holds it: CIN census dates ``YYYY-MM-DD``, SSDA903 dates
``dd/mm/yyyy``. ``test_rule_cases.py`` runs them all and checks every registered rule has both.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

Rows = Mapping[str, Sequence[Mapping[str, Any]]]


@dataclass(frozen=True)
class Case:
    tables: Rows
    flagged: frozenset[str]
    year: int = 2026
    previous: Rows | None = None
    la_code: str = ""
    note: str = field(default="")
    #: Ofsted's provider register as the URN rules read it (providers.queries.LOOKUP_SCHEMA).
    providers: Sequence[Mapping[str, Any]] | None = None


def fails(
    tables: Rows,
    flagged: set[str] | frozenset[str] | Sequence[str],
    *,
    year: int = 2026,
    previous: Rows | None = None,
    la_code: str = "",
    note: str = "",
    providers: Sequence[Mapping[str, Any]] | None = None,
) -> Case:
    assert flagged, "a failing case must name the children it flags"
    return Case(tables, frozenset(flagged), year, previous, la_code, note, providers)


def passes(
    tables: Rows,
    *,
    year: int = 2026,
    previous: Rows | None = None,
    la_code: str = "",
    note: str = "",
    providers: Sequence[Mapping[str, Any]] | None = None,
) -> Case:
    return Case(tables, frozenset(), year, previous, la_code, note, providers)
