"""SSDA903 rules on episodes of care (episodes.csv): start and end dates, the reason an episode
starts and ends, category of need, the order of a child's episodes and how the first one
continues last year's open episode."""

from __future__ import annotations

from datetime import date

import polars as pl

from sightline.validation.common import (
    bad_date,
    collection_end,
    collection_start,
    given_last,
    is_in,
    lit_date,
    missing,
    no_failures,
    present,
    years_after,
)
from sightline.validation.rules import ssda903_rule
from sightline.validation.ssda903.helpers import (
    ADOPTED,
    CHILD,
    PLACEMENT,
    REC,
    RNE,
    differs,
    episodes_with_dob,
    extreme_row,
    first_episode,
    holds,
    in_order,
    invalid_code,
    last_episode,
    with_previous,
    with_previous_row,
)
from sightline.validation.tables import Tables

CIN_CODES = ("N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8")


def _rec(codes: tuple[str, ...]) -> pl.Expr:
    return pl.col("REC").str.to_uppercase().is_in(list(codes)).fill_null(False)


CEASED_CARE = (
    "E2", "E3", "E4A", "E4B", "E5", "E6", "E7", "E8", "E9", "E11", "E12", "E13", "E14", "E15",
    "E16", "E17", "E41", "E45", "E46", "E47", "E48",
)  # fmt: skip


#: Placement changes allowed between last year's open episode and this year's first, by
#: collection year (the reference's exceptions for 503D): (this year's codes, last year's code).
PLACE_CHANGES_ALLOWED: dict[int, tuple[tuple[str, ...], str]] = {
    2024: (("K3",), "H5"),
    2025: (("K3",), "H5"),
    2026: (("Z11", "Z12", "Z13", "Z14"), "Z1"),
}


def _first_differs_from_open_last(t: Tables, column: str) -> pl.DataFrame:
    """The child's first episode this year, when last year's last episode was open and
    ``column`` differs between the two (rules 503A-503E)."""
    if not t.has_previous:
        return t["Episodes"].clear()
    last = last_episode(t.previous("Episodes")).select(
        "CHILD", pl.col(column).alias("last"), pl.col("DEC").alias("last_dec")
    )
    merged = first_episode(t["Episodes"]).join(last, on="CHILD", how="inner")
    fails = pl.col(column).ne_missing(pl.col("last")) & pl.col("last_dec").is_null()
    allowed = PLACE_CHANGES_ALLOWED.get(t.meta.year)
    if column == "PLACE" and allowed is not None:
        fails = fails & ~(
            is_in(column, allowed[0]) & (pl.col("last") == allowed[1]).fill_null(False)
        )
    return merged.filter(fails)


@ssda903_rule("141", fields=("DECOM",))
def episode_start_date_invalid(t: Tables) -> pl.DataFrame:
    return t["Episodes"].filter(bad_date("DECOM"))


@ssda903_rule("143", fields=("RNE",))
def reason_for_new_episode_invalid(t: Tables) -> pl.DataFrame:
    return t["Episodes"].filter(invalid_code("RNE", RNE))


@ssda903_rule("145", fields=("CIN",))
def category_of_need_invalid(t: Tables) -> pl.DataFrame:
    return t["Episodes"].filter(invalid_code("CIN", CIN_CODES))


@ssda903_rule("147", fields=("DEC",))
def episode_end_date_invalid(t: Tables) -> pl.DataFrame:
    return t["Episodes"].filter(bad_date("DEC"))


@ssda903_rule("148", fields=("DEC", "REC"))
def episode_end_date_and_reason_not_both_given(t: Tables) -> pl.DataFrame:
    return t["Episodes"].filter(present("DEC_raw") != present("REC"))


@ssda903_rule("149", fields=("REC",))
def reason_episode_ceased_invalid(t: Tables) -> pl.DataFrame:
    return t["Episodes"].filter(invalid_code("REC", REC))


@ssda903_rule("142", fields=("DEC", "REC"))
def earlier_episode_not_ended(t: Tables) -> pl.DataFrame:
    # As the reference, a child's last episode is the one with the latest DECOM, unless an
    # episode of theirs has no DECOM: then that one sorts last and every dated episode is checked.
    episodes = t["Episodes"].with_row_index("_row")
    last = (
        episodes.filter(present("DECOM"))
        .filter(pl.col("DECOM") == pl.col("DECOM").max().over("CHILD"))
        .unique(subset="CHILD", keep="last", maintain_order=True)
        .get_column("_row")
    )
    blank_start = missing("DECOM").any().over("CHILD")
    is_last = pl.col("_row").is_in(last.implode()) & ~blank_start
    return episodes.filter(
        present("CHILD") & present("DECOM") & ~is_last & (missing("DEC") | missing("REC"))
    )


