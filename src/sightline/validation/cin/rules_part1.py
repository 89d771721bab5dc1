"""CIN census rules 100 to 8610 (the first half of the 2025-26 list, by code).

Ported from the public CIN validator (``cin_validator``, MIT licence), newest version of each
rule up to 2025-26; where the reference is plainly wrong against the DfE's wording the function
says so and follows the DfE.
"""

from __future__ import annotations

from datetime import timedelta

import polars as pl

from sightline.validation.common import add_working_days, is_in, lit_date
from sightline.validation.rules import cin_rule
from sightline.validation.tables import CIN_CHILD, Tables

#: A child is its <Child> block (tables.CIN_CHILD): joins key on it, never on the ID alone.
CHILD = list(CIN_CHILD)
EPISODE = [*CHILD, "CINdetailsID"]
NFA_NO = ("false", "0")
NFA_YES = ("true", "1")


def _within(column: str, t: Tables) -> pl.Expr:
    """The date is in the collection year (null is not)."""
    return pl.col(column).is_between(
        lit_date(t.meta.collection_start), lit_date(t.meta.collection_end)
    )


@cin_rule("100", fields=("ReferenceDate",), scope="return")
def reference_date_not_31_march_of_year(t: Tables) -> pl.DataFrame:
    header = t["Header"]
    expected = pl.concat_str(pl.col("Year"), pl.lit("-03-31")).str.strptime(
        pl.Date, "%Y-%m-%d", strict=False
    )
    return header.filter((pl.col("ReferenceDate") == expected).fill_null(False).not_())


# Dates against the referral ------------------------------------------------------------------


def _before_referral(t: Tables, table: str, column: str) -> pl.DataFrame:
    """Rows of ``table`` whose ``column`` is before their episode's referral date."""
    referrals = t["CINdetails"].select(*EPISODE, "CINreferralDate")
    return (
        t[table]
        .select(*EPISODE, column)
        .join(referrals, on=EPISODE, how="left", nulls_equal=True)
        .filter(pl.col(column) < pl.col("CINreferralDate"))
    )


@cin_rule("1103", fields=("AssessmentActualStartDate", "CINreferralDate"))
def assessment_starts_before_referral(t: Tables) -> pl.DataFrame:
    return _before_referral(t, "Assessments", "AssessmentActualStartDate")


@cin_rule("1104", fields=("CINreferralDate", "DateOfInitialCPC"))
def section47_conference_before_referral(t: Tables) -> pl.DataFrame:
    return _before_referral(t, "Section47", "DateOfInitialCPC")


@cin_rule("1105", fields=("CPPstartDate", "CINreferralDate"))
def cpp_starts_before_referral(t: Tables) -> pl.DataFrame:
    return _before_referral(t, "ChildProtectionPlans", "CPPstartDate")


# UPNs ---------------------------------------------------------------------------------------

_CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"


@cin_rule("1510", fields=("UPN",))
def upn_check_letter_wrong(t: Tables) -> pl.DataFrame:
    upn = pl.col("UPN")
    candidates = t["ChildIdentifiers"].filter(
        (upn.str.len_chars() == 13) & upn.str.slice(1).str.contains(r"^[0-9]{12}$")
    )
    total = pl.sum_horizontal([upn.str.slice(i, 1).cast(pl.Int64) * (i + 1) for i in range(1, 13)])
    check = pl.lit(list(_CHECK_LETTERS)).list.get(total % 23)
    return candidates.filter(check != upn.str.slice(0, 1))


@cin_rule("1520", fields=("UPN",))
def upn_shared_by_more_than_one_child(t: Tables) -> pl.DataFrame:
    ids = t["ChildIdentifiers"].filter(pl.col("UPN").is_not_null())
    return ids.filter(pl.len().over("UPN") > 1)


def _la_codes() -> list[str]:
    ranges = [
        (201, 213), (301, 320), (330, 336), (340, 344), (350, 359), (370, 373), (380, 384),
        (390, 394), (660, 681), (701, 708), (800, 803), (805, 808), (810, 813), (820, 823),
        (835, 839), (850, 852), (855, 857), (865, 896), (935, 938), (940, 941),
    ]  # fmt: skip
    singles = [
        420, 815, 816, 825, 826, 830, 831, 840, 841, 845, 846, 860, 861, 908, 909, 916, 919,
        921, 925, 926, 928, 929, 931, 933, 942, 943,
    ]  # fmt: skip
    codes = [f"00{x}" for x in range(1, 6)]
    codes += [str(x) for lo, hi in ranges for x in range(lo, hi + 1)]
    return codes + [str(x) for x in singles]


