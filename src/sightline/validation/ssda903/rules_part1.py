"""SSDA903 rules 1000 to 185 (the first fifth of the 2025-26 and 2026-27 lists, by code).

Ported from the public lac_validator rules (MIT licence): the newest version of each rule for
2025-26. Where a rule there reads a table only when the file was loaded (``"X" in dfs``), the
check here asks the same of ``Tables`` (``_given``), so a missing file never makes children
fail a rule that looks for what they lack.
"""

from __future__ import annotations

import polars as pl

from sightline.validation.common import (
    age_on,
    bad_date,
    is_in,
    looked_after_all_year,
    missing,
    present,
    years_after,
)
from sightline.validation.common import collection_end as _end
from sightline.validation.common import collection_start as _start
from sightline.validation.common import given as _given
from sightline.validation.common import given_last as _given_last
from sightline.validation.common import no_failures as _none
from sightline.validation.rules import ssda903_rule
from sightline.validation.ssda903.place_codes import place_codes
from sightline.validation.tables import Tables

ETHNIC = (
    "WBRI", "WIRI", "WOTH", "WIRT", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN",
    "ABAN", "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT",
)  # fmt: skip
CARE_LEAVER = ("IN_TOUCH", "ACTIV", "ACCOM")
SHORT_BREAKS = ("V3", "V4")


# --- helpers ------------------------------------------------------------------------------------


def _invalid_code(name: str, codes: tuple[str, ...]) -> pl.Expr:
    """Given, but not one of ``codes`` (a blank passes)."""
    return present(name) & ~is_in(name, codes)


def _any_given(names: tuple[str, ...]) -> pl.Expr:
    return pl.any_horizontal(present(n) for n in names)


def _all_given(names: tuple[str, ...]) -> pl.Expr:
    return pl.all_horizontal(present(n) for n in names)


def _latest_episodes(episodes: pl.DataFrame) -> pl.DataFrame:
    """Each child's episode with the latest DECOM (the first of equals; a blank DECOM never
    counts), as the reference's ``groupby("CHILD")["DECOM"].idxmax()``."""
    return (
        episodes.filter(present("DECOM"))
        .filter(pl.col("DECOM") == pl.col("DECOM").max().over("CHILD"))
        .unique(subset="CHILD", keep="first", maintain_order=True)
    )


def _earliest_episodes(episodes: pl.DataFrame) -> pl.DataFrame:
    """Each child's episode with the earliest DECOM (``idxmin``), first of equals."""
    return (
        episodes.filter(present("DECOM"))
        .filter(pl.col("DECOM") == pl.col("DECOM").min().over("CHILD"))
        .unique(subset="CHILD", keep="first", maintain_order=True)
    )


# --- Header -------------------------------------------------------------------------------------


@ssda903_rule("101", fields=("SEX",))
def sex_code_invalid(t: Tables) -> pl.DataFrame:
    return t["Header"].filter(~is_in("SEX", ("M", "F", "U")))


@ssda903_rule("102", fields=("DOB",))
def date_of_birth_missing_or_invalid(t: Tables) -> pl.DataFrame:
    return t["Header"].filter(missing("DOB"))


@ssda903_rule("103", fields=("ETHNIC",))
def ethnicity_code_invalid(t: Tables) -> pl.DataFrame:
    return t["Header"].filter(~is_in("ETHNIC", ETHNIC))


@ssda903_rule("168", fields=("UPN",))
def upn_invalid(t: Tables) -> pl.DataFrame:
    # The reference's pattern with its look-ahead ("a letter but I, O or S") spelt out.
    pattern = r"^(?:[A-HJ-NP-RT-Z](?:\d{12}|\d{11}[A-Z])|UN[1-5])$"
    return t["Header"].filter(
        present("UPN") & ~pl.col("UPN").str.contains(pattern).fill_null(False)
    )


@ssda903_rule("171", fields=("MC_DOB",))
def mothers_child_date_of_birth_invalid(t: Tables) -> pl.DataFrame:
    return t["Header"].filter(bad_date("MC_DOB"))


@ssda903_rule("174", fields=("SEX", "MC_DOB"))
def mothers_child_date_of_birth_for_a_male(t: Tables) -> pl.DataFrame:
    return t["Header"].filter((pl.col("SEX") == "M").fill_null(False) & present("MC_DOB_raw"))


