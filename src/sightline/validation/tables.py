"""The tables the DfE rules read, as Polars frames (decision 0010).

Both returns are held the way the public validators hold them, so a rule reads like the DfE's
wording: the CIN census as ten tables named after its XML blocks (``ChildIdentifiers``,
``CINdetails``, ``Section47`` ...) with numbered ``CINdetailsID``/``AssessmentID``/``CPPID``
keys, and the SSDA903 return as one table per CSV (``Header``, ``Episodes``, ``OC3`` ...).

Every column is text as the file holds it (an empty value is null), except the date columns,
which are ``pl.Date`` (null when blank or not a date); the text as given stays beside each in
``<column>_raw`` so a rule can tell a missing date from a malformed one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import polars as pl

from sightline.returns.ssda903_tables import TABLES

CIN = "cin"
SSDA903 = "ssda903"

CIN_TABLES: dict[str, tuple[str, ...]] = {
    "Header": (
        "Collection",
        "Year",
        "ReferenceDate",
        "SourceLevel",
        "LEA",
        "SoftwareCode",
        "Release",
        "SerialNo",
        "DateTime",
    ),
    "ChildIdentifiers": (
        "LAchildID",
        "UPN",
        "FormerUPN",
        "UPNunknown",
        "PersonBirthDate",
        "ExpectedPersonBirthDate",
        "GenderCurrent",
        "Sex",
        "PersonDeathDate",
    ),
    "ChildCharacteristics": ("LAchildID", "Ethnicity"),
    "Disabilities": ("LAchildID", "Disability"),
    "CINdetails": (
        "LAchildID",
        "CINdetailsID",
        "CINreferralDate",
        "ReferralSource",
        "PrimaryNeedCode",
        "CINclosureDate",
        "ReasonForClosure",
        "DateOfInitialCPC",
        "ReferralNFA",
    ),
    "Assessments": (
        "LAchildID",
        "CINdetailsID",
        "AssessmentID",
        "AssessmentActualStartDate",
        "AssessmentInternalReviewDate",
        "AssessmentAuthorisationDate",
    ),
    "AssessmentFactorsList": ("LAchildID", "CINdetailsID", "AssessmentID", "AssessmentFactor"),
    "CINplanDates": ("LAchildID", "CINdetailsID", "CINPlanStartDate", "CINPlanEndDate"),
    "Section47": (
        "LAchildID",
        "CINdetailsID",
        "S47ActualStartDate",
        "InitialCPCtarget",
        "DateOfInitialCPC",
        "ICPCnotRequired",
    ),
    "ChildProtectionPlans": (
        "LAchildID",
        "CINdetailsID",
        "CPPID",
        "CPPstartDate",
        "CPPendDate",
        "InitialCategoryOfAbuse",
        "LatestCategoryOfAbuse",
        "NumberOfPreviousCPP",
    ),
    "Reviews": ("LAchildID", "CINdetailsID", "CPPID", "CPPreviewDate"),
}
CIN_DATES = frozenset(
    {
        "ReferenceDate",
        "PersonBirthDate",
        "ExpectedPersonBirthDate",
        "PersonDeathDate",
        "CINreferralDate",
        "CINclosureDate",
        "DateOfInitialCPC",
        "AssessmentActualStartDate",
        "AssessmentInternalReviewDate",
        "AssessmentAuthorisationDate",
        "CINPlanStartDate",
        "CINPlanEndDate",
        "S47ActualStartDate",
        "InitialCPCtarget",
        "CPPstartDate",
        "CPPendDate",
        "CPPreviewDate",
    }
)
#: Numbered keys the reader gives (1, 2, ... within the child or the episode), as integers.
CIN_KEYS = frozenset({"CINdetailsID", "AssessmentID", "CPPID"})
#: Every CIN census table also carries ``_child``, the position of the ``<Child>`` block its row
#: comes from (0, 1, ... in file order). Rules join a child's rows on it, beside ``LAchildID``
#: (``CIN_CHILD``): two blocks that share an LA child ID, or have none, stay two children
#: (rule 8510 reports the shared ID), so pasted copies of a child never multiply in a join.
CIN_CHILD_INDEX = "_child"
CIN_CHILD = ("_child", "LAchildID")

#: The SSDA903 file each table comes from (CONTRACTS.md "Collection years").
SSDA903_FILES: dict[str, str] = {
    "Header": "header.csv",
    "Episodes": "episodes.csv",
    "Reviews": "reviews.csv",
    "UASC": "uasc.csv",
    "OC2": "oc2.csv",
    "OC3": "oc3.csv",
    "AD1": "ad1.csv",
    "PlacedAdoption": "placed_for_adoption.csv",
    "PrevPerm": "previous_permanence.csv",
    "Missing": "missing.csv",
    "SWEpisodes": "sw_episodes.csv",
    "DoLo": "dolo.csv",
}
#: Each table's columns: the DfE column names the export writes (returns.ssda903_tables).
SSDA903_TABLES: dict[str, tuple[str, ...]] = {
    table: TABLES[file] for table, file in SSDA903_FILES.items()
}
#: DATE_PERM is a partial date (zz/mm/yyyy allowed): it stays text.
SSDA903_DATES = frozenset(
    {
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
        "DOLO_START",
        "DOLO_END",
    }
)

SCHEMAS = {CIN: CIN_TABLES, SSDA903: SSDA903_TABLES}
DATES = {CIN: CIN_DATES, SSDA903: SSDA903_DATES}
DATE_FORMATS = {CIN: "%Y-%m-%d", SSDA903: "%d/%m/%Y"}
#: A date must look like one before it is parsed (a two-digit year is not a date), with a
#: year the public validators can hold (pandas: 1678-2261).
DATE_SHAPES = {CIN: r"^\d{4}-\d{2}-\d{2}$", SSDA903: r"^\d{1,2}/\d{1,2}/\d{4}$"}


def _parse_date(kind: str, text: pl.Expr) -> pl.Expr:
    parsed = text.str.strptime(pl.Date, DATE_FORMATS[kind], strict=False)
    shaped = text.str.contains(DATE_SHAPES[kind]) & parsed.dt.year().is_between(1678, 2261)
    return pl.when(shaped).then(parsed).otherwise(None)


CHILD_ID = {CIN: "LAchildID", SSDA903: "CHILD"}


def frame(
    kind: str, table: str, columns: Mapping[str, Sequence[Any]] | None = None
) -> pl.DataFrame:
    """A table of a return from its columns of text (dates in the return's format).

    Columns the table has but ``columns`` lacks are null; unknown columns are an error (a
    misspelt column in a test would otherwise pass silently)."""
    names = SCHEMAS[kind][table]
    columns = columns or {}
    unknown = set(columns) - set(names)
    if unknown:
        raise KeyError(f"{table} has no column {', '.join(sorted(unknown))}")
    height = max((len(v) for v in columns.values()), default=0)
    text = pl.DataFrame(
        [
            pl.Series(
                name,
                [None if v is None else str(v) for v in columns.get(name, [None] * height)],
                dtype=pl.String,
            )
            for name in names
        ]
    )
    return typed(kind, table, text)


def typed(kind: str, table: str, text: pl.DataFrame) -> pl.DataFrame:
    """A table read as text (every column ``pl.String``, as a CSV reader gives it) in the
    table's schema: its columns in order, missing ones null, dates parsed beside ``_raw``."""
    out: list[pl.Expr] = []
    if kind == CIN:
        index = CIN_CHILD_INDEX
        given = pl.col(index) if index in text.columns else pl.lit(None)
        out.append(given.cast(pl.Int64).alias(index))
    for name in SCHEMAS[kind][table]:
        if name not in text.columns:
            value = pl.lit(None, dtype=pl.String)
        else:
            value = pl.col(name).cast(pl.String).str.strip_chars()
            value = pl.when(value == "").then(None).otherwise(value)
        if kind == CIN and name in CIN_KEYS:
            out.append(value.cast(pl.Int64).alias(name))
        elif name in DATES[kind]:
            out.append(_parse_date(kind, value).alias(name))
            out.append(value.alias(f"{name}_raw"))
        else:
            out.append(value.alias(name))
    return text.select(out)


def frame_from_rows(kind: str, table: str, rows: Sequence[Mapping[str, Any]]) -> pl.DataFrame:
    names = SCHEMAS[kind][table]
    unknown = {k for row in rows for k in row} - set(names)
    if unknown:
        raise KeyError(f"{table} has no column {', '.join(sorted(unknown))}")
    return frame(kind, table, {n: [row.get(n) for row in rows] for n in names})


@dataclass(frozen=True)
class Meta:
    """What a rule may know besides the tables: the collection year and its dates, and the
    authority (its LA number for the CIN census, its ONS code for the SSDA903 return)."""

    year: int
    la_code: str = ""
    #: The collection year whose DfE rule list applies: the year itself, except for the live
    #: records of a year whose list Sightline does not have yet (the latest list is used).
    rule_year: int = 0
    #: The live records of a year in progress are checked as if the year ended on this day
    #: (what would fail were the return made today), not on 31 March.
    ends_on: date | None = None

    @property
    def rules_from(self) -> int:
        return self.rule_year or self.year

    @property
    def collection_start(self) -> date:
        return date(self.year - 1, 4, 1)

    @property
    def collection_end(self) -> date:
        """31 March of the year (the CIN census reference date), or ``ends_on``."""
        return self.ends_on or date(self.year, 3, 31)


@dataclass
class Tables:
    """One return's tables (and, for rules that compare with last year, the previous return's)."""

    kind: str
    meta: Meta
    frames: dict[str, pl.DataFrame] = field(default_factory=dict)
    previous_frames: dict[str, pl.DataFrame] | None = None
    #: SSDA903 episodes that ended before last year's return, from the live records' whole
    #: care history (None for a file, which holds two years at most): rules 1001 and 1002 ask
    #: whether a care leaver was ever looked after.
    earlier_episodes: pl.DataFrame | None = None
    #: What rules derive from the tables and share within a run (the postcode-derived fields).
    derived: dict[str, Any] = field(default_factory=dict)
    #: Ofsted's register of providers as the URN rules read it (providers.queries.lookup),
    #: or None when none is loaded: those rules are then skipped.
    providers: pl.DataFrame | None = None

    def __getitem__(self, table: str) -> pl.DataFrame:
        got = self.frames.get(table)
        return got if got is not None else frame(self.kind, table)

    @property
    def has_previous(self) -> bool:
        return self.previous_frames is not None

    def previous(self, table: str) -> pl.DataFrame:
        """Last year's table; empty when no previous return was given (see ``has_previous``)."""
        got = (self.previous_frames or {}).get(table)
        return got if got is not None else frame(self.kind, table)

    @property
    def child_id(self) -> str:
        return CHILD_ID[self.kind]


def index_children_by_id(frames: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    """CIN census tables stated without ``<Child>`` blocks (a test's rows): each LA child ID is
    one child, its ``_child`` the ID's first position across the tables (rows with no ID are
    one child together)."""
    keyed = [f.select("LAchildID") for f in frames.values() if "LAchildID" in f.columns]
    if not keyed:
        return frames
    ids = pl.concat(keyed, how="vertical").unique(maintain_order=True)
    index = ids.with_row_index(CIN_CHILD_INDEX).with_columns(pl.col(CIN_CHILD_INDEX).cast(pl.Int64))
    return {
        name: f.drop(CIN_CHILD_INDEX)
        .join(index, on="LAchildID", how="left", nulls_equal=True, maintain_order="left")
        .select(f.columns)
        if "LAchildID" in f.columns
        else f
        for name, f in frames.items()
    }


def tables_from_rows(
    kind: str,
    year: int,
    rows: Mapping[str, Sequence[Mapping[str, Any]]],
    previous: Mapping[str, Sequence[Mapping[str, Any]]] | None = None,
    la_code: str = "",
) -> Tables:
    """Tables from rows of text: how tests state a case."""
    frames = {t: frame_from_rows(kind, t, r) for t, r in rows.items()}
    return Tables(
        kind=kind,
        meta=Meta(year=year, la_code=la_code),
        frames=index_children_by_id(frames) if kind == CIN and frames else frames,
        previous_frames=None
        if previous is None
        else {t: frame_from_rows(kind, t, r) for t, r in previous.items()},
    )
