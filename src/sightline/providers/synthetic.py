"""The synthetic authority's provider register, in Ofsted's layout: every setting its
placements name (by URN), with made-up names, so the demo's URN rules have a register to read.
The shipped data/synthetic_register.csv is a fixed example for tests; this one follows the
settings a seed drew."""

from __future__ import annotations

import csv
from collections import Counter
from datetime import date
from pathlib import Path

import polars as pl
from django.conf import settings
from django.db.models import Min

from sightline.care.models import Placement
from sightline.providers.queries import NOT_OFSTED
from sightline.providers.register import la_name
from sightline.validation.postcodes import details, upper_tiers

TYPES = {
    "K1": "Children's home",
    "K2": "Children's home",
    "K3": "Supported accommodation",
    "R3": "Residential family centre",
    "S1": "Residential special school",
}
SECTORS = {
    "PR1": "Local Authority",
    "PR2": "Local Authority",
    "PR3": "Health Authority",
    "PR4": "Private",
    "PR5": "Voluntary",
}
HEADINGS = [
    "Provider type",
    "Provider subtype",
    "Sector",
    "URN",
    "Setting name",
    "Registration status",
    "Registration date",
    "Deregistration date",
    "Local authority",
    "Postcode",
]


def _type(place: str, provider: str) -> tuple[str, str]:
    if place == "K1":
        return "Children's home", "Secure children's home"
    if place.startswith("U"):
        kind = "Local authority" if provider == "PR1" else "Independent"
        return f"{kind} fostering agency", f"{kind} fostering agency"
    if place.startswith("A"):
        return "Voluntary adoption agency", "Voluntary adoption agency"
    kind = TYPES.get(place, "Children's home")
    return kind, kind


def write_register(path: Path) -> int:
    """Write the register for the settings in the database; the number of providers."""
    rows = (
        Placement.objects.exclude(urn__in=("", NOT_OFSTED))
        .values("urn", "place", "provider", "postcode")
        .annotate(first=Min("started_on"))
        .order_by("urn")
    )
    by_urn: dict[str, list[dict[str, object]]] = {}
    for row in rows:
        by_urn.setdefault(str(row["urn"]), []).append(row)
    own = settings.AUTHORITY["ons_code"]
    postcodes = sorted({str(r["postcode"]) for rs in by_urn.values() for r in rs if r["postcode"]})
    found = details(pl.Series(postcodes)) if postcodes else None
    tiers = dict(upper_tiers().iter_rows())
    la_of = {}
    if found is not None:
        for pc, laua in zip(postcodes, found.get_column("laua").to_list(), strict=True):
            la_of[pc] = tiers.get(laua, laua) if laua else None
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(HEADINGS)
        for number, (urn, uses) in enumerate(by_urn.items(), start=1):
            place = Counter(str(u["place"]) for u in uses).most_common(1)[0][0]
            provider = Counter(str(u["provider"]) for u in uses).most_common(1)[0][0]
            provider_type, subtype = _type(place, provider)
            postcode = Counter(str(u["postcode"]) for u in uses).most_common(1)[0][0]
            residential = not (place.startswith("U") or place.startswith("A"))
            code = (la_of.get(postcode) if residential else None) or own
            first = min(date.fromisoformat(str(u["first"])) for u in uses)
            out.writerow(
                [
                    provider_type,
                    subtype,
                    SECTORS.get(provider, "Private"),
                    urn,
                    f"{provider_type} {number} (synthetic)",
                    "Active",
                    date(first.year - 3, 4, 1).strftime("%d/%m/%Y"),
                    "",
                    la_name(code) or code,
                    postcode if residential else "",
                ]
            )
    return len(by_urn)


def load_register() -> int:
    """Write the synthetic register and import it as any register is imported."""
    import tempfile

    from sightline.providers.services import import_register

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "synthetic_ofsted_providers.csv"
        write_register(path)
        return import_register(path).providers
