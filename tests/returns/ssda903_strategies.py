"""A hypothesis strategy for valid SSDA903 returns (2025-26): children with episodes in date
order (legal status and placement changes, the RNE and REC Sightline derives), reviews and
missing episodes within their care, and OC2 (health and outcomes, as the DfE rules have them)
for those looked after for 12 months."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import strategies as st

from sightline.care.codes import NO_PROVIDER, ReasonCeased
from sightline.care.episodes import TEMPORARY_PLACEMENTS
from sightline.leaving_care.eligibility import birthday
from tests.factories import upn

FIRST, LAST = date(2025, 4, 1), date(2026, 3, 31)
LEGAL = ["C1", "C2", "E1", "V2", "L1", "L2", "J1"]
PLACES = ["U1", "U3", "U4", "U6", "K2", "R1", "T0", "T4", "Z11", "P1", "S1"]
PROVIDERS = ["PR1", "PR2", "PR4", "PR5"]
REASONS = ["CARPL", "CLOSE", "ALLEG", "CHILD", "OTHER"]
FINAL = [c for c in ReasonCeased.values if c not in {"E11", "E12"}]
POSTCODES = ["GL1 1AA", "GL2 2BB", "GL3 3CC", "BS1 4DD", "HR1 1EE"]


def fmt(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def days(start: date, end: date) -> st.SearchStrategy[date]:
    return st.integers(0, (end - start).days).map(lambda n: start + timedelta(days=n))


@st.composite
def placement(draw: Any) -> dict[str, str]:
    place = draw(st.sampled_from(PLACES))
    return {
        "PLACE": place,
        "PLACE_PROVIDER": "" if place in NO_PROVIDER else draw(st.sampled_from(PROVIDERS)),
        "PL_POST": draw(st.sampled_from(POSTCODES)),
        "URN": draw(st.sampled_from(["", "SC123456", "1234567"])),
    }


@st.composite
def child(draw: Any, n: int) -> dict[str, list[dict[str, str]]]:
    key = f"C{n:05d}"
    born = draw(days(date(2010, 4, 1), date(2024, 1, 1)))  # under 16: no OC3 (tested apart)
    sex = draw(st.sampled_from(["M", "F"]))
    dob = fmt(born)
    start = draw(days(max(born + timedelta(days=1), date(2023, 1, 1)), date(2026, 2, 1)))
    changes = sorted(
        set(
            draw(
                st.lists(days(max(start, FIRST) + timedelta(days=1), date(2026, 3, 20)), max_size=3)
            )
        )
    )
    changes = [d for d in changes if d > start]
    cin = draw(st.sampled_from(["N1", "N2", "N4", "N5"]))
    home = draw(st.sampled_from(POSTCODES))
    ls = draw(st.sampled_from(LEGAL))
    where = draw(placement())
    episodes = [
        {
            "CHILD": key,
            "DECOM": fmt(start),
            "RNE": "S",
            "LS": ls,
            "CIN": cin,
            "HOME_POST": home,
            **where,
        }
    ]
    for day in changes:
        kind = draw(st.sampled_from(["L", "P", "B", "T"]))
        previous = episodes[-1]
        new_ls = ls
        if kind in {"L", "B"}:
            new_ls = draw(st.sampled_from([c for c in LEGAL if c != ls]))
        new_where = where
        if kind in {"P", "B", "T"}:
            new_where = draw(placement())
        moved = kind != "L"
        previous["DEC"], previous["REC"] = fmt(day), "X1"
        previous["REASON_PLACE_CHANGE"] = (
            draw(st.sampled_from(REASONS))
            if moved and previous["PLACE"] not in TEMPORARY_PLACEMENTS
            else ""
        )
        ls, where = new_ls, new_where
        episodes.append(
            {
                "CHILD": key,
                "DECOM": fmt(day),
                "RNE": kind,
                "LS": ls,
                "CIN": cin,
                "HOME_POST": home,
                **where,
            }
        )
    last_start = max([start, *changes])
    ended = None
    if draw(st.booleans()) and last_start < LAST:
        ended = draw(days(max(last_start, FIRST - timedelta(days=1)) + timedelta(days=1), LAST))
        episodes[-1]["DEC"], episodes[-1]["REC"] = fmt(ended), draw(st.sampled_from(FINAL))
    in_care_from, in_care_to = max(start, FIRST), ended or LAST
    header = {
        "CHILD": key,
        "SEX": sex,
        "DOB": dob,
        "ETHNIC": draw(st.sampled_from(["WBRI", "MWBC", "AOTH", "NOBT"])),
        "UPN": draw(st.sampled_from(["UN1", "UN2", upn(n)])),
    }
    if sex == "F":
        mother = born + timedelta(days=365 * 11) < LAST and draw(st.booleans())
        header["MOTHER"] = "1" if mother else "0"
        if mother:
            header["MC_DOB"] = fmt(draw(days(born + timedelta(days=365 * 11), LAST)))
    reviews = [
        {
            "CHILD": key,
            "DOB": dob,
            "REVIEW": fmt(d),
            "REVIEW_CODE": draw(st.sampled_from(["PN0", "PN1", "PN5"])),
        }
        for d in sorted(set(draw(st.lists(days(in_care_from, in_care_to), max_size=2))))
    ]
    missing = []
    spells = sorted(set(draw(st.lists(days(in_care_from, in_care_to), max_size=4))))
    for a, b in zip(spells[::2], spells[1::2], strict=False):
        missing.append(
            {
                "CHILD": key,
                "DOB": dob,
                "MISSING": draw(st.sampled_from(["M", "A"])),
                "MIS_START": fmt(a),
                "MIS_END": fmt(b),
            }
        )
    oc2 = []
    if start <= FIRST and ended is None:
        assessed = draw(st.sampled_from(["0", "1"]))
        sdq = draw(st.sampled_from(["score", "reason", "none"]))
        misuse = draw(st.sampled_from(["0", "1"]))
        # DfE rules 192, 193, 158, 159: received given only for misuse; offered only when not.
        received = draw(st.sampled_from(["0", "1"])) if misuse == "1" else ""
        offered = draw(st.sampled_from(["0", "1"])) if received == "0" else ""
        oc2.append(
            {
                "CHILD": key,
                "DOB": dob,
                "SDQ_SCORE": str(draw(st.integers(0, 40))) if sdq == "score" else "",
                "SDQ_REASON": "SDQ1" if sdq == "reason" else "",
                "HEALTH_CHECK": assessed if birthday(born, 5) > LAST else "",
                "IMMUNISATIONS": draw(st.sampled_from(["0", "1"])),
                "TEETH_CHECK": draw(st.sampled_from(["0", "1"])),
                "HEALTH_ASSESSMENT": assessed,
                # Rules 542, 543: blank under 10 at 31 March, 0 or 1 from the 10th birthday.
                "CONVICTED": draw(st.sampled_from(["0", "1"]))
                if birthday(born, 10) <= LAST
                else "",
                "SUBSTANCE_MISUSE": misuse,
                "INTERVENTION_RECEIVED": received,
                "INTERVENTION_OFFERED": offered,
            }
        )
    return {
        "header.csv": [header],
        "episodes.csv": episodes,
        "reviews.csv": reviews,
        "missing.csv": missing,
        "oc2.csv": oc2,
    }


@st.composite
def returns(draw: Any) -> dict[str, list[dict[str, str]]]:
    count = draw(st.integers(1, 5))
    tables: dict[str, list[dict[str, str]]] = {}
    for n in range(1, count + 1):
        for name, rows in draw(child(n)).items():
            tables.setdefault(name, []).extend(rows)
    return tables
