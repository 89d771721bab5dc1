"""SSDA903 rules 186 to 357 (the second fifth of the 2025-26 and 2026-27 lists, by code)."""

from __future__ import annotations

from datetime import date

import polars as pl

from sightline.validation.common import age_on, is_in, lit_date, years_after
from sightline.validation.common import collection_end as _end
from sightline.validation.common import collection_start as _start
from sightline.validation.common import given as _given
from sightline.validation.common import given_last as _given_last
from sightline.validation.common import looked_after_all_year as _looked_after_all_year
from sightline.validation.common import no_failures as _none
from sightline.validation.rules import ssda903_rule
from sightline.validation.ssda903.place_codes import place_codes
from sightline.validation.tables import Tables

TEMPORARY = ("T0", "T1", "T2", "T3", "T4")
ADOPTED = ("E11", "E12")
SDQ_REASONS = ("SDQ1", "SDQ2", "SDQ3", "SDQ4", "SDQ5")
#: OC2 items for children looked after for 12 months (rules 190 and 215).
OC2_ITEMS = (
    "CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT",
    "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED",
)  # fmt: skip


def _children(*frames: pl.DataFrame) -> pl.DataFrame:
    return pl.concat([f.select("CHILD") for f in frames])


def _any_given(*names: str) -> pl.Expr:
    return pl.any_horizontal([pl.col(n).is_not_null() for n in names])


def _with_cla(t: Tables, table: str) -> pl.DataFrame:
    return (
        t[table]
        .join(_looked_after_all_year(t), on="CHILD", how="left")
        .with_columns(pl.col("CLA").fill_null(False))
    )


def _first_episodes(eps: pl.DataFrame) -> pl.DataFrame:
    """Each child's earliest episode by DECOM (the first of ties, as pandas' ``idxmin``)."""
    return (
        eps.filter(pl.col("DECOM").is_not_null())
        .sort(["CHILD", "DECOM"], maintain_order=True)
        .unique(subset="CHILD", keep="first", maintain_order=True)
    )


def _sorted_episodes(eps: pl.DataFrame) -> pl.DataFrame:
    """Episodes in order of start within each child, undated ones last (pandas' order)."""
    return eps.sort(["CHILD", "DECOM"], nulls_last=True, maintain_order=True)


# --- OC2: strengths and difficulties, health, substance misuse -------------------------------


@ssda903_rule("186", fields=("SDQ_SCORE",))
def sdq_score_missing_for_child_looked_after_all_year(t: Tables) -> pl.DataFrame:
    oc2 = _with_cla(t, "OC2")
    return oc2.filter(
        (years_after("DOB", 4) <= _start(t))
        & (years_after("DOB", 17) > _end(t))
        & pl.col("CLA")
        & pl.col("SDQ_SCORE").is_null()
        & pl.col("SDQ_REASON").is_null()
    )


@ssda903_rule(
    "187",
    fields=(
        "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR",
        "IN_TOUCH", "ACTIV", "ACCOM",
    ),
)  # fmt: skip
def adoption_or_care_leaver_data_for_child_looked_after_all_year(t: Tables) -> pl.DataFrame:
    if not _given(t, "OC3", "AD1", "Episodes"):
        return _none(t)
    oc3 = _with_cla(t, "OC3").filter(pl.col("CLA") & _any_given("IN_TOUCH", "ACTIV", "ACCOM"))
    ad1 = _with_cla(t, "AD1").filter(
        pl.col("CLA")
        & _any_given(
            "DATE_INT_raw", "DATE_MATCH_raw", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR",
            "LS_ADOPTR",
        )
    )  # fmt: skip
    return _children(oc3, ad1)


@ssda903_rule("188", fields=("SDQ_SCORE", "SDQ_REASON"))
def sdq_given_for_child_under_4(t: Tables) -> pl.DataFrame:
    return t["OC2"].filter(
        (years_after("DOB", 4) > _end(t)) & _any_given("SDQ_SCORE", "SDQ_REASON")
    )


