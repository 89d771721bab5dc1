"""SSDA903 rules 358 to 503E (the third fifth of the 2025-26 and 2026-27 lists, by code)."""

from __future__ import annotations

from datetime import date

import polars as pl

from sightline.validation.common import collection_end as _end
from sightline.validation.common import collection_start as _start
from sightline.validation.common import is_in, years_after
from sightline.validation.rules import ssda903_rule
from sightline.validation.ssda903.rules_postcodes import uasc_children
from sightline.validation.tables import Tables

TEMPORARY = ("T0", "T1", "T2", "T3", "T4")
RESPITE = ("V3", "V4")
#: Episode columns that say where a child is placed (rules 434 to 436).
PLACEMENT = ("PLACE", "PL_POST", "URN", "PLACE_PROVIDER")


def _not(condition: pl.Expr) -> pl.Expr:
    """Negate a condition the way pandas does: a comparison with a missing value is False, so
    its negation is True."""
    return ~condition.fill_null(False)


def _differs(a: pl.Expr, b: pl.Expr) -> pl.Expr:
    """``a != b`` as pandas has it: True when either side is missing."""
    return _not(a == b)


def _episodes_with_dob(t: Tables) -> pl.DataFrame:
    return t["Episodes"].join(t["Header"].select("CHILD", "DOB"), on="CHILD", how="left")


def _in_order(episodes: pl.DataFrame, *by: str) -> pl.DataFrame:
    """Episodes sorted by child and ``by`` (missing values last, ties in file order)."""
    return (
        episodes.with_row_index("_row").sort(["CHILD", *by, "_row"], nulls_last=True).drop("_row")
    )


def _with_previous(episodes: pl.DataFrame, columns: tuple[str, ...]) -> pl.DataFrame:
    """Each episode beside the row before it (``<col>_PRE``), in the frame's order."""
    return episodes.with_columns(
        pl.col(c).shift(1).alias(f"{c}_PRE") for c in ("CHILD", *columns)
    ).with_columns(same_child=(pl.col("CHILD") == pl.col("CHILD_PRE")).fill_null(False))


# --- legal status and age ---------------------------------------------------------------------


@ssda903_rule("358", fields=("DECOM", "DOB", "LS"))
def youth_justice_legal_status_under_10(t: Tables) -> pl.DataFrame:
    return _episodes_with_dob(t).filter(
        is_in("LS", ("J1", "J2", "J3")) & (years_after("DOB", 10) >= pl.col("DECOM"))
    )


@ssda903_rule("359", fields=("DEC", "LS", "PLACE"))
def over_18_open_episode_not_v2_in_community_home(t: Tables) -> pl.DataFrame:
    return _episodes_with_dob(t).filter(
        (years_after("DOB", 18) < _end(t))
        & pl.col("DEC_raw").is_null()
        & _not((pl.col("LS") == "V2") & (pl.col("PLACE") == "K2"))
    )


def _run_of_status_too_long(t: Tables, status: str, days: int) -> pl.DataFrame:
    """Episodes under ``status`` in a run of them (each ending the day the next starts) lasting
    more than ``days`` days; an open episode runs to the end of the year (rules 361, 362).

    The reference joins each run back to its episodes on the child ID and run number pasted
    together as text, which mixes up child "1" run 12 with child "11" run 2; runs are kept
    apart here, as the DfE intends."""
    ordered = _in_order(t["Episodes"], "DECOM").with_columns(pl.col("DEC").fill_null(_end(t)))
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


@ssda903_rule("361", fields=("DECOM", "LS", "DEC"))
def police_protection_longer_than_72_hours(t: Tables) -> pl.DataFrame:
    return _run_of_status_too_long(t, "L1", 3)


@ssda903_rule("362", fields=("DECOM", "LS", "DEC"))
def emergency_protection_order_longer_than_21_days(t: Tables) -> pl.DataFrame:
    return _run_of_status_too_long(t, "L2", 21)


