"""What several CIN census rules share: the keys of a child and an episode, the true and false
flags, and dates inside or outside the census year."""

from __future__ import annotations

import polars as pl

from sightline.validation.common import (
    collection_end,
    collection_start,
    missing,
    present,
)
from sightline.validation.tables import CIN_CHILD, Tables

#: A child is its <Child> block (tables.CIN_CHILD): joins key on it, never on the ID alone.
CHILD = list(CIN_CHILD)


FALSE = ("false", "0")


TRUE = ("true", "1")


def before_referral(t: Tables, table: str, column: str) -> pl.DataFrame:
    """Rows of ``table`` whose ``column`` is before their episode's referral date."""
    referrals = t["CINdetails"].select(*EPISODE, "CINreferralDate")
    return (
        t[table]
        .select(*EPISODE, column)
        .join(referrals, on=EPISODE, how="left", nulls_equal=True)
        .filter(pl.col(column) < pl.col("CINreferralDate"))
    )


EPISODE = (*CIN_CHILD, "CINdetailsID")


def in_year(t: Tables, name: str) -> pl.Expr:
    """The date falls in the census year (null when the date is null)."""
    return pl.col(name).is_between(collection_start(t), collection_end(t))


def outside_year(t: Tables, name: str) -> pl.Expr:
    """The date is before or after the census year (null when the date is null)."""
    return (pl.col(name) < collection_start(t)) | (pl.col(name) > collection_end(t))


def lower_in(name: str, values: tuple[str, ...]) -> pl.Expr:
    return pl.col(name).str.to_lowercase().is_in(list(values)).fill_null(False)


def starts_while_another_is_open(
    rows: pl.DataFrame, start: str, end: str, still_open: pl.Expr, t: Tables
) -> pl.DataFrame:
    """Rows (with a start date) of one CIN details group whose start falls on or between the
    start and end of another row of the group, or its start and the reference date when it has
    no end and is still open; as the reference, a row is "another" unless its start and end are
    both the same."""
    rows = rows.filter(present(start))
    other = rows.select(
        *EPISODE,
        pl.col(start).alias("_start_2"),
        pl.col(end).alias("_end_2"),
        still_open.alias("_open_2"),
    )
    begins = pl.col(start)
    return (
        rows.join(other, on=EPISODE)
        .filter(~(begins.eq(pl.col("_start_2")) & pl.col(end).eq_missing(pl.col("_end_2"))))
        .filter(
            (begins >= pl.col("_start_2"))
            & (
                (present("_end_2") & (begins <= pl.col("_end_2")))
                | (missing("_end_2") & pl.col("_open_2") & (begins <= collection_end(t)))
            )
        )
    )
