"""The SSDA903 tables: file names, the DfE column names (DOMAIN.md 2.1), the code lists each
column takes (shared/reference/ssda903/903_codelists_lac2025_26.txt) and the dd/mm/yyyy dates."""

from __future__ import annotations

import re
from datetime import date

from sightline.care.codes import (
    AdopterLegalStatus,
    AdopterSex,
    CategoryOfNeed,
    LegalStatusCode,
    MissingKind,
    PlacementProvider,
    PlacementType,
    PreviousPermanenceKind,
    ReasonCeased,
    ReasonPlacedCeased,
    ReasonPlacementChanged,
    ReviewParticipation,
    SDQReason,
)
from sightline.core.codes import Ethnicity, Sex, SocialWorkerChangeReason
from sightline.leaving_care.codes import AccommodationCode, ActivityCode, InTouchCode
from sightline.returns import fields

# File name -> the DfE columns, in order. dolo.csv only from 2026-27.
TABLES: dict[str, tuple[str, ...]] = {
    "header.csv": ("CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"),
    "episodes.csv": (
        "CHILD",
        "DECOM",
        "RNE",
        "LS",
        "CIN",
        "PLACE",
        "PLACE_PROVIDER",
        "DEC",
        "REC",
        "REASON_PLACE_CHANGE",
        "HOME_POST",
        "PL_POST",
        "URN",
    ),
    "reviews.csv": ("CHILD", "DOB", "REVIEW", "REVIEW_CODE"),
    "uasc.csv": ("CHILD", "SEX", "DOB", "DUC"),
    "oc2.csv": (
        "CHILD",
        "DOB",
        "SDQ_SCORE",
        "SDQ_REASON",
        "CONVICTED",
        "HEALTH_CHECK",
        "IMMUNISATIONS",
        "TEETH_CHECK",
        "HEALTH_ASSESSMENT",
        "SUBSTANCE_MISUSE",
        "INTERVENTION_RECEIVED",
        "INTERVENTION_OFFERED",
    ),
    "oc3.csv": ("CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"),
    "ad1.csv": (
        "CHILD",
        "DOB",
        "DATE_INT",
        "DATE_MATCH",
        "FOSTER_CARE",
        "NB_ADOPTR",
        "SEX_ADOPTR",
        "LS_ADOPTR",
    ),
    "placed_for_adoption.csv": (
        "CHILD",
        "DOB",
        "DATE_PLACED",
        "DATE_PLACED_CEASED",
        "REASON_PLACED_CEASED",
    ),
    "previous_permanence.csv": ("CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM"),
    "missing.csv": ("CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"),
    "sw_episodes.csv": ("CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"),
    "dolo.csv": ("CHILD", "DOB", "DOLO_START", "DOLO_END"),
}

DOLO_FROM = 2027


def tables_for(year: int) -> dict[str, tuple[str, ...]]:
    return {
        name: columns for name, columns in TABLES.items() if name != "dolo.csv" or year >= DOLO_FROM
    }


def fmt(day: date | None) -> str:
    return "" if day is None else f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


PARTIAL_DATE_RE = re.compile(r"^([0-9]{2}|zz)/([0-9]{2}|zz)/([0-9]{4}|zzzz)$", re.ASCII)


def parse_partial_date(text: str) -> tuple[int | None, int | None, int | None]:
    """DATE_PERM: dd/mm/yyyy, zz/mm/yyyy, zz/zz/yyyy or zz/zz/zzzz -> (year, month, day); a
    known date is real and plausible (``fields.plausible``, as a date of birth)."""
    match = PARTIAL_DATE_RE.match(text)
    if not match:
        raise ValueError(f"{text[:40]!r} is not a dd/mm/yyyy date (zz for an unknown part)")
    d, m, y = (None if "z" in part else int(part) for part in match.groups())
    if (d is not None and m is None) or (m is not None and y is None):
        raise ValueError(f"{text!r}: only the day, or the day and month, may be unknown")
    if y is not None:
        try:
            known = date(y, m or 1, d or 1)
        except ValueError:
            raise ValueError(f"{text!r} is not a real date") from None
        fields.plausible(known, birth=True)
    return y, m, d


def _codes(choices: type) -> frozenset[str]:
    return frozenset(str(v) for v in choices.values)  # type: ignore[attr-defined]


ZERO_ONE = frozenset({"0", "1"})
UPN_UNKNOWN_903 = frozenset({"UN1", "UN2", "UN3", "UN4", "UN5"})