def _period_of_status_too_long(t: Tables, status: str, days: int) -> pl.DataFrame:
    """Episodes under ``status`` whose period (episodes in file order, one starting no later
    than the one before ended, same child) adds up to more than ``days`` days; an open episode
    runs to the end of the year (rules 363, 364)."""
    eps = t["Episodes"].filter((pl.col("LS") == status) & pl.col("DECOM").is_not_null())
    eps = eps.with_columns(
        pl.when(pl.col("DEC_raw").is_null()).then(_end(t)).otherwise(pl.col("DEC")).alias("DEC")
    )
    new_period = (pl.col("DECOM") > pl.col("DEC").shift(1)).fill_null(False) | pl.col(
        "CHILD"
    ).ne_missing(pl.col("CHILD").shift(1))
    eps = eps.with_columns(
        period=new_period.cast(pl.Int64).cum_sum(),
        duration=(pl.col("DEC") - pl.col("DECOM")).dt.total_days(),
    )
    return eps.filter(pl.col("duration").sum().over("period") > days)


@ssda903_rule("363", fields=("LS", "DECOM", "DEC"))
def child_assessment_order_longer_than_7_days(t: Tables) -> pl.DataFrame:
    return _period_of_status_too_long(t, "L3", 7)


@ssda903_rule("364", fields=("LS", "DECOM", "DEC"))
def pace_detention_longer_than_21_days(t: Tables) -> pl.DataFrame:
    return _period_of_status_too_long(t, "J2", 21)


@ssda903_rule("365", fields=("LS", "DECOM", "DEC"))
def respite_placement_longer_than_17_days(t: Tables) -> pl.DataFrame:
    dec = pl.when(pl.col("DEC_raw").is_null()).then(_end(t)).otherwise(pl.col("DEC"))
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
        pl.when(pl.col("DEC_raw").is_null() | (pl.col("DEC") > _end(t)).fill_null(False))
        .then(_end(t))
        .otherwise(pl.col("DEC"))
    )
    decom = (
        pl.when((pl.col("DECOM") < _start(t)).fill_null(False))
        .then(_start(t))
        .otherwise(pl.col("DECOM"))
    )
    eps = eps.with_columns(duration=(dec - decom).dt.total_days()).filter(pl.col("duration") > 0)
    return eps.filter(pl.col("duration").sum().over("CHILD") > 75)


# --- placement and age or length --------------------------------------------------------------


def _placed_under_age(t: Tables, place: str, years: int) -> pl.DataFrame:
    """Episodes in ``place`` that started before the child was ``years`` old (rules 371-374).

    The reference also skips episodes with no end date (it drops rows lacking DEC, which the
    rule does not read), so a child still in the placement is never flagged; the DfE's rule is
    about the age at the start, so open episodes are checked here too."""
    return (
        t["Episodes"]
        .filter(pl.col("PLACE") == place)
        .join(t["Header"].select("CHILD", "DOB"), on="CHILD", how="inner")
        .filter(pl.col("DECOM") < years_after("DOB", years))
    )


@ssda903_rule("371", fields=("DECOM", "PLACE"))
def supported_accommodation_under_16(t: Tables) -> pl.DataFrame:
    return _placed_under_age(t, "K3", 16)


@ssda903_rule("372", fields=("DECOM", "PLACE"))
def youth_custody_under_10(t: Tables) -> pl.DataFrame:
    return _placed_under_age(t, "R5", 10)


@ssda903_rule("373", fields=("DECOM", "PLACE"))
def placed_in_school_under_4(t: Tables) -> pl.DataFrame:
    return _placed_under_age(t, "S1", 4)


@ssda903_rule("374", fields=("DECOM", "PLACE"))
def residential_employment_under_14(t: Tables) -> pl.DataFrame:
    return _placed_under_age(t, "P3", 14)


def _placement_longer_than(t: Tables, place: str, days: int) -> pl.DataFrame:
    """Episodes in ``place`` ending more than ``days`` days after they started (rules 375,
    376, 379). As in the reference, only children with a header and a valid date of birth are
    checked."""
    return (
        t["Episodes"]
        .filter(pl.col("PLACE") == place)
        .join(t["Header"].select("CHILD", "DOB"), on="CHILD", how="inner")
        .filter(
            pl.col("DOB").is_not_null() & (pl.col("DEC") > pl.col("DECOM").dt.offset_by(f"{days}d"))
        )
    )


@ssda903_rule("375", fields=("DECOM", "PLACE"))
def hospital_temporary_placement_over_six_weeks(t: Tables) -> pl.DataFrame:
    return _placement_longer_than(t, "T1", 42)


@ssda903_rule("376", fields=("DECOM", "PLACE"))
def carer_holiday_placement_over_three_weeks(t: Tables) -> pl.DataFrame:
    return _placement_longer_than(t, "T3", 21)


