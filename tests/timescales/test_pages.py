"""My work and the team's overdue work, through the access policy."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from sightline.access.models import AccessProfile
from sightline.access.roles import Role
from sightline.core.codes import ReferralSource
from sightline.people.models import Person
from sightline.protection.models import StrategyDiscussion
from sightline.protection.services import hold_strategy_discussion, open_referral
from sightline.workforce.models import Allocation, Team, Worker
from sightline.workforce.services import allocate
from tests.factories import ChildFactory, TeamFactory, WorkerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _user(username: str, role: Role, worker: Worker) -> Any:
    user = get_user_model().objects.create_user(username=username, password="x" * 16)
    AccessProfile.objects.create(user=user, role=role.value)
    worker.user = user
    worker.save(update_fields=["user"])
    return user


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def service() -> Team:
    return TeamFactory(name="Safeguarding service", kind=Team.Kind.SERVICE)


@pytest.fixture
def stroud(service: Team) -> Team:
    return TeamFactory(name="Stroud safeguarding", kind=Team.Kind.SAFEGUARDING, parent=service)


def _child_with_enquiry(worker: Worker, started: date, name: str) -> Person:
    """A child allocated to ``worker`` whose section 47 enquiry started on ``started``."""
    child = ChildFactory(given_name=name, family_name="Test")
    today = timezone.localdate()
    allocate(
        child=child,
        worker=worker,
        kind=Allocation.Kind.SOCIAL_WORKER,
        started_on=started,
        reason="FCONTA",
        today=today,
    )
    referral = open_referral(
        child=child, referral_date=started, source=ReferralSource.POLICE, today=today
    )
    hold_strategy_discussion(
        referral=referral,
        held_on=started,
        outcome=StrategyDiscussion.Outcome.SECTION_47,
        today=today,
    )
    return child


def test_my_work_lists_my_childrens_obligations_soonest_first_with_overdue_marked(
    stroud: Team,
) -> None:
    priya = WorkerFactory(team=stroud, given_name="Priya", family_name="Shah")
    other = WorkerFactory(team=stroud, given_name="Tom", family_name="Reed")
    today = timezone.localdate()
    late = _child_with_enquiry(priya, today - timedelta(days=40), "Ava")
    fresh = _child_with_enquiry(priya, today - timedelta(days=2), "Ben")
    not_mine = _child_with_enquiry(other, today - timedelta(days=40), "Cara")
    page = _client(_user("priya", Role.SOCIAL_WORKER, priya)).get("/my-work/")
    html = page.content.decode()
    assert page.status_code == 200
    assert late.la_child_id in html and fresh.la_child_id in html
    assert not_mine.la_child_id not in html
    assert html.index("Ava Test") < html.index("Ben Test")  # the overdue one is due first
    assert "Overdue" in html and 'data-rule="ICPC"' in html


def test_my_work_for_someone_with_no_worker_record_says_so(db: None) -> None:
    user = get_user_model().objects.create_user(username="dpo", password="x" * 16)
    AccessProfile.objects.create(user=user, role=Role.DATA_PROTECTION_OFFICER.value)
    page = _client(user).get("/my-work/")
    assert page.status_code == 200
    assert "not linked to a worker" in page.content.decode()


def test_a_manager_sees_overdue_work_by_worker_and_by_rule_in_teams_below(
    service: Team, stroud: Team
) -> None:
    priya = WorkerFactory(team=stroud, given_name="Priya", family_name="Shah")
    today = timezone.localdate()
    _child_with_enquiry(priya, today - timedelta(days=40), "Ava")
    _child_with_enquiry(priya, today - timedelta(days=45), "Dan")
    elsewhere = TeamFactory(name="Forest safeguarding", kind=Team.Kind.SAFEGUARDING)
    _child_with_enquiry(WorkerFactory(team=elsewhere), today - timedelta(days=40), "Eve")
    manager = WorkerFactory(team=service, role=Worker.Role.SERVICE_MANAGER)
    page = _client(_user("sam", Role.SERVICE_MANAGER, manager)).get("/team-work/")
    html = page.content.decode()
    assert page.status_code == 200
    by_worker = html[html.index('data-testid="by-worker"') : html.index('data-testid="by-rule"')]
    assert "Priya Shah" in by_worker
    assert "Eve Test" not in html  # another service's child
    assert "Initial child protection conference" in html
    filtered = _client(manager.user).get("/team-work/?rule=ICPC").content.decode()
    assert filtered.count('data-rule="ICPC"') == 2


def test_the_team_view_is_refused_to_a_social_worker(stroud: Team) -> None:
    priya = WorkerFactory(team=stroud)
    page = _client(_user("priya", Role.SOCIAL_WORKER, priya)).get("/team-work/")
    assert page.status_code == 403
