"""Leaving care services: a good path and a refusal (nothing written) for each."""

from __future__ import annotations

from datetime import date

import pytest

from sightline.chronology.models import ChronologyEntry
from sightline.leaving_care import queries, services
from sightline.leaving_care.models import Accommodation, HomelessPresentation
from sightline.people.models import Person
from sightline.workforce.models import Allocation, Worker
from tests.leaving_care.conftest import TODAY, in_care, young_person


def events_of(child: Person) -> list[str]:
    return list(
        ChronologyEntry.objects.filter(child=child).order_by("pk").values_list("event", flat=True)
    )


# --- Personal adviser -------------------------------------------------------------------------


def test_a_personal_adviser_is_an_allocation(leaver: Person, worker: Worker) -> None:
    allocation = services.allocate_personal_adviser(
        child=leaver, worker=worker, on=date(2026, 6, 2), today=TODAY
    )
    assert allocation.kind == Allocation.Kind.PERSONAL_ADVISER
    assert Allocation.objects.filter(child=leaver, kind="personal_adviser").count() == 1
    assert events_of(leaver)[-1] == "WorkerAllocated"


def test_no_personal_adviser_for_a_child_who_is_not_a_care_leaver(
    child: Person, worker: Worker, refused
) -> None:
    with refused("Personal adviser", "child"):
        services.allocate_personal_adviser(child=child, worker=worker, on=TODAY, today=TODAY)


def test_a_qualifying_young_person_has_a_personal_adviser_only_on_request(
    worker: Worker, refused
) -> None:
    child = young_person("Leo")
    in_care(child, date(2026, 3, 2), date(2026, 5, 1))  # 60 days: qualifying
    with refused("Personal adviser", "child") as info:
        services.allocate_personal_adviser(child=child, worker=worker, on=TODAY, today=TODAY)
    assert "on their request" in str(info.value)
    services.allocate_personal_adviser(
        child=child, worker=worker, on=TODAY, today=TODAY, on_request=True
    )


# --- Pathway plan -----------------------------------------------------------------------------


def test_a_pathway_plan_is_started_and_reviewed(leaver: Person) -> None:
    plan = services.start_pathway_plan(child=leaver, started_on=date(2025, 5, 1), today=TODAY)
    services.review_pathway_plan(plan=plan, reviewed_on=date(2025, 11, 1), today=TODAY)
    assert events_of(leaver)[-2:] == ["PathwayPlanStarted", "PathwayPlanReviewed"]


def test_a_pathway_plan_only_for_a_care_leaver(child: Person, refused) -> None:
    with refused("Pathway plan", "child"):
        services.start_pathway_plan(child=child, started_on=TODAY, today=TODAY)


@pytest.mark.parametrize("reviewed_on", [date(2025, 5, 1), date(2026, 11, 24)])
def test_a_review_is_after_the_start_and_not_in_the_future(
    leaver: Person, refused, reviewed_on: date
) -> None:
    plan = services.start_pathway_plan(child=leaver, started_on=date(2025, 5, 1), today=TODAY)
    with refused("Pathway plan review", "reviewed_on"):
        services.review_pathway_plan(plan=plan, reviewed_on=reviewed_on, today=TODAY)


# --- In touch, activity, accommodation --------------------------------------------------------


def test_in_touch_is_recorded(leaver: Person) -> None:
    services.record_in_touch(child=leaver, recorded_on=TODAY, in_touch="YES", today=TODAY)
    assert events_of(leaver)[-1] == "CareLeaverInTouchRecorded"


def test_in_touch_code_must_be_an_oc3_code(leaver: Person, refused) -> None:
    with refused("In touch", "in_touch"):
        services.record_in_touch(child=leaver, recorded_on=TODAY, in_touch="MAYBE", today=TODAY)


def test_activity_is_recorded(leaver: Person) -> None:
    services.record_activity(child=leaver, from_date=date(2026, 9, 1), code="G5", today=TODAY)
    assert events_of(leaver)[-1] == "CareLeaverActivityRecorded"


def test_activity_cannot_be_in_the_future(leaver: Person, refused) -> None:
    with refused("Activity", "from_date"):
        services.record_activity(child=leaver, from_date=date(2026, 12, 1), code="F2", today=TODAY)


@pytest.mark.parametrize(("code", "suitable"), [("D1", True), ("W2", False), ("0", None)])
def test_accommodation_suitability_comes_from_the_code(
    leaver: Person, code: str, suitable: bool | None
) -> None:
    row = services.record_accommodation(child=leaver, from_date=TODAY, code=code, today=TODAY)
    assert Accommodation.objects.get(pk=row.pk).suitable is suitable


def test_with_former_foster_carers_is_for_18_and_over(leaver: Person, refused) -> None:
    with refused("Accommodation", "code"):
        services.record_accommodation(child=leaver, from_date=TODAY, code="Z1", today=TODAY)


def test_accommodation_code_must_be_an_oc3_code(leaver: Person, refused) -> None:
    with refused("Accommodation", "code"):
        services.record_accommodation(child=leaver, from_date=TODAY, code="W3", today=TODAY)


# --- Homeless 16/17-year-olds ---------------------------------------------------------------


@pytest.fixture
def homeless(db: None) -> HomelessPresentation:
    return services.record_homeless_presentation(
        child=young_person("Maya"),
        presented_on=date(2026, 10, 5),
        advocacy_offered=True,
        accommodation_used="Station Road guest house",
        is_bed_and_breakfast=True,
        today=TODAY,
    )


