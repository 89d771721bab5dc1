"""SSDA903 rules that read the fields derived from postcodes: ``PL_LA``, ``PL_LOCATION`` and
``PL_DISTANCE`` (validation/postcodes.py), and 392c, which asks that the postcodes exist.

Each ports the public validator's rule (``lac_validator/rules/lac20XX_YY/rule_<code>.py``),
with the episodes carrying the derived fields as its datastore gives them.
"""

from __future__ import annotations

import polars as pl

from sightline.validation.common import (
    collection_start,
    given,
    given_last,
    is_in,
    no_failures,
)
from sightline.validation.postcodes import episodes_with_postcode_fields
from sightline.validation.rules import ssda903_rule
from sightline.validation.ssda903.helpers import (
    CHILD,
    SHORT_BREAKS,
    first_episode,
    holds,
    last_episode,
)
from sightline.validation.ssda903.place_codes import place_codes
from sightline.validation.tables import Tables


def _episodes(t: Tables) -> pl.DataFrame:
    return episodes_with_postcode_fields(t)


def _not_short_break() -> pl.Expr:
    """LS is not V3 or V4 (a missing LS is not, as pandas' ``isin`` has it)."""
    return ~is_in("LS", SHORT_BREAKS)


def _not_own_la(t: Tables) -> pl.Expr:
    """PL_LA is not the authority's (true when PL_LA is missing)."""
    return ~holds(pl.col("PL_LA") == t.meta.la_code)


#: What ``PL_LA`` says for a placement outside England (rules 218 and 243).
OUTSIDE_ENGLAND = ("CON", "NIR", "SCO", "WAL", "NUK")


def uasc_children(t: Tables) -> pl.DataFrame | None:
    """The children who are or were UASC, as the reference finds them for rules 392a, 392b and
    406 (and 164): this year's and last year's header with the UASC flag its CSV ingress adds when
    the UASC table came too (a child in both), or without a header, the UASC table's rows with
    anything but CHILD given. None when neither year tells (the rules then flag nothing)."""
    found: list[pl.DataFrame] = []
    told = False
    years = [(given(t, "Header"), given(t, "UASC"), t["Header"], t["UASC"])]
    if t.has_previous:
        years.append(
            (
                given_last(t, "Header"),
                given_last(t, "UASC"),
                t.previous("Header"),
                t.previous("UASC"),
            )
        )
    for has_header, has_uasc, header, uasc in years:
        if has_header:
            if has_uasc:
                told = True
                found.append(header.join(uasc, on=CHILD, how="semi").select(CHILD))
        elif has_uasc:
            told = True
            anything = pl.any_horizontal(
                pl.col(c).is_not_null() for c in ("SEX", "DOB_raw", "DUC_raw")
            )
            found.append(uasc.filter(anything).select(CHILD))
    if not told:
        return None
    return pl.concat(found).unique()


def _first_beside_last_year(t: Tables, *columns: str) -> pl.DataFrame:
    """Each child's first episode this year beside the last episode of last year's return
    (``<column>_PRE``, ``DEC_PRE``, ``DEC_raw_PRE``), for children in both."""
    last = last_episode(episodes_with_postcode_fields(t, previous=True)).select(
        CHILD,
        pl.col("DEC").alias("DEC_PRE"),
        pl.col("DEC_raw").alias("DEC_raw_PRE"),
        *(pl.col(c).alias(f"{c}_PRE") for c in columns),
    )
    return first_episode(_episodes(t)).join(last, on=CHILD, how="inner")


def _differs_from_open_last(t: Tables, column: str) -> pl.DataFrame:
    """``field_different_from_previous``: the first episode's ``column`` differs (as text, so
    two missing values agree) from last year's last episode, which had no valid end date."""
    if not given_last(t, "Episodes"):
        return no_failures(t)
    return _first_beside_last_year(t, column).filter(
        pl.col(column).ne_missing(pl.col(f"{column}_PRE")) & pl.col("DEC_PRE").is_null()
    )


