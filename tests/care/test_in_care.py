"""Life in care: health checks, school and PEPs, missing episodes, UASC status, the adoption
journey, previous permanence and unregistered placements. Each service writes its record and a
chronology entry, and a refused change names the record and field and writes nothing."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from sightline.care import services
from sightline.care import services_in_care as in_care
from sightline.care.models import (
    AdoptionMilestones,
    MissingEpisode,
    PeriodOfCare,
    Placement,
    ResidentialSetting,
)
from sightline.care.services import PlacementDetails
from sightline.chronology.models import ChronologyEntry
from sightline.people.models import Person
from sightline.workforce.models import Team, Worker
from tests.factories import WorkerFactory

TODAY = date(2026, 11, 23)
LONDON = ZoneInfo("Europe/London")
FOSTER = PlacementDetails(place="U6", provider="PR1", carer="Smith household", postcode="GL1 1UT")
UNREGISTERED = PlacementDetails(place="Z12", provider="", carer="Flat, Station Road")

Refused = Callable[[str, str], AbstractContextManager[pytest.ExceptionInfo[Any]]]


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON)


@pytest.fixture
def period(child: Person) -> PeriodOfCare:
    return services.start_care(
        child=child,
        started_on=date(2025, 5, 12),
        legal_status="C2",
        placement=FOSTER,
        category_of_need="N1",
        home_postcode="GL4 6TS",
        today=TODAY,
    )


def logged(child: Person, event: str) -> list[str]:
    return list(
        ChronologyEntry.objects.filter(child=child, event=event).values_list("summary", flat=True)
    )


def manager(role: str, team: Team) -> Worker:
    made: Any = WorkerFactory(team=team, role=role)
    return made


# --- Health -----------------------------------------------------------------------------------


def test_an_sdq_score_is_recorded_and_appears_in_the_chronology(
    child: Person, period: PeriodOfCare
) -> None:
    check = in_care.record_health_check(
        period=period, kind="sdq", done_on=date(2026, 6, 1), sdq_score=14, today=TODAY
    )
    assert (check.child_id, check.sdq_score, check.sdq_reason) == (child.pk, 14, "")
    assert logged(child, "HealthCheckRecorded") == [
        "Strengths and Difficulties Questionnaire: score 14"
    ]


def test_an_sdq_without_a_score_records_the_reason(period: PeriodOfCare) -> None:
    check = in_care.record_health_check(
        period=period, kind="sdq", done_on=date(2026, 6, 1), sdq_reason="SDQ5", today=TODAY
    )
    assert (check.sdq_score, check.sdq_reason) == (None, "SDQ5")


def test_a_dental_check_is_recorded(period: PeriodOfCare) -> None:
    check = in_care.record_health_check(
        period=period, kind="dental", done_on=date(2025, 9, 1), today=TODAY
    )
    assert check.kind == "dental"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"kind": "sdq", "sdq_score": 41}, "sdq_score"),
        ({"kind": "sdq", "sdq_score": 12, "sdq_reason": "SDQ1"}, "sdq_score"),
        ({"kind": "sdq"}, "sdq_score"),
        ({"kind": "sdq", "sdq_reason": "SDQ9"}, "sdq_reason"),
        ({"kind": "dental", "sdq_score": 3}, "sdq_score"),
        ({"kind": "eyesight"}, "kind"),
    ],
)
def test_a_health_check_refuses_sdq_scores_and_reasons_that_break_the_rules(
    period: PeriodOfCare, refused: Refused, kwargs: dict[str, Any], field: str
) -> None:
    with refused("Health assessment", field):
        in_care.record_health_check(period=period, done_on=date(2026, 6, 1), today=TODAY, **kwargs)


def test_a_health_check_must_fall_in_the_period_of_care_and_not_the_future(
    period: PeriodOfCare, refused: Refused
) -> None:
    with refused("Health assessment", "done_on"):
        in_care.record_health_check(
            period=period, kind="initial", done_on=date(2025, 5, 1), today=TODAY
        )
    with refused("Health assessment", "done_on"):
        in_care.record_health_check(
            period=period, kind="initial", done_on=date(2026, 11, 24), today=TODAY
        )


# --- Education --------------------------------------------------------------------------------


def test_a_new_school_ends_the_current_one(child: Person) -> None:
    first = in_care.record_school(
        child=child,
        school_name="Tredworth Infant",
        school_urn="115617",
        started_on=date(2023, 9, 4),
        today=TODAY,
    )
    second = in_care.record_school(
        child=child, school_name="Stroud Primary", started_on=date(2025, 9, 3), today=TODAY
    )
    first.refresh_from_db()
    assert first.ended_on == second.started_on
    assert logged(child, "SchoolRecorded") == [
        "Started at Tredworth Infant",
        "Started at Stroud Primary",
    ]


def test_a_school_urn_is_six_or_seven_digits(child: Person, refused: Refused) -> None:
    with refused("Education record", "school_urn"):
        in_care.record_school(
            child=child,
            school_name="Stroud Primary",
            school_urn="SC12345",
            started_on=date(2025, 9, 3),
            today=TODAY,
        )


def test_a_pep_review_is_recorded(child: Person, period: PeriodOfCare) -> None:
    pep = in_care.record_pep_review(period=period, reviewed_on=date(2026, 1, 14), today=TODAY)
    assert pep.child_id == child.pk
    assert logged(child, "PersonalEducationPlanReviewed") == ["Personal education plan reviewed"]


def test_a_pep_review_before_care_or_twice_a_day_is_refused(
    period: PeriodOfCare, refused: Refused
) -> None:
    with refused("Personal education plan", "reviewed_on"):
        in_care.record_pep_review(period=period, reviewed_on=date(2025, 4, 1), today=TODAY)
    in_care.record_pep_review(period=period, reviewed_on=date(2026, 1, 14), today=TODAY)
    with refused("Personal education plan", "reviewed_on"):
        in_care.record_pep_review(period=period, reviewed_on=date(2026, 1, 14), today=TODAY)


# --- Missing from care ------------------------------------------------------------------------


def test_a_missing_episode_and_return_with_an_interview_held(
    child: Person, period: PeriodOfCare
) -> None:
    episode = in_care.record_missing_start(
        period=period, kind="M", started_at=at(date(2026, 3, 6), 21, 30), today=TODAY
    )
    in_care.record_return(
        episode=episode,
        ended_at=at(date(2026, 3, 7), 14),
        return_interview_offered=True,
        return_interview_accepted=True,
        return_interview_held_at=at(date(2026, 3, 9), 16),
        today=TODAY,
    )
    episode.refresh_from_db()
    assert episode.ended_at == at(date(2026, 3, 7), 14)
    assert episode.return_interview_held_at == at(date(2026, 3, 9), 16)
    assert logged(child, "MissingFromCareStarted") == ["Missing (whereabouts unknown) from 21:30"]
    assert logged(child, "ReturnedAfterMissingFromCare") == [
        "Returned at 14:00 after being missing"
    ]
    assert logged(child, "ReturnInterviewRecorded") == ["Return home interview held"]


def test_the_return_interview_may_be_recorded_after_the_return(period: PeriodOfCare) -> None:
    episode = in_care.record_missing_start(
        period=period, kind="A", started_at=at(date(2026, 3, 6), 21), today=TODAY
    )
    in_care.record_return(episode=episode, ended_at=at(date(2026, 3, 6), 23), today=TODAY)
    in_care.record_return_interview(
        episode=episode,
        offered=True,
        accepted=True,
        held_at=at(date(2026, 3, 8), 10),
        today=TODAY,
    )
    episode.refresh_from_db()
    assert episode.return_interview_accepted


def test_a_child_has_only_one_open_missing_episode(period: PeriodOfCare, refused: Refused) -> None:
    in_care.record_missing_start(
        period=period, kind="M", started_at=at(date(2026, 3, 6), 21), today=TODAY
    )
    with refused("Missing episode", "started_at"):
        in_care.record_missing_start(
            period=period, kind="A", started_at=at(date(2026, 3, 8), 9), today=TODAY
        )
    assert MissingEpisode.objects.count() == 1


def test_a_missing_episode_cannot_start_before_care(period: PeriodOfCare, refused: Refused) -> None:
    with refused("Missing episode", "started_at"):
        in_care.record_missing_start(
            period=period, kind="M", started_at=at(date(2025, 5, 1), 21), today=TODAY
        )


def test_a_return_must_come_after_the_child_went_missing(
    period: PeriodOfCare, refused: Refused
) -> None:
    episode = in_care.record_missing_start(
        period=period, kind="M", started_at=at(date(2026, 3, 6), 21), today=TODAY
    )
    with refused("Missing episode", "ended_at"):
        in_care.record_return(episode=episode, ended_at=at(date(2026, 3, 6), 20), today=TODAY)


@pytest.mark.parametrize(
    ("offered", "accepted", "held", "field"),
    [
        (False, True, None, "return_interview_accepted"),
        (True, False, at(date(2026, 3, 8), 10), "return_interview_held_at"),
        (True, True, at(date(2026, 3, 7), 10), "return_interview_held_at"),
    ],
)
def test_a_return_interview_is_held_only_if_accepted_and_after_the_return(
    period: PeriodOfCare,
    refused: Refused,
    offered: bool,
    accepted: bool,
    held: datetime | None,
    field: str,
) -> None:
    episode = in_care.record_missing_start(
        period=period, kind="M", started_at=at(date(2026, 3, 6), 21), today=TODAY
    )
    with refused("Missing episode", field):
        in_care.record_return(
            episode=episode,
            ended_at=at(date(2026, 3, 7), 14),
            return_interview_offered=offered,
            return_interview_accepted=accepted,
            return_interview_held_at=held,
            today=TODAY,
        )


def test_a_return_interview_needs_the_return_first(period: PeriodOfCare, refused: Refused) -> None:
    episode = in_care.record_missing_start(
        period=period, kind="M", started_at=at(date(2026, 3, 6), 21), today=TODAY
    )
    with refused("Missing episode", "ended_at"):
        in_care.record_return_interview(episode=episode, offered=True, accepted=False, today=TODAY)


# --- Unaccompanied asylum-seeking children ----------------------------------------------------


def test_uasc_status_is_recorded_and_ceases(child: Person) -> None:
    in_care.record_unaccompanied(child=child, recorded_on=date(2025, 5, 12), today=TODAY)
    status = in_care.end_unaccompanied_status(child=child, ceased_on=date(2026, 2, 1), today=TODAY)
    assert status.ceased_on == date(2026, 2, 1)
    assert logged(child, "UnaccompaniedStatusCeased") == [
        "No longer an unaccompanied asylum-seeking child"
    ]


def test_uasc_status_cannot_cease_in_the_future_or_twice(child: Person, refused: Refused) -> None:
    with refused("Unaccompanied status", "child"):
        in_care.end_unaccompanied_status(child=child, ceased_on=date(2026, 2, 1), today=TODAY)
    in_care.record_unaccompanied(child=child, recorded_on=date(2025, 5, 12), today=TODAY)
    with refused("Unaccompanied status", "ceased_on"):
        in_care.end_unaccompanied_status(child=child, ceased_on=date(2027, 1, 1), today=TODAY)
    with refused("Unaccompanied status", "child"):
        in_care.record_unaccompanied(child=child, recorded_on=date(2025, 6, 1), today=TODAY)


# --- Adoption ---------------------------------------------------------------------------------


def adopt(period: PeriodOfCare, *steps: tuple[str, date]) -> AdoptionMilestones:
    made = None
    for milestone, on in steps:
        made = in_care.record_adoption_milestone(
            period=period, milestone=milestone, on=on, today=TODAY
        )
    assert made is not None
    return made


def test_the_adoption_journey_is_recorded_step_by_step(child: Person, period: PeriodOfCare) -> None:
    adoption = adopt(
        period,
        ("decision_on", date(2025, 9, 1)),
        ("placement_order_on", date(2025, 12, 1)),
        ("matched_on", date(2026, 3, 2)),
        ("placed_on", date(2026, 4, 6)),
    )
    in_care.record_adopters(
        period=period,
        foster_care=False,
        number_of_adopters=2,
        sex_of_adopters="MF",
        legal_status_of_adopters="L11",
        today=TODAY,
    )
    adoption.refresh_from_db()
    assert (adoption.placed_on, adoption.sex_of_adopters) == (date(2026, 4, 6), "MF")
    assert logged(child, "AdoptionMilestoneRecorded") == [
        "Decision that the child should be placed for adoption",
        "Placement order granted",
        "Matched with adopters",
        "Placed for adoption",
    ]


def test_a_step_may_be_skipped_but_not_dated_out_of_order(
    period: PeriodOfCare, refused: Refused
) -> None:
    adopt(period, ("decision_on", date(2025, 9, 1)), ("matched_on", date(2026, 3, 2)))
    with refused("Adoption", "placement_order_on"):
        adopt(period, ("placement_order_on", date(2026, 4, 1)))
    with refused("Adoption", "placed_on"):
        adopt(period, ("placed_on", date(2026, 2, 1)))
    adopt(period, ("placement_order_on", date(2026, 1, 5)))


def test_the_decision_comes_first(period: PeriodOfCare, refused: Refused) -> None:
    with refused("Adoption", "matched_on"):
        adopt(period, ("matched_on", date(2026, 3, 2)))


def test_a_reversal_needs_a_reason_and_ends_the_journey(
    period: PeriodOfCare, refused: Refused
) -> None:
    adopt(period, ("decision_on", date(2025, 9, 1)))
    with refused("Adoption", "reversed_reason"):
        adopt(period, ("reversed_on", date(2026, 1, 1)))
    in_care.record_adoption_milestone(
        period=period,
        milestone="reversed_on",
        on=date(2026, 1, 1),
        reversed_reason="RD3",
        today=TODAY,
    )
    with refused("Adoption", "matched_on"):
        adopt(period, ("matched_on", date(2026, 3, 2)))


@pytest.mark.parametrize(
    ("number", "sex", "status", "field"),
    [
        (1, "MF", "L0", "sex_of_adopters"),
        (2, "MF", "L0", "legal_status_of_adopters"),
        (2, "FF", "L11", "legal_status_of_adopters"),
        (3, "MF", "L11", "number_of_adopters"),
    ],
)
def test_adopters_details_must_agree_with_each_other(
    period: PeriodOfCare, refused: Refused, number: int, sex: str, status: str, field: str
) -> None:
    adopt(period, ("decision_on", date(2025, 9, 1)), ("matched_on", date(2026, 3, 2)))
    with refused("Adoption", field):
        in_care.record_adopters(
            period=period,
            foster_care=True,
            number_of_adopters=number,
            sex_of_adopters=sex,
            legal_status_of_adopters=status,
            today=TODAY,
        )


# --- Previous permanence ----------------------------------------------------------------------


def test_previous_permanence_keeps_a_partial_order_date(
    child: Person, period: PeriodOfCare
) -> None:
    record = in_care.record_previous_permanence(
        period=period, kind="P2", la="Bristol", order_year=2021, order_month=6, today=TODAY
    )
    assert record.date_perm == "zz/06/2021"
    assert logged(child, "PreviousPermanenceRecorded") == [
        "Previous permanence: special guardianship order"
    ]


def test_no_previous_permanence_takes_no_date(period: PeriodOfCare, refused: Refused) -> None:
    with refused("Previous permanence", "order_year"):
        in_care.record_previous_permanence(period=period, kind="Z1", order_year=2020, today=TODAY)
    record = in_care.record_previous_permanence(period=period, kind="Z1", today=TODAY)
    assert record.date_perm == "zz/zz/zzzz"


def test_a_previous_order_cannot_be_dated_after_care_started(
    period: PeriodOfCare, refused: Refused
) -> None:
    with refused("Previous permanence", "order_day"):
        in_care.record_previous_permanence(
            period=period, kind="P1", order_year=2025, order_month=5, order_day=20, today=TODAY
        )
    with refused("Previous permanence", "order_day"):
        in_care.record_previous_permanence(
            period=period, kind="P1", order_year=2021, order_month=2, order_day=30, today=TODAY
        )


# --- Unregistered provision -------------------------------------------------------------------


def move_to_unregistered(period: PeriodOfCare) -> Placement:
    return services.change_placement(
        period=period,
        started_on=date(2026, 10, 1),
        placement=UNREGISTERED,
        reason_previous_ended="CREQB",
        today=TODAY,
    )


def test_a_service_manager_approves_an_unregistered_placement(
    child: Person, period: PeriodOfCare, team: Team
) -> None:
    placement = move_to_unregistered(period)
    approval = in_care.approve_unregistered_placement(
        placement=placement,
        approved_by=manager(Worker.Role.SERVICE_MANAGER, team),
        approved_on=date(2026, 10, 1),
        enhanced_visit_frequency_days=7,
        today=TODAY,
    )
    assert approval.child_id == child.pk
    assert logged(child, "UnregisteredPlacementApproved") == [
        "Placement in unregistered provision approved; visits at least every 7 days"
    ]


def test_only_a_service_manager_or_senior_leader_may_approve(
    period: PeriodOfCare, worker: Worker, refused: Refused
) -> None:
    placement = move_to_unregistered(period)
    with refused("Unregistered placement approval", "approved_by"):
        in_care.approve_unregistered_placement(
            placement=placement,
            approved_by=worker,
            approved_on=date(2026, 10, 1),
            enhanced_visit_frequency_days=7,
            today=TODAY,
        )


def test_a_placement_in_a_registered_setting_needs_no_approval(
    period: PeriodOfCare, team: Team, refused: Refused
) -> None:
    leader = manager(Worker.Role.SENIOR_LEADER, team)
    ResidentialSetting.objects.create(
        name="Oak House", urn="SC123456", registered=True, kind="childrens_home"
    )
    home = services.change_placement(
        period=period,
        started_on=date(2026, 10, 1),
        placement=PlacementDetails(
            place="R1", provider="PR4", carer="Oak House", urn="SC123456", postcode="GL2 0AA"
        ),
        reason_previous_ended="CREQB",
        today=TODAY,
    )
    with refused("Unregistered placement approval", "placement"):
        in_care.approve_unregistered_placement(
            placement=home,
            approved_by=leader,
            approved_on=date(2026, 10, 1),
            enhanced_visit_frequency_days=7,
            today=TODAY,
        )


def test_a_childrens_home_is_registered_by_its_placement_type(
    period: PeriodOfCare, team: Team, refused: Refused
) -> None:
    home = services.change_placement(
        period=period,
        started_on=date(2026, 11, 2),
        placement=PlacementDetails(place="K2", provider="PR4", carer="Elm House"),
        reason_previous_ended="CARPL",
        today=TODAY,
    )
    leader = manager(Worker.Role.SENIOR_LEADER, team)
    with refused("Unregistered placement approval", "placement"):
        in_care.approve_unregistered_placement(
            placement=home,
            approved_by=leader,
            approved_on=date(2026, 11, 2),
            enhanced_visit_frequency_days=7,
            today=TODAY,
        )


def test_enhanced_visits_are_at_least_six_weekly(
    period: PeriodOfCare, team: Team, refused: Refused
) -> None:
    placement = move_to_unregistered(period)
    leader = manager(Worker.Role.SENIOR_LEADER, team)
    with refused("Unregistered placement approval", "enhanced_visit_frequency_days"):
        in_care.approve_unregistered_placement(
            placement=placement,
            approved_by=leader,
            approved_on=date(2026, 10, 2),
            enhanced_visit_frequency_days=60,
            today=TODAY,
        )
