"""Care plans (regulation 4) and placement plans (regulation 9): recorded in their period or
placement, or shortly before it (a planned admission or move); each emits an event about the
plan's record, for the timescales to meet their obligations from."""

from __future__ import annotations

from datetime import date

import pytest

from sightline.care import services
from sightline.care.models import CarePlan, PeriodOfCare, Placement
from sightline.care.services import PlacementDetails
from sightline.chronology.models import ChronologyEntry
from sightline.people.models import Person

TODAY = date(2026, 11, 23)
STARTED = date(2025, 5, 12)
FOSTER = PlacementDetails(place="U6", provider="PR1", carer="Smith household", postcode="GL1 1UT")
HOME = PlacementDetails(place="K2", provider="PR1", carer="Oak House", urn="SC123456")


@pytest.fixture
def period(child: Person) -> PeriodOfCare:
    return services.start_care(
        child=child,
        started_on=STARTED,
        legal_status="C2",
        placement=FOSTER,
        category_of_need="N1",
        home_postcode="GL4 6TS",
        today=TODAY,
    )


def logged(child_id: int, event: str) -> list[tuple[str, int, date, str]]:
    """The chronology entries the event made: the record it is about, its day, its summary."""
    return list(
        ChronologyEntry.objects.filter(child_id=child_id, event=event)
        .order_by("pk")
        .values_list("record_type", "record_id", "occurred_on", "summary")
    )


def first_placement(period: PeriodOfCare) -> Placement:
    placement = period.placements.order_by("started_on").first()
    assert placement is not None
    return placement


# --- Care plans -------------------------------------------------------------------------------


def test_care_plan_versions_are_kept_and_each_emits_an_event_about_the_plan(
    period: PeriodOfCare,
) -> None:
    first = services.record_care_plan(period=period, agreed_on=date(2025, 5, 20), today=TODAY)
    second = services.record_care_plan(period=period, agreed_on=date(2025, 11, 3), today=TODAY)
    assert list(
        CarePlan.objects.filter(period=period).order_by("agreed_on").values_list("pk", flat=True)
    ) == [first.pk, second.pk]
    assert first.child_id == period.child_id
    assert logged(period.child_id, "CarePlanRecorded") == [
        ("care.CarePlan", first.pk, date(2025, 5, 20), "Care plan agreed"),
        ("care.CarePlan", second.pk, date(2025, 11, 3), "Care plan agreed"),
    ]


def test_a_care_plan_agreed_before_a_planned_admission_is_accepted(period: PeriodOfCare) -> None:
    plan = services.record_care_plan(period=period, agreed_on=date(2025, 5, 6), today=TODAY)
    assert plan.agreed_on < period.started_on


@pytest.mark.parametrize(
    "agreed_on",
    [
        date(2025, 4, 13),  # 29 days before care started
        date(2026, 11, 24),  # tomorrow
    ],
)
def test_a_care_plan_long_before_care_or_in_the_future_is_refused(
    period: PeriodOfCare, refused, agreed_on: date
) -> None:
    with refused("Care plan", "agreed_on"):
        services.record_care_plan(period=period, agreed_on=agreed_on, today=TODAY)


def test_a_care_plan_after_the_period_ended_is_refused(period: PeriodOfCare, refused) -> None:
    services.end_care(period=period, ended_on=date(2026, 3, 2), reason_ceased="E8", today=TODAY)
    with refused("Care plan", "agreed_on") as info:
        services.record_care_plan(period=period, agreed_on=date(2026, 3, 3), today=TODAY)
    assert "after the end of the period of care" in str(info.value)
    services.record_care_plan(period=period, agreed_on=date(2026, 3, 2), today=TODAY)


def test_one_care_plan_a_day(period: PeriodOfCare, refused) -> None:
    services.record_care_plan(period=period, agreed_on=date(2025, 5, 20), today=TODAY)
    with refused("Care plan", "agreed_on"):
        services.record_care_plan(period=period, agreed_on=date(2025, 5, 20), today=TODAY)


# --- Placement plans --------------------------------------------------------------------------


def test_a_placement_plan_is_recorded_on_its_placement_with_an_event_about_it(
    period: PeriodOfCare,
) -> None:
    placement = services.record_placement_plan(
        placement=first_placement(period), agreed_on=date(2025, 5, 15), today=TODAY
    )
    placement.refresh_from_db()
    assert placement.placement_plan_on == date(2025, 5, 15)
    [(record_type, record_id, on, summary)] = logged(period.child_id, "PlacementPlanRecorded")
    assert (record_type, record_id, on) == ("care.Placement", placement.pk, date(2025, 5, 15))
    assert summary.startswith("Placement plan agreed: ")
    assert summary.endswith(" with Smith household")


def test_a_placement_plan_agreed_before_a_planned_move_is_accepted(period: PeriodOfCare) -> None:
    new = services.change_placement(
        period=period,
        started_on=date(2026, 2, 2),
        placement=HOME,
        reason_previous_ended="CARPL",
        today=TODAY,
    )
    services.record_placement_plan(placement=new, agreed_on=date(2026, 1, 26), today=TODAY)
    new.refresh_from_db()
    assert new.placement_plan_on == date(2026, 1, 26)


@pytest.mark.parametrize(
    "agreed_on",
    [
        date(2025, 4, 13),  # 29 days before the placement started
        date(2026, 2, 3),  # after the placement ended (the child moved on 2 February)
        date(2026, 11, 24),  # tomorrow
    ],
)
def test_a_placement_plan_outside_its_placement_is_refused(
    period: PeriodOfCare, refused, agreed_on: date
) -> None:
    placement = first_placement(period)
    services.change_placement(
        period=period,
        started_on=date(2026, 2, 2),
        placement=HOME,
        reason_previous_ended="CARPL",
        today=TODAY,
    )
    with refused("Placement plan", "agreed_on"):
        services.record_placement_plan(placement=placement, agreed_on=agreed_on, today=TODAY)


def test_a_placement_plan_is_recorded_once(period: PeriodOfCare, refused) -> None:
    placement = first_placement(period)
    services.record_placement_plan(placement=placement, agreed_on=date(2025, 5, 15), today=TODAY)
    with refused("Placement plan", "agreed_on") as info:
        services.record_placement_plan(
            placement=placement, agreed_on=date(2025, 5, 16), today=TODAY
        )
    assert "already recorded (15 May 2025)" in str(info.value)