@ssda903_rule("199", fields=("CHILD",))
def child_previously_adopted_from_care(t: Tables) -> pl.DataFrame:
    both = pl.concat(
        [
            t["Episodes"].select("CHILD", "DECOM", "REC", this_year=pl.lit(True)),
            t.previous("Episodes").select("CHILD", "DECOM", "REC", this_year=pl.lit(False)),
        ]
    )
    adopted = is_in("REC", ADOPTED)
    return (
        both.filter(pl.col("DECOM").is_not_null())
        .sort(["CHILD", "DECOM"], maintain_order=True)
        .with_columns(adoptions=adopted.cast(pl.Int32).cum_sum().over("CHILD"))
        .filter(
            pl.col("this_year")
            & (pl.col("adoptions") > 0)
            & ~(adopted & (pl.col("adoptions") == 1))
        )
    )


@ssda903_rule("302", fields=("DECOM", "DOB"))
def first_episode_before_birth(t: Tables) -> pl.DataFrame:
    return (
        first_episode(t["Episodes"])
        .join(t["Header"].select("CHILD", "DOB"), on="CHILD", how="inner")
        .filter(pl.col("DOB") > pl.col("DECOM"))
    )


@ssda903_rule("352", fields=("DOB", "DECOM", "RNE"))
def started_care_aged_18_or_over(t: Tables) -> pl.DataFrame:
    return (
        t["Episodes"]
        .join(t["Header"].select("CHILD", "DOB"), on="CHILD", how="inner")
        .filter(
            (pl.col("RNE").str.to_uppercase() == "S").fill_null(False)
            & (years_after("DOB", 18) <= pl.col("DECOM"))
        )
    )


@ssda903_rule("353", fields=("DECOM",))
def episode_before_14_october_1991(t: Tables) -> pl.DataFrame:
    return t["Episodes"].filter(pl.col("DECOM") < lit_date(date(1991, 10, 14)))


@ssda903_rule("354", fields=("DECOM",))
def episode_starts_after_year_end(t: Tables) -> pl.DataFrame:
    return t["Episodes"].filter(pl.col("DECOM") > collection_end(t))


@ssda903_rule("355", fields=("DECOM", "DEC"))
def episode_ends_the_day_it_starts(t: Tables) -> pl.DataFrame:
    # The reference compares the two as text, so an episode with neither date ("nan" ==
    # "nan") fails too; the DfE rule is about an episode that lasted under a day, so both
    # dates must be given.
    return t["Episodes"].filter(pl.col("DECOM_raw") == pl.col("DEC_raw"))


@ssda903_rule("356", fields=("DECOM", "DEC"))
def episode_ends_before_it_starts(t: Tables) -> pl.DataFrame:
    return t["Episodes"].filter(pl.col("DEC") < pl.col("DECOM"))


@ssda903_rule("357", fields=("RNE",))
def first_episode_not_rne_s(t: Tables) -> pl.DataFrame:
    return first_episode(t["Episodes"]).filter(
        (pl.col("DECOM") >= collection_start(t)) & pl.col("RNE").ne_missing("S")
    )


@ssda903_rule("385", fields=("DEC",))
def episode_ceased_after_year_end(t: Tables) -> pl.DataFrame:
    return t["Episodes"].filter(pl.col("DEC") > collection_end(t))


@ssda903_rule("386", fields=("REC",))
def adopted_at_18_or_over(t: Tables) -> pl.DataFrame:
    return episodes_with_dob(t).filter(
        _rec(("E11", "E12")) & (years_after("DOB", 18) <= pl.col("DEC"))
    )


@ssda903_rule("387", fields=("REC",))
def independent_living_under_14(t: Tables) -> pl.DataFrame:
    return episodes_with_dob(t).filter(
        _rec(("E5", "E6"))
        & ~holds(years_after("DOB", 14) <= pl.col("DEC"))
        & pl.col("DEC").is_not_null()
    )


@ssda903_rule("388", fields=("REC",))
def continuation_code_without_continuation_episode(t: Tables) -> pl.DataFrame:
    eps = in_order(
        t["Episodes"].with_columns(pl.col("DECOM").fill_null(date(1901, 1, 1))), "DECOM"
    ).with_columns(next_decom=pl.col("DECOM").shift(-1).over("CHILD"))
    last = pl.col("next_decom").is_null() & pl.col("CHILD").is_not_null()
    has_next = (
        pl.col("CHILD").is_not_null()
        & pl.col("next_decom").is_not_null()
        & pl.col("DEC").is_not_null()
    )
    x1 = (pl.col("REC") == "X1").fill_null(False)
    same_day = (pl.col("DEC") == pl.col("next_decom")).fill_null(False)
    return eps.filter(
        (has_next & x1 & ~same_day)
        | (has_next & ~x1 & pl.col("REC").is_not_null() & same_day)
        | (last & pl.col("DEC").is_not_null() & x1)
    )


