"""SSDA903 rules on adoption (ad1.csv, placed_for_adoption.csv and the adoption episodes): the
decision to place for adoption, matching, the adopters, and adoptions that end."""

from __future__ import annotations

from datetime import date

import polars as pl

from sightline.validation.common import (
    bad_date,
    collection_end,
    collection_start,
    given,
    is_in,
    lit_date,
    no_failures,
    present,
)
from sightline.validation.rules import ssda903_rule
from sightline.validation.ssda903.helpers import (
    ADOPTED,
    CARE_LEAVER,
    CHILD,
    SHORT_BREAKS,
    all_given,
    any_given,
    children,
    differs,
    extreme_row,
    first_episode,
    holds,
    in_order,
    invalid_code,
    last_episode,
    with_cla,
    with_previous_row,
)
from sightline.validation.tables import Tables

AD1_FIELDS = ("DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR")


#: The AD1 items as given (a date's text, so a malformed date still counts as given).
AD1_ITEMS = ("DATE_INT_raw", "DATE_MATCH_raw", *AD1_FIELDS[2:])


ADOPTION_PLACES = ("A3", "A4", "A5", "A6")


#: The AD1 fields as given (the dates' text, so a malformed date still counts as completed).
AD1_GIVEN = (
    "DATE_INT_raw",
    "DATE_MATCH_raw",
    "FOSTER_CARE",
    "NB_ADOPTR",
    "SEX_ADOPTR",
    "LS_ADOPTR",
)


def _with_last_years_decisions(t: Tables) -> pl.DataFrame:
    last = t.previous("PlacedAdoption").select(
        CHILD,
        pl.col("DATE_PLACED_raw").alias("DATE_PLACED_last"),
        pl.col("DATE_PLACED").alias("DATE_PLACED_last_date"),
        pl.col("DATE_PLACED_CEASED_raw").alias("DATE_PLACED_CEASED_last"),
        pl.col("REASON_PLACED_CEASED").alias("REASON_PLACED_CEASED_last"),
    )
    return t["PlacedAdoption"].join(last, on=CHILD, how="inner")


def _adopted_in_year(t: Tables) -> pl.DataFrame:
    start = lit_date(t.meta.collection_start)
    end = lit_date(t.meta.collection_end)
    return t["Episodes"].filter(
        holds(pl.col("DEC") >= start) & holds(pl.col("DEC") <= end) & is_in("REC", ADOPTED)
    )


@ssda903_rule("112", fields=("DATE_INT",))
def date_should_be_placed_invalid(t: Tables) -> pl.DataFrame:
    return t["AD1"].filter(bad_date("DATE_INT"))


@ssda903_rule("113", fields=("DATE_MATCH",))
def date_matched_invalid(t: Tables) -> pl.DataFrame:
    return t["AD1"].filter(bad_date("DATE_MATCH"))


@ssda903_rule("114", fields=("FOSTER_CARE",))
def former_carer_status_invalid(t: Tables) -> pl.DataFrame:
    return t["AD1"].filter(invalid_code("FOSTER_CARE", ("0", "1")))


@ssda903_rule("151", fields=AD1_FIELDS)
def adoption_items_partly_given(t: Tables) -> pl.DataFrame:
    return t["AD1"].filter(any_given(*AD1_ITEMS) & ~all_given(*AD1_ITEMS))


@ssda903_rule("175", fields=("NB_ADOPTR",))
def number_of_adopters_invalid(t: Tables) -> pl.DataFrame:
    return t["AD1"].filter(invalid_code("NB_ADOPTR", ("1", "2")))


@ssda903_rule("176", fields=("SEX_ADOPTR",))
def sex_of_adopters_invalid(t: Tables) -> pl.DataFrame:
    return t["AD1"].filter(invalid_code("SEX_ADOPTR", ("M1", "F1", "MM", "FF", "MF")))


