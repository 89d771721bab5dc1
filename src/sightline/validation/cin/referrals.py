"""CIN census rules on CIN episodes (CINdetails): the referral, its source, no further action,
the primary need, and the closure date and reason against what the episode holds."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from sightline.validation.cin.helpers import CHILD, EPISODE, FALSE, TRUE, lower_in, outside_year
from sightline.validation.common import (
    add_working_days,
    collection_end,
    is_in,
    lit_date,
    missing,
    present,
)
from sightline.validation.rules import cin_rule
from sightline.validation.tables import Tables

CLOSURE_REASONS = ("RC1", "RC2", "RC3", "RC4", "RC5", "RC6", "RC7", "RC8", "RC9")


PRIMARY_NEED = ("N0", "N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8", "N9")


REFERRAL_SOURCES = (
    "1A", "1B", "1C", "1D", "2A", "2B", "3A", "3B", "3C", "3D", "3E", "3F", "4", "5A", "5B",
    "5C", "5D", "6", "7", "8", "9", "10",
)  # fmt: skip


@cin_rule("2990", fields=("ReasonForClosure",))
def activity_on_case_closed_after_assessment(t: Tables) -> pl.DataFrame:
    closed = t["CINdetails"].filter(is_in("ReasonForClosure", ("RC8", "RC9")))
    activity = pl.concat(
        [
            t[table].select(*EPISODE).unique()
            for table in ("ChildProtectionPlans", "Section47", "CINplanDates")
        ]
    ).unique()
    return pl.concat(
        [
            closed.filter(pl.col("DateOfInitialCPC").is_not_null()).select(*EPISODE),
            closed.select(*EPISODE).join(activity, on=EPISODE, how="semi", nulls_equal=True),
        ]
    )


@cin_rule("8555Q", fields=("CINreferralDate", "PersonDeathDate"))
def referred_after_death(t: Tables) -> pl.DataFrame:
    deaths = t["ChildIdentifiers"].filter(pl.col("PersonDeathDate").is_not_null())
    return (
        t["CINdetails"]
        .join(deaths, on=CHILD, how="inner", nulls_equal=True)
        .filter(pl.col("PersonDeathDate") < pl.col("CINreferralDate"))
    )


@cin_rule("8565", fields=("CINclosureDate",))
def activity_after_case_closed(t: Tables) -> pl.DataFrame:
    """Activity of a closed episode dated after its closure: its initial conference,
    assessments, S47s, child protection plan end dates or CIN plan dates.

    Departs from the reference, which checks plan end dates against a hard-coded test frame
    instead of the return's child protection plans, and crashes when the numbers of S47 and
    CIN plan failures differ."""
    closed = t["CINdetails"].filter(pl.col("CINclosureDate").is_not_null())
    closure = pl.col("CINclosureDate")
    keyed = closed.select(*EPISODE, "CINclosureDate")

    def after(table: str, *columns: str) -> pl.DataFrame:
        rows = keyed.join(
            t[table].select(*EPISODE, *columns), on=EPISODE, how="inner", nulls_equal=True
        )
        later = [(closure < pl.col(c)).fill_null(False) for c in columns]
        return rows.filter(pl.any_horizontal(later)).select(*EPISODE)

    return pl.concat(
        [
            closed.filter(closure < pl.col("DateOfInitialCPC")).select(*EPISODE),
            after("Assessments", "AssessmentActualStartDate", "AssessmentAuthorisationDate"),
            after("Section47", "S47ActualStartDate", "DateOfInitialCPC"),
            after("ChildProtectionPlans", "CPPendDate"),
            after("CINplanDates", "CINPlanStartDate", "CINPlanEndDate"),
        ]
    )


@cin_rule("8568", fields=("ReferralNFA",))
def referral_nfa_missing_or_invalid(t: Tables) -> pl.DataFrame:
    nfa = pl.col("ReferralNFA").str.to_lowercase()
    return t["CINdetails"].filter(~nfa.is_in(["1", "0", "false", "true"]).fill_null(False))


@cin_rule("8569Q", fields=("CINreferralDate", "ReferralNFA"))
def old_referral_flagged_no_further_action(t: Tables) -> pl.DataFrame:
    # As the reference: "one working day before" the start is the start itself (rolled on to a
    # working day), and a missing flag counts as no further action.
    cutoff = add_working_days(lit_date(t.meta.collection_start), 0)
    return t["CINdetails"].filter(
        (pl.col("CINreferralDate") < cutoff) & ~is_in("ReferralNFA", FALSE)
    )


@cin_rule("8585Q", fields=("ReasonForClosure", "PersonDeathDate"))
def closed_as_died_without_death_date(t: Tables) -> pl.DataFrame:
    undead = t["ChildIdentifiers"].filter(pl.col("PersonDeathDate").is_null())
    died = t["CINdetails"].filter(pl.col("ReasonForClosure") == "RC2")
    return undead.select(CHILD).join(died, on=CHILD, how="inner", nulls_equal=True)


@cin_rule("8600", fields=("CINreferralDate",))
def referral_date_missing_or_after_year(t: Tables) -> pl.DataFrame:
    referral = pl.col("CINreferralDate")
    return t["CINdetails"].filter(referral.is_null() | (referral > lit_date(t.meta.collection_end)))


@cin_rule("8606", fields=("CINreferralDate", "PersonBirthDate", "ExpectedPersonBirthDate"))
def referral_more_than_40_weeks_before_birth(t: Tables) -> pl.DataFrame:
    births = t["ChildIdentifiers"].select(*CHILD, "PersonBirthDate", "ExpectedPersonBirthDate")
    referral = pl.col("CINreferralDate")
    weeks_40 = timedelta(days=280)
    return (
        t["CINdetails"]
        .join(births, on=CHILD, how="inner", nulls_equal=True)
        .filter(
            (referral < pl.col("PersonBirthDate") - weeks_40).fill_null(False)
            | (referral < pl.col("ExpectedPersonBirthDate") - weeks_40).fill_null(False)
        )
    )


@cin_rule("8610", fields=("ReferralNFA", "PrimaryNeedCode"))
def primary_need_missing_after_further_action(t: Tables) -> pl.DataFrame:
    return t["CINdetails"].filter(is_in("ReferralNFA", FALSE) & pl.col("PrimaryNeedCode").is_null())


@cin_rule("8620", fields=("CINclosureDate",))
def closure_date_outside_census_year(t: Tables) -> pl.DataFrame:
    return t["CINdetails"].filter(outside_year(t, "CINclosureDate"))


@cin_rule("8630", fields=("CINreferralDate", "CINclosureDate"))
def closure_before_referral(t: Tables) -> pl.DataFrame:
    return t["CINdetails"].filter(pl.col("CINclosureDate") < pl.col("CINreferralDate"))


@cin_rule("8640", fields=("ReasonForClosure",))
def closure_reason_invalid(t: Tables) -> pl.DataFrame:
    return t["CINdetails"].filter(
        present("ReasonForClosure") & ~is_in("ReasonForClosure", CLOSURE_REASONS)
    )


@cin_rule("8650", fields=("PrimaryNeedCode",))
def primary_need_invalid(t: Tables) -> pl.DataFrame:
    return t["CINdetails"].filter(
        present("PrimaryNeedCode") & ~is_in("PrimaryNeedCode", PRIMARY_NEED)
    )


@cin_rule("8772", fields=("UPNunknown", "ReferralNFA"))
def un7_child_with_referral_going_on_to_further_action(t: Tables) -> pl.DataFrame:
    # As the reference: a child with no CIN details, or a CIN details with no NFA flag, counts.
    return (
        t["ChildIdentifiers"]
        .filter(pl.col("UPNunknown") == "UN7")
        .join(t["CINdetails"].select(*CHILD, "ReferralNFA"), on=CHILD, how="left")
        .filter(~lower_in("ReferralNFA", TRUE))
    )


@cin_rule("8805", fields=("CINclosureDate", "ReasonForClosure"))
def closure_date_without_reason(t: Tables) -> pl.DataFrame:
    return t["CINdetails"].filter(present("CINclosureDate") & missing("ReasonForClosure"))


@cin_rule("8810", fields=("ReasonForClosure", "CINclosureDate"))
def closure_reason_without_date(t: Tables) -> pl.DataFrame:
    return t["CINdetails"].filter(present("ReasonForClosure") & missing("CINclosureDate"))


@cin_rule("8815", fields=("ReferralNFA", "CINclosureDate"))
def more_than_one_open_episode(t: Tables) -> pl.DataFrame:
    # The reference takes the flag's false as exactly "false" or "0" here.
    open_ = missing("CINclosureDate") & is_in("ReferralNFA", FALSE)
    return t["CINdetails"].filter(open_.sum().over(CHILD) > 1)


@cin_rule("8816", fields=("CINreferralDate", "ReferralNFA"))
def open_episode_not_the_latest(t: Tables) -> pl.DataFrame:
    # As the reference: the latest episode is the first with the latest referral date.
    return (
        t["CINdetails"]
        .filter(present("CINreferralDate"))
        .filter(
            missing("CINclosureDate")
            & is_in("ReferralNFA", FALSE)
            & (
                pl.int_range(pl.len()).over(CHILD)
                != pl.col("CINreferralDate").arg_max().over(CHILD)
            )
        )
    )


@cin_rule("8820", fields=("CINreferralDate", "CINclosureDate"))
def episodes_overlap(t: Tables) -> pl.DataFrame:
    cin = t["CINdetails"].filter(present("CINreferralDate")).with_row_index("_row")
    other = cin.select(
        *CHILD,
        pl.col("_row").alias("_row_2"),
        pl.col("CINreferralDate").alias("_ref_2"),
        pl.col("CINclosureDate").alias("_close_2"),
        pl.col("ReferralNFA").alias("_nfa_2"),
    )
    referral = pl.col("CINreferralDate")
    return (
        cin.join(other, on=CHILD)
        .filter(pl.col("_row") != pl.col("_row_2"))
        .filter(
            (referral >= pl.col("_ref_2"))
            & (
                (present("_close_2") & (referral < pl.col("_close_2")))
                | (missing("_close_2") & lower_in("_nfa_2", FALSE) & (referral < collection_end(t)))
            )
        )
    )


@cin_rule("8825Q", fields=("ReasonForClosure",))
def closed_after_assessment_without_assessment(t: Tables) -> pl.DataFrame:
    return (
        t["CINdetails"]
        .filter(is_in("ReasonForClosure", ("RC8", "RC9")))
        .join(t["Assessments"].select(EPISODE).unique(), on=EPISODE, how="anti")
    )


@cin_rule(
    "8831",
    fields=(
        "AssessmentActualStartDate",
        "AssessmentAuthorisationDate",
        "S47ActualStartDate",
        "DateOfInitialCPC",
    ),
)
def activity_on_nfa_referral(t: Tables) -> pl.DataFrame:
    # As the reference: the conference date read is the CIN details one.
    nfa = t["CINdetails"].filter(is_in("ReferralNFA", TRUE))
    s47 = t["Section47"].filter(present("S47ActualStartDate")).select(EPISODE).unique()
    assessed = (
        t["Assessments"]
        .filter(present("AssessmentActualStartDate") | present("AssessmentAuthorisationDate"))
        .select(EPISODE)
        .unique()
    )
    return pl.concat(
        [
            nfa.filter(present("DateOfInitialCPC")).select(EPISODE),
            nfa.join(s47, on=EPISODE, how="semi").select(EPISODE),
            nfa.join(assessed, on=EPISODE, how="semi").select(EPISODE),
        ]
    )


@cin_rule("8832", fields=("CINdetailsID", "ReferralNFA"))
def child_protection_on_nfa_referral(t: Tables) -> pl.DataFrame:
    # Departs from the reference, whose merge swaps the two tables' suffixes, so it maps each
    # failure back through the other table's row number and reports another child's row, or
    # none: here the children whose NFA CIN details holds a plan, as the DfE says.
    nfa = t["CINdetails"].filter(
        (pl.col("ReferralNFA").str.to_lowercase() == "true").fill_null(False)
        | (pl.col("ReferralNFA") == "1").fill_null(False)
    )
    return nfa.join(t["ChildProtectionPlans"].select(EPISODE).unique(), on=EPISODE, how="semi")


@cin_rule("8866", fields=("CINreferralDate", "ReferralSource"))
def referral_source_missing_or_invalid(t: Tables) -> pl.DataFrame:
    return t["CINdetails"].filter(
        (pl.col("CINreferralDate") >= lit_date(date(2013, 4, 1)))
        & ~is_in("ReferralSource", REFERRAL_SOURCES)
    )


@cin_rule("8867", fields=("CINclosureDate", "AssessmentAuthorisationDate"))
def closed_episode_with_open_assessment(t: Tables) -> pl.DataFrame:
    closed = t["CINdetails"].filter(present("CINclosureDate")).select(EPISODE)
    return (
        t["Assessments"]
        .filter(missing("AssessmentAuthorisationDate"))
        .join(closed, on=EPISODE, how="semi")
    )


@cin_rule("8868", fields=("ICPCnotRequired", "CINclosureDate", "DateOfInitialCPC"))
def closed_episode_with_uncompleted_s47(t: Tables) -> pl.DataFrame:
    closed = t["CINdetails"].filter(present("CINclosureDate")).select(EPISODE)
    not_required = is_in("ICPCnotRequired", TRUE)
    return (
        t["Section47"]
        .filter(
            (missing("DateOfInitialCPC") & ~not_required)
            | (present("DateOfInitialCPC") & not_required)
        )
        .join(closed, on=EPISODE, how="semi")
    )


UNIMPLEMENTED: dict[str, str] = {}
