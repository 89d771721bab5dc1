"""Reading the register: whether one is loaded, the rules' lookup table, and a placement's
registration (set-based: one query for any number of placements)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import DatabaseError

from sightline.care.models import Placement
from sightline.providers import codes
from sightline.providers.models import Provider, RegisterImport

if TYPE_CHECKING:
    import polars as pl


def lookup_schema() -> dict[str, pl.DataType | type[pl.DataType]]:
    """The lookup the SSDA903 rules read (validation/ssda903/providers.py): its columns.

    Polars is imported here, not with the module: every process imports this module at start
    (the recording pages need ``provider_for``) and Polars costs a quarter of a second there."""
    import polars as pl

    return {
        "URN": pl.String,
        "PLACE_CODES": pl.List(pl.String),
        "PROVIDER_CODES": pl.List(pl.String),
        "REG_START": pl.Date,
        "REG_END": pl.Date,
        "POSTCODE": pl.String,
        "LA_CODE": pl.String,
    }


def __getattr__(name: str) -> Any:
    """``LOOKUP_SCHEMA``, built when first asked for (PEP 562), as ``lookup_schema()``."""
    if name == "LOOKUP_SCHEMA":
        return lookup_schema()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def last_import() -> RegisterImport | None:
    try:
        return RegisterImport.objects.first()
    except DatabaseError:  # a database without Sightline's tables: no register
        return None


def lookup() -> pl.DataFrame | None:
    """The register as the rules read it (postcodes without spaces, upper case), or None when
    no register was ever imported."""
    if last_import() is None:
        return None
    rows = Provider.objects.values_list(
        "urn",
        "place_codes",
        "provider_codes",
        "registered_on",
        "deregistered_on",
        "postcode",
        "la_code",
    )
    import polars as pl

    schema = lookup_schema()
    columns: dict[str, list[object]] = {name: [] for name in schema}
    for urn, places, providers, start, end, postcode, la in rows.iterator(chunk_size=5_000):
        columns["URN"].append(urn)
        columns["PLACE_CODES"].append([c for c in places.split(",") if c])
        columns["PROVIDER_CODES"].append([c for c in providers.split(",") if c])
        columns["REG_START"].append(start)
        columns["REG_END"].append(end)
        columns["POSTCODE"].append(postcode.replace(" ", "").upper() or None)
        columns["LA_CODE"].append(la or None)
    return pl.DataFrame(columns, schema=schema)


@dataclass(frozen=True)
class Registration:
    """What the record says of a placement's setting: ``registered`` (with the provider),
    ``unregistered`` (a setting Ofsted would register, with no registration when the child
    was placed), or ``""`` (nothing to say: a placement needing no URN, or no register)."""

    status: str
    provider: Provider | None = None


#: Placements in settings Ofsted does not register (the 2025-26 list of rules 218 and 222),
#: and with foster carers or adopters, whom an agency approves: the agency's URN is what the
#: return asks for, and a carer without one is not an unregistered setting.
NO_REGISTRATION_NEEDED = frozenset(
    {"P1", "P3", "R1", "R2", "R5", "T0", "T1", "T2", "T3", "T4"}
    | {"A3", "A4", "A5", "A6", "U1", "U2", "U3", "U4", "U5", "U6"}
)
#: URN of a setting another inspectorate regulates (CQC, ISI) or a regional adoption agency.
NOT_OFSTED = "XXXXXXX"


def registration_status(
    place: str, urn: str, started_on: date, provider: Provider | None, register_loaded: bool
) -> str:
    """Pure: ``registered``, ``unregistered`` or ``""`` for one placement."""
    if place in NO_REGISTRATION_NEEDED or urn == NOT_OFSTED:
        return ""
    if provider is not None and codes.registered_on_day(
        provider.registered_on, provider.deregistered_on, started_on
    ):
        return "registered"
    if not urn or register_loaded:
        return "unregistered"
    return ""


def registrations(placements: Sequence[Placement]) -> list[Registration]:
    """Each placement's registration, in order (one query for the lot)."""
    urns = {p.urn for p in placements} - {"", NOT_OFSTED}
    loaded = last_import() is not None
    found = {p.urn: p for p in Provider.objects.filter(urn__in=urns)} if urns and loaded else {}
    out = []
    for p in placements:
        provider = found.get(p.urn)
        status = registration_status(p.place, p.urn, p.started_on, provider, loaded)
        out.append(Registration(status, provider if status == "registered" else None))
    return out


def provider_for(urn: str) -> Provider | None:
    """The register's row for one URN (None: no URN, not in the register, or no register)."""
    urn = urn.strip().upper()
    if not urn or urn == NOT_OFSTED:
        return None
    return Provider.objects.filter(urn=urn).first()
