"""Every implemented DfE rule, on its failing and its clean case (harness.py)."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import polars as pl
import pytest

from sightline.providers.queries import LOOKUP_SCHEMA
from sightline.validation.engine import failing_children
from sightline.validation.rules import registered
from sightline.validation.tables import CIN, SSDA903, tables_from_rows
from tests.validation.harness import Case

HERE = Path(__file__).resolve().parent


def _cases(prefix: str) -> dict[str, tuple[Case, Case]]:
    out: dict[str, tuple[Case, Case]] = {}
    for m in pkgutil.iter_modules([str(HERE)]):
        if m.name.startswith(prefix):
            module = importlib.import_module(f"tests.validation.{m.name}")
            for code, pair in module.CASES.items():
                assert code not in out, f"{code} has cases in two modules"
                out[code] = pair
    return out


CASES = {CIN: _cases("cin_cases_"), SSDA903: _cases("ssda903_cases_")}
PARAMS = [
    pytest.param(kind, code, i, id=f"{kind}-{code}-{'fails' if i == 0 else 'passes'}")
    for kind, cases in CASES.items()
    for code in sorted(cases)
    for i in (0, 1)
]


@pytest.mark.parametrize(("kind", "code", "which"), PARAMS)
def test_rule_flags_exactly_the_failing_children(kind: str, code: str, which: int) -> None:
    case = CASES[kind][code][which]
    rule = registered(kind)[code]
    assert case.year in rule.years, f"case year {case.year} is not one of {rule.years}"
    tables = tables_from_rows(kind, case.year, case.tables, case.previous, case.la_code)
    if case.providers is not None:
        tables.providers = pl.DataFrame(list(case.providers), schema=LOOKUP_SCHEMA)
    assert set(failing_children(rule, tables)) == case.flagged


@pytest.mark.parametrize("kind", [CIN, SSDA903])
def test_every_implemented_rule_has_a_failing_and_a_clean_case(kind: str) -> None:
    missing = sorted(set(registered(kind)) - set(CASES[kind]))
    assert not missing, f"{kind} rules with no cases: {missing}"
    orphans = sorted(set(CASES[kind]) - set(registered(kind)))
    assert not orphans, f"{kind} cases for rules not implemented: {orphans}"
    for code, (failing, clean) in CASES[kind].items():
        assert failing.flagged and not clean.flagged, code