def _distance_differs(t: Tables, same_rne: bool) -> pl.DataFrame:
    """The first episode's distance differs by 0.2 miles or more from that of last year's
    last episode, still open, or last year had none and this year has one (453, 503G)."""
    if not given_last(t, "Episodes"):
        return no_failures(t)
    distance, before = pl.col("PL_DISTANCE"), pl.col("PL_DISTANCE_PRE")
    differs = holds((distance - before).abs() >= 0.2) | (before.is_null() & distance.is_not_null())
    fails = differs & pl.col("DEC_PRE").is_null()
    if same_rne:
        fails = fails & holds(pl.col("RNE") == pl.col("RNE_PRE"))
    return _first_beside_last_year(t, "PL_DISTANCE", "RNE").filter(fails)


@ssda903_rule("392b", fields=("HOME_POST", "PL_POST"))
def looked_after_without_postcodes(t: Tables) -> pl.DataFrame:
    """As 392a and 406 read UASC status (this year's or last year's), but run when neither
    year tells it, as the reference's 392b does."""
    uasc = uasc_children(t)
    if uasc is None:
        uasc = pl.DataFrame(schema={"CHILD": pl.String})
    return (
        t["Episodes"]
        .join(uasc, on="CHILD", how="anti")
        .filter(
            ~is_in("LS", SHORT_BREAKS)
            & (pl.col("HOME_POST").is_null() | pl.col("PL_POST").is_null())
        )
    )


@ssda903_rule("392d", fields=("HOME_POST", "PL_POST", "PLACE"))
def same_home_and_placement_postcode_not_p1(t: Tables) -> pl.DataFrame:
    return t["Episodes"].filter(
        pl.col("PLACE").ne_missing("P1") & (pl.col("HOME_POST") == pl.col("PL_POST"))
    )


@ssda903_rule("398", fields=("LS", "HOME_POST", "PL_POST"))
def postcodes_completed_for_respite(t: Tables) -> pl.DataFrame:
    return t["Episodes"].filter(
        is_in("LS", SHORT_BREAKS)
        & (pl.col("HOME_POST").is_not_null() | pl.col("PL_POST").is_not_null())
    )


@ssda903_rule("1015", fields=("PL_LA",))
def own_provision_placed_outside_own_la(t: Tables) -> pl.DataFrame:
    return _episodes(t).filter(
        ~is_in("PLACE", place_codes(t).own_provision_anywhere)
        & _not_short_break()
        & (pl.col("PLACE_PROVIDER") == "PR1").fill_null(False)
        & pl.col("LS").is_not_null()
        & pl.col("PLACE").is_not_null()
        & _not_own_la(t)
    )


@ssda903_rule("169", fields=("PL_LA",))
def placement_la_missing(t: Tables) -> pl.DataFrame:
    return _episodes(t).filter(_not_short_break() & pl.col("PL_LA").is_null())


@ssda903_rule("179", fields=("PL_LOCATION",))
def placement_location_missing(t: Tables) -> pl.DataFrame:
    return _episodes(t).filter(_not_short_break() & pl.col("PL_LOCATION").is_null())


@ssda903_rule("218", fields=("URN",))
def urn_required(t: Tables) -> pl.DataFrame:
    """An episode open on or after 1 April, in a placement not exempt that year (the year's
    ``no_urn`` list: from 2025-26 P1, P3, R1, R2, R5, T0-T4 and Z11-Z14), and not outside
    England (``PL_LA`` not CON, NIR, SCO, WAL or NUK), with no URN.

    The reference's 2024-25 rule turned ``PL_LA`` into text first, so a missing one (the
    placement postcode blank or unknown) read "nan", began with N and exempted the episode; the
    DfE's wording names the codes, and an unknown postcode is not a placement outside England,
    so Sightline asks for the URN then too."""
    out_of_england = is_in("PL_LA", OUTSIDE_ENGLAND)
    ends_in_year = holds(pl.col("DEC") >= collection_start(t)) | pl.col("DEC_raw").is_null()
    return _episodes(t).filter(
        ends_in_year
        & pl.col("URN").is_null()
        & ~is_in("PLACE", place_codes(t).no_urn)
        & ~out_of_england
    )


