"""Transition plans, staying put, custody, parenthood, essential documents and support to 25:
a good path and refusals (nothing written) for each."""

from __future__ import annotations

from datetime import date

import pytest

from sightline.care import services as care
from sightline.care.services import PlacementDetails
from sightline.chronology.models import ChronologyEntry
from sightline.core.codes import Ethnicity, Sex
from sightline.leaving_care import services
from sightline.leaving_care.models import EssentialDocuments, StayingPut, SupportTo25Request
from sightline.people.models import Person
from sightline.people.services import register_child
from tests.leaving_care.conftest import TODAY, in_care, young_person

ADULT_BORN = date(2004, 3, 1)  # 18 on 2022-03-01, 21 on 2025-03-01, 25 on 2029-03-01


def logged(child: Person, event: str) -> list[str]:
    return list(
        ChronologyEntry.objects.filter(child=child, event=event)
        .order_by("pk")
        .values_list("summary", flat=True)
    )


@pytest.fixture
def former_relevant(db: None) -> Person:
    """In foster care with the Smith household from 15 until their 18th birthday."""
    child = young_person("Rhys", born=ADULT_BORN)
    in_care(child, date(2019, 9, 2), date(2022, 3, 1))
    return child


@pytest.fixture
def qualifying_adult(db: None) -> Person:
    """Looked after for six weeks at 17: qualifying until 21, never former relevant."""
    child = young_person("Owen", born=ADULT_BORN)
    in_care(child, date(2021, 6, 1), date(2021, 7, 13))
    return child


# --- Transition plan --------------------------------------------------------------------------


def disabled_young_person(codes: tuple[str, ...] = ("LD",)) -> Person:
    return register_child(
        given_name="Noor",
        family_name="Ahmed",
        sex=Sex.FEMALE,
        ethnicity=Ethnicity.APKN,
        birth_date=date(2009, 3, 1),
        disabilities=codes,
        today=TODAY,
    )


def test_a_transition_plan_is_agreed_for_a_disabled_young_person(db: None) -> None:
    young = disabled_young_person()
    plan = services.record_transition_plan(child=young, agreed_on=date(2024, 1, 15), today=TODAY)
    assert plan.child_id == young.pk
    assert logged(young, "TransitionPlanRecorded") == [
        "Transition plan agreed (the move to adult services)"
    ]


def test_no_transition_plan_without_a_recorded_disability(db: None, refused) -> None:
    young = disabled_young_person(codes=("NONE",))
    with refused("Transition plan", "child"):
        services.record_transition_plan(child=young, agreed_on=date(2024, 1, 15), today=TODAY)


def test_no_transition_plan_before_14(db: None, refused) -> None:
    young = disabled_young_person()
    with refused("Transition plan", "agreed_on"):
        services.record_transition_plan(child=young, agreed_on=date(2023, 2, 28), today=TODAY)


# --- Staying put ------------------------------------------------------------------------------


def test_staying_put_with_the_former_foster_carer_starts_and_ends(
    former_relevant: Person,
) -> None:
    arrangement = services.start_staying_put(
        child=former_relevant, started_on=date(2022, 3, 1), carer="smith  Household", today=TODAY
    )
    services.end_staying_put(arrangement=arrangement, ended_on=date(2024, 9, 1), today=TODAY)
    arrangement.refresh_from_db()
    assert (arrangement.carer, arrangement.ended_on) == ("smith Household", date(2024, 9, 1))
    assert logged(former_relevant, "StayingPutStarted") == [
        "Staying put with former foster carer smith Household"
    ]
    assert logged(former_relevant, "StayingPutEnded") == ["Staying put with smith Household ended"]


def test_staying_put_only_with_the_carer_the_young_person_lived_with_at_18(
    former_relevant: Person, refused
) -> None:
    with refused("Staying put", "carer") as info:
        services.start_staying_put(
            child=former_relevant, started_on=date(2022, 3, 1), carer="Jones", today=TODAY
        )
    assert "(Smith household)" in str(info.value)