# --- Episodes -----------------------------------------------------------------------------------

REASON_PLACE_CHANGE = (
    "CARPL", "CLOSE", "ALLEG", "STAND", "APPRR", "CREQB", "CREQO", "CHILD", "LAREQ", "PLACE",
    "CUSTOD", "OTHER",
)  # fmt: skip
RNE = ("S", "P", "L", "T", "U", "B")
LS = ("C1", "C2", "D1", "E1", "V2", "V3", "V4", "J1", "J2", "J3", "L1", "L2", "L3")
CIN_CODES = ("N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8")
REC = (
    "E11", "E12", "E2", "E3", "E4A", "E4B", "E13", "E41", "E45", "E46", "E47", "E48", "E5",
    "E6", "E7", "E8", "E9", "E14", "E15", "E16", "E17", "X1",
)  # fmt: skip
PLACE_PROVIDER = ("PR0", "PR1", "PR2", "PR3", "PR4", "PR5")


@ssda903_rule("1009", fields=("REASON_PLACE_CHANGE",))
def reason_for_placement_change_invalid(t: Tables) -> pl.DataFrame:
    return t["Episodes"].filter(_invalid_code("REASON_PLACE_CHANGE", REASON_PLACE_CHANGE))


@ssda903_rule("141", fields=("DECOM",))
def episode_start_date_invalid(t: Tables) -> pl.DataFrame:
    return t["Episodes"].filter(bad_date("DECOM"))


@ssda903_rule("143", fields=("RNE",))
def reason_for_new_episode_invalid(t: Tables) -> pl.DataFrame:
    return t["Episodes"].filter(_invalid_code("RNE", RNE))


@ssda903_rule("144", fields=("LS",))
def legal_status_invalid(t: Tables) -> pl.DataFrame:
    return t["Episodes"].filter(_invalid_code("LS", LS))


@ssda903_rule("145", fields=("CIN",))
def category_of_need_invalid(t: Tables) -> pl.DataFrame:
    return t["Episodes"].filter(_invalid_code("CIN", CIN_CODES))


@ssda903_rule("146", fields=("PLACE",))
def placement_type_invalid(t: Tables) -> pl.DataFrame:
    return t["Episodes"].filter(_invalid_code("PLACE", place_codes(t).valid))


@ssda903_rule("147", fields=("DEC",))
def episode_end_date_invalid(t: Tables) -> pl.DataFrame:
    return t["Episodes"].filter(bad_date("DEC"))


@ssda903_rule("148", fields=("DEC", "REC"))
def episode_end_date_and_reason_not_both_given(t: Tables) -> pl.DataFrame:
    return t["Episodes"].filter(present("DEC_raw") != present("REC"))


@ssda903_rule("149", fields=("REC",))
def reason_episode_ceased_invalid(t: Tables) -> pl.DataFrame:
    return t["Episodes"].filter(_invalid_code("REC", REC))


@ssda903_rule("178", fields=("PLACE_PROVIDER",))
def placement_provider_invalid_or_not_expected(t: Tables) -> pl.DataFrame:
    return t["Episodes"].filter(
        present("PLACE_PROVIDER")
        & (
            ~is_in("PLACE_PROVIDER", PLACE_PROVIDER)
            | is_in("PLACE", place_codes(t).provider_must_be_blank)
        )
    )


# --- Reviews, UASC, Missing ---------------------------------------------------------------------

REVIEW_CODE = ("PN0", "PN1", "PN2", "PN3", "PN4", "PN5", "PN6", "PN7")


@ssda903_rule("166", fields=("REVIEW",))
def review_date_missing_or_invalid(t: Tables) -> pl.DataFrame:
    return t["Reviews"].filter(missing("REVIEW"))


@ssda903_rule("167", fields=("REVIEW_CODE",))
def participation_code_invalid_or_blank(t: Tables) -> pl.DataFrame:
    return t["Reviews"].filter(
        ~(
            (present("REVIEW_raw") & is_in("REVIEW_CODE", REVIEW_CODE))
            | (missing("REVIEW_raw") & missing("REVIEW_CODE"))
        )
    )


