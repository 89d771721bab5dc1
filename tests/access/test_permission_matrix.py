"""Every page, for every role: allowed where it should be, 403 or 404 where not, and nothing
about a child leaked in a refusal or in search results (issue 3 acceptance)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sightline.access.models import AccessProfile, RestrictedRecord
from sightline.access.roles import Role
from sightline.frontdoor.models import Contact
from sightline.people.models import Person
from sightline.workforce.models import Allocation, Team, Worker
from tests.factories import ChildFactory, TeamFactory, WorkerFactory

STARTED = date(2025, 1, 6)


@dataclass
class World:
    users: dict[str, object]
    children: dict[str, Person]


def make_user(username: str, role: Role, team: Team | None, **profile: object) -> object:
    user = get_user_model().objects.create_user(username)  # no password: force_login, no hashing
    if team is not None:
        WorkerFactory(team=team, role=role.value, user=user)
    AccessProfile.objects.create(user=user, role=role.value, **profile)
    return user


@pytest.fixture
def world(db: None) -> World:
    service = TeamFactory(name="Help and protection", kind=Team.Kind.SERVICE)
    area = TeamFactory(name="Area A", kind=Team.Kind.SAFEGUARDING, parent=service)
    a1 = TeamFactory(name="Area A unit 1", kind=Team.Kind.SAFEGUARDING, parent=area)
    b = TeamFactory(name="Area B", kind=Team.Kind.SAFEGUARDING, parent=service)
    reviewing = TeamFactory(name="Reviewing", kind=Team.Kind.REVIEWING, parent=service)
    care = TeamFactory(name="Leaving care", kind=Team.Kind.LEAVING_CARE)
    mash = TeamFactory(name="MASH", kind=Team.Kind.FRONT_DOOR, parent=service)
    now = timezone.now()
    users = {
        "social_worker": make_user("sw", Role.SOCIAL_WORKER, a1),
        "family_support": make_user("fsw", Role.FAMILY_SUPPORT_WORKER, b),
        "personal_adviser": make_user("pa", Role.PERSONAL_ADVISER, care),
        "reviewing_officer": make_user("iro", Role.REVIEWING_OFFICER, reviewing),
        "team_manager": make_user("tm", Role.TEAM_MANAGER, area),
        "service_manager": make_user("sm", Role.SERVICE_MANAGER, service),
        "front_door": make_user("fd", Role.FRONT_DOOR, mash),
        "senior_leader": make_user("sl", Role.SENIOR_LEADER, service),
        "analyst": make_user("pan", Role.PERFORMANCE_ANALYST, None),
        "dpo": make_user("dpo", Role.DATA_PROTECTION_OFFICER, None),
        "admin": make_user("admin", Role.SYSTEM_ADMINISTRATOR, None),
        "inspector": make_user(
            "insp",
            Role.INSPECTOR,
            None,
            valid_from=now - timedelta(days=1),
            valid_until=now + timedelta(days=5),
        ),
        "inspector_expired": make_user(
            "insp-old",
            Role.INSPECTOR,
            None,
            valid_from=now - timedelta(days=30),
            valid_until=now - timedelta(days=20),
        ),
    }
    kids = {
        "a": ChildFactory(given_name="Alfie", family_name="Matrix"),
        "b": ChildFactory(given_name="Bella", family_name="Matrix"),
        "fd": ChildFactory(given_name="Freddie", family_name="Matrix"),
        "r": ChildFactory(given_name="Rosalind", family_name="Matrix"),
    }

    def allocate(child: Person, username: str, kind: str) -> None:
        worker = Worker.objects.get(user__username=username)
        Allocation.objects.create(
            child=child,
            worker=worker,
            team=worker.team,
            kind=kind,
            started_on=STARTED,
            reason="FCONTA",
        )

    allocate(kids["a"], "sw", Allocation.Kind.SOCIAL_WORKER)
    allocate(kids["b"], "fsw", Allocation.Kind.FAMILY_SUPPORT_WORKER)
    allocate(kids["b"], "iro", Allocation.Kind.REVIEWING_OFFICER)
    allocate(kids["r"], "sw", Allocation.Kind.SOCIAL_WORKER)  # restricted all the same
    Contact.objects.create(child=kids["fd"], received_at=now - timedelta(days=2), source="6")
    restricted = RestrictedRecord.objects.create(
        child=kids["r"],
        reason="A staff member's family",
        restricted_at=now,
        restricted_by=users["admin"],
    )
    restricted.named_users.set([users["team_manager"]])
    return World(users, kids)


AUTHORITY_WIDE_ROLES = ["senior_leader", "analyst", "dpo", "admin", "inspector"]
# Which of the children each role may open: everything else is 403 (exists, not restricted)
# or 404 (restricted and not named).
SEES = {
    "social_worker": {"a"},
    "family_support": {"b"},
    "personal_adviser": set(),
    "reviewing_officer": {"b"},
    "team_manager": {"a", "r"},
    "service_manager": {"a", "b"},
    "front_door": {"fd"},
    "inspector_expired": set(),
    **{role: {"a", "b", "fd"} for role in AUTHORITY_WIDE_ROLES},
}
ROLES = sorted(SEES)


# The administrator's pages (decision 0031): staff accounts, for system administrators only.
ACCOUNT_PAGES = (
    "accounts",
    "account-new",
    "account",
    "account-role",
    "account-deactivate",
    "account-reactivate",
    "account-reset-password",
    "teams",
    "team-new",
    "team-rename",
    "team-move",
    "team-close",
)


def main(page: str) -> str:
    """The page's main content (the rest holds a per-request CSRF token)."""
    return page[page.index("<main") : page.index("</main>")]


