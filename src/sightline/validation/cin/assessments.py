"""CIN census rules on assessments (Assessments and their factors): dates, open and completed
assessments, and the factors identified."""

from __future__ import annotations

import polars as pl

from sightline.validation.cin.helpers import (
    EPISODE,
    before_referral,
    in_year,
    outside_year,
    starts_while_another_is_open,
)
from sightline.validation.common import (
    add_working_days,
    collection_end,
    collection_start,
    is_in,
    missing,
)
from sightline.validation.rules import cin_rule
from sightline.validation.tables import Tables

ASSESSMENT = (*EPISODE, "AssessmentID")


FACTORS = (
    "1A", "1B", "1C", "2A", "2B", "2C", "3A", "3B", "3C", "4A", "4B", "4C", "5A", "5B", "5C",
    "6A", "6B", "6C", "7A", "8B", "8C", "8D", "8E", "8F", "9A", "10A", "11A", "12A", "13A",
    "14A", "15A", "16A", "17A", "18A", "18B", "18C", "19A", "19B", "19C", "20", "21", "22A",
    "23A", "24A",
)  # fmt: skip


@cin_rule("1103", fields=("AssessmentActualStartDate", "CINreferralDate"))
def assessment_starts_before_referral(t: Tables) -> pl.DataFrame:
    return before_referral(t, "Assessments", "AssessmentActualStartDate")


@cin_rule("8608", fields=("AssessmentActualStartDate", "AssessmentAuthorisationDate"))
def assessment_starts_after_authorisation(t: Tables) -> pl.DataFrame:
    return t["Assessments"].filter(
        pl.col("AssessmentActualStartDate") > pl.col("AssessmentAuthorisationDate")
    )


@cin_rule("8614", fields=("AssessmentAuthorisationDate", "AssessmentFactors"))
def factors_on_uncompleted_assessment(t: Tables) -> pl.DataFrame:
    # The reference's logic; it crashes on a real census (it groups failures by the list of
    # factors, which cannot be hashed), so it reports nothing there.
    factors = t["AssessmentFactorsList"].select(ASSESSMENT).unique()
    return (
        t["Assessments"]
        .filter(missing("AssessmentAuthorisationDate"))
        .join(factors, on=ASSESSMENT, how="semi")
    )


@cin_rule("8670Q", fields=("AssessmentActualStartDate", "AssessmentAuthorisationDate"))
def open_assessment_started_over_45_working_days_before_year_end(t: Tables) -> pl.DataFrame:
    # The reference counts back 44 working days (its offset is n - 1) from the reference date.
    latest = add_working_days(collection_end(t), -44)
    return t["Assessments"].filter(
        missing("AssessmentAuthorisationDate") & (pl.col("AssessmentActualStartDate") < latest)
    )


@cin_rule("8696", fields=("AssessmentAuthorisationDate",))
def assessment_end_outside_census_year(t: Tables) -> pl.DataFrame:
    return t["Assessments"].filter(outside_year(t, "AssessmentAuthorisationDate"))


@cin_rule("8736", fields=("AssessmentAuthorisationDate", "AssessmentActualStartDate"))
def open_assessment_start_outside_census_year(t: Tables) -> pl.DataFrame:
    return t["Assessments"].filter(
        missing("AssessmentAuthorisationDate")
        & ~in_year(t, "AssessmentActualStartDate").fill_null(False)
    )


@cin_rule("8863Q", fields=("AssessmentActualStartDate", "AssessmentAuthorisationDate"))
def assessment_starts_during_another(t: Tables) -> pl.DataFrame:
    return starts_while_another_is_open(
        t["Assessments"],
        "AssessmentActualStartDate",
        "AssessmentAuthorisationDate",
        pl.lit(True),
        t,
    )


@cin_rule("8869", fields=("AssessmentFactors",))
def factor_21_with_other_factors(t: Tables) -> pl.DataFrame:
    # Departs from the reference, which compares its list of an assessment's factors with
    # the text "21" and so never fails: here an assessment with factor 21 and any other factor.
    factor = pl.col("AssessmentFactor")
    return t["AssessmentFactorsList"].filter(
        (factor == "21").fill_null(False).any().over(ASSESSMENT)
        & (factor != "21").fill_null(True).any().over(ASSESSMENT)
    )


@cin_rule("8873Q", fields=("ReasonForClosure", "AssessmentFactors"))
def only_assessment_no_factors_without_rc8_or_rc9(t: Tables) -> pl.DataFrame:
    only = t["Assessments"].filter(pl.len().over(EPISODE) == 1).select(ASSESSMENT)
    factor = pl.col("AssessmentFactor")
    no_factors = t["AssessmentFactorsList"].filter(
        (factor == "21") | factor.str.contains("21", literal=True)
    )
    return (
        only.join(no_factors.select(ASSESSMENT).unique(), on=ASSESSMENT, how="semi")
        .join(t["CINdetails"].select(*EPISODE, "ReasonForClosure"), on=EPISODE, how="left")
        .filter(~is_in("ReasonForClosure", ("RC8", "RC9")))
    )


@cin_rule("8896", fields=("AssessmentAuthorisationDate",))
def two_open_assessments_in_episode(t: Tables) -> pl.DataFrame:
    return t["Assessments"].filter(missing("AssessmentAuthorisationDate").sum().over(EPISODE) > 1)


@cin_rule("8897Q", fields=("AssessmentAuthorisationDate", "AssessmentFactors"))
def completed_assessment_without_valid_factors(t: Tables) -> pl.DataFrame:
    # Departs from the reference, which matches factors to assessments on the child and the
    # assessment's number only, so an assessment took the factors of the same-numbered
    # assessment in the child's other CIN details (and, like 8614, it crashes on a real
    # census's list of factors): here the factors of the assessment itself.
    return (
        t["Assessments"]
        .filter(pl.col("AssessmentAuthorisationDate") >= collection_start(t))
        .select(ASSESSMENT)
        .join(
            t["AssessmentFactorsList"].select(*ASSESSMENT, "AssessmentFactor"),
            on=ASSESSMENT,
            how="left",
        )
        .filter(~is_in("AssessmentFactor", FACTORS))
    )


@cin_rule("8898", fields=("AssessmentFactors",))
def assessment_factor_repeated(t: Tables) -> pl.DataFrame:
    # The reference's logic; like 8614 it crashes on a real census's list of factors.
    return (
        t["AssessmentFactorsList"]
        .join(t["Assessments"].select(ASSESSMENT).unique(), on=ASSESSMENT, how="semi")
        .filter(pl.len().over(*ASSESSMENT, "AssessmentFactor") > 1)
    )


@cin_rule("8945Q", fields=("AssessmentFactors",))
def assessment_factor_18a(t: Tables) -> pl.DataFrame:
    # Departs from the reference, which upper-cases its list of an assessment's factors as if
    # it were text and so never fails: here each factor.
    return t["AssessmentFactorsList"].filter(pl.col("AssessmentFactor").str.to_uppercase() == "18A")


@cin_rule("8950Q", fields=("AssessmentFactors",))
def assessment_factor_19a(t: Tables) -> pl.DataFrame:
    # Departs from the reference as 8945Q does.
    return t["AssessmentFactorsList"].filter(pl.col("AssessmentFactor").str.to_uppercase() == "19A")


UNIMPLEMENTED: dict[str, str] = {}