@ssda903_rule("377", fields=("PLACE",))
def more_than_two_carer_holiday_placements(t: Tables) -> pl.DataFrame:
    t3 = t["Episodes"].filter(pl.col("PLACE") == "T3")
    return t3.filter(pl.len().over("CHILD") > 2)


@ssda903_rule("378", fields=("PLACE", "LS"))
def placed_with_parents_under_single_period_s20(t: Tables) -> pl.DataFrame:
    return t["Episodes"].filter((pl.col("PLACE") == "P1") & (pl.col("LS") == "V2"))


@ssda903_rule("379", fields=("DECOM", "PLACE"))
def unspecified_temporary_placement_over_seven_days(t: Tables) -> pl.DataFrame:
    return _placement_longer_than(t, "T4", 7)


@ssda903_rule("380", fields=("PLACE", "RNE"))
def temporary_placement_not_a_change_of_placement(t: Tables) -> pl.DataFrame:
    return t["Episodes"].filter(is_in("PLACE", TEMPORARY) & ~is_in("RNE", ("P", "B")))


@ssda903_rule("381", fields=("PLACE", "REC"))
def temporary_placement_ends_care(t: Tables) -> pl.DataFrame:
    return t["Episodes"].filter(
        is_in("PLACE", TEMPORARY) & (pl.col("REC") != "X1") & pl.col("REC").is_not_null()
    )


@ssda903_rule("382", fields=("LS", "PLACE"))
def respite_in_temporary_placement(t: Tables) -> pl.DataFrame:
    return t["Episodes"].filter(is_in("LS", RESPITE) & is_in("PLACE", TEMPORARY))


@ssda903_rule("383", fields=("PLACE", "RNE", "PL_POST"))
def temporary_placement_not_followed_by_return(t: Tables) -> pl.DataFrame:
    eps = _in_order(t["Episodes"], "DECOM")
    before = {c: pl.col(c).shift(1) for c in ("CHILD", "PLACE")}
    two_before = {c: pl.col(c).shift(2) for c in ("CHILD", "PLACE", "PL_POST")}
    same_child = (pl.col("CHILD") == before["CHILD"]) & (pl.col("CHILD") == two_before["CHILD"])
    return eps.filter(
        same_child.fill_null(False)
        & before["PLACE"].is_in(list(TEMPORARY)).fill_null(False)
        & (
            _differs(pl.col("RNE"), pl.lit("P"))
            | _differs(pl.col("PLACE"), two_before["PLACE"])
            | _differs(pl.col("PL_POST"), two_before["PL_POST"])
        )
    )


@ssda903_rule("384", fields=("PLACE", "LS"))
def respite_in_long_term_foster_placement(t: Tables) -> pl.DataFrame:
    return t["Episodes"].filter(is_in("LS", RESPITE) & is_in("PLACE", ("U1", "U4")))


@ssda903_rule("385", fields=("DEC",))
def episode_ceased_after_year_end(t: Tables) -> pl.DataFrame:
    return t["Episodes"].filter(pl.col("DEC") > _end(t))


# --- reason episode ceased --------------------------------------------------------------------


def _rec(codes: tuple[str, ...]) -> pl.Expr:
    return pl.col("REC").str.to_uppercase().is_in(list(codes)).fill_null(False)


@ssda903_rule("386", fields=("REC",))
def adopted_at_18_or_over(t: Tables) -> pl.DataFrame:
    return _episodes_with_dob(t).filter(
        _rec(("E11", "E12")) & (years_after("DOB", 18) <= pl.col("DEC"))
    )


@ssda903_rule("387", fields=("REC",))
def independent_living_under_14(t: Tables) -> pl.DataFrame:
    return _episodes_with_dob(t).filter(
        _rec(("E5", "E6"))
        & _not(years_after("DOB", 14) <= pl.col("DEC"))
        & pl.col("DEC").is_not_null()
    )