def signed_in(world: World, role: str) -> Client:
    client = Client()
    client.force_login(world.users[role])  # type: ignore[arg-type]
    return client


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("key", ["a", "b", "fd", "r"])
def test_child_record_is_open_only_to_roles_with_a_reason(
    world: World, role: str, key: str
) -> None:
    child = world.children[key]
    response = signed_in(world, role).get(reverse("child-record", args=[child.la_child_id]))
    if key in SEES[role]:
        assert response.status_code == 200
        assert child.given_name in response.content.decode()
    else:
        # One answer whether the child exists, is restricted or is unknown (issue 12 finding 5):
        # the same status and the same page as for an ID no child has.
        unknown = signed_in(world, role).get(reverse("child-record", args=["NOSUCHCHILD1"]))
        page = response.content.decode()
        assert response.status_code == unknown.status_code == 404
        assert main(page).replace(str(child.la_child_id), "ID") == main(
            unknown.content.decode()
        ).replace("NOSUCHCHILD1", "ID")
        assert child.given_name not in page
        assert (child.nhs_number or "no-nhs") not in page


@pytest.mark.parametrize("role", ROLES)
def test_every_tab_of_the_record_opens_exactly_as_the_record_does(world: World, role: str) -> None:
    """Every tab of the child's record (web.workspace.TABS, decision 0022), for every role and
    child: open where the record opens (who has seen it only for the data protection officer
    and managers: 403 for others), and the record's own 404 where it does not. Generated from
    the tabs: a new tab is in."""
    from sightline.web.workspace import TABS

    client = signed_in(world, role)
    for tab in TABS:
        for key in ("a", "b", "fd", "r"):
            child = world.children[key]
            response = client.get(reverse(tab.name, args=[child.la_child_id]))
            if key not in SEES[role]:
                expected = 404
            elif tab.name == "seen-by" and role not in ("dpo", "team_manager", "service_manager"):
                expected = 403
            else:
                expected = 200
            assert response.status_code == expected, (tab.name, key, response.status_code)
            if expected != 200:
                assert child.given_name not in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_every_link_on_the_record_opens_for_the_role_it_is_offered_to(
    world: World, role: str
) -> None:
    """Nobody is offered a link that ends in a 403: every link on every tab of a record the
    role may open (the tabs, the forms in the record's menu, the obligations' forms)."""
    from sightline.web.workspace import TABS
    from tests.web.test_work_lists import links

    client = signed_in(world, role)
    offered: dict[str, str] = {}  # each link once, with the first page that offers it
    for key in sorted(SEES[role]):
        child = world.children[key]
        for tab in TABS:
            url = reverse(tab.name, args=[child.la_child_id])
            response = client.get(url)
            if response.status_code == 403:
                continue  # a tab not offered to this role (checked above)
            for href in links(response.content.decode(), url):
                if "/sign-out/" not in href:
                    offered.setdefault(href, url)
    for href, url in offered.items():
        assert client.get(href).status_code == 200, (url, href)


