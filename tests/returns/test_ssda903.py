"""SSDA903 export and import (issue 6): file names and DfE headers per year, cohorts, the round
trip (CONTRACTS.md), malformed files refused with every problem and nothing written, and the
export / import commands."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from sightline.access.models import AccessProfile, AuditEvent
from sightline.access.roles import Role
from sightline.care.models import CareEpisode, PeriodOfCare
from sightline.leaving_care.eligibility import birthday
from sightline.people.models import Person
from sightline.returns.ssda903 import (
    TABLES,
    export_ssda903,
    import_ssda903,
    read_return,
    same_return,
)
from sightline.returns.years import UnsupportedYear
from tests.returns.ssda903_helpers import (
    wipe_people,
)
from tests.returns.tables import table_contents
from tests.synthetic.conftest import authority_for_module

CHILDREN, SEED, AS_OF = 6000, 7, date(2026, 11, 23)
DATE = re.compile(r"^\d{2}/\d{2}/\d{4}$")
DATE_COLUMNS = {
    "DOB",
    "MC_DOB",
    "DECOM",
    "DEC",
    "REVIEW",
    "DUC",
    "DATE_INT",
    "DATE_MATCH",
    "DATE_PLACED",
    "DATE_PLACED_CEASED",
    "MIS_START",
    "MIS_END",
    "SW_DECOM",
    "SW_DEC",
}

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def authority(django_db_setup: None, django_db_blocker: Any) -> Iterator[dict[str, int]]:
    with authority_for_module(django_db_blocker, children=CHILDREN, seed=SEED, as_of=AS_OF) as c:
        yield c


@pytest.fixture(scope="module")
def exported(
    authority: dict[str, int], tmp_path_factory: pytest.TempPathFactory, django_db_blocker: Any
) -> dict[int, Path]:
    out = {}
    with django_db_blocker.unblock():
        for year in (2025, 2026, 2027):
            out[year] = tmp_path_factory.mktemp(f"ssda903_{year}")
            export_ssda903(year, out[year])
    return out


@pytest.fixture
def empty(db: None) -> None:
    """No people: the module's authority, if built, is removed for this test only."""
    wipe_people()


def headers(directory: Path) -> dict[str, list[str]]:
    found = {}
    for path in sorted(directory.iterdir()):
        with path.open(newline="", encoding="utf-8") as handle:
            found[path.name] = next(csv.reader(handle))
    return found


# --- export ---------------------------------------------------------------------------------


@pytest.mark.parametrize("year", [2025, 2026, 2027])
def test_export_writes_exactly_the_tables_with_the_dfe_headers(
    exported: dict[int, Path], year: int
) -> None:
    expected = {name: list(columns) for name, columns in TABLES.items()}
    if year < 2027:
        del expected["dolo.csv"]
    assert headers(exported[year]) == expected


@pytest.mark.parametrize("year", [2025, 2026, 2027])
def test_export_dates_are_dd_mm_yyyy_and_every_table_names_header_children(
    exported: dict[int, Path], year: int
) -> None:
    tables = read_return(exported[year])
    assert len(tables["header.csv"]) > 30
    assert len(tables["episodes.csv"]) > len(tables["header.csv"]) / 2
    in_header = {row["CHILD"] for row in tables["header.csv"]}
    assert len(in_header) == len(tables["header.csv"])
    for name, rows in tables.items():
        for row in rows:
            assert row["CHILD"] in in_header, (name, row)
            for column, value in row.items():
                if column in DATE_COLUMNS and value:
                    assert DATE.match(value), (name, column, value)


def test_episodes_are_those_open_in_the_year(exported: dict[int, Path]) -> None:
    first, last = date(2025, 4, 1), date(2026, 3, 31)
    rows = read_return(exported[2026])["episodes.csv"]
    dmy = lambda s: date(int(s[6:]), int(s[3:5]), int(s[:2]))  # noqa: E731
    for row in rows:
        assert dmy(row["DECOM"]) <= last
        if row["DEC"]:
            assert first <= dmy(row["DEC"]) <= last
            assert row["REC"]
    stored = CareEpisode.objects.filter(dec__lt=first).select_related("child")
    ended_before = {(e.child.la_child_id, e.decom.strftime("%d/%m/%Y")) for e in stored}
    assert ended_before, "the authority has episodes that ended before the year"
    assert not ended_before & {(r["CHILD"], r["DECOM"]) for r in rows}
    open_in_year = CareEpisode.objects.filter(decom__lte=last).exclude(dec__lt=first).count()
    assert len(rows) == open_in_year


