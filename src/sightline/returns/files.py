"""What reading and writing a return reports: the problems found in a file (all of them, with
where they are), and what an export or import did."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a return file: the file, where in it (a line number, or an element
    path such as ``Child[12]/CINdetails[1]/CINreferralDate``), the field and what is wrong."""

    file: str
    location: str
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.location}" if self.location else self.file
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


class ReturnFileError(Exception):
    """A return that cannot be imported; nothing was written. ``problems`` lists every one."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s); the first: {problems[0]}")


@dataclass(frozen=True)
class ExportResult:
    path: Path
    children: int
    rows: dict[str, int] = field(default_factory=dict)  # table or element name -> count


@dataclass(frozen=True)
class ImportResult:
    children_created: int
    children_updated: int
    rows: dict[str, int] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)