@ssda903_rule("388", fields=("REC",))
def continuation_code_without_continuation_episode(t: Tables) -> pl.DataFrame:
    eps = _in_order(
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
    return _episodes_with_dob(t).filter(
        _rec(("E7",)) & _not(years_after("DOB", 16) <= pl.col("DEC"))
    )


@ssda903_rule("390", fields=("PLACE", "REC"))
def adopted_but_not_placed_for_adoption(t: Tables) -> pl.DataFrame:
    return t["Episodes"].filter(
        is_in("REC", ("E11", "E12")) & ~is_in("PLACE", ("A3", "A4", "A5", "A6"))
    )


@ssda903_rule("391", fields=("DOB", "IN_TOUCH", "ACTIV", "ACCOM"))
def care_leaver_outcomes_for_under_17(t: Tables) -> pl.DataFrame:
    return t["OC3"].filter(
        (years_after("DOB", 17) > _end(t))
        & pl.any_horizontal(pl.col(c).is_not_null() for c in ("IN_TOUCH", "ACTIV", "ACCOM"))
    )


@ssda903_rule("392b", fields=("HOME_POST", "PL_POST"))
def looked_after_without_postcodes(t: Tables) -> pl.DataFrame:
    """As 392a and 406 read UASC status (this year's or last year's), but run when neither
    year tells it, as the reference's 392b does."""
    uasc = uasc_children(t)
    if uasc is None:
        uasc = pl.DataFrame(schema={"CHILD": pl.String})
    return (
        t["Episodes"]
        .join(uasc, on="CHILD", how="anti")
        .filter(
            ~is_in("LS", RESPITE) & (pl.col("HOME_POST").is_null() | pl.col("PL_POST").is_null())
        )
    )


@ssda903_rule("392d", fields=("HOME_POST", "PL_POST", "PLACE"))
def same_home_and_placement_postcode_not_p1(t: Tables) -> pl.DataFrame:
    return t["Episodes"].filter(
        pl.col("PLACE").ne_missing("P1") & (pl.col("HOME_POST") == pl.col("PL_POST"))
    )


@ssda903_rule("393", fields=("MOTHER",))
def mother_field_not_completed(t: Tables) -> pl.DataFrame:
    looked_after = t["Episodes"].filter(
        ~pl.col("LS").str.to_uppercase().is_in(list(RESPITE)).fill_null(False)
    )
    return (
        t["Header"]
        .filter((pl.col("SEX") == "F") & pl.col("MOTHER").is_null())
        .join(looked_after.select("CHILD"), on="CHILD", how="semi")
    )


@ssda903_rule("398", fields=("LS", "HOME_POST", "PL_POST"))
def postcodes_completed_for_respite(t: Tables) -> pl.DataFrame:
    return t["Episodes"].filter(
        is_in("LS", RESPITE) & (pl.col("HOME_POST").is_not_null() | pl.col("PL_POST").is_not_null())
    )


@ssda903_rule("399", fields=("MOTHER", "LS", "REVIEW", "REVIEW_CODE"))
def mother_or_review_completed_for_respite_only_child(t: Tables) -> pl.DataFrame:
    respite_only = t["Episodes"].filter(is_in("LS", RESPITE).all().over("CHILD"))
    completed = pl.concat(
        [
            t["Header"].filter(pl.col("MOTHER").is_not_null()).select("CHILD"),
            t["Reviews"]
            .filter(pl.col("REVIEW_raw").is_not_null() | pl.col("REVIEW_CODE").is_not_null())
            .select("CHILD"),
        ]
    )
    return respite_only.join(completed, on="CHILD", how="semi")


@ssda903_rule("407", fields=("DEC", "DOB", "REC"))
def special_guardianship_at_18_or_over(t: Tables) -> pl.DataFrame:
    return _episodes_with_dob(t).filter(
        is_in("REC", ("E45", "E46", "E47", "E48")) & (years_after("DOB", 18) < pl.col("DEC"))
    )


@ssda903_rule("408", fields=("PLACE", "LS"))
def placed_for_adoption_with_order_but_no_order(t: Tables) -> pl.DataFrame:
    return t["Episodes"].filter(is_in("PLACE", ("A5", "A6")) & pl.col("LS").ne_missing("E1"))


@ssda903_rule("426", fields=("LS",))
def respite_under_both_v3_and_v4(t: Tables) -> pl.DataFrame:
    eps = t["Episodes"].filter(is_in("LS", RESPITE))
    return eps.filter(pl.col("LS").n_unique().over("CHILD") == 2)


# --- reason for new episode and the episode before ---------------------------------------------


@ssda903_rule("431", fields=("RNE", "DECOM"))
def started_to_be_looked_after_same_day_previous_ended(t: Tables) -> pl.DataFrame:
    eps = _with_previous(_in_order(t["Episodes"], "DECOM"), ("DEC",))
    return eps.filter(
        pl.col("same_child") & (pl.col("RNE") == "S") & (pl.col("DECOM") <= pl.col("DEC_PRE"))
    )


CEASED_CARE = (
    "E2", "E3", "E4A", "E4B", "E5", "E6", "E7", "E8", "E9", "E11", "E12", "E13", "E14", "E15",
    "E16", "E17", "E41", "E45", "E46", "E47", "E48",
)  # fmt: skip


@ssda903_rule("432", fields=("RNE",))
def new_episode_after_ceasing_care_not_started(t: Tables) -> pl.DataFrame:
    eps = _with_previous(_in_order(t["Episodes"], "DECOM"), ("REC",))
    return eps.filter(
        pl.col("same_child") & is_in("REC_PRE", CEASED_CARE) & pl.col("RNE").ne_missing("S")
    )


@ssda903_rule("433", fields=("RNE", "DECOM"))
def continuation_episode_not_starting_when_last_ended(t: Tables) -> pl.DataFrame:
    # The reference compares the dates as the file gives them (text), as here.
    eps = _with_previous(_in_order(t["Episodes"], "DECOM", "DEC"), ("DEC_raw",))
    continuing = pl.col("RNE").str.to_uppercase().is_in(["P", "L", "T", "U", "B"]).fill_null(False)
    return eps.filter(
        continuing & pl.col("same_child") & _differs(pl.col("DEC_raw_PRE"), pl.col("DECOM_raw"))
    )


@ssda903_rule("434", fields=("RNE", "LS", "PLACE", "PL_POST", "URN", "PLACE_PROVIDER"))
def legal_status_change_not_reflected(t: Tables) -> pl.DataFrame:
    eps = _with_previous(_in_order(t["Episodes"], "DECOM"), ("LS", *PLACEMENT))
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
    eps = _with_previous(_in_order(t["Episodes"], "DECOM"), ("LS", *PLACEMENT))
    place_same = pl.all_horizontal(
        (pl.col(c) == pl.col(f"{c}_PRE")).fill_null(False) for c in PLACEMENT
    )
    return eps.filter(
        pl.col("same_child")
        & is_in("RNE", ("P", "T"))
        & (_differs(pl.col("LS"), pl.col("LS_PRE")) | place_same)
    )


@ssda903_rule("436", fields=("RNE", "LS", "PLACE", "PL_POST", "URN", "PLACE_PROVIDER"))
def placement_and_legal_status_change_not_reflected(t: Tables) -> pl.DataFrame:
    eps = _with_previous(_in_order(t["Episodes"], "DECOM"), ("LS", *PLACEMENT))
    # The reference fills missing values with "*" first, so two missing values are the same.
    place_same = pl.all_horizontal(pl.col(c).eq_missing(pl.col(f"{c}_PRE")) for c in PLACEMENT)
    return eps.filter(
        pl.col("same_child")
        & is_in("RNE", ("U", "B"))
        & (pl.col("LS").eq_missing(pl.col("LS_PRE")) | place_same)
    )


@ssda903_rule("437", fields=("REC",))
def died_or_18_but_further_episodes(t: Tables) -> pl.DataFrame:
    eps = _in_order(t["Episodes"], "DECOM").with_columns(next_child=pl.col("CHILD").shift(-1))
    return eps.filter(
        pl.col("DECOM").is_not_null()
        & _rec(("E2", "E15"))
        & (pl.col("CHILD") == pl.col("next_child")).fill_null(False)
    )


# --- reviews and UPN --------------------------------------------------------------------------


@ssda903_rule("440", fields=("DOB", "REVIEW", "REVIEW_CODE"))
def review_code_under_4_but_child_4_or_over(t: Tables) -> pl.DataFrame:
    return t["Reviews"].filter(
        (pl.col("REVIEW_CODE") == "PN0") & (pl.col("REVIEW") > years_after("DOB", 4))
    )


@ssda903_rule("441", fields=("DOB", "REVIEW", "REVIEW_CODE"))
def review_code_4_or_over_but_child_under_4(t: Tables) -> pl.DataFrame:
    return t["Reviews"].filter(
        is_in("REVIEW_CODE", [f"PN{n}" for n in range(1, 8)])
        & (pl.col("REVIEW") < years_after("DOB", 4))
    )


@ssda903_rule("442", fields=("UPN",))
def upn_not_completed(t: Tables) -> pl.DataFrame:
    looked_after = t["Episodes"].filter(~is_in("LS", RESPITE))
    return (
        t["Header"]
        .filter(pl.col("UPN").is_null())
        .join(looked_after.select("CHILD"), on="CHILD", how="semi")
    )


UPN_UNKNOWN = ("UN1", "UN2", "UN3", "UN4", "UN5")


@ssda903_rule("444", fields=("UPN",))
def duplicate_upn(t: Tables) -> pl.DataFrame:
    header = t["Header"]
    counted = header.filter(pl.col("UPN").is_not_null() & ~is_in("UPN", UPN_UNKNOWN))
    duplicated = counted.group_by("UPN").len().filter(pl.col("len") > 1).select("UPN")
    return header.join(duplicated, on="UPN", how="semi")


@ssda903_rule("446", fields=("LS", "DECOM"))
def e1_before_december_2005(t: Tables) -> pl.DataFrame:
    return t["Episodes"].filter(
        (pl.col("LS") == "E1") & (pl.col("DECOM") < pl.lit(date(2005, 12, 1), dtype=pl.Date))
    )


@ssda903_rule("460", fields=("DEC", "REC"))
def stayed_with_carers_at_18_but_under_18(t: Tables) -> pl.DataFrame:
    return _episodes_with_dob(t).filter(
        (pl.col("REC") == "E17") & (years_after("DOB", 18) > pl.col("DEC"))
    )


# --- episodes overlapping, and last year's return ---------------------------------------------


@ssda903_rule("501", fields=("DECOM", "DEC"))
def episode_starts_before_previous_ends(t: Tables) -> pl.DataFrame:
    eps = _with_previous(_in_order(t["Episodes"], "DECOM"), ("DEC",))
    return eps.filter(pl.col("same_child") & (pl.col("DECOM") < pl.col("DEC_PRE")))


def _first_episode(episodes: pl.DataFrame) -> pl.DataFrame:
    """Each child's earliest episode (the first in the file on a tie). The reference crashes
    when a child has no valid start date; such a child is left out here."""
    return (
        _in_order(episodes.filter(pl.col("DECOM").is_not_null()), "DECOM")
        .group_by("CHILD", maintain_order=True)
        .first()
    )


def _last_episode(episodes: pl.DataFrame) -> pl.DataFrame:
    """Each child's latest-starting episode (the first in the file on a tie)."""
    return (
        episodes.filter(pl.col("DECOM").is_not_null())
        .with_row_index("_row")
        .sort(["CHILD", "DECOM", "_row"], descending=[False, True, False])
        .group_by("CHILD", maintain_order=True)
        .first()
        .drop("_row")
    )


@ssda903_rule("502", fields=("DECOM",))
def first_episode_start_differs_from_last_years_open_episode(t: Tables) -> pl.DataFrame:
    if not t.has_previous:
        return t["Episodes"].clear()
    open_last_year = (
        t.previous("Episodes").filter(pl.col("DEC_raw").is_null()).select("CHILD", "DECOM")
    )
    return (
        _first_episode(t["Episodes"])
        .join(open_last_year, on="CHILD", how="inner", suffix="_last")
        .filter(_differs(pl.col("DECOM"), pl.col("DECOM_last")))
    )


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
    last = _last_episode(t.previous("Episodes")).select(
        "CHILD", pl.col(column).alias("last"), pl.col("DEC").alias("last_dec")
    )
    merged = _first_episode(t["Episodes"]).join(last, on="CHILD", how="inner")
    fails = pl.col(column).ne_missing(pl.col("last")) & pl.col("last_dec").is_null()
    allowed = PLACE_CHANGES_ALLOWED.get(t.meta.year)
    if column == "PLACE" and allowed is not None:
        fails = fails & ~(
            is_in(column, allowed[0]) & (pl.col("last") == allowed[1]).fill_null(False)
        )
    return merged.filter(fails)


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


#: Rules of this part not checked, with the reason (listed in docs/validation-rules.md).
UNIMPLEMENTED: dict[str, str] = {
    "411": "cannot fail: PL_LOCATION, derived from the placement postcode, is IN only when "
    "PL_LA is the authority's",
}
