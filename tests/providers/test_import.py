"""`sightline providers import FILE`: Ofsted's register, all or nothing, every problem named by
line and field (issue 13, deliver 4)."""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from io import StringIO
from pathlib import Path
from xml.sax.saxutils import escape

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from sightline.access.audit import AuditEvent
from sightline.providers.models import Provider, RegisterImport
from sightline.providers.queries import lookup
from sightline.providers.register import RegisterError, read

pytestmark = pytest.mark.django_db

SHIPPED = (
    Path(__file__).resolve().parents[2] / "src/sightline/providers/data/synthetic_register.csv"
)
HEADINGS = (
    "URN,Provider type,Provider subtype,Sector,Setting name,Registration status,"
    "Registration date,Deregistration date,Local authority,Postcode"
)


def _write(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "register.csv"
    path.write_text("\n".join((HEADINGS, *rows)) + "\n", encoding="utf-8")
    return path


def test_the_shipped_synthetic_register_imports_and_the_rules_can_read_it() -> None:
    call_command("providers", "import", str(SHIPPED), "--as", "admin", stdout=StringIO())
    assert Provider.objects.count() == 13
    home = Provider.objects.get(urn="SC900003")
    assert (home.place_codes, home.provider_codes, home.la_code) == ("K1", "PR1,PR2", "E06000023")
    closed = Provider.objects.get(urn="SC900005")
    assert closed.deregistered_on == date(2025, 9, 30)
    register = lookup()
    assert register is not None and register.height == 13
    assert RegisterImport.objects.get().providers == 13
    assert AuditEvent.objects.filter(
        what__contains="Ofsted provider register", username="admin"
    ).exists()


def test_no_register_until_one_is_imported() -> None:
    assert lookup() is None


def test_a_file_with_problems_imports_nothing_and_names_each_line_and_field(
    tmp_path: Path,
) -> None:
    call_command("providers", "import", str(SHIPPED), "--as", "admin", stdout=StringIO())
    path = _write(
        tmp_path,
        "SC100001,Children's home,,Private,A,Active,01/01/2020,,Gloucestershire,GL1 1UT",
        "SC12,Children's home,,Private,B,Active,01/01/2020,,Gloucestershire,GL1 1UT",
        "SC100003,Children's home,,Private,C,Closed,01/01/2020,,Gloucestershire,GL1 1UT",
        "SC100004,Children's home,,Private,D,Active,31/02/2020,,Atlantis,GL1 1UT",
        "SC100001,Children's home,,Private,E,Active,01/01/2020,,Gloucestershire,GL1 1UT",
    )
    err = StringIO()
    with pytest.raises(CommandError, match="5 problem"):
        call_command("providers", "import", str(path), "--as", "admin", stderr=err)
    lines = err.getvalue()
    assert f"{path}:3: URN: 'SC12' is not an Ofsted URN" in lines
    assert (
        f"{path}:4: Deregistration date: required when the registration status is Closed" in lines
    )
    assert f"{path}:5: Registration date: '31/02/2020' is not a date" in lines
    assert f"{path}:5: Local authority: 'Atlantis' is not a local authority in England" in lines
    assert f"{path}:6: URN: SC100001 is also on line 2" in lines
    assert Provider.objects.count() == 13  # the register kept before is untouched


def test_a_file_without_the_register_s_columns_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("URN,Name\nSC100001,A\n", encoding="utf-8")
    with pytest.raises(RegisterError) as error:
        read(path)
    assert "no column Provider type, Sector, Registration status" in str(error.value.problems[0])


def _workbook(path: Path, rows: list[list[object]]) -> None:
    """A real xlsx written by openpyxl: one sheet, the rows as given (dates as dates)."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    book.save(path)


def test_the_register_reads_from_a_workbook_with_a_title_above_the_headings(
    tmp_path: Path,
) -> None:
    path = tmp_path / "register.xlsx"
    _workbook(
        path,
        [
            ["Children's social care providers (synthetic)"],
            HEADINGS.split(","),
            [
                "SC100001",
                "Supported accommodation",
                "",
                "Voluntary",
                "A",
                "Active",
                datetime(2024, 4, 28),
                "",
                "Gloucestershire",
                "gl11ut",
            ],
        ],
    )
    (row,) = read(path)
    assert (row.urn, row.registered_on, row.postcode, row.place_codes) == (
        "SC100001",
        date(2024, 4, 28),
        "GL1 1UT",
        "K3",
    )


def test_the_synthetic_authority_s_register_names_every_setting_its_placements_use(
    tmp_path: Path,
) -> None:
    from sightline.care.models import Placement
    from sightline.providers.synthetic import load_register
    from sightline.synthetic.authority import build_authority

    build_authority(children=400, seed=3, as_of=date(2026, 11, 23))
    urns = set(Placement.objects.exclude(urn__in=("", "XXXXXXX")).values_list("urn", flat=True))
    assert urns
    assert load_register() == len(urns)
    assert set(Provider.objects.values_list("urn", flat=True)) == urns


def test_a_workbook_s_xml_entities_are_refused_not_expanded(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SC777777", encoding="utf-8")
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    plain = tmp_path / "plain.xlsx"
    _workbook(plain, [HEADINGS.split(",")])
    heading_cells = "".join(
        f'<c t="inlineStr"><is><t>{escape(v)}</t></is></c>' for v in HEADINGS.split(",")
    )
    sheet = (
        f'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "file://{secret}">]>'
        f'<worksheet xmlns="{ns}"><sheetData><row r="1">{heading_cells}</row>'
        f'<row r="2"><c t="inlineStr"><is><t>&x;</t></is></c></row></sheetData></worksheet>'
    )
    path = tmp_path / "register.xlsx"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w") as book:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = sheet.encode()
            book.writestr(item, data)
    with pytest.raises(RegisterError) as error:
        read(path)
    problems = " ".join(str(p) for p in error.value.problems)
    assert "not a CSV or xlsx register" in problems
    assert "SC777777" not in problems


def test_a_file_that_is_not_a_register_is_refused_without_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "register.xlsx"
    path.write_bytes(b"not a zip")
    err = StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("providers", "import", str(path), "--as", "admin", stderr=err)
    assert "not a CSV or xlsx register" in err.getvalue()