@ssda903_rule("177", fields=("LS_ADOPTR",))
def legal_status_of_adopters_invalid(t: Tables) -> pl.DataFrame:
    return t["AD1"].filter(invalid_code("LS_ADOPTR", ("L0", "L11", "L12", "L2", "L3", "L4")))


@ssda903_rule("115", fields=("DATE_PLACED",))
def date_placed_for_adoption_invalid(t: Tables) -> pl.DataFrame:
    return t["PlacedAdoption"].filter(bad_date("DATE_PLACED"))


@ssda903_rule("116", fields=("DATE_PLACED_CEASED",))
def date_placement_for_adoption_ceased_invalid(t: Tables) -> pl.DataFrame:
    return t["PlacedAdoption"].filter(bad_date("DATE_PLACED_CEASED"))


@ssda903_rule("119", fields=("REASON_PLACED_CEASED", "DATE_PLACED_CEASED"))
def adoption_reversal_date_and_reason_not_both_given(t: Tables) -> pl.DataFrame:
    return t["PlacedAdoption"].filter(
        present("DATE_PLACED_CEASED_raw") != present("REASON_PLACED_CEASED")
    )


@ssda903_rule("120", fields=("REASON_PLACED_CEASED",))
def adoption_reversal_reason_invalid(t: Tables) -> pl.DataFrame:
    return t["PlacedAdoption"].filter(
        invalid_code("REASON_PLACED_CEASED", ("RD1", "RD2", "RD3", "RD4"))
    )


@ssda903_rule("1003", fields=("DATE_PLACED", "DECOM", "RNE"))
def placed_for_adoption_before_care_began(t: Tables) -> pl.DataFrame:
    first = first_episode(t["Episodes"].filter(pl.col("RNE") == "S")).select("CHILD", "DECOM")
    return (
        t["PlacedAdoption"]
        .select("CHILD", "DATE_PLACED")
        .join(first, on="CHILD", how="inner")
        .filter(pl.col("DATE_PLACED") < pl.col("DECOM"))
    )


@ssda903_rule("117", fields=("DATE_PLACED_CEASED", "DATE_PLACED", "DEC", "REC", "DECOM"))
def adoption_decision_after_year_or_care_ended(t: Tables) -> pl.DataFrame:
    end = collection_end(t)
    latest = last_episode(t["Episodes"].filter(pl.col("REC").ne_missing("X1")))
    dec = pl.col("DEC")
    late = pl.any_horizontal(
        (pl.col(c) > end).fill_null(False) | (pl.col(c) > dec).fill_null(False)
        for c in ("DATE_PLACED", "DATE_PLACED_CEASED")
    )
    return (
        latest.select("CHILD", "DEC")
        .join(
            t["PlacedAdoption"].select("CHILD", "DATE_PLACED", "DATE_PLACED_CEASED"),
            on="CHILD",
            how="inner",
        )
        .filter(late)
    )


@ssda903_rule("118", fields=("DATE_PLACED_CEASED", "DECOM", "LS"))
def adoption_reversal_before_year_or_care_began(t: Tables) -> pl.DataFrame:
    first = first_episode(t["Episodes"].filter(~is_in("LS", SHORT_BREAKS)))
    ceased = pl.col("DATE_PLACED_CEASED")
    return (
        first.select("CHILD", "DECOM")
        .join(t["PlacedAdoption"].select("CHILD", "DATE_PLACED_CEASED"), on="CHILD", how="inner")
        .filter((ceased < pl.col("DECOM")) | (ceased < collection_start(t)))
    )


@ssda903_rule("134", fields=(*CARE_LEAVER, *AD1_FIELDS))
def adoption_data_for_care_leaver(t: Tables) -> pl.DataFrame:
    leavers = t["OC3"].filter(any_given(*CARE_LEAVER)).select("CHILD")
    return t["AD1"].filter(any_given(*AD1_ITEMS)).join(leavers, on="CHILD", how="semi")


