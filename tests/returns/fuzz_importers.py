"""Hostile return files for the importers' fuzz test (test_import_fuzz.py, issue 12's
acceptance): a valid base return with a row in every table, and mutations aimed at the typed
fields (dates, numbers, identifiers, postcodes, URNs) and at the structure (an element or row
given twice, dropped, pasted hundreds of times; an entity reference, an XInclude; SSDA903
headers that collide in capitals, a BOM, a NUL byte, a cell past the CSV reader's limit, a
header row of a million columns, ten megabytes of blank lines).

``settles`` is the property. The import either succeeds, when the file may be imported, and
what it stored is sound (no value a spreadsheet would run as a formula, no digit other than
0-9, no date before 1900 or after 2100, no row stored twice); or it raises ReturnFileError
whose every problem names the file and says briefly what is wrong, and every row of every
table is as it was. A file holding a kept value out of its field's form (decision 0013: digits
0-9 only, dates from 1900 to 2035, no formula), a DOCTYPE or an XInclude may not be imported.
Any other exception fails.

Run as a module, it fuzzes both importers with large pastes and the files known to have taken
a host down, in a fresh in-memory SQLite database; test_import_fuzz.py runs it in a subprocess
under limits on address space and CPU time:

    python -m tests.returns.fuzz_importers [EXAMPLES]

Only names that exist before and after the fixes of issue 12 are imported from sightline, so
the same test runs against an older checkout (fe1af71), where it fails.
"""

from __future__ import annotations

import csv
import io
import os
import re
import resource
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

# --- hostile values ------------------------------------------------------------------------

#: Numbers: three in form, then digits of other scripts, too many digits, signs, exponents.
NUMBERS = [
    "3",
    "000000007",
    "1",
    "\u00b2",
    "\u2460",
    "\u0663",
    "\u0662\u0660",
    "9" * 5000,
    "-1",
    "1e3",
    "+3",
    "0x1F",
]
#: CIN dates: three in form, then years outside the calendar or datetime, impossible days.
ISO_DATES = [
    "2025-06-15",
    "2026-01-05",
    "2035-12-31",
    "0001-01-01",
    "9999-12-31",
    "9999-06-01",
    "1899-12-31",
    "1999-12-31",
    "2036-01-02",
    "2023-02-29",
    "2025-13-01",
    "20250501",
    "2025-5-1",
]
#: SSDA903 dates (dd/mm/yyyy): three in form, then the same faults.
DMY_DATES = [
    "15/06/2025",
    "01/07/2025",
    "31/12/2035",
    "01/01/0001",
    "31/12/9999",
    "01/06/9999",
    "31/12/1899",
    "01/06/1999",
    "01/01/2036",
    "29/02/2023",
    "1/6/2025",
    "2025-06-01",
    "zz/zz/zzzz",
]
#: Identifiers: three in form, then what a spreadsheet runs.
FORMULAS = [
    "GL5 1AA",
    "1234567",
    "B2",
    "=1+1",
    "@A1",
    "+GL1 1AA",
    "-1",
    "\t=1+1",
    '=HYPERLINK("x")',
    "=cmd|' /C calc'!A0",
]
#: Anything at all.
OTHERS = ["", " ", "x" * 5000, "NaN", "\u200b", "UN1", "X1", "NONE", "SW123", "XX", "zz"]
#: Markers: the field's own value written in Arabic-Indic digits, or as it is with ``pad``
#: either side (spaces in a CSV cell; nothing in XML, where the DfE schema refuses them).
ARABIC, PADDED = "<arabic>", "<padded>"


def marked(value: str, own: str, pad: str) -> str:
    if value == ARABIC:
        return arabic(own)
    return f"{pad}{own}{pad}" if value == PADDED else value


def arabic(text: str) -> str:
    """ASCII digits written as Arabic-Indic ones (which str.isdigit, \\d and int() accept)."""
    return "".join(chr(0x0660 + int(c)) if c.isascii() and c.isdigit() else c for c in text)