@ssda903_rule("243", fields=("URN",))
def urn_for_placement_outside_england(t: Tables) -> pl.DataFrame:
    return _episodes(t).filter(is_in("PL_LA", OUTSIDE_ENGLAND) & pl.col("URN").is_not_null())


@ssda903_rule("420", fields=("PL_LA",))
def placement_la_for_short_break(t: Tables) -> pl.DataFrame:
    return _episodes(t).filter(is_in("LS", SHORT_BREAKS) & pl.col("PL_LA").is_not_null())


@ssda903_rule("392c", fields=("HOME_POST", "PL_POST"))
def postcodes_not_in_directory(t: Tables) -> pl.DataFrame:
    return _episodes(t).filter(
        (pl.col("HOME_POST").is_not_null() & ~pl.col("HOME_POST_found"))
        | (pl.col("PL_POST").is_not_null() & ~pl.col("PL_POST_found"))
    )


@ssda903_rule("392a", fields=("PL_DISTANCE",))
def looked_after_without_distance(t: Tables) -> pl.DataFrame:
    uasc = uasc_children(t)
    if uasc is None:
        return no_failures(t)
    return (
        _episodes(t)
        .join(uasc, on=CHILD, how="anti")
        .filter(_not_short_break() & pl.col("PL_DISTANCE").is_null())
    )


@ssda903_rule("406", fields=("PL_DISTANCE",))
def uasc_with_distance(t: Tables) -> pl.DataFrame:
    uasc = uasc_children(t)
    if uasc is None:
        return no_failures(t)
    return _episodes(t).join(uasc, on=CHILD, how="semi").filter(pl.col("PL_DISTANCE").is_not_null())


@ssda903_rule("454", fields=("PL_DISTANCE",))
def placement_over_350_miles(t: Tables) -> pl.DataFrame:
    return _episodes(t).filter(
        holds((pl.col("PL_DISTANCE") > 350) & (pl.col("PL_DISTANCE") != 999.9))
    )


@ssda903_rule("452", fields=("PL_LA",))
def placement_la_differs_from_last_year(t: Tables) -> pl.DataFrame:
    """As 503H, for a continuing episode (the same RNE); last year's episode is open when its
    DEC is blank (the reference does not parse it here)."""
    if not given_last(t, "Episodes"):
        return no_failures(t)
    return _first_beside_last_year(t, "PL_LA", "RNE").filter(
        holds(pl.col("RNE") == pl.col("RNE_PRE"))
        & pl.col("DEC_raw_PRE").is_null()
        & pl.col("PL_LA").ne_missing(pl.col("PL_LA_PRE"))
    )


@ssda903_rule("453", fields=("PL_DISTANCE",))
def placement_distance_differs_from_last_year(t: Tables) -> pl.DataFrame:
    return _distance_differs(t, same_rne=True)


@ssda903_rule("503G", fields=("PL_DISTANCE",))
def first_distance_differs_from_open_episode_last_year(t: Tables) -> pl.DataFrame:
    return _distance_differs(t, same_rne=False)


@ssda903_rule("503H", fields=("PL_LA",))
def first_placement_la_differs_from_open_episode_last_year(t: Tables) -> pl.DataFrame:
    return _differs_from_open_last(t, "PL_LA")


@ssda903_rule("503J", fields=("PL_LOCATION",))
def first_location_differs_from_open_episode_last_year(t: Tables) -> pl.DataFrame:
    return _differs_from_open_last(t, "PL_LOCATION")


UNIMPLEMENTED: dict[str, str] = {
    "164": "cannot fail: PL_DISTANCE, derived from two postcodes in the directory, is always "
    "between 0.0 and 999.9 miles (no two postcodes in the directory are that far apart)",
    "411": "cannot fail: PL_LOCATION, derived from the placement postcode, is IN only when "
    "PL_LA is the authority's",
}
