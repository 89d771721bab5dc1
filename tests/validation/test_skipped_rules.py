"""The URN rules run only with Ofsted's provider register, and a run says plainly that they
were skipped without it (issue 13, deliver 4)."""

from __future__ import annotations

import csv
from io import StringIO
from pathlib import Path

import polars as pl
from django.core.management import call_command

from sightline.providers.queries import LOOKUP_SCHEMA
from sightline.returns.ssda903_tables import TABLES
from sightline.validation.engine import run, skipped, skipped_note
from sightline.validation.tables import SSDA903, Tables, tables_from_rows
from tests.validation.ssda903_cases_postcodes import LA
from tests.validation.ssda903_cases_providers import REGISTER, at

URN_RULES = ["1008", "219", "221", "224", "227", "228", "229", "241"]


def _tables() -> Tables:
    return tables_from_rows(SSDA903, 2026, {"Episodes": [at("1", "SC999999")]}, la_code=LA)


def test_without_the_register_the_urn_rules_are_skipped_and_named() -> None:
    tables = _tables()
    failures, crashed = run(tables)
    assert not crashed
    assert "1008" not in {f.rule for f in failures}
    assert sorted(c for codes in skipped(tables).values() for c in codes) == sorted(URN_RULES)
    note = skipped_note(tables)
    assert note.startswith("8 rules skipped (1008, 219, 221, 224, 227, 228, 229, 241)")
    assert "provider register is not loaded" in note


def test_with_the_register_the_urn_rules_run() -> None:
    tables = _tables()
    tables.providers = pl.DataFrame(REGISTER, schema=LOOKUP_SCHEMA)
    failures, _ = run(tables)
    assert ("1008", "1") in {(f.rule, f.child) for f in failures}
    assert skipped(tables) == {}
    assert skipped_note(tables) == ""


def test_the_command_summary_says_the_urn_rules_were_skipped(tmp_path: Path, db: None) -> None:
    for name, columns in TABLES.items():
        with (tmp_path / name).open("w", newline="") as f:
            csv.writer(f).writerow(columns)
    out = StringIO()
    call_command("validate", "ssda903", str(tmp_path), "--year", "2026", stdout=out)
    last = out.getvalue().strip().splitlines()[-1]
    assert "8 rules skipped (1008, 219, 221, 224, 227, 228, 229, 241)" in last
