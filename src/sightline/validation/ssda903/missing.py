"""SSDA903 rules on missing and away-from-placement episodes (missing.csv)."""

from __future__ import annotations

from datetime import date

import polars as pl

from sightline.validation.common import (
    bad_date,
    is_in,
    lit_date,
    missing,
    years_after,
)
from sightline.validation.rules import ssda903_rule
from sightline.validation.ssda903.helpers import (
    CHILD,
    extreme_row,
    holds,
    invalid_code,
    periods_of_care,
    with_previous_row,
)
from sightline.validation.tables import Tables


def _missing_outside_every_period(t: Tables, missing: pl.DataFrame, out: pl.Expr) -> pl.DataFrame:
    """Missing episodes for which ``out`` holds against every period of care of the child."""
    return (
        missing.with_row_index("_mis")
        .join(periods_of_care(t), on=CHILD, how="left")
        .filter(out.all().over("_mis"))
    )


@ssda903_rule("1004", fields=("MIS_START",))
def missing_episode_start_date_missing_or_invalid(t: Tables) -> pl.DataFrame:
    return t["Missing"].filter(missing("MIS_START"))


@ssda903_rule("1005", fields=("MIS_END",))
def missing_episode_end_date_invalid(t: Tables) -> pl.DataFrame:
    return t["Missing"].filter(bad_date("MIS_END"))


@ssda903_rule("1006", fields=("MISSING",))
def missing_type_invalid(t: Tables) -> pl.DataFrame:
    return t["Missing"].filter(invalid_code("MISSING", ("M", "A")))


@ssda903_rule("564", fields=("MISSING", "MIS_START"))
def missing_episode_without_start_date(t: Tables) -> pl.DataFrame:
    return t["Missing"].filter(
        is_in("MISSING", ("M", "A", "m", "a")) & pl.col("MIS_START_raw").is_null()
    )


@ssda903_rule("565", fields=("MISSING", "MIS_START"))
def missing_start_date_without_missing_type(t: Tables) -> pl.DataFrame:
    return t["Missing"].filter(pl.col("MIS_START_raw").is_not_null() & pl.col("MISSING").is_null())


@ssda903_rule("566", fields=("MISSING", "MIS_END"))
def missing_end_date_without_missing_type(t: Tables) -> pl.DataFrame:
    return t["Missing"].filter(pl.col("MISSING").is_null() & pl.col("MIS_END_raw").is_not_null())


@ssda903_rule("567", fields=("MIS_START", "MIS_END"))
def missing_episode_ends_before_it_starts(t: Tables) -> pl.DataFrame:
    return t["Missing"].filter(holds(pl.col("MIS_START") > pl.col("MIS_END")))


@ssda903_rule("570", fields=("MIS_START",))
def missing_episode_starts_after_year_end(t: Tables) -> pl.DataFrame:
    return t["Missing"].filter(holds(pl.col("MIS_START") > lit_date(t.meta.collection_end)))


@ssda903_rule("571", fields=("MIS_END",))
def missing_episode_ends_outside_year(t: Tables) -> pl.DataFrame:
    start = lit_date(t.meta.collection_start)
    end = lit_date(t.meta.collection_end)
    return t["Missing"].filter(holds(pl.col("MIS_END") < start) | holds(pl.col("MIS_END") > end))


@ssda903_rule("574", fields=("MIS_START", "MIS_END"))
def missing_episodes_overlap(t: Tables) -> pl.DataFrame:
    mis = t["Missing"].with_columns(
        pl.col("MIS_END").fill_null(pl.col("MIS_START")).alias("MIS_END_FILL")
    )
    ordered = with_previous_row(mis, ["MIS_END_FILL", "MIS_START"], ["MIS_END"])
    return ordered.filter(
        ~pl.col("_first")
        & (pl.col("MIS_END_PREV").is_null() | holds(pl.col("MIS_START") < pl.col("MIS_END_PREV")))
    )