@ssda903_rule("184", fields=("DATE_PLACED", "DOB"))
def placed_for_adoption_before_birth(t: Tables) -> pl.DataFrame:
    # As the reference, against the date of birth the placed-for-adoption table gives (its
    # merge with the header keeps that table's DOB), and a blank DOB fails.
    if not given(t, "Header"):
        return no_failures(t)
    return t["PlacedAdoption"].filter(
        present("DATE_PLACED") & ~(pl.col("DATE_PLACED") >= pl.col("DOB")).fill_null(False)
    )


@ssda903_rule(
    "187",
    fields=(
        "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR",
        "IN_TOUCH", "ACTIV", "ACCOM",
    ),
)  # fmt: skip
def adoption_or_care_leaver_data_for_child_looked_after_all_year(t: Tables) -> pl.DataFrame:
    if not given(t, "OC3", "AD1", "Episodes"):
        return no_failures(t)
    oc3 = with_cla(t, "OC3").filter(pl.col("CLA") & any_given("IN_TOUCH", "ACTIV", "ACCOM"))
    ad1 = with_cla(t, "AD1").filter(
        pl.col("CLA")
        & any_given(
            "DATE_INT_raw", "DATE_MATCH_raw", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR",
            "LS_ADOPTR",
        )
    )  # fmt: skip
    return children(oc3, ad1)


@ssda903_rule("217", fields=("PLACE", "DECOM", "RNE"))
def adoption_by_foster_carer_without_rne_s_t_u(t: Tables) -> pl.DataFrame:
    return t["Episodes"].filter(
        is_in("PLACE", ["A3", "A5"])
        & (pl.col("DECOM") >= lit_date(date(2015, 4, 1)))
        & ~is_in("RNE", ["S", "T", "U"])
    )


@ssda903_rule("331", fields=("DATE_MATCH", "DECOM", "REC"))
def matched_after_placed_for_adoption(t: Tables) -> pl.DataFrame:
    return (
        t["Episodes"]
        .filter(is_in("REC", ADOPTED))
        .join(t["AD1"].select("CHILD", "DATE_MATCH"), on="CHILD", how="inner")
        .filter(pl.col("DATE_MATCH") > pl.col("DECOM"))
    )


@ssda903_rule("333", fields=("DATE_INT", "DATE_MATCH"))
def decision_to_adopt_missing_or_after_matching(t: Tables) -> pl.DataFrame:
    matched = pl.col("DATE_MATCH").is_not_null()
    return t["AD1"].filter(
        matched & (pl.col("DATE_INT").is_null() | (pl.col("DATE_INT") > pl.col("DATE_MATCH")))
    )


@ssda903_rule("334", fields=("DATE_INT", "DECOM"))
def decision_to_adopt_before_period_of_care(t: Tables) -> pl.DataFrame:
    latest_start = (
        t["Episodes"]
        .filter(is_in("RNE", ["S"]) & pl.col("DECOM").is_not_null())
        .group_by("CHILD")
        .agg(pl.col("DECOM").max())
    )
    return latest_start.join(t["AD1"].select("CHILD", "DATE_INT"), on="CHILD", how="inner").filter(
        pl.col("DATE_INT") < pl.col("DECOM")
    )


@ssda903_rule("335", fields=("FOSTER_CARE", "PLACE", "REC"))
def foster_carer_adoption_disagrees_with_placement(t: Tables) -> pl.DataFrame:
    return (
        t["Episodes"]
        .join(t["AD1"].select("CHILD", "FOSTER_CARE"), on="CHILD", how="inner")
        .filter(
            is_in("REC", ["E1", "E11", "E12"])
            & (
                (is_in("PLACE", ["A2", "A3", "A5"]) & is_in("FOSTER_CARE", ["0"]))
                | (is_in("PLACE", ["A1", "A4", "A6"]) & is_in("FOSTER_CARE", ["1"]))
            )
        )
    )