@ssda903_rule("104", fields=("DUC",))
def uasc_ceased_date_invalid(t: Tables) -> pl.DataFrame:
    # As the reference, a date before the collection year fails too.
    return t["UASC"].filter(bad_date("DUC") | (pl.col("DUC") < _start(t)).fill_null(False))


@ssda903_rule("1004", fields=("MIS_START",))
def missing_episode_start_date_missing_or_invalid(t: Tables) -> pl.DataFrame:
    return t["Missing"].filter(missing("MIS_START"))


@ssda903_rule("1005", fields=("MIS_END",))
def missing_episode_end_date_invalid(t: Tables) -> pl.DataFrame:
    return t["Missing"].filter(bad_date("MIS_END"))


@ssda903_rule("1006", fields=("MISSING",))
def missing_type_invalid(t: Tables) -> pl.DataFrame:
    return t["Missing"].filter(_invalid_code("MISSING", ("M", "A")))


# --- Adoption (AD1, PlacedAdoption) -------------------------------------------------------------

AD1_FIELDS = ("DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR")
#: The AD1 items as given (a date's text, so a malformed date still counts as given).
AD1_ITEMS = ("DATE_INT_raw", "DATE_MATCH_raw", *AD1_FIELDS[2:])


@ssda903_rule("112", fields=("DATE_INT",))
def date_should_be_placed_invalid(t: Tables) -> pl.DataFrame:
    return t["AD1"].filter(bad_date("DATE_INT"))


@ssda903_rule("113", fields=("DATE_MATCH",))
def date_matched_invalid(t: Tables) -> pl.DataFrame:
    return t["AD1"].filter(bad_date("DATE_MATCH"))


@ssda903_rule("114", fields=("FOSTER_CARE",))
def former_carer_status_invalid(t: Tables) -> pl.DataFrame:
    return t["AD1"].filter(_invalid_code("FOSTER_CARE", ("0", "1")))


@ssda903_rule("151", fields=AD1_FIELDS)
def adoption_items_partly_given(t: Tables) -> pl.DataFrame:
    return t["AD1"].filter(_any_given(AD1_ITEMS) & ~_all_given(AD1_ITEMS))


@ssda903_rule("175", fields=("NB_ADOPTR",))
def number_of_adopters_invalid(t: Tables) -> pl.DataFrame:
    return t["AD1"].filter(_invalid_code("NB_ADOPTR", ("1", "2")))


@ssda903_rule("176", fields=("SEX_ADOPTR",))
def sex_of_adopters_invalid(t: Tables) -> pl.DataFrame:
    return t["AD1"].filter(_invalid_code("SEX_ADOPTR", ("M1", "F1", "MM", "FF", "MF")))


@ssda903_rule("177", fields=("LS_ADOPTR",))
def legal_status_of_adopters_invalid(t: Tables) -> pl.DataFrame:
    return t["AD1"].filter(_invalid_code("LS_ADOPTR", ("L0", "L11", "L12", "L2", "L3", "L4")))


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
        _invalid_code("REASON_PLACED_CEASED", ("RD1", "RD2", "RD3", "RD4"))
    )


# --- Care leavers (OC3) -------------------------------------------------------------------------

IN_TOUCH = ("YES", "NO", "DIED", "REFU", "NREQ", "RHOM")
ACTIV = ("F1", "P1", "F2", "P2", "F4", "P4", "F5", "P5", "G4", "G5", "G6", "0")
ACCOM = (
    "B1", "B2", "C1", "C2", "D1", "D2", "E1", "E2", "G1", "G2", "H1", "H2", "K1", "K2", "R1",
    "R2", "S2", "T1", "T2", "U1", "U2", "V1", "V2", "W1", "W2", "X2", "Y1", "Y2", "Z1", "Z2",
    "0",
)  # fmt: skip


@ssda903_rule("131", fields=("IN_TOUCH",))
def in_touch_invalid(t: Tables) -> pl.DataFrame:
    return t["OC3"].filter(~is_in("IN_TOUCH", IN_TOUCH))


@ssda903_rule("132", fields=("ACTIV",))
def activity_invalid(t: Tables) -> pl.DataFrame:
    return t["OC3"].filter(~is_in("ACTIV", ACTIV))


