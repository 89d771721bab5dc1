"""SSDA903 rules on placements: placement type (PLACE), provider (PLACE_PROVIDER), URN, the
reason a placement changed, and the ages and lengths the placement types allow."""

from __future__ import annotations

import polars as pl

from sightline.validation.common import (
    is_in,
    present,
    years_after,
)
from sightline.validation.rules import ssda903_rule
from sightline.validation.ssda903.helpers import (
    PLACE_PROVIDER,
    TEMPORARY,
    any_given,
    differs,
    holds,
    in_order,
    invalid_code,
)
from sightline.validation.ssda903.place_codes import place_codes
from sightline.validation.tables import Tables

REASON_PLACE_CHANGE = (
    "CARPL", "CLOSE", "ALLEG", "STAND", "APPRR", "CREQB", "CREQO", "CHILD", "LAREQ", "PLACE",
    "CUSTOD", "OTHER",
)  # fmt: skip


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


def _provider_with_places(t: Tables, provider: str, places: tuple[str, ...]) -> pl.DataFrame:
    return t["Episodes"].filter(
        is_in("PLACE", places) & holds(pl.col("PLACE_PROVIDER") == provider)
    )


@ssda903_rule("1009", fields=("REASON_PLACE_CHANGE",))
def reason_for_placement_change_invalid(t: Tables) -> pl.DataFrame:
    return t["Episodes"].filter(invalid_code("REASON_PLACE_CHANGE", REASON_PLACE_CHANGE))


@ssda903_rule("146", fields=("PLACE",))
def placement_type_invalid(t: Tables) -> pl.DataFrame:
    return t["Episodes"].filter(invalid_code("PLACE", place_codes(t).valid))


@ssda903_rule("178", fields=("PLACE_PROVIDER",))
def placement_provider_invalid_or_not_expected(t: Tables) -> pl.DataFrame:
    return t["Episodes"].filter(
        present("PLACE_PROVIDER")
        & (
            ~is_in("PLACE_PROVIDER", PLACE_PROVIDER)
            | is_in("PLACE", place_codes(t).provider_must_be_blank)
        )
    )


@ssda903_rule("213", fields=("PLACE_PROVIDER",))
def placement_provider_not_required(t: Tables) -> pl.DataFrame:
    return t["Episodes"].filter(
        is_in("PLACE", place_codes(t).provider_not_expected)
        & pl.col("PLACE_PROVIDER").is_not_null()
    )


@ssda903_rule("214", fields=("PL_POST", "URN"))
def placement_location_for_short_break(t: Tables) -> pl.DataFrame:
    return t["Episodes"].filter(is_in("LS", ["V3", "V4"]) & any_given("PL_POST", "URN"))


@ssda903_rule("222", fields=("URN",))
def urn_given_for_placement_without_one(t: Tables) -> pl.DataFrame:
    return t["Episodes"].filter(
        is_in("PLACE", place_codes(t).no_urn)
        & pl.col("URN").is_not_null()
        & (pl.col("URN") != "XXXXXXX")
    )


@ssda903_rule("225", fields=("REASON_PLACE_CHANGE",))
def reason_for_placement_change_missing(t: Tables) -> pl.DataFrame:
    return (
        in_order(t["Episodes"])
        .with_columns(
            RNE_NEXT=pl.col("RNE").shift(-1).over("CHILD"),
            PLACE_NEXT=pl.col("PLACE").shift(-1).over("CHILD"),
        )
        .filter(
            is_in("REC", ["X1"])
            & pl.col("REASON_PLACE_CHANGE").is_null()
            & ~is_in("PLACE", TEMPORARY)
            & is_in("RNE_NEXT", ["P", "B", "T", "U"])
            & ~is_in("PLACE_NEXT", TEMPORARY)
        )
    )


@ssda903_rule("226", fields=("REASON_PLACE_CHANGE",))
def reason_for_placement_change_for_temporary_placement(t: Tables) -> pl.DataFrame:
    return (
        in_order(t["Episodes"])
        .with_columns(PREVIOUS_REASON=pl.col("REASON_PLACE_CHANGE").shift(1).over("CHILD"))
        .filter(is_in("PLACE", TEMPORARY) & any_given("REASON_PLACE_CHANGE", "PREVIOUS_REASON"))
    )


@ssda903_rule("233", fields=("REASON_PLACE_CHANGE",))
def reason_for_placement_change_on_open_episode(t: Tables) -> pl.DataFrame:
    # The reference reads Episodes["DATE_EPISODE_CEASED"], which no return has (the column is
    # DEC), and crashes on every return (docs/reference-validators.md 903-2): DEC is used.
    return t["Episodes"].filter(
        pl.col("DEC_raw").is_null() & pl.col("REASON_PLACE_CHANGE").is_not_null()
    )


