"""CIN census rules on child in need plans (CINplanDates): dates, plans open at once, and plans
beside child protection plans."""

from __future__ import annotations

import polars as pl

from sightline.validation.cin.helpers import CHILD, EPISODE, TRUE, before_referral
from sightline.validation.common import (
    is_in,
    lit_date,
)
from sightline.validation.rules import cin_rule
from sightline.validation.tables import Tables


def _plans_of_dead_children(t: Tables) -> pl.DataFrame:
    dead = t["ChildIdentifiers"].filter(pl.col("PersonDeathDate").is_not_null())
    return dead.select(*CHILD, "PersonDeathDate").join(
        t["CINplanDates"], on=CHILD, how="inner", nulls_equal=True
    )


@cin_rule("4000", fields=("ReferralNFA",))
def cin_plan_on_no_further_action_referral(t: Tables) -> pl.DataFrame:
    nfa = t["CINdetails"].filter(is_in("ReferralNFA", TRUE))
    return nfa.join(t["CINplanDates"], on=EPISODE, how="inner", nulls_equal=True)


@cin_rule("4001", fields=("CINPlanEndDate", "CPPendDate"))
def open_cin_plan_alongside_open_cpp(t: Tables) -> pl.DataFrame:
    plans = t["CINplanDates"].filter(
        pl.col("CINPlanStartDate").is_not_null() & pl.col("CINPlanEndDate").is_null()
    )
    open_cpp = t["ChildProtectionPlans"].filter(pl.col("CPPendDate").is_null())
    return open_cpp.select(*EPISODE).join(
        plans.select(*EPISODE), on=EPISODE, how="inner", nulls_equal=True
    )


@cin_rule("4003", fields=("CINPlanStartDate", "CINPlanEndDate", "CPPreviewDate"))
def cpp_review_during_cin_plan(t: Tables) -> pl.DataFrame:
    # As the reference: reviews are matched to plans by child and CPPID (not episode), and
    # only a CIN plan with an end date and a child protection plan with an end date count.
    # A review counts when a plan of its child and number has an end date other than the
    # review's: the plans' end dates are counted first, so a child's many plans sharing a
    # number are not paired with each of its reviews.
    plan = [*CHILD, "CPPID"]
    ended = t["ChildProtectionPlans"].filter(pl.col("CPPendDate").is_not_null())
    reviews = (
        t["Reviews"]
        .select(*plan, "CPPreviewDate")
        .filter(pl.col("CPPreviewDate").is_not_null())
        .unique()
        .join(ended.group_by(plan).agg(ends=pl.len()), on=plan, nulls_equal=True)
        .join(
            ended.group_by(*plan, "CPPendDate").agg(same=pl.len()),
            left_on=[*plan, "CPPreviewDate"],
            right_on=[*plan, "CPPendDate"],
            how="left",
            nulls_equal=True,
        )
        .filter(pl.col("ends") > pl.col("same").fill_null(0))
        .select(*CHILD, "CPPreviewDate")
        .unique()
    )
    plans = t["CINplanDates"].select(*CHILD, "CINPlanStartDate", "CINPlanEndDate")
    review = pl.col("CPPreviewDate")
    return plans.join(reviews, on=CHILD, how="inner", nulls_equal=True).filter(
        (review >= pl.col("CINPlanStartDate")) & (review < pl.col("CINPlanEndDate"))
    )


@cin_rule("4004", fields=("CINPlanEndDate",))
def more_than_one_open_cin_plan(t: Tables) -> pl.DataFrame:
    plans = t["CINplanDates"]
    return plans.filter(
        pl.col("LAchildID").is_not_null()
        & (pl.col("CINPlanEndDate").is_null().sum().over(EPISODE) > 1)
    )


@cin_rule("4008", fields=("CINPlanStartDate", "PersonDeathDate"))
def cin_plan_starts_after_death(t: Tables) -> pl.DataFrame:
    return _plans_of_dead_children(t).filter(pl.col("PersonDeathDate") < pl.col("CINPlanStartDate"))


@cin_rule("4009Q", fields=("CINPlanEndDate", "PersonDeathDate"))
def cin_plan_ends_after_death(t: Tables) -> pl.DataFrame:
    return _plans_of_dead_children(t).filter(pl.col("PersonDeathDate") < pl.col("CINPlanEndDate"))