def values(typed: list[str]) -> st.SearchStrategy[str]:
    """Mostly the hostile values of the field's own type (the first three of each list are
    in form, so that some files import and what they store is checked), then anything."""
    return st.one_of(
        st.sampled_from([*typed[:3], PADDED]),
        st.sampled_from([*typed, ARABIC]),
        st.sampled_from([*typed, ARABIC]),
        st.sampled_from(NUMBERS + FORMULAS + OTHERS),
        st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=12),
    )


# --- the oracle ----------------------------------------------------------------------------

FORMULA_LEAD = ("=", "+", "-", "@", "\t", "\r")
EARLIEST, LATEST = date(1900, 1, 1), date(2100, 12, 31)


def snapshot() -> dict[str, list[dict[str, Any]]]:
    """Every row of every Sightline table."""
    from django.apps import apps

    return {
        model._meta.label: list(model._default_manager.order_by("pk").values())
        for model in apps.get_models()
        if model.__module__.startswith("sightline.")
    }


def unsound(
    before: dict[str, list[dict[str, Any]]], after: dict[str, list[dict[str, Any]]]
) -> list[str]:
    """What is wrong with the rows an import wrote."""
    wrong = []
    for label, rows in after.items():
        old = {r["id"] for r in before.get(label, []) if "id" in r}
        seen: Counter[tuple[Any, ...]] = Counter()
        for row in rows:
            new = row.get("id") not in old
            for name, value in row.items():
                if isinstance(value, str) and value.startswith(FORMULA_LEAD):
                    wrong.append(f"{label}.{name} = {value[:40]!r} (a formula)")
                if isinstance(value, str) and any(c.isdigit() and not c.isascii() for c in value):
                    wrong.append(f"{label}.{name} = {value[:40]!r} (digits other than 0-9)")
                day = value.date() if isinstance(value, datetime) else value
                if isinstance(day, date) and not EARLIEST <= day <= LATEST:
                    wrong.append(f"{label}.{name} = {day} (implausible date)")
            if new:
                seen[tuple(sorted((k, repr(v)) for k, v in row.items() if k != "id"))] += 1
        wrong += [
            f"{label}: a row stored {n} times: {dict(k)}"[:300] for k, n in seen.items() if n > 1
        ]
    return wrong


def settles(run: Callable[[], Any], must_refuse: list[str] | None = None) -> str:
    """The property (see the module's docstring); returns 'imported' or 'refused'.
    ``must_refuse``: why the file may not be imported (values not in their field's form, by
    decision 0013), if it may not. Runs in a transaction that is rolled back, so examples do
    not see each other's rows."""
    from django.db import transaction

    from sightline.returns.files import ReturnFileError

    with transaction.atomic():
        before = snapshot()
        try:
            run()
        except ReturnFileError as error:
            assert error.problems, "a refusal must list its problems"
            for problem in error.problems:
                assert problem.file and problem.message, problem
                assert len(str(problem)) < 600, f"not a clear error: {str(problem)[:600]}..."
            assert snapshot() == before, "a refused file wrote something"
            outcome = "refused"
        else:
            assert not must_refuse, f"imported, but: {must_refuse[:5]}"
            wrong = unsound(before, snapshot())
            assert not wrong, wrong[:10]
            outcome = "imported"
        transaction.set_rollback(True)
    return outcome


_YEAR = re.compile(r"(?:[0-9]{2}/[0-9]{2}/|^)([0-9]{4})(?:-[0-9]{2}-[0-9]{2}|$)", re.ASCII)


def out_of_form(field: str, text: str, dates: list[str]) -> str:
    """Why a typed field's value may not be imported, or '' (decision 0013: digits 0-9 only,
    a date from 1900 to 2035, no leading formula character)."""
    text = text.strip()
    if not text.isascii():
        return f"{field} = {text[:40]!r}: not ASCII"
    if text.startswith(FORMULA_LEAD):
        return f"{field} = {text[:40]!r}: a formula"
    year = _YEAR.search(text) if field in dates else None
    if year and not 1900 <= int(year.group(1)) <= 2035:
        return f"{field} = {text!r}: implausible year"
    return ""