@ssda903_rule("234", fields=("DECOM", "DOB", "REASON_PLACE_CHANGE"))
def under_10_left_placement_for_custody(t: Tables) -> pl.DataFrame:
    return (
        t["Episodes"]
        .join(t["Header"].select("CHILD", "DOB"), on="CHILD", how="inner")
        .filter(
            (years_after("DOB", 10) > pl.col("DECOM")) & is_in("REASON_PLACE_CHANGE", ["CUSTOD"])
        )
    )


@ssda903_rule("242", fields=("URN", "PLACE"))
def urn_xxxxxxx_not_for_adoption_placement(t: Tables) -> pl.DataFrame:
    allowed = ("A3", "A4", "A5", "A6", "U1", "U2", "U3", "U4", "U5", "U6")
    return t["Episodes"].filter(is_in("URN", ["XXXXXXX"]) & ~is_in("PLACE", allowed))


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


@ssda903_rule("383", fields=("PLACE", "RNE", "PL_POST"))
def temporary_placement_not_followed_by_return(t: Tables) -> pl.DataFrame:
    eps = in_order(t["Episodes"], "DECOM")
    before = {c: pl.col(c).shift(1) for c in ("CHILD", "PLACE")}
    two_before = {c: pl.col(c).shift(2) for c in ("CHILD", "PLACE", "PL_POST")}
    same_child = (pl.col("CHILD") == before["CHILD"]) & (pl.col("CHILD") == two_before["CHILD"])
    return eps.filter(
        same_child.fill_null(False)
        & before["PLACE"].is_in(list(TEMPORARY)).fill_null(False)
        & (
            differs(pl.col("RNE"), pl.lit("P"))
            | differs(pl.col("PLACE"), two_before["PLACE"])
            | differs(pl.col("PL_POST"), two_before["PL_POST"])
        )
    )


@ssda903_rule("516", fields=("REC", "PLACE"))
def former_foster_carer_ending_without_u_placement(t: Tables) -> pl.DataFrame:
    places = ("U1", "U2", "U3", "U4", "U5", "U6")
    return t["Episodes"].filter(is_in("REC", ("E45", "E46")) & ~is_in("PLACE", places))


@ssda903_rule("526", fields=("PLACE", "PLACE_PROVIDER"))
def placement_provider_missing(t: Tables) -> pl.DataFrame:
    no_provider = place_codes(t).provider_not_required
    return t["Episodes"].filter(~is_in("PLACE", no_provider) & pl.col("PLACE_PROVIDER").is_null())


@ssda903_rule("527", fields=("PLACE", "PLACE_PROVIDER"))
def pr1_provider_with_p1_r2_or_r5_placement(t: Tables) -> pl.DataFrame:
    return _provider_with_places(t, "PR1", ("P1", "R2", "R5"))


@ssda903_rule("528", fields=("PLACE", "PLACE_PROVIDER"))
def pr2_provider_with_p1_r2_or_r5_placement(t: Tables) -> pl.DataFrame:
    return _provider_with_places(t, "PR2", ("P1", "R2", "R5"))


@ssda903_rule("529", fields=("PLACE", "PLACE_PROVIDER"))
def pr3_provider_with_placement_public_bodies_cannot_provide(t: Tables) -> pl.DataFrame:
    places = ("A3", "A4", "A5", "A6", "K1", "K2", "P1", "U1", "U2", "U3", "U4", "U5", "U6")
    return _provider_with_places(t, "PR3", places)


@ssda903_rule("530", fields=("PLACE", "PLACE_PROVIDER"))
def pr4_provider_with_p1_placement(t: Tables) -> pl.DataFrame:
    return _provider_with_places(t, "PR4", ("P1",))


@ssda903_rule("531", fields=("PLACE", "PLACE_PROVIDER"))
def pr5_provider_with_p1_placement(t: Tables) -> pl.DataFrame:
    return _provider_with_places(t, "PR5", ("P1",))


@ssda903_rule("550", fields=("PLACE", "PLACE_PROVIDER"))
def pr0_provider_not_with_p1_placement(t: Tables) -> pl.DataFrame:
    return t["Episodes"].filter(
        pl.col("PLACE").ne("P1").fill_null(True) & holds(pl.col("PLACE_PROVIDER") == "PR0")
    )


UNIMPLEMENTED: dict[str, str] = {}
