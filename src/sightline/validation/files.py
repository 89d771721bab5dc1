"""Reading a return file into the tables the rules check (CONTRACTS.md "Command-line outputs").

A file that cannot be read at all (not XML, an SSDA903 header row that is no known table) is
``Unreadable`` (exit 2), naming the file and line. Anything readable is checked: a CIN census
file that breaks the XSD is reported as ``schema`` failures beside the DfE rules, never refused.
"""

from __future__ import annotations

import bisect
import csv
import re
from pathlib import Path
from typing import Any

import polars as pl
from lxml import etree

from sightline.returns import cin_xml
from sightline.returns.ssda903_read import recognise
from sightline.returns.years import CIN_CENSUS_YEARS, SSDA903_YEARS
from sightline.validation.engine import RETURN_LEVEL, Failure
from sightline.validation.limits import Heaviest, weigh
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


#: Blocks a ``<Child>`` holds once (the XSD's maxOccurs="1"): a repeat is read no further.
ONCE_PER_CHILD = frozenset({"ChildIdentifiers", "ChildCharacteristics"})


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
            seen: set[str] = set()
            for block in child:
                name = _local(block.tag)
                if name in seen and name in ONCE_PER_CHILD:
                    continue  # the schema allows one; the schema check reports the others
                seen.add(name)
                if name == "ChildIdentifiers":
                    row: dict[str, Any] = {"_child": index}
                    _leaves_into(row, block)
                    rows["ChildIdentifiers"].append(row)
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


#: A year as the schema writes one: four ASCII digits (``str.isdigit`` also takes "²" and
#: Arabic-Indic digits, which ``int`` then refuses or reads).
_YEAR = re.compile(r"[0-9]{4}", re.ASCII)


def _cin_year(header: dict[str, str], path: Path) -> int:
    reference = header.get("ReferenceDate", "")
    year_text = reference[:4] if _YEAR.fullmatch(reference[:4]) else header.get("Year", "")
    if not _YEAR.fullmatch(year_text):
        raise Unreadable(
            f"{path}: the header has neither a ReferenceDate nor a Year as four digits "
            f"(Year is {year_text[:20]!r})"
        )
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
    for entity in root.iter(etree.Entity):
        # Entities are not expanded (a file could make itself a billion characters long), and
        # the schema cannot check a value it cannot see.
        where = _local(entity.getparent().tag) if entity.getparent() is not None else ""
        raise Unreadable(
            f"{path}: line {entity.sourceline}: {where}: the entity reference {entity.text} is "
            "not expanded; write the value itself"
        )
    header = cin_header(root)
    year = _cin_year(header, path)
    tables, starts, ids = cin_tables(root, Meta(year=year, la_code=header.get("LEA", "")))
    weight = weigh({n: f for n, f in tables.frames.items() if n != "Header"}, "_child")
    if weight.too_heavy:
        index = int(str(weight.child))
        child = ids[index]
        raise Unreadable(
            f"{path}: line {starts[index]}: child {child} (<Child> number {index + 1:,}) "
            f"{_too_heavy(weight)}"
        )
    try:
        return tables, _schema_failures(doc, year, starts, ids)
    except etree.XMLSchemaValidateError as error:
        raise Unreadable(f"{path}: the schema check could not run: {error}") from error


def _too_heavy(weight: Heaviest) -> str:
    return (
        f"has {weight.count:,} {weight.table} rows: the DfE rules compare each of a child's "
        f"rows with the child's others, {weight.pairs:,} pairs in this file, more than "
        f"Sightline compares for a file of {weight.rows:,} rows ({weight.limit:,}; decision "
        "0014). No child's record holds that many: check how the file was made."
    )


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


#: A header row is a few hundred characters; a longer first line is not one (and reading a
#: million-column header row would take minutes and gigabytes).
LONGEST_HEADER = 4096


def _header_row(path: Path) -> list[str]:
    """The first line's column names as the tables are matched (stripped, upper case)."""
    try:
        with path.open("rb") as handle:
            first = handle.readline(LONGEST_HEADER + 1)
    except OSError as error:
        raise Unreadable(f"{path}: cannot be read: {error}") from error
    if len(first) > LONGEST_HEADER:
        raise Unreadable(
            f"{path}: line 1: longer than {LONGEST_HEADER:,} characters: not an SSDA903 header row"
        )
    text = first.decode("utf-8", errors="replace").lstrip("\ufeff").rstrip("\r\n")
    names = [c.strip().upper().lstrip("\ufeff") for c in next(csv.reader([text]), [])]
    seen: dict[str, int] = {}
    for at, name in enumerate(names):
        if name in seen:
            raise Unreadable(
                f"{path}: line 1: columns {seen[name] + 1} and {at + 1} are both {name!r} "
                "(column names are matched whatever their case)"
            )
        seen[name] = at
    return names


def _read_903_dir(directory: Path) -> tuple[dict[str, pl.DataFrame], dict[str, Path]]:
    if not directory.is_dir():
        raise Unreadable(f"{directory}: not a directory of SSDA903 CSV files")
    frames: dict[str, pl.DataFrame] = {}
    paths: dict[str, Path] = {}
    for path in sorted(directory.glob("*.csv")):
        columns = _header_row(path)
        name, problem = recognise(columns)
        if name is None or problem:
            raise Unreadable(f"{path}: line 1: {problem}")
        table = _TABLE_BY_FILE[name]
        if table in frames:
            raise Unreadable(f"{path}: a second {name} table in {directory}")
        try:
            text = pl.read_csv(
                path,
                infer_schema=False,
                encoding="utf8-lossy",
                truncate_ragged_lines=True,
                new_columns=columns,
            )
        except (pl.exceptions.PolarsError, OSError) as error:
            raise Unreadable(f"{path}: cannot be read as CSV: {error}") from error
        frames[table] = typed(SSDA903, table, text)
        paths[table] = path
    if "Header" not in frames:
        raise Unreadable(f"{directory}: no header table (CHILD, SEX, DOB, ...) among its CSV files")
    return frames, paths


def read_ssda903(
    directory: Path, year: int, previous: Path | None = None, la_code: str = ""
) -> Tables:
    if year not in SSDA903_YEARS:
        names = ", ".join(str(y) for y in SSDA903_YEARS)
        raise Unreadable(f"SSDA903 collection year {year} is not supported; supported: {names}")
    frames, paths = _read_903_dir(directory)
    last, last_paths = _read_903_dir(previous) if previous is not None else (None, {})
    both = {**frames, **{f"previous {n}": f for n, f in (last or {}).items()}}
    weight = weigh(both, "CHILD")
    if weight.too_heavy:
        table = weight.table.removeprefix("previous ")
        path = (last_paths if weight.table.startswith("previous ") else paths)[table]
        child = "with no CHILD" if weight.child is None else str(weight.child)
        raise Unreadable(f"{path}: line {weight.first_row + 2}: child {child} {_too_heavy(weight)}")
    return Tables(SSDA903, Meta(year=year, la_code=la_code), frames, last)
