"""Care leaver KPIs (SSDA903 OC3), on records built by hand: 2025-26 runs from 1 April 2025
to 31 March 2026. A care leaver whose birthday falls on 31 March is in that year's cohort."""

from __future__ import annotations

from datetime import date

import pytest

from sightline.insight.catalogue import KPIS
from sightline.insight.figures import units_for
from sightline.insight.windows import collection_year
from sightline.leaving_care.models import (
    Accommodation,
    Activity,
    HomelessPresentation,
    InTouch,
    StayingPut,
)
from tests.insight.builders import child, period, placement

pytestmark = pytest.mark.django_db
Y2026 = collection_year(2026)


def value(code: str) -> float | None:
    kpi = KPIS[code]
    return units_for(kpi, Y2026).count().value(kpi.measure, None)


def test_care_leavers_by_age_band_with_a_birthday_on_31_march() -> None:
    # L2: 21 on 31 March 2026, in care from 12 to 18 (former relevant); in education, in
    # independent living (suitable), in touch on the birthday.
    l2 = child(date(2005, 3, 31))
    period(l2, date(2017, 6, 1), date(2023, 3, 31), reason="E17")
    Activity.objects.create(child=l2, from_date=date(2025, 1, 1), code="F2")
    Accommodation.objects.create(child=l2, from_date=date(2025, 1, 1), code="U1")
    InTouch.objects.create(child=l2, recorded_on=date(2026, 3, 31), in_touch="YES")
    # L5: 19 on 20 May 2025, in care from 11 to 18; not in touch, nothing else known.
    l5 = child(date(2006, 5, 20))
    period(l5, date(2017, 1, 1), date(2024, 5, 20), reason="E17")
    InTouch.objects.create(child=l5, recorded_on=date(2025, 5, 1), in_touch="NO")
    # L4: 17 on 1 June 2025, left care at 16 after five years (relevant): not in education,
    # employment or training, in unsuitable semi-independent accommodation, in touch.
    l4 = child(date(2008, 6, 1))
    period(l4, date(2020, 1, 1), date(2025, 1, 10), reason="E13")
    Activity.objects.create(child=l4, from_date=date(2025, 2, 1), code="G5")
    Accommodation.objects.create(child=l4, from_date=date(2025, 2, 1), code="D2")
    InTouch.objects.create(child=l4, recorded_on=date(2025, 6, 1), in_touch="YES")
    # L1: 18 on 31 March 2026, leaving care that day: a care leaver from then, but OC3 leaves
    # out a 17- or 18-year-old whose care ended on or after the birthday (rule 1016).
    l1 = child(date(2008, 3, 31))
    period(l1, date(2022, 1, 1), date(2026, 3, 31), reason="E17")
    # 19 to 21: L2 and L5 (those with nothing known count in the denominator).
    assert value("LEAVERS_EET_19_21") == 50.0
    assert value("LEAVERS_SUITABLE_19_21") == 50.0
    assert value("LEAVERS_IN_TOUCH_19_21") == 50.0
    assert value("LEAVERS_NOT_IN_TOUCH_19_21") == 50.0
    # 17 to 18: L4 alone.
    assert units_for(KPIS["LEAVERS_EET_17_18"], Y2026).denominator == (l4.pk,)
    assert value("LEAVERS_EET_17_18") == 0.0
    assert value("LEAVERS_SUITABLE_17_18") == 0.0
    assert value("LEAVERS_IN_TOUCH_17_18") == 100.0


def test_staying_put_after_foster_care_at_18() -> None:
    # Both leave foster care on their 18th birthday in the year; one stays put with the carer.
    stays, leaves = child(date(2007, 9, 15)), child(date(2007, 11, 1))
    care = period(stays, date(2019, 1, 1), date(2025, 9, 15), reason="E17")
    placement(care, date(2019, 1, 1), date(2025, 9, 15), place="U4")
    StayingPut.objects.create(child=stays, started_on=date(2025, 9, 15), carer="A carer")
    care = period(leaves, date(2019, 1, 1), date(2025, 11, 1), reason="E17")
    placement(care, date(2019, 1, 1), date(2025, 11, 1), place="U6")
    # A third leaves a children's home at 18: not in the measure.
    home = child(date(2007, 12, 1))
    care = period(home, date(2019, 1, 1), date(2025, 12, 1), reason="E17")
    placement(care, date(2019, 1, 1), date(2025, 12, 1), place="K2")
    assert value("STAYING_PUT") == 50.0


def test_homeless_16_and_17_year_olds_accommodated_under_section_20() -> None:
    for outcome, on in (
        ("accommodated_s20", date(2025, 5, 1)),
        ("supported_s17", date(2025, 6, 1)),
        ("other", date(2025, 7, 1)),
        ("accommodated_s20", date(2025, 3, 1)),  # decided the year before
    ):
        HomelessPresentation.objects.create(
            child=child(date(2008, 9, 1)),
            presented_on=on,
            outcome=outcome,
            outcome_on=on,
        )
    assert value("HOMELESS_16_17_S20") == pytest.approx(100 / 3)
