"""The child's record shows the care summary and the placement history."""

from __future__ import annotations

from datetime import date

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from sightline.access.models import AccessProfile
from sightline.access.roles import Role
from sightline.care import services
from sightline.care.services import PlacementDetails
from sightline.people.models import Person

TODAY = date(2026, 11, 23)


def test_the_record_shows_looked_after_status_and_every_placement(child: Person) -> None:
    period = services.start_care(
        child=child,
        started_on=date(2025, 5, 12),
        legal_status="C1",
        placement=PlacementDetails(
            place="U6", provider="PR1", carer="Smith household", urn="SC123456"
        ),
        category_of_need="N1",
        home_postcode="GL4 6TS",
        today=TODAY,
    )
    services.change_placement(
        period=period,
        started_on=date(2026, 1, 5),
        placement=PlacementDetails(
            place="U4", provider="PR4", carer="Patel household", intended_until_18=True
        ),
        reason_previous_ended="CARPL",
        today=TODAY,
    )
    reader = get_user_model().objects.create_user("reader")
    AccessProfile.objects.create(user=reader, role=Role.SENIOR_LEADER.value)
    client = Client()
    client.force_login(reader)
    page = client.get(reverse("child-plans", args=[child.la_child_id])).content.decode()
    assert "Looked after since" in page and "12 May 2025" in page
    assert "Smith household (SC123456)" in page
    assert "Patel household" in page and "intended to last until 18" in page
    assert "Change to or implementation of the care plan" in page
    search = client.get(reverse("find-child"), {"name": child.family_name})
    assert "Looked after" in search.content.decode()
