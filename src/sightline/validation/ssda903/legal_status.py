"""SSDA903 rules on legal status (LS) and short breaks (V3/V4): codes, ages, how long an order
or a run of short breaks may last."""

from __future__ import annotations

from datetime import date

import polars as pl

from sightline.validation.common import (
    collection_end,
    collection_start,
    is_in,
    years_after,
)
from sightline.validation.rules import ssda903_rule
from sightline.validation.ssda903.helpers import (
    LS,
    SHORT_BREAKS,
    TEMPORARY,
    episodes_with_dob,
    holds,
    in_order,
    invalid_code,
)
from sightline.validation.tables import Tables


def _run_of_status_too_long(t: Tables, status: str, days: int) -> pl.DataFrame:
    """Episodes under ``status`` in a run of them (each ending the day the next starts) lasting
    more than ``days`` days; an open episode runs to the end of the year (rules 361, 362).

    The reference joins each run back to its episodes on the child ID and run number pasted
    together as text, which mixes up child "1" run 12 with child "11" run 2; runs are kept
    apart here, as the DfE intends."""
    ordered = in_order(t["Episodes"], "DECOM").with_columns(
        pl.col("DEC").fill_null(collection_end(t))
    )
    ordered = ordered.with_columns(
        flows=(
            (pl.col("DEC") == pl.col("DECOM").shift(-1))
            & (pl.col("CHILD") == pl.col("CHILD").shift(-1))
        ).fill_null(False)
    ).filter(pl.col("LS") == status)
    runs = ordered.with_columns(
        run=(~pl.col("flows").shift(1).fill_null(False)).cast(pl.Int64).cum_sum()
    ).filter(pl.col("CHILD").is_not_null())
    length = (pl.col("DEC").max() - pl.col("DECOM").min()).over("CHILD", "run").dt.total_days()
    return runs.filter(length > days)


def _period_of_status_too_long(t: Tables, status: str, days: int) -> pl.DataFrame:
    """Episodes under ``status`` whose period (episodes in file order, one starting no later
    than the one before ended, same child) adds up to more than ``days`` days; an open episode
    runs to the end of the year (rules 363, 364)."""
    eps = t["Episodes"].filter((pl.col("LS") == status) & pl.col("DECOM").is_not_null())
    eps = eps.with_columns(
        pl.when(pl.col("DEC_raw").is_null())
        .then(collection_end(t))
        .otherwise(pl.col("DEC"))
        .alias("DEC")
    )
    new_period = (pl.col("DECOM") > pl.col("DEC").shift(1)).fill_null(False) | pl.col(
        "CHILD"
    ).ne_missing(pl.col("CHILD").shift(1))
    eps = eps.with_columns(
        period=new_period.cast(pl.Int64).cum_sum(),
        duration=(pl.col("DEC") - pl.col("DECOM")).dt.total_days(),
    )
    return eps.filter(pl.col("duration").sum().over("period") > days)


@ssda903_rule("144", fields=("LS",))
def legal_status_invalid(t: Tables) -> pl.DataFrame:
    return t["Episodes"].filter(invalid_code("LS", LS))


@ssda903_rule("358", fields=("DECOM", "DOB", "LS"))
def youth_justice_legal_status_under_10(t: Tables) -> pl.DataFrame:
    return episodes_with_dob(t).filter(
        is_in("LS", ("J1", "J2", "J3")) & (years_after("DOB", 10) >= pl.col("DECOM"))
    )


@ssda903_rule("359", fields=("DEC", "LS", "PLACE"))
def over_18_open_episode_not_v2_in_community_home(t: Tables) -> pl.DataFrame:
    return episodes_with_dob(t).filter(
        (years_after("DOB", 18) < collection_end(t))
        & pl.col("DEC_raw").is_null()
        & ~holds((pl.col("LS") == "V2") & (pl.col("PLACE") == "K2"))
    )


@ssda903_rule("361", fields=("DECOM", "LS", "DEC"))
def police_protection_longer_than_72_hours(t: Tables) -> pl.DataFrame:
    return _run_of_status_too_long(t, "L1", 3)


@ssda903_rule("362", fields=("DECOM", "LS", "DEC"))
def emergency_protection_order_longer_than_21_days(t: Tables) -> pl.DataFrame:
    return _run_of_status_too_long(t, "L2", 21)