# --- CIN census ----------------------------------------------------------------------------

CIN_DATES = [
    "ReferenceDate",
    "PersonBirthDate",
    "CINreferralDate",
    "CINclosureDate",
    "AssessmentActualStartDate",
    "AssessmentAuthorisationDate",
    "S47ActualStartDate",
    "InitialCPCtarget",
    "DateOfInitialCPC",
    "CPPstartDate",
    "CPPreviewDate",
    "DateTime",
]
CIN_NUMBERS = ["Year", "NumberOfPreviousCPP", "LEA", "SerialNo", "ICPCnotRequired", "ReferralNFA"]
CIN_IDS = ["LAchildID", "UPN"]
CIN_TYPED = CIN_DATES + CIN_NUMBERS + CIN_IDS
#: The typed elements whose value the import keeps or acts on (the header's SerialNo and
#: DateTime are read by the validator's rules, not imported): one out of form refuses the file.
CIN_KEPT = [tag for tag in CIN_TYPED if tag not in ("SerialNo", "DateTime")]
CIN_OTHER = [
    "Collection",
    "SourceLevel",
    "SoftwareCode",
    "Release",
    "Sex",
    "Ethnicity",
    "Disability",
    "ReferralSource",
    "PrimaryNeedCode",
    "ReasonForClosure",
    "AssessmentFactors",
    "InitialCategoryOfAbuse",
    "LatestCategoryOfAbuse",
]
CIN_BLOCKS = [
    "Child",
    "ChildIdentifiers",
    "CINdetails",
    "Assessments",
    "Section47",
    "ChildProtectionPlans",
    "Reviews",
    "Disabilities",
]
XINCLUDE = "{http://www.w3.org/2001/XInclude}include"
PASTE_BUDGET = 4_000_000  # bytes that pasted elements may add to a census
ENTITY = "ZZENTITYZZ"
UPN = "X916200115001"  # valid check letter


def cin_base() -> bytes:
    """small_return of test_cin_census with a UPN: every typed element the census has."""
    from sightline.returns.cin_xml import to_xml
    from tests.returns.test_cin_census import small_return

    xml = to_xml(small_return()).decode()
    return xml.replace(
        "<LAchildID>A1</LAchildID>", f"<LAchildID>A1</LAchildID><UPN>{UPN}</UPN>", 1
    ).encode()


def _cin_type(tag: str) -> list[str]:
    if tag in CIN_DATES:
        return ISO_DATES
    if tag in CIN_NUMBERS:
        return NUMBERS
    return FORMULAS + NUMBERS


#: (what, element name, which occurrence, value or count)
CinMutation = tuple[str, str, int, Any]


def cin_mutation(paste: int = 3) -> st.SearchStrategy[CinMutation]:
    typed = st.sampled_from(CIN_TYPED).flatmap(
        lambda tag: st.tuples(
            st.just("text"), st.just(tag), st.integers(0, 3), values(_cin_type(tag))
        )
    )
    other = st.sampled_from(CIN_OTHER).flatmap(
        lambda tag: st.tuples(st.just("text"), st.just(tag), st.integers(0, 3), values(FORMULAS))
    )
    leaf = st.sampled_from(CIN_TYPED + CIN_OTHER)
    structure = st.one_of(
        st.tuples(
            st.sampled_from(["entity", "xinclude", "drop"]), leaf, st.integers(0, 3), st.just(0)
        ),
        st.tuples(
            st.just("twice"), st.sampled_from(CIN_BLOCKS + CIN_TYPED), st.integers(0, 3), st.just(1)
        ),
        st.tuples(
            st.just("twice"),
            st.sampled_from(["Child", "CINdetails"]),
            st.integers(0, 1),
            st.integers(1, paste),
        ),
    )
    return st.one_of(typed, typed, typed, other, structure, structure)


