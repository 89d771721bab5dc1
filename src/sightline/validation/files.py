"""Reading a return file into the tables the rules check (CONTRACTS.md "Command-line outputs").

A file that cannot be read at all (not XML, an SSDA903 header row that is no known table) is
``Unreadable`` (exit 2), naming the file and line. Anything readable is checked: a CIN census
file that breaks the XSD is reported as ``schema`` failures beside the DfE rules, never refused.
"""

from __future__ import annotations

import bisect
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


def _local(tag: Any) -> str:
    """An element's name without its namespace ("" for comments and processing instructions)."""
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _texts(el: Any) -> dict[str, str]:
    """The text of each simple child element of ``el``, by local name (the first of a name)."""
    out: dict[str, str] = {}
    for kid in el:
        name = _local(kid.tag)
        if name and name not in out and len(kid) == 0:
            out[name] = (kid.text or "").strip()
    return out


#: The blocks that make a row of a table, by element name.
_ROW_BLOCKS = {
    "ChildIdentifiers": "ChildIdentifiers",
    "ChildCharacteristics": "ChildCharacteristics",
    "CINdetails": "CINdetails",
    "Assessments": "Assessments",
    "CINPlanDates": "CINplanDates",
    "Section47": "Section47",
    "ChildProtectionPlans": "ChildProtectionPlans",
}
#: Repeated leaves that are each a row of their own: element -> (table, column).
_ROW_LEAVES = {
    "Disability": ("Disabilities", "Disability"),
    "AssessmentFactors": ("AssessmentFactorsList", "AssessmentFactor"),
    "CPPreviewDate": ("Reviews", "CPPreviewDate"),
}


class _CINRows:
    """One pass over the children in document order: each block a row (a dict), keyed by the
    child's position; the LA child ID is filled in once the child is read."""

    def __init__(self) -> None:
        self.rows: dict[str, list[dict[str, Any]]] = {t: [] for t in CIN_TABLES if t != "Header"}
        self.ids: list[str | None] = []
        self.starts: list[int] = []

    def read(self, children: Any) -> None:
        rows = self.rows
        for child in children:
            index = len(self.ids)
            self.ids.append(None)
            self.starts.append(child.sourceline or 0)
            keys: dict[str, Any] = {"_child": index}
            open_rows: dict[str, dict[str, Any]] = {}
            cin_n = 0
            for el in child.iterdescendants():
                name = _local(el.tag)
                block = _ROW_BLOCKS.get(name)
                if block is not None:
                    if name == "CINdetails":
                        cin_n += 1
                        keys = {"_child": index, "CINdetailsID": cin_n}
                        a_n = c_n = 0
                        row = dict(keys)
                    elif name == "Assessments":
                        a_n += 1
                        row = {**keys, "AssessmentID": a_n}
                    elif name == "ChildProtectionPlans":
                        c_n += 1
                        row = {**keys, "CPPID": c_n}
                    else:
                        row = dict(keys)
                    rows[block].append(row)
                    open_rows[name] = row
                    continue
                if len(el):
                    continue
                text = (el.text or "").strip()
                leaf = _ROW_LEAVES.get(name)
                if leaf is not None:
                    base = open_rows.get(_LEAF_OWNER[name], keys)
                    rows[leaf[0]].append(
                        {k: v for k, v in base.items() if k in _KEYS} | {leaf[1]: text}
                    )
                    continue
                parent = _local(el.getparent().tag)
                owner_row = open_rows.get(parent)
                if owner_row is not None and name not in owner_row:
                    owner_row[name] = text
                    if name == "LAchildID" and parent == "ChildIdentifiers":
                        self.ids[index] = text or None

    def frames(self) -> dict[str, pl.DataFrame]:
        ids = self.ids
        out = {}
        for table, rows in self.rows.items():
            columns = {
                name: [ids[r["_child"]] for r in rows]
                if name == "LAchildID"
                else [r.get(name) for r in rows]
                for name in CIN_TABLES[table]
            }
            out[table] = frame(CIN, table, columns)
        return out


_KEYS = frozenset({"_child", "CINdetailsID", "AssessmentID", "CPPID"})
#: The block whose keys a repeated leaf's row takes.
_LEAF_OWNER = {
    "Disability": "ChildCharacteristics",
    "AssessmentFactors": "Assessments",
    "CPPreviewDate": "ChildProtectionPlans",
}


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
    out = _CINRows()
    out.read(root.iter("{*}Child"))
    frames = out.frames()
    header = cin_header(root)
    frames["Header"] = frame(CIN, "Header", {k: [header.get(k)] for k in CIN_TABLES["Header"]})
    return Tables(CIN, meta, frames), out.starts, [i or RETURN_LEVEL for i in out.ids]


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