@ssda903_rule("336", fields=("PLACE",))
def no_foster_placement_before_placed_for_adoption(t: Tables) -> pl.DataFrame:
    before = ("A3", "A4", "A5", "A6", "U1", "U2", "U3", "U4", "U5", "U6")
    first = (pl.int_range(pl.len()).over("CHILD") == 0) & pl.col("DECOM").is_not_null()
    return (
        in_order(t["Episodes"])
        .with_columns(PLACE_prev=pl.col("PLACE").shift(1).over("CHILD"), first=first)
        .filter(is_in("PLACE", ["A3", "A4"]) & ~is_in("PLACE_prev", before) & ~pl.col("first"))
    )


@ssda903_rule("390", fields=("PLACE", "REC"))
def adopted_but_not_placed_for_adoption(t: Tables) -> pl.DataFrame:
    return t["Episodes"].filter(
        is_in("REC", ("E11", "E12")) & ~is_in("PLACE", ("A3", "A4", "A5", "A6"))
    )


@ssda903_rule("408", fields=("PLACE", "LS"))
def placed_for_adoption_with_order_but_no_order(t: Tables) -> pl.DataFrame:
    return t["Episodes"].filter(is_in("PLACE", ("A5", "A6")) & pl.col("LS").ne_missing("E1"))


@ssda903_rule("511", fields=("NB_ADOPTR", "SEX_ADOPTR"))
def two_adopters_with_single_adopter_sex_code(t: Tables) -> pl.DataFrame:
    return t["AD1"].filter(holds(pl.col("NB_ADOPTR") == "2") & is_in("SEX_ADOPTR", ("M1", "F1")))


@ssda903_rule("514", fields=("LS_ADOPTR", "SEX_ADOPTR"))
def single_adopter_status_with_couple_sex_code(t: Tables) -> pl.DataFrame:
    return t["AD1"].filter(holds(pl.col("LS_ADOPTR") == "L0") & ~is_in("SEX_ADOPTR", ("M1", "F1")))


@ssda903_rule("517", fields=("LS_ADOPTR", "SEX_ADOPTR"))
def l3_adopters_not_male_and_female(t: Tables) -> pl.DataFrame:
    return t["AD1"].filter(holds(pl.col("LS_ADOPTR") == "L3") & ~is_in("SEX_ADOPTR", ("MF",)))


@ssda903_rule("518", fields=("LS_ADOPTR", "SEX_ADOPTR"))
def l4_adopters_not_same_sex_couple(t: Tables) -> pl.DataFrame:
    return t["AD1"].filter(holds(pl.col("LS_ADOPTR") == "L4") & ~is_in("SEX_ADOPTR", ("MM", "FF")))


@ssda903_rule("519", fields=("LS_ADOPTR", "SEX_ADOPTR"))
def civil_partner_adopters_not_a_couple(t: Tables) -> pl.DataFrame:
    return t["AD1"].filter(
        holds(pl.col("LS_ADOPTR") == "L2") & ~is_in("SEX_ADOPTR", ("MM", "FF", "MF"))
    )


@ssda903_rule("520", fields=("LS_ADOPTR", "SEX_ADOPTR"))
def different_sex_married_adopters_not_male_and_female(t: Tables) -> pl.DataFrame:
    return t["AD1"].filter(holds(pl.col("LS_ADOPTR") == "L11") & ~is_in("SEX_ADOPTR", ("MF",)))


@ssda903_rule("521", fields=("PLACE", "DECOM", "DATE_INT"))
def adoption_placement_before_best_interest_decision(t: Tables) -> pl.DataFrame:
    placed = t["Episodes"].filter(is_in("PLACE", ADOPTION_PLACES))
    return placed.join(t["AD1"].select(CHILD, "DATE_INT"), on=CHILD, how="inner").filter(
        holds(pl.col("DATE_INT") > pl.col("DECOM"))
    )


@ssda903_rule("522", fields=("DATE_PLACED", "DATE_PLACED_CEASED"))
def placed_for_adoption_ceased_before_decision(t: Tables) -> pl.DataFrame:
    return t["PlacedAdoption"].filter(holds(pl.col("DATE_PLACED_CEASED") < pl.col("DATE_PLACED")))