@cin_rule("4010", fields=("CINPlanStartDate",))
def cin_plan_start_missing_or_after_year(t: Tables) -> pl.DataFrame:
    start = pl.col("CINPlanStartDate")
    return t["CINplanDates"].filter(start.is_null() | (start > lit_date(t.meta.collection_end)))


@cin_rule("4011", fields=("CINPlanEndDate", "CINPlanStartDate"))
def cin_plan_ends_before_start(t: Tables) -> pl.DataFrame:
    return t["CINplanDates"].filter(pl.col("CINPlanEndDate") < pl.col("CINPlanStartDate"))


@cin_rule("4012Q", fields=("CINPlanStartDate", "CINPlanEndDate"))
def cin_plan_starts_and_ends_same_day(t: Tables) -> pl.DataFrame:
    return t["CINplanDates"].filter(pl.col("CINPlanStartDate") == pl.col("CINPlanEndDate"))


@cin_rule("4013", fields=("CINPlanEndDate",))
def cin_plan_ends_outside_year(t: Tables) -> pl.DataFrame:
    end = pl.col("CINPlanEndDate")
    return t["CINplanDates"].filter(
        (end < lit_date(t.meta.collection_start)) | (end > lit_date(t.meta.collection_end))
    )


@cin_rule("4014", fields=("CINPlanStartDate", "CINPlanEndDate"))
def cin_plans_overlap(t: Tables) -> pl.DataFrame:
    plans = (
        t["CINplanDates"]
        .with_row_index("row")
        .filter(pl.col("CINPlanStartDate").is_not_null())
        .select("row", *CHILD, "CINPlanStartDate", "CINPlanEndDate")
    )
    pairs = plans.join(plans, on=CHILD, how="inner", nulls_equal=True, suffix="_other").filter(
        pl.col("row") != pl.col("row_other")
    )
    start = pl.col("CINPlanStartDate")
    other_end = pl.col("CINPlanEndDate_other")
    return pairs.filter(
        (start >= pl.col("CINPlanStartDate_other"))
        & (
            ((start <= other_end) & other_end.is_not_null())
            | ((start <= lit_date(t.meta.collection_end)) & other_end.is_null())
        )
    )


@cin_rule("4015", fields=("CINPlanStartDate", "CINreferralDate"))
def cin_plan_starts_before_referral(t: Tables) -> pl.DataFrame:
    return before_referral(t, "CINplanDates", "CINPlanStartDate")


@cin_rule("4016", fields=("CINPlanStartDate", "CPPstartDate", "CPPendDate"))
def cin_plan_starts_during_cpp(t: Tables) -> pl.DataFrame:
    plans = t["CINplanDates"].select(*CHILD, "CINPlanStartDate")
    cpps = t["ChildProtectionPlans"].select(*CHILD, "CPPstartDate", "CPPendDate")
    start, cpp_end = pl.col("CINPlanStartDate"), pl.col("CPPendDate")
    return plans.join(cpps, on=CHILD, how="inner", nulls_equal=True).filter(
        (start >= pl.col("CPPstartDate"))
        & (
            ((start < cpp_end) & cpp_end.is_not_null())
            | ((start <= lit_date(t.meta.collection_end)) & cpp_end.is_null())
        )
    )


@cin_rule("4017", fields=("CPPstartDate", "CINPlanStartDate", "CINPlanEndDate"))
def cpp_starts_during_cin_plan(t: Tables) -> pl.DataFrame:
    cpps = t["ChildProtectionPlans"].select(*CHILD, "CPPstartDate")
    plans = t["CINplanDates"].select(*CHILD, "CINPlanStartDate", "CINPlanEndDate")
    start, plan_end = pl.col("CPPstartDate"), pl.col("CINPlanEndDate")
    return cpps.join(plans, on=CHILD, how="inner", nulls_equal=True).filter(
        (start >= pl.col("CINPlanStartDate"))
        & (
            ((start < plan_end) & plan_end.is_not_null())
            | ((start <= lit_date(t.meta.collection_end)) & plan_end.is_null())
        )
    )


UNIMPLEMENTED: dict[str, str] = {}
