""" "One open" rules are the database's as well as the services' (issue 14 item 2, decision 0019).

For each rule: the database refuses a second open row written around the service
(IntegrityError), the service refuses it with its own check (JourneyError naming the record and
field, nothing written), and when a second session's row appears after the service's check
passed (simulated by writing the same row just before the service's own insert) the
constraint's violation is still the service's JourneyError, never an IntegrityError.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from django.db import IntegrityError, models, transaction

from sightline.core.errors import JourneyError
from sightline.people.models import Person
from sightline.protection import services as protection
from sightline.protection.models import (
    ChildInNeedPlan,
    ChildProtectionPlan,
    Referral,
    StrategyDiscussion,
)
from sightline.workforce import services as workforce
from sightline.workforce.models import Allocation, Worker

TODAY = date(2026, 11, 23)


def _referral(child: Person, on: date = date(2026, 9, 1)) -> Referral:
    return protection.open_referral(child=child, referral_date=on, source="1A", today=TODAY)


def _cp_plan(child: Person) -> Any:
    discussion = protection.hold_strategy_discussion(
        referral=_referral(child),
        held_on=date(2026, 9, 3),
        outcome=StrategyDiscussion.Outcome.SECTION_47,
        today=TODAY,
    )
    return protection.hold_conference(
        kind="initial",
        held_on=date(2026, 9, 20),
        outcome="plan",
        section47=discussion.section47_enquiry,
        category="NEG",
        today=TODAY,
    )


def _transfer_in(child: Person) -> Any:
    """A second initial-type conference deciding on a plan: refused while a plan is open."""
    referral = Referral.objects.get(child=child, closure_date__isnull=True)
    return protection.hold_conference(
        kind="transfer_in",
        held_on=date(2026, 10, 1),
        outcome="plan",
        referral=referral,
        category="PHY",
        today=TODAY,
    )


def _cin_plan(child: Person) -> ChildInNeedPlan:
    referral = Referral.objects.filter(child=child, closure_date__isnull=True).first()
    return protection.start_cin_plan(
        referral=referral or _referral(child), started_on=date(2026, 9, 10), today=TODAY
    )


def _allocate(worker: Worker) -> Callable[[Person], Allocation]:
    def allocate(child: Person) -> Allocation:
        return workforce.allocate(
            child=child,
            worker=worker,
            kind=Allocation.Kind.FAMILY_SUPPORT_WORKER,
            started_on=date(2026, 10, 1),
            today=TODAY,
        )

    return allocate


@dataclass(frozen=True)
class Rule:
    model: type[models.Model]
    constraint: str
    first: Callable[[Person, Worker], object]  # the open row, through the service
    second: Callable[[Person, Worker], object] | None  # a second one, through the service
    record: str  # the JourneyError when the service's check refuses the second
    field: str
    raced_record: str  # the JourneyError when the constraint refuses it after the check
    raced_field: str

    def open_rows(self, child: Person) -> int:
        closed = "closure_date" if self.model is Referral else "ended_on"
        return self.model._default_manager.filter(child=child, **{closed: None}).count()


RULES = {
    "referral": Rule(
        Referral,
        "one_open_referral_per_child",
        lambda c, w: _referral(c),
        lambda c, w: _referral(c, date(2026, 10, 1)),
        "Referral",
        "referral_date",
        "Referral",
        "referral_date",
    ),
    "child protection plan": Rule(
        ChildProtectionPlan,
        "one_open_cp_plan_per_child",
        lambda c, w: _cp_plan(c),
        lambda c, w: _transfer_in(c),
        "Child protection conference",
        "kind",
        "Child protection plan",
        "started_on",
    ),
    "child in need plan": Rule(
        ChildInNeedPlan,
        "one_open_cin_plan_per_child",
        lambda c, w: _cin_plan(c),
        lambda c, w: _cin_plan(c),
        "Child in need plan",
        "started_on",
        "Child in need plan",
        "started_on",
    ),
    "allocation of a kind": Rule(
        Allocation,
        "one_current_allocation_of_a_kind",
        lambda c, w: _allocate(w)(c),
        None,  # allocating again ends the current one: the service never makes a second
        "",
        "",
        "Allocation",
        "kind",
    ),
}


def _copy(row: models.Model) -> models.Model:
    """The same open row again, written around the services."""
    values = {
        f.attname: getattr(row, f.attname)
        for f in row._meta.concrete_fields
        if not f.primary_key and f.attname != "la_child_id"
    }
    return type(row)(**values)


def _open_row(rule: Rule, child: Person) -> models.Model:
    closed = "closure_date" if rule.model is Referral else "ended_on"
    return rule.model._default_manager.get(child=child, **{closed: None})


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("name", RULES)
def test_the_database_refuses_a_second_open_row_written_around_the_service(
    name: str, child: Person, worker: Worker
) -> None:
    rule = RULES[name]
    rule.first(child, worker)
    with pytest.raises(IntegrityError), transaction.atomic():
        _copy(_open_row(rule, child)).save()
    assert rule.open_rows(child) == 1


@pytest.mark.django_db
@pytest.mark.parametrize("name", [n for n, r in RULES.items() if r.second is not None])
def test_the_service_refuses_a_second_open_row_naming_the_record_and_field(
    name: str, child: Person, worker: Worker, refused: Any
) -> None:
    rule = RULES[name]
    rule.first(child, worker)
    assert rule.second is not None
    with refused(rule.record, rule.field):
        rule.second(child, worker)
    assert rule.open_rows(child) == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("name", RULES)
def test_a_second_open_row_after_the_services_check_is_a_journey_error_and_writes_nothing(
    name: str, child: Person, worker: Worker, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two people acting at once: the other session's row is written between this service's
    check and its insert. The database refuses the insert; the user sees the service's error."""
    rule = RULES[name]
    manager = rule.model._default_manager
    create = manager.create

    def racing_create(**values: Any) -> models.Model:
        manager.bulk_create([rule.model(**values)])  # the other session's row
        return create(**values)

    monkeypatch.setattr(manager, "create", racing_create)
    before = manager.count()
    with pytest.raises(JourneyError) as refusal:
        rule.first(child, worker)
    assert (refusal.value.record, refusal.value.field) == (rule.raced_record, rule.raced_field)
    assert isinstance(refusal.value.__cause__, IntegrityError)
    assert manager.count() == before
