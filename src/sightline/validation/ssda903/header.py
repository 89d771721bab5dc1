"""SSDA903 rules on the child's details (header.csv): sex, date of birth, ethnicity, UPN, and
motherhood, against this year's episodes and last year's header."""

from __future__ import annotations

from datetime import date

import polars as pl

from sightline.validation.common import (
    bad_date,
    collection_end,
    collection_start,
    given,
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
    CARE_LEAVER,
    CHILD,
    SHORT_BREAKS,
    any_given,
    holds,
)
from sightline.validation.tables import Tables

ETHNIC = (
    "WBRI", "WIRI", "WOTH", "WIRT", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN",
    "ABAN", "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT",
)  # fmt: skip


def _with_last_header(t: Tables) -> pl.DataFrame:
    """This year's header rows of the children also in last year's header, with ``*_last``."""
    last = t.previous("Header")
    return t["Header"].join(
        last.rename({c: f"{c}_last" for c in last.columns if c != "CHILD"}),
        on="CHILD",
        how="inner",
    )


UPN_UNKNOWN = ("UN1", "UN2", "UN3", "UN4", "UN5")


def _num(name: str) -> pl.Expr:
    """A number given as text, as pandas' ``to_numeric(errors="coerce")`` reads it."""
    return pl.col(name).str.strip_chars().cast(pl.Float64, strict=False)


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


@ssda903_rule("165", fields=("MOTHER", "SEX", "ACTIV", "ACCOM", "IN_TOUCH", "DECOM"))
def mother_status_invalid(t: Tables) -> pl.DataFrame:
    """As the reference, over children with episodes other than short breaks. The reference
    still reads the SEX codes 1 and 2 of years before 2024-25, which never match the M and F
    the return now holds; this reads M and F (and the old codes too)."""
    if not (given(t, "Header") and given(t, "Episodes") and given(t, "OC3")):
        return no_failures(t)
    start, end = collection_start(t), collection_end(t)
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
        | (has_mother & female & ~eps_in_year & any_given(*CARE_LEAVER))
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


@ssda903_rule("232", fields=("SEX",))
def sex_unknown(t: Tables) -> pl.DataFrame:
    return t["Header"].filter(pl.col("SEX").str.to_uppercase() == "U")


@ssda903_rule("301", fields=("DOB",))
def dob_after_year_end(t: Tables) -> pl.DataFrame:
    return t["Header"].filter(pl.col("DOB") > collection_end(t))


@ssda903_rule("351", fields=("DOB",))
def over_25_at_start_of_year(t: Tables) -> pl.DataFrame:
    return t["Header"].filter(collection_start(t) > years_after("DOB", 25))


@ssda903_rule("393", fields=("MOTHER",))
def mother_field_not_completed(t: Tables) -> pl.DataFrame:
    looked_after = t["Episodes"].filter(
        ~pl.col("LS").str.to_uppercase().is_in(list(SHORT_BREAKS)).fill_null(False)
    )
    return (
        t["Header"]
        .filter((pl.col("SEX") == "F") & pl.col("MOTHER").is_null())
        .join(looked_after.select("CHILD"), on="CHILD", how="semi")
    )


@ssda903_rule("442", fields=("UPN",))
def upn_not_completed(t: Tables) -> pl.DataFrame:
    looked_after = t["Episodes"].filter(~is_in("LS", SHORT_BREAKS))
    return (
        t["Header"]
        .filter(pl.col("UPN").is_null())
        .join(looked_after.select("CHILD"), on="CHILD", how="semi")
    )


@ssda903_rule("444", fields=("UPN",))
def duplicate_upn(t: Tables) -> pl.DataFrame:
    header = t["Header"]
    counted = header.filter(pl.col("UPN").is_not_null() & ~is_in("UPN", UPN_UNKNOWN))
    duplicated = counted.group_by("UPN").len().filter(pl.col("len") > 1).select("UPN")
    return header.join(duplicated, on="UPN", how="semi")


@ssda903_rule("607", fields=("DEC", "REC", "MOTHER", "LS", "SEX"))
def girl_left_care_without_mother_field(t: Tables) -> pl.DataFrame:
    start = lit_date(t.meta.collection_start)
    end = lit_date(t.meta.collection_end)
    header = t["Header"].select(CHILD, "SEX", "MOTHER")
    return (
        t["Episodes"]
        .join(header, on=CHILD, how="inner")
        .filter(
            pl.col("DEC").is_not_null()
            & holds(pl.col("REC") != "X1")
            & ~is_in("LS", ("V3", "V4"))
            & holds(pl.col("DEC") >= start)
            & holds(pl.col("DEC") <= end)
            & holds(pl.col("SEX") == "F")
            & pl.col("MOTHER").is_null()
        )
    )