@ssda903_rule("189", fields=("DOB", "SDQ_SCORE", "SDQ_REASON"))
def sdq_given_for_child_17_or_over(t: Tables) -> pl.DataFrame:
    return t["OC2"].filter(
        (years_after("DOB", 17) < _start(t)) & _any_given("SDQ_SCORE", "SDQ_REASON")
    )


@ssda903_rule("190", fields=OC2_ITEMS)
def oc2_items_given_for_child_not_looked_after_all_year(t: Tables) -> pl.DataFrame:
    if not _given(t, "OC2", "Episodes"):
        return _none(t)
    return _with_cla(t, "OC2").filter(~pl.col("CLA") & _any_given(*OC2_ITEMS))


@ssda903_rule(
    "191", fields=("IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE", "CHILD")
)
def oc2_items_missing_for_child_looked_after_all_year(t: Tables) -> pl.DataFrame:
    if not _given(t, "OC2", "Episodes"):
        return _none(t)
    needed = ("IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE")
    blank = _with_cla(t, "OC2").filter(
        pl.col("CLA") & pl.any_horizontal([pl.col(n).is_null() for n in needed])
    )
    no_oc2 = (
        _looked_after_all_year(t)
        .filter(pl.col("CLA"))
        .join(t["OC2"].select("CHILD"), on="CHILD", how="anti")
    )
    return _children(blank, no_oc2)


@ssda903_rule("192", fields=("SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED"))
def substance_misuse_without_intervention_received(t: Tables) -> pl.DataFrame:
    return t["OC2"].filter(
        is_in("SUBSTANCE_MISUSE", ["1"]) & pl.col("INTERVENTION_RECEIVED").is_null()
    )


@ssda903_rule("193", fields=("SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"))
def intervention_given_without_substance_misuse(t: Tables) -> pl.DataFrame:
    no_misuse = pl.col("SUBSTANCE_MISUSE").is_null() | is_in("SUBSTANCE_MISUSE", ["0"])
    return t["OC2"].filter(no_misuse & _any_given("INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"))


@ssda903_rule("196", fields=("SDQ_REASON",))
def sdq_reason_invalid(t: Tables) -> pl.DataFrame:
    return t["OC2"].filter(pl.col("SDQ_REASON").is_not_null() & ~is_in("SDQ_REASON", SDQ_REASONS))


@ssda903_rule("197B", fields=("SDQ_REASON", "DOB"))
def sdq_missing_for_child_turning_4_or_17(t: Tables) -> pl.DataFrame:
    start, end = _start(t), _end(t)
    turns = years_after("DOB", 4).is_between(start, end) | years_after("DOB", 17).is_between(
        start, end
    )
    return _with_cla(t, "OC2").filter(
        turns & pl.col("CLA") & pl.col("SDQ_SCORE").is_null() & pl.col("SDQ_REASON").is_null()
    )


@ssda903_rule("197a", fields=("SDQ_SCORE", "SDQ_REASON"))
def sdq_reason_given_with_score(t: Tables) -> pl.DataFrame:
    return t["OC2"].filter(pl.col("SDQ_SCORE").is_not_null() & pl.col("SDQ_REASON").is_not_null())


@ssda903_rule("198", fields=("SDQ_REASON",))
def sdq_reason_for_child_not_looked_after_all_year(t: Tables) -> pl.DataFrame:
    if not _given(t, "OC2", "Episodes"):
        return _none(t)
    return _with_cla(t, "OC2").filter(pl.col("SDQ_REASON").is_not_null() & ~pl.col("CLA"))


# --- Episodes against last year's return -----------------------------------------------------


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


def _with_last_header(t: Tables) -> pl.DataFrame:
    """This year's header rows of the children also in last year's header, with ``*_last``."""
    last = t.previous("Header")
    return t["Header"].join(
        last.rename({c: f"{c}_last" for c in last.columns if c != "CHILD"}),
        on="CHILD",
        how="inner",
    )


@ssda903_rule("202", fields=("SEX",))
def sex_differs_from_last_year(t: Tables) -> pl.DataFrame:
    return _with_last_header(t).filter(pl.col("SEX").ne_missing(pl.col("SEX_last")))