@ssda903_rule("363", fields=("LS", "DECOM", "DEC"))
def child_assessment_order_longer_than_7_days(t: Tables) -> pl.DataFrame:
    return _period_of_status_too_long(t, "L3", 7)


@ssda903_rule("364", fields=("LS", "DECOM", "DEC"))
def pace_detention_longer_than_21_days(t: Tables) -> pl.DataFrame:
    return _period_of_status_too_long(t, "J2", 21)


@ssda903_rule("365", fields=("LS", "DECOM", "DEC"))
def respite_placement_longer_than_17_days(t: Tables) -> pl.DataFrame:
    dec = pl.when(pl.col("DEC_raw").is_null()).then(collection_end(t)).otherwise(pl.col("DEC"))
    return t["Episodes"].filter(
        (pl.col("LS") == "V3") & (dec > pl.col("DECOM").dt.offset_by("17d"))
    )


@ssda903_rule("366", fields=("RNE",))
def respite_episode_not_started_as_new_period(t: Tables) -> pl.DataFrame:
    return t["Episodes"].filter((pl.col("LS") == "V3") & pl.col("RNE").ne_missing("S"))


@ssda903_rule("367", fields=("LS", "DECOM", "DEC"))
def respite_more_than_75_days_in_year(t: Tables) -> pl.DataFrame:
    eps = t["Episodes"].filter((pl.col("LS") == "V3") & pl.col("DECOM_raw").is_not_null())
    dec = (
        pl.when(pl.col("DEC_raw").is_null() | (pl.col("DEC") > collection_end(t)).fill_null(False))
        .then(collection_end(t))
        .otherwise(pl.col("DEC"))
    )
    decom = (
        pl.when((pl.col("DECOM") < collection_start(t)).fill_null(False))
        .then(collection_start(t))
        .otherwise(pl.col("DECOM"))
    )
    eps = eps.with_columns(duration=(dec - decom).dt.total_days()).filter(pl.col("duration") > 0)
    return eps.filter(pl.col("duration").sum().over("CHILD") > 75)


@ssda903_rule("378", fields=("PLACE", "LS"))
def placed_with_parents_under_single_period_s20(t: Tables) -> pl.DataFrame:
    return t["Episodes"].filter((pl.col("PLACE") == "P1") & (pl.col("LS") == "V2"))


@ssda903_rule("382", fields=("LS", "PLACE"))
def respite_in_temporary_placement(t: Tables) -> pl.DataFrame:
    return t["Episodes"].filter(is_in("LS", SHORT_BREAKS) & is_in("PLACE", TEMPORARY))


@ssda903_rule("384", fields=("PLACE", "LS"))
def respite_in_long_term_foster_placement(t: Tables) -> pl.DataFrame:
    return t["Episodes"].filter(is_in("LS", SHORT_BREAKS) & is_in("PLACE", ("U1", "U4")))


@ssda903_rule("399", fields=("MOTHER", "LS", "REVIEW", "REVIEW_CODE"))
def mother_or_review_completed_for_respite_only_child(t: Tables) -> pl.DataFrame:
    respite_only = t["Episodes"].filter(is_in("LS", SHORT_BREAKS).all().over("CHILD"))
    completed = pl.concat(
        [
            t["Header"].filter(pl.col("MOTHER").is_not_null()).select("CHILD"),
            t["Reviews"]
            .filter(pl.col("REVIEW_raw").is_not_null() | pl.col("REVIEW_CODE").is_not_null())
            .select("CHILD"),
        ]
    )
    return respite_only.join(completed, on="CHILD", how="semi")


@ssda903_rule("426", fields=("LS",))
def respite_under_both_v3_and_v4(t: Tables) -> pl.DataFrame:
    eps = t["Episodes"].filter(is_in("LS", SHORT_BREAKS))
    return eps.filter(pl.col("LS").n_unique().over("CHILD") == 2)


@ssda903_rule("446", fields=("LS", "DECOM"))
def e1_before_december_2005(t: Tables) -> pl.DataFrame:
    return t["Episodes"].filter(
        (pl.col("LS") == "E1") & (pl.col("DECOM") < pl.lit(date(2005, 12, 1), dtype=pl.Date))
    )


UNIMPLEMENTED: dict[str, str] = {}