@pytest.mark.parametrize("role", ROLES)
def test_search_shows_only_visible_children_in_full_and_never_a_restricted_record(
    world: World, role: str
) -> None:
    response = signed_in(world, role).get(
        reverse("find-child"),
        {
            "name": "Matrix",
            "birth_date-day": "14",
            "birth_date-month": "6",
            "birth_date-year": "2017",
        },
    )
    assert response.status_code == 200
    results = response.context["results"]
    assert {c.given_name for c in results.children} == {
        world.children[k].given_name for k in SEES[role]
    }
    page = response.content.decode()
    if "r" not in SEES[role]:
        assert "Rosalind" not in page
        assert world.children["r"].la_child_id not in page
    if role == "inspector_expired":
        assert results.others == []
    else:
        hidden = {"a", "b", "fd"} - SEES[role]
        assert {c.given_name for c in results.others} == {
            world.children[k].given_name for k in hidden
        }
        for key in hidden:  # no identifiers or involvement for children not visible
            assert world.children[key].la_child_id not in page.replace(
                reverse("break-glass", args=[world.children[key].la_child_id]), ""
            )


@pytest.mark.parametrize("role", ROLES)
def test_who_has_seen_page_is_for_the_data_protection_officer_and_managers(
    world: World, role: str
) -> None:
    client = signed_in(world, role)
    for key in ("a", "b", "fd", "r"):
        child = world.children[key]
        response = client.get(reverse("seen-by", args=[child.la_child_id]))
        if key not in SEES[role]:
            assert response.status_code == 404
        elif role in ("dpo", "team_manager", "service_manager"):
            assert response.status_code == 200
        else:
            assert response.status_code == 403
        assert child.given_name not in response.content.decode() or response.status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_break_glass_page_offered_only_for_children_not_visible_and_not_restricted(
    world: World, role: str
) -> None:
    client = signed_in(world, role)
    for key in ("a", "b", "fd", "r"):
        child = world.children[key]
        response = client.get(reverse("break-glass", args=[child.la_child_id]))
        if key in SEES[role] and role != "inspector_expired":
            assert response.status_code == 302
        else:  # the same form for a child not visible, restricted or unknown; nothing about them
            assert response.status_code == 200
            assert child.given_name not in response.content.decode()
            assert child.family_name not in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_signed_in_pages_open_to_every_role(world: World, role: str) -> None:
    client = signed_in(world, role)
    for name in ("home", "find-child", "notices", "my-work"):
        assert client.get(reverse(name)).status_code == 200


TEAM_WORK = {
    "team_manager",
    "service_manager",
    "senior_leader",
    "analyst",
    "dpo",
    "admin",
    "inspector",  # read only, within the visit (decision 0031)
}


@pytest.mark.parametrize("role", ROLES)
def test_the_team_overdue_view_is_for_managers_and_authority_wide_roles(
    world: World, role: str
) -> None:
    response = signed_in(world, role).get(reverse("team-work"))
    assert response.status_code == (200 if role in TEAM_WORK else 403)


REALLOCATE = {"team_manager", "service_manager"}


@pytest.mark.parametrize("role", ROLES)
def test_reallocating_a_caseload_from_the_team_view_is_for_the_worker_s_managers(
    world: World, role: str
) -> None:
    """The social worker's caseload (in a unit below the team manager's area): their managers
    may reallocate it; authority-wide readers and practitioners are refused, and so is a post."""
    worker = Worker.objects.get(user__username="sw")
    url = reverse("team-reallocate", args=[worker.pk])
    client = signed_in(world, role)
    assert client.get(url).status_code == (200 if role in REALLOCATE else 403)
    if role not in REALLOCATE:
        assert client.post(url, {"children": [world.children["a"].pk]}).status_code == 403
        assert Allocation.objects.filter(worker=worker, ended_on__isnull=True).count() == 2


DATA_CHECKS = TEAM_WORK
RECHECK = {"senior_leader", "analyst", "dpo", "admin"}