@ssda903_rule("203", fields=("DOB",))
def dob_differs_from_last_year(t: Tables) -> pl.DataFrame:
    return _with_last_header(t).filter(pl.col("DOB").ne_missing(pl.col("DOB_last")))


@ssda903_rule("204", fields=("ETHNIC",))
def ethnicity_differs_from_last_year(t: Tables) -> pl.DataFrame:
    return _with_last_header(t).filter(
        pl.col("ETHNIC").str.to_uppercase().ne_missing(pl.col("ETHNIC_last").str.to_uppercase())
    )


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
    given = _any_given("SEX", "DUC_raw")
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


@ssda903_rule("205A", fields=("DUC", "UASC"))
def uasc_last_year_only_but_duc_disagrees(t: Tables) -> pl.DataFrame:
    if not (_given(t, "UASC") and _given_last(t, "UASC")):
        return _none(t)
    start_last, end_last = _last_year(t)
    last_year_only = pl.col("UASC").ne_missing("1") & pl.col("UASC_last").eq_missing("1")
    ceased_last_year = pl.col("DUC_last").is_between(start_last, end_last).fill_null(False)
    return _uasc_both_years(t).filter(
        last_year_only & (pl.col("DUC_raw").is_not_null() | ~ceased_last_year)
    )


@ssda903_rule("205B", fields=("DUC", "UASC"))
def uasc_both_years_but_duc_disagrees(t: Tables) -> pl.DataFrame:
    if not (_given(t, "UASC") and _given_last(t, "UASC")):
        return _none(t)
    both = pl.col("UASC").eq_missing("1") & pl.col("UASC_last").eq_missing("1")
    ceased_this_year = pl.col("DUC").is_between(_start(t), _end(t)).fill_null(False)
    same_duc = (pl.col("DUC") == pl.col("DUC_last")).fill_null(False)
    last_duc_is_18th = (pl.col("DUC_last") == pl.col("DOB18")).fill_null(False)
    return _uasc_both_years(t).filter(both & ((~ceased_this_year & ~same_duc) | ~last_duc_is_18th))


@ssda903_rule("205C", fields=("DUC", "UASC"))
def duc_given_for_child_never_uasc(t: Tables) -> pl.DataFrame:
    if not (_given(t, "UASC") and _given_last(t, "UASC")):
        return _none(t)
    never = (pl.col("UASC").is_null() | (pl.col("UASC") == "0")).fill_null(False) & (
        pl.col("UASC_last").is_null() | (pl.col("UASC_last") == "0")
    ).fill_null(False)
    return _uasc_both_years(t).filter(
        never & (pl.col("DUC").is_not_null() | pl.col("DUC_last").is_not_null())
    )


@ssda903_rule("205D", fields=("UASC", "CHILD"))
def uasc_this_year_not_last_year(t: Tables) -> pl.DataFrame:
    # The reference needs a UASC table each year for the header's UASC flag (its ingress).
    if not (_given(t, "UASC") and _given_last(t, "UASC")):
        return _none(t)
    now = _uasc_flags(t["Header"], t["UASC"])
    last = _uasc_flags(t.previous("Header"), t.previous("UASC")).rename({"UASC": "UASC_last"})
    return now.join(last, on="CHILD", how="inner").filter(
        pl.col("UASC").eq_missing("1") & pl.col("UASC_last").ne_missing("1")
    )


@ssda903_rule("207", fields=("MOTHER",))
def mother_status_differs_from_last_year(t: Tables) -> pl.DataFrame:
    return (
        _with_last_header(t)
        .join(t["Episodes"].select("CHILD").unique(), on="CHILD", how="semi")
        .filter(pl.col("MOTHER").ne_missing(pl.col("MOTHER_last")) & is_in("MOTHER_last", ["1"]))
    )


