"""SSDA903 rules on unaccompanied asylum-seeking children (uasc.csv): the date UASC status
ceased, against the child's age and last year's return."""

from __future__ import annotations

from datetime import date

import polars as pl

from sightline.validation.common import (
    bad_date,
    collection_end,
    collection_start,
    given,
    given_last,
    lit_date,
    missing,
    no_failures,
    years_after,
)
from sightline.validation.rules import ssda903_rule
from sightline.validation.ssda903.helpers import (
    CARE_LEAVER,
    any_given,
)
from sightline.validation.tables import Tables


def _uasc_flags(header: pl.DataFrame, uasc: pl.DataFrame) -> pl.DataFrame:
    """CHILD and the header's ``UASC`` ("1"/"0") as the reference's CSV ingress makes it: "1"
    for a child in the UASC table; with no header table, from the UASC table itself ("1" where
    SEX or DUC is given)."""
    if header.height:
        marked = uasc.select("CHILD").unique().with_columns(UASC=pl.lit("1"))
        return (
            header.select("CHILD")
            .join(marked, on="CHILD", how="left")
            .with_columns(pl.col("UASC").fill_null("0"))
        )
    given = any_given("SEX", "DUC_raw")
    return uasc.select("CHILD", UASC=pl.when(given).then(pl.lit("1")).otherwise(pl.lit("0")))


def _uasc_both_years(t: Tables) -> pl.DataFrame:
    """This year's UASC rows with the header's UASC flag, beside last year's (``*_last``)."""
    current = t["UASC"].join(_uasc_flags(t["Header"], t["UASC"]), on="CHILD", how="left")
    last_uasc = t.previous("UASC")
    last = last_uasc.select("CHILD", DUC_last="DUC", DOB18=years_after("DOB", 18)).join(
        _uasc_flags(t.previous("Header"), last_uasc).rename({"UASC": "UASC_last"}),
        on="CHILD",
        how="left",
    )
    return current.join(last, on="CHILD", how="left")


def _last_year(t: Tables) -> tuple[pl.Expr, pl.Expr]:
    return lit_date(date(t.meta.year - 2, 4, 1)), lit_date(date(t.meta.year - 1, 3, 31))


@ssda903_rule("104", fields=("DUC",))
def uasc_ceased_date_invalid(t: Tables) -> pl.DataFrame:
    # As the reference, a date before the collection year fails too.
    return t["UASC"].filter(
        bad_date("DUC") | (pl.col("DUC") < collection_start(t)).fill_null(False)
    )


@ssda903_rule("1014", fields=("ACTIV", "ACCOM", "IN_TOUCH", "DUC"))
def uasc_info_for_care_leaver(t: Tables) -> pl.DataFrame:
    if not (given(t, "UASC") and given(t, "Episodes") and given(t, "OC3")):
        return no_failures(t)
    start, end = collection_start(t), collection_end(t)
    in_year = ((pl.col("DEC") >= start) & (pl.col("DECOM") <= end)).fill_null(False) | (
        (pl.col("DECOM") <= end).fill_null(False) & missing("DEC")
    )
    not_in_care = (
        t["Episodes"]
        .group_by("CHILD")
        .agg(in_year.sum().alias("episodes_in_year"))
        .filter(pl.col("episodes_in_year") == 0)
        .select("CHILD")
    )
    return (
        t["OC3"]
        .filter(any_given(*CARE_LEAVER))
        .join(not_in_care, on="CHILD", how="semi")
        .join(t["UASC"].select("CHILD"), on="CHILD", how="semi")
    )


@ssda903_rule("205A", fields=("DUC", "UASC"))
def uasc_last_year_only_but_duc_disagrees(t: Tables) -> pl.DataFrame:
    if not (given(t, "UASC") and given_last(t, "UASC")):
        return no_failures(t)
    start_last, end_last = _last_year(t)
    last_year_only = pl.col("UASC").ne_missing("1") & pl.col("UASC_last").eq_missing("1")
    ceased_last_year = pl.col("DUC_last").is_between(start_last, end_last).fill_null(False)
    return _uasc_both_years(t).filter(
        last_year_only & (pl.col("DUC_raw").is_not_null() | ~ceased_last_year)
    )


@ssda903_rule("205B", fields=("DUC", "UASC"))
def uasc_both_years_but_duc_disagrees(t: Tables) -> pl.DataFrame:
    if not (given(t, "UASC") and given_last(t, "UASC")):
        return no_failures(t)
    both = pl.col("UASC").eq_missing("1") & pl.col("UASC_last").eq_missing("1")
    ceased_this_year = (
        pl.col("DUC").is_between(collection_start(t), collection_end(t)).fill_null(False)
    )
    same_duc = (pl.col("DUC") == pl.col("DUC_last")).fill_null(False)
    last_duc_is_18th = (pl.col("DUC_last") == pl.col("DOB18")).fill_null(False)
    return _uasc_both_years(t).filter(both & ((~ceased_this_year & ~same_duc) | ~last_duc_is_18th))


@ssda903_rule("205C", fields=("DUC", "UASC"))
def duc_given_for_child_never_uasc(t: Tables) -> pl.DataFrame:
    if not (given(t, "UASC") and given_last(t, "UASC")):
        return no_failures(t)
    never = (pl.col("UASC").is_null() | (pl.col("UASC") == "0")).fill_null(False) & (
        pl.col("UASC_last").is_null() | (pl.col("UASC_last") == "0")
    ).fill_null(False)
    return _uasc_both_years(t).filter(
        never & (pl.col("DUC").is_not_null() | pl.col("DUC_last").is_not_null())
    )


@ssda903_rule("205D", fields=("UASC", "CHILD"))
def uasc_this_year_not_last_year(t: Tables) -> pl.DataFrame:
    # The reference needs a UASC table each year for the header's UASC flag (its ingress).
    if not (given(t, "UASC") and given_last(t, "UASC")):
        return no_failures(t)
    now = _uasc_flags(t["Header"], t["UASC"])
    last = _uasc_flags(t.previous("Header"), t.previous("UASC")).rename({"UASC": "UASC_last"})
    return now.join(last, on="CHILD", how="inner").filter(
        pl.col("UASC").eq_missing("1") & pl.col("UASC_last").ne_missing("1")
    )


@ssda903_rule("231", fields=("DOB", "UASC"))
def uasc_under_11(t: Tables) -> pl.DataFrame:
    # The reference reads Header["UASC_STATUS"], a column its own ingress names UASC, and
    # crashes on every return (docs/reference-validators.md 903-1). The DfE rule: a UASC child
    # (one in the UASC table, as the ingress sets UASC) born less than 11 years before 31 March.
    end = t.meta.collection_end
    eleven_before = lit_date(date(end.year - 11, end.month, end.day))
    return t["Header"].filter(
        (pl.col("DOB") > eleven_before)
        & pl.col("CHILD").is_in(t["UASC"].get_column("CHILD").implode())
    )


@ssda903_rule("304", fields=("DUC", "DOB"))
def duc_after_18th_birthday(t: Tables) -> pl.DataFrame:
    return t["UASC"].filter(pl.col("DUC") > years_after("DOB", 18))


UNIMPLEMENTED: dict[str, str] = {
    "105": "UASC status is a field of the XML return only; Sightline reads the CSV files, "
    "where the reference skips the rule too",
    "303": (
        "cannot fail on a CSV return: UASC status is being in uasc.csv (as the reference's "
        "ingress sets it), so every DUC has status 1"
    ),
}