# Column -> the codes it takes (blank is decided by REQUIRED below).
CODES: dict[str, frozenset[str]] = {
    "SEX": _codes(Sex),
    "ETHNIC": _codes(Ethnicity),
    "MOTHER": ZERO_ONE,
    "RNE": frozenset({"S", "L", "P", "T", "B", "U"}),
    "LS": _codes(LegalStatusCode),
    "CIN": _codes(CategoryOfNeed),
    "PLACE": _codes(PlacementType),
    "PLACE_PROVIDER": _codes(PlacementProvider),
    "REC": _codes(ReasonCeased) | {"X1"},
    "REASON_PLACE_CHANGE": _codes(ReasonPlacementChanged),
    "REVIEW_CODE": _codes(ReviewParticipation),
    "SDQ_REASON": _codes(SDQReason),
    "CONVICTED": ZERO_ONE,
    "HEALTH_CHECK": ZERO_ONE,
    "IMMUNISATIONS": ZERO_ONE,
    "TEETH_CHECK": ZERO_ONE,
    "HEALTH_ASSESSMENT": ZERO_ONE,
    "SUBSTANCE_MISUSE": ZERO_ONE,
    "INTERVENTION_RECEIVED": ZERO_ONE,
    "INTERVENTION_OFFERED": ZERO_ONE,
    "IN_TOUCH": _codes(InTouchCode),
    "ACTIV": _codes(ActivityCode),
    "ACCOM": _codes(AccommodationCode),
    "FOSTER_CARE": ZERO_ONE,
    "NB_ADOPTR": frozenset({"1", "2"}),
    "SEX_ADOPTR": _codes(AdopterSex),
    "LS_ADOPTR": _codes(AdopterLegalStatus),
    "REASON_PLACED_CEASED": _codes(ReasonPlacedCeased),
    "PREV_PERM": _codes(PreviousPermanenceKind),
    "MISSING": _codes(MissingKind),
    "SW_REASON": _codes(SocialWorkerChangeReason),
}

DATES = frozenset(
    {
        "DOB",
        "MC_DOB",
        "DECOM",
        "DEC",
        "REVIEW",
        "DUC",
        "DATE_INT",
        "DATE_MATCH",
        "DATE_PLACED",
        "DATE_PLACED_CEASED",
        "MIS_START",
        "MIS_END",
        "SW_DECOM",
        "SW_DEC",
        "DOLO_START",
        "DOLO_END",
    }
)

# Columns that must not be blank, per table.
REQUIRED: dict[str, frozenset[str]] = {
    "header.csv": frozenset({"CHILD", "SEX", "DOB", "ETHNIC", "UPN"}),
    "episodes.csv": frozenset({"CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE"}),
    "reviews.csv": frozenset({"CHILD", "DOB", "REVIEW", "REVIEW_CODE"}),
    "uasc.csv": frozenset({"CHILD", "SEX", "DOB"}),
    "oc2.csv": frozenset({"CHILD", "DOB"}),
    "oc3.csv": frozenset({"CHILD", "DOB"}),
    "ad1.csv": frozenset({"CHILD", "DOB"}),
    "placed_for_adoption.csv": frozenset({"CHILD", "DOB", "DATE_PLACED"}),
    "previous_permanence.csv": frozenset({"CHILD", "DOB"}),
    "missing.csv": frozenset({"CHILD", "DOB", "MISSING", "MIS_START"}),
    "sw_episodes.csv": frozenset({"CHILD", "DOB", "SW_ID", "SW_DECOM"}),
    "dolo.csv": frozenset({"CHILD", "DOB", "DOLO_START"}),
}

BIRTH_DATES = frozenset({"DOB", "MC_DOB"})

# What identifies a row in each table: a second row with the same values is refused (a child
# once in the header, UASC, OC2, OC3, AD1 and previous permanence; a review, a missing
# episode, a placement for adoption, a social worker episode, an order once per day).
ROW_KEYS: dict[str, tuple[str, ...]] = {
    "header.csv": ("CHILD",),
    "episodes.csv": ("CHILD", "DECOM"),
    "reviews.csv": ("CHILD", "REVIEW"),
    "uasc.csv": ("CHILD",),
    "oc2.csv": ("CHILD",),
    "oc3.csv": ("CHILD",),
    "ad1.csv": ("CHILD",),
    "placed_for_adoption.csv": ("CHILD", "DATE_PLACED"),
    "previous_permanence.csv": ("CHILD",),
    "missing.csv": ("CHILD", "MIS_START"),
    "sw_episodes.csv": ("CHILD", "SW_DECOM"),
    "dolo.csv": ("CHILD", "DOLO_START"),
}

# Columns whose form is checked (``fields``): what the records keep is exported as given.
FORMS = {
    "CHILD": fields.la_child_id,
    "HOME_POST": fields.postcode,
    "PL_POST": fields.postcode,
    "URN": fields.urn,
    "LA_PERM": fields.plain_text,
}

# Maximum lengths the records keep.
MAX_LENGTH = {"HOME_POST": 8, "PL_POST": 8, "URN": 8, "LA_PERM": 100, "SW_ID": 20}