@ssda903_rule("208", fields=("UPN",))
def upn_differs_from_last_year(t: Tables) -> pl.DataFrame:
    # As the reference: a null compares as the text "NAN"; a change from unknown (UN1 or
    # blank) to UN2-UN5, or from unknown to a known UPN, is allowed.
    unknown_later = ("UN2", "UN3", "UN4", "UN5")
    unknown = ("UN1", *unknown_later)
    null_now, null_before = pl.col("UPN").is_null(), pl.col("UPN_last").is_null()
    upn = pl.col("UPN").str.to_uppercase().fill_null("NAN")
    upn_last = pl.col("UPN_last").str.to_uppercase().fill_null("NAN")
    different = (upn != upn_last) & ~(null_now & null_before)
    valid_unknown_change = ((upn_last == "UN1") | null_before) & upn.is_in(unknown_later)
    unknown_to_known = (upn_last.is_in(unknown) | null_before) & ~(upn.is_in(unknown) | null_now)
    return _with_last_header(t).filter(different & ~valid_unknown_change & ~unknown_to_known)


# --- Header and episodes ---------------------------------------------------------------------


@ssda903_rule("209", fields=("UPN", "DOB"))
def un1_for_child_of_school_age(t: Tables) -> pl.DataFrame:
    # 31 August of the year before the collection year starts (2018 for 2019-20).
    reference = lit_date(date(t.meta.collection_start.year - 1, 8, 31))
    return t["Header"].filter((years_after("DOB", 4) <= reference) & is_in("UPN", ["UN1"]))


@ssda903_rule("210", fields=("UPN", "DECOM"))
def un4_for_child_looked_after_over_a_week(t: Tables) -> pl.DataFrame:
    week_before_end = lit_date(date(t.meta.collection_end.year, 3, 24))
    return (
        t["Episodes"]
        .join(t["Header"].select("CHILD", "UPN"), on="CHILD", how="inner")
        .filter(is_in("UPN", ["UN4"]) & (pl.col("DECOM") >= week_before_end))
    )


@ssda903_rule("213", fields=("PLACE_PROVIDER",))
def placement_provider_not_required(t: Tables) -> pl.DataFrame:
    return t["Episodes"].filter(
        is_in("PLACE", place_codes(t).provider_not_expected)
        & pl.col("PLACE_PROVIDER").is_not_null()
    )


@ssda903_rule("214", fields=("PL_POST", "URN"))
def placement_location_for_short_break(t: Tables) -> pl.DataFrame:
    return t["Episodes"].filter(is_in("LS", ["V3", "V4"]) & _any_given("PL_POST", "URN"))


@ssda903_rule("215", fields=OC2_ITEMS)
def care_leaver_with_oc2_items(t: Tables) -> pl.DataFrame:
    return (
        t["OC3"]
        .join(t["OC2"].select("CHILD", *OC2_ITEMS), on="CHILD", how="inner")
        .filter(_any_given("IN_TOUCH", "ACTIV", "ACCOM") & _any_given(*OC2_ITEMS))
    )


@ssda903_rule("217", fields=("PLACE", "DECOM", "RNE"))
def adoption_by_foster_carer_without_rne_s_t_u(t: Tables) -> pl.DataFrame:
    return t["Episodes"].filter(
        is_in("PLACE", ["A3", "A5"])
        & (pl.col("DECOM") >= lit_date(date(2015, 4, 1)))
        & ~is_in("RNE", ["S", "T", "U"])
    )


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
        _sorted_episodes(t["Episodes"])
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
        _sorted_episodes(t["Episodes"])
        .with_columns(PREVIOUS_REASON=pl.col("REASON_PLACE_CHANGE").shift(1).over("CHILD"))
        .filter(is_in("PLACE", TEMPORARY) & _any_given("REASON_PLACE_CHANGE", "PREVIOUS_REASON"))
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


@ssda903_rule("232", fields=("SEX",))
def sex_unknown(t: Tables) -> pl.DataFrame:
    return t["Header"].filter(pl.col("SEX").str.to_uppercase() == "U")


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


# --- Care leavers, dates and adoption ---------------------------------------------------------


