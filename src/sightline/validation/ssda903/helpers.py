"""What several SSDA903 rules share: the code lists, each child's first or last episode,
episodes in order and beside the one before, periods of care, and pandas' way with a missing
value (the public validators these rules are ported from compare with pandas)."""

from __future__ import annotations

import polars as pl

from sightline.validation.common import (
    is_in,
    looked_after_all_year,
    present,
)
from sightline.validation.tables import Tables


def holds(condition: pl.Expr) -> pl.Expr:
    """The condition as pandas has it: a comparison with a missing value is False."""
    return condition.fill_null(False)


def differs(a: pl.Expr, b: pl.Expr) -> pl.Expr:
    """``a != b`` as pandas has it: True when either side is missing."""
    return ~holds(a == b)


def any_given(*names: str) -> pl.Expr:
    """At least one of the columns is given."""
    return pl.any_horizontal(present(n) for n in names)


def all_given(*names: str) -> pl.Expr:
    """Every one of the columns is given."""
    return pl.all_horizontal(present(n) for n in names)


def extreme_row(df: pl.DataFrame, by: str, latest: bool = False) -> pl.DataFrame:
    """Each child's row with the earliest (or latest) ``by``, the first such row in the file on
    a tie, as pandas' ``idxmin``/``idxmax`` pick it; rows where ``by`` is missing are skipped."""
    df = df.filter(pl.col(by).is_not_null())
    pick = pl.col(by).max() if latest else pl.col(by).min()
    return df.filter(pl.col(by) == pick.over(CHILD)).unique(
        CHILD, keep="first", maintain_order=True
    )


def first_episode(episodes: pl.DataFrame, by: str = "DECOM") -> pl.DataFrame:
    """Each child's earliest episode (by ``by``, the start date unless said), the first in the
    file on a tie; an episode with no valid date never counts."""
    return extreme_row(episodes, by)


def last_episode(episodes: pl.DataFrame, by: str = "DECOM") -> pl.DataFrame:
    """Each child's latest-starting episode (by ``by``), the first in the file on a tie."""
    return extreme_row(episodes, by, latest=True)


CARE_LEAVER = ("IN_TOUCH", "ACTIV", "ACCOM")


SHORT_BREAKS = ("V3", "V4")


def invalid_code(name: str, codes: tuple[str, ...]) -> pl.Expr:
    """Given, but not one of ``codes`` (a blank passes)."""
    return present(name) & ~is_in(name, codes)


RNE = ("S", "P", "L", "T", "U", "B")


LS = ("C1", "C2", "D1", "E1", "V2", "V3", "V4", "J1", "J2", "J3", "L1", "L2", "L3")


REC = (
    "E11", "E12", "E2", "E3", "E4A", "E4B", "E13", "E41", "E45", "E46", "E47", "E48", "E5",
    "E6", "E7", "E8", "E9", "E14", "E15", "E16", "E17", "X1",
)  # fmt: skip


PLACE_PROVIDER = ("PR0", "PR1", "PR2", "PR3", "PR4", "PR5")


REVIEW_CODE = ("PN0", "PN1", "PN2", "PN3", "PN4", "PN5", "PN6", "PN7")


IN_TOUCH = ("YES", "NO", "DIED", "REFU", "NREQ", "RHOM")


ACTIV = ("F1", "P1", "F2", "P2", "F4", "P4", "F5", "P5", "G4", "G5", "G6", "0")


ACCOM = (
    "B1", "B2", "C1", "C2", "D1", "D2", "E1", "E2", "G1", "G2", "H1", "H2", "K1", "K2", "R1",
    "R2", "S2", "T1", "T2", "U1", "U2", "V1", "V2", "W1", "W2", "X2", "Y1", "Y2", "Z1", "Z2",
    "0",
)  # fmt: skip


TEMPORARY = ("T0", "T1", "T2", "T3", "T4")


ADOPTED = ("E11", "E12")


def children(*frames: pl.DataFrame) -> pl.DataFrame:
    return pl.concat([f.select("CHILD") for f in frames])


def with_cla(t: Tables, table: str) -> pl.DataFrame:
    return (
        t[table]
        .join(looked_after_all_year(t), on="CHILD", how="left")
        .with_columns(pl.col("CLA").fill_null(False))
    )


#: Episode columns that say where a child is placed (rules 434 to 436).
PLACEMENT = ("PLACE", "PL_POST", "URN", "PLACE_PROVIDER")


def episodes_with_dob(t: Tables) -> pl.DataFrame:
    return t["Episodes"].join(t["Header"].select("CHILD", "DOB"), on="CHILD", how="left")


def in_order(episodes: pl.DataFrame, *by: str) -> pl.DataFrame:
    """Episodes sorted by child and ``by`` (missing values last, ties in file order)."""
    return (
        episodes.with_row_index("_row").sort(["CHILD", *by, "_row"], nulls_last=True).drop("_row")
    )


def with_previous(episodes: pl.DataFrame, columns: tuple[str, ...]) -> pl.DataFrame:
    """Each episode beside the row before it (``<col>_PRE``), in the frame's order."""
    return episodes.with_columns(
        pl.col(c).shift(1).alias(f"{c}_PRE") for c in ("CHILD", *columns)
    ).with_columns(same_child=(pl.col("CHILD") == pl.col("CHILD_PRE")).fill_null(False))


CHILD = "CHILD"


def with_previous_row(df: pl.DataFrame, order: list[str], cols: list[str]) -> pl.DataFrame:
    """Rows sorted by child then ``order`` (nulls last, ties in file order), each with the
    previous row's ``cols`` (as ``<col>_PREV``) and ``_first`` for a child's first row."""
    ordered = df.sort([CHILD, *order], nulls_last=True, maintain_order=True)
    return ordered.with_columns(
        *(pl.col(c).shift(1).over(CHILD).alias(f"{c}_PREV") for c in cols),
        (pl.int_range(pl.len()).over(CHILD) == 0).alias("_first"),
    )


def periods_of_care(t: Tables) -> pl.DataFrame:
    """Each child's periods of care as the validators build them (rules 577, 578 and 707): episodes
    with a start date in child and start order, a new period when an episode starts after the
    previous one ended; ``poc_DECOM`` is the first start, ``poc_DEC`` the last episode's end."""
    eps = (
        t["Episodes"]
        .filter(pl.col("DECOM").is_not_null())
        .sort([CHILD, "DECOM"], maintain_order=True)
        .with_columns(
            (
                holds(pl.col("DECOM") > pl.col("DEC").shift(1))
                | pl.col(CHILD).ne(pl.col(CHILD).shift(1)).fill_null(True)
            )
            .cast(pl.Int64)
            .cum_sum()
            .alias("period")
        )
    )
    return (
        eps.group_by("period", maintain_order=True)
        .agg(
            pl.col(CHILD).first(),
            pl.col("DECOM").first().alias("poc_DECOM"),
            pl.col("DEC").last().alias("poc_DEC"),
        )
        .drop("period")
    )


def dayfirst(name: str) -> pl.Expr:
    """A date as the reference reads it with ``pd.to_datetime(dayfirst=True)`` (no format):
    besides dd/mm/yyyy it also takes a year-first date such as 2020/01/31 or 2020-01-31."""
    raw = pl.col(f"{name}_raw").str.strip_chars()
    year_first = (raw.str.strptime(pl.Date, f, strict=False) for f in ("%Y/%m/%d", "%Y-%m-%d"))
    return pl.coalesce(pl.col(name), *year_first).alias(name)