@ssda903_rule("133", fields=("ACCOM",))
def accommodation_invalid(t: Tables) -> pl.DataFrame:
    return t["OC3"].filter(~is_in("ACCOM", ACCOM))


@ssda903_rule("153", fields=CARE_LEAVER)
def care_leaver_items_partly_given(t: Tables) -> pl.DataFrame:
    return t["OC3"].filter(_any_given(CARE_LEAVER) & ~_all_given(CARE_LEAVER))


# --- Outcomes (OC2) -----------------------------------------------------------------------------

OC2_FLAGS = (
    "CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT",
    "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED",
)  # fmt: skip
OC2_HEALTH = ("IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE")
OC2_OTHERS = ("CONVICTED", "HEALTH_CHECK", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED")


@ssda903_rule("158", fields=("INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"))
def intervention_offered_given_though_received(t: Tables) -> pl.DataFrame:
    return t["OC2"].filter(
        (pl.col("INTERVENTION_RECEIVED") == "1").fill_null(False) & present("INTERVENTION_OFFERED")
    )


@ssda903_rule("159", fields=("SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"))
def intervention_offered_missing_though_not_received(t: Tables) -> pl.DataFrame:
    return t["OC2"].filter(
        (pl.col("SUBSTANCE_MISUSE") == "1").fill_null(False)
        & (pl.col("INTERVENTION_RECEIVED") == "0").fill_null(False)
        & missing("INTERVENTION_OFFERED")
    )


@ssda903_rule("180", fields=("SDQ_SCORE",))
def sdq_score_invalid(t: Tables) -> pl.DataFrame:
    score = pl.col("SDQ_SCORE").str.strip_chars().cast(pl.Float64, strict=False)
    valid = (score >= 0) & (score <= 40) & (score == score.floor())
    return t["OC2"].filter(present("SDQ_SCORE") & ~valid.fill_null(False))


@ssda903_rule("181", fields=OC2_FLAGS)
def outcome_flag_not_0_or_1(t: Tables) -> pl.DataFrame:
    return t["OC2"].filter(pl.any_horizontal(_invalid_code(n, ("0", "1")) for n in OC2_FLAGS))


@ssda903_rule("182", fields=OC2_FLAGS)
def health_items_missing_though_other_outcomes_given(t: Tables) -> pl.DataFrame:
    return t["OC2"].filter(
        pl.any_horizontal(missing(n) for n in OC2_HEALTH) & _any_given(OC2_OTHERS)
    )


# --- Rules across tables ------------------------------------------------------------------------


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


@ssda903_rule("1000", fields=CARE_LEAVER)
def care_leaver_info_for_child_who_died_in_care(t: Tables) -> pl.DataFrame:
    died = pl.col("REC").str.to_uppercase() == "E2"
    children = t["Episodes"].filter(died).select("CHILD")
    if _given_last(t, "Episodes"):
        children = pl.concat([children, t.previous("Episodes").filter(died).select("CHILD")])
    return t["OC3"].join(children.unique(), on="CHILD", how="semi")


@ssda903_rule("1001", fields=CARE_LEAVER)
def care_leaver_info_for_child_not_relevant(t: Tables) -> pl.DataFrame:
    """Care leaver information for a child not looked after 13 weeks (91 days) since 14 with a
    day since 16, over this year's and last year's episodes, or whose last episode ended in
    adoption (E11/E12). As the reference, the check needs last year's episodes, and a child it
    cannot measure (no valid date of birth, on a file 20 or over at the year's end, only short
    breaks, no episodes) counts as not looked after long enough."""
    needed = ("Episodes", "OC3", "Header")
    if not all(_given(t, n) and t[n].height for n in needed):
        return _none(t)
    if not (_given_last(t, "Episodes") and t.previous("Episodes").height):
        return _none(t)
    end = _end(t)
    columns = ["CHILD", "DECOM", "DEC", "LS", "REC"]
    episodes = (
        pl.concat([e.select(columns) for e in _every_episode(t)])
        .sort("DEC", nulls_last=True, maintain_order=True)
        .unique(subset=["CHILD", "DECOM"], keep="first", maintain_order=True)
        .with_row_index("_row")
    )
    latest = _latest_episodes(episodes)
    # The open last episode of a child runs to the end of the collection year.
    episodes = episodes.with_columns(
        DEC=pl.when(pl.col("_row").is_in(latest.get_column("_row").implode()) & missing("DEC"))
        .then(end)
        .otherwise(pl.col("DEC"))
    )
    # On a file (two years of episodes) the reference leaves out young people of 20 or over
    # at the year's end, whose care would be older than the file; it then counts them as not
    # looked after long enough. The live records hold the whole care history
    # (``earlier_episodes``), so there every care leaver is measured.
    measurable = present("DOB")
    if t.earlier_episodes is None:
        measurable = measurable & (years_after("DOB", 20) > end)
    header = (
        t["Header"]
        .filter(measurable)
        .select("CHILD", DOB14=years_after("DOB", 14), DOB16=years_after("DOB", 16))
    )
    measured = episodes.join(header, on="CHILD", how="inner").filter(
        ~(pl.col("LS").str.to_uppercase().is_in(SHORT_BREAKS).fill_null(False))
    )
    if measured.height == 0:
        return _none(t)

    def days_since(birthday: str) -> pl.Expr:
        begun = pl.max_horizontal("DECOM", birthday)
        return (pl.col("DEC") - begun).dt.total_days().clip(lower_bound=0)

    totals = measured.group_by("CHILD").agg(
        TOTAL14=days_since("DOB14").sum(), TOTAL16=days_since("DOB16").sum()
    )
    adopted = latest.filter(pl.col("REC").str.to_uppercase().is_in(["E11", "E12"]).fill_null(False))
    relevant = (pl.col("TOTAL14") >= 91).fill_null(False) & (pl.col("TOTAL16") >= 1).fill_null(
        False
    )
    return (
        t["OC3"]
        .join(totals, on="CHILD", how="left")
        .filter(pl.col("CHILD").is_in(adopted.get_column("CHILD").implode()) | ~relevant)
    )


@ssda903_rule("1002", fields=CARE_LEAVER)
def care_leaver_info_without_any_episodes(t: Tables) -> pl.DataFrame:
    if not (_given(t, "Episodes") and _given_last(t, "Episodes")):
        return _none(t)
    ever = pl.concat([e.select("CHILD") for e in _every_episode(t)])
    return t["OC3"].join(ever, on="CHILD", how="anti")


def _every_episode(t: Tables) -> list[pl.DataFrame]:
    """This year's and last year's episodes, and, for the live records, every earlier one
    (the reference sees two years only: its messages say so, docs/reference-validators.md
    903-5)."""
    earlier = [] if t.earlier_episodes is None else [t.earlier_episodes]
    return [t["Episodes"], t.previous("Episodes"), *earlier]


@ssda903_rule("1003", fields=("DATE_PLACED", "DECOM", "RNE"))
def placed_for_adoption_before_care_began(t: Tables) -> pl.DataFrame:
    first = _earliest_episodes(t["Episodes"].filter(pl.col("RNE") == "S")).select("CHILD", "DECOM")
    return (
        t["PlacedAdoption"]
        .select("CHILD", "DATE_PLACED")
        .join(first, on="CHILD", how="inner")
        .filter(pl.col("DATE_PLACED") < pl.col("DECOM"))
    )


@ssda903_rule("1007", fields=CARE_LEAVER)
def care_leaver_info_while_looked_after_on_birthday(t: Tables) -> pl.DataFrame:
    """Departs from the reference, which compares DEC with the birthday and so never flags an
    open episode (a blank DEC compares False): the DfE's rule is about a young person still
    looked after on their 17th or 18th birthday, so an open episode begun by then fails too."""
    end = _end(t)
    birthday = pl.col("DOB").dt.offset_by(
        pl.format("{}y", pl.lit(t.meta.collection_end.year) - pl.col("DOB").dt.year())
    )
    birthday = pl.when(birthday > end).then(birthday.dt.offset_by("-1y")).otherwise(birthday)
    merged = (
        t["Episodes"]
        .select("CHILD", "DECOM", "DEC")
        .join(t["OC3"].select("CHILD", "DOB", *CARE_LEAVER), on="CHILD", how="inner")
        .with_columns(_birthday=birthday)
    )
    aged_17_or_18 = (years_after("DOB", 17) <= end) & (years_after("DOB", 19) > end)
    in_care = (pl.col("DECOM") <= pl.col("_birthday")) & (
        (pl.col("DEC") > pl.col("_birthday")) | missing("DEC")
    )
    return merged.filter(aged_17_or_18 & in_care & _any_given(CARE_LEAVER))


@ssda903_rule("1010", fields=CARE_LEAVER)
def care_leaver_info_without_episodes_though_in_care_last_year(t: Tables) -> pl.DataFrame:
    if not (_given(t, "Episodes") and _given_last(t, "Episodes")):
        return _none(t)
    still_open = (
        t.previous("Episodes")
        .filter(present("DECOM"))
        .sort(["CHILD", "DECOM"], maintain_order=True)
        .unique(subset="CHILD", keep="last", maintain_order=True)
        .filter(missing("DEC_raw"))
        .select("CHILD")
    )
    return (
        t["OC3"]
        .join(t["Episodes"].select("CHILD"), on="CHILD", how="anti")
        .join(still_open, on="CHILD", how="semi")
    )


@ssda903_rule("1011", fields=CARE_LEAVER)
def care_leaver_info_after_transfer_to_another_la(t: Tables) -> pl.DataFrame:
    transferred = _latest_episodes(t["Episodes"]).filter(pl.col("REC") == "E3").select("CHILD")
    return t["OC3"].filter(_any_given(CARE_LEAVER)).join(transferred, on="CHILD", how="semi")


@ssda903_rule("1012", fields=("CHILD",))
def data_for_child_without_episodes(t: Tables) -> pl.DataFrame:
    if not _given(t, "Episodes"):
        return _none(t)
    tables = ("PlacedAdoption", "Missing", "Reviews", "AD1", "PrevPerm", "OC2")
    children = pl.concat([t[name].select("CHILD") for name in tables])
    return children.join(t["Episodes"].select("CHILD"), on="CHILD", how="anti")


@ssda903_rule("1014", fields=("ACTIV", "ACCOM", "IN_TOUCH", "DUC"))
def uasc_info_for_care_leaver(t: Tables) -> pl.DataFrame:
    if not (_given(t, "UASC") and _given(t, "Episodes") and _given(t, "OC3")):
        return _none(t)
    start, end = _start(t), _end(t)
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
        .filter(_any_given(CARE_LEAVER))
        .join(not_in_care, on="CHILD", how="semi")
        .join(t["UASC"].select("CHILD"), on="CHILD", how="semi")
    )


