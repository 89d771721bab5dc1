"""CIN census rules 8614 to 8950Q (the second half of the 2025-26 list, by code)."""

from __future__ import annotations

from datetime import date

import polars as pl

from sightline.validation.common import add_working_days, is_in, lit_date, missing, present
from sightline.validation.rules import cin_rule
from sightline.validation.tables import CIN_CHILD, Tables

#: A child is its <Child> block (tables.CIN_CHILD): joins key on it, never on the ID alone.
CHILD = list(CIN_CHILD)
EPISODE = (*CIN_CHILD, "CINdetailsID")
ASSESSMENT = (*EPISODE, "AssessmentID")
PLAN = (*EPISODE, "CPPID")
TRUE = ("true", "1")
FALSE = ("false", "0")
CLOSURE_REASONS = ("RC1", "RC2", "RC3", "RC4", "RC5", "RC6", "RC7", "RC8", "RC9")
PRIMARY_NEED = ("N0", "N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8", "N9")
REFERRAL_SOURCES = (
    "1A", "1B", "1C", "1D", "2A", "2B", "3A", "3B", "3C", "3D", "3E", "3F", "4", "5A", "5B",
    "5C", "5D", "6", "7", "8", "9", "10",
)  # fmt: skip
ABUSE = ("NEG", "PHY", "SAB", "EMO", "MUL")
FACTORS = (
    "1A", "1B", "1C", "2A", "2B", "2C", "3A", "3B", "3C", "4A", "4B", "4C", "5A", "5B", "5C",
    "6A", "6B", "6C", "7A", "8B", "8C", "8D", "8E", "8F", "9A", "10A", "11A", "12A", "13A",
    "14A", "15A", "16A", "17A", "18A", "18B", "18C", "19A", "19B", "19C", "20", "21", "22A",
    "23A", "24A",
)  # fmt: skip


def _start(t: Tables) -> pl.Expr:
    return lit_date(t.meta.collection_start)


def _end(t: Tables) -> pl.Expr:
    return lit_date(t.meta.collection_end)


def _in_year(t: Tables, name: str) -> pl.Expr:
    """The date falls in the census year (null when the date is null)."""
    return pl.col(name).is_between(_start(t), _end(t))


def _outside_year(t: Tables, name: str) -> pl.Expr:
    """The date is before or after the census year (null when the date is null)."""
    return (pl.col(name) < _start(t)) | (pl.col(name) > _end(t))


def _lower_in(name: str, values: tuple[str, ...]) -> pl.Expr:
    return pl.col(name).str.to_lowercase().is_in(list(values)).fill_null(False)


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


@cin_rule("8615", fields=("S47ActualStartDate", "DateOfInitialCPC"))
def s47_start_missing_or_after_icpc(t: Tables) -> pl.DataFrame:
    return t["Section47"].filter(
        (pl.col("S47ActualStartDate") > pl.col("DateOfInitialCPC")).fill_null(False)
        | (present("DateOfInitialCPC") & missing("S47ActualStartDate"))
    )


@cin_rule("8620", fields=("CINclosureDate",))
def closure_date_outside_census_year(t: Tables) -> pl.DataFrame:
    return t["CINdetails"].filter(_outside_year(t, "CINclosureDate"))


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


@cin_rule("8670Q", fields=("AssessmentActualStartDate", "AssessmentAuthorisationDate"))
def open_assessment_started_over_45_working_days_before_year_end(t: Tables) -> pl.DataFrame:
    # The reference counts back 44 working days (its offset is n - 1) from the reference date.
    latest = add_working_days(_end(t), -44)
    return t["Assessments"].filter(
        missing("AssessmentAuthorisationDate") & (pl.col("AssessmentActualStartDate") < latest)
    )


@cin_rule("8675Q", fields=("DateOfInitialCPC", "S47ActualStartDate", "ICPCnotRequired"))
def s47_started_over_15_working_days_before_year_end_without_icpc(t: Tables) -> pl.DataFrame:
    latest = add_working_days(_end(t), -14)
    return t["Section47"].filter(
        missing("DateOfInitialCPC")
        & is_in("ICPCnotRequired", FALSE)
        & (pl.col("S47ActualStartDate") < latest)
    )


@cin_rule("8696", fields=("AssessmentAuthorisationDate",))
def assessment_end_outside_census_year(t: Tables) -> pl.DataFrame:
    return t["Assessments"].filter(_outside_year(t, "AssessmentAuthorisationDate"))


@cin_rule("8715", fields=("DateOfInitialCPC",))
def icpc_date_outside_census_year(t: Tables) -> pl.DataFrame:
    return t["Section47"].filter(_outside_year(t, "DateOfInitialCPC"))


