"""Allocating workers to a child: one current allocation of each kind, changed on a day."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from sightline.chronology.models import ChronologyEntry
from sightline.core.codes import SocialWorkerChangeReason
from sightline.people.models import Person
from sightline.workforce.models import Allocation, Worker
from sightline.workforce.services import allocate, end_allocation
from tests.factories import WorkerFactory

pytestmark = pytest.mark.django_db

SW = Allocation.Kind.SOCIAL_WORKER
FIRST_DAY = date(2026, 9, 1)
CHANGE_DAY = date(2026, 10, 12)


@pytest.fixture
def first(child: Person, worker: Worker, today: date) -> Allocation:
    return allocate(
        child=child,
        worker=worker,
        kind=SW,
        started_on=FIRST_DAY,
        reason=SocialWorkerChangeReason.FCONTA,
        today=today,
    )


def test_allocating_a_new_social_worker_ends_the_previous_one_that_day(
    child: Person, first: Allocation, today: date
) -> None:
    newcomer = WorkerFactory(team=first.team)
    second = allocate(
        child=child,
        worker=newcomer,
        kind=SW,
        started_on=CHANGE_DAY,
        reason=SocialWorkerChangeReason.LEFTRL,
        today=today,
    )

    first.refresh_from_db()
    assert first.ended_on == CHANGE_DAY
    assert (second.started_on, second.ended_on, second.reason) == (CHANGE_DAY, None, "LEFTRL")
    assert second.team == newcomer.team
    assert list(Allocation.objects.filter(child=child, ended_on__isnull=True)) == [second]
    assert list(
        ChronologyEntry.objects.filter(record_type="workforce.Allocation").values_list(
            "occurred_on", "event", "record_id"
        )
    ) == [
        (FIRST_DAY, "WorkerAllocated", first.pk),
        (CHANGE_DAY, "AllocationEnded", first.pk),
        (CHANGE_DAY, "WorkerAllocated", second.pk),
    ]


def test_a_change_of_social_worker_without_an_sw_reason_is_refused(
    child: Person, first: Allocation, today: date, refused
) -> None:
    newcomer = WorkerFactory()
    with refused("Allocation", "reason"):
        allocate(
            child=child,
            worker=newcomer,
            kind=SW,
            started_on=CHANGE_DAY,
            today=today,
        )


def test_an_sw_reason_that_is_not_a_code_is_refused(
    child: Person, worker: Worker, today: date, refused
) -> None:
    with refused("Allocation", "reason"):
        allocate(
            child=child, worker=worker, kind=SW, started_on=FIRST_DAY, reason="BORED", today=today
        )


def test_other_kinds_of_allocation_need_no_sw_reason(
    child: Person, worker: Worker, today: date
) -> None:
    fsw = WorkerFactory(role=Worker.Role.FAMILY_SUPPORT_WORKER)
    allocation = allocate(
        child=child,
        worker=fsw,
        kind=Allocation.Kind.FAMILY_SUPPORT_WORKER,
        started_on=FIRST_DAY,
        today=today,
    )
    assert allocation.reason == ""


def test_reallocating_the_worker_already_allocated_is_refused(
    child: Person, first: Allocation, worker: Worker, today: date, refused
) -> None:
    with refused("Allocation", "worker"):
        allocate(
            child=child,
            worker=worker,
            kind=SW,
            started_on=CHANGE_DAY,
            reason=SocialWorkerChangeReason.MANAGE,
            today=today,
        )


def test_a_new_allocation_starting_before_the_current_one_is_refused(
    child: Person, first: Allocation, today: date, refused
) -> None:
    newcomer = WorkerFactory()
    with refused("Allocation", "started_on"):
        allocate(
            child=child,
            worker=newcomer,
            kind=SW,
            started_on=FIRST_DAY - timedelta(days=1),
            reason=SocialWorkerChangeReason.MANAGE,
            today=today,
        )


def test_an_allocation_starting_in_the_future_is_refused(
    child: Person, worker: Worker, today: date, refused
) -> None:
    with refused("Allocation", "started_on"):
        allocate(
            child=child,
            worker=worker,
            kind=SW,
            started_on=today + timedelta(days=1),
            reason=SocialWorkerChangeReason.FCONTA,
            today=today,
        )


def test_ending_an_allocation_before_it_started_is_refused(
    first: Allocation, today: date, refused
) -> None:
    with refused("Allocation", "ended_on"):
        end_allocation(allocation=first, ended_on=FIRST_DAY - timedelta(days=1), today=today)


def test_ending_an_allocation_twice_is_refused(first: Allocation, today: date, refused) -> None:
    end_allocation(allocation=first, ended_on=CHANGE_DAY, today=today)
    with refused("Allocation", "ended_on"):
        end_allocation(allocation=first, ended_on=CHANGE_DAY, today=today)
    first.refresh_from_db()
    assert first.ended_on == CHANGE_DAY


def test_allocating_a_worker_who_has_left_is_refused(child: Person, today: date, refused) -> None:
    leaver = WorkerFactory(left_on=date(2026, 8, 31))
    with refused("Allocation", "worker"):
        allocate(
            child=child,
            worker=leaver,
            kind=SW,
            started_on=FIRST_DAY,
            reason=SocialWorkerChangeReason.FCONTA,
            today=today,
        )
