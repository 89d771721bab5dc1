"""Care leavers made through the care services, so eligibility is read from real periods."""

from __future__ import annotations

from datetime import date

import pytest

from sightline.care import services as care
from sightline.care.models import PeriodOfCare
from sightline.care.services import PlacementDetails
from sightline.core.codes import Ethnicity, Sex
from sightline.people.models import Person
from sightline.people.services import register_child

TODAY = date(2026, 11, 23)
BORN = date(2009, 3, 1)  # 14 on 2023-03-01, 16 on 2025-03-01, 18 on 2027-03-01
CARE_STARTS, CARE_ENDS = date(2025, 1, 6), date(2026, 6, 1)
FOSTER = PlacementDetails(place="U6", provider="PR1", carer="Smith household", postcode="GL1 1UT")


def young_person(given_name: str, born: date = BORN) -> Person:
    return register_child(
        given_name=given_name,
        family_name="Hale",
        sex=Sex.MALE,
        ethnicity=Ethnicity.WBRI,
        birth_date=born,
        today=TODAY,
    )


def in_care(child: Person, start: date, end: date | None, legal_status: str = "C2") -> PeriodOfCare:
    period = care.start_care(
        child=child,
        started_on=start,
        legal_status=legal_status,
        placement=FOSTER,
        category_of_need="N1",
        home_postcode="GL4 6TS",
        today=TODAY,
    )
    if end is not None:
        care.end_care(period=period, ended_on=end, reason_ceased="E8", today=TODAY)
    return period


@pytest.fixture
def leaver(db: None) -> Person:
    """Looked after from before 16 to 17 (eligible), relevant since 1 June 2026."""
    child = young_person("Kai")
    in_care(child, CARE_STARTS, CARE_ENDS)
    return child
