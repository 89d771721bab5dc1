"""A placement in a setting with no Ofsted registration shows as unregistered on the child's
record (issue 13, deliver 4; seeds 001 and 002: older children in unregistered settings)."""

from __future__ import annotations

from datetime import date
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.test import Client

from sightline.care import services as care
from sightline.care.services import PlacementDetails
from sightline.providers.queries import registration_status
from tests.web.test_care_cards import page_of, start, young_person

SHIPPED = (
    Path(__file__).resolve().parents[2] / "src/sightline/providers/data/synthetic_register.csv"
)


def _moved(child_name: str, details: PlacementDetails) -> object:
    child = young_person(child_name, date(2009, 6, 1))
    period = start(child, date(2025, 5, 12))
    care.change_placement(
        period=period,
        started_on=date(2026, 3, 2),
        placement=details,
        reason_previous_ended="CARPL",
        today=date(2026, 11, 23),
    )
    return child


def test_an_unregistered_setting_is_shown_as_such(signed_in: Client, db: None) -> None:
    call_command("providers", "import", str(SHIPPED), "--as", "admin", stdout=StringIO())
    flat = _moved("Ash", PlacementDetails(place="Z11", provider="", carer="Rented flat"))
    page = page_of(signed_in, flat)  # type: ignore[arg-type]
    assert page.count('data-testid="unregistered"') == 1  # the flat, not the foster carers
    unknown = _moved(
        "Bay", PlacementDetails(place="K2", provider="PR4", carer="Elm House", urn="SC654321")
    )
    assert 'data-testid="unregistered"' in page_of(signed_in, unknown)  # type: ignore[arg-type]


def test_a_registered_setting_shows_its_registration(signed_in: Client, db: None) -> None:
    call_command("providers", "import", str(SHIPPED), "--as", "admin", stdout=StringIO())
    child = _moved(
        "Cal", PlacementDetails(place="K2", provider="PR4", carer="Severn Vale", urn="SC900001")
    )
    page = page_of(signed_in, child)  # type: ignore[arg-type]
    assert "registered with Ofsted: Children&#x27;s home" in page
    assert 'data-testid="unregistered"' not in page


def test_registration_is_judged_on_the_day_the_child_was_placed() -> None:
    assert registration_status("P1", "", date(2026, 1, 1), None, True) == ""
    assert registration_status("U6", "", date(2026, 1, 1), None, True) == ""
    assert registration_status("K2", "XXXXXXX", date(2026, 1, 1), None, True) == ""
    assert registration_status("K2", "", date(2026, 1, 1), None, False) == "unregistered"
    assert registration_status("K2", "SC100001", date(2026, 1, 1), None, False) == ""
    assert registration_status("K2", "SC100001", date(2026, 1, 1), None, True) == "unregistered"
