"""OC3 and the birthday care ended on (SSDA903 rule 1016, issue 13: clean synthetic returns).

Care leaver information is not required for a 17- or 18-year-old who ceased to be looked after
on or after that birthday (the DfE's rule 1016 reads DEC >= the birthday): a young person whose
care ends on their 18th birthday, as most who stay until 18 do, has no OC3 row that year."""

from __future__ import annotations

from datetime import date

import pytest

from sightline.care import services as care
from sightline.care.services import PlacementDetails
from sightline.leaving_care import services as leaving
from sightline.people import services as people
from sightline.returns.ssda903 import collect_ssda903

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 1)


def care_until(born: date, ended: date, la_child_id: str) -> None:
    child = people.register_child(
        given_name="Sam",
        family_name="Leaver",
        sex="M",
        birth_date=born,
        la_child_id=la_child_id,
        today=TODAY,
    )
    period = care.start_care(
        child=child,
        started_on=date(2021, 1, 4),
        legal_status="C2",
        placement=PlacementDetails(place="U4", provider="PR1", carer="Foster household 1"),
        category_of_need="N1",
        home_postcode="GL1 2AY",
        today=TODAY,
    )
    care.end_care(period=period, ended_on=ended, reason_ceased="E8", today=TODAY)
    after = max(ended, date(2025, 6, 1))
    leaving.record_in_touch(child=child, recorded_on=after, in_touch="YES", today=TODAY)
    leaving.record_activity(child=child, from_date=after, code="F2", today=TODAY)
    leaving.record_accommodation(child=child, from_date=after, code="U1", today=TODAY)


def test_no_oc3_for_an_18_year_old_whose_care_ended_on_their_birthday() -> None:
    care_until(date(2007, 5, 23), date(2025, 5, 23), "C000000901")  # the 18th birthday
    care_until(date(2007, 5, 24), date(2025, 5, 20), "C000000902")  # before the birthday
    oc3 = {row["CHILD"] for row in collect_ssda903(2026)["oc3.csv"]}
    assert oc3 == {"C000000902"}
