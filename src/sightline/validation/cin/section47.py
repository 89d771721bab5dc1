"""CIN census rules on section 47 enquiries (Section47) and initial child protection
conferences: dates, targets and the enquiries open at once."""

from __future__ import annotations

import polars as pl

from sightline.validation.cin.helpers import (
    CHILD,
    EPISODE,
    FALSE,
    TRUE,
    before_referral,
    lower_in,
    outside_year,
    starts_while_another_is_open,
)
from sightline.validation.common import (
    add_working_days,
    collection_end,
    is_in,
    missing,
    present,
)
from sightline.validation.rules import cin_rule
from sightline.validation.tables import Tables


@cin_rule("1104", fields=("CINreferralDate", "DateOfInitialCPC"))
def section47_conference_before_referral(t: Tables) -> pl.DataFrame:
    return before_referral(t, "Section47", "DateOfInitialCPC")


@cin_rule("2884", fields=("DateOfInitialCPC",))
def initial_conference_at_both_s47_and_cin_level(t: Tables) -> pl.DataFrame:
    # As the reference: the two are matched by child (not episode) on the same date.
    cin = t["CINdetails"].select(*CHILD, "DateOfInitialCPC")
    s47 = t["Section47"].select(*CHILD, "DateOfInitialCPC")
    cin = cin.filter(pl.col("DateOfInitialCPC").is_not_null())
    return cin.join(s47, on=[*CHILD, "DateOfInitialCPC"], how="semi", nulls_equal=True)


@cin_rule("2889", fields=("S47ActualStartDate", "CINreferralDate"))
def section47_starts_before_referral(t: Tables) -> pl.DataFrame:
    return before_referral(t, "Section47", "S47ActualStartDate")


@cin_rule("2991Q", fields=("CINdetailsID",))
def section47_without_assessment_in_episode(t: Tables) -> pl.DataFrame:
    return t["Section47"].join(t["Assessments"], on=EPISODE, how="anti", nulls_equal=True)


@cin_rule("8615", fields=("S47ActualStartDate", "DateOfInitialCPC"))
def s47_start_missing_or_after_icpc(t: Tables) -> pl.DataFrame:
    return t["Section47"].filter(
        (pl.col("S47ActualStartDate") > pl.col("DateOfInitialCPC")).fill_null(False)
        | (present("DateOfInitialCPC") & missing("S47ActualStartDate"))
    )


@cin_rule("8675Q", fields=("DateOfInitialCPC", "S47ActualStartDate", "ICPCnotRequired"))
def s47_started_over_15_working_days_before_year_end_without_icpc(t: Tables) -> pl.DataFrame:
    latest = add_working_days(collection_end(t), -14)
    return t["Section47"].filter(
        missing("DateOfInitialCPC")
        & is_in("ICPCnotRequired", FALSE)
        & (pl.col("S47ActualStartDate") < latest)
    )


@cin_rule("8715", fields=("DateOfInitialCPC",))
def icpc_date_outside_census_year(t: Tables) -> pl.DataFrame:
    return t["Section47"].filter(outside_year(t, "DateOfInitialCPC"))


@cin_rule("8740", fields=("S47ActualStartDate", "DateOfInitialCPC", "ICPCnotRequired"))
def s47_without_icpc_start_outside_census_year(t: Tables) -> pl.DataFrame:
    # The reference takes only "0" as the flag's false here.
    return t["Section47"].filter(
        missing("DateOfInitialCPC")
        & (pl.col("ICPCnotRequired") == "0").fill_null(False)
        & outside_year(t, "S47ActualStartDate")
    )


@cin_rule("8839", fields=("DateOfInitialCPC",))
def two_open_s47_in_episode(t: Tables) -> pl.DataFrame:
    open_ = missing("DateOfInitialCPC") & ~is_in("ICPCnotRequired", TRUE)
    return t["Section47"].filter(open_.sum().over(EPISODE) > 1)


@cin_rule("8870Q", fields=("InitialCPCtarget",))
def icpc_target_date_at_weekend(t: Tables) -> pl.DataFrame:
    # Departs from the reference, which reads the target date as dd-mm-yyyy text and so never
    # fails on a census date (yyyy-mm-dd): here the date as the census gives it.
    return t["Section47"].filter(pl.col("InitialCPCtarget").dt.weekday() >= 6)


@cin_rule("8875", fields=("DateOfInitialCPC",))
def icpc_date_at_weekend(t: Tables) -> pl.DataFrame:
    return t["Section47"].filter(pl.col("DateOfInitialCPC").dt.weekday() >= 6)


@cin_rule("8890", fields=("S47ActualStartDate",))
def s47_starts_during_another(t: Tables) -> pl.DataFrame:
    return starts_while_another_is_open(
        t["Section47"],
        "S47ActualStartDate",
        "DateOfInitialCPC",
        ~lower_in("ICPCnotRequired", TRUE),
        t,
    )


UNIMPLEMENTED: dict[str, str] = {}
