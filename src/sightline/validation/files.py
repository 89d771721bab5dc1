"""Reading a return file into the tables the rules check (CONTRACTS.md "Command-line outputs").

A file that cannot be read at all (not XML, an SSDA903 header row that is no known table) is
``Unreadable`` (exit 2), naming the file and line. Anything readable is checked: a CIN census
file that breaks the XSD is reported as ``schema`` failures beside the DfE rules, never refused.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from pathlib import Path
from typing import Any

import polars as pl
from lxml import etree

from sightline.returns import cin_xml
from sightline.returns.ssda903_import import recognise
from sightline.returns.years import CIN_CENSUS_YEARS, SSDA903_YEARS
from sightline.validation.engine import RETURN_LEVEL, Failure
from sightline.validation.rules import ERROR
from sightline.validation.tables import (
    CIN,
    CIN_TABLES,
    SSDA903,
    SSDA903_FILES,
    Meta,
    Tables,
    frame,
    typed,
)

SCHEMA_RULE = "schema"


class Unreadable(ValueError):
    """The input cannot be read at all: the message names the file and where."""


# --- CIN census ---------------------------------------------------------------------------------

_CHILD_BLOCKS = {
    "ChildIdentifiers": "ChildIdentifiers",
    "ChildCharacteristics": "ChildCharacteristics",
}


def _local(tag: Any) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _texts(el: Any) -> dict[str, str]:
    """The text of each simple child element of ``el``, by local name (the first of a name)."""
    out: dict[str, str] = {}
    for kid in el:
        name = _local(kid.tag)
        if name and name not in out and len(kid) == 0:
            out[name] = (kid.text or "").strip()
    return out


def _kids(el: Any, name: str) -> list[Any]:
    return [k for k in el if _local(k.tag) == name]


class _CINColumns:
    """Column lists for each CIN table, filled child by child."""

    def __init__(self) -> None:
        self.columns: dict[str, dict[str, list[Any]]] = {
            t: defaultdict(list) for t in CIN_TABLES if t != "Header"
        }
        self.heights: dict[str, int] = defaultdict(int)

    def add(self, table: str, values: dict[str, Any]) -> None:
        cols = self.columns[table]
        n = self.heights[table]
        for name in CIN_TABLES[table]:
            col = cols[name]
            if len(col) < n:
                col.extend([None] * (n - len(col)))
            col.append(values.get(name))
        self.heights[table] = n + 1

    def frames(self) -> dict[str, pl.DataFrame]:
        out = {}
        for table, cols in self.columns.items():
            n = self.heights[table]
            full = {
                name: cols.get(name, []) + [None] * (n - len(cols.get(name, [])))
                for name in CIN_TABLES[table]
            }
            out[table] = frame(CIN, table, full)
        return out


def _child_rows(child: Any, out: _CINColumns) -> str | None:
    ids = next(iter(_kids(child, "ChildIdentifiers")), None)
    identifiers = _texts(ids) if ids is not None else {}
    la_child_id = identifiers.get("LAchildID") or None
    out.add("ChildIdentifiers", {**identifiers, "LAchildID": la_child_id})
    chars = next(iter(_kids(child, "ChildCharacteristics")), None)
    if chars is not None:
        out.add("ChildCharacteristics", {**_texts(chars), "LAchildID": la_child_id})
        for block in _kids(chars, "Disabilities"):
            for d in _kids(block, "Disability"):
                out.add(
                    "Disabilities", {"LAchildID": la_child_id, "Disability": (d.text or "").strip()}
                )
    for n, cin in enumerate(_kids(child, "CINdetails"), start=1):
        keys = {"LAchildID": la_child_id, "CINdetailsID": n}
        out.add("CINdetails", {**_texts(cin), **keys})
        for a_n, a in enumerate(_kids(cin, "Assessments"), start=1):
            akeys = {**keys, "AssessmentID": a_n}
            out.add("Assessments", {**_texts(a), **akeys})
            for block in _kids(a, "FactorsIdentifiedAtAssessment"):
                for f in _kids(block, "AssessmentFactors"):
                    out.add(
                        "AssessmentFactorsList",
                        {**akeys, "AssessmentFactor": (f.text or "").strip()},
                    )
        for p in _kids(cin, "CINPlanDates"):
            out.add("CINplanDates", {**_texts(p), **keys})
        for s in _kids(cin, "Section47"):
            out.add("Section47", {**_texts(s), **keys})
        for c_n, cp in enumerate(_kids(cin, "ChildProtectionPlans"), start=1):
            ckeys = {**keys, "CPPID": c_n}
            out.add("ChildProtectionPlans", {**_texts(cp), **ckeys})
            for block in _kids(cp, "Reviews"):
                for r in _kids(block, "CPPreviewDate"):
                    out.add("Reviews", {**ckeys, "CPPreviewDate": (r.text or "").strip()})
    return la_child_id


def _cin_year(header: dict[str, str], path: Path) -> int:
    reference = header.get("ReferenceDate", "")
    year_text = reference[:4] if reference[:4].isdigit() else header.get("Year", "")
    if not year_text.isdigit():
        raise Unreadable(f"{path}: the header has neither a ReferenceDate nor a Year")
    year = int(year_text)
    if year not in CIN_CENSUS_YEARS:
        names = ", ".join(str(y) for y in CIN_CENSUS_YEARS)
        raise Unreadable(
            f"{path}: CIN census collection year {year} is not supported; supported: {names}"
        )
    return year


def read_cin_census(path: Path) -> tuple[Tables, list[Failure]]:
    """The CIN census file's tables, and its breaches of the year's XSD as ``schema`` failures."""
    try:
        doc = etree.parse(str(path), etree.XMLParser(huge_tree=True, resolve_entities=False))
    except OSError as error:
        raise Unreadable(f"{path}: cannot be read: {error}") from error
    except etree.XMLSyntaxError as error:
        raise Unreadable(f"{path}: not XML: {error}") from error
    root = doc.getroot()
    header = cin_header(root)
    year = _cin_year(header, path)
    tables, starts, ids = cin_tables(root, Meta(year=year, la_code=header.get("LEA", "")))
    return tables, _schema_failures(doc, year, starts, ids)


def cin_header(root: Any) -> dict[str, str]:
    header_el = next((e for e in root.iter() if _local(e.tag) == "Header"), None)
    header: dict[str, str] = {}
    if header_el is not None:
        for block in header_el:
            header.update(_texts(block))
    return header


def cin_tables(root: Any, meta: Meta) -> tuple[Tables, list[int], list[str]]:
    """The tables of a parsed CIN census, with each child's first line and LA child ID (to
    place a schema error)."""
    out = _CINColumns()
    starts: list[int] = []
    ids: list[str] = []
    for child in root.iter("{*}Child"):
        la_child_id = _child_rows(child, out)
        starts.append(child.sourceline or 0)
        ids.append(la_child_id or RETURN_LEVEL)
    frames = out.frames()
    header = cin_header(root)
    frames["Header"] = frame(CIN, "Header", {k: [header.get(k)] for k in CIN_TABLES["Header"]})
    return Tables(CIN, meta, frames), starts, ids


def _schema_failures(doc: Any, year: int, starts: list[int], ids: list[str]) -> list[Failure]:
    schema = cin_xml.schema(year)
    if schema.validate(doc):
        return []
    seen: set[tuple[str, str]] = set()
    failures = []
    for entry in schema.error_log:
        at = bisect.bisect_right(starts, entry.line) - 1
        child = ids[at] if at >= 0 else RETURN_LEVEL
        where = cin_xml.short_path(entry.path or "")
        message = f"line {entry.line}: {entry.message}"
        if (child, message) in seen:
            continue
        seen.add((child, message))
        failures.append(Failure(SCHEMA_RULE, ERROR, child, where, message))
    return failures


# --- SSDA903 ------------------------------------------------------------------------------------

_TABLE_BY_FILE = {file: table for table, file in SSDA903_FILES.items()}


def _read_903_dir(directory: Path) -> dict[str, pl.DataFrame]:
    if not directory.is_dir():
        raise Unreadable(f"{directory}: not a directory of SSDA903 CSV files")
    frames: dict[str, pl.DataFrame] = {}
    for path in sorted(directory.glob("*.csv")):
        try:
            text = pl.read_csv(
                path, infer_schema=False, encoding="utf8-lossy", truncate_ragged_lines=True
            )
        except (pl.exceptions.PolarsError, OSError) as error:
            raise Unreadable(f"{path}: cannot be read as CSV: {error}") from error
        text = text.rename({c: c.strip().upper().lstrip("\ufeff") for c in text.columns})
        name, problem = recognise(list(text.columns))
        if name is None or problem:
            raise Unreadable(f"{path}: line 1: {problem}")
        table = _TABLE_BY_FILE[name]
        if table in frames:
            raise Unreadable(f"{path}: a second {name} table in {directory}")
        frames[table] = typed(SSDA903, table, text)
    if "Header" not in frames:
        raise Unreadable(f"{directory}: no header table (CHILD, SEX, DOB, ...) among its CSV files")
    return frames


def read_ssda903(
    directory: Path, year: int, previous: Path | None = None, la_code: str = ""
) -> Tables:
    if year not in SSDA903_YEARS:
        names = ", ".join(str(y) for y in SSDA903_YEARS)
        raise Unreadable(f"SSDA903 collection year {year} is not supported; supported: {names}")
    frames = _read_903_dir(directory)
    last = _read_903_dir(previous) if previous is not None else None
    return Tables(SSDA903, Meta(year=year, la_code=la_code), frames, last)
