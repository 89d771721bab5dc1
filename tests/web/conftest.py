"""Fixtures for the web tests: a signed-in practitioner and a child with a full record.

Personas: alice is a social worker with a Worker record (every signed-in user may see every
child until the access issue); anonymous is anyone not signed in.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client

from sightline.access.models import AccessProfile
from sightline.access.roles import Role
from sightline.core.codes import AbuseCategory, Disability, PrimaryNeed
from sightline.people.models import Person, PersonDisability
from sightline.workforce.models import Allocation, Team, Worker
from tests.web.factories import (
    AdultFactory,
    AllocationFactory,
    CaseNoteFactory,
    ChildFactory,
    ChildProtectionPlanFactory,
    ChronologyEntryFactory,
    ReferralFactory,
    RelationshipFactory,
    TeamFactory,
    UserFactory,
    WorkerFactory,
    nhs_number,
)


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def alice(db: None) -> Any:
    user = UserFactory(username="alice", first_name="Alice", last_name="Okafor")
    WorkerFactory(
        user=user,
        given_name="Alice",
        family_name="Okafor",
        team=TeamFactory(name="Cheltenham safeguarding", kind=Team.Kind.SAFEGUARDING),
    )
    # These tests are about what the pages show; who may see what is tests/access. Alice
    # reads authority-wide, as a senior leader does.
    AccessProfile.objects.create(user=user, role=Role.SENIOR_LEADER.value)
    return user


@pytest.fixture
def signed_in(alice: Any) -> Client:
    client = Client()
    client.force_login(alice)
    return client


@pytest.fixture
def lily(db: None) -> Person:
    """A child on a child protection plan, with a social worker and a short chronology."""
    child = ChildFactory(
        la_child_id="GL0001234",
        given_name="Lily",
        family_name="Hargreaves",
        birth_date=date(2016, 2, 29),
        nhs_number=nhs_number(500),
        upn="",
        upn_unknown="UN2",
        former_upn="",
    )
    PersonDisability.objects.create(person=child, code=Disability.HEAR)
    referral = ReferralFactory(
        child=child, referral_date=date(2026, 1, 12), primary_need=PrimaryNeed.N1
    )
    ChildProtectionPlanFactory(
        child=child,
        referral=referral,
        started_on=date(2026, 2, 16),
        initial_category=AbuseCategory.NEGLECT,
        latest_category=AbuseCategory.EMOTIONAL,
    )
    worker = WorkerFactory(
        given_name="Priya",
        family_name="Shah",
        team=TeamFactory(name="Gloucester safeguarding", kind=Team.Kind.SAFEGUARDING),
    )
    AllocationFactory(child=child, worker=worker, team=worker.team, started_on=date(2026, 1, 13))
    former: Worker = WorkerFactory(given_name="Tom", family_name="Ended")
    AllocationFactory(
        child=child,
        worker=former,
        team=former.team,
        kind=Allocation.Kind.SOCIAL_WORKER,
        started_on=date(2025, 6, 1),
        ended_on=date(2026, 1, 12),
    )
    RelationshipFactory(
        person=child,
        relative=AdultFactory(given_name="Sarah", family_name="Hargreaves"),
        has_parental_responsibility=True,
    )
    # Created out of date order: the page must sort by date, then by id.
    for occurred_on, event, summary in [
        (date(2026, 2, 16), "ChildProtectionPlanStarted", "Child protection plan started"),
        (date(2026, 1, 12), "ReferralOpened", "Referral received from school"),
        (date(2026, 1, 20), "StrategyDiscussionHeld", "Strategy discussion held"),
    ]:
        ChronologyEntryFactory(child=child, occurred_on=occurred_on, event=event, summary=summary)
    CaseNoteFactory(child=child, author=worker, written_on=date(2026, 3, 1), text="Older note")
    CaseNoteFactory(child=child, author=worker, written_on=date(2026, 5, 4), text="Newer note")
    return child