@ssda903_rule("523", fields=("DATE_PLACED", "DATE_INT"))
def placement_decision_differs_from_best_interest_date(t: Tables) -> pl.DataFrame:
    placed = t["PlacedAdoption"].filter(pl.col("DATE_PLACED").is_not_null())
    ad1 = t["AD1"].filter(pl.col("DATE_INT").is_not_null()).select(CHILD, "DATE_INT")
    return placed.join(ad1, on=CHILD, how="inner").filter(
        pl.col("DATE_INT") != pl.col("DATE_PLACED")
    )


@ssda903_rule("524", fields=("LS_ADOPTR", "SEX_ADOPTR"))
def l12_adopters_not_same_sex_couple(t: Tables) -> pl.DataFrame:
    return t["AD1"].filter(holds(pl.col("LS_ADOPTR") == "L12") & ~is_in("SEX_ADOPTR", ("MM", "FF")))


@ssda903_rule(
    "525",
    fields=(
        "DATE_PLACED_CEASED",
        "DATE_INT",
        "DATE_MATCH",
        "FOSTER_CARE",
        "NB_ADOPTR",
        "SEX_ADOPTR",
        "LS_ADOPTR",
    ),
)
def adopted_after_adoption_decision_reversed(t: Tables) -> pl.DataFrame:
    ceased = t["PlacedAdoption"].filter(pl.col("DATE_PLACED_CEASED_raw").is_not_null())
    ad1 = t["AD1"].select(CHILD, *AD1_GIVEN)
    return ceased.join(ad1, on=CHILD, how="inner").filter(
        pl.any_horizontal(pl.col(c).is_not_null() for c in AD1_GIVEN)
    )


@ssda903_rule("551", fields=("DATE_PLACED", "PLACE"))
def placed_for_adoption_without_decision_date(t: Tables) -> pl.DataFrame:
    placed = t["Episodes"].filter(is_in("PLACE", ADOPTION_PLACES))
    decisions = t["PlacedAdoption"].select(CHILD, "DATE_PLACED_raw")
    return placed.join(decisions, on=CHILD, how="left").filter(pl.col("DATE_PLACED_raw").is_null())


@ssda903_rule("552", fields=("DATE_PLACED", "DECOM"))
def adoption_decision_after_first_adoption_placement(t: Tables) -> pl.DataFrame:
    last_decision = extreme_row(t["PlacedAdoption"], "DATE_PLACED", latest=True).select(
        CHILD, "DATE_PLACED"
    )
    first_placed = extreme_row(t["Episodes"].filter(is_in("PLACE", ADOPTION_PLACES)), "DECOM")
    return first_placed.join(last_decision, on=CHILD, how="inner").filter(
        holds(pl.col("DECOM") < pl.col("DATE_PLACED"))
    )