@ssda903_rule("1016", fields=CARE_LEAVER)
def care_leaver_info_for_child_leaving_care_after_birthday(t: Tables) -> pl.DataFrame:
    """Departs from the reference only in how it ages a young person at the year's end: the
    reference divides days by a mean year of 365.2425 days, which is a day out for some whose
    birthday falls on 30 or 31 March; this takes their age in whole years, as the DfE means."""
    age = age_on("DOB", _end(t))
    dec = pl.col("DEC")
    return (
        t["OC3"]
        .select("CHILD", "DOB", *CARE_LEAVER)
        .join(t["Episodes"].select("CHILD", "DEC"), on="CHILD", how="inner")
        .filter(
            (
                ((age == 17) & (dec >= years_after("DOB", 17)))
                | ((age == 18) & (dec >= years_after("DOB", 18)))
            ).fill_null(False)
            & _any_given(CARE_LEAVER)
        )
    )


@ssda903_rule("117", fields=("DATE_PLACED_CEASED", "DATE_PLACED", "DEC", "REC", "DECOM"))
def adoption_decision_after_year_or_care_ended(t: Tables) -> pl.DataFrame:
    end = _end(t)
    latest = _latest_episodes(t["Episodes"].filter(pl.col("REC").ne_missing("X1")))
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
    first = _earliest_episodes(t["Episodes"].filter(~is_in("LS", SHORT_BREAKS)))
    ceased = pl.col("DATE_PLACED_CEASED")
    return (
        first.select("CHILD", "DECOM")
        .join(t["PlacedAdoption"].select("CHILD", "DATE_PLACED_CEASED"), on="CHILD", how="inner")
        .filter((ceased < pl.col("DECOM")) | (ceased < _start(t)))
    )


