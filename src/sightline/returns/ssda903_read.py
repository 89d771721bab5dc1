"""Read an SSDA903 return: each file in the directory recognised by its header row, its
rows typed; every problem collected with where it is (step 1 of ssda903_import)."""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sightline.returns import fields
from sightline.returns.files import Problem
from sightline.returns.ssda903_tables import (
    BIRTH_DATES,
    CODES,
    DATES,
    FORMS,
    MAX_LENGTH,
    REQUIRED,
    TABLES,
    UPN_UNKNOWN_903,
    parse_partial_date,
)

Row = dict[str, Any]


@dataclass
class Parsed:
    """The typed rows of each table (values parsed; ``_file`` and ``_line`` say where)."""

    tables: dict[str, list[Row]] = field(default_factory=lambda: {name: [] for name in TABLES})
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


# --- 1. read --------------------------------------------------------------------------------


def _names(names: list[str], shown: int = 10) -> str:
    """Column names for a problem: the first ``shown`` (a header row may hold a million)."""
    listed = ", ".join(n if len(n) <= 30 else n[:30] + "..." for n in names[:shown])
    return listed + (f" and {len(names) - shown:,} more" if len(names) > shown else "")


def recognise(header: list[str]) -> tuple[str | None, str]:
    """The table a header row is, or (closest table or None, what is wrong). Linear in the
    number of columns: a header row of a million commas is refused at once."""
    cleaned = [h.strip().upper() for h in header]
    twice = sorted(name for name, n in Counter(cleaned).items() if n > 1)
    if twice:
        return None, "column(s) named twice (names are read in capitals): " + _names(twice)
    for name, columns in TABLES.items():
        if cleaned == list(columns):
            return name, ""
    for name, columns in TABLES.items():
        if set(cleaned) == set(columns):
            return name, ""
    best, overlap = None, 0
    for name, columns in TABLES.items():
        common = len(set(cleaned) & set(columns))
        if common > overlap:
            best, overlap = name, common
    if best is None or overlap < max(2, len(TABLES[best]) // 2) or len(TABLES[best]) == 0:
        return None, "unknown header row: not one of the SSDA903 tables"
    missing = [c for c in TABLES[best] if c not in cleaned]
    extra = [c for c in cleaned if c not in TABLES[best]]
    parts = []
    if missing:
        parts.append("missing column(s) " + _names(missing))
    if extra:
        parts.append("unexpected column(s) " + _names(extra))
    return best, f"{best} header: " + "; ".join(parts)


def _value(table: str, column: str, text: str) -> tuple[Any, str]:
    """(parsed value, problem or '')."""
    if not text:
        if column in REQUIRED[table]:
            return None, "required, but blank"
        return None, ""
    try:
        if column in DATES:
            return fields.dmy_date(text, birth=column in BIRTH_DATES), ""
        if column == "DATE_PERM":
            return parse_partial_date(text), ""
        if column == "SDQ_SCORE":
            return fields.whole_number(text, 0, 40), ""
        if column == "UPN":
            return (text if text in UPN_UNKNOWN_903 else fields.upn(text)), ""
        form = FORMS.get(column)
        if form is not None:
            form(text)
    except ValueError as error:
        return None, str(error)
    codes = CODES.get(column)
    if codes is not None and text not in codes:
        return None, f"{fields.shown(text)} is not a valid code"
    limit = MAX_LENGTH.get(column)
    if limit is not None and len(text) > limit:
        return None, f"{fields.shown(text)} is longer than {limit} characters"
    return text, ""


class _NulByte(ValueError):
    def __str__(self) -> str:
        return "a NUL byte"


def _read_table(
    name: str,
    records: Iterator[list[str]],
    parsed: Parsed,
    seen: dict[str, str],
    problem: Callable[[str, str, str], None],
) -> None:
    """One file's records, read as they come (blank lines are skipped, never held), into
    ``parsed``; the reader's errors (not UTF-8, a field past the CSV limit) reach the caller."""
    header = next(records, None)
    if header is None:
        problem("line 1", "", "empty file: no header row")
        return
    if any("\x00" in c for c in header):
        raise _NulByte
    table, wrong = recognise(header)
    if table is None or wrong:
        problem("line 1", "", wrong)
        return
    if table in seen:
        problem("line 1", "", f"a second {table} table (the first is {seen[table]})")
        return
    seen[table] = name
    columns = [h.strip().upper() for h in header]
    for number, cells in enumerate(records, start=2):
        if not cells:  # a blank line
            continue
        if any("\x00" in c for c in cells):
            raise _NulByte
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(columns):
            problem(f"line {number}", "", f"{len(cells)} fields, the header has {len(columns)}")
            continue
        row: Row = {"_file": name, "_line": number}
        ok = True
        for column, cell in zip(columns, cells, strict=True):
            value, message = _value(table, column, cell.strip())
            if message:
                problem(f"line {number}", column, message)
                ok = False
            row[column] = value
        if ok:
            parsed.tables[table].append(row)


def read_directory(directory: Path) -> Parsed:
    parsed = Parsed()
    files = sorted(p for p in directory.iterdir() if p.is_file()) if directory.is_dir() else []
    if directory.is_file():
        files = [directory]
    seen: dict[str, str] = {}
    for path in files:
        problem = lambda loc, col, msg, f=path.name: parsed.problems.append(  # noqa: E731
            Problem(f, loc, col, msg)
        )
        try:
            with path.open(encoding="utf-8-sig", newline="") as handle:
                _read_table(path.name, csv.reader(handle), parsed, seen, problem)
        except (UnicodeDecodeError, csv.Error, _NulByte) as error:
            problem("", "", f"not a readable CSV file ({error})")
    if not files:
        parsed.problems.append(Problem(str(directory), "", "", "no SSDA903 files found"))
    elif "header.csv" not in seen and not parsed.problems:
        parsed.problems.append(Problem(str(directory), "", "", "no header table (CHILD, SEX, …)"))
    return parsed


def where(row: Row, column: str, message: str) -> Problem:
    return Problem(row["_file"], f"line {row['_line']}", column, message)