def test_no_staying_put_for_a_young_person_not_in_foster_care_at_18(db: None, refused) -> None:
    young = young_person("Cal", born=ADULT_BORN)
    period = in_care(young, date(2019, 9, 2), None)
    care.change_placement(
        period=period,
        started_on=date(2021, 9, 1),
        placement=PlacementDetails(place="K2", provider="PR1", carer="Oak House"),
        reason_previous_ended="CARPL",
        today=TODAY,
    )
    care.end_care(period=period, ended_on=date(2022, 3, 1), reason_ceased="E8", today=TODAY)
    with refused("Staying put", "carer") as info:
        services.start_staying_put(
            child=young, started_on=date(2022, 3, 1), carer="Smith household", today=TODAY
        )
    assert "not in foster care" in str(info.value)


def test_no_staying_put_before_18(leaver: Person, refused) -> None:
    with refused("Staying put", "child"):
        services.start_staying_put(
            child=leaver, started_on=date(2026, 6, 1), carer="Smith household", today=TODAY
        )


def test_staying_put_ends_by_the_21st_birthday(former_relevant: Person, refused) -> None:
    arrangement = services.start_staying_put(
        child=former_relevant, started_on=date(2022, 3, 1), carer="Smith household", today=TODAY
    )
    with refused("Staying put", "ended_on"):
        services.end_staying_put(arrangement=arrangement, ended_on=date(2025, 3, 2), today=TODAY)
    services.end_staying_put(arrangement=arrangement, ended_on=date(2025, 3, 1), today=TODAY)


def test_one_staying_put_arrangement_at_a_time(former_relevant: Person, refused) -> None:
    services.start_staying_put(
        child=former_relevant, started_on=date(2022, 3, 1), carer="Smith household", today=TODAY
    )
    with refused("Staying put", "started_on"):
        services.start_staying_put(
            child=former_relevant,
            started_on=date(2022, 6, 1),
            carer="Smith household",
            today=TODAY,
        )
    assert StayingPut.objects.filter(child=former_relevant).count() == 1


# --- Custody ----------------------------------------------------------------------------------


def test_custody_is_recorded_then_the_release(leaver: Person) -> None:
    custody = services.record_custody(child=leaver, from_date=date(2026, 7, 1), today=TODAY)
    services.record_release_from_custody(custody=custody, to_date=date(2026, 9, 30), today=TODAY)
    assert logged(leaver, "CustodyRecorded") == ["In custody", "Released from custody"]


def test_custody_periods_do_not_overlap(leaver: Person, refused) -> None:
    services.record_custody(
        child=leaver, from_date=date(2026, 7, 1), to_date=date(2026, 9, 30), today=TODAY
    )
    with refused("Custody", "from_date"):
        services.record_custody(child=leaver, from_date=date(2026, 6, 1), today=TODAY)
    services.record_custody(child=leaver, from_date=date(2026, 10, 1), today=TODAY)


def test_custody_only_for_a_care_leaver(child: Person, refused) -> None:
    with refused("Custody", "child"):
        services.record_custody(child=child, from_date=TODAY, today=TODAY)


def test_release_is_not_before_custody_started(leaver: Person, refused) -> None:
    custody = services.record_custody(child=leaver, from_date=date(2026, 7, 1), today=TODAY)
    with refused("Custody", "to_date"):
        services.record_release_from_custody(
            custody=custody, to_date=date(2026, 6, 30), today=TODAY
        )


# --- Parenthood -------------------------------------------------------------------------------


def test_parenthood_is_recorded_once_a_day(leaver: Person, refused) -> None:
    services.record_parenthood(child=leaver, became_parent_on=date(2026, 8, 14), today=TODAY)
    assert logged(leaver, "ParenthoodRecorded") == ["Became a parent"]
    with refused("Parenthood", "became_parent_on"):
        services.record_parenthood(child=leaver, became_parent_on=date(2026, 8, 14), today=TODAY)


def test_parenthood_only_for_a_care_leaver_and_not_in_the_future(
    child: Person, leaver: Person, refused
) -> None:
    with refused("Parenthood", "child"):
        services.record_parenthood(child=child, became_parent_on=TODAY, today=TODAY)
    with refused("Parenthood", "became_parent_on"):
        services.record_parenthood(child=leaver, became_parent_on=date(2026, 12, 1), today=TODAY)


