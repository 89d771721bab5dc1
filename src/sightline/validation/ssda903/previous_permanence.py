"""SSDA903 rules on previous permanence (previous_permanence.csv): the option, the date and the
authority that arranged it."""

from __future__ import annotations

import polars as pl

from sightline.validation.common import (
    collection_start,
    given,
    is_in,
    missing,
    no_failures,
    present,
)
from sightline.validation.rules import ssda903_rule
from sightline.validation.ssda903.helpers import CHILD
from sightline.validation.tables import Tables

PREV_PERM = ("P1", "P2", "P3", "P4", "Z1")


LA_PERM = (
    "800", "889", "822", "301", "304", "303", "330", "825", "837", "302", "846", "370", "350",
    "890", "867", "380", "305", "801", "351", "873", "823", "895", "896", "381", "909", "202",
    "908", "331", "306", "841", "830", "831", "878", "371", "835", "332", "840", "307", "308",
    "811", "881", "845", "390", "916", "203", "876", "850", "311", "204", "884", "312", "205",
    "313", "805", "919", "310", "309", "420", "921", "206", "207", "886", "810", "382", "314",
    "340", "888", "208", "856", "383", "855", "209", "925", "341", "201", "821", "352", "806",
    "887", "826", "315", "929", "812", "391", "926", "892", "813", "802", "928", "891", "392",
    "316", "815", "353", "931", "879", "836", "851", "874", "807", "354", "317", "870", "318",
    "372", "857", "333", "935", "343", "803", "373", "342", "893", "356", "355", "871", "394",
    "334", "933", "882", "936", "861", "852", "319", "860", "808", "393", "866", "210", "357",
    "894", "883", "880", "358", "211", "937", "869", "320", "359", "865", "384", "335", "336",
    "212", "868", "872", "885", "344", "877", "213", "938", "816", "999",
    "WAL", "SCO", "NUK", "NIR",
)  # fmt: skip


def _as_pandas_date(text: pl.Expr) -> pl.Expr:
    """``dd/mm/yyyy`` text as pandas reads it with that format: a four-digit year inside
    pandas' timestamp range, no surrounding spaces (null otherwise)."""
    shaped = text.str.contains(r"^\d{1,2}/\d{1,2}/\d{4}$").fill_null(False)
    year = text.str.slice(-4).cast(pl.Int32, strict=False)
    parsed = text.str.strptime(pl.Date, "%d/%m/%Y", strict=False)
    return pl.when(shaped & year.is_between(1678, 2261)).then(parsed)


def _date_perm(name: str) -> pl.Expr:
    """DATE_PERM as the reference's ``valid_date`` reads it: ``dd/mm/yyyy`` where an unknown
    day or month is ``ZZ`` (the latest date it could be) and an unknown year ``ZZZZ`` (2000)."""
    parts = [pl.col(name).str.extract(r"^([^/]*)/([^/]*)/([^/]*)$", i) for i in (1, 2, 3)]
    day, month, year = (
        pl.when(p == "ZZ").then(pl.lit("01")).when(p == "ZZZZ").then(pl.lit("2000")).otherwise(p)
        for p in parts
    )
    parsed = _as_pandas_date(pl.concat_str([day, pl.lit("/"), month, pl.lit("/"), year]))
    # The reference adds the offset of the last position given as ZZ: a month for the day, a
    # year for the month (and none for a ZZ year, whose date never parses).
    return (
        pl.when(parts[2] == "ZZ")
        .then(parsed)
        .when(parts[1] == "ZZ")
        .then(parsed.dt.offset_by("1y").dt.offset_by("-1d"))
        .when(parts[0] == "ZZ")
        .then(parsed.dt.offset_by("1mo").dt.offset_by("-1d"))
        .otherwise(parsed)
    )


@ssda903_rule("630", fields=("RNE",))
def previous_permanence_missing_for_new_period_of_care(t: Tables) -> pl.DataFrame:
    if not given(t, "Episodes", "PrevPerm"):
        return no_failures(t)
    started = t["Episodes"].filter(
        (pl.col("RNE") == "S").fill_null(False)
        & (pl.col("DECOM") >= collection_start(t)).fill_null(False)
    )
    perm = t["PrevPerm"].select(CHILD, "PREV_PERM", "LA_PERM", "DATE_PERM", _pp=pl.lit(True))
    merged = started.join(perm, on=CHILD, how="left", nulls_equal=True)
    not_in_prevperm = missing("_pp")
    details_missing = (pl.col("PREV_PERM") != "Z1").fill_null(True) & (
        missing("LA_PERM") | missing("DATE_PERM")
    )
    option_missing = present("_pp") & missing("PREV_PERM")
    return merged.filter(not_in_prevperm | details_missing | option_missing)


@ssda903_rule("631", fields=("PREV_PERM",))
def previous_permanence_option_invalid(t: Tables) -> pl.DataFrame:
    return t["PrevPerm"].filter(present("PREV_PERM") & ~is_in("PREV_PERM", PREV_PERM))


@ssda903_rule("632", fields=("DATE_PERM", "DECOM"))
def previous_permanence_date_invalid_or_not_before_care(t: Tables) -> pl.DataFrame:
    first = (
        t["Episodes"]
        .filter(present(CHILD) & present("DECOM"))
        .group_by(CHILD)
        .agg(pl.col("DECOM").min())
    )
    return (
        first.join(t["PrevPerm"].select(CHILD, "DATE_PERM"), on=CHILD, how="left")
        .with_columns(_date_perm("DATE_PERM").alias("DATE_PERM_dt"))
        .filter(
            (pl.col("DATE_PERM_dt") >= pl.col("DECOM")).fill_null(False)
            | (present("DATE_PERM") & missing("DATE_PERM_dt"))
        )
    )


@ssda903_rule("633", fields=("LA_PERM",))
def previous_permanence_authority_invalid(t: Tables) -> pl.DataFrame:
    return t["PrevPerm"].filter(present("LA_PERM") & ~is_in("LA_PERM", LA_PERM))


@ssda903_rule("634", fields=("LA_PERM", "PREV_PERM", "DATE_PERM", "DECOM"))
def previous_permanence_given_but_no_care_started_this_year(t: Tables) -> pl.DataFrame:
    last = (
        t["Episodes"]
        .filter(present(CHILD))
        .group_by(CHILD)
        .agg(pl.col("DECOM").max().alias("LAST_DECOM"))
    )
    return (
        t["PrevPerm"]
        .join(last, on=CHILD, how="left")
        .filter(
            (present("PREV_PERM") | present("DATE_PERM") | present("LA_PERM"))
            & (pl.col("LAST_DECOM") < collection_start(t)).fill_null(False)
        )
    )


@ssda903_rule("635", fields=("LA_PERM", "DATE_PERM", "PREV_PERM"))
def previous_permanence_details_without_option(t: Tables) -> pl.DataFrame:
    return t["PrevPerm"].filter((present("LA_PERM") | present("DATE_PERM")) & missing("PREV_PERM"))


UNIMPLEMENTED: dict[str, str] = {}