@ssda903_rule("134", fields=(*CARE_LEAVER, *AD1_FIELDS))
def adoption_data_for_care_leaver(t: Tables) -> pl.DataFrame:
    leavers = t["OC3"].filter(_any_given(CARE_LEAVER)).select("CHILD")
    return t["AD1"].filter(_any_given(AD1_ITEMS)).join(leavers, on="CHILD", how="semi")


@ssda903_rule("157", fields=("SDQ_REASON", "DOB"))
def sdq_reason_sdq1_for_child_of_sdq_age(t: Tables) -> pl.DataFrame:
    if not (_given(t, "OC2") and _given(t, "Episodes")):
        return _none(t)
    return (
        t["OC2"]
        .join(looked_after_all_year(t).filter(pl.col("CLA")), on="CHILD", how="semi")
        .filter(
            (years_after("DOB", 4) <= _start(t)).fill_null(False)
            & (years_after("DOB", 16) >= _end(t)).fill_null(False)
            & missing("SDQ_SCORE")
            & (pl.col("SDQ_REASON") == "SDQ1").fill_null(False)
        )
    )


@ssda903_rule("165", fields=("MOTHER", "SEX", "ACTIV", "ACCOM", "IN_TOUCH", "DECOM"))
def mother_status_invalid(t: Tables) -> pl.DataFrame:
    """As the reference, over children with episodes other than short breaks. The reference
    still reads the SEX codes 1 and 2 of years before 2024-25, which never match the M and F
    the return now holds; this reads M and F (and the old codes too)."""
    if not (_given(t, "Header") and _given(t, "Episodes") and _given(t, "OC3")):
        return _none(t)
    start, end = _start(t), _end(t)
    in_year = ((pl.col("DEC").fill_null(end) >= start) & (pl.col("DECOM") <= end)).fill_null(False)
    episodes = (
        t["Episodes"]
        .filter(~pl.col("LS").str.to_uppercase().is_in(SHORT_BREAKS).fill_null(False))
        .group_by("CHILD")
        .agg(in_year.sum().alias("episodes_in_year"))
    )
    merged = episodes.join(
        t["Header"].select("CHILD", "SEX", "MOTHER"), on="CHILD", how="left"
    ).join(t["OC3"].select("CHILD", *CARE_LEAVER), on="CHILD", how="left")
    has_mother = present("MOTHER")
    male = is_in("SEX", ("M", "1"))
    female = is_in("SEX", ("F", "2"))
    eps_in_year = pl.col("episodes_in_year") > 0
    return merged.filter(
        (has_mother & ~is_in("MOTHER", ("0", "1")))
        | (has_mother & male)
        | (~has_mother & female & eps_in_year)
        | (has_mother & female & ~eps_in_year & _any_given(CARE_LEAVER))
    )