# --- Essential documents ----------------------------------------------------------------------


def test_the_checklist_is_created_then_updated(leaver: Person) -> None:
    services.update_essential_documents(
        child=leaver,
        updated_on=date(2026, 7, 1),
        documents={"birth_certificate": date(2026, 6, 20), "bank_account": date(2026, 7, 1)},
        today=TODAY,
    )
    services.update_essential_documents(
        child=leaver,
        updated_on=date(2026, 10, 1),
        documents={"passport": date(2026, 9, 28), "bank_account": None},
        today=TODAY,
    )
    checklist = EssentialDocuments.objects.get(child=leaver)
    assert (checklist.birth_certificate, checklist.passport, checklist.bank_account) == (
        date(2026, 6, 20),
        date(2026, 9, 28),
        None,
    )
    assert checklist.updated_on == date(2026, 10, 1)
    assert logged(leaver, "EssentialDocumentsUpdated") == [
        "Essential documents: bank account in hand, birth certificate in hand",
        "Essential documents: bank account no longer held, passport in hand",
    ]


@pytest.mark.parametrize(
    ("documents", "field"),
    [
        ({"library_card": date(2026, 7, 1)}, "library_card"),
        ({"passport": date(2026, 7, 2)}, "passport"),  # after the update
        ({}, "documents"),
    ],
)
def test_the_checklist_takes_only_its_documents_dated_by_the_update(
    leaver: Person, refused, documents: dict[str, date | None], field: str
) -> None:
    with refused("Essential documents", field):
        services.update_essential_documents(
            child=leaver, updated_on=date(2026, 7, 1), documents=documents, today=TODAY
        )


def test_an_update_that_changes_nothing_or_goes_back_in_time_is_refused(
    leaver: Person, refused
) -> None:
    services.update_essential_documents(
        child=leaver,
        updated_on=date(2026, 7, 1),
        documents={"passport": date(2026, 6, 1)},
        today=TODAY,
    )
    with refused("Essential documents", "documents"):
        services.update_essential_documents(
            child=leaver,
            updated_on=date(2026, 8, 1),
            documents={"passport": date(2026, 6, 1)},
            today=TODAY,
        )
    with refused("Essential documents", "updated_on"):
        services.update_essential_documents(
            child=leaver,
            updated_on=date(2026, 6, 30),
            documents={"health_passport": date(2026, 6, 30)},
            today=TODAY,
        )


def test_the_checklist_only_for_a_care_leaver(child: Person, refused) -> None:
    with refused("Essential documents", "child"):
        services.update_essential_documents(
            child=child, updated_on=TODAY, documents={"passport": TODAY}, today=TODAY
        )


# --- Support to 25 ----------------------------------------------------------------------------


def test_a_former_relevant_care_leaver_of_21_may_ask_for_support_to_25(
    former_relevant: Person,
) -> None:
    request = services.request_support_to_25(
        child=former_relevant, requested_on=date(2025, 6, 2), today=TODAY
    )
    assert request.outcome == "pending"
    assert logged(former_relevant, "SupportTo25Requested") == [
        "Asked for personal adviser support to 25"
    ]


def test_support_to_25_is_asked_for_from_21(former_relevant: Person, refused) -> None:
    with refused("Support to 25 request", "requested_on"):
        services.request_support_to_25(
            child=former_relevant, requested_on=date(2025, 2, 28), today=TODAY
        )


def test_support_to_25_only_for_a_former_relevant_care_leaver(
    qualifying_adult: Person, refused
) -> None:
    with refused("Support to 25 request", "child"):
        services.request_support_to_25(
            child=qualifying_adult, requested_on=date(2025, 6, 2), today=TODAY
        )


def test_one_pending_request_at_a_time(former_relevant: Person, refused) -> None:
    services.request_support_to_25(
        child=former_relevant, requested_on=date(2025, 6, 2), today=TODAY
    )
    with refused("Support to 25 request", "requested_on"):
        services.request_support_to_25(
            child=former_relevant, requested_on=date(2025, 7, 1), today=TODAY
        )
    assert SupportTo25Request.objects.filter(child=former_relevant).count() == 1
