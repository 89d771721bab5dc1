"""Sightline's returns against the public DfE-rule validators (CONTRACTS.md "Reference
checks"): a synthetic authority's CIN census and SSDA903 for 2025-26, exported by Sightline,
must fire no error-level rule of data-to-insight's validators, except the rules
docs/reference-validators.md shows the validator gets wrong. Queries are allowed (a real
return explains them to the DfE); they are listed when a test fails. Needs ``make reference``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from sightline.returns.cin_census import export_cin_census
from sightline.returns.ssda903 import export_ssda903
from tests.returns import reference
from tests.returns.reference import ReferenceReport, data_errors
from tests.synthetic.conftest import authority_for_module

CHILDREN, SEED, AS_OF = 1500, 29, date(2026, 11, 23)
YEAR = 2026

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Exports:
    cin_xml: Path
    ssda903_dir: Path
    ssda903_previous: Path
    cin_children: int
    ssda903_children: int


@pytest.fixture(scope="module")
def exports(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Exports]:
    reference.require_reference()
    # SIGHTLINE_REFERENCE_EXPORTS=DIR keeps the exported files there, to look into a failure.
    keep = os.environ.get("SIGHTLINE_REFERENCE_EXPORTS")
    out = Path(keep) if keep else tmp_path_factory.mktemp("reference")
    out.mkdir(parents=True, exist_ok=True)
    with authority_for_module(django_db_blocker, children=CHILDREN, seed=SEED, as_of=AS_OF):
        with django_db_blocker.unblock():
            cin = export_cin_census(YEAR, out / "cin_census_2026.xml")
            ssda903 = export_ssda903(YEAR, out / "ssda903_2026")
            export_ssda903(YEAR - 1, out / "ssda903_2025")
        yield Exports(
            cin_xml=out / "cin_census_2026.xml",
            ssda903_dir=out / "ssda903_2026",
            ssda903_previous=out / "ssda903_2025",
            cin_children=cin.children,
            ssda903_children=ssda903.children,
        )


@pytest.fixture(scope="module")
def cin_report(exports: Exports) -> ReferenceReport:
    return reference.cin_report(exports.cin_xml)


@pytest.fixture(scope="module")
def ssda903_report(exports: Exports) -> ReferenceReport:
    return reference.ssda903_report(
        exports.ssda903_dir, YEAR, previous_dir=exports.ssda903_previous
    )


def _explain(report: ReferenceReport) -> str:
    return (
        f"{report.validator} validator {report.version}, rule set {report.ruleset}, "
        f"{report.rules_run} rules, {len(report.skipped)} skipped "
        f"(no Ofsted provider lists or XML-only): one line a rule, children affected:\n"
        + reference.summarise(report.failures)
    )


def test_the_returns_are_big_enough_to_mean_something(exports: Exports) -> None:
    assert exports.cin_children > 50
    assert exports.ssda903_children > 5


def test_cin_census_fires_no_error_level_rule(cin_report: ReferenceReport) -> None:
    assert cin_report.ruleset == "cin2025_26"
    errors = data_errors(cin_report.failures)
    assert not errors, "error-level rules fired:\n" + _explain(cin_report)


def test_cin_census_crashes_no_rule(cin_report: ReferenceReport) -> None:
    crashed = {f.rule for f in cin_report.failures if f.level == "crash"}
    known = {rule for validator, rule in reference.KNOWN_WRONG if validator == "cin"}
    assert crashed <= known, "rules crashed on Sightline's file:\n" + _explain(cin_report)


def test_ssda903_fires_no_error_level_rule(ssda903_report: ReferenceReport) -> None:
    assert ssda903_report.ruleset == "lac2025_26"
    errors = data_errors(ssda903_report.failures)
    assert not errors, "error-level rules fired:\n" + _explain(ssda903_report)


def test_ssda903_crashes_only_on_the_known_rules(ssda903_report: ReferenceReport) -> None:
    crashed = {f.rule for f in ssda903_report.failures if f.level == "crash"}
    known = {rule for validator, rule in reference.KNOWN_WRONG if validator == "903"}
    assert crashed <= known, "rules crashed on Sightline's files:\n" + _explain(ssda903_report)
