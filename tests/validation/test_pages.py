"""The data checks page (failures of the DfE rules by rule, team and child) and the child's
record showing its own failures, through the access policy."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from sightline.access.models import AccessProfile, AuditEvent
from sightline.access.roles import Role
from sightline.people.models import Person
from sightline.validation.models import LiveFailure, ValidationRun
from sightline.workforce.models import Allocation, Team, Worker
from sightline.workforce.services import allocate
from tests.factories import ChildFactory, TeamFactory, WorkerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _user(username: str, role: Role, worker: Worker | None = None) -> Any:
    user = get_user_model().objects.create_user(username=username, password="x" * 16)
    AccessProfile.objects.create(user=user, role=role.value)
    if worker is not None:
        worker.user = user
        worker.save(update_fields=["user"])
    return user


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _child(worker: Worker, name: str) -> Person:
    child = ChildFactory(given_name=name, family_name="Test")
    today = timezone.localdate()
    allocate(
        child=child,
        worker=worker,
        kind=Allocation.Kind.SOCIAL_WORKER,
        started_on=today - timedelta(days=30),
        reason="FCONTA",
        today=today,
    )
    return child


@pytest.fixture
def teams() -> tuple[Team, Team]:
    return (
        TeamFactory(name="Stroud safeguarding", kind=Team.Kind.SAFEGUARDING),
        TeamFactory(name="Forest safeguarding", kind=Team.Kind.SAFEGUARDING),
    )


@pytest.fixture
def failures(teams: tuple[Team, Team]) -> dict[str, Person]:
    stroud, forest = teams
    ava = _child(WorkerFactory(team=stroud, given_name="Priya", family_name="Shah"), "Ava")
    eve = _child(WorkerFactory(team=forest), "Eve")
    run = ValidationRun.objects.create(
        kind="cin", year=2027, rule_year=2026, checked_at=timezone.now(), seconds=1.0,
        children=2, rules=100,
    )  # fmt: skip
    for child, rule in ((ava, "8840"), (eve, "8840"), (eve, "1530")):
        LiveFailure.objects.create(
            run=run, rule=rule, level="error", child=child, fields="CPPstartDate,CPPendDate",
            message=f"message of {rule}",
        )  # fmt: skip
    LiveFailure.objects.create(run=run, rule="2887Q", level="query", child=None, fields="-",
                               message="fewer than 8 disability codes")  # fmt: skip
    return {"ava": ava, "eve": eve}


def test_a_performance_analyst_sees_every_failure_by_rule_team_and_child(
    failures: dict[str, Person],
) -> None:
    page = _client(_user("pat", Role.PERFORMANCE_ANALYST)).get("/validation/")
    html = page.content.decode()
    assert page.status_code == 200
    by_rule = html[html.index('data-testid="by-rule"') : html.index('data-testid="by-team"')]
    assert "8840" in by_rule and "1530" in by_rule
    by_team = html[html.index('data-testid="by-team"') : html.index('data-testid="children"')]
    assert "Stroud safeguarding" in by_team and "Forest safeguarding" in by_team
    assert f"/children/{failures['ava'].la_child_id}/" in html
    assert "fewer than 8 disability codes" in html  # the return-level query
    assert "Check again now" in html


def test_filtering_by_rule_and_by_team_narrows_the_list_of_children(
    failures: dict[str, Person],
) -> None:
    client = _client(_user("pat", Role.PERFORMANCE_ANALYST))
    by_rule = client.get("/validation/?rule=1530").content.decode()
    assert by_rule.count('data-rule="1530"') == 1 and 'data-rule="8840"' not in by_rule
    by_team = client.get("/validation/?team=Stroud+safeguarding").content.decode()
    assert "Ava Test" in by_team and "Eve Test" not in by_team


def test_a_team_manager_sees_only_the_children_of_their_team(
    teams: tuple[Team, Team], failures: dict[str, Person]
) -> None:
    manager = WorkerFactory(team=teams[0], role=Worker.Role.TEAM_MANAGER)
    page = _client(_user("tess", Role.TEAM_MANAGER, manager)).get("/validation/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Ava Test" in html and "Eve Test" not in html and "1530" not in html
    assert "Check again now" not in html and "fewer than 8 disability codes" not in html


@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.INSPECTOR, Role.FRONT_DOOR])
def test_the_page_is_refused_to_roles_without_a_reason_to_see_it(
    role: Role, failures: dict[str, Person]
) -> None:
    page = _client(_user("someone", role)).get("/validation/")
    assert page.status_code == 403
    assert "Ava Test" not in page.content.decode()


def test_check_again_is_a_post_for_authority_wide_roles_only(
    teams: tuple[Team, Team], failures: dict[str, Person]
) -> None:
    manager = WorkerFactory(team=teams[0], role=Worker.Role.TEAM_MANAGER)
    assert (
        _client(_user("tess", Role.TEAM_MANAGER, manager))
        .post("/validation/check-again/")
        .status_code
        == 403
    )
    analyst = _client(_user("pat", Role.PERFORMANCE_ANALYST))
    assert analyst.get("/validation/check-again/").status_code == 405
    done = analyst.post("/validation/check-again/")
    assert done.status_code == 302
    assert done["Location"].startswith("/validation/checks/")  # queued: the worker runs it
    assert AuditEvent.objects.filter(
        what="started background job "
        f"{done['Location'].split('/')[-2]}: Check of the live records against the DfE rules"
    ).exists()


def test_the_childs_record_shows_its_own_failures(
    teams: tuple[Team, Team], failures: dict[str, Person]
) -> None:
    priya = Worker.objects.get(given_name="Priya")
    client = _client(_user("priya", Role.SOCIAL_WORKER, priya))
    html = client.get(f"/children/{failures['ava'].la_child_id}/data-checks/").content.decode()
    section = html[html.index('id="data-checks"') :]
    assert "CIN census rule 8840" in section and "message of 8840" in section
    assert "1530" not in section  # Eve's failure, not Ava's


def test_an_inspector_within_the_visit_reads_the_data_checks_but_cannot_check_again(
    failures: dict[str, Person],
) -> None:
    """Decision 0031: the data checks are a page an inspector needs, read only."""
    inspector = _user("insp", Role.INSPECTOR)
    now = timezone.now()
    AccessProfile.objects.filter(user=inspector).update(
        valid_from=now - timedelta(days=1), valid_until=now + timedelta(days=3)
    )
    client = _client(inspector)
    page = client.get("/validation/")
    assert page.status_code == 200
    assert "Ava Test" in page.content.decode()
    assert "Check again now" not in page.content.decode()
    assert client.post("/validation/check-again/").status_code == 403
