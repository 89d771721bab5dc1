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


def _manager_with_overdue(service: Team, stroud: Team, count: int) -> tuple[Client, list[Person]]:
    """A service manager over Stroud, where Priya's ``count`` children each have an overdue
    conference (the oldest first in the returned list)."""
    priya = WorkerFactory(team=stroud, given_name="Priya", family_name="Shah")
    today = timezone.localdate()
    children = [
        _child_with_enquiry(priya, today - timedelta(days=60 - n), f"Kid{n:02d}")
        for n in range(count)
    ]
    manager = WorkerFactory(team=service, role=Worker.Role.SERVICE_MANAGER)
    return _client(_user("sam", Role.SERVICE_MANAGER, manager)), children


def test_the_overdue_list_is_paged_oldest_first_with_govuk_pagination(
    service: Team, stroud: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sightline.timescales import views

    monkeypatch.setattr(views, "PER_PAGE", 2)
    client, children = _manager_with_overdue(service, stroud, 5)
    first = client.get("/team-work/?rule=ICPC").content.decode()
    assert first.count('data-rule="ICPC"') == 2
    assert first.index("Kid00 Test") < first.index("Kid01 Test")
    assert "Kid02 Test" not in first
    assert "Showing 1 to 2 of 5" in first
    nav = first[first.index('<nav class="govuk-pagination"') :]
    nav = nav[: nav.index("</nav>")]
    assert 'aria-label="Pages of overdue work"' in nav
    assert 'rel="prev"' not in nav and 'rel="next"' in nav
    assert 'aria-label="Page 1" aria-current="page"' in nav
    assert 'href="?rule=ICPC&amp;page=2" rel="next"' in nav  # the filter is kept
    for page in (2, 3):
        assert f'href="?rule=ICPC&amp;page={page}" aria-label="Page {page}"' in nav

    second = client.get("/team-work/?rule=ICPC&page=2").content.decode()
    assert "Showing 3 to 4 of 5" in second
    assert "Kid02 Test" in second and "Kid03 Test" in second and "Kid00 Test" not in second
    assert 'href="?rule=ICPC&amp;page=1" rel="prev"' in second
    assert 'aria-label="Page 2" aria-current="page"' in second

    beyond = client.get("/team-work/?rule=ICPC&page=99").content.decode()
    assert "Showing 5 to 5 of 5" in beyond and 'rel="next"' not in beyond
    assert "Kid04 Test" in beyond
    nonsense = client.get("/team-work/?rule=ICPC&page=x").content.decode()
    assert "Showing 1 to 2 of 5" in nonsense
    assert children[0].la_child_id in nonsense


def test_one_page_of_overdue_work_has_no_pagination(service: Team, stroud: Team) -> None:
    client, _children = _manager_with_overdue(service, stroud, 2)
    html = client.get("/team-work/").content.decode()
    assert 'data-testid="overdue"' in html
    assert "govuk-pagination" not in html and "Showing" not in html


def test_the_by_worker_table_shows_the_busiest_workers_and_links_to_all(
    service: Team, stroud: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sightline.timescales import views

    monkeypatch.setattr(views, "TOP_WORKERS", 1)
    today = timezone.localdate()
    priya = WorkerFactory(team=stroud, given_name="Priya", family_name="Shah")
    tom = WorkerFactory(team=stroud, given_name="Tom", family_name="Reed")
    _child_with_enquiry(priya, today - timedelta(days=40), "Ava")
    _child_with_enquiry(priya, today - timedelta(days=41), "Ben")
    _child_with_enquiry(tom, today - timedelta(days=40), "Cara")
    manager = WorkerFactory(team=service, role=Worker.Role.SERVICE_MANAGER)
    client = _client(_user("sam", Role.SERVICE_MANAGER, manager))

    def by_worker(html: str) -> str:
        return html[html.index('data-testid="by-worker"') : html.index('data-testid="by-rule"')]

    top = client.get("/team-work/").content.decode()
    assert "By worker: the 1 with most overdue" in top
    assert "Priya Shah" in by_worker(top) and "Tom Reed" not in by_worker(top)
    assert 'href="?workers=all" data-testid="all-workers">Show all 2 workers' in top
    assert "Cara Test" in top  # the detailed list still has everyone's work
    every = client.get("/team-work/?workers=all").content.decode()
    assert "Priya Shah" in by_worker(every) and "Tom Reed" in by_worker(every)
    assert "Show all" not in by_worker(every)
    assert 'href="?">Show only the 1 with most overdue' in every


def test_an_undecided_contact_is_the_front_doors_when_the_front_door_is_below(
    service: Team, stroud: Team
) -> None:
    from sightline.frontdoor.services import receive_contact

    TeamFactory(name="Front door", kind=Team.Kind.FRONT_DOOR, parent=service)
    priya = WorkerFactory(team=stroud, given_name="Priya", family_name="Shah")
    today = timezone.localdate()
    child = _child_with_enquiry(priya, today - timedelta(days=40), "Ava")
    receive_contact(
        child=child,
        received_at=timezone.now() - timedelta(days=10),
        source=ReferralSource.POLICE,
        today=today,
    )
    manager = WorkerFactory(team=service, role=Worker.Role.SERVICE_MANAGER)
    client = _client(_user("sam", Role.SERVICE_MANAGER, manager))
    html = client.get("/team-work/").content.decode()
    by_worker = html[html.index('data-testid="by-worker"') : html.index('data-testid="by-rule"')]
    assert "Front door (not allocated)" in by_worker and "Priya Shah" in by_worker
    assert "Decision on a contact" in html and 'data-rule="CONTACT_DECISION"' in html
    only_priya = client.get(f"/team-work/?worker={priya.pk}").content.decode()
    assert 'data-rule="CONTACT_DECISION"' not in only_priya
    assert 'data-rule="ICPC"' in only_priya
    contacts = client.get("/team-work/?rule=CONTACT_DECISION").content.decode()
    assert contacts.count('data-rule="CONTACT_DECISION"') == 1
    assert 'data-rule="ICPC"' not in contacts


def test_the_team_view_reads_the_same_number_of_queries_however_much_is_overdue(
    service: Team, stroud: Team
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client, _children = _manager_with_overdue(service, stroud, 1)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/team-work/").status_code == 200
        return len(captured)

    few = queries()
    tom = WorkerFactory(team=stroud, given_name="Tom", family_name="Reed")
    today = timezone.localdate()
    for n in range(4):
        _child_with_enquiry(tom, today - timedelta(days=50 + n), f"More{n}")
    assert queries() == few


def _unallocated_child_with_enquiry(started: date, name: str, **allocation: Any) -> Person:
    """A child with a section 47 enquiry started on ``started`` and no social worker: with
    ``allocation`` (worker and kind), another kind of worker is allocated."""
    child = ChildFactory(given_name=name, family_name="Test")
    today = timezone.localdate()
    if allocation:
        allocate(child=child, started_on=started, today=today, **allocation)
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


def test_the_authority_wide_overdue_page_shows_what_timescales_due_lists_unallocated_too(
    service: Team, stroud: Team
) -> None:
    from sightline.timescales.queries import due_list

    today = timezone.localdate()
    priya = WorkerFactory(team=stroud, given_name="Priya", family_name="Shah")
    _child_with_enquiry(priya, today - timedelta(days=40), "Ava")
    nobody = _unallocated_child_with_enquiry(today - timedelta(days=50), "Olu")
    leader = WorkerFactory(team=service, role=Worker.Role.SERVICE_MANAGER)
    client = _client(_user("lead", Role.SENIOR_LEADER, leader))
    html = client.get("/team-work/").content.decode()
    overdue = due_list(today, today=True).filter(due_on__lt=today).count()
    assert overdue == 2
    assert f"{overdue} overdue on" in html
    by_worker = html[html.index('data-testid="by-worker"') : html.index('data-testid="by-rule"')]
    assert "Not allocated" in by_worker and "Priya Shah" in by_worker
    assert nobody.la_child_id in html
    only = client.get("/team-work/?worker=none").content.decode()
    assert nobody.la_child_id in only and "Ava Test" not in only


def test_a_manager_sees_the_unallocated_work_of_children_their_teams_work_with(
    service: Team, stroud: Team
) -> None:
    today = timezone.localdate()
    family = WorkerFactory(team=stroud, role=Worker.Role.FAMILY_SUPPORT_WORKER)
    ours = _unallocated_child_with_enquiry(
        today - timedelta(days=40),
        "Fay",
        worker=family,
        kind=Allocation.Kind.FAMILY_SUPPORT_WORKER,
    )
    theirs = _unallocated_child_with_enquiry(today - timedelta(days=40), "Gil")  # no one's
    manager = WorkerFactory(team=service, role=Worker.Role.SERVICE_MANAGER)
    html = _client(_user("sam", Role.SERVICE_MANAGER, manager)).get("/team-work/").content.decode()
    assert "1 overdue on" in html
    assert "Not allocated" in html and ours.la_child_id in html
    assert theirs.la_child_id not in html  # not a child of the manager's teams


def test_work_shared_by_two_workers_is_counted_once_in_the_total(
    service: Team, stroud: Team
) -> None:
    today = timezone.localdate()
    priya = WorkerFactory(team=stroud, given_name="Priya", family_name="Shah")
    child = _child_with_enquiry(priya, today - timedelta(days=40), "Ava")
    tom = WorkerFactory(team=stroud, given_name="Tom", family_name="Reed")
    allocate(
        child=child,
        worker=tom,
        kind=Allocation.Kind.CP_CHAIR,
        started_on=today - timedelta(days=30),
        reason="FCONTA",
        today=today,
    )  # the conference is the social worker's and its chair's: one obligation, two workers
    manager = WorkerFactory(team=service, role=Worker.Role.SERVICE_MANAGER)
    html = _client(_user("sam", Role.SERVICE_MANAGER, manager)).get("/team-work/").content.decode()
    by_worker = html[html.index('data-testid="by-worker"') : html.index('data-testid="by-rule"')]
    assert "Priya Shah" in by_worker
    assert "1 overdue on" in html
    assert html.count('data-rule="ICPC"') == 1


def test_the_child_protection_chair_sees_the_conference_they_will_chair_on_my_work(
    stroud: Team, service: Team
) -> None:
    reviewing = TeamFactory(name="Reviewing", kind=Team.Kind.REVIEWING, parent=service)
    priya = WorkerFactory(team=stroud, given_name="Priya", family_name="Shah")
    chair = WorkerFactory(team=reviewing, given_name="Rosa", family_name="Hale")
    other_chair = WorkerFactory(team=reviewing, given_name="Sam", family_name="Ode")
    today = timezone.localdate()
    child = _child_with_enquiry(priya, today - timedelta(days=5), "Ava")
    allocate(
        child=child,
        worker=chair,
        kind=Allocation.Kind.CP_CHAIR,
        started_on=today - timedelta(days=5),
        reason="FCONTA",
        today=today,
    )
    rosa, sam = (
        _user(n, Role.REVIEWING_OFFICER, w) for n, w in (("rosa", chair), ("sam", other_chair))
    )
    mine = _client(rosa).get("/my-work/").content.decode()
    assert child.la_child_id in mine and 'data-rule="ICPC"' in mine
    others = _client(sam).get("/my-work/").content.decode()
    assert child.la_child_id not in others
