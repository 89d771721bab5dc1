"""A placement in plain words and the SSDA903 codes chosen from them (decision 0028): pure
functions, no database."""

from __future__ import annotations

from datetime import date

import pytest

from sightline.care.placement_words import (
    FIXED_PLACE,
    PlacementAnswers,
    Setting,
    place_code,
    placement_details,
    provider_code,
)
from sightline.core.errors import JourneyError
from sightline.providers.models import Provider

OWN = "E10000013"


def _register(**fields: object) -> Provider:
    values: dict[str, object] = {
        "urn": "SC123456",
        "name": "Beech Lodge",
        "provider_type": "Children's home",
        "sector": "Private",
        "registration_status": "Active",
        "registered_on": date(2015, 1, 1),
        "local_authority": "Gloucestershire",
        "la_code": OWN,
        "postcode": "GL1 1AA",
        "place_codes": "K2",
        "provider_codes": "PR4",
    }
    values.update(fields)
    return Provider(**values)


@pytest.mark.parametrize(
    ("setting", "until_18", "adopter", "code"),
    [
        ("relative_foster", True, None, "U1"),
        ("relative_foster", False, True, "U2"),
        ("relative_foster", False, None, "U3"),
        ("foster", True, False, "U4"),
        ("foster", False, True, "U5"),
        ("foster", False, False, "U6"),
    ],
)
def test_fostering_is_long_term_when_meant_to_last_until_18_and_u2_u5_with_an_adopter(
    setting: str, until_18: bool, adopter: bool | None, code: str
) -> None:
    assert place_code(PlacementAnswers(setting, until_18, approved_adopter=adopter)) == code


@pytest.mark.parametrize(
    ("current", "order", "code"),
    [(True, False, "A3"), (False, False, "A4"), (True, True, "A5"), (False, True, "A6")],
)
def test_adoption_codes_come_from_the_carer_and_the_placement_order(
    current: bool, order: bool, code: str
) -> None:
    answers = PlacementAnswers("adoption", True, with_current_carer=current, placement_order=order)
    assert place_code(answers) == code


def test_adoption_without_its_two_answers_is_refused_on_the_missing_one() -> None:
    with pytest.raises(JourneyError) as refused:
        place_code(PlacementAnswers("adoption", True, placement_order=True))
    assert refused.value.field == "with_current_carer"
    with pytest.raises(JourneyError) as refused:
        place_code(PlacementAnswers("adoption", True, with_current_carer=True))
    assert refused.value.field == "placement_order"


def test_every_other_setting_has_one_code_and_an_unknown_one_is_refused() -> None:
    assert set(FIXED_PLACE) | {"foster", "relative_foster", "adoption"} == set(Setting.values)
    assert place_code(PlacementAnswers("childrens_home", False)) == "K2"
    with pytest.raises(JourneyError) as refused:
        place_code(PlacementAnswers("a tent", False))
    assert refused.value.field == "setting"


def test_the_provider_is_none_for_a_temporary_move_pr0_with_a_parent_else_as_answered() -> None:
    assert provider_code("T2", "PR4", None, OWN) == ""
    assert provider_code("P1", "", None, OWN) == "PR0"
    assert provider_code("U6", "PR5", None, OWN) == "PR5"
    with pytest.raises(JourneyError) as refused:
        provider_code("U6", "", None, OWN)
    assert refused.value.field == "provider"
    with pytest.raises(JourneyError):
        provider_code("U6", "PR0", None, OWN)  # a parent's home is never a foster placement's


def test_the_register_decides_the_provider_own_or_another_authority() -> None:
    council = _register(sector="Local authority", provider_codes="PR1,PR2")
    assert provider_code("K2", "PR4", council, OWN) == "PR1"
    assert provider_code(
        "K2", "", _register(la_code="E06000054", provider_codes="PR1,PR2"), OWN
    ) == ("PR2")
    assert provider_code("K2", "PR1", _register(), OWN) == "PR4"


def test_the_register_gives_the_name_and_postcode_and_refuses_another_kind_of_setting() -> None:
    details = placement_details(
        PlacementAnswers("childrens_home", False, urn="sc123456"), _register(), OWN
    )
    assert (details.place, details.provider, details.carer, details.postcode, details.urn) == (
        "K2",
        "PR4",
        "Beech Lodge",
        "GL1 1AA",
        "SC123456",
    )
    with pytest.raises(JourneyError) as refused:
        placement_details(PlacementAnswers("foster", False, urn="SC123456"), _register(), OWN)
    assert refused.value.field == "urn"


def test_a_placement_with_no_register_row_needs_the_carers_name() -> None:
    with pytest.raises(JourneyError) as refused:
        placement_details(PlacementAnswers("foster", False, provider="PR1"), None, OWN)
    assert refused.value.field == "carer"
    details = placement_details(
        PlacementAnswers(
            "foster", True, carer=" Smith household ", provider="PR1", postcode="gl1 1ut"
        ),
        None,
        OWN,
    )
    assert (details.place, details.carer, details.postcode, details.intended_until_18) == (
        "U4",
        "Smith household",
        "GL1 1UT",
        True,
    )