@cin_rule("8720", fields=("CPPstartDate",))
def cpp_start_missing_or_after_reference_date(t: Tables) -> pl.DataFrame:
    return t["ChildProtectionPlans"].filter(
        missing("CPPstartDate") | (pl.col("CPPstartDate") > _end(t))
    )


@cin_rule("8730", fields=("NumberOfPreviousCPP",))
def previous_cpp_count_missing(t: Tables) -> pl.DataFrame:
    return t["ChildProtectionPlans"].filter(
        missing("NumberOfPreviousCPP")
        | (pl.col("NumberOfPreviousCPP").cast(pl.Int64, strict=False) < 0).fill_null(False)
    )


@cin_rule("8736", fields=("AssessmentAuthorisationDate", "AssessmentActualStartDate"))
def open_assessment_start_outside_census_year(t: Tables) -> pl.DataFrame:
    return t["Assessments"].filter(
        missing("AssessmentAuthorisationDate")
        & ~_in_year(t, "AssessmentActualStartDate").fill_null(False)
    )


@cin_rule("8740", fields=("S47ActualStartDate", "DateOfInitialCPC", "ICPCnotRequired"))
def s47_without_icpc_start_outside_census_year(t: Tables) -> pl.DataFrame:
    # The reference takes only "0" as the flag's false here.
    return t["Section47"].filter(
        missing("DateOfInitialCPC")
        & (pl.col("ICPCnotRequired") == "0").fill_null(False)
        & _outside_year(t, "S47ActualStartDate")
    )


@cin_rule("8750", fields=("Sex", "PersonBirthDate", "ExpectedPersonBirthDate"))
def unborn_child_sex_not_u(t: Tables) -> pl.DataFrame:
    return t["ChildIdentifiers"].filter(
        missing("PersonBirthDate")
        & present("ExpectedPersonBirthDate")
        & (pl.col("Sex") != "U").fill_null(True)
    )


@cin_rule("8770Q", fields=("UPN", "UPNunknown"))
def school_age_child_without_upn_or_reason(t: Tables) -> pl.DataFrame:
    # School age: born on or before 31 August six years before the September after the census.
    born_by = _end(t).dt.offset_by("4mo").dt.offset_by("31d").dt.offset_by("-6y")
    further_action = t["CINdetails"].filter(
        (pl.col("ReferralNFA") == "0").fill_null(False)
        | (pl.col("ReferralNFA").str.to_lowercase() == "false").fill_null(False)
    )
    reasons = ("UN2", "UN3", "UN4", "UN5", "UN6", "UN7")
    return (
        t["ChildIdentifiers"]
        .filter(pl.col("PersonBirthDate") <= born_by)
        .join(further_action.select(CHILD).unique(), on=CHILD, how="semi")
        .filter(
            missing("UPN")
            & ~pl.col("UPNunknown").str.to_uppercase().is_in(list(reasons)).fill_null(False)
        )
    )


@cin_rule("8772", fields=("UPNunknown", "ReferralNFA"))
def un7_child_with_referral_going_on_to_further_action(t: Tables) -> pl.DataFrame:
    # As the reference: a child with no CIN details, or a CIN details with no NFA flag, counts.
    return (
        t["ChildIdentifiers"]
        .filter(pl.col("UPNunknown") == "UN7")
        .join(t["CINdetails"].select(*CHILD, "ReferralNFA"), on=CHILD, how="left")
        .filter(~_lower_in("ReferralNFA", TRUE))
    )


@cin_rule("8775Q", fields=("PersonBirthDate", "CINclosureDate"))
def child_over_25(t: Tables) -> pl.DataFrame:
    return (
        t["ChildIdentifiers"]
        .filter(pl.col("PersonBirthDate") < _end(t).dt.offset_by("-25y"))
        .select(*CHILD, "PersonBirthDate")
        .join(t["CINdetails"].select(*CHILD, "CINclosureDate"), on=CHILD, how="inner")
        .filter(
            missing("CINclosureDate")
            | (pl.col("CINclosureDate") > pl.col("PersonBirthDate").dt.offset_by("25y"))
        )
    )


@cin_rule("8790", fields=("Disability",))
def disability_none_with_other_values(t: Tables) -> pl.DataFrame:
    d = t["Disabilities"]
    none = d.filter((pl.col("Disability").str.to_uppercase() == "NONE").fill_null(False))
    others = d.filter((pl.col("Disability").str.to_uppercase() != "NONE").fill_null(True))
    return others.join(none.select(CHILD).unique(), on=CHILD, how="semi")