UPN_LA_CODES = tuple(_la_codes())


@cin_rule("1530", fields=("UPN",))
def upn_la_code_not_recognised(t: Tables) -> pl.DataFrame:
    upn = pl.col("UPN")
    return t["ChildIdentifiers"].filter(
        (upn.str.len_chars() == 13) & ~upn.str.slice(1, 3).is_in(UPN_LA_CODES)
    )


@cin_rule("1540", fields=("UPN",))
def upn_characters_5_to_12_not_numeric(t: Tables) -> pl.DataFrame:
    upn = pl.col("UPN")
    return t["ChildIdentifiers"].filter(
        upn.is_not_null() & ~upn.str.slice(4, 8).str.contains(r"^\d+$")
    )


UPN_LAST_CHARACTERS = tuple("ABCDEFGHJKLMNPQRTUVWYXZ0123456789")


@cin_rule("1550", fields=("UPN",))
def upn_character_13_not_recognised(t: Tables) -> pl.DataFrame:
    upn = pl.col("UPN")
    return t["ChildIdentifiers"].filter(
        (upn.str.len_chars() == 13) & ~upn.str.slice(12, 1).is_in(UPN_LAST_CHARACTERS)
    )


@cin_rule("1560Q", fields=("FormerUPN",))
def former_upn_wrongly_formatted(t: Tables) -> pl.DataFrame:
    former = pl.col("FormerUPN")
    return t["ChildIdentifiers"].filter(
        former.is_not_null()
        & (
            (former.str.len_chars() != 13)
            | ~former.str.slice(1).str.contains(r"^\d+$")
            | ~former.str.contains(r"^\p{L}")
        )
    )


@cin_rule("1570", fields=("LAchildID",))
def la_child_id_longer_than_20_characters(t: Tables) -> pl.DataFrame:
    return t["ChildIdentifiers"].filter(pl.col("LAchildID").str.len_chars() > 20)


@cin_rule("1580", fields=("LAchildID",))
def la_child_id_not_alphanumeric(t: Tables) -> pl.DataFrame:
    return t["ChildIdentifiers"].filter(~pl.col("LAchildID").str.contains(r"^[\p{L}\p{N}]+$"))


# Conferences and plans -----------------------------------------------------------------------


@cin_rule("2883", fields=("CPPstartDate", "DateOfInitialCPC"), scope="return")
def more_plans_starting_than_initial_conferences(t: Tables) -> pl.DataFrame:
    plans = t["ChildProtectionPlans"].filter(_within("CPPstartDate", t)).height
    conferences = (
        t["CINdetails"].filter(_within("DateOfInitialCPC", t)).height
        + t["Section47"].filter(_within("DateOfInitialCPC", t)).height
    )
    return pl.DataFrame({"plans": [plans]}).filter(pl.col("plans") > conferences)


@cin_rule("2884", fields=("DateOfInitialCPC",))
def initial_conference_at_both_s47_and_cin_level(t: Tables) -> pl.DataFrame:
    # As the reference: the two are matched by child (not episode) on the same date.
    cin = t["CINdetails"].select(*CHILD, "DateOfInitialCPC")
    s47 = t["Section47"].select(*CHILD, "DateOfInitialCPC")
    cin = cin.filter(pl.col("DateOfInitialCPC").is_not_null())
    return cin.join(s47, on=[*CHILD, "DateOfInitialCPC"], how="semi", nulls_equal=True)