@pytest.mark.parametrize("role", ROLES)
def test_the_data_checks_page_is_for_managers_and_authority_wide_roles(
    world: World, role: str
) -> None:
    response = signed_in(world, role).get(reverse("validation"))
    assert response.status_code == (200 if role in DATA_CHECKS else 403)


@pytest.mark.parametrize("role", ROLES)
def test_checking_the_live_records_again_is_for_authority_wide_roles(
    world: World, role: str
) -> None:
    response = signed_in(world, role).post(reverse("validation-check-again"))
    assert response.status_code == (302 if role in RECHECK else 403)


@pytest.mark.parametrize("role", ROLES)
def test_a_checks_progress_page_is_for_the_roles_that_may_check_again(
    world: World, role: str
) -> None:
    from sightline.jobs.models import Job

    job = Job.objects.create(
        kind=Job.Kind.LIVE_VALIDATION,
        started_by_name="pan",
        queued_at=timezone.now(),
        reported_at=timezone.now(),
    )
    response = signed_in(world, role).get(reverse("validation-job", args=[job.pk]))
    assert response.status_code == (200 if role in RECHECK else 403)


FIGURES = {"team_manager", "service_manager", "senior_leader", "analyst"}


@pytest.mark.parametrize("role", ROLES)
def test_the_figures_are_for_leaders_analysts_and_managers(world: World, role: str) -> None:
    client = signed_in(world, role)
    for url in (
        reverse("insight-dashboard"),
        reverse("insight-kpi", args=["RE_REFERRALS"]),
        reverse("insight-children", args=["RE_REFERRALS"]) + "?window=2025&part=numerator",
    ):
        response = client.get(url)
        assert response.status_code == (200 if role in FIGURES else 403), url


STORE_FIGURES = {"senior_leader", "analyst"}


@pytest.mark.parametrize("role", ROLES)
def test_computing_the_figures_again_is_for_leaders_and_analysts(world: World, role: str) -> None:
    from sightline.jobs.models import Job

    client = signed_in(world, role)
    job = Job.objects.create(
        kind=Job.Kind.FIGURES,
        started_by_name="lead",
        queued_at=timezone.now(),
        reported_at=timezone.now(),
    )
    response = client.get(reverse("insight-job", args=[job.pk]))
    assert response.status_code == (200 if role in STORE_FIGURES else 403)
    response = client.post(reverse("insight-store"))
    assert response.status_code == (302 if role in STORE_FIGURES else 403)


ANNEX_A = {"senior_leader", "analyst", "dpo", "admin", "inspector"}


@pytest.mark.parametrize("role", ROLES)
def test_annex_a_is_for_authority_wide_roles_and_the_inspector_in_their_window(
    world: World, role: str
) -> None:
    restricted = world.children["r"]
    Contact.objects.create(child=restricted, received_at=timezone.now(), source="6")
    client = signed_in(world, role)
    for url in (
        reverse("annex-a"),
        reverse("annex-a-list", args=[3]),
        reverse("annex-a-download"),
    ):
        response = client.get(url)
        assert response.status_code == (200 if role in ANNEX_A else 403), url
    if role in ANNEX_A:
        page = client.get(reverse("annex-a-list", args=[1])).content.decode()
        assert world.children["fd"].la_child_id in page, "the front door's contact"
        assert restricted.la_child_id not in page, "a restricted record naming none of them"


PACK = {"senior_leader", "analyst", "dpo", "admin"}


