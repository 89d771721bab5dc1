"""SSDA903 rules that look a placement's URN up in Ofsted's register of providers (decision
0018): 1008, 219, 221, 224, 227, 228, 229 and 241. They run when the register is loaded
(``sightline providers import FILE``; ``Tables.providers``) and are reported as skipped when
it is not (``Rule.needs``).

The register is Ofsted's published list: the placement and provider codes of each URN are
derived from its type and sector (providers/codes.py), its local authority is the one the
register names (the public validator infers it from the postcode, and says so in 229's
message). A URN of ``XXXXXXX`` (a setting Ofsted does not regulate) is never looked up.
"""

from __future__ import annotations

import polars as pl

from sightline.validation.common import (
    collection_end,
    is_in,
)
from sightline.validation.postcodes import episodes_with_postcode_fields
from sightline.validation.rules import ssda903_rule
from sightline.validation.ssda903.helpers import holds
from sightline.validation.ssda903.place_codes import place_codes
from sightline.validation.tables import Tables

NEEDS = "providers"


NOT_OFSTED = "XXXXXXX"


def _with_urn(episodes: pl.DataFrame) -> pl.DataFrame:
    return episodes.filter(pl.col("URN").is_not_null() & (pl.col("URN") != NOT_OFSTED))


def _looked_up(t: Tables, episodes: pl.DataFrame | None = None) -> pl.DataFrame:
    """Episodes with a URN found in the register, beside its row."""
    register = t.providers
    assert register is not None  # the engine runs these rules only with a register
    return _with_urn(t["Episodes"] if episodes is None else episodes).join(
        register, on="URN", how="inner"
    )


@ssda903_rule("1008", fields=("URN",), needs=NEEDS)
def urn_not_in_register(t: Tables) -> pl.DataFrame:
    assert t.providers is not None
    return _with_urn(t["Episodes"]).join(t.providers.select("URN"), on="URN", how="anti")


@ssda903_rule("219", fields=("URN", "PLACE"), needs=NEEDS)
def urn_does_not_match_placement_type(t: Tables) -> pl.DataFrame:
    """The placement type is not one the provider's type allows (a URN not in the register is
    1008's failure, not this one's)."""
    return _looked_up(t).filter(~holds(pl.col("PLACE_CODES").list.contains(pl.col("PLACE"))))


@ssda903_rule("221", fields=("PL_POST",), needs=NEEDS)
def urn_does_not_match_placement_postcode(t: Tables) -> pl.DataFrame:
    """For a K1, K2, K3, R3 or S1 placement that is not a short break, with a placement
    postcode, the postcode is the provider's (where the register gives one: Ofsted withholds
    some)."""
    return (
        _looked_up(t)
        .filter(
            ~is_in("LS", ("V3", "V4"))
            & is_in("PLACE", ("K1", "K2", "K3", "R3", "S1"))
            & pl.col("PL_POST").is_not_null()
            & pl.col("POSTCODE").is_not_null()
        )
        .filter(
            pl.col("PL_POST").str.replace_all(" ", "", literal=True).str.to_uppercase()
            != pl.col("POSTCODE")
        )
    )


@ssda903_rule("224", fields=("PLACE_PROVIDER",), needs=NEEDS)
def urn_does_not_match_placement_provider(t: Tables) -> pl.DataFrame:
    return _looked_up(t).filter(
        ~holds(pl.col("PROVIDER_CODES").list.contains(pl.col("PLACE_PROVIDER")))
    )


@ssda903_rule("227", fields=("URN", "DECOM"), needs=NEEDS)
def urn_not_valid_at_episode_start(t: Tables) -> pl.DataFrame:
    """The episode starts on or after the registration ended."""
    return _looked_up(t).filter(holds(pl.col("DECOM") >= pl.col("REG_END")))


@ssda903_rule("228", fields=("URN", "DEC"), needs=NEEDS)
def urn_not_valid_at_episode_end(t: Tables) -> pl.DataFrame:
    """The episode ends after the registration ended, or, still open, the registration ended
    before the end of the collection year."""
    ended = pl.col("REG_END").is_not_null()
    after = pl.when(pl.col("DEC").is_not_null()).then(pl.col("DEC") > pl.col("REG_END"))
    return _looked_up(t).filter(
        ended & holds(after.otherwise(collection_end(t) > pl.col("REG_END")))
    )


@ssda903_rule("229", fields=("URN", "PLACE_PROVIDER"), needs=NEEDS)
def provider_la_does_not_match_own_provision(t: Tables) -> pl.DataFrame:
    """PR1 (own provision) at a provider of another authority, or PR2 (another authority's)
    at one of the authority's own; from 2025-26 not for the placements the year exempts."""
    own = pl.col("LA_CODE") == t.meta.la_code
    return _looked_up(t).filter(
        ~is_in("PLACE", place_codes(t).provider_la_not_compared)
        & (
            holds((pl.col("PLACE_PROVIDER") == "PR1") & ~own)
            | holds((pl.col("PLACE_PROVIDER") == "PR2") & own)
        )
    )


@ssda903_rule("241", fields=("URN",), needs=NEEDS, years=(2026, 2027))
def supported_accommodation_outside_provider_la(t: Tables) -> pl.DataFrame:
    """A K3 placement whose authority (``PL_LA``, from the placement postcode) is not the
    provider's. New in the 2025-26 rules; the public validator compares ``PL_LA`` with the
    child's own authority instead (docs/reference-validators.md)."""
    episodes = _looked_up(t, episodes_with_postcode_fields(t))
    return episodes.filter((pl.col("PLACE") == "K3") & holds(pl.col("PL_LA") != pl.col("LA_CODE")))


UNIMPLEMENTED: dict[str, str] = {}
