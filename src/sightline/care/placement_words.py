"""A placement in plain words, and the SSDA903 codes chosen from them (decision 0028).

A worker says where the child lives (with a foster carer who is a relative or friend, in a
children's home, placed for adoption ...), whether it is intended to last until the child is
18, who provides it and, where there is one, the setting's Ofsted URN. The PLACE and
PLACE_PROVIDER codes are chosen here, never typed: long-term fostering is fostering intended to
last until 18 (U1, U4), a foster carer approved to adopt is U2 or U5, a placement for adoption is
A3-A6 by whether it is with the current foster carer and under a placement order. Where the URN
is in Ofsted's register (decision 0018) the register gives the provider (a local authority's
provision is PR1 when it is this authority's own, else PR2), the setting's name and postcode,
and the placement types a setting of its kind may have.

Pure: the register row and the authority's ONS code come in as arguments.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models

from sightline.care.codes import NO_PROVIDER, PlacementProvider
from sightline.care.services import PlacementDetails
from sightline.core.errors import JourneyError
from sightline.providers.models import Provider

R = "Placement"


class Setting(models.TextChoices):
    RELATIVE_FOSTER = "relative_foster", "With a foster carer who is a relative or friend"
    FOSTER = "foster", "With a foster carer who is not a relative or friend"
    PARENT = "parent", "With a parent or someone with parental responsibility"
    CHILDRENS_HOME = "childrens_home", "In a children's home"
    SECURE = "secure", "In a secure children's home"
    SUPPORTED = "supported", "In supported accommodation (16 and over)"
    SCHOOL = "school", "At a residential school"
    ADOPTION = "adoption", "Placed for adoption"
    FAMILY_CENTRE = "family_centre", "In a family centre or mother and baby unit"
    HEALTH = "health", "In an NHS or other health establishment"
    CARE_HOME = "care_home", "In a residential care home"
    CUSTODY = "custody", "In a young offender institution"
    EMPLOYMENT = "employment", "Living in at their place of work (residential employment)"
    TEMPORARY = "temporary", "A temporary stay of 7 days or less"


# Settings with one PLACE code whatever else is said.
FIXED_PLACE = {
    Setting.PARENT: "P1",
    Setting.CHILDRENS_HOME: "K2",
    Setting.SECURE: "K1",
    Setting.SUPPORTED: "K3",
    Setting.SCHOOL: "S1",
    Setting.FAMILY_CENTRE: "R3",
    Setting.HEALTH: "R2",
    Setting.CARE_HOME: "R1",
    Setting.CUSTODY: "R5",
    Setting.EMPLOYMENT: "P3",
    Setting.TEMPORARY: "T4",
}

# Who provides a placement, in words (PR0 is the parent's own home: never asked).
PROVIDER_WORDS = (
    (PlacementProvider.PR1, "This authority (its own foster carers, homes or provision)"),
    (PlacementProvider.PR2, "Another local authority"),
    (PlacementProvider.PR4, "A private provider, such as an independent fostering agency"),
    (PlacementProvider.PR5, "A voluntary or charitable provider"),
    (PlacementProvider.PR3, "Another public body, such as the NHS"),
)


@dataclass(frozen=True)
class PlacementAnswers:
    """What the form asks, as typed (``None``: not answered)."""

    setting: str
    until_18: bool
    carer: str = ""
    provider: str = ""
    urn: str = ""
    postcode: str = ""
    approved_adopter: bool | None = None
    with_current_carer: bool | None = None
    placement_order: bool | None = None


def _require(ok: bool, field: str, text: str) -> None:
    if not ok:
        raise JourneyError(R, field, text)


def place_code(a: PlacementAnswers) -> str:
    """The PLACE code for the answers."""
    _require(a.setting in Setting.values, "setting", "choose where the child lives")
    if a.setting in FIXED_PLACE:
        return FIXED_PLACE[Setting(a.setting)]
    if a.setting == Setting.ADOPTION:
        _require(
            a.with_current_carer is not None,
            "with_current_carer",
            "say whether the child is placed for adoption with their current foster carer",
        )
        _require(
            a.placement_order is not None,
            "placement_order",
            "say whether the child is placed under a placement order or with consent",
        )
        return {
            (True, False): "A3",
            (False, False): "A4",
            (True, True): "A5",
            (False, True): "A6",
        }[(bool(a.with_current_carer), bool(a.placement_order))]
    relative = a.setting == Setting.RELATIVE_FOSTER
    if a.approved_adopter:
        return "U2" if relative else "U5"
    if a.until_18:
        return "U1" if relative else "U4"
    return "U3" if relative else "U6"


def provider_code(place: str, answered: str, register: Provider | None, own_ons_code: str) -> str:
    """PLACE_PROVIDER: none for a temporary or other placement (rule 178), PR0 with a parent,
    the register's where the setting is in it, else the worker's answer."""
    if place in NO_PROVIDER:
        return ""
    if place == "P1":
        return PlacementProvider.PR0
    if register is not None and register.provider_codes:
        codes = [c for c in register.provider_codes.split(",") if c]
        if "PR1" in codes:
            return "PR1" if register.la_code == own_ons_code else "PR2"
        return codes[0]
    _require(
        answered in PlacementProvider.values and answered != PlacementProvider.PR0,
        "provider",
        "choose who provides the placement",
    )
    return answered


def placement_details(
    a: PlacementAnswers, register: Provider | None, own_ons_code: str
) -> PlacementDetails:
    """The placement the service records, from the answers and the register's row for the URN
    (None: no URN, or a URN the register does not hold)."""
    place = place_code(a)
    if register is not None and register.place_codes:
        allowed = [c for c in register.place_codes.split(",") if c]
        _require(
            place in allowed,
            "urn",
            f"Ofsted's register lists {register.urn} as a {register.provider_type.lower()}, "
            "not where you said the child lives",
        )
    carer = a.carer.strip() or (register.name if register is not None else "")
    _require(bool(carer), "carer", "enter the name of the carer or setting")
    postcode = a.postcode.strip() or (register.postcode if register is not None else "")
    return PlacementDetails(
        place=place,
        provider=provider_code(place, a.provider, register, own_ons_code),
        carer=carer,
        urn=a.urn.strip().upper(),
        postcode=postcode.upper(),
        intended_until_18=a.until_18,
    )