@ssda903_rule("553", fields=("CHILD", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"))
def placement_order_without_adoption_decision(t: Tables) -> pl.DataFrame:
    e1 = t["Episodes"].filter(holds(pl.col("LS") == "E1"))
    decisions = t["PlacedAdoption"]
    no_decision = e1.join(decisions, on=CHILD, how="anti").select(CHILD)
    open_e1 = e1.filter(pl.col("DEC_raw").is_null()).select(CHILD)
    ceased = decisions.filter(
        pl.col("DATE_PLACED_CEASED_raw").is_not_null()
        | pl.col("REASON_PLACED_CEASED").is_not_null()
    ).join(open_e1, on=CHILD, how="semi")
    return pl.concat([no_decision, ceased.select(CHILD)])


@ssda903_rule("554", fields=("DATE_PLACED", "DECOM", "LS"))
def adoption_decision_after_placement_order(t: Tables) -> pl.DataFrame:
    first_e1 = extreme_row(t["Episodes"].filter(holds(pl.col("LS") == "E1")), "DECOM")
    decisions = t["PlacedAdoption"].select(CHILD, "DATE_PLACED")
    return first_e1.join(decisions, on=CHILD, how="inner").filter(
        holds(pl.col("DATE_PLACED") > pl.col("DECOM"))
    )


@ssda903_rule("557", fields=("DATE_PLACED_CEASED", "REASON_PLACED_CEASED", "PLACE", "LS", "REC"))
def left_care_unadopted_without_decision_ceased(t: Tables) -> pl.DataFrame:
    eps = t["Episodes"].filter(
        (is_in("PLACE", ADOPTION_PLACES) | is_in("LS", ("E1",)))
        & ~is_in("REC", (*ADOPTED, "X1"))
        & pl.col("REC").is_not_null()
    )
    incomplete = t["PlacedAdoption"].select(
        CHILD,
        (
            pl.col("DATE_PLACED_CEASED_raw").is_null() | pl.col("REASON_PLACED_CEASED").is_null()
        ).alias("incomplete"),
    )
    return eps.join(incomplete, on=CHILD, how="left").filter(pl.col("incomplete").fill_null(True))


@ssda903_rule("558", fields=("DATE_PLACED_CEASED", "REC"))
def adopted_with_adoption_decision_ceased(t: Tables) -> pl.DataFrame:
    # As the validators count: each adoption episode joined with each of the child's decisions;
    # a child with a decision not ceased (or none) passes, else more than one pair fails.
    adopted = t["Episodes"].filter(is_in("REC", ADOPTED))
    decisions = t["PlacedAdoption"].select(CHILD, "DATE_PLACED_CEASED_raw")
    pairs = adopted.join(decisions, on=CHILD, how="left")
    return pairs.filter(
        pl.col("DATE_PLACED_CEASED_raw").is_not_null().all().over(CHILD)
        & (pl.len().over(CHILD) > 1)
    )


@ssda903_rule("559", fields=("DATE_PLACED",))
def earlier_adoption_decision_missing_last_year(t: Tables) -> pl.DataFrame:
    if not t.has_previous:
        return t["PlacedAdoption"].clear()
    start = lit_date(t.meta.collection_start)
    last = t.previous("PlacedAdoption").select(CHILD, pl.col("DATE_PLACED").alias("last"))
    return (
        t["PlacedAdoption"]
        .join(last, on=CHILD, how="left")
        .filter(holds(pl.col("DATE_PLACED") < start) & pl.col("last").is_null())
    )


@ssda903_rule("560", fields=("DATE_PLACED", "DATE_PLACED_CEASED"))
def adoption_decision_date_changed_without_ceasing(t: Tables) -> pl.DataFrame:
    # The validators compare the dates as the text given.
    return _with_last_years_decisions(t).filter(
        pl.col("DATE_PLACED_last").is_not_null()
        & pl.col("DATE_PLACED_CEASED_last").is_null()
        & differs(pl.col("DATE_PLACED_raw"), pl.col("DATE_PLACED_last"))
    )


@ssda903_rule("561", fields=("DATE_PLACED",))
def adoption_decision_same_as_one_ceased_last_year(t: Tables) -> pl.DataFrame:
    return _with_last_years_decisions(t).filter(
        holds(pl.col("DATE_PLACED_raw") == pl.col("DATE_PLACED_last"))
        & (
            pl.col("REASON_PLACED_CEASED_last").is_not_null()
            | pl.col("DATE_PLACED_CEASED_last").is_not_null()
        )
    )


@ssda903_rule("563", fields=("DATE_PLACED", "REASON_PLACED_CEASED", "DATE_PLACED_CEASED"))
def adoption_decision_ceased_without_decision_date(t: Tables) -> pl.DataFrame:
    return t["PlacedAdoption"].filter(
        pl.col("REASON_PLACED_CEASED").is_not_null()
        & pl.col("DATE_PLACED_CEASED_raw").is_not_null()
        & pl.col("DATE_PLACED_raw").is_null()
    )


@ssda903_rule("579", fields=("DATE_PLACED", "DATE_PLACED_CEASED"))
def adoption_decisions_overlap(t: Tables) -> pl.DataFrame:
    ordered = with_previous_row(t["PlacedAdoption"], ["DATE_PLACED"], ["DATE_PLACED_CEASED"])
    return ordered.filter(
        ~pl.col("_first")
        & (
            pl.col("DATE_PLACED_CEASED_PREV").is_null()
            | holds(pl.col("DATE_PLACED") < pl.col("DATE_PLACED_CEASED_PREV"))
        )
    )


@ssda903_rule("582", fields=("DEC", "DATE_MATCH"))
def adopted_on_the_day_matched(t: Tables) -> pl.DataFrame:
    # The validators compare the dates as the text given.
    matched = t["AD1"].select(CHILD, "DATE_MATCH_raw")
    return (
        t["Episodes"]
        .filter(is_in("REC", ADOPTED))
        .join(matched, on=CHILD, how="inner")
        .filter(holds(pl.col("DEC_raw") == pl.col("DATE_MATCH_raw")))
    )


@ssda903_rule("583", fields=("DATE_PLACED", "DATE_PLACED_CEASED"))
def earlier_adoption_decision_not_ceased(t: Tables) -> pl.DataFrame:
    # Departs from the validators, which find the latest decision by sorting DATE_PLACED as
    # text (dd/mm/yyyy, so by day of the month); the DfE means the latest date, and so does
    # the validators' own test, which gives the dates already parsed.
    decisions = t["PlacedAdoption"].with_row_index("_row")
    latest = (
        decisions.sort("DATE_PLACED", descending=True, nulls_last=True, maintain_order=True)
        .unique(CHILD, keep="first", maintain_order=True)
        .select("_row")
    )
    return decisions.join(latest, on="_row", how="anti").filter(
        pl.col("DATE_PLACED_CEASED_raw").is_null()
    )


@ssda903_rule("584", fields=("DATE_PLACED",))
def adoption_decision_not_after_one_ceased_last_year(t: Tables) -> pl.DataFrame:
    # Departs from the validators, which compare DATE_PLACED as text and then flag the rows at
    # the positions of the joined frame rather than the matching rows; this follows the DfE
    # (and the validators' stated logic): a decision ceased last year needs a later one now.
    if not t.has_previous:
        return t["PlacedAdoption"].clear()
    ceased_last = (
        t.previous("PlacedAdoption")
        .filter(
            pl.col("DATE_PLACED_CEASED_raw").is_not_null()
            | pl.col("REASON_PLACED_CEASED").is_not_null()
        )
        .select(CHILD, pl.col("DATE_PLACED").alias("DATE_PLACED_last"))
    )
    return (
        t["PlacedAdoption"]
        .join(ceased_last, on=CHILD, how="inner")
        .filter(
            holds(pl.col("DATE_PLACED") <= pl.col("DATE_PLACED_last"))
            | pl.col("DATE_PLACED_raw").is_null()
        )
    )


@ssda903_rule(
    "601",
    fields=(
        "REC",
        "DATE_INT",
        "DATE_MATCH",
        "FOSTER_CARE",
        "NB_ADOPTR",
        "SEX_ADOPTR",
        "LS_ADOPTR",
    ),
)
def adopted_without_adoption_fields(t: Tables) -> pl.DataFrame:
    ad1 = t["AD1"].select(CHILD, *AD1_GIVEN)
    return (
        _adopted_in_year(t)
        .join(ad1, on=CHILD, how="inner")
        .filter(pl.any_horizontal(pl.col(c).is_null() for c in AD1_GIVEN))
    )


@ssda903_rule("602", fields=("CHILD",))
def adoption_fields_without_adoption_in_year(t: Tables) -> pl.DataFrame:
    return (
        t["AD1"]
        .join(_adopted_in_year(t), on=CHILD, how="anti")
        .filter(pl.any_horizontal(pl.col(c).is_not_null() for c in AD1_GIVEN))
    )


UNIMPLEMENTED: dict[str, str] = {}