@ssda903_rule("184", fields=("DATE_PLACED", "DOB"))
def placed_for_adoption_before_birth(t: Tables) -> pl.DataFrame:
    # As the reference, against the date of birth the placed-for-adoption table gives (its
    # merge with the header keeps that table's DOB), and a blank DOB fails.
    if not _given(t, "Header"):
        return _none(t)
    return t["PlacedAdoption"].filter(
        present("DATE_PLACED") & ~(pl.col("DATE_PLACED") >= pl.col("DOB")).fill_null(False)
    )


@ssda903_rule("185", fields=("SDQ_SCORE",))
def sdq_score_for_child_not_looked_after_12_months(t: Tables) -> pl.DataFrame:
    if not (_given(t, "OC2") and _given(t, "Episodes")):
        return _none(t)
    return (
        t["OC2"]
        .filter(present("SDQ_SCORE"))
        .join(looked_after_all_year(t).filter(pl.col("CLA")), on="CHILD", how="anti")
    )


#: Rules of this part not checked, with the reason (listed in docs/validation-rules.md).
UNIMPLEMENTED: dict[str, str] = {
    "105": "UASC status is a field of the XML return only; Sightline reads the CSV files, "
    "where the reference skips the rule too",
    "164": "cannot fail: PL_DISTANCE, derived from two postcodes in the directory, is always "
    "between 0.0 and 999.9 miles (no two postcodes in the directory are that far apart)",
}