def test_a_homeless_journey_to_section_20(homeless: HomelessPresentation) -> None:
    services.record_advocacy(presentation=homeless, offered=True, taken_up=True)
    services.start_joint_assessment(
        presentation=homeless, started_on=date(2026, 10, 6), today=TODAY
    )
    services.complete_joint_assessment(
        presentation=homeless, completed_on=date(2026, 10, 20), today=TODAY
    )
    done = services.record_homeless_outcome(
        presentation=homeless,
        outcome="accommodated_s20",
        outcome_on=date(2026, 10, 20),
        accommodation_used="Supported lodgings, Gloucester",
        is_bed_and_breakfast=False,
        today=TODAY,
    )
    assert not done.unsuitable and done.advocacy_taken_up
    assert events_of(homeless.child)[-4:] == [
        "PresentedAsHomeless",
        "HomelessJointAssessmentStarted",
        "HomelessJointAssessmentCompleted",
        "HomelessOutcomeRecorded",
    ]


def test_bed_and_breakfast_is_flagged_unsuitable(homeless: HomelessPresentation) -> None:
    assert homeless.unsuitable
    assert list(queries.homeless_in_unsuitable_accommodation()) == [homeless]
    entry = ChronologyEntry.objects.get(child=homeless.child, event="PresentedAsHomeless")
    assert "unsuitable" in entry.summary


def test_only_16_and_17_year_olds_present_here(child: Person, refused) -> None:
    with refused("Homeless presentation", "presented_on"):
        services.record_homeless_presentation(child=child, presented_on=TODAY, today=TODAY)


def test_advocacy_is_taken_up_only_if_offered(db: None, refused) -> None:
    young = young_person("Maya")
    with refused("Homeless presentation", "advocacy_taken_up"):
        services.record_homeless_presentation(
            child=young, presented_on=TODAY, advocacy_taken_up=True, today=TODAY
        )


def test_advocacy_update_is_checked(homeless: HomelessPresentation, refused) -> None:
    with refused("Homeless presentation", "advocacy_taken_up"):
        services.record_advocacy(presentation=homeless, offered=False, taken_up=True)


def test_no_joint_assessment_before_presentation(homeless: HomelessPresentation, refused) -> None:
    with refused("Homeless presentation", "joint_assessment_started_on"):
        services.start_joint_assessment(
            presentation=homeless, started_on=date(2026, 10, 4), today=TODAY
        )


def test_no_completion_before_start(homeless: HomelessPresentation, refused) -> None:
    services.start_joint_assessment(
        presentation=homeless, started_on=date(2026, 10, 8), today=TODAY
    )
    with refused("Homeless presentation", "joint_assessment_completed_on"):
        services.complete_joint_assessment(
            presentation=homeless, completed_on=date(2026, 10, 7), today=TODAY
        )


def test_no_completion_without_a_start(homeless: HomelessPresentation, refused) -> None:
    with refused("Homeless presentation", "joint_assessment_completed_on"):
        services.complete_joint_assessment(
            presentation=homeless, completed_on=date(2026, 10, 7), today=TODAY
        )


def test_no_outcome_before_the_assessment_is_complete(
    homeless: HomelessPresentation, refused
) -> None:
    with refused("Homeless presentation", "outcome"):
        services.record_homeless_outcome(
            presentation=homeless, outcome="supported_s17", outcome_on=TODAY, today=TODAY
        )


# --- NEET support -----------------------------------------------------------------------------


def test_a_neet_barrier_is_recorded(leaver: Person) -> None:
    services.record_neet_barrier(child=leaver, recorded_on=TODAY, barrier="confidence", today=TODAY)
    assert events_of(leaver)[-1] == "NEETBarrierRecorded"


def test_a_neet_barrier_code_is_checked(leaver: Person, refused) -> None:
    with refused("NEET barrier", "barrier"):
        services.record_neet_barrier(child=leaver, recorded_on=TODAY, barrier="luck", today=TODAY)


def test_a_neet_offer_and_its_outcomes(leaver: Person) -> None:
    offer = services.record_neet_offer(
        child=leaver, offered_on=date(2026, 9, 1), kind="college", today=TODAY
    )
    services.record_neet_offer_outcome(
        offer=offer, outcome="taken_up", outcome_on=date(2026, 9, 8), today=TODAY
    )
    done = services.record_neet_offer_outcome(
        offer=offer, outcome="completed", outcome_on=date(2026, 11, 20), today=TODAY
    )
    assert done.outcome == "completed"
    assert events_of(leaver)[-3:] == [
        "NEETOfferMade",
        "NEETOfferOutcomeRecorded",
        "NEETOfferOutcomeRecorded",
    ]


def test_a_neet_offer_kind_is_checked(leaver: Person, refused) -> None:
    with refused("NEET offer", "kind"):
        services.record_neet_offer(child=leaver, offered_on=TODAY, kind="lottery", today=TODAY)


def test_a_declined_offer_cannot_be_completed(leaver: Person, refused) -> None:
    offer = services.record_neet_offer(
        child=leaver, offered_on=date(2026, 9, 1), kind="programme", today=TODAY
    )
    services.record_neet_offer_outcome(
        offer=offer, outcome="declined", outcome_on=date(2026, 9, 2), today=TODAY
    )
    with refused("NEET offer", "outcome"):
        services.record_neet_offer_outcome(
            offer=offer, outcome="completed", outcome_on=TODAY, today=TODAY
        )


def test_an_outcome_is_not_before_the_offer(leaver: Person, refused) -> None:
    offer = services.record_neet_offer(
        child=leaver, offered_on=date(2026, 9, 1), kind="programme", today=TODAY
    )
    with refused("NEET offer", "outcome_on"):
        services.record_neet_offer_outcome(
            offer=offer, outcome="taken_up", outcome_on=date(2026, 8, 31), today=TODAY
        )