@ssda903_rule("575", fields=("MIS_END",))
def missing_episode_open_after_placement_ended(t: Tables) -> pl.DataFrame:
    eps = t["Episodes"].select(CHILD, "DECOM", "DEC")
    return (
        t["Missing"]
        .join(eps, on=CHILD, how="inner")
        .filter(
            holds(pl.col("MIS_START") >= pl.col("DECOM"))
            & holds(pl.col("MIS_START") <= pl.col("DEC"))
            & pl.col("MIS_END_raw").is_null()
        )
    )


@ssda903_rule("576", fields=("CHILD",))
def open_missing_episode_last_year_not_continued(t: Tables) -> pl.DataFrame:
    if not t.has_previous:
        return t["Missing"].clear()
    # As the validators: the child's earliest missing episode this year (a blank start counts
    # as 1 January 2099) against each episode left open in last year's return.
    first = extreme_row(
        t["Missing"].with_columns(pl.col("MIS_START").fill_null(lit_date(date(2099, 1, 1)))),
        "MIS_START",
    )
    open_last = (
        t.previous("Missing")
        .filter(pl.col("MIS_END_raw").is_null())
        .select(CHILD, pl.col("MIS_START").alias("MIS_START_LAST"))
    )
    return first.join(open_last, on=CHILD, how="inner").filter(
        holds(pl.col("MIS_START") != pl.col("MIS_START_LAST"))
    )


@ssda903_rule("577", fields=("MIS_END",))
def missing_episode_open_after_leaving_care(t: Tables) -> pl.DataFrame:
    mis_start, mis_end = pl.col("MIS_START"), pl.col("MIS_END")
    poc_decom, poc_dec = pl.col("poc_DECOM"), pl.col("poc_DEC")
    out = (
        (mis_start.is_not_null() & mis_end.is_null() & poc_dec.is_not_null())
        | (mis_end.is_null() & holds(mis_start < poc_decom))
        | holds(mis_end > poc_dec)
        | holds(mis_end < poc_decom)
    )
    missing = t["Missing"].filter(pl.col("MIS_START").is_not_null())
    return _missing_outside_every_period(t, missing, out)


@ssda903_rule("578", fields=("MIS_START",))
def missing_episode_starts_after_leaving_care(t: Tables) -> pl.DataFrame:
    mis_start, poc_decom, poc_dec = pl.col("MIS_START"), pl.col("poc_DECOM"), pl.col("poc_DEC")
    out = holds(mis_start < poc_decom) | (holds(mis_start > poc_dec) & poc_dec.is_not_null())
    return _missing_outside_every_period(t, t["Missing"], out)


@ssda903_rule("580", fields=("REC",))
def missing_at_18th_birthday_leaving_care_not_e8(t: Tables) -> pl.DataFrame:
    mis = t["Missing"].select(CHILD, "MIS_END", years_after("DOB", 18).alias("BD18"))
    return (
        t["Episodes"]
        .join(mis, on=CHILD, how="inner")
        .filter(
            holds(pl.col("BD18") == pl.col("MIS_END"))
            & holds(pl.col("MIS_END") == pl.col("DEC"))
            & pl.col("REC").ne("E8").fill_null(True)
        )
    )


@ssda903_rule("581", fields=("MIS_START",))
def missing_outside_every_episode(t: Tables) -> pl.DataFrame:
    eps = t["Episodes"].select(CHILD, "DECOM", "DEC")
    in_episode = holds(pl.col("MIS_START") >= pl.col("DECOM")) & (
        holds(pl.col("MIS_START") <= pl.col("DEC")) | pl.col("DEC").is_null()
    )
    return (
        t["Missing"]
        .with_row_index("_mis")
        .join(eps, on=CHILD, how="inner")
        .filter(~in_episode.any().over("_mis"))
    )


@ssda903_rule("586", fields=("MIS_START",))
def missing_episode_before_birth(t: Tables) -> pl.DataFrame:
    return t["Missing"].filter(holds(pl.col("MIS_START") <= pl.col("DOB")))


UNIMPLEMENTED: dict[str, str] = {}
