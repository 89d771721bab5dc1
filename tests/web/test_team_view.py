"""The team view for managers (issue 15, item 3): caseloads per worker by stage of the
journey, overdue work by worker, timescale and team with filters that combine and days overdue,
the teams below the manager's, and reallocating one child or many with a reason."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sightline.access.models import AccessProfile
from sightline.access.roles import Role
from sightline.care.models import PeriodOfCare
from sightline.chronology.models import ChronologyEntry
from sightline.people.models import Person
from sightline.quality.models import Supervision
from sightline.quality.rules import supervision_due, supervision_standard
from sightline.timescales.models import Obligation
from sightline.workforce.models import Allocation, Team, Worker
from tests.factories import ChildFactory, TeamFactory, WorkerFactory
from tests.web.factories import ChildInNeedPlanFactory, ChildProtectionPlanFactory

STARTED = date(2025, 1, 6)


@dataclass
class Service:
    manager: Any  # the team manager of "Area", with "Unit" below it
    senior: Any  # a senior leader: reads every team, reallocates no one
    social_worker: Any
    priya: Worker  # a social worker in Area
    tom: Worker  # a social worker in Unit (below Area)
    olu: Worker  # a social worker in Elsewhere (not the manager's)
    children: dict[str, Person]


def _user(username: str, role: Role, team: Team | None, **worker: Any) -> Any:
    user = get_user_model().objects.create_user(username)
    if team is not None:
        WorkerFactory(team=team, role=role.value, user=user, **worker)
    AccessProfile.objects.create(user=user, role=role.value)
    return user


def _allocate(child: Person, worker: Worker, kind: str = Allocation.Kind.SOCIAL_WORKER) -> None:
    Allocation.objects.create(
        child=child, worker=worker, team=worker.team, kind=kind, started_on=STARTED, reason="FCONTA"
    )


def _overdue(child: Person, rule: str, days: int) -> Obligation:
    today = timezone.localdate()
    return Obligation.objects.create(
        child=child,
        rule=rule,
        subject_type="protection.ChildProtectionPlan",
        subject_id=child.pk,
        subject="Child protection plan",
        started_on=today - timedelta(days=days + 10),
        due_on=today - timedelta(days=days),
    )


@pytest.fixture
def service(db: None) -> Service:
    area = TeamFactory(name="Area", kind=Team.Kind.SAFEGUARDING)
    unit = TeamFactory(name="Unit", kind=Team.Kind.SAFEGUARDING, parent=area)
    elsewhere = TeamFactory(name="Elsewhere", kind=Team.Kind.SAFEGUARDING)
    manager = _user("tm", Role.TEAM_MANAGER, area, given_name="Mina", family_name="Manager")
    senior = _user("sl", Role.SENIOR_LEADER, None)
    social_worker = _user("sw", Role.SOCIAL_WORKER, area, given_name="Priya", family_name="Shah")
    priya = Worker.objects.get(user=social_worker)
    tom = WorkerFactory(team=unit, given_name="Tom", family_name="Reed")
    olu = WorkerFactory(team=elsewhere, given_name="Olu", family_name="Ade")
    kids = {
        "cp": ChildFactory(given_name="Cara", family_name="Plan"),
        "cin": ChildFactory(given_name="Ciaran", family_name="Need"),
        "lac": ChildFactory(given_name="Lara", family_name="Care"),
        "none": ChildFactory(given_name="Nia", family_name="Open"),
        "unit": ChildFactory(given_name="Uma", family_name="Unit"),
        "far": ChildFactory(given_name="Fern", family_name="Far"),
    }
    ChildProtectionPlanFactory(child=kids["cp"], referral__child=kids["cp"])
    ChildInNeedPlanFactory(child=kids["cin"], referral__child=kids["cin"])
    PeriodOfCare.objects.create(
        child=kids["lac"], started_on=STARTED, category_of_need="N1", home_postcode="GL1 1AA"
    )
    for key in ("cp", "cin", "lac", "none"):
        _allocate(kids[key], priya)
    _allocate(kids["unit"], tom)
    _allocate(kids["far"], olu)
    _overdue(kids["cp"], "CP_VISIT", 3)
    _overdue(kids["cin"], "CIN_VISIT", 40)
    _overdue(kids["unit"], "CP_VISIT", 100)
    _overdue(kids["far"], "CP_VISIT", 5)  # Elsewhere's: not the manager's
    return Service(manager, senior, social_worker, priya, tom, olu, kids)


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _rows(html: str, testid: str) -> list[str]:
    """The rows of one table, as text with the tags taken out."""
    table = re.search(rf'data-testid="{testid}">(.*?)</table>', html, re.S)
    assert table is not None, testid
    body = table.group(1).split("<tbody", 1)[1]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in rows]


def _overdue_children(html: str) -> list[str]:
    if 'data-testid="overdue"' not in html:
        return []
    return [row.split(" ")[0] for row in _rows(html, "overdue")]


def test_caseloads_count_each_worker_s_children_by_stage_of_the_journey(service: Service) -> None:
    html = _client(service.manager).get(reverse("team-work")).content.decode()
    rows = _rows(html, "caseloads")
    priya = next(row for row in rows if row.startswith("Priya Shah"))
    # Children, then: looked after, child protection, child in need, referral and assessment,
    # early help, care leaver, no open episode.
    assert "Area 4 1 1 1 0 0 0 1" in priya
    tom = next(row for row in rows if row.startswith("Tom Reed"))
    assert "Unit 1 0 0 0 0 0 0 1" in tom


def test_a_child_a_worker_holds_twice_counts_once_under_the_more_significant_stage(
    service: Service,
) -> None:
    # Tom is Uma's social worker (nothing open: "no open episode") and now her personal
    # adviser too (with nothing open: "care leaver", the more significant).
    _allocate(service.children["unit"], service.tom, Allocation.Kind.PERSONAL_ADVISER)
    html = _client(service.manager).get(reverse("team-work")).content.decode()
    tom = next(row for row in _rows(html, "caseloads") if row.startswith("Tom Reed"))
    assert "Unit 1 0 0 0 0 0 1 0" in tom


def test_supervision_per_worker_shows_who_is_overdue_and_who_is_in_time(service: Service) -> None:
    today = timezone.localdate()
    Supervision.objects.create(
        worker=service.priya,
        supervisor=service.tom,
        held_on=today - timedelta(days=3),
        reflection=".",
    )
    held = today - timedelta(days=200)
    Supervision.objects.create(
        worker=service.tom, supervisor=service.priya, held_on=held, reflection="."
    )
    due = supervision_due(service.tom.started_on, held, today, supervision_standard())
    late = (today - due.due_on).days
    assert late > 1
    html = _client(service.manager).get(reverse("team-work")).content.decode()
    rows = _rows(html, "team-supervision")
    priya = next(row for row in rows if row.startswith("Priya Shah"))
    tom = next(row for row in rows if row.startswith("Tom Reed"))
    assert priya.endswith("In time") and "Overdue" not in priya
    assert tom.endswith(f"Overdue by {late} days")
    assert not any(row.startswith("Olu Ade") for row in rows)  # not the manager's team
    assert 'data-testid="supervision-link"' in html  # a team manager may open the quality page


def test_a_manager_sees_the_teams_below_theirs_and_not_other_teams(service: Service) -> None:
    html = _client(service.manager).get(reverse("team-work")).content.decode()
    caseloads = " ".join(_rows(html, "caseloads"))
    assert "Tom Reed" in caseloads and "Olu Ade" not in caseloads
    assert sorted(_overdue_children(html)) == ["Cara", "Ciaran", "Uma"]
    teams = _rows(html, "by-team")
    assert teams == ["Area 2", "Unit 1"]


def test_the_overdue_list_says_how_many_days_each_is_overdue_and_whose_it_is(
    service: Service,
) -> None:
    html = _client(service.manager).get(reverse("team-work")).content.decode()
    rows = _rows(html, "overdue")
    assert rows[0].startswith("Uma Unit") and "Tom Reed" in rows[0] and " 2026 100 " in rows[0]
    assert [int(d) for d in re.findall(r'data-testid="days-overdue">(\d+)<', html)] == [100, 40, 3]


def test_filters_by_team_worker_timescale_and_days_overdue_combine(service: Service) -> None:
    client = _client(service.manager)
    unit = Team.objects.get(name="Unit").pk
    url = reverse("team-work")

    def children(**params: object) -> list[str]:
        return sorted(_overdue_children(client.get(url, params).content.decode()))

    assert children(team=unit) == ["Uma"]
    assert children(team=unit, rule="CIN_VISIT") == []
    assert children(rule="CP_VISIT") == ["Cara", "Uma"]
    assert children(rule="CP_VISIT", days=28) == ["Uma"]
    assert children(worker=service.priya.pk, days=28) == ["Ciaran"]
    assert children(worker=service.priya.pk, rule="CP_VISIT", days=28) == []
    page = client.get(url, {"worker": service.priya.pk, "rule": "CP_VISIT", "days": 28})
    assert "Nothing overdue matches these filters" in page.content.decode()


def test_a_filter_for_a_team_the_manager_does_not_manage_is_ignored(service: Service) -> None:
    elsewhere = Team.objects.get(name="Elsewhere").pk
    html = _client(service.manager).get(reverse("team-work"), {"team": elsewhere}).content.decode()
    assert "Fern" not in _overdue_children(html)


def test_the_team_filter_narrows_the_caseloads_too(service: Service) -> None:
    unit = Team.objects.get(name="Unit").pk
    html = _client(service.manager).get(reverse("team-work"), {"team": unit}).content.decode()
    caseloads = " ".join(_rows(html, "caseloads"))
    assert "Tom Reed" in caseloads and "Priya Shah" not in caseloads


def _reallocate(client: Client, source: Worker, children: list[Person], **data: Any) -> Any:
    today = timezone.localdate()
    form = {
        "children": [str(child.pk) for child in children],
        "started_on-day": str(today.day),
        "started_on-month": str(today.month),
        "started_on-year": str(today.year),
        "reason": "MANAGE",
        **data,
    }
    return client.post(reverse("team-reallocate", args=[source.pk]), form)


def test_a_manager_reallocates_several_children_with_a_reason(service: Service) -> None:
    client = _client(service.manager)
    page = client.get(reverse("team-reallocate", args=[service.priya.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    for name in ("Cara Plan", "Ciaran Need", "Lara Care", "Nia Open"):
        assert name in html
    moving = [service.children["cp"], service.children["cin"]]
    done = _reallocate(client, service.priya, moving, worker=str(service.tom.pk))
    assert done.status_code == 302
    assert done["Location"] == f"{reverse('team-work')}?worker={service.tom.pk}"
    for child in moving:
        current = Allocation.objects.get(
            child=child, kind=Allocation.Kind.SOCIAL_WORKER, ended_on__isnull=True
        )
        assert current.worker == service.tom and current.reason == "MANAGE"
        assert ChronologyEntry.objects.filter(child=child, event="WorkerAllocated").exists()
    still = Allocation.objects.get(child=service.children["lac"], ended_on__isnull=True)
    assert still.worker == service.priya
    after = client.get(done["Location"]).content.decode()
    assert "2 children reallocated from Priya Shah to Tom Reed" in after


def test_reallocating_needs_children_a_worker_and_a_reason_and_keeps_what_was_typed(
    service: Service,
) -> None:
    client = _client(service.manager)
    response = _reallocate(client, service.priya, [service.children["cp"]], reason="")
    assert response.status_code == 200
    html = response.content.decode()
    summary = re.search(r'govuk-error-summary__list">(.*?)</ul>', html, re.S)
    assert summary is not None
    assert "Choose the worker to reallocate the children to" in summary.group(1)
    assert "Choose the reason for the reallocation" in summary.group(1)
    assert f'value="{service.children["cp"].pk}" aria-describedby' in html
    assert re.search(rf'value="{service.children["cp"].pk}"[^>]*checked', html)
    empty = _reallocate(client, service.priya, [], worker=str(service.tom.pk))
    assert "Choose the children to reallocate" in empty.content.decode()
    assert not Allocation.objects.filter(worker=service.tom, child=service.children["cp"]).exists()


def test_a_child_reallocated_by_someone_else_meanwhile_stops_the_whole_change(
    service: Service,
) -> None:
    """All or none: the page was opened with Cara on Priya's caseload; she has moved since."""
    client = _client(service.manager)
    page = client.get(reverse("team-reallocate", args=[service.priya.pk]))
    assert "Cara Plan" in page.content.decode()
    from sightline.workforce.services import allocate

    allocate(
        child=service.children["cp"],
        worker=service.olu,
        kind=Allocation.Kind.SOCIAL_WORKER,
        started_on=timezone.localdate(),
        reason="MANAGE",
    )
    moving = [service.children["cp"], service.children["cin"]]
    response = _reallocate(client, service.priya, moving, worker=str(service.tom.pk))
    assert response.status_code == 200
    assert (
        not Allocation.objects.filter(worker=service.tom, ended_on__isnull=True)
        .exclude(child=service.children["unit"])
        .exists()
    )


def test_a_worker_outside_the_manager_s_teams_cannot_be_reallocated_from_or_to(
    service: Service,
) -> None:
    client = _client(service.manager)
    assert client.get(reverse("team-reallocate", args=[service.olu.pk])).status_code == 404
    response = _reallocate(
        client, service.priya, [service.children["cp"]], worker=str(service.olu.pk)
    )
    assert response.status_code == 200
    assert "Choose a worker from your teams" in response.content.decode()


@pytest.mark.parametrize("who", ["senior", "social_worker"])
def test_only_managers_reallocate(service: Service, who: str) -> None:
    client = _client(getattr(service, who))
    assert client.get(reverse("team-reallocate", args=[service.priya.pk])).status_code == 403
    response = _reallocate(client, service.priya, [service.children["cp"]], worker="1")
    assert response.status_code == 403
    team_view = client.get(reverse("team-work")).content.decode()
    assert 'data-testid="reallocate-link"' not in team_view
