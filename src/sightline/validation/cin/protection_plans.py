"""CIN census rules on child protection plans (ChildProtectionPlans and their Reviews): dates,
categories of abuse, plans open at once and against the conference that began them."""

from __future__ import annotations

import polars as pl

from sightline.validation.cin.helpers import CHILD, EPISODE, before_referral, in_year, outside_year
from sightline.validation.common import (
    collection_end,
    is_in,
    missing,
    present,
)
from sightline.validation.rules import cin_rule
from sightline.validation.tables import Tables

PLAN = (*EPISODE, "CPPID")


ABUSE = ("NEG", "PHY", "SAB", "EMO", "MUL")


def _plans_with_death(t: Tables) -> pl.DataFrame:
    deaths = t["ChildIdentifiers"].filter(present("PersonDeathDate"))
    return t["ChildProtectionPlans"].join(
        deaths.select(*CHILD, "PersonDeathDate"), on=CHILD, how="inner"
    )


@cin_rule("1105", fields=("CPPstartDate", "CINreferralDate"))
def cpp_starts_before_referral(t: Tables) -> pl.DataFrame:
    return before_referral(t, "ChildProtectionPlans", "CPPstartDate")


@cin_rule("2883", fields=("CPPstartDate", "DateOfInitialCPC"), scope="return")
def more_plans_starting_than_initial_conferences(t: Tables) -> pl.DataFrame:
    plans = t["ChildProtectionPlans"].filter(in_year(t, "CPPstartDate")).height
    conferences = (
        t["CINdetails"].filter(in_year(t, "DateOfInitialCPC")).height
        + t["Section47"].filter(in_year(t, "DateOfInitialCPC")).height
    )
    return pl.DataFrame({"plans": [plans]}).filter(pl.col("plans") > conferences)


@cin_rule("2885", fields=("CPPstartDate", "DateOfInitialCPC"))
def cpp_start_differs_from_initial_conference(t: Tables) -> pl.DataFrame:
    """A plan starting in the year must start on the day of an initial conference of its
    episode: one of the episode's S47s (ICPCnotRequired not "1") when it has any, else the
    CINdetails' own conference."""
    plans = (
        t["ChildProtectionPlans"]
        .filter(in_year(t, "CPPstartDate"))
        .select(*EPISODE, "CPPstartDate")
    )
    s47 = t["Section47"].filter((pl.col("ICPCnotRequired") != "1").fill_null(True))
    with_s47 = s47.select(*EPISODE).unique().with_columns(has_s47=pl.lit(True))
    s47_match = (
        s47.select(*EPISODE, pl.col("DateOfInitialCPC").alias("CPPstartDate"))
        .filter(pl.col("CPPstartDate").is_not_null())
        .unique()
        .with_columns(s47_match=pl.lit(True))
    )
    cin = t["CINdetails"].select(*EPISODE, pl.col("DateOfInitialCPC").alias("cin_cpc"))
    checked = (
        plans.join(with_s47, on=EPISODE, how="left", nulls_equal=True)
        .join(s47_match, on=[*EPISODE, "CPPstartDate"], how="left", nulls_equal=True)
        .join(cin, on=EPISODE, how="left", nulls_equal=True)
    )
    has_s47 = pl.col("has_s47").fill_null(False)
    return checked.filter(
        pl.when(has_s47)
        .then(pl.col("s47_match").is_null())
        .otherwise((pl.col("cin_cpc") != pl.col("CPPstartDate")).fill_null(True))
    )


@cin_rule("8720", fields=("CPPstartDate",))
def cpp_start_missing_or_after_reference_date(t: Tables) -> pl.DataFrame:
    return t["ChildProtectionPlans"].filter(
        missing("CPPstartDate") | (pl.col("CPPstartDate") > collection_end(t))
    )


@cin_rule("8730", fields=("NumberOfPreviousCPP",))
def previous_cpp_count_missing(t: Tables) -> pl.DataFrame:
    return t["ChildProtectionPlans"].filter(
        missing("NumberOfPreviousCPP")
        | (pl.col("NumberOfPreviousCPP").cast(pl.Int64, strict=False) < 0).fill_null(False)
    )