@ssda903_rule("389", fields=("REC",))
def transferred_to_adult_services_under_16(t: Tables) -> pl.DataFrame:
    return episodes_with_dob(t).filter(
        _rec(("E7",)) & ~holds(years_after("DOB", 16) <= pl.col("DEC"))
    )


@ssda903_rule("407", fields=("DEC", "DOB", "REC"))
def special_guardianship_at_18_or_over(t: Tables) -> pl.DataFrame:
    return episodes_with_dob(t).filter(
        is_in("REC", ("E45", "E46", "E47", "E48")) & (years_after("DOB", 18) < pl.col("DEC"))
    )


@ssda903_rule("431", fields=("RNE", "DECOM"))
def started_to_be_looked_after_same_day_previous_ended(t: Tables) -> pl.DataFrame:
    eps = with_previous(in_order(t["Episodes"], "DECOM"), ("DEC",))
    return eps.filter(
        pl.col("same_child") & (pl.col("RNE") == "S") & (pl.col("DECOM") <= pl.col("DEC_PRE"))
    )


@ssda903_rule("432", fields=("RNE",))
def new_episode_after_ceasing_care_not_started(t: Tables) -> pl.DataFrame:
    eps = with_previous(in_order(t["Episodes"], "DECOM"), ("REC",))
    return eps.filter(
        pl.col("same_child") & is_in("REC_PRE", CEASED_CARE) & pl.col("RNE").ne_missing("S")
    )


@ssda903_rule("433", fields=("RNE", "DECOM"))
def continuation_episode_not_starting_when_last_ended(t: Tables) -> pl.DataFrame:
    # The reference compares the dates as the file gives them (text), as here.
    eps = with_previous(in_order(t["Episodes"], "DECOM", "DEC"), ("DEC_raw",))
    continuing = pl.col("RNE").str.to_uppercase().is_in(["P", "L", "T", "U", "B"]).fill_null(False)
    return eps.filter(
        continuing & pl.col("same_child") & differs(pl.col("DEC_raw_PRE"), pl.col("DECOM_raw"))
    )


@ssda903_rule("434", fields=("RNE", "LS", "PLACE", "PL_POST", "URN", "PLACE_PROVIDER"))
def legal_status_change_not_reflected(t: Tables) -> pl.DataFrame:
    eps = with_previous(in_order(t["Episodes"], "DECOM"), ("LS", *PLACEMENT))
    place_changed = pl.any_horizontal(
        pl.col(c).fill_null("") != pl.col(f"{c}_PRE").fill_null("") for c in PLACEMENT
    )
    return eps.filter(
        pl.col("same_child")
        & (pl.col("RNE") == "L").fill_null(False)
        & ((pl.col("LS") == pl.col("LS_PRE")).fill_null(False) | place_changed)
    )


@ssda903_rule("435", fields=("LS", "PLACE", "PL_POST", "URN", "PLACE_PROVIDER"))
def placement_change_not_reflected(t: Tables) -> pl.DataFrame:
    eps = with_previous(in_order(t["Episodes"], "DECOM"), ("LS", *PLACEMENT))
    place_same = pl.all_horizontal(
        (pl.col(c) == pl.col(f"{c}_PRE")).fill_null(False) for c in PLACEMENT
    )
    return eps.filter(
        pl.col("same_child")
        & is_in("RNE", ("P", "T"))
        & (differs(pl.col("LS"), pl.col("LS_PRE")) | place_same)
    )


@ssda903_rule("436", fields=("RNE", "LS", "PLACE", "PL_POST", "URN", "PLACE_PROVIDER"))
def placement_and_legal_status_change_not_reflected(t: Tables) -> pl.DataFrame:
    eps = with_previous(in_order(t["Episodes"], "DECOM"), ("LS", *PLACEMENT))
    # The reference fills missing values with "*" first, so two missing values are the same.
    place_same = pl.all_horizontal(pl.col(c).eq_missing(pl.col(f"{c}_PRE")) for c in PLACEMENT)
    return eps.filter(
        pl.col("same_child")
        & is_in("RNE", ("U", "B"))
        & (pl.col("LS").eq_missing(pl.col("LS_PRE")) | place_same)
    )


