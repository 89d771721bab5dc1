"""Rules read their PLACE lists and exemptions as the collection year's DfE rules word them
(issue 13, deliver 4): one test per difference between the 2024-25 wording (collection year
2025), the 2025-26 wording (2026) and the 2026-27 wording (2027)."""

from __future__ import annotations

from typing import Any

from sightline.validation.engine import failing_children
from sightline.validation.rules import registered
from sightline.validation.tables import SSDA903, tables_from_rows
from tests.validation.ssda903_cases_postcodes import BRISTOL, GLOUCESTER, LA, ep


def flagged(code: str, year: int, episodes: list[dict[str, Any]]) -> set[str]:
    rule = registered(SSDA903)[code]
    tables = tables_from_rows(SSDA903, year, {"Episodes": episodes}, la_code=LA)
    return set(failing_children(rule, tables))


def dated(year: int, **fields: Any) -> dict[str, Any]:
    """An episode open through the collection year ``year``, in Gloucester."""
    return ep("1", GLOUCESTER, decom=f"01/06/{year - 1}", **fields)


def test_218_needs_no_urn_for_z1_in_2024_25_and_for_z11_to_z14_from_2025_26() -> None:
    assert flagged("218", 2025, [dated(2025, PLACE="Z1")]) == set()
    assert flagged("218", 2025, [dated(2025, PLACE="Z11")]) == {"1"}
    for year in (2026, 2027):
        assert flagged("218", year, [dated(year, PLACE="Z11")]) == set()
        assert flagged("218", year, [dated(year, PLACE="Z14")]) == set()
        assert flagged("218", year, [dated(year, PLACE="Z1")]) == {"1"}


def test_218_asks_a_urn_for_semi_independent_h5_placements_from_2024_25() -> None:
    for year in (2025, 2026, 2027):
        assert flagged("218", year, [dated(year, PLACE="H5")]) == {"1"}


def test_1015_lets_own_supported_accommodation_be_outside_the_authority_from_2025_26() -> None:
    def k3(year: int) -> dict[str, Any]:
        return ep("1", BRISTOL, decom=f"01/06/{year - 1}", PLACE="K3", PLACE_PROVIDER="PR1")

    assert flagged("1015", 2025, [k3(2025)]) == {"1"}
    assert flagged("1015", 2026, [k3(2026)]) == set()
    assert flagged("1015", 2027, [k3(2027)]) == set()


def test_146_z1_is_a_placement_type_in_2024_25_and_z11_to_z14_from_2025_26() -> None:
    assert flagged("146", 2025, [dated(2025, PLACE="Z1")]) == set()
    assert flagged("146", 2025, [dated(2025, PLACE="Z12")]) == {"1"}
    assert flagged("146", 2026, [dated(2026, PLACE="Z12")]) == set()
    assert flagged("146", 2026, [dated(2026, PLACE="Z1")]) == {"1"}


def test_222_a_urn_is_not_expected_for_the_year_s_other_placements() -> None:
    urn = {"URN": "SC123456"}
    assert flagged("222", 2025, [dated(2025, PLACE="Z1", **urn)]) == {"1"}
    assert flagged("222", 2025, [dated(2025, PLACE="Z13", **urn)]) == set()
    assert flagged("222", 2026, [dated(2026, PLACE="Z13", **urn)]) == {"1"}


def test_178_t4_and_z1_take_no_provider_in_2024_25_only() -> None:
    pr4 = {"PLACE_PROVIDER": "PR4"}
    assert flagged("178", 2025, [dated(2025, PLACE="T4", **pr4)]) == {"1"}
    assert flagged("178", 2025, [dated(2025, PLACE="Z1", **pr4)]) == {"1"}
    assert flagged("178", 2026, [dated(2026, PLACE="T4", **pr4)]) == set()
    assert flagged("178", 2026, [dated(2026, PLACE="Z11", **pr4)]) == {"1"}


def test_213_other_placements_expect_no_provider_from_2025_26() -> None:
    pr4 = {"PLACE_PROVIDER": "PR4"}
    assert flagged("213", 2025, [dated(2025, PLACE="Z11", **pr4)]) == set()
    assert flagged("213", 2026, [dated(2026, PLACE="Z11", **pr4)]) == {"1"}


def test_526_other_placements_need_no_provider_as_the_year_names_them() -> None:
    assert flagged("526", 2025, [dated(2025, PLACE="Z1")]) == set()
    assert flagged("526", 2026, [dated(2026, PLACE="Z1")]) == {"1"}
    assert flagged("526", 2026, [dated(2026, PLACE="Z11")]) == set()


def test_229_compares_the_provider_s_authority_for_supported_accommodation_until_2024_25() -> None:
    import polars as pl

    from sightline.providers.queries import LOOKUP_SCHEMA
    from tests.validation.ssda903_cases_providers import REGISTER, at

    rule = registered(SSDA903)["229"]
    for year, expected in ((2025, {"1"}), (2026, set()), (2027, set())):
        episode = at("1", "SC100004", PLACE="K3", PLACE_PROVIDER="PR1", decom=f"01/06/{year - 1}")
        tables = tables_from_rows(SSDA903, year, {"Episodes": [episode]}, la_code=LA)
        tables.providers = pl.DataFrame(REGISTER, schema=LOOKUP_SCHEMA)
        assert set(failing_children(rule, tables)) == expected, year


def test_241_is_a_rule_from_2025_26() -> None:
    assert registered(SSDA903)["241"].years == (2026, 2027)
