"""Management oversight (issue 17 item 1): a manager's decision in the chronology, its dated
actions and the set points as obligations, and "children without oversight for N weeks"."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from sightline.access.roles import Role
from sightline.chronology.models import ChronologyEntry
from sightline.people.models import Person
from sightline.protection import services as protection
from sightline.quality.models import Oversight, OversightAction
from sightline.quality.queries import without_oversight
from sightline.quality.services import ActionSpec, complete_oversight_action, record_oversight
from sightline.timescales.catalogue import catalogue, obligations_for
from sightline.timescales.facts import ChildFacts, OversightFact, PlanFact, ReferralFact
from sightline.timescales.models import Obligation
from sightline.workforce.models import Allocation, Team, Worker
from sightline.workforce.services import allocate
from tests.factories import WorkerFactory
from tests.web.recording_helpers import date_fields, staff

D = date.fromisoformat


@pytest.fixture
def manager(team: Team) -> Worker:
    return WorkerFactory(
        team=team, role=Worker.Role.TEAM_MANAGER, given_name="Mo", family_name="Reid"
    )


def _obligations(child: Person, rule: str) -> list[Obligation]:
    return list(Obligation.objects.filter(child=child, rule=rule).order_by("due_on", "pk"))


def test_an_oversight_decision_is_in_the_chronology_and_each_dated_action_is_an_obligation(
    child: Person, manager: Worker, worker: Worker, today: date
) -> None:
    oversight = record_oversight(
        child=child,
        manager=manager,
        held_on=D("2026-11-20"),
        point=Oversight.Point.REGULAR,
        decision="Stay on a child in need plan; school to join the next meeting.",
        rationale="Attendance is up and Ava says home is calmer.",
        actions=[
            ActionSpec("Invite the school to the plan review", worker, D("2026-11-27")),
            ActionSpec("Direct work on Ava's wishes", worker, D("2026-12-11")),
        ],
        today=today,
    )
    [entry] = ChronologyEntry.objects.filter(child=child, event="ManagementOversightRecorded")
    assert entry.occurred_on == D("2026-11-20")
    assert "Regular case review by Mo Reid: Stay on a child in need plan" in entry.summary
    assert "(2 actions set)" in entry.summary
    due = _obligations(child, "OVERSIGHT_ACTION")
    assert [(o.due_on, o.met_on) for o in due] == [(D("2026-11-27"), None), (D("2026-12-11"), None)]
    first = oversight.actions.order_by("due_on").first()
    assert first is not None
    complete_oversight_action(action=first, done_on=D("2026-11-23"), by=worker, today=today)
    met = _obligations(child, "OVERSIGHT_ACTION")[0]
    assert (met.met_on, met.met_in_time) == (D("2026-11-23"), True)
    assert ChronologyEntry.objects.filter(child=child, event="OversightActionDone").count() == 1


def test_only_a_manager_records_oversight_and_an_action_needs_an_owner_and_a_date_not_before_it(
    child: Person, manager: Worker, worker: Worker, today: date, refused: Callable[..., Any]
) -> None:
    base: dict[str, Any] = {
        "child": child,
        "held_on": D("2026-11-20"),
        "point": "regular",
        "decision": "Close.",
        "rationale": "Needs met.",
        "today": today,
    }
    with refused("Management oversight", "__all__"):
        record_oversight(manager=worker, **base)
    with refused("Management oversight", "owner_1"):
        record_oversight(manager=manager, actions=[ActionSpec("Call", None, today)], **base)
    with refused("Management oversight", "due_1"):
        record_oversight(
            manager=manager, actions=[ActionSpec("Call", worker, D("2026-11-19"))], **base
        )
    with refused("Management oversight", "rationale"):
        record_oversight(manager=manager, **{**base, "rationale": " "})


@override_settings(SIGHTLINE_OVERSIGHT_FROM="2026-01-01")
def test_an_authorised_assessment_wants_oversight_within_five_working_days_met_by_the_decision(
    child: Person, manager: Worker, today: date
) -> None:
    referral = protection.open_referral(
        child=child, referral_date=D("2026-09-01"), source="1A", today=today
    )
    assessment = protection.start_assessment(
        referral=referral, started_on=D("2026-09-02"), today=today
    )
    protection.authorise_assessment(
        assessment=assessment,
        authorised_on=D("2026-10-01"),
        outcome="nfa",
        factors=["21"],
        today=today,
    )
    [wanted] = _obligations(child, "OVERSIGHT_AFTER_ASSESSMENT")
    assert (wanted.started_on, wanted.due_on, wanted.met_on) == (
        D("2026-10-01"),
        D("2026-10-08"),  # 5 working days
        None,
    )
    record_oversight(
        child=child,
        manager=manager,
        held_on=D("2026-10-12"),
        point="after_assessment",
        decision="No further action after the assessment.",
        rationale="No unmet needs found.",
        today=today,
    )
    [wanted] = _obligations(child, "OVERSIGHT_AFTER_ASSESSMENT")
    assert (wanted.met_on, wanted.met_in_time) == (D("2026-10-12"), False)


def test_without_the_standard_s_start_date_the_set_points_make_no_obligations() -> None:
    child = ChildFacts(
        1,
        birth_date=D("2015-01-01"),
        referrals=[ReferralFact(1, D("2026-01-05"), False, D("2026-06-01"))],
    )
    assert catalogue().oversight_from is None
    found = obligations_for(child, catalogue(), D("2026-12-01"))
    assert [d.rule for d in found] == ["ASSESSMENT"]  # and none of management oversight


@override_settings(SIGHTLINE_OVERSIGHT_FROM="2026-03-01")
def test_closure_and_step_down_want_oversight_from_20_days_before_to_just_after() -> None:
    child = ChildFacts(
        1,
        birth_date=D("2015-01-01"),
        referrals=[
            ReferralFact(1, D("2026-01-05"), False, D("2026-06-01")),
            ReferralFact(2, D("2026-01-05"), False, D("2026-02-20")),  # before the standard
            ReferralFact(3, D("2026-07-01"), True, D("2026-07-01")),  # no further action
        ],
        cp_plans=[PlanFact(5, D("2026-02-01"), D("2026-05-04"))],
        oversights=[OversightFact(9, D("2026-05-14")), OversightFact(10, D("2026-04-10"))],
    )
    found = {
        d.rule: d
        for d in obligations_for(child, catalogue(), D("2026-12-01"))
        if d.rule.startswith("OVERSIGHT")
    }
    assert set(found) == {"OVERSIGHT_BEFORE_CLOSURE", "OVERSIGHT_STEP_DOWN"}
    closure = found["OVERSIGHT_BEFORE_CLOSURE"]
    # the oversight 18 days before closure counts; due the next working day after closing
    assert (closure.due_on, closure.met_on, closure.met_in_time) == (
        D("2026-06-02"),
        D("2026-05-14"),
        True,
    )
    step_down = found["OVERSIGHT_STEP_DOWN"]
    # 10 April is more than 20 days before the plan ended: the next one, 14 May, met it late
    assert (step_down.due_on, step_down.met_on, step_down.met_in_time) == (
        D("2026-05-11"),
        D("2026-05-14"),
        False,
    )


def test_children_without_oversight_for_n_weeks_is_a_figure_and_a_list(
    child: Person, manager: Worker, today: date
) -> None:
    other = Person.objects.create(
        kind="child", la_child_id="F900000001", given_name="Ben", family_name="Lee"
    )
    closed = Person.objects.create(
        kind="child", la_child_id="F900000002", given_name="Cal", family_name="Ray"
    )
    for person in (child, other, closed):
        protection.open_referral(
            child=person, referral_date=D("2026-06-01"), source="1A", today=today
        )
    referral = closed.referrals.get()
    protection.close_referral(
        referral=referral, closure_date=D("2026-07-01"), reason="RC7", today=today
    )
    record_oversight(
        child=child,
        manager=manager,
        held_on=D("2026-11-02"),
        point="regular",
        decision="Continue.",
        rationale="Progress.",
        today=today,
    )
    everyone = Person.objects.filter(kind="child")
    four = without_oversight(everyone, today, 4)
    assert (four.count, [c.given_name for c in four.children]) == (1, ["Ben"])
    assert four.since == D("2026-10-26")
    two = without_oversight(everyone, today, 2)
    assert (two.count, [c.given_name for c in two.children]) == (2, ["Ben", "Ava"])


@pytest.mark.django_db
def test_a_manager_records_oversight_with_an_action_from_the_child_s_record(
    team: Team, today: date
) -> None:
    user, manager = staff("tm.oversight", Role.TEAM_MANAGER, team)
    _, practitioner = staff("sw.oversight", Role.SOCIAL_WORKER, team)
    child = Person.objects.create(
        kind="child", la_child_id="F900000010", given_name="Dee", family_name="Hart"
    )
    allocate(
        child=child,
        worker=practitioner,
        kind=Allocation.Kind.SOCIAL_WORKER,
        started_on=D("2026-01-05"),
        reason="FCONTA",
        today=today,
    )
    client = Client()
    client.force_login(user)
    url = reverse("record", args=[child.la_child_id, "management-oversight"])
    page = client.get(url)
    assert page.status_code == 200
    assert f'<option value="{practitioner.pk}">' in page.content.decode()
    response = client.post(
        url,
        {
            **date_fields("held_on", D("2026-11-20")),
            "point": "regular",
            "decision": "Keep the plan.",
            "rationale": "Safer at home.",
            "action_1": "Book the family group conference",
            "owner_1": str(practitioner.pk),
            **date_fields("due_1", D("2026-12-04")),
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    [action] = OversightAction.objects.filter(child=child)
    assert (action.owner, action.due_on, action.oversight.manager) == (
        practitioner,
        D("2026-12-04"),
        manager,
    )
    missing = client.post(
        url,
        {
            **date_fields("held_on", D("2026-11-20")),
            "point": "regular",
            "decision": "Keep the plan.",
            "rationale": "Safer at home.",
            "action_1": "Book it",
        },
    )
    assert missing.status_code == 200
    assert "Choose who owns the action" in missing.content.decode()
    assert "Book it" in missing.content.decode()
