"""Reading Ofsted's register of children's social care providers: the provider-level list it
publishes with "Children's social care data in England" (CSV, or the same columns in an
xlsx workbook's first sheet). Every problem is found, each naming its line and field; a file
with any problem gives no rows (decision 0018)."""

from __future__ import annotations

import csv
import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import openpyxl
from defusedxml import DefusedXmlException

from sightline.providers import codes

#: Each field and the column headings that name it (compared in lower case, spaces collapsed).
COLUMNS: dict[str, tuple[str, ...]] = {
    "urn": ("urn", "unique reference number"),
    "name": ("setting name", "provider name"),
    "provider_type": ("provider type",),
    "provider_subtype": ("provider subtype",),
    "sector": ("sector",),
    "registration_status": ("registration status",),
    "registered_on": ("registration date",),
    "deregistered_on": ("deregistration date", "closed date", "date closed"),
    "local_authority": ("local authority", "provider local authority"),
    "postcode": ("postcode", "setting postcode", "setting address postcode"),
}
REQUIRED = (
    "urn",
    "provider_type",
    "sector",
    "registration_status",
    "registered_on",
    "local_authority",
)
#: The heading of each field as the error messages name it.
HEADINGS = {
    "urn": "URN",
    "name": "Setting name",
    "provider_type": "Provider type",
    "provider_subtype": "Provider subtype",
    "sector": "Sector",
    "registration_status": "Registration status",
    "registered_on": "Registration date",
    "deregistered_on": "Deregistration date",
    "local_authority": "Local authority",
    "postcode": "Postcode",
}
#: Rows above the headings (a title, notes) that a published file may have.
HEADING_ROWS = 10


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


class RegisterError(Exception):
    """A register that cannot be imported; ``problems`` lists every one."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s); the first: {problems[0]}")


@dataclass(frozen=True)
class Row:
    """One provider as it will be kept."""

    urn: str
    name: str
    provider_type: str
    provider_subtype: str
    sector: str
    registration_status: str
    registered_on: date
    deregistered_on: date | None
    local_authority: str
    la_code: str
    postcode: str
    place_codes: str
    provider_codes: str


def _cells(path: Path) -> Iterator[tuple[int, list[Any]]]:
    """(line or row number, cells) of the file's first sheet."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        yield from _xlsx_rows(path)
        return
    with path.open(encoding="utf-8-sig", newline="") as f:
        for number, cells in enumerate(csv.reader(f), start=1):
            yield number, list(cells)


#: Ofsted's whole register is a few megabytes; a workbook far larger is not one.
MAX_XLSX_BYTES = 50_000_000
_EXCEL_EPOCH = date(1899, 12, 30)


def _xlsx_rows(path: Path) -> Iterator[tuple[int, list[Any]]]:
    """The first worksheet of an xlsx workbook, read with openpyxl (read-only, values not
    formulae; with defusedxml installed openpyxl refuses entities and DTDs)."""
    if path.stat().st_size > MAX_XLSX_BYTES:
        raise ValueError("the workbook is too large to be a provider register")
    with zipfile.ZipFile(path) as book:  # a zip bomb: refuse before openpyxl inflates it
        if sum(i.file_size for i in book.infolist()) > 4 * MAX_XLSX_BYTES:
            raise ValueError("the workbook is too large to be a provider register")
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, list(row)
    finally:
        workbook.close()


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    return str(value).strip()


def _date(value: str) -> date | None:
    if value.replace(".", "", 1).isdigit() and "/" not in value:  # an xlsx date serial
        try:
            return _EXCEL_EPOCH + timedelta(days=int(float(value)))
        except (ValueError, OverflowError):
            return None
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    return None


@cache
def _authorities() -> dict[str, str]:
    """Local authority names (upper and lower tier, lower case) -> upper-tier ONS code, from
    the LTLA-UTLA lookup the postcode rules use, with the authorities made since 2021."""
    from sightline.validation.postcodes import _package_dir

    records = json.loads(
        (_package_dir("qlacref_authorities") / "records.json").read_text(encoding="utf-8")
    )
    out: dict[str, str] = {}
    for r in records:
        out[_la_key(r["UTLA21NM"])] = r["UTLA21CD"]
        out.setdefault(_la_key(r["LTLA21NM"]), r["UTLA21CD"])
    out.update(
        {
            "cumberland": "E06000063",
            "westmorland and furness": "E06000064",
            "north yorkshire": "E06000065",
            "somerset": "E06000066",
        }
    )
    return out


def la_name(code: str) -> str | None:
    """An upper-tier authority's name by its ONS code (the synthetic register writes names)."""
    from sightline.validation.postcodes import _package_dir

    records = json.loads(
        (_package_dir("qlacref_authorities") / "records.json").read_text(encoding="utf-8")
    )
    return next((r["UTLA21NM"] for r in records if r["UTLA21CD"] == code), None)


def _la_key(name: str) -> str:
    key = codes.normal(name).replace("&", "and")
    for tail in (", city of", ", county of"):
        key = key.removesuffix(tail)
    return key.removeprefix("city of ").strip()