@ssda903_rule("611", fields=("MOTHER", "MC_DOB"))
def mother_without_childs_birth_date(t: Tables) -> pl.DataFrame:
    return t["Header"].filter(holds(pl.col("MOTHER") == "1") & pl.col("MC_DOB_raw").is_null())


@ssda903_rule("612", fields=("SEX", "MOTHER", "MC_DOB"))
def childs_birth_date_but_not_a_mother(t: Tables) -> pl.DataFrame:
    return t["Header"].filter(
        (holds(pl.col("MOTHER") == "0") | pl.col("MOTHER").is_null())
        & holds(pl.col("SEX") == "F")
        & pl.col("MC_DOB_raw").is_not_null()
    )


@ssda903_rule("620", fields=("DOB", "MOTHER"))
def mother_under_11(t: Tables) -> pl.DataFrame:
    start = lit_date(t.meta.collection_start)
    return t["Header"].filter(
        holds(pl.col("MOTHER") == "1") & holds(years_after("DOB", 11) > start)
    )


@ssda903_rule("621", fields=("DOB", "MC_DOB"))
def mother_younger_than_her_child(t: Tables) -> pl.DataFrame:
    return t["Header"].filter(
        pl.col("MC_DOB").is_not_null() & ~holds(pl.col("MC_DOB") > pl.col("DOB"))
    )


@ssda903_rule("624", fields=("MC_DOB",))
def first_childs_birth_date_differs_from_last_year(t: Tables) -> pl.DataFrame:
    # The reference compares the dates as the text the files hold.
    if not given_last(t, "Header"):
        return no_failures(t)
    last = t.previous("Header").select(CHILD, pl.col("MC_DOB_raw").alias("MC_DOB_PRE"))
    return (
        t["Header"]
        .join(last, on=CHILD, nulls_equal=True)
        .filter(present("MC_DOB_PRE") & pl.col("MC_DOB_raw").ne_missing(pl.col("MC_DOB_PRE")))
    )


@ssda903_rule("625", fields=("MC_DOB", "DEC"))
def first_childs_birth_after_year_end_or_care_ended(t: Tables) -> pl.DataFrame:
    latest = (
        t["Episodes"]
        .filter(present(CHILD))
        .group_by(CHILD)
        .agg(pl.col("DEC").max())
        .filter(present("DEC"))
    )
    return (
        t["Header"]
        .join(latest, on=CHILD)
        .filter(
            (pl.col("MC_DOB") > collection_end(t)).fill_null(False)
            | (pl.col("MC_DOB") > pl.col("DEC")).fill_null(False)
        )
    )


@ssda903_rule("626", fields=("MOTHER", "MC_DOB"))
def mother_of_child_born_before_year_but_not_mother_last_year(t: Tables) -> pl.DataFrame:
    if not given_last(t, "Header"):
        return no_failures(t)
    last = t.previous("Header").select(CHILD, pl.col("MOTHER").alias("MOTHER_PRE"))
    return (
        t["Header"]
        .filter(present("MC_DOB"))
        .join(last, on=CHILD, nulls_equal=True)
        .filter(
            (_num("MOTHER") == 1).fill_null(False)
            & (_num("MOTHER_PRE") == 0).fill_null(False)
            & (pl.col("MC_DOB") < collection_start(t)).fill_null(False)
        )
    )


@ssda903_rule("628", fields=("MOTHER",))
def motherhood_given_for_care_leaver_not_looked_after(t: Tables) -> pl.DataFrame:
    if not given(t, "Episodes", "Header", "OC3"):
        return no_failures(t)
    oc3 = t["OC3"].filter(pl.any_horizontal(present(c) for c in ("IN_TOUCH", "ACTIV", "ACCOM")))
    return (
        t["Header"]
        .join(t["Episodes"].select(CHILD), on=CHILD, how="anti", nulls_equal=True)
        .join(oc3.select(CHILD), on=CHILD, nulls_equal=True)
        .filter(present("MOTHER"))
    )


UNIMPLEMENTED: dict[str, str] = {}