@ssda903_rule("3001", fields=("ACCOM",))
def care_leaver_turning_17_with_former_foster_carers(t: Tables) -> pl.DataFrame:
    seventeenth = years_after("DOB", 17)
    return (
        t["OC3"]
        .select("CHILD", "ACCOM")
        .join(t["Header"].select("CHILD", "DOB"), on="CHILD", how="inner")
        .filter(
            pl.col("ACCOM").str.to_uppercase().is_in(["Z1", "Z2"]).fill_null(False)
            & seventeenth.is_between(_start(t), _end(t))
        )
    )


@ssda903_rule("301", fields=("DOB",))
def dob_after_year_end(t: Tables) -> pl.DataFrame:
    return t["Header"].filter(pl.col("DOB") > _end(t))


@ssda903_rule("302", fields=("DECOM", "DOB"))
def first_episode_before_birth(t: Tables) -> pl.DataFrame:
    return (
        _first_episodes(t["Episodes"])
        .join(t["Header"].select("CHILD", "DOB"), on="CHILD", how="inner")
        .filter(pl.col("DOB") > pl.col("DECOM"))
    )


@ssda903_rule("304", fields=("DUC", "DOB"))
def duc_after_18th_birthday(t: Tables) -> pl.DataFrame:
    return t["UASC"].filter(pl.col("DUC") > years_after("DOB", 18))


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
        _sorted_episodes(t["Episodes"])
        .with_columns(PLACE_prev=pl.col("PLACE").shift(1).over("CHILD"), first=first)
        .filter(is_in("PLACE", ["A3", "A4"]) & ~is_in("PLACE_prev", before) & ~pl.col("first"))
    )


@ssda903_rule("344", fields=("IN_TOUCH", "ACTIV", "ACCOM"))
def activity_or_accommodation_for_care_leaver_died_or_home(t: Tables) -> pl.DataFrame:
    # As the reference: a blank ACTIV or ACCOM is not "0", so it fails too.
    return t["OC3"].filter(
        is_in("IN_TOUCH", ["DIED", "RHOM"])
        & (pl.col("ACTIV").ne_missing("0") | pl.col("ACCOM").ne_missing("0"))
    )


@ssda903_rule("345", fields=("IN_TOUCH", "ACTIV", "ACCOM"))
def activity_or_accommodation_zero_when_in_touch(t: Tables) -> pl.DataFrame:
    return t["OC3"].filter(
        is_in("IN_TOUCH", ["YES"]) & (is_in("ACTIV", ["0"]) | is_in("ACCOM", ["0"]))
    )


@ssda903_rule("347", fields=("ACCOM", "DOB"))
def care_leaver_under_18_in_foyer(t: Tables) -> pl.DataFrame:
    # The reference compares the days since birth with numpy's 18 "years" of 365.2425 days,
    # so a child 18 on 1 April with four leap days in between (a 2027 return) fails, and it
    # crashes on a malformed DOB: the DfE's whole years of age are used.
    return t["OC3"].filter(is_in("ACCOM", ["T"]) & (age_on("DOB", _start(t)) < 18))


@ssda903_rule("348", fields=("IN_TOUCH",))
def care_leaver_reported_as_died_last_year(t: Tables) -> pl.DataFrame:
    last = t.previous("OC3").select("CHILD", IN_TOUCH_last="IN_TOUCH")
    return (
        t["OC3"]
        .join(last, on="CHILD", how="inner")
        .filter(is_in("IN_TOUCH_last", ["DIED"]) & pl.col("IN_TOUCH").ne_missing("DIED"))
    )


@ssda903_rule("351", fields=("DOB",))
def over_25_at_start_of_year(t: Tables) -> pl.DataFrame:
    return t["Header"].filter(_start(t) > years_after("DOB", 25))


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
    return t["Episodes"].filter(pl.col("DECOM") > _end(t))


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
    return _first_episodes(t["Episodes"]).filter(
        (pl.col("DECOM") >= _start(t)) & pl.col("RNE").ne_missing("S")
    )


#: Rules of this part not checked, with the reason (listed in docs/validation-rules.md).
UNIMPLEMENTED: dict[str, str] = {
    "303": (
        "cannot fail on a CSV return: UASC status is being in uasc.csv (as the reference's "
        "ingress sets it), so every DUC has status 1"
    ),
}
