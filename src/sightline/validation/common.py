"""Expressions several rules share: ages, working days and code lists, as Polars expressions."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import cache

import polars as pl

from sightline.core.calendar import bank_holidays
from sightline.validation.tables import Tables


def lit_date(day: object) -> pl.Expr:
    return pl.lit(day, dtype=pl.Date)


def age_on(birth: pl.Expr | str, day: pl.Expr | str) -> pl.Expr:
    """Whole years of age on ``day`` for someone born on ``birth`` (null if either is null).

    A child born on 29 February has their birthday on 1 March in other years, as in law."""
    b = pl.col(birth) if isinstance(birth, str) else birth
    d = pl.col(day) if isinstance(day, str) else day
    before_birthday = (d.dt.month() < b.dt.month()) | (
        (d.dt.month() == b.dt.month()) & (d.dt.day() < b.dt.day())
    )
    return d.dt.year() - b.dt.year() - before_birthday.cast(pl.Int32)


def years_after(day: pl.Expr | str, years: int) -> pl.Expr:
    """The date ``years`` after ``day`` (29 February moves to 28 February in a common year)."""
    d = pl.col(day) if isinstance(day, str) else day
    return d.dt.offset_by(f"{years}y")


@cache
def _holidays() -> tuple[date, ...]:
    return tuple(sorted(bank_holidays()))


def add_working_days(day: pl.Expr | str, n: int) -> pl.Expr:
    """``n`` working days (Monday to Friday, not an England bank holiday) after ``day``."""
    d = pl.col(day) if isinstance(day, str) else day
    return d.dt.add_business_days(n, holidays=list(_holidays()), roll="forward")


def working_days_between(start: pl.Expr | str, end: pl.Expr | str) -> pl.Expr:
    """Working days from ``start`` (excluded) to ``end`` (included), as the DfE counts them."""
    s = pl.col(start) if isinstance(start, str) else start
    e = pl.col(end) if isinstance(end, str) else end
    return pl.business_day_count(s, e, holidays=list(_holidays()))


def is_in(name: str, codes: Iterable[str]) -> pl.Expr:
    """The column holds one of ``codes`` (a null is not in the list)."""
    return pl.col(name).is_in(list(codes)).fill_null(False)


def present(name: str) -> pl.Expr:
    return pl.col(name).is_not_null()


def missing(name: str) -> pl.Expr:
    return pl.col(name).is_null()


def bad_date(name: str) -> pl.Expr:
    """Text was given for a date column but it is not a date in the return's format."""
    return pl.col(f"{name}_raw").is_not_null() & pl.col(name).is_null()


# --- The collection year and the return's tables -------------------------------------------------


def collection_start(t: Tables) -> pl.Expr:
    """1 April of the collection year, as a date literal."""
    return lit_date(t.meta.collection_start)


def collection_end(t: Tables) -> pl.Expr:
    """31 March of the collection year, as a date literal."""
    return lit_date(t.meta.collection_end)


def given(t: Tables, *tables: str) -> bool:
    """Every table's file was part of the return (even with no rows): the reference skips a
    rule when a table it needs is absent (``table in dfs``)."""
    return all(name in t.frames for name in tables)


def given_last(t: Tables, *tables: str) -> bool:
    """Last year's return was given and holds every table (``table + "_last" in dfs``)."""
    return t.previous_frames is not None and all(name in t.previous_frames for name in tables)


def no_failures(t: Tables) -> pl.DataFrame:
    """No failing rows (what a rule returns when a table it needs is absent)."""
    return pl.DataFrame(schema={t.child_id: pl.String})


def looked_after_all_year(t: Tables) -> pl.DataFrame:
    """SSDA903: each child (``CHILD``) and ``CLA``, looked after continuously for the 12 months
    to 31 March as the DfE's guide defines it (the reference's
    ``add_col_to_episodes_CONTINUOUSLY_LOOKED_AFTER``): in care during the year, and no episode
    that starts care (RNE S) after 1 April, ends care (REC other than X1, or blank) before 31
    March, or is a V3/V4 short break in the year."""
    start, end = collection_start(t), collection_end(t)
    decom, dec = pl.col("DECOM"), pl.col("DEC")
    during = ((decom <= end) & ((dec >= start) | dec.is_null())).fill_null(False)
    enters = (is_in("RNE", ["S"]) & (decom > start) & (decom <= end)).fill_null(False)
    leaves = (pl.col("REC").ne_missing("X1") & (dec >= start) & (dec < end)).fill_null(False)
    short_breaks = is_in("LS", ["V3", "V4"]) & during
    return (
        t["Episodes"]
        .group_by("CHILD")
        .agg((during.any() & ~(enters | leaves | short_breaks).any()).alias("CLA"))
    )