def test_oc2_only_for_twelve_months_continuous_care(exported: dict[int, Path]) -> None:
    first, last = date(2025, 4, 1), date(2026, 3, 31)
    oc2 = {row["CHILD"] for row in read_return(exported[2026])["oc2.csv"]}
    periods = PeriodOfCare.objects.select_related("child")
    long_enough = {
        p.child.la_child_id
        for p in periods
        if p.started_on <= first and (p.ended_on is None or p.ended_on > last)
    }
    assert oc2, "some children were looked after for 12 months"
    assert oc2 <= long_enough
    short = {
        p.child.la_child_id
        for p in periods
        if p.started_on > first and (p.ended_on is None or p.ended_on > last)
    }
    assert not (oc2 & (short - long_enough))


def test_oc3_by_birthday_in_the_year(exported: dict[int, Path]) -> None:
    first, last = date(2025, 4, 1), date(2026, 3, 31)
    rows = read_return(exported[2026])["oc3.csv"]
    assert rows, "the authority has care leavers"
    births = dict(Person.objects.values_list("la_child_id", "birth_date"))
    for row in rows:
        born = births[row["CHILD"]]
        assert any(first <= birthday(born, age) <= last for age in range(17, 26)), row
        assert row["IN_TOUCH"]


def test_export_refuses_an_unsupported_year(tmp_path: Path) -> None:
    with pytest.raises(UnsupportedYear, match="2025"):
        export_ssda903(2024, tmp_path)


# --- the commands ---------------------------------------------------------------------------


def make_user(username: str, role: Role) -> None:
    user = get_user_model().objects.create_user(username)
    AccessProfile.objects.create(user=user, role=role.value)


def test_export_command_writes_the_files_and_an_audit_row(
    authority: dict[str, int], tmp_path: Path
) -> None:
    make_user("analyst.ann", Role.PERFORMANCE_ANALYST)
    out = io.StringIO()
    call_command(
        "export",
        "ssda903",
        "--year",
        "2026",
        "--out",
        str(tmp_path),
        "--as",
        "analyst.ann",
        stdout=out,
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        n for n in TABLES if n != "dolo.csv"
    )
    row = AuditEvent.objects.latest("id")
    assert (row.action, row.username) == ("export", "analyst.ann")
    assert "ssda903" in out.getvalue()


def test_export_command_refuses_a_user_without_authority_wide_scope(tmp_path: Path) -> None:
    make_user("sw.sam", Role.SOCIAL_WORKER)
    before = AuditEvent.objects.count()
    with pytest.raises(CommandError, match="may not"):
        call_command(
            "export", "ssda903", "--year", "2026", "--out", str(tmp_path), "--as", "sw.sam"
        )
    assert not any(tmp_path.iterdir())
    assert AuditEvent.objects.count() == before


def test_export_command_names_the_supported_years(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match=r"2024.*not supported.*2025.*2026.*2027"):
        call_command("export", "ssda903", "--year", "2024", "--out", str(tmp_path))


# --- import ---------------------------------------------------------------------------------


@pytest.mark.parametrize("year", [2026, 2027])
def test_export_import_into_an_empty_database_export_gives_the_same_return(
    authority: dict[str, int], tmp_path: Path, year: int
) -> None:
    export_ssda903(year, tmp_path / "first")
    wipe_people()
    result = import_ssda903(tmp_path / "first", year=year)
    assert result.children_created == len(read_return(tmp_path / "first")["header.csv"])
    export_ssda903(year, tmp_path / "second")
    first, second = read_return(tmp_path / "first"), read_return(tmp_path / "second")
    assert len(first["sw_episodes.csv"]) > 30
    assert same_return(first, second) == []


def test_importing_the_authoritys_own_export_changes_nothing(
    exported: dict[int, Path],
) -> None:
    before = table_contents()
    result = import_ssda903(exported[2026], today=AS_OF, year=2026)
    assert result.children_created == 0 and result.children_updated > 30
    after = table_contents()
    counts = {k: (len(before[k]), len(after[k])) for k in before}
    assert {k: c for k, c in counts.items() if c[0] != c[1]} == {}
    assert [label for label in before if before[label] != after[label]] == []
