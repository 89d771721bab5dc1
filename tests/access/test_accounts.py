"""The administrator's pages for staff accounts (issue 15 item 4, decision 0031): create,
change role and team, deactivate, reactivate, reset a password; the one-time password and the
change it forces at the next sign-in; every change audited; no Django admin site."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sightline.access import services_accounts
from sightline.access.models import AccessProfile, AuditEvent
from sightline.access.policy import viewer_for
from sightline.access.roles import Role
from sightline.core.errors import JourneyError
from sightline.workforce.models import Team, Worker
from tests.factories import TeamFactory, WorkerFactory
from tests.web.factories import AllocationFactory, UserFactory


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def team(db: None) -> Team:
    return TeamFactory(name="Stroud safeguarding", kind=Team.Kind.SAFEGUARDING)


@pytest.fixture
def admin(db: None) -> Any:
    user = get_user_model().objects.create_user("admin.one", first_name="Ada", last_name="Min")
    AccessProfile.objects.create(user=user, role=Role.SYSTEM_ADMINISTRATOR.value)
    return user


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def one_time_password(page: str) -> str:
    found = re.search(r'data-testid="one-time-password"><code>([^<]+)</code>', page)
    assert found, "no one-time password on the page"
    return found.group(1)


def create(client: Client, team: Team | None, **extra: str) -> Any:
    data = {
        "username": "jo.bloggs",
        "given_name": "Jo",
        "family_name": "Bloggs",
        "email": "jo.bloggs@example.gov.uk",
        "role": Role.SOCIAL_WORKER.value,
        "team": str(team.pk) if team else "",
        **extra,
    }
    return client.post(reverse("account-new"), data)


def test_an_administrator_creates_an_account_in_a_team_and_sees_its_password_once(
    admin: Any, team: Team
) -> None:
    client = signed_in(admin)
    response = create(client, team)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    password = one_time_password(response.content.decode())
    user = get_user_model().objects.get(username="jo.bloggs")
    assert user.check_password(password)
    assert user.access_profile.role == Role.SOCIAL_WORKER.value
    assert user.access_profile.must_change_password
    worker = Worker.objects.get(user=user)
    assert (worker.team, worker.role, worker.full_name) == (team, "social_worker", "Jo Bloggs")
    assert viewer_for(user).team_ids == frozenset({team.pk})
    row = AuditEvent.objects.filter(what__startswith="Created the account jo.bloggs").get()
    assert (row.username, row.child_id, row.detail["account"]) == ("admin.one", None, "jo.bloggs")
    assert password not in str(row.detail) and password not in row.what
    # Shown once: the account's page never shows it again.
    page = client.get(reverse("account", args=[user.pk])).content.decode()
    assert password not in page
    assert "choose their own at their next sign-in" in page


def test_an_account_created_in_the_service_is_stored_with_argon2(team: Team) -> None:
    from django.test import override_settings

    from sightline import settings as project

    with override_settings(PASSWORD_HASHERS=project.PASSWORD_HASHERS):
        user, _password = services_accounts.create_account(
            username="argon.user",
            given_name="Argon",
            family_name="User",
            email="",
            role=Role.SOCIAL_WORKER.value,
            team=team,
        )
    assert project.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert user.password.startswith("argon2")


def test_the_form_keeps_what_was_typed_and_names_each_error(admin: Any, team: Team) -> None:
    client = signed_in(admin)
    response = create(client, None, given_name="")
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Create an account" in page
    assert "Enter their given name" in page
    assert 'value="jo.bloggs"' in page
    assert not get_user_model().objects.filter(username="jo.bloggs").exists()
    # The role's rule (a social worker needs a team) comes from the service, as a field error.
    response = create(client, None)
    assert response.status_code == 200
    assert "Choose the team a social worker works in" in response.content.decode()
    assert 'href="#id_team"' in response.content.decode()


def test_a_username_already_taken_is_refused_whatever_its_case(admin: Any, team: Team) -> None:
    client = signed_in(admin)
    assert create(client, team).status_code == 200
    response = create(client, team, username="Jo.Bloggs")
    assert response.status_code == 200
    assert "There is already an account with the username Jo.Bloggs" in response.content.decode()


def test_an_inspector_account_has_the_dates_of_the_visit_and_no_team(admin: Any) -> None:
    client = signed_in(admin)
    today = timezone.localdate()
    ends = today + timedelta(days=4)
    response = create(
        client,
        None,
        username="ofsted.one",
        role=Role.INSPECTOR.value,
        **{
            "visit_starts-day": str(today.day),
            "visit_starts-month": str(today.month),
            "visit_starts-year": str(today.year),
            "visit_ends-day": str(ends.day),
            "visit_ends-month": str(ends.month),
            "visit_ends-year": str(ends.year),
        },
    )
    assert response.status_code == 200
    profile = AccessProfile.objects.get(user__username="ofsted.one")
    assert timezone.localtime(profile.valid_from).date() == today
    assert timezone.localtime(profile.valid_until).date() == ends
    assert viewer_for(profile.user).active
    # Without the dates the account is refused: an inspector's access is always time-limited.
    response = create(client, None, username="ofsted.two", role=Role.INSPECTOR.value)
    assert response.status_code == 200
    assert "Enter the first day of the inspection" in response.content.decode()


def test_signing_in_with_a_one_time_password_leads_to_choosing_a_new_one_first(
    admin: Any, team: Team
) -> None:
    password = one_time_password(create(signed_in(admin), team).content.decode())
    client = Client()
    response = client.post(reverse("login"), {"username": "jo.bloggs", "password": password})
    assert response.status_code == 302
    # Every page but choosing a password (and signing out) goes there.
    for page in ("home", "find-child", "my-work", "notices"):
        response = client.get(reverse(page))
        assert response.status_code == 302
        assert response["Location"] == reverse("change-password")
    response = client.post(
        reverse("change-password"),
        {"new_password1": "short", "new_password2": "short"},
    )
    assert response.status_code == 200
    assert "at least 12 characters" in response.content.decode()
    new = "plum kettle orbit 42"
    response = client.post(reverse("change-password"), {"new_password1": new, "new_password2": new})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200  # still signed in, free to go on
    user = get_user_model().objects.get(username="jo.bloggs")
    assert user.check_password(new) and not user.check_password(password)
    assert not user.access_profile.must_change_password
    assert AuditEvent.objects.filter(
        username="jo.bloggs", what="Changed their own password"
    ).exists()


def test_a_deactivated_account_cannot_sign_in_and_its_session_ends(admin: Any, team: Team) -> None:
    user = get_user_model().objects.create_user("leaver", password="plum kettle orbit 42")
    WorkerFactory(team=team, role="social_worker", user=user)
    AccessProfile.objects.create(user=user, role=Role.SOCIAL_WORKER.value)
    theirs = Client()
    assert theirs.login(username="leaver", password="plum kettle orbit 42")
    client = signed_in(admin)
    confirm = client.get(reverse("account-deactivate", args=[user.pk]))
    assert "Deactivate the account leaver?" in confirm.content.decode()
    response = client.post(reverse("account-deactivate", args=[user.pk]))
    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.is_active
    assert theirs.get(reverse("home")).status_code == 302  # signed out at the next click
    assert not Client().login(username="leaver", password="plum kettle orbit 42")
    assert AuditEvent.objects.filter(what="Deactivated the account leaver").exists()
    # Reactivated, with a new one-time password (the old one no longer works).
    response = client.post(reverse("account-reactivate", args=[user.pk]))
    password = one_time_password(response.content.decode())
    user.refresh_from_db()
    assert user.is_active and user.check_password(password)
    assert not user.check_password("plum kettle orbit 42")


def test_resetting_a_password_ends_the_old_one_and_every_session(admin: Any, team: Team) -> None:
    user = get_user_model().objects.create_user("forgot", password="plum kettle orbit 42")
    AccessProfile.objects.create(user=user, role=Role.SENIOR_LEADER.value)
    theirs = Client()
    assert theirs.login(username="forgot", password="plum kettle orbit 42")
    response = signed_in(admin).post(reverse("account-reset-password", args=[user.pk]))
    password = one_time_password(response.content.decode())
    assert theirs.get(reverse("home")).status_code == 302
    assert not Client().login(username="forgot", password="plum kettle orbit 42")
    assert Client().login(username="forgot", password=password)
    assert AccessProfile.objects.get(user=user).must_change_password


def test_changing_a_role_moves_the_worker_and_is_audited(admin: Any, team: Team) -> None:
    other = TeamFactory(name="Children in care", kind=Team.Kind.CHILDREN_IN_CARE)
    user = get_user_model().objects.create_user("mover")
    WorkerFactory(team=team, role="social_worker", user=user)
    AccessProfile.objects.create(user=user, role=Role.SOCIAL_WORKER.value)
    response = signed_in(admin).post(
        reverse("account-role", args=[user.pk]),
        {"role": Role.TEAM_MANAGER.value, "team": str(other.pk)},
    )
    assert response.status_code == 302
    worker = Worker.objects.get(user=user)
    assert (worker.role, worker.team) == ("team_manager", other)
    assert AccessProfile.objects.get(user=user).role == Role.TEAM_MANAGER.value
    row = AuditEvent.objects.get(what__startswith="Changed the role of mover")
    assert row.detail["role_before"] == "social_worker"
    # To a role with no team: the worker record ends and the account leaves it.
    signed_in(admin).post(
        reverse("account-role", args=[user.pk]), {"role": Role.DATA_PROTECTION_OFFICER.value}
    )
    worker.refresh_from_db()
    assert worker.user_id is None and worker.left_on == timezone.localdate()
    assert viewer_for(get_user_model().objects.get(pk=user.pk)).worker_id is None


def test_an_administrator_cannot_change_their_own_role_or_lock_themselves_out(
    admin: Any,
) -> None:
    with pytest.raises(JourneyError, match="your own role"):
        services_accounts.change_role(
            user=admin, role=Role.SOCIAL_WORKER.value, team=None, by=admin
        )
    response = signed_in(admin).post(reverse("account-deactivate", args=[admin.pk]))
    assert response.status_code == 200
    assert "You cannot deactivate your own account" in response.content.decode()
    admin.refresh_from_db()
    assert admin.is_active


def test_the_accounts_list_finds_by_name_role_and_status(admin: Any, team: Team) -> None:
    for name, role in (("sam.worker", "social_worker"), ("max.manager", "team_manager")):
        user = get_user_model().objects.create_user(name, first_name=name.split(".")[0])
        WorkerFactory(team=team, role=role, user=user)
    client = signed_in(admin)
    page = client.get(reverse("accounts")).content.decode()
    assert "sam.worker" in page and "max.manager" in page and "Stroud safeguarding" in page
    page = client.get(reverse("accounts"), {"role": "team_manager"}).content.decode()
    assert "max.manager" in page and "sam.worker" not in page
    page = client.get(reverse("accounts"), {"words": "sam"}).content.decode()
    assert "sam.worker" in page and "max.manager" not in page
    page = client.get(reverse("accounts"), {"state": "deactivated"}).content.decode()
    assert "No account matches" in page


def test_there_is_no_django_admin_site_for_peoples_data(admin: Any) -> None:
    assert "django.contrib.admin" not in settings.INSTALLED_APPS
    assert signed_in(admin).get("/admin/").status_code == 404


@pytest.mark.parametrize(
    "role", [r for r in Role if r != Role.SYSTEM_ADMINISTRATOR], ids=lambda r: r.value
)
def test_only_the_administrator_may_open_the_account_pages(db: None, role: Role) -> None:
    user = get_user_model().objects.create_user(f"someone-{role.value}")
    window = (
        {
            "valid_from": timezone.now() - timedelta(days=1),
            "valid_until": timezone.now() + timedelta(days=1),
        }
        if role == Role.INSPECTOR
        else {}
    )
    AccessProfile.objects.create(user=user, role=role.value, **window)
    client = signed_in(user)
    team = TeamFactory(name="Forest safeguarding")
    for name, args in (
        ("accounts", []),
        ("teams", []),
        ("team-new", []),
        ("team-rename", [team.pk]),
        ("team-move", [team.pk]),
        ("team-close", [team.pk]),
        ("account-new", []),
        ("account", [user.pk]),
        ("account-role", [user.pk]),
        ("account-deactivate", [user.pk]),
        ("account-reactivate", [user.pk]),
        ("account-reset-password", [user.pk]),
    ):
        assert client.get(reverse(name, args=args)).status_code == 403, name
        assert client.post(reverse(name, args=args)).status_code == 403, name
    user.refresh_from_db()
    team.refresh_from_db()
    assert user.is_active and team.closed_on is None  # the refusals changed nothing
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.CHANGE).exists()


def test_an_administrator_creates_a_team_under_another(admin: Any, team: Team) -> None:
    client = signed_in(admin)
    response = client.post(
        reverse("team-new"),
        {"name": "Stroud  early help", "kind": Team.Kind.EARLY_HELP, "parent": str(team.pk)},
    )
    assert response.status_code == 302
    created = Team.objects.get(name="Stroud early help")
    assert created.parent == team
    assert AuditEvent.objects.filter(
        username="admin.one", what="Created the team Stroud early help under Stroud safeguarding"
    ).exists()
    page = client.get(reverse("teams")).content.decode()
    assert "Stroud early help" in page and "Early help" in page
    again = client.post(reverse("team-new"), {"name": "stroud early help", "kind": "early_help"})
    assert "There is already a team called stroud early help" in again.content.decode()
    assert Team.objects.filter(name__iexact="stroud early help").count() == 1


def test_an_administrator_renames_a_team_and_a_name_taken_is_refused(
    admin: Any, team: Team
) -> None:
    TeamFactory(name="Forest safeguarding")
    client = signed_in(admin)
    url = reverse("team-rename", args=[team.pk])
    assert 'value="Stroud safeguarding"' in client.get(url).content.decode()
    taken = client.post(url, {"name": "forest  safeguarding"}).content.decode()
    assert 'class="govuk-error-summary"' in taken
    assert "There is already a team called forest safeguarding" in taken
    assert client.post(url, {"name": "Stroud and Dursley safeguarding"}).status_code == 302
    team.refresh_from_db()
    assert team.name == "Stroud and Dursley safeguarding"
    assert AuditEvent.objects.filter(
        username="admin.one",
        what="Renamed the team Stroud safeguarding to Stroud and Dursley safeguarding",
    ).exists()


def test_an_administrator_moves_a_team_and_the_managers_above_see_its_children_then(
    admin: Any, team: Team
) -> None:
    """Moving Stroud safeguarding from the Stroud area to the Forest area: the Forest service
    manager then reaches its team (and so its children), the Stroud one no longer does; the move
    is audited."""
    stroud = TeamFactory(name="Stroud area", kind=Team.Kind.SERVICE)
    forest = TeamFactory(name="Forest area", kind=Team.Kind.SERVICE)
    team.parent = stroud
    team.save()
    AllocationFactory(worker=WorkerFactory(team=team), team=team)
    managers = {
        area.name: WorkerFactory(
            team=area, role=Role.SERVICE_MANAGER.value, user=UserFactory()
        ).user
        for area in (stroud, forest)
    }
    for user in managers.values():
        AccessProfile.objects.create(user=user, role=Role.SERVICE_MANAGER.value)

    def sees(area: str) -> bool:
        return team.pk in viewer_for(get_user_model().objects.get(pk=managers[area].pk)).team_ids

    assert sees("Stroud area") and not sees("Forest area")
    client = signed_in(admin)
    url = reverse("team-move", args=[team.pk])
    assert client.post(url, {"parent": str(forest.pk)}).status_code == 302
    team.refresh_from_db()
    assert team.parent == forest
    assert sees("Forest area") and not sees("Stroud area")
    assert AuditEvent.objects.filter(
        username="admin.one", what="Moved the team Stroud safeguarding under Forest area"
    ).exists()
    assert client.post(url, {"parent": ""}).status_code == 302
    team.refresh_from_db()
    assert team.parent is None


def test_a_team_is_never_moved_under_itself_or_a_team_below_it(admin: Any, team: Team) -> None:
    below = TeamFactory(name="Stroud early help", kind=Team.Kind.EARLY_HELP, parent=team)
    url = reverse("team-move", args=[team.pk])
    client = signed_in(admin)
    offered = client.get(url).content.decode()
    assert f'value="{below.pk}"' not in offered and f'value="{team.pk}"' not in offered
    refused = client.post(url, {"parent": str(below.pk)}).content.decode()
    assert 'class="govuk-error-summary"' in refused  # not one of the choices offered
    with pytest.raises(JourneyError, match="cannot be part of itself or of a team under it"):
        services_accounts.move_team(team=team, parent=below)
    with pytest.raises(JourneyError, match="cannot be part of itself or of a team under it"):
        services_accounts.move_team(team=team, parent=team)
    team.refresh_from_db()
    assert team.parent is None
    assert not AuditEvent.objects.filter(what__startswith="Moved the team").exists()


def test_a_team_with_children_or_people_is_not_closed_and_the_page_says_why(
    admin: Any, team: Team
) -> None:
    worker = WorkerFactory(team=team, role="social_worker")
    AllocationFactory(worker=worker, team=team)
    client = signed_in(admin)
    url = reverse("team-close", args=[team.pk])
    before = client.get(url).content.decode()
    assert (
        "Stroud safeguarding cannot be closed while it has 1 child allocated to it and 1 "
        "person working in it"
    ) in before
    assert "Close the team</button>" not in before  # nothing to press that would be refused
    refused = client.post(url).content.decode()
    assert 'class="govuk-error-summary"' in refused
    assert "cannot be closed while it has 1 child allocated to it" in refused
    team.refresh_from_db()
    assert team.closed_on is None
    assert not AuditEvent.objects.filter(what__startswith="Closed the team").exists()


def test_an_empty_team_is_closed_audited_and_no_longer_offered(admin: Any, team: Team) -> None:
    left = WorkerFactory(team=team, role="social_worker", left_on=timezone.localdate())
    assert left.left_on is not None
    client = signed_in(admin)
    assert client.post(reverse("team-close", args=[team.pk])).status_code == 302
    team.refresh_from_db()
    assert team.closed_on == timezone.localdate()
    assert AuditEvent.objects.filter(
        username="admin.one", what="Closed the team Stroud safeguarding"
    ).exists()
    assert f'value="{team.pk}"' not in client.get(reverse("account-new")).content.decode()
    assert "Closed" in client.get(reverse("teams")).content.decode()
    assert client.get(reverse("team-close", args=[team.pk])).status_code == 404
    with pytest.raises(JourneyError, match="is closed"):
        services_accounts.create_account(
            username="new.one",
            given_name="New",
            family_name="One",
            email="",
            role=Role.SOCIAL_WORKER.value,
            team=team,
        )