@cin_rule("2885", fields=("CPPstartDate", "DateOfInitialCPC"))
def cpp_start_differs_from_initial_conference(t: Tables) -> pl.DataFrame:
    """A plan starting in the year must start on the day of an initial conference of its
    episode: one of the episode's S47s (ICPCnotRequired not "1") when it has any, else the
    CINdetails' own conference."""
    plans = (
        t["ChildProtectionPlans"]
        .filter(_within("CPPstartDate", t))
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


@cin_rule("2886Q", fields=("Sex", "ExpectedPersonBirthDate"), scope="return")
def more_than_2_percent_without_sex(t: Tables) -> pl.DataFrame:
    ids = t["ChildIdentifiers"]
    unknown = (pl.col("Sex").is_null() | (pl.col("Sex") == "U")) & pl.col(
        "ExpectedPersonBirthDate"
    ).is_null()
    share = unknown.sum() / pl.len()
    return ids.select(n=pl.len(), share=share).filter((pl.col("n") > 0) & (pl.col("share") > 0.02))


@cin_rule("2887Q", fields=("Disability",), scope="return")
def fewer_than_8_disability_codes_used(t: Tables) -> pl.DataFrame:
    """Departs from the reference, which counts the rows holding NONE (its own test counts
    the distinct codes other than NONE, as the DfE's wording does)."""
    used = t["Disabilities"].filter(pl.col("Disability") != "NONE")
    return used.select(codes=pl.col("Disability").n_unique()).filter(pl.col("codes") <= 7)


@cin_rule("2888Q", fields=("Disability",), scope="return")
def only_one_disability_per_child(t: Tables) -> pl.DataFrame:
    counts = (
        t["Disabilities"]
        .filter((pl.col("Disability") != "NONE").fill_null(True))
        .filter(pl.col("LAchildID").is_not_null())
        .group_by(CHILD)
        .agg(n=pl.col("Disability").count())
    )
    return counts.select(most=pl.col("n").max()).filter(pl.col("most") <= 1)


@cin_rule("2889", fields=("S47ActualStartDate", "CINreferralDate"))
def section47_starts_before_referral(t: Tables) -> pl.DataFrame:
    return _before_referral(t, "Section47", "S47ActualStartDate")


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


@cin_rule("2991Q", fields=("CINdetailsID",))
def section47_without_assessment_in_episode(t: Tables) -> pl.DataFrame:
    return t["Section47"].join(t["Assessments"], on=EPISODE, how="anti", nulls_equal=True)


# CIN plans -----------------------------------------------------------------------------------


@cin_rule("4000", fields=("ReferralNFA",))
def cin_plan_on_no_further_action_referral(t: Tables) -> pl.DataFrame:
    nfa = t["CINdetails"].filter(is_in("ReferralNFA", NFA_YES))
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


def _plans_of_dead_children(t: Tables) -> pl.DataFrame:
    dead = t["ChildIdentifiers"].filter(pl.col("PersonDeathDate").is_not_null())
    return dead.select(*CHILD, "PersonDeathDate").join(
        t["CINplanDates"], on=CHILD, how="inner", nulls_equal=True
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
    return _before_referral(t, "CINplanDates", "CINPlanStartDate")


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


# The child -----------------------------------------------------------------------------------


@cin_rule("4180", fields=("Sex",))
def sex_missing_or_invalid(t: Tables) -> pl.DataFrame:
    return t["ChildIdentifiers"].filter(~is_in("Sex", ("M", "F", "U")))


ETHNICITY = (
    "ABAN", "AIND", "AOTH", "APKN", "BAFR", "BCRB", "BOTH", "CHNE", "MOTH", "MWAS", "MWBA",
    "MWBC", "NOBT", "OOTH", "REFU", "WBRI", "WIRI", "WIRT", "WOTH", "WROM",
)  # fmt: skip


@cin_rule("4220", fields=("Ethnicity",))
def ethnicity_missing_or_invalid(t: Tables) -> pl.DataFrame:
    return t["ChildCharacteristics"].filter(~is_in("Ethnicity", ETHNICITY))


@cin_rule("8500", fields=("LAchildID",))
def la_child_id_missing(t: Tables) -> pl.DataFrame:
    return t["ChildIdentifiers"].filter(pl.col("LAchildID").is_null())


@cin_rule("8510", fields=("LAchildID",))
def la_child_id_shared_by_more_than_one_child(t: Tables) -> pl.DataFrame:
    return t["ChildIdentifiers"].filter(pl.len().over("LAchildID") > 1)


@cin_rule("8520", fields=("PersonBirthDate",))
def born_after_collection_year(t: Tables) -> pl.DataFrame:
    return t["ChildIdentifiers"].filter(pl.col("PersonBirthDate") > lit_date(t.meta.collection_end))


@cin_rule("8525Q", fields=("PersonBirthDate", "ExpectedPersonBirthDate"))
def birth_date_and_expected_birth_date_both_or_neither(t: Tables) -> pl.DataFrame:
    born = pl.col("PersonBirthDate").is_not_null()
    expected = pl.col("ExpectedPersonBirthDate").is_not_null()
    return t["ChildIdentifiers"].filter(born == expected)


@cin_rule("8530Q", fields=("ExpectedPersonBirthDate",))
def expected_birth_date_out_of_range(t: Tables) -> pl.DataFrame:
    end = t.meta.collection_end
    expected = pl.col("ExpectedPersonBirthDate")
    return t["ChildIdentifiers"].filter(
        (expected >= lit_date(end).dt.offset_by("9mo"))
        | (expected <= lit_date(end - timedelta(days=30)))
    )


@cin_rule("8535Q", fields=("PersonDeathDate", "PersonBirthDate"))
def death_before_birth(t: Tables) -> pl.DataFrame:
    birth = pl.col("PersonBirthDate")
    return t["ChildIdentifiers"].filter(
        pl.col("PersonDeathDate").is_not_null()
        & ((birth > pl.col("PersonDeathDate")).fill_null(False) | birth.is_null())
    )


DISABILITIES = (
    "NONE", "MOB", "HAND", "PC", "INC", "COMM", "LD", "HEAR", "VIS", "BEH", "CON", "AUT", "DDA",
)  # fmt: skip


@cin_rule("8540", fields=("Disability",))
def disability_missing_or_invalid(t: Tables) -> pl.DataFrame:
    """A born child with a referral that led to further action must have valid disability
    codes (a child with no disability recorded fails)."""
    born = t["ChildIdentifiers"].filter(pl.col("PersonBirthDate").is_not_null())
    acted_on = t["CINdetails"].filter(is_in("ReferralNFA", NFA_NO)).select(CHILD)
    disabilities = t["Disabilities"].select(*CHILD, "Disability")
    return (
        born.select(CHILD)
        .join(acted_on, on=CHILD, how="semi", nulls_equal=True)
        .join(disabilities, on=CHILD, how="left", nulls_equal=True)
        .filter(~is_in("Disability", DISABILITIES))
    )


@cin_rule("8545Q", fields=("PersonDeathDate",))
def death_outside_collection_year(t: Tables) -> pl.DataFrame:
    death = pl.col("PersonDeathDate")
    return t["ChildIdentifiers"].filter(death.is_not_null() & ~_within("PersonDeathDate", t))


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
        (pl.col("CINreferralDate") < cutoff) & ~is_in("ReferralNFA", NFA_NO)
    )


@cin_rule("8585Q", fields=("ReasonForClosure", "PersonDeathDate"))
def closed_as_died_without_death_date(t: Tables) -> pl.DataFrame:
    undead = t["ChildIdentifiers"].filter(pl.col("PersonDeathDate").is_null())
    died = t["CINdetails"].filter(pl.col("ReasonForClosure") == "RC2")
    return undead.select(CHILD).join(died, on=CHILD, how="inner", nulls_equal=True)


@cin_rule("8590", fields=("LAchildID",))
def child_without_cin_episode(t: Tables) -> pl.DataFrame:
    return t["ChildIdentifiers"].join(t["CINdetails"], on=CHILD, how="anti", nulls_equal=True)


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


@cin_rule("8608", fields=("AssessmentActualStartDate", "AssessmentAuthorisationDate"))
def assessment_starts_after_authorisation(t: Tables) -> pl.DataFrame:
    return t["Assessments"].filter(
        pl.col("AssessmentActualStartDate") > pl.col("AssessmentAuthorisationDate")
    )


@cin_rule("8610", fields=("ReferralNFA", "PrimaryNeedCode"))
def primary_need_missing_after_further_action(t: Tables) -> pl.DataFrame:
    return t["CINdetails"].filter(
        is_in("ReferralNFA", NFA_NO) & pl.col("PrimaryNeedCode").is_null()
    )


#: Rules of this part not checked, with the reason (listed in docs/validation-rules.md).
UNIMPLEMENTED: dict[str, str] = {}