@cin_rule("8794", fields=("Disability",))
def disability_code_repeated(t: Tables) -> pl.DataFrame:
    return t["Disabilities"].filter(
        present("Disability") & (pl.len().over(*CHILD, "Disability") > 1)
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
                | (missing("_close_2") & _lower_in("_nfa_2", FALSE) & (referral < _end(t)))
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


@cin_rule("8839", fields=("DateOfInitialCPC",))
def two_open_s47_in_episode(t: Tables) -> pl.DataFrame:
    open_ = missing("DateOfInitialCPC") & ~is_in("ICPCnotRequired", TRUE)
    return t["Section47"].filter(open_.sum().over(EPISODE) > 1)


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


def _starts_while_another_is_open(
    rows: pl.DataFrame, start: str, end: str, still_open: pl.Expr, t: Tables
) -> pl.DataFrame:
    """Rows (with a start date) of one CIN details group whose start falls on or between the
    start and end of another row of the group, or its start and the reference date when it has
    no end and is still open; as the reference, a row is "another" unless its start and end are
    both the same."""
    rows = rows.filter(present(start))
    other = rows.select(
        *EPISODE,
        pl.col(start).alias("_start_2"),
        pl.col(end).alias("_end_2"),
        still_open.alias("_open_2"),
    )
    begins = pl.col(start)
    return (
        rows.join(other, on=EPISODE)
        .filter(~(begins.eq(pl.col("_start_2")) & pl.col(end).eq_missing(pl.col("_end_2"))))
        .filter(
            (begins >= pl.col("_start_2"))
            & (
                (present("_end_2") & (begins <= pl.col("_end_2")))
                | (missing("_end_2") & pl.col("_open_2") & (begins <= _end(t)))
            )
        )
    )


@cin_rule("8863Q", fields=("AssessmentActualStartDate", "AssessmentAuthorisationDate"))
def assessment_starts_during_another(t: Tables) -> pl.DataFrame:
    return _starts_while_another_is_open(
        t["Assessments"],
        "AssessmentActualStartDate",
        "AssessmentAuthorisationDate",
        pl.lit(True),
        t,
    )


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


@cin_rule("8869", fields=("AssessmentFactors",))
def factor_21_with_other_factors(t: Tables) -> pl.DataFrame:
    # Departs from the reference, which compares its list of an assessment's factors with
    # the text "21" and so never fails: here an assessment with factor 21 and any other factor.
    factor = pl.col("AssessmentFactor")
    return t["AssessmentFactorsList"].filter(
        (factor == "21").fill_null(False).any().over(ASSESSMENT)
        & (factor != "21").fill_null(True).any().over(ASSESSMENT)
    )


@cin_rule("8870Q", fields=("InitialCPCtarget",))
def icpc_target_date_at_weekend(t: Tables) -> pl.DataFrame:
    # Departs from the reference, which reads the target date as dd-mm-yyyy text and so never
    # fails on a census date (yyyy-mm-dd): here the date as the census gives it.
    return t["Section47"].filter(pl.col("InitialCPCtarget").dt.weekday() >= 6)


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


@cin_rule("8875", fields=("DateOfInitialCPC",))
def icpc_date_at_weekend(t: Tables) -> pl.DataFrame:
    return t["Section47"].filter(pl.col("DateOfInitialCPC").dt.weekday() >= 6)


@cin_rule("8890", fields=("S47ActualStartDate",))
def s47_starts_during_another(t: Tables) -> pl.DataFrame:
    return _starts_while_another_is_open(
        t["Section47"],
        "S47ActualStartDate",
        "DateOfInitialCPC",
        ~_lower_in("ICPCnotRequired", TRUE),
        t,
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
        .filter(pl.col("AssessmentAuthorisationDate") >= _start(t))
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


@cin_rule("8905", fields=("InitialCategoryOfAbuse",))
def initial_category_of_abuse_missing_or_invalid(t: Tables) -> pl.DataFrame:
    return t["ChildProtectionPlans"].filter(~is_in("InitialCategoryOfAbuse", ABUSE))


@cin_rule("8910", fields=("LatestCategoryOfAbuse",))
def latest_category_of_abuse_missing_or_invalid(t: Tables) -> pl.DataFrame:
    return t["ChildProtectionPlans"].filter(~is_in("LatestCategoryOfAbuse", ABUSE))


def _plans_with_death(t: Tables) -> pl.DataFrame:
    deaths = t["ChildIdentifiers"].filter(present("PersonDeathDate"))
    return t["ChildProtectionPlans"].join(
        deaths.select(*CHILD, "PersonDeathDate"), on=CHILD, how="inner"
    )


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
    return t["ChildProtectionPlans"].filter(_outside_year(t, "CPPendDate"))


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
                | (missing("_end_2") & (begins <= _end(t)))
            )
        )
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


#: Rules of this part not checked, with the reason (listed in docs/validation-rules.md).
UNIMPLEMENTED: dict[str, str] = {}