@pytest.mark.parametrize("role", ROLES)
def test_the_inspection_pack_is_for_the_roles_that_make_the_returns(
    world: World, role: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sightline.inspection import pack

    built = pack.build_pack
    # Who may open it is the question here, not the figures (tests/inspection has those).
    monkeypatch.setattr(pack, "build_pack", lambda as_of: built(as_of, with_kpis=False))
    response = signed_in(world, role).get(reverse("inspection-pack"))
    assert response.status_code == (200 if role in PACK else 403)


@pytest.mark.parametrize("url", ["inspection-pack-pdf", "inspection-pack-figures"])
def test_the_packs_downloads_are_refused_to_a_practitioner_and_the_inspector(
    world: World, url: str
) -> None:
    for role in ("social_worker", "team_manager", "inspector"):
        assert signed_in(world, role).get(reverse(url)).status_code == 403


@pytest.mark.parametrize(
    "url",
    [
        reverse("insight-dashboard"),
        reverse("insight-kpi", args=["RE_REFERRALS"]),
        reverse("insight-children", args=["RE_REFERRALS"]),
        reverse("insight-job", args=[1]),
        reverse("inspection-pack"),
        reverse("inspection-pack-pdf"),
        reverse("inspection-pack-figures"),
        reverse("annex-a"),
        reverse("annex-a-list", args=[1]),
        reverse("annex-a-download"),
        reverse("validation"),
        reverse("validation-job", args=[1]),
        reverse("home"),
        reverse("find-child"),
        reverse("notices"),
        reverse("my-work"),
        reverse("team-work"),
        reverse("team-reallocate", args=[1]),
        *(
            reverse(name, args=["C000000001"])
            for name in (
                "child-record",
                "child-due",
                "child-chronology",
                "child-case-notes",
                "child-visits",
                "child-plans",
                "child-people",
                "child-leaving-care",
                "child-data-checks",
            )
        ),
        reverse("my-young-people"),
        reverse("break-glass", args=["C000000001"]),
        reverse("seen-by", args=["C000000001"]),
        reverse("frontdoor-queue"),
        reverse("frontdoor-search"),
        reverse("frontdoor-new-child"),
        reverse("frontdoor-contact", args=["C000000001"]),
        reverse("accounts"),
        reverse("account-new"),
        *(reverse(name, args=[1]) for name in ACCOUNT_PAGES[2:7]),
        reverse("teams"),
        reverse("team-new"),
        reverse("change-password"),
        reverse("subject-access"),
        reverse("subject-access-child", args=["C000000001"]),
        reverse("audit"),
        reverse("audit-child", args=["C000000001"]),
        reverse("audit-user", args=["sw"]),
        reverse("audit-verification", args=[1]),
        reverse("retention"),
        reverse("restricted-records"),
    ],
)
def test_anonymous_users_are_sent_to_sign_in(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", ROLES)
def test_a_name_alone_lists_only_children_the_user_may_see(world: World, role: str) -> None:
    response = signed_in(world, role).get(reverse("find-child"), {"name": "Matrix"})
    results = response.context["results"]
    assert results.others == []
    assert {c.given_name for c in results.children} == {
        world.children[k].given_name for k in SEES[role]
    }


@pytest.mark.parametrize("role", ROLES)
def test_recording_pages_open_only_to_the_roles_each_use_case_names(
    world: World, role: str
) -> None:
    """Every registered recording page (``record``), for every role: the form on a child the
    role may open if the use case names the role, 403 if it may read but not record (decision
    0020), 404 on a child it may not open. Generated from the registry: a new use case is in."""
    from sightline.web.recording import USE_CASES, url_for

    client = signed_in(world, role)
    seen = sorted(SEES[role])
    for name, case in sorted(USE_CASES.items()):
        if not case.in_menu:  # needs an entry: test_correction_pages_are_for_the_author_...
            continue
        if seen:
            child = world.children[seen[0]]
            response = client.get(url_for(name, child.la_child_id))
            expected = 200 if Role(world.users[role].access_profile.role) in case.roles else 403
            assert response.status_code == expected, (name, role, response.status_code)
        unseen = sorted({"a", "b", "fd", "r"} - SEES[role])
        if unseen:
            child = world.children[unseen[0]]
            response = client.get(url_for(name, child.la_child_id))
            assert response.status_code == 404, (name, role, response.status_code)


# Who may correct or strike out the social worker's case note or visit on child "a" (decision
# 0026): its author and the managers above them; readers who may not record get 403.
CORRECTS = {"social_worker", "team_manager", "service_manager"}


@pytest.mark.parametrize("role", ROLES)
def test_correction_pages_are_for_the_author_and_the_managers_above_them(
    world: World, role: str
) -> None:
    from sightline.chronology.models import CaseNote
    from sightline.protection.models import Visit
    from sightline.web.recording import USE_CASES, url_for

    child = world.children["a"]
    author = Worker.objects.get(user__username="sw")
    entries = {
        "note": CaseNote.objects.create(
            child=child, author=author, written_on=STARTED, text="Saw Alfie."
        ),
        "visit": Visit.objects.create(
            child=child, purpose="assessment", visited_on=STARTED, worker=author
        ),
    }
    client = signed_in(world, role)
    # The correction pages: reached from the case note or visit they correct, not the menu.
    pages = [
        name for name, case in USE_CASES.items() if not case.in_menu and case.subject in entries
    ]
    assert len(pages) >= 4
    for name in pages:
        entry = entries[USE_CASES[name].subject]
        response = client.get(url_for(name, child.la_child_id, entry.pk))
        expected = (200 if role in CORRECTS else 403) if "a" in SEES[role] else 404
        assert response.status_code == expected, (name, role, response.status_code)


# The front door's pages: the roles that decide contacts (decision 0025).
FRONT_DOOR_PAGES = {"front_door", "team_manager", "service_manager"}


@pytest.mark.parametrize("role", ROLES)
def test_the_front_door_pages_are_for_the_front_door_and_managers(world: World, role: str) -> None:
    client = signed_in(world, role)
    for name in ("frontdoor-queue", "frontdoor-search", "frontdoor-new-child"):
        expected = 200 if role in FRONT_DOOR_PAGES else 403
        assert client.get(reverse(name)).status_code == expected, name


@pytest.mark.parametrize("role", ROLES)
def test_a_contact_is_recorded_by_the_front_door_on_any_child_it_may_know_of(
    world: World, role: str
) -> None:
    """The front door records a contact on every child it may know exists (never a restricted
    record it is not named on); a manager on the children they may open; nobody else."""
    client = signed_in(world, role)
    for key in ("a", "b", "fd", "r"):
        child = world.children[key]
        response = client.get(reverse("frontdoor-contact", args=[child.la_child_id]))
        if role not in FRONT_DOOR_PAGES:
            expected = 403
        elif role == "front_door":
            expected = 404 if key == "r" else 200
        else:
            expected = 200 if key in SEES[role] else 404
        assert response.status_code == expected, key
        if expected != 200:
            assert child.given_name not in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_a_contact_is_decided_by_the_front_door_and_managers_on_children_they_may_open(
    world: World, role: str
) -> None:
    client = signed_in(world, role)
    for key in ("a", "fd"):
        child = world.children[key]
        response = client.get(reverse("record", args=[child.la_child_id, "decide-contact"]))
        allowed = 200 if role in FRONT_DOOR_PAGES else 403
        assert response.status_code == (allowed if key in SEES[role] else 404), key


@pytest.mark.parametrize("role", ROLES)
def test_the_account_pages_are_for_the_system_administrator_only(world: World, role: str) -> None:
    client = signed_in(world, role)
    someone = world.users["social_worker"]
    for name in ACCOUNT_PAGES:
        args = (
            []
            if name in ("accounts", "account-new", "teams", "team-new")
            else [Team.objects.get(name="Area B").pk]
            if name in ("team-rename", "team-move", "team-close")
            else [someone.pk]  # type: ignore[attr-defined]
        )
        response = client.get(reverse(name, args=args))
        assert response.status_code == (200 if role == "admin" else 403), name


# The data protection officer's pages (decision 0031), open to the roles the server command
# table allows (access.commands.COMMAND_ROLES): subject access for the officer; the audit trail,
# its verification and the restricted records for the officer and administrators; retention
# for them and senior leaders.
RECORDS_OFFICERS = {"dpo", "admin"}
DPO_PAGES = {
    "subject-access": {"dpo"},
    "audit": RECORDS_OFFICERS,
    "retention": RECORDS_OFFICERS | {"senior_leader"},
    "restricted-records": RECORDS_OFFICERS,
}


@pytest.mark.parametrize("role", ROLES)
def test_the_data_protection_pages_are_for_the_roles_their_commands_allow(
    world: World, role: str
) -> None:
    from sightline.jobs.models import Job

    client = signed_in(world, role)
    for name, allowed in DPO_PAGES.items():
        assert client.get(reverse(name)).status_code == (200 if role in allowed else 403), name
    job = Job.objects.create(
        kind=Job.Kind.AUDIT_VERIFICATION,
        started_by_name="dpo",
        queued_at=timezone.now(),
        reported_at=timezone.now(),
    )
    reads = role in RECORDS_OFFICERS
    assert client.get(reverse("audit-verification", args=[job.pk])).status_code == (
        200 if reads else 403
    )
    assert client.get(reverse("audit-user", args=["sw"])).status_code == (200 if reads else 403)
    for key in ("a", "r"):  # a child the officer may open; a restricted record not naming them
        la_child_id = world.children[key].la_child_id
        opens = 200 if key == "a" else 404
        response = client.get(reverse("audit-child", args=[la_child_id]))
        assert response.status_code == (opens if reads else 403), key
        response = client.get(reverse("subject-access-child", args=[la_child_id]))
        assert response.status_code == (opens if role == "dpo" else 403), key
        response = client.post(reverse("subject-access-download", args=[la_child_id, "release"]))
        assert response.status_code == (opens if role == "dpo" else 403), key
        if response.status_code != 200:
            assert world.children[key].given_name not in response.content.decode()
    response = client.post(reverse("audit-verify"))
    assert response.status_code == (302 if reads else 403)


def test_the_inspector_is_offered_no_form_on_any_page_it_reaches(world: World) -> None:
    """Read only (decision 0031): from the inspector's home, every page it reaches and every
    page those link to has no form that writes (a POST other than signing out) and no link
    to a recording page."""
    import re

    from tests.web.test_work_lists import links

    client = signed_in(world, "inspector")
    home = client.get(reverse("home")).content.decode()
    assert "Nothing here offers you a form" in home
    seen: set[str] = set()
    todo = [(href, 0) for href in links(home, "/")]
    while todo:
        href, depth = todo.pop()
        if href in seen or "/sign-out/" in href:
            continue
        seen.add(href)
        response = client.get(href)
        assert response.status_code == 200, href
        page = response.content.decode()
        posts = re.findall(r'<form[^>]*method="post"[^>]*>', page)
        assert all('action="/sign-out/"' in form for form in posts), (href, posts)
        assert "/record/" not in page, href
        if depth < 1:
            todo.extend((h, depth + 1) for h in links(page, href))
    assert {"/team-work/", "/validation/", "/children/"} <= seen
    from sightline.web.workspace import TABS

    for tab in TABS:  # every tab of a child's record it may read
        response = client.get(reverse(tab.name, args=[world.children["a"].la_child_id]))
        if tab.name == "seen-by":
            assert response.status_code == 403  # not the inspector's: not offered
            continue
        page = response.content.decode()
        assert response.status_code == 200, tab.name
        posts = re.findall(r'<form[^>]*method="post"[^>]*>', page)
        assert all('action="/sign-out/"' in form for form in posts), (tab.name, posts)
        assert "/record/" not in page, tab.name


@pytest.mark.parametrize("role", ROLES)
def test_everyone_may_choose_their_own_password(world: World, role: str) -> None:
    assert signed_in(world, role).get(reverse("change-password")).status_code == 200


# The personal adviser's home (decision 0029): personal advisers and the managers of teams.
YOUNG_PEOPLE = {"personal_adviser", "team_manager", "service_manager"}


@pytest.mark.parametrize("role", ROLES)
def test_the_personal_advisers_home_is_for_advisers_and_managers(world: World, role: str) -> None:
    response = signed_in(world, role).get(reverse("my-young-people"))
    assert response.status_code == (200 if role in YOUNG_PEOPLE else 403)


def test_every_named_url_is_covered_by_the_matrix() -> None:
    from django.urls import get_resolver

    names = {name for name in get_resolver().reverse_dict if isinstance(name, str)}
    covered = {
        "home",
        "find-child",
        "notices",
        "child-record",
        "child-due",
        "child-chronology",
        "child-case-notes",
        "child-visits",
        "child-plans",
        "child-care",
        "child-people",
        "child-data-checks",
        "break-glass",
        "seen-by",
        "login",
        "logout",
        "govuk-asset",
        "keep-alive",
        "my-work",
        "team-work",
        "team-reallocate",
        "validation",
        "validation-check-again",
        "validation-job",
        "insight-dashboard",
        "insight-kpi",
        "insight-children",
        "insight-store",
        "insight-job",
        "annex-a",
        "annex-a-list",
        "annex-a-download",
        "inspection-pack",
        "inspection-pack-pdf",
        "inspection-pack-figures",
        "record",
        "frontdoor-queue",
        "frontdoor-search",
        "frontdoor-contact",
        "frontdoor-new-child",
        *ACCOUNT_PAGES,
        "change-password",
        *DPO_PAGES,
        "subject-access-child",
        "subject-access-download",
        "audit-child",
        "audit-user",
        "audit-verify",
        "audit-verification",
        "child-leaving-care",
        "my-young-people",
        # Quality of practice (decision 0034): tested below.
        *QUALITY_PAGES,
        "quality-audit",
        "quality-audit-moderate",
        "quality-audit-respond",
        "quality-record-supervision",
    }
    assert names <= covered, f"add these URLs to the permission matrix: {sorted(names - covered)}"


# --- Quality of practice (issue 17, decision 0034): for managers and leaders ---------------------

QUALITY = {"team_manager", "service_manager", "senior_leader", "analyst"}
QUALITY_PAGES = (
    "quality-oversight",
    "quality-supervision",
    "quality-audits",
    "quality-findings",
    "quality-feedback",
    "quality-plan",
    "quality-board-pack",
    "quality-board-pack-pdf",
)


@pytest.mark.parametrize("role", ROLES)
def test_the_quality_pages_are_for_managers_and_leaders_not_every_worker(
    world: World, role: str
) -> None:
    client = signed_in(world, role)
    for name in QUALITY_PAGES:
        response = client.get(reverse(name))
        assert response.status_code == (200 if role in QUALITY else 403), (name, role)
        if response.status_code == 403:
            assert "Matrix" not in response.content.decode()


def _audit_of_a(world: World, audited: bool) -> object:
    from sightline.quality.models import CaseAudit
    from sightline.quality.templates_default import default_template

    sw = Worker.objects.get(user__username="sw")
    extra = {"status": "audited", "grade": 3, "summary": "Plan vague."} if audited else {}
    return CaseAudit.objects.create(
        template=default_template(),
        child=world.children["a"],
        month=date(2026, 11, 1),
        seed="2026-11",
        team=sw.team,
        stage="assessment",
        practitioner=sw,
        audited_on=date(2026, 11, 10) if audited else None,
        **extra,
    )


MAY_AUDIT = {"team_manager", "service_manager", "senior_leader"}


@pytest.mark.parametrize("role", ROLES)
def test_an_audit_opens_for_quality_readers_who_may_see_the_child_moderation_for_auditors(
    world: World, role: str
) -> None:
    case_audit = _audit_of_a(world, audited=True)
    client = signed_in(world, role)
    page = client.get(reverse("quality-audit", args=[case_audit.pk]))  # type: ignore[attr-defined]
    assert page.status_code == (200 if role in QUALITY else 403), role
    moderate = client.get(reverse("quality-audit-moderate", args=[case_audit.pk]))  # type: ignore[attr-defined]
    assert moderate.status_code == (200 if role in MAY_AUDIT else 403), role
    respond = client.get(reverse("quality-audit-respond", args=[case_audit.pk]))  # type: ignore[attr-defined]
    if "a" not in SEES[role]:
        assert respond.status_code == 404, role  # a child they may not see: no such audit
    else:
        allowed = role in {"social_worker", "team_manager", "service_manager"}  # the practitioner
        assert respond.status_code == (200 if allowed else 403), role
    for response in (page, moderate, respond):
        if response.status_code != 200:
            assert "Matrix" not in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_supervision_is_recorded_by_a_manager_of_the_worker_s_team(world: World, role: str) -> None:
    sw = Worker.objects.get(user__username="sw")
    response = signed_in(world, role).get(reverse("quality-record-supervision", args=[sw.pk]))
    expected = 200 if role in {"team_manager", "service_manager"} else 403
    assert response.status_code == expected, role


@pytest.mark.parametrize(
    "url",
    [
        *(reverse(name) for name in QUALITY_PAGES),
        reverse("quality-record-supervision", args=[1]),
        reverse("quality-audit", args=[1]),
        reverse("quality-audit-moderate", args=[1]),
        reverse("quality-audit-respond", args=[1]),
    ],
)
def test_anonymous_users_are_sent_to_sign_in_from_the_quality_pages(
    client: Client, url: str
) -> None:
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
