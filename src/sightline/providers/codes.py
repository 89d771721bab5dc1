"""What a register row says in the SSDA903's terms: pure functions (decision 0018).

Ofsted's published register gives each provider's type and sector; the DfE's URN lookup,
which councils are sent with the SSDA903 guidance, gives placement (PLACE) and placement
provider (PLACE_PROVIDER) codes instead. Sightline derives those codes from the type and the
sector, as below, so rules 219 and 224 can run on the public register."""

from __future__ import annotations

import re
from datetime import date

from sightline.core.postcodes import format_postcode

FOSTERING = ("U1", "U2", "U3", "U4", "U5", "U6")
ADOPTION = ("A3", "A4", "A5", "A6")

#: Provider type (or subtype), lower case -> the PLACE codes a placement there may have.
#: A type Ofsted registers that is no placement (an adoption support agency, a holiday
#: scheme) has none: a child's placement there fails rule 219.
PLACES_BY_TYPE: dict[str, tuple[str, ...]] = {
    "children's home": ("K2",),
    "secure children's home": ("K1",),
    "residential family centre": ("R3",),
    "residential special school": ("S1",),
    "boarding school": ("S1",),
    "further education college with residential accommodation": ("S1",),
    "supported accommodation": ("K3",),
    "independent fostering agency": FOSTERING,
    "local authority fostering agency": FOSTERING,
    "voluntary adoption agency": ADOPTION,
    "local authority adoption agency": ADOPTION,
    "regional adoption agency": ADOPTION,
    "adoption support agency": (),
    "residential holiday scheme for disabled children": (),
}

#: Sector, lower case -> PLACE_PROVIDER codes. A local authority's provision is PR1 to its
#: own children and PR2 to other authorities' (rule 229 tells which).
PROVIDERS_BY_SECTOR: dict[str, tuple[str, ...]] = {
    "local authority": ("PR1", "PR2"),
    "health authority": ("PR3",),
    "academy": ("PR3",),
    "private": ("PR4",),
    "independent": ("PR4",),
    "voluntary": ("PR5",),
    "non-maintained": ("PR5",),
}

URN = re.compile(r"^(SC\d{6}|\d{7})$")
POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$")
ONS_CODE = re.compile(r"^[EWSN]\d{8}$")
#: Statuses of a registration that has ended: the register then gives the date it ended.
ENDED = frozenset({"closed", "cancelled", "resigned", "refused", "deregistered"})


def normal(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").split()).lower()


def place_codes(provider_type: str, subtype: str = "") -> tuple[str, ...] | None:
    """The PLACE codes for a type (its subtype first); None for a type Sightline does not know."""
    for name in (subtype, provider_type):
        if normal(name) in PLACES_BY_TYPE:
            return PLACES_BY_TYPE[normal(name)]
    return None


def provider_codes(sector: str) -> tuple[str, ...] | None:
    return PROVIDERS_BY_SECTOR.get(normal(sector))


def postcode(text: str) -> str:
    """A postcode as the return writes it: upper case, one space before the last three."""
    return format_postcode(text)


def registered_on_day(registered_on: date, deregistered_on: date | None, day: date) -> bool:
    return registered_on <= day and (deregistered_on is None or day < deregistered_on)
