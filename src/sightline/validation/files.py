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
    CIN_KEYS,
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


def _leaves_into(row: dict[str, Any], el: Any) -> None:
    """Each simple child element's text into ``row`` by name (the first of a name wins, as
    the public validator's ``find`` does)."""
    for kid in el:
        if len(kid) == 0:
            name = _local(kid.tag)
            if name and name not in row:
                row[name] = (kid.text or "").strip()


def _texts_of(el: Any, tag: str) -> list[str]:
    return [(e.text or "").strip() for e in el.iter(f"{{*}}{tag}")]


class _CINRows:
    """One pass over the children in document order, block by block as the schema nests
    them: each block a row (a dict) keyed by the child's position and the numbered
    ``CINdetailsID``/``AssessmentID``/``CPPID``; repeated leaves (disabilities, factors,
    review dates) a row each. A block out of its place is left to the schema check."""

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
            cin_n = 0
            for block in child:
                name = _local(block.tag)
                if name == "ChildIdentifiers":
                    row: dict[str, Any] = {"_child": index}
                    _leaves_into(row, block)
                    rows["ChildIdentifiers"].append(row)
                    if self.ids[index] is None:
                        self.ids[index] = row.get("LAchildID") or None
                elif name == "ChildCharacteristics":
                    row = {"_child": index}
                    _leaves_into(row, block)
                    rows["ChildCharacteristics"].append(row)
                    rows["Disabilities"].extend(
                        {"_child": index, "Disability": d} for d in _texts_of(block, "Disability")
                    )
                elif name == "CINdetails":
                    cin_n += 1
                    self._cin_details(block, {"_child": index, "CINdetailsID": cin_n})

    def _cin_details(self, block: Any, keys: dict[str, Any]) -> None:
        rows = self.rows
        row = dict(keys)
        rows["CINdetails"].append(row)
        a_n = c_n = 0
        for sub in block:
            name = _local(sub.tag)
            if len(sub) == 0:
                if name and name not in row:
                    row[name] = (sub.text or "").strip()
            elif name == "Assessments":
                a_n += 1
                akeys = {**keys, "AssessmentID": a_n}
                arow = dict(akeys)
                _leaves_into(arow, sub)
                rows["Assessments"].append(arow)
                rows["AssessmentFactorsList"].extend(
                    {**akeys, "AssessmentFactor": f} for f in _texts_of(sub, "AssessmentFactors")
                )
            elif name in ("CINPlanDates", "Section47"):
                prow = dict(keys)
                _leaves_into(prow, sub)
                rows["CINplanDates" if name == "CINPlanDates" else "Section47"].append(prow)
            elif name == "ChildProtectionPlans":
                c_n += 1
                ckeys = {**keys, "CPPID": c_n}
                crow = dict(ckeys)
                _leaves_into(crow, sub)
                rows["ChildProtectionPlans"].append(crow)
                rows["Reviews"].extend(
                    {**ckeys, "CPPreviewDate": r} for r in _texts_of(sub, "CPPreviewDate")
                )

    def frames(self) -> dict[str, pl.DataFrame]:
        ids = pl.Series("LAchildID", self.ids, dtype=pl.String)
        out = {}
        for table, rows in self.rows.items():
            schema: dict[str, Any] = {"_child": pl.Int64}
            for name in CIN_TABLES[table]:
                if name != "LAchildID":
                    schema[name] = pl.Int64 if name in CIN_KEYS else pl.String
            text = pl.from_dicts(rows, schema=schema) if rows else pl.DataFrame(schema=schema)
            text = text.with_columns(ids.gather(text["_child"]).alias("LAchildID"))
            out[table] = typed(CIN, table, text)
        return out


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
    header: dict[str, Any] = {}
    if header_el is not None:
        for block in header_el:
            _leaves_into(header, block)
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