def cin_file(mutations: list[CinMutation], path: Path) -> list[str]:
    """Write the mutated census; returns why it may not be imported, if it may not."""
    from lxml import etree

    root = etree.fromstring(cin_base())
    doctype = ""
    budget = PASTE_BUDGET  # pastes within pastes multiply: the file stays a few megabytes
    for kind, tag, at, value in mutations:
        found = list(root.iter(tag))
        if not found:
            continue
        element = found[at % len(found)]
        if kind == "text":
            element.text = marked(value, element.text or "", "")
        elif kind == "entity":
            doctype = f'<!DOCTYPE Message [<!ENTITY e "{element.text or ""}">]>\n'
            element.text = ENTITY
        elif kind == "xinclude":
            element.addnext(etree.Element(XINCLUDE, href="/etc/hostname", parse="text"))
        elif kind == "drop" and element.getparent() is not None:
            element.getparent().remove(element)
        elif kind == "twice" and element.getparent() is not None:
            copy = etree.tostring(element)
            value = min(value, max(1, budget // len(copy)))
            budget -= value * len(copy)
            for _ in range(value):
                element.addnext(etree.fromstring(copy))
    reasons = [
        out_of_form(str(leaf.tag), leaf.text or "", CIN_DATES) for leaf in root.iter(*CIN_KEPT)
    ]
    if doctype:
        reasons.append("a DOCTYPE and an entity reference")
    if any(True for _ in root.iter(XINCLUDE)):
        reasons.append("an XInclude")
    body = etree.tostring(root, encoding="unicode").replace(ENTITY, "&e;")
    path.write_text(f"<?xml version='1.0' encoding='UTF-8'?>\n{doctype}{body}", "utf-8")
    return [r for r in reasons if r]


def cin_settles(mutations: list[CinMutation], directory: Path) -> str:
    from sightline.returns.cin_census import import_cin_census
    from tests.returns.test_cin_census import AS_OF

    path = directory / "cin.xml"
    reasons = cin_file(mutations, path)
    return settles(lambda: import_cin_census(path, today=AS_OF), reasons)


# --- SSDA903 -------------------------------------------------------------------------------

A1 = {"CHILD": "A1", "DOB": "04/05/2012"}
EXTRA_ROWS: dict[str, dict[str, str]] = {
    "uasc.csv": {"CHILD": "A1", "SEX": "F", "DOB": "04/05/2012", "DUC": "04/05/2030"},
    "oc2.csv": {
        **A1,
        "SDQ_SCORE": "12",
        "SDQ_REASON": "",
        "CONVICTED": "0",
        "HEALTH_CHECK": "1",
        "IMMUNISATIONS": "1",
        "TEETH_CHECK": "1",
        "HEALTH_ASSESSMENT": "1",
        "SUBSTANCE_MISUSE": "0",
    },
    "oc3.csv": {**A1, "IN_TOUCH": "YES", "ACTIV": "F2", "ACCOM": "B1"},
    "placed_for_adoption.csv": {**A1, "DATE_PLACED": "01/08/2025"},
    "previous_permanence.csv": {
        **A1,
        "PREV_PERM": "Z1",
        "LA_PERM": "Gloucestershire",
        "DATE_PERM": "zz/05/2019",
    },
    "sw_episodes.csv": {
        **A1,
        "SW_ID": "SW9100001",
        "SW_DECOM": "01/06/2025",
        "SW_DEC": "01/09/2025",
        "SW_REASON": "FCONTA",
    },
}
SSDA903_DATES = [
    "DOB",
    "MC_DOB",
    "DECOM",
    "DEC",
    "REVIEW",
    "DUC",
    "DATE_PLACED",
    "MIS_START",
    "MIS_END",
    "SW_DECOM",
    "SW_DEC",
    "DATE_PERM",
]
SSDA903_NUMBERS = ["SDQ_SCORE", "MOTHER", "CONVICTED"]
SSDA903_IDS = ["CHILD", "UPN", "HOME_POST", "PL_POST", "URN", "LA_PERM", "SW_ID"]
SSDA903_TYPED = SSDA903_DATES + SSDA903_NUMBERS + SSDA903_IDS
#: Changes to a file as written: ("raw", table, what).
RAW = [
    "bom",
    "nul",
    "latin1",
    "crlf",
    "quote",
    "huge",
    "lower",
    "collide",
    "drop_column",
    "blank_line",
]
#: Large ones, for the subprocess: a header row of a million columns, ten megabytes of blank
#: lines, a line of ten million commas (the last two only as explicit examples: slow to read).
BIG_RAW = ["wide"]


def ssda903_base() -> dict[str, list[dict[str, str]]]:
    """small_return of test_ssda903 with a row in every other table (dolo aside); the first
    episode at a placement with a URN."""
    from tests.returns.test_ssda903_import import small_return

    tables = small_return()
    tables["episodes.csv"][0]["URN"] = "SC123456"
    for name, row in EXTRA_ROWS.items():
        tables[name] = [dict(row)]
    return tables


def _903_type(column: str) -> list[str]:
    if column in SSDA903_DATES:
        return DMY_DATES
    if column in SSDA903_NUMBERS:
        return NUMBERS
    return FORMULAS + NUMBERS


#: (what, table, which row or raw change, column, value or count)
Ssda903Mutation = tuple[str, str, int, str, Any]


def ssda903_mutation(paste: int = 3, big: bool = False) -> st.SearchStrategy[Ssda903Mutation]:
    from sightline.returns.ssda903_tables import TABLES

    tables = sorted(t for t in TABLES if t != "dolo.csv")
    typed = st.sampled_from(SSDA903_TYPED).flatmap(
        lambda column: st.tuples(
            st.just("cell"),
            st.sampled_from([t for t in tables if column in TABLES[t]]),
            st.integers(0, 3),
            st.just(column),
            values(_903_type(column)),
        )
    )
    anywhere = st.sampled_from(tables).flatmap(
        lambda t: st.tuples(
            st.just("cell"),
            st.just(t),
            st.integers(0, 3),
            st.sampled_from(TABLES[t]),
            values(FORMULAS),
        )
    )
    structure = st.one_of(
        st.tuples(
            st.just("twice"),
            st.sampled_from(tables),
            st.integers(0, 3),
            st.just(""),
            st.integers(1, paste),
        ),
        st.tuples(
            st.just("raw"),
            st.sampled_from(tables),
            st.integers(0, 20),
            st.sampled_from(RAW + BIG_RAW if big else RAW),
            st.just(0),
        ),
    )
    return st.one_of(typed, typed, typed, anywhere, structure, structure)


def ssda903_directory(mutations: list[Ssda903Mutation], directory: Path) -> list[str]:
    """Write the mutated return; returns why it may not be imported, if it may not."""
    from tests.returns.ssda903_helpers import write_tables

    tables = ssda903_base()
    raw = []
    for kind, table, at, column, value in mutations:
        rows = tables.get(table) or []
        if kind == "raw":
            raw.append((table, at, column))
        elif not rows:
            continue
        elif kind == "cell":
            row = rows[at % len(rows)]
            row[column] = marked(value, row.get(column, ""), " ")
        elif kind == "twice":
            rows.extend(dict(rows[at % len(rows)]) for _ in range(value))
    write_tables(directory, tables)
    for table, at, what in raw:
        _raw(directory / table, at, what)
    return [
        reason
        for rows in tables.values()
        for row in rows
        for column, value in row.items()
        if column in SSDA903_TYPED
        for reason in [out_of_form(column, value, SSDA903_DATES)]
        if reason
    ]


def _raw(path: Path, at: int, what: str) -> None:
    data = path.read_bytes()
    if what == "bom":
        path.write_bytes(b"\xef\xbb\xbf" + data)
    elif what == "nul":
        path.write_bytes(data.replace(b",", b",\x00", 1))
    elif what == "latin1":
        path.write_bytes(data.replace(b",", b",\xe9", 1))
    elif what == "crlf":
        path.write_bytes(data.replace(b"\r\n", b"\n").replace(b"\n", b"\r"))
    elif what == "quote":
        path.write_bytes(data.replace(b",", b',"', 1))
    elif what == "huge":  # past csv's field_size_limit (131,072 characters)
        path.write_bytes(data.replace(b",", b"," + b"9" * 200_000, 1))
    elif what == "blank_line":
        path.write_bytes(data.replace(b"\n", b"\n,,,\n\n", 1))
    elif what == "wide":
        path.write_bytes(data.replace(b"\n", b",X" * 1_000_000 + b"\n", 1))
    elif what == "blanks":
        path.write_bytes(data + b"\n" * 10_000_000)
    elif what == "commas":
        path.write_bytes(data + b"A1" + b"," * 10_000_000 + b"\n")
    else:  # the header row, whatever its line ending or encoding (bytes kept as they are)
        head, end, rest = [*re.split(rb"(\r\n|\r|\n)", data, maxsplit=1), b"", b""][:3]
        names = next(csv.reader(io.StringIO(head.decode("latin-1"))), [""])
        i = at % len(names)
        if what == "lower":
            names[i] = names[i].lower()
        elif what == "collide":  # the name of the column before it, in lower case
            names[i] = names[i - 1].lower()
        elif what == "extra":  # a second column of the same name in another case
            names.append(names[i].lower())
        elif what == "drop_column":
            del names[i]
        path.write_bytes(",".join(names).encode("latin-1") + end + rest)


def ssda903_settles(mutations: list[Ssda903Mutation], directory: Path) -> str:
    from sightline.returns.ssda903 import import_ssda903

    source = directory / "in"
    reasons = ssda903_directory(mutations, source)
    return settles(lambda: import_ssda903(source), reasons)


# --- the subprocess: large pastes under an address-space limit -----------------------------


#: The files known to have taken a host down, or to be near it (issue 12, finding 4): tried on
#: every run besides the generated ones.
LARGE_CIN: list[list[CinMutation]] = [
    [("twice", "Child", 0, 1000)],
    [("twice", "CINdetails", 0, 1000)],
    [("twice", "Reviews", 0, 1500), ("twice", "Child", 0, 100)],
]
LARGE_SSDA903: list[list[Ssda903Mutation]] = [
    [("twice", "reviews.csv", 0, "", 50_000)],
    [("raw", "header.csv", 0, "wide", 0)],
    [("raw", "episodes.csv", 0, "blanks", 0)],
    [("raw", "episodes.csv", 0, "commas", 0)],
]


def main(examples: int) -> None:
    """Both importers fuzzed with elements and rows pasted up to 1,500 times and files of
    millions of columns or lines, in a fresh in-memory SQLite database (the schema made from
    the models: there are no data migrations). test_import_fuzz.py runs this under limits on
    address space and CPU time."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sightline.settings")
    django.setup()
    from django.db import connection
    from hypothesis import HealthCheck, example, given, settings

    connection.settings_dict["TEST"]["MIGRATE"] = False
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    fuzzed = settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    outcomes: Counter[str] = Counter()

    def fuzz_cin(mutations: list[CinMutation]) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            outcomes["cin " + cin_settles(mutations, Path(tmp))] += 1

    def fuzz_ssda903(mutations: list[Ssda903Mutation]) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            outcomes["ssda903 " + ssda903_settles(mutations, Path(tmp))] += 1

    for census in LARGE_CIN:
        fuzz_cin = example(census)(fuzz_cin)
    for tables in LARGE_SSDA903:
        fuzz_ssda903 = example(tables)(fuzz_ssda903)
    fuzzed(given(st.lists(cin_mutation(paste=1500), min_size=1, max_size=4))(fuzz_cin))()
    cin_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    strategy = st.lists(ssda903_mutation(paste=1500, big=True), min_size=1, max_size=4)
    fuzzed(given(strategy)(fuzz_ssda903))()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"fuzzed {examples} CIN census and {examples} SSDA903 files; peak {peak} MB")
    print(f"peak resident memory after the CIN census: {cin_peak} MB; {dict(outcomes)}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
