"""The placement-type (PLACE) code lists the SSDA903 rules name, as each collection year's DfE
rules word them (issue 13, deliver 4).

A rule reads its list through ``place_codes(t)``, chosen by the year whose DfE rule list
applies (``Meta.rules_from``). The 2024-25 return had one "other placements" code, Z1; the
2025-26 return split it into Z11-Z14 and changed several rules' exemptions (the public
validator's ``lac2025_26`` rules, DOMAIN.md section 2). The 2026-27 list keeps the 2025-26
wording for every rule here (it adds the Deprivation of Liberty Orders rules 700-710).
"""

from __future__ import annotations

from dataclasses import dataclass

from sightline.validation.tables import Tables

TEMPORARY = ("T0", "T1", "T2", "T3", "T4")
FOSTERING_OR_ADOPTION = ("A3", "A4", "A5", "A6", "U1", "U2", "U3", "U4", "U5", "U6")
_NO_URN_BASE = ("P1", "P3", "R1", "R2", "R5", *TEMPORARY)
_VALID_BASE = (
    "A3", "A4", "A5", "A6", "K1", "K2", "K3", "P1", "P3", "R1", "R2", "R3", "R5", "S1",
    *TEMPORARY, "U1", "U2", "U3", "U4", "U5", "U6",
)  # fmt: skip
OTHER_2025 = ("Z1",)
OTHER_2026 = ("Z11", "Z12", "Z13", "Z14")


@dataclass(frozen=True)
class PlaceCodes:
    """One collection year's PLACE lists, each named for the rules that read it."""

    #: 146: the valid codes.
    valid: tuple[str, ...]
    #: 218 (no URN needed) and 222 (a URN must not be given).
    no_urn: tuple[str, ...]
    #: 178: PLACE_PROVIDER must be blank.
    provider_must_be_blank: tuple[str, ...]
    #: 213: PLACE_PROVIDER not expected.
    provider_not_expected: tuple[str, ...]
    #: 526: PLACE_PROVIDER not required.
    provider_not_required: tuple[str, ...]
    #: 1015: own provision that may be outside the authority.
    own_provision_anywhere: tuple[str, ...]
    #: 229: placements whose provider's authority is not compared.
    provider_la_not_compared: tuple[str, ...]


#: By the collection year whose DfE rule list applies.
BY_YEAR: dict[int, PlaceCodes] = {
    2025: PlaceCodes(
        valid=(*_VALID_BASE, *OTHER_2025),
        no_urn=(*_NO_URN_BASE, *OTHER_2025),
        provider_must_be_blank=(*TEMPORARY, *OTHER_2025),
        provider_not_expected=TEMPORARY,
        provider_not_required=(*TEMPORARY, *OTHER_2025),
        own_provision_anywhere=FOSTERING_OR_ADOPTION,
        provider_la_not_compared=(),
    ),
    2026: PlaceCodes(
        valid=(*_VALID_BASE, *OTHER_2026),
        no_urn=(*_NO_URN_BASE, *OTHER_2026),
        provider_must_be_blank=("T0", "T1", "T2", "T3", *OTHER_2026),
        provider_not_expected=(*TEMPORARY, *OTHER_2026),
        provider_not_required=(*TEMPORARY, *OTHER_2026),
        own_provision_anywhere=(*FOSTERING_OR_ADOPTION, "K3"),
        provider_la_not_compared=("K3", *_NO_URN_BASE, *OTHER_2026),
    ),
}
BY_YEAR[2027] = BY_YEAR[2026]


def place_codes(t: Tables) -> PlaceCodes:
    """The PLACE lists of the year whose rules apply to these tables."""
    return BY_YEAR[t.meta.rules_from]