@ssda903_rule("437", fields=("REC",))
def died_or_18_but_further_episodes(t: Tables) -> pl.DataFrame:
    eps = in_order(t["Episodes"], "DECOM").with_columns(next_child=pl.col("CHILD").shift(-1))
    return eps.filter(
        pl.col("DECOM").is_not_null()
        & _rec(("E2", "E15"))
        & (pl.col("CHILD") == pl.col("next_child")).fill_null(False)
    )


@ssda903_rule("460", fields=("DEC", "REC"))
def stayed_with_carers_at_18_but_under_18(t: Tables) -> pl.DataFrame:
    return episodes_with_dob(t).filter(
        (pl.col("REC") == "E17") & (years_after("DOB", 18) > pl.col("DEC"))
    )


@ssda903_rule("501", fields=("DECOM", "DEC"))
def episode_starts_before_previous_ends(t: Tables) -> pl.DataFrame:
    eps = with_previous(in_order(t["Episodes"], "DECOM"), ("DEC",))
    return eps.filter(pl.col("same_child") & (pl.col("DECOM") < pl.col("DEC_PRE")))


@ssda903_rule("502", fields=("DECOM",))
def first_episode_start_differs_from_last_years_open_episode(t: Tables) -> pl.DataFrame:
    if not t.has_previous:
        return t["Episodes"].clear()
    open_last_year = (
        t.previous("Episodes").filter(pl.col("DEC_raw").is_null()).select("CHILD", "DECOM")
    )
    return (
        first_episode(t["Episodes"])
        .join(open_last_year, on="CHILD", how="inner", suffix="_last")
        .filter(differs(pl.col("DECOM"), pl.col("DECOM_last")))
    )


@ssda903_rule("503A", fields=("RNE",))
def first_reason_for_new_episode_differs_from_last_year(t: Tables) -> pl.DataFrame:
    return _first_differs_from_open_last(t, "RNE")


@ssda903_rule("503B", fields=("LS",))
def first_legal_status_differs_from_last_year(t: Tables) -> pl.DataFrame:
    return _first_differs_from_open_last(t, "LS")


@ssda903_rule("503C", fields=("CIN",))
def first_category_of_need_differs_from_last_year(t: Tables) -> pl.DataFrame:
    return _first_differs_from_open_last(t, "CIN")


@ssda903_rule("503D", fields=("PLACE",))
def first_placement_type_differs_from_last_year(t: Tables) -> pl.DataFrame:
    return _first_differs_from_open_last(t, "PLACE")


@ssda903_rule("503E", fields=("PLACE_PROVIDER",))
def first_placement_provider_differs_from_last_year(t: Tables) -> pl.DataFrame:
    return _first_differs_from_open_last(t, "PLACE_PROVIDER")


@ssda903_rule("503F", fields=("URN",))
def first_episode_urn_differs_from_open_episode_last_year(t: Tables) -> pl.DataFrame:
    return _first_differs_from_open_last(t, "URN")


@ssda903_rule("504", fields=("CIN",))
def need_code_changes_without_new_period_of_care(t: Tables) -> pl.DataFrame:
    eps = with_previous_row(t["Episodes"], ["DECOM"], ["REC", "DEC", "CIN"])
    return eps.filter(
        ~pl.col("_first")
        & holds(pl.col("REC_PREV") == "X1")
        & holds(pl.col("DEC_PREV") == pl.col("DECOM"))
        & differs(pl.col("CIN"), pl.col("CIN_PREV"))
    )


@ssda903_rule("562", fields=("DECOM",))
def episode_open_at_year_start_missing_from_last_year(t: Tables) -> pl.DataFrame:
    if not t.has_previous:
        return t["Episodes"].clear()
    start = lit_date(t.meta.collection_start)
    first = extreme_row(t["Episodes"].filter(holds(pl.col("DECOM") < start)), "DECOM")
    last = extreme_row(t.previous("Episodes"), "DECOM", latest=True).select(CHILD, "DECOM")
    return first.join(last, on=[CHILD, "DECOM"], how="anti")


@ssda903_rule("NoE", fields=("DECOM",))
def care_before_year_but_no_episodes_last_year(t: Tables) -> pl.DataFrame:
    if not given_last(t, "Episodes"):
        return no_failures(t)
    return (
        t["Episodes"]
        .filter(pl.col("DECOM") < collection_start(t))
        .join(t.previous("Episodes").select(CHILD), on=CHILD, how="anti", nulls_equal=True)
    )


UNIMPLEMENTED: dict[str, str] = {}
