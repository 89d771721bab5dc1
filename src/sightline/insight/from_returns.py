"""The same figures from the return files alone (issue 16 item 6).

For the KPIs the DfE publishes from the CIN census and the SSDA903, each function here computes
the figure's counts from an exported return (Polars over the tables ``validation.files`` reads:
the DfE's own table and column names, dates typed), with the DfE's definition written over the
file, not over Sightline's records. The tests hold these equal to the dashboard's counts on a
synthetic authority; an authority's figures could be pooled with others' from files alone.

Not here: re-referrals (a referral's previous one may be in an earlier year's census, which one
file does not hold), long-term stability (how long a child has been in care and in the same
placement needs the episodes of earlier years, which one year's file does not hold), and the
figures the returns do not carry (visits, timeliness, staying put, homelessness, caseloads).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import polars as pl
from django.conf import settings

from sightline.core import calendar
from sightline.core.calendar import add_months
from sightline.insight.catalogue import ASSESSMENT_FACTORS
from sightline.insight.units import Count
from sightline.leaving_care.codes import EET
from sightline.leaving_care.eligibility import birthday
from sightline.returns.years import CollectionYear
from sightline.validation.files import read_cin_census, read_ssda903
from sightline.validation.postcodes import add_postcode_fields

Frames = dict[str, pl.DataFrame]
SHORT_BREAKS = ("V3", "V4")
NEW_PLACEMENT = ("S", "P", "B", "T", "U")  # RNE: every reason but a change of legal status
SGO = ("E45", "E46", "E47", "E48")
CAO = ("E41",)
FOSTER = tuple(f"U{n}" for n in range(1, 7))


def cin_frames(path: Path) -> Frames:
    tables, _failures = read_cin_census(path)
    return tables.frames


def ssda903_frames(directory: Path, year: int) -> Frames:
    return read_ssda903(directory, year).frames


def _in(column: str, cy: CollectionYear) -> pl.Expr:
    return pl.col(column).is_between(cy.first, cy.last)


# --- CIN census -----------------------------------------------------------------------------


def referrals(f: Frames, cy: CollectionYear) -> Count:
    return Count(f["CINdetails"].filter(_in("CINreferralDate", cy)).height)


def children_in_need(f: Frames, cy: CollectionYear) -> Count:
    """Children with an episode open at 31 March: no closure date in the file (the export
    leaves out a closure after the reference date)."""
    open_ = f["CINdetails"].filter(
        pl.col("CINclosureDate").is_null() & (pl.col("CINreferralDate") <= cy.last)
    )
    return Count(open_.select(pl.struct("_child", "LAchildID")).n_unique())


def section47s(f: Frames, cy: CollectionYear) -> Count:
    return Count(f["Section47"].filter(_in("S47ActualStartDate", cy)).height)


def section47s_to_icpc(f: Frames, cy: CollectionYear) -> Count:
    started = f["Section47"].filter(_in("S47ActualStartDate", cy))
    return Count(started.filter(pl.col("DateOfInitialCPC").is_not_null()).height, started.height)


def factor_identified(code: str) -> Callable[[Frames, CollectionYear], Count]:
    def count(f: Frames, cy: CollectionYear) -> Count:
        """Episodes (CINdetails) with an assessment authorised in the year recording the
        factor."""
        done = f["Assessments"].filter(_in("AssessmentAuthorisationDate", cy))
        found = (
            f["AssessmentFactorsList"]
            .filter(pl.col("AssessmentFactor") == code)
            .join(done, on=["_child", "CINdetailsID", "AssessmentID"], how="semi")
        )
        return Count(found.select("_child", "CINdetailsID").n_unique())

    return count


def icpcs_in_time(f: Frames, cy: CollectionYear) -> Count:
    held = f["Section47"].filter(_in("DateOfInitialCPC", cy))
    in_time = held.filter(pl.col("DateOfInitialCPC") <= pl.col("InitialCPCtarget"))
    return Count(in_time.height, held.height)


def assessments_in_45_days(f: Frames, cy: CollectionYear) -> Count:
    done = (
        f["Assessments"]
        .filter(_in("AssessmentAuthorisationDate", cy))
        .join(
            f["CINdetails"].select("_child", "CINdetailsID", "CINreferralDate"),
            on=["_child", "CINdetailsID"],
        )
    )
    in_time = sum(
        1
        for referred, authorised in done.select(
            "CINreferralDate", "AssessmentAuthorisationDate"
        ).iter_rows()
        if calendar.working_days_between(referred, authorised) <= 45
    )
    return Count(in_time, done.height)


def _plans_open(f: Frames, cy: CollectionYear) -> pl.DataFrame:
    return f["ChildProtectionPlans"].filter(
        pl.col("CPPendDate").is_null() & (pl.col("CPPstartDate") <= cy.last)
    )


def protection_plans(f: Frames, cy: CollectionYear) -> Count:
    return Count(_plans_open(f, cy).select(pl.struct("_child", "LAchildID")).n_unique())


def second_plans(f: Frames, cy: CollectionYear) -> Count:
    started = f["ChildProtectionPlans"].filter(_in("CPPstartDate", cy))
    again = started.filter(pl.col("NumberOfPreviousCPP").cast(pl.Int64) > 0)
    return Count(again.height, started.height)


def _two_years_after(start: date) -> date:
    return add_months(start, 24)


def plans_ceased_two_years(f: Frames, cy: CollectionYear) -> Count:
    ended = f["ChildProtectionPlans"].filter(_in("CPPendDate", cy))
    long = sum(
        1
        for start, end in ended.select("CPPstartDate", "CPPendDate").iter_rows()
        if end >= _two_years_after(start)
    )
    return Count(long, ended.height)


def plans_open_two_years(f: Frames, cy: CollectionYear) -> Count:
    open_ = _plans_open(f, cy)
    long = open_.filter(pl.col("CPPstartDate") <= add_months(cy.last, -24)).height
    return Count(long, open_.height)


# --- SSDA903 --------------------------------------------------------------------------------


def _episodes(f: Frames) -> pl.DataFrame:
    return f["Episodes"].filter(~pl.col("LS").is_in(SHORT_BREAKS))


def _looked_after(f: Frames) -> set[str]:
    """Children looked after at 31 March: an episode with no DEC (the export leaves out one
    after the reference date)."""
    return set(_episodes(f).filter(pl.col("DEC").is_null())["CHILD"].to_list())


def looked_after(f: Frames, cy: CollectionYear) -> Count:
    return Count(len(_looked_after(f)))


def started_care(f: Frames, cy: CollectionYear) -> Count:
    started = _episodes(f).filter(_in("DECOM", cy) & (pl.col("RNE") == "S"))
    return Count(started["CHILD"].n_unique())


def uasc(f: Frames, cy: CollectionYear) -> Count:
    status = f["UASC"].filter(pl.col("DUC").is_null() | (pl.col("DUC") > cy.last))
    return Count(len(set(status["CHILD"].to_list()) & _looked_after(f)))


def uasc_started_care(f: Frames, cy: CollectionYear) -> Count:
    """Children who started to be looked after in the year and are in the return's UASC rows
    (the children unaccompanied at some time in the year)."""
    started = set(_episodes(f).filter(_in("DECOM", cy) & (pl.col("RNE") == "S"))["CHILD"])
    return Count(len(started & set(f["UASC"]["CHILD"].to_list())))


def _distances(f: Frames) -> pl.DataFrame:
    """The current episodes (no DEC) of children not in the UASC rows, with PL_DISTANCE and
    PL_LOCATION derived from HOME_POST and PL_POST as the SSDA903 validator derives them (the
    ONS postcode directory; the authority making the return is the one configured), those
    without a distance left out."""
    current = _episodes(f).filter(
        pl.col("DEC").is_null() & ~pl.col("CHILD").is_in(f["UASC"]["CHILD"].to_list())
    )
    derived = add_postcode_fields(
        current.select("CHILD", "HOME_POST", "PL_POST"), str(settings.AUTHORITY["ons_code"])
    )
    return derived.filter(pl.col("PL_DISTANCE").is_not_null())


def placed_far(f: Frames, cy: CollectionYear) -> Count:
    known = _distances(f)
    return Count(known.filter(pl.col("PL_DISTANCE") > 20).height, known.height)


def placed_far_outside(f: Frames, cy: CollectionYear) -> Count:
    known = _distances(f)
    far = known.filter((pl.col("PL_DISTANCE") > 20) & (pl.col("PL_LOCATION") == "OUT"))
    return Count(far.height, known.height)


def _ceased(f: Frames, cy: CollectionYear, reasons: tuple[str, ...]) -> Count:
    ended = (
        _episodes(f)
        .filter(_in("DEC", cy) & (pl.col("REC") != "X1"))
        .sort("DEC")
        .group_by("CHILD")
        .last()
    )
    return Count(ended.filter(pl.col("REC").is_in(reasons)).height, ended.height)


def ceased_sgo(f: Frames, cy: CollectionYear) -> Count:
    return _ceased(f, cy, SGO)


def ceased_cao(f: Frames, cy: CollectionYear) -> Count:
    return _ceased(f, cy, CAO)


def three_placements(f: Frames, cy: CollectionYear) -> Count:
    """Children looked after at 31 March with three or more placements in the year: each
    episode that began a placement (RNE other than L), and the placement the year began in."""
    cla = _looked_after(f)
    episodes = _episodes(f).filter(pl.col("CHILD").is_in(list(cla))).sort("CHILD", "DECOM")
    counts: dict[str, int] = {}
    for child, rows in episodes.group_by("CHILD", maintain_order=True):
        n = 0
        for i, (decom, rne) in enumerate(rows.select("DECOM", "RNE").iter_rows()):
            if rne in NEW_PLACEMENT or (i == 0 and decom < cy.first):
                n += 1
        counts[str(child[0])] = n
    return Count(sum(1 for c in cla if counts.get(c, 0) >= 3), len(cla))


def _placed(places: tuple[str, ...]) -> Callable[[Frames, CollectionYear], Count]:
    def count(f: Frames, cy: CollectionYear) -> Count:
        current = _episodes(f).filter(pl.col("DEC").is_null())
        return Count(current.filter(pl.col("PLACE").is_in(places)).height, current.height)

    return count


in_foster_care = _placed(FOSTER)
in_childrens_homes = _placed(("K1", "K2"))
in_supported_accommodation = _placed(("K3", "H5", "P2"))


def _oc2_flag(column: str) -> Callable[[Frames, CollectionYear], Count]:
    def count(f: Frames, cy: CollectionYear) -> Count:
        oc2 = f["OC2"]
        return Count(oc2.filter(pl.col(column) == "1").height, oc2.height)

    return count


health_assessments = _oc2_flag("HEALTH_ASSESSMENT")
dental_checks = _oc2_flag("TEETH_CHECK")
immunisations = _oc2_flag("IMMUNISATIONS")


def _born(f: Frames) -> dict[str, date]:
    return dict(f["Header"].select("CHILD", "DOB").drop_nulls().iter_rows())


def sdq(f: Frames, cy: CollectionYear) -> Count:
    born = _born(f)
    scores = [
        int(score)
        for child, score in f["OC2"].select("CHILD", "SDQ_SCORE").drop_nulls().iter_rows()
        if child in born and birthday(born[child], 5) <= cy.last < birthday(born[child], 17)
    ]
    return Count(len(scores), len(scores), total=float(sum(scores)) if scores else None)


def _leavers(
    youngest: int, oldest: int, hit: Callable[[dict[str, str]], bool]
) -> Callable[[Frames, CollectionYear], Count]:
    def count(f: Frames, cy: CollectionYear) -> Count:
        born = _born(f)
        n = hits = 0
        for row in f["OC3"].iter_rows(named=True):
            dob = born.get(row["CHILD"])
            if dob is None:
                continue
            ages = [a for a in range(17, 26) if cy.first <= birthday(dob, a) <= cy.last]
            if ages and youngest <= ages[0] <= oldest:
                n += 1
                hits += hit({k: v or "" for k, v in row.items()})
        return Count(hits, n)

    return count


def _eet(row: dict[str, str]) -> bool:
    return row["ACTIV"] in EET


def _suitable(row: dict[str, str]) -> bool:
    return row["ACCOM"] not in ("", "0") and row["ACCOM"].endswith("1")


leavers_eet_17_18 = _leavers(17, 18, _eet)
leavers_eet_19_21 = _leavers(19, 21, _eet)
leavers_suitable_17_18 = _leavers(17, 18, _suitable)
leavers_suitable_19_21 = _leavers(19, 21, _suitable)
leavers_in_touch_17_18 = _leavers(17, 18, lambda r: r["IN_TOUCH"] == "YES")
leavers_in_touch_19_21 = _leavers(19, 21, lambda r: r["IN_TOUCH"] == "YES")
leavers_not_in_touch_19_21 = _leavers(19, 21, lambda r: r["IN_TOUCH"] == "NO")


def missing(f: Frames, cy: CollectionYear) -> Count:
    looked_after = set(_episodes(f)["CHILD"].to_list())
    went = set(
        f["Missing"].filter((pl.col("MISSING") == "M") & _in("MIS_START", cy))["CHILD"].to_list()
    )
    return Count(len(went & looked_after), len(looked_after))


def three_social_workers(f: Frames, cy: CollectionYear) -> Count:
    cla = _looked_after(f)
    workers = f["SWEpisodes"].group_by("CHILD").agg(pl.col("SW_ID").n_unique().alias("n"))
    many = set(workers.filter(pl.col("n") >= 3)["CHILD"].to_list())
    return Count(len(many & cla), len(cla))


#: KPI code -> (the return, its computation over the file).
FROM_CIN: dict[str, Callable[[Frames, CollectionYear], Count]] = {
    "REFERRAL_RATE": referrals,
    "CIN_RATE": children_in_need,
    "ASSESSMENTS_45WD": assessments_in_45_days,
    "S47_RATE": section47s,
    "S47_TO_ICPC": section47s_to_icpc,
    "ICPC_15WD": icpcs_in_time,
    "CPP_RATE": protection_plans,
    "CPP_SECOND": second_plans,
    "CPP_2YRS_CEASED": plans_ceased_two_years,
    "CPP_2YRS_OPEN": plans_open_two_years,
}
FROM_CIN.update({f"FACTOR_{code}": factor_identified(code) for code, _ in ASSESSMENT_FACTORS})
FROM_SSDA903: dict[str, Callable[[Frames, CollectionYear], Count]] = {
    "CLA_RATE": looked_after,
    "CLA_STARTS_RATE": started_care,
    "UASC_RATE": uasc,
    "UASC_STARTS_RATE": uasc_started_care,
    "CLA_PLACED_OVER_20_MILES": placed_far,
    "CLA_PLACED_OUTSIDE_OVER_20_MILES": placed_far_outside,
    "CEASED_SGO": ceased_sgo,
    "CEASED_CAO": ceased_cao,
    "CLA_3_PLACEMENTS": three_placements,
    "CLA_FOSTER": in_foster_care,
    "CLA_HOMES": in_childrens_homes,
    "CLA_SUPPORTED": in_supported_accommodation,
    "CLA_HEALTH_ASSESSMENT": health_assessments,
    "CLA_DENTAL": dental_checks,
    "CLA_IMMUNISATIONS": immunisations,
    "SDQ_MEAN": sdq,
    "CLA_MISSING": missing,
    "CLA_3_SOCIAL_WORKERS": three_social_workers,
    "LEAVERS_EET_17_18": leavers_eet_17_18,
    "LEAVERS_EET_19_21": leavers_eet_19_21,
    "LEAVERS_SUITABLE_17_18": leavers_suitable_17_18,
    "LEAVERS_SUITABLE_19_21": leavers_suitable_19_21,
    "LEAVERS_IN_TOUCH_17_18": leavers_in_touch_17_18,
    "LEAVERS_IN_TOUCH_19_21": leavers_in_touch_19_21,
    "LEAVERS_NOT_IN_TOUCH_19_21": leavers_not_in_touch_19_21,
}
