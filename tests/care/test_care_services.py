"""Care services keep the period's history consistent and store the derived SSDA903 episodes."""

from __future__ import annotations

from datetime import date

import pytest

from sightline.care import services
from sightline.care.models import CareEpisode, PeriodOfCare, Placement
from sightline.care.services import PlacementDetails
from sightline.chronology.models import ChronologyEntry
from sightline.core.errors import JourneyError
from sightline.people.models import Person

TODAY = date(2026, 11, 23)
FOSTER = PlacementDetails(
    place="U6", provider="PR1", carer="Smith household", urn="SC123456", postcode="GL1 1UT"
)
ADOPTERS = PlacementDetails(place="A6", provider="PR1", carer="Adopters", postcode="GL5 1HE")


def start(child: Person, on: date = date(2025, 5, 12)) -> PeriodOfCare:
    return services.start_care(
        child=child,
        started_on=on,
        legal_status="C1",
        placement=FOSTER,
        category_of_need="N1",
        home_postcode="gl4 6ts",
        today=TODAY,
    )


def rnes(period: PeriodOfCare) -> list[tuple[str, str, str]]:
    return list(
        CareEpisode.objects.filter(period=period).order_by("decom").values_list("rne", "ls", "rec")
    )


def test_starting_care_stores_the_first_episode_and_a_chronology_entry(child: Person) -> None:
    period = start(child)
    assert rnes(period) == [("S", "C1", "")]
    assert ChronologyEntry.objects.filter(child=child, event="StartedToBeLookedAfter").exists()


def test_a_journey_through_care_gives_the_episodes_the_dfe_guide_defines(child: Person) -> None:
    period = start(child)
    services.change_legal_status(period=period, started_on=date(2025, 8, 1), code="C2", today=TODAY)
    services.change_placement(
        period=period,
        started_on=date(2026, 1, 5),
        placement=ADOPTERS,
        reason_previous_ended="CARPL",
        today=TODAY,
    )
    services.end_care(period=period, ended_on=date(2026, 9, 1), reason_ceased="E11", today=TODAY)
    assert rnes(period) == [("S", "C1", "X1"), ("L", "C2", "X1"), ("P", "C2", "E11")]
    ceasing = CareEpisode.objects.get(period=period, rne="L")
    assert ceasing.reason_place_change == "CARPL"
    assert Placement.objects.get(period=period, place="U6").ended_on == date(2026, 1, 5)


def test_a_child_cannot_be_looked_after_twice_at_once(child: Person) -> None:
    start(child)
    with pytest.raises(JourneyError) as refused:
        start(child, date(2025, 6, 1))
    assert refused.value.field == "started_on"
    assert PeriodOfCare.objects.count() == 1


def test_a_move_needs_the_reason_the_placement_ended_and_writes_nothing_without_it(
    child: Person,
) -> None:
    period = start(child)
    with pytest.raises(JourneyError) as refused:
        services.change_placement(
            period=period,
            started_on=date(2025, 7, 1),
            placement=ADOPTERS,
            reason_previous_ended="",
            today=TODAY,
        )
    assert refused.value.field == "reason_previous_ended"
    assert Placement.objects.count() == 1
    assert rnes(period) == [("S", "C1", "")]


def test_care_cannot_end_on_the_day_of_a_change(child: Person) -> None:
    period = start(child)
    services.change_legal_status(period=period, started_on=date(2025, 8, 1), code="C2", today=TODAY)
    with pytest.raises(JourneyError) as refused:
        services.end_care(
            period=period, ended_on=date(2025, 8, 1), reason_ceased="E4A", today=TODAY
        )
    assert refused.value.field == "ended_on"


def test_placements_that_take_no_provider_refuse_one(child: Person) -> None:
    with pytest.raises(JourneyError) as refused:
        services.start_care(
            child=child,
            started_on=date(2025, 5, 12),
            legal_status="V2",
            placement=PlacementDetails(place="Z12", provider="PR4", carer="Unregistered flat"),
            category_of_need="N4",
            home_postcode="GL4 6TS",
            today=TODAY,
        )
    assert refused.value.field == "provider"
    assert not PeriodOfCare.objects.exists()


def test_a_new_period_of_care_may_start_after_the_last_one_ended(child: Person) -> None:
    period = start(child)
    services.end_care(period=period, ended_on=date(2025, 9, 1), reason_ceased="E4A", today=TODAY)
    again = start(child, date(2026, 2, 2))
    assert rnes(again) == [("S", "C1", "")]


def test_a_review_keeps_the_iros_recommendations_one_to_a_line_and_an_escalation(
    child: Person,
) -> None:
    period = start(child)
    review = services.record_review(
        period=period,
        held_on=date(2025, 6, 2),
        participation="PN1",
        recommendations="  Life story work by March \n\n Contact with her brother\n",
        escalation="  No permanence plan: raised with the team manager ",
        today=TODAY,
    )
    assert review.recommendation_lines == ["Life story work by March", "Contact with her brother"]
    assert review.escalation == "No permanence plan: raised with the team manager"
    entry = ChronologyEntry.objects.get(child=child, event="LookedAfterReviewHeld")
    assert entry.summary == (
        "Looked-after review held: 2 recommendations; the IRO escalated a concern"
    )


def test_coming_into_care_with_a_care_plan_the_service_refuses_records_neither(
    child: Person,
) -> None:
    with pytest.raises(JourneyError) as refused:
        services.come_into_care(
            child=child,
            started_on=date(2025, 5, 12),
            legal_status="C1",
            placement=FOSTER,
            category_of_need="N1",
            home_postcode="GL4 6TS",
            care_plan_agreed_on=date(2025, 1, 2),  # more than 28 days before care started
            today=TODAY,
        )
    assert refused.value.field == "agreed_on"
    assert not PeriodOfCare.objects.filter(child=child).exists()