def la_code(local_authority: str) -> str | None:
    """The upper-tier ONS code of a local authority given by name (or by code)."""
    if codes.ONS_CODE.match(local_authority.strip().upper()):
        return local_authority.strip().upper()
    return _authorities().get(_la_key(local_authority))


def _headings(cells: list[Any]) -> dict[str, int] | None:
    found = {codes.normal(_text(c)): i for i, c in enumerate(cells) if _text(c)}
    columns: dict[str, int] = {}
    for name, headings in COLUMNS.items():
        for heading in headings:
            if heading in found:
                columns[name] = found[heading]
                break
    return columns if "urn" in columns else None


def read(path: Path) -> list[Row]:
    """Every provider in the file, or RegisterError listing every problem."""
    label = str(path)
    if not path.is_file():
        raise RegisterError([Problem(label, 0, "", "no such file")])
    try:
        return _read(path, label)
    except (
        OSError, UnicodeDecodeError, csv.Error, ValueError, KeyError, zipfile.BadZipFile,
        DefusedXmlException, SyntaxError, IndexError,
    ) as error:  # fmt: skip
        raise RegisterError(
            [Problem(label, 0, "", f"not a CSV or xlsx register ({error})")]
        ) from None


def _read(path: Path, label: str) -> list[Row]:
    problems: list[Problem] = []
    rows: list[Row] = []
    columns: dict[str, int] | None = None
    seen: dict[str, int] = {}
    for number, cells in _cells(path):
        if columns is None:
            columns = _headings(cells)
            if columns is None and number >= HEADING_ROWS:
                break
            if columns is not None:
                missing = [HEADINGS[f] for f in REQUIRED if f not in columns]
                if missing:
                    problems.append(Problem(label, number, "", f"no column {', '.join(missing)}"))
                    break
            continue
        if not any(_text(c) for c in cells):
            continue
        values = {name: _text(cells[i]) if i < len(cells) else "" for name, i in columns.items()}
        row = _row(values, label, number, problems)
        if row is None:
            continue
        if row.urn in seen:
            problems.append(
                Problem(label, number, "URN", f"{row.urn} is also on line {seen[row.urn]}")
            )
            continue
        seen[row.urn] = number
        rows.append(row)
    if columns is None and not problems:
        problems.append(
            Problem(
                label, 0, "", f"no heading row with a URN column in its first {HEADING_ROWS} rows"
            )
        )
    if problems:
        raise RegisterError(problems)
    return rows


def _row(values: dict[str, str], label: str, line: int, problems: list[Problem]) -> Row | None:
    found: list[Problem] = []

    def problem(field: str, message: str) -> None:
        found.append(Problem(label, line, HEADINGS[field], message))

    for name in REQUIRED:
        if not values.get(name):
            problem(name, "required")
    urn = values.get("urn", "").upper()
    if urn and not codes.URN.match(urn):
        problem("urn", f"{urn!r} is not an Ofsted URN (SC and 6 digits, or 7 digits)")
    registered_on = _date(values.get("registered_on", ""))
    if values.get("registered_on") and registered_on is None:
        problem("registered_on", f"{values['registered_on']!r} is not a date (dd/mm/yyyy)")
    deregistered_on = _date(values.get("deregistered_on", ""))
    if values.get("deregistered_on") and deregistered_on is None:
        problem("deregistered_on", f"{values['deregistered_on']!r} is not a date (dd/mm/yyyy)")
    if registered_on and deregistered_on and deregistered_on < registered_on:
        problem("deregistered_on", "before the registration date")
    status = values.get("registration_status", "")
    if codes.normal(status) in codes.ENDED and not values.get("deregistered_on"):
        problem("deregistered_on", f"required when the registration status is {status}")
    sector = values.get("sector", "")
    providers = codes.provider_codes(sector)
    if sector and providers is None:
        known = ", ".join(s.capitalize() for s in codes.PROVIDERS_BY_SECTOR)
        problem("sector", f"{sector!r} is not one of {known}")
    places = codes.place_codes(values.get("provider_type", ""), values.get("provider_subtype", ""))
    if values.get("provider_type") and places is None:
        problem("provider_type", f"{values['provider_type']!r} is not a type Sightline knows")
    postcode = values.get("postcode", "")
    if postcode and not codes.POSTCODE.match(codes.postcode(postcode)):
        problem("postcode", f"{postcode!r} is not a postcode")
    authority = values.get("local_authority", "")
    code = la_code(authority) if authority else None
    if authority and code is None:
        problem("local_authority", f"{authority!r} is not a local authority in England")
    problems.extend(found)
    if found:
        return None
    if registered_on is None or code is None:  # reported above
        return None
    return Row(
        urn=urn,
        name=values.get("name", "")[:200],
        provider_type=values["provider_type"][:100],
        provider_subtype=values.get("provider_subtype", "")[:100],
        sector=sector[:50],
        registration_status=status[:50],
        registered_on=registered_on,
        deregistered_on=deregistered_on,
        local_authority=authority[:100],
        la_code=code,
        postcode=codes.postcode(postcode) if postcode else "",
        place_codes=",".join(places or ()),
        provider_codes=",".join(providers or ()),
    )
