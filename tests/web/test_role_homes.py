"""Every role's home shows that role's work (issue 15, item 4): the reviewing officer's and
chair's reviews and conferences due and the children on their list; what is due for the
social worker's children; the family support worker's early help and child in need cases; the
front door's queue; what is overdue in a manager's teams. Each home lists only
children the user may open, and is audited as a listing of them."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sightline.access.models import AccessProfile, SearchListing
from sightline.access.roles import Role
from sightline.frontdoor.models import Contact, EarlyHelpEpisode
from sightline.people.models import Person
from sightline.timescales.models import Obligation
from sightline.workforce.models import Allocation, Team, Worker
from tests.factories import ChildFactory, TeamFactory, WorkerFactory
from tests.web.factories import ChildInNeedPlanFactory, ChildProtectionPlanFactory

STARTED = timezone.localdate() - timedelta(days=200)


def _user(username: str, role: Role, team: Team) -> tuple[Any, Worker]:
    user = get_user_model().objects.create_user(username)
    worker = WorkerFactory(team=team, role=role.value, user=user)
    AccessProfile.objects.create(user=user, role=role.value)
    return user, worker


def _allocate(child: Person, worker: Worker, kind: str) -> None:
    Allocation.objects.create(
        child=child, worker=worker, team=worker.team, kind=kind, started_on=STARTED
    )


def _due(child: Person, rule: str, in_days: int) -> None:
    today = timezone.localdate()
    Obligation.objects.create(
        child=child,
        rule=rule,
        subject_type="care.PeriodOfCare",
        subject_id=child.pk,
        subject="Period of care",
        started_on=today - timedelta(days=60),
        due_on=today + timedelta(days=in_days),
    )


def _home(user: Any) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _table(html: str, testid: str) -> list[str]:
    table = re.search(rf'data-testid="{testid}">(.*?)</table>', html, re.S)
    assert table is not None, testid
    body = table.group(1).split("<tbody", 1)[1]
    return [
        " ".join(re.sub(r"<[^>]+>", " ", row).split())
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    ]


@pytest.fixture
def reviewing(db: None) -> dict[str, Any]:
    team = TeamFactory(name="Reviewing", kind=Team.Kind.REVIEWING)
    user, iro = _user("iro", Role.REVIEWING_OFFICER, team)
    lac = ChildFactory(given_name="Lara", family_name="Care")
    cp = ChildFactory(given_name="Cara", family_name="Plan")
    other = ChildFactory(given_name="Otto", family_name="Else")
    ChildProtectionPlanFactory(child=cp, referral__child=cp)
    _allocate(lac, iro, Allocation.Kind.REVIEWING_OFFICER)
    _allocate(cp, iro, Allocation.Kind.CP_CHAIR)
    _due(lac, "LAC_REVIEW", -2)  # overdue
    _due(cp, "CP_REVIEW", 10)
    _due(lac, "LAC_VISIT", 1)  # the social worker's, not the IRO's
    _due(other, "LAC_REVIEW", 1)  # another IRO's child
    return {"user": user, "lac": lac, "cp": cp}


def test_the_reviewing_officer_s_home_lists_reviews_and_conferences_due_soonest_first(
    reviewing: dict[str, Any],
) -> None:
    html = _home(reviewing["user"])
    rows = _table(html, "reviews-due")
    assert len(rows) == 2
    assert rows[0].startswith("Lara Care Looked-after review") and rows[0].endswith("Overdue")
    assert rows[1].startswith("Cara Plan Child protection review conference")
    assert rows[1].endswith("Due")
    assert "2 due for the children you review, 1 overdue" in _text(html)
    assert "Otto" not in html


def test_the_reviewing_officer_s_home_lists_the_children_on_their_list(
    reviewing: dict[str, Any],
) -> None:
    rows = _table(_home(reviewing["user"]), "on-your-list")
    # By family name: Care, then Plan.
    assert len(rows) == 2
    assert rows[0].startswith("Lara Care Independent reviewing officer")
    assert rows[1].startswith("Cara Plan Child protection chair")


def test_the_home_page_is_audited_as_a_listing_of_the_children_it_names(
    reviewing: dict[str, Any],
) -> None:
    _home(reviewing["user"])
    listed = set(SearchListing.objects.values_list("listed_id", flat=True))
    assert listed == {reviewing["lac"].pk, reviewing["cp"].pk}


@pytest.fixture
def family_support(db: None) -> dict[str, Any]:
    team = TeamFactory(name="Family support", kind=Team.Kind.EARLY_HELP)
    user, fsw = _user("fsw", Role.FAMILY_SUPPORT_WORKER, team)
    cin = ChildFactory(given_name="Ciaran", family_name="Need")
    early = ChildFactory(given_name="Evie", family_name="Help")
    stranger = ChildFactory(given_name="Sol", family_name="Stranger")
    ChildInNeedPlanFactory(child=cin, referral__child=cin)
    EarlyHelpEpisode.objects.create(child=early, started_on=STARTED, lead_worker=fsw)
    EarlyHelpEpisode.objects.create(child=stranger, started_on=STARTED)
    _allocate(cin, fsw, Allocation.Kind.FAMILY_SUPPORT_WORKER)
    _allocate(early, fsw, Allocation.Kind.LEAD_PRACTITIONER)
    return {"user": user}


def test_the_family_support_worker_s_home_lists_early_help_and_child_in_need_cases(
    family_support: dict[str, Any],
) -> None:
    html = _home(family_support["user"])
    rows = _table(html, "your-cases")
    assert sorted(rows) == sorted(
        [
            f"Evie Help {Person.objects.get(given_name='Evie').la_child_id} Early help",
            f"Ciaran Need {Person.objects.get(given_name='Ciaran').la_child_id} Child in need",
        ]
    )
    assert "2 children: 1 early help, 1 child in need" in _text(html)
    assert "Sol" not in html


@pytest.fixture
def front_door(db: None) -> dict[str, Any]:
    team = TeamFactory(name="MASH", kind=Team.Kind.FRONT_DOOR)
    user, _worker = _user("fd", Role.FRONT_DOOR, team)
    now = timezone.now()
    for days, name in ((5, "Oldest"), (1, "Middle")):
        child = ChildFactory(given_name=name, family_name="Contact")
        Contact.objects.create(child=child, received_at=now - timedelta(days=days), source="6")
    decided = ChildFactory(given_name="Done", family_name="Contact")
    Contact.objects.create(
        child=decided, received_at=now - timedelta(days=2), source="6", decision="nfa"
    )
    return {"user": user}


def test_the_front_door_s_home_shows_the_queue_longest_waiting_first(
    front_door: dict[str, Any],
) -> None:
    html = _home(front_door["user"])
    rows = _table(html, "queue")
    assert [row.split(" ")[0] for row in rows] == ["Oldest", "Middle"]
    assert "2 waiting: " in html
    assert html.count("Decide<span") == 2
    assert "back=%2F" in html  # deciding from the home page comes back to it


def test_the_social_worker_s_home_lists_what_is_due_for_their_children_soonest_first(
    db: None,
) -> None:
    user, sw = _user("sw", Role.SOCIAL_WORKER, TeamFactory(name="Safeguarding"))
    _, colleague = _user("colleague", Role.SOCIAL_WORKER, sw.team)
    mine = ChildFactory(given_name="Mia", family_name="Mine")
    theirs = ChildFactory(given_name="Theo", family_name="Theirs")
    ChildProtectionPlanFactory(child=mine, referral__child=mine)
    _allocate(mine, sw, Allocation.Kind.SOCIAL_WORKER)
    _allocate(theirs, colleague, Allocation.Kind.SOCIAL_WORKER)
    _due(mine, "CP_VISIT", 3)
    _due(mine, "CP_REVIEW", -1)  # overdue: first
    _due(theirs, "CP_VISIT", 1)  # the colleague's child
    html = _home(user)
    rows = _table(html, "work-due")
    assert len(rows) == 2
    assert rows[0].startswith("Mia Mine Child protection review conference")
    assert rows[0].endswith("Overdue") and rows[1].endswith("Due")
    assert "2 due for the children allocated to you, 1 overdue" in _text(html)
    assert "Theo" not in html
    assert set(SearchListing.objects.values_list("listed_id", flat=True)) == {mine.pk}


def test_a_manager_s_home_shows_what_is_overdue_in_their_teams_by_worker(db: None) -> None:
    """Overdue in the manager's team and the team below it, by worker (most first), each a
    link to the team view filtered to them; another team's overdue work is not counted."""
    area = TeamFactory(name="Area", kind=Team.Kind.SERVICE)
    below = TeamFactory(name="Below", kind=Team.Kind.SAFEGUARDING, parent=area)
    elsewhere = TeamFactory(name="Elsewhere", kind=Team.Kind.SAFEGUARDING)
    user, _manager = _user("manager", Role.SERVICE_MANAGER, area)
    _, ann = _user("ann", Role.SOCIAL_WORKER, below)
    _, bob = _user("bob", Role.SOCIAL_WORKER, area)
    _, cal = _user("cal", Role.SOCIAL_WORKER, elsewhere)
    for name, who, overdue in (("A1", ann, 2), ("B1", bob, 1), ("C1", cal, 3)):
        c = ChildFactory(given_name=name, family_name="Child")
        _allocate(c, who, Allocation.Kind.SOCIAL_WORKER)
        for n in range(overdue):
            _due(c, ("CP_VISIT", "CIN_VISIT", "LAC_VISIT")[n], -1 - n)
    html = _home(user)
    assert "3 overdue" in _text(html)
    rows = _table(html, "home-by-worker")
    assert [row.rsplit(" ", 1)[1] for row in rows] == ["2", "1"]
    assert rows[0].startswith(ann.full_name) and rows[1].startswith(bob.full_name)
    assert f'href="/team-work/?worker={ann.pk}"' in html
    assert cal.full_name not in html


def test_a_personal_adviser_s_home_lists_what_is_due_for_their_young_people(db: None) -> None:
    user, pa = _user("pa", Role.PERSONAL_ADVISER, TeamFactory(name="Leaving care"))
    kai = ChildFactory(given_name="Kai", family_name="Hale")
    _allocate(kai, pa, Allocation.Kind.PERSONAL_ADVISER)
    _due(kai, "PATHWAY_PLAN_REVIEW", -3)
    html = _home(user)
    assert "Due for your young people" in html
    assert "1 due for the young people allocated to you, 1 overdue" in _text(html)
    assert _table(html, "work-due")[0].startswith("Kai Hale")


def test_an_adviser_with_nothing_due_is_told_so(db: None) -> None:
    user, _pa = _user("pa", Role.PERSONAL_ADVISER, TeamFactory(name="Leaving care"))
    assert "Nothing is due for the young people allocated to you." in _home(user)


def test_a_role_with_no_caseload_shows_no_work_panel(db: None) -> None:
    """The data protection officer works from their own pages, not a list of children."""
    user = get_user_model().objects.create_user("dpo")
    AccessProfile.objects.create(user=user, role=Role.DATA_PROTECTION_OFFICER.value)
    assert 'data-testid="home-work"' not in _home(user)
