"""SSDA903 rules on deprivation of liberty orders (dolo.csv, from 2026-27)."""

from __future__ import annotations

import polars as pl

from sightline.validation.common import (
    bad_date,
    collection_end,
    collection_start,
    given,
    given_last,
    is_in,
    missing,
    no_failures,
    present,
)
from sightline.validation.rules import ssda903_rule
from sightline.validation.ssda903.helpers import CHILD, dayfirst, periods_of_care
from sightline.validation.tables import Tables

DOLO_PLACEMENTS = ("K2", "Z12", "Z13")


DOLO_BARRED_PLACEMENTS = ("K1", "P1", "R5", "K3")


def _dolo_episodes(t: Tables) -> pl.DataFrame:
    """Episodes that overlap a DoLO given with a start and an end."""
    dolo = t["DoLo"].filter(present("DOLO_START_raw") & present("DOLO_END_raw"))
    return (
        t["Episodes"]
        .with_columns(dayfirst("DEC"), dayfirst("DECOM"))
        .join(
            dolo.select(CHILD, dayfirst("DOLO_START"), dayfirst("DOLO_END")),
            on=CHILD,
            nulls_equal=True,
        )
        .filter(
            ((pl.col("DOLO_START") <= pl.col("DEC")).fill_null(False) | missing("DEC"))
            & (pl.col("DOLO_END") >= pl.col("DECOM")).fill_null(False)
        )
    )


@ssda903_rule("700", fields=("DOLO_START",))
def dolo_start_not_a_valid_date(t: Tables) -> pl.DataFrame:
    return t["DoLo"].filter(missing("DOLO_START"))


@ssda903_rule("701", fields=("DOLO_END",))
def dolo_end_not_a_valid_date(t: Tables) -> pl.DataFrame:
    return t["DoLo"].filter(bad_date("DOLO_END"))


@ssda903_rule("702", fields=("DOLO_START", "DOLO_END"))
def dolo_ends_on_or_before_its_start(t: Tables) -> pl.DataFrame:
    return t["DoLo"].filter(pl.col("DOLO_END") <= pl.col("DOLO_START"))


@ssda903_rule("703", fields=("DOLO_START",))
def dolo_starts_after_year_end(t: Tables) -> pl.DataFrame:
    return t["DoLo"].filter(pl.col("DOLO_START") > collection_end(t))


@ssda903_rule("704", fields=("DOLO_END",))
def dolo_ends_outside_the_year(t: Tables) -> pl.DataFrame:
    return t["DoLo"].filter(
        (pl.col("DOLO_END") > collection_end(t)) | (pl.col("DOLO_END") < collection_start(t))
    )


@ssda903_rule("705", fields=("DOLO_START", "DOLO_END"))
def dolo_starts_while_previous_still_open(t: Tables) -> pl.DataFrame:
    # The reference pairs each DoLO with the one before it (ordered by end, or start when
    # open, then start) and fails it when that one is open or ends after it starts.
    ordered = (
        t["DoLo"]
        .filter(present(CHILD))
        .with_columns(pl.col("DOLO_END").fill_null(pl.col("DOLO_START")).alias("_end_fill"))
        .sort([CHILD, "_end_fill", "DOLO_START"], nulls_last=True, maintain_order=True)
        .with_columns(
            pl.col("DOLO_END").shift(1).over(CHILD).alias("_end_prev"),
            pl.int_range(pl.len()).over(CHILD).alias("_n"),
        )
    )
    return ordered.filter(
        (pl.col("_n") > 0)
        & (missing("_end_prev") | (pl.col("DOLO_START") < pl.col("_end_prev")).fill_null(False))
    )


@ssda903_rule("706", fields=("DOLO_START",))
def open_dolo_last_year_not_carried_into_this_year(t: Tables) -> pl.DataFrame:
    # Last year's open DoLOs whose start (as the text given) is not a start this year; the
    # failing rows are last year's.
    # The reference stops with an error when last year's return has no DoLO table.
    if not (given(t, "DoLo") and given_last(t, "DoLo")):
        return no_failures(t)
    this_year = t["DoLo"].select(CHILD, "DOLO_START_raw")
    return (
        t.previous("DoLo")
        .filter(missing("DOLO_END_raw"))
        .join(this_year, on=[CHILD, "DOLO_START_raw"], how="anti", nulls_equal=True)
    )


@ssda903_rule("707", fields=("DOLO_END",))
def dolo_open_after_care_ended(t: Tables) -> pl.DataFrame:
    # Ported from the reference (its rule 577 logic for missing episodes): a DoLO fails when
    # it falls outside every period of care of the child.
    dolo = t["DoLo"].filter(present("DOLO_START")).with_row_index("_row")
    start, end = pl.col("DOLO_START"), pl.col("DOLO_END")
    out_of_period = (
        (missing("DOLO_END") & present("poc_DEC"))
        | (missing("DOLO_END") & (start < pl.col("poc_DECOM")).fill_null(False))
        | (end > pl.col("poc_DEC")).fill_null(False)
        | (end < pl.col("poc_DECOM")).fill_null(False)
    )
    failing = (
        dolo.join(periods_of_care(t), on=CHILD, how="left", nulls_equal=True)
        .group_by("_row")
        .agg(out_of_period.all().alias("_out"))
        .filter(pl.col("_out"))
    )
    return dolo.join(failing, on="_row", how="semi")


@ssda903_rule("708", fields=("DOLO_START",))
def dolo_starts_on_or_before_birth(t: Tables) -> pl.DataFrame:
    return t["DoLo"].filter(pl.col("DOLO_START") <= pl.col("DOB"))


@ssda903_rule("709", fields=("DOLO_START", "PLACE"))
def dolo_during_unexpected_placement(t: Tables) -> pl.DataFrame:
    # The reference reads a PLACEMENT column the episodes do not have (and so stops with an
    # error); this follows the DfE wording and reads PLACE.
    return _dolo_episodes(t).filter(~is_in("PLACE", DOLO_PLACEMENTS))


@ssda903_rule("710", fields=("DOLO_START", "PLACE"))
def dolo_during_barred_placement(t: Tables) -> pl.DataFrame:
    # As 709: PLACE, where the reference reads a PLACEMENT column that does not exist.
    return _dolo_episodes(t).filter(is_in("PLACE", DOLO_BARRED_PLACEMENTS))


UNIMPLEMENTED: dict[str, str] = {}