@cin_rule("8840", fields=("CPPstartDate", "CPPendDate"))
def cpp_starts_and_ends_same_day(t: Tables) -> pl.DataFrame:
    return t["ChildProtectionPlans"].filter(pl.col("CPPstartDate") == pl.col("CPPendDate"))


@cin_rule("8841", fields=("CPPstartDate", "CPPreviewDate"))
def review_on_or_before_cpp_start(t: Tables) -> pl.DataFrame:
    return (
        t["ChildProtectionPlans"]
        .filter(present("CPPstartDate"))
        .select(*PLAN, "CPPstartDate")
        .join(t["Reviews"].select(*PLAN, "CPPreviewDate"), on=PLAN, how="inner")
        .filter(pl.col("CPPreviewDate") <= pl.col("CPPstartDate"))
    )


@cin_rule("8842Q", fields=("CPPreviewDate",))
def review_date_missing(t: Tables) -> pl.DataFrame:
    return t["Reviews"].filter(missing("CPPreviewDate"))


@cin_rule("8905", fields=("InitialCategoryOfAbuse",))
def initial_category_of_abuse_missing_or_invalid(t: Tables) -> pl.DataFrame:
    return t["ChildProtectionPlans"].filter(~is_in("InitialCategoryOfAbuse", ABUSE))


@cin_rule("8910", fields=("LatestCategoryOfAbuse",))
def latest_category_of_abuse_missing_or_invalid(t: Tables) -> pl.DataFrame:
    return t["ChildProtectionPlans"].filter(~is_in("LatestCategoryOfAbuse", ABUSE))


@cin_rule("8915", fields=("CPPstartDate", "PersonDeathDate"))
def cpp_starts_after_death(t: Tables) -> pl.DataFrame:
    return _plans_with_death(t).filter(pl.col("CPPstartDate") > pl.col("PersonDeathDate"))


@cin_rule("8920", fields=("PersonDeathDate", "CPPendDate"))
def cpp_ends_after_death(t: Tables) -> pl.DataFrame:
    return _plans_with_death(t).filter(pl.col("CPPendDate") > pl.col("PersonDeathDate"))


@cin_rule("8925", fields=("CPPstartDate", "CPPendDate"))
def cpp_ends_before_start(t: Tables) -> pl.DataFrame:
    return t["ChildProtectionPlans"].filter(pl.col("CPPendDate") < pl.col("CPPstartDate"))


@cin_rule("8930", fields=("CPPendDate",))
def cpp_end_outside_census_year(t: Tables) -> pl.DataFrame:
    return t["ChildProtectionPlans"].filter(outside_year(t, "CPPendDate"))


@cin_rule("8935", fields=("CPPendDate",))
def more_than_one_open_cpp(t: Tables) -> pl.DataFrame:
    # Departs from the reference, which counts open plans per child and plan number; plans are
    # numbered within each CIN details, so it missed two open plans in one CIN details: here
    # per child, as the DfE says.
    return t["ChildProtectionPlans"].filter(missing("CPPendDate").sum().over(CHILD) > 1)


@cin_rule("8940", fields=("CPPstartDate", "CPPendDate"))
def cpp_dates_overlap(t: Tables) -> pl.DataFrame:
    # Departs from the reference, which tells plans apart by their number alone; plans are
    # numbered within each CIN details, so it never compared plans of different CIN details
    # that share a number: here every other plan of the child.
    plans = t["ChildProtectionPlans"].filter(present("CPPstartDate")).with_row_index("_row")
    other = plans.select(
        *CHILD,
        pl.col("_row").alias("_row_2"),
        pl.col("CPPstartDate").alias("_start_2"),
        pl.col("CPPendDate").alias("_end_2"),
    )
    begins = pl.col("CPPstartDate")
    return (
        plans.join(other, on=CHILD)
        .filter(pl.col("_row") != pl.col("_row_2"))
        .filter(
            (begins >= pl.col("_start_2"))
            & (
                (present("_end_2") & (begins <= pl.col("_end_2")))
                | (missing("_end_2") & (begins <= collection_end(t)))
            )
        )
    )


UNIMPLEMENTED: dict[str, str] = {}
