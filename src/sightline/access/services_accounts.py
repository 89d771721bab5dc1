"""Writes for staff accounts (decision 0031): create, change role and team, deactivate and
reactivate, reset a password, change one's own password; create, rename and close a team.

Each is a ``@service`` and writes one audit row naming no child (``change``, with the account's
username in the hashed detail, never a password): the audit trail says which administrator
did what to which account. Passwords are stored by Django's first hasher, Argon2 (settings).

A new account and a reset password get a one-time password, shown once to the administrator,
and the account must choose its own password at the next sign-in (``must_change_password``):
what a council's IT service does (the administrator never knows a password in use, and a
password read out over the phone is good for one sign-in only).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from sightline.access import accounts, queries
from sightline.access.models import AccessProfile
from sightline.access.roles import Role
from sightline.core import rules
from sightline.core.clock import today_or
from sightline.core.writes import service
from sightline.workforce.models import Team, Worker

R = "Account"
USERNAME = re.compile(r"^[\w.@+-]{2,150}$")


def _audit(what: str, username: str, **detail: Any) -> None:
    from sightline.access import audit

    audit.record(audit.Action.CHANGE, what, detail={"account": username, **detail})


def _check_role(
    role: str,
    team: Team | None,
    visit_starts: date | None,
    visit_ends: date | None,
    today: date,
) -> Role:
    rules.require(role in Role._value2member_map_, R, "role", "Choose a role")
    chosen = Role(role)
    problem = accounts.team_problem(chosen, team is not None)
    rules.require(problem is None, R, "team", problem or "")
    wrong = accounts.window_problem(chosen, visit_starts, visit_ends, today)
    if wrong is not None:
        rules.require(False, R, wrong[0], wrong[1])
    return chosen


def _profile_window(role: Role, starts: date | None, ends: date | None) -> dict[str, Any]:
    if role == Role.INSPECTOR and starts is not None and ends is not None:
        valid_from, valid_until = accounts.window(starts, ends)
        return {"valid_from": valid_from, "valid_until": valid_until}
    return {"valid_from": None, "valid_until": None}


def _place_in_team(user: Any, role: Role, team: Team | None, today: date) -> None:
    """The account's worker record: created or moved for a role in a team; ended (and the
    account unlinked from it) for a role in none. Allocations stay with the worker."""
    worker = Worker.objects.filter(user=user).first()
    if team is not None:
        rules.require(team.closed_on is None, R, "team", f"The team {team.name} is closed")
        if worker is None:
            Worker.objects.create(
                user=user,
                given_name=user.first_name,
                family_name=user.last_name,
                role=role.value,
                team=team,
                started_on=today,
            )
        else:
            worker.role, worker.team, worker.left_on = role.value, team, None
            worker.save(update_fields=["role", "team", "left_on"])
    elif worker is not None:
        worker.left_on, worker.user = today, None
        worker.save(update_fields=["left_on", "user"])


@service
def create_account(
    *,
    username: str,
    given_name: str,
    family_name: str,
    email: str,
    role: str,
    team: Team | None,
    visit_starts: date | None = None,
    visit_ends: date | None = None,
    today: date | None = None,
) -> tuple[Any, str]:
    """A new account with a role (and a team where the role has one), and its one-time
    password, returned to be shown once. The account must change it at its first sign-in."""
    today = today_or(today)
    username = username.strip()
    rules.require(
        bool(USERNAME.match(username)),
        R,
        "username",
        "Enter a username of 2 to 150 letters, digits and . @ + - _ only",
    )
    users = get_user_model()
    rules.require(
        not users.objects.filter(username__iexact=username).exists(),
        R,
        "username",
        f"There is already an account with the username {username}",
    )
    rules.require(bool(given_name.strip()), R, "given_name", "Enter their given name")
    rules.require(bool(family_name.strip()), R, "family_name", "Enter their family name")
    chosen = _check_role(role, team, visit_starts, visit_ends, today)
    password = accounts.one_time_password()
    user = users(
        username=username,
        first_name=given_name.strip(),
        last_name=family_name.strip(),
        email=email.strip(),
    )
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:  # the same username saved a moment ago by another administrator
        rules.require(
            False, R, "username", f"There is already an account with the username {username}"
        )
    AccessProfile.objects.create(
        user=user,
        role=chosen.value,
        must_change_password=True,
        **_profile_window(chosen, visit_starts, visit_ends),
    )
    _place_in_team(user, chosen, team, today)
    _audit(
        f"Created the account {username} ({chosen.label}"
        + (f", {team.name}" if team else "")
        + ")",
        username,
        role=chosen.value,
        team=team.name if team else None,
        visit_starts=visit_starts,
        visit_ends=visit_ends,
    )
    return user, password


@service
def change_role(
    *,
    user: Any,
    role: str,
    team: Team | None,
    by: Any,
    visit_starts: date | None = None,
    visit_ends: date | None = None,
    today: date | None = None,
) -> AccessProfile:
    """Change an account's role and team. Nobody changes their own (another administrator
    does), so an administrator cannot lock the service out of its administration."""
    today = today_or(today)
    rules.require(
        user.pk != by.pk, R, "role", "You cannot change your own role: ask another administrator"
    )
    chosen = _check_role(role, team, visit_starts, visit_ends, today)
    before = AccessProfile.objects.filter(user=user).values_list("role", flat=True).first()
    profile, _ = AccessProfile.objects.update_or_create(
        user=user,
        defaults={"role": chosen.value, **_profile_window(chosen, visit_starts, visit_ends)},
    )
    _place_in_team(user, chosen, team, today)
    _audit(
        f"Changed the role of {user.get_username()} to {chosen.label}"
        + (f", {team.name}" if team else ""),
        user.get_username(),
        role=chosen.value,
        role_before=before,
        team=team.name if team else None,
        visit_starts=visit_starts,
        visit_ends=visit_ends,
    )
    return profile


@service
def deactivate_account(*, user: Any, by: Any) -> Any:
    """The account can no longer sign in, and any session it has ends at its next request.
    Its history (audit trail, records written, allocations) stays."""
    rules.require(user.pk != by.pk, R, "user", "You cannot deactivate your own account")
    rules.require(user.is_active, R, "user", f"{user.get_username()} is already deactivated")
    user.is_active = False
    user.save(update_fields=["is_active"])
    _audit(f"Deactivated the account {user.get_username()}", user.get_username())
    return user


@service
def reactivate_account(*, user: Any, by: Any) -> tuple[Any, str]:
    """The account may sign in again, with a new one-time password (the old one may have been
    known to someone else while it was deactivated)."""
    rules.require(not user.is_active, R, "user", f"{user.get_username()} is already active")
    user.is_active = True
    password = accounts.one_time_password()
    user.set_password(password)
    user.save(update_fields=["is_active", "password"])
    AccessProfile.objects.filter(user=user).update(must_change_password=True)
    _audit(
        f"Reactivated the account {user.get_username()} with a one-time password",
        user.get_username(),
    )
    return user, password


@service
def reset_password(*, user: Any, by: Any) -> str:
    """A new one-time password for someone who has forgotten theirs, returned to be shown
    once; the old password stops working and every session of the account ends. Not one's
    own: that is "Change your password"."""
    rules.require(
        user.pk != by.pk, R, "user", "Change your own password from your account, not here"
    )
    rules.require(user.is_active, R, "user", "Reactivate the account first")
    password = accounts.one_time_password()
    user.set_password(password)
    user.save(update_fields=["password"])
    updated = AccessProfile.objects.filter(user=user).update(must_change_password=True)
    rules.require(updated == 1, R, "user", "This account has no role: give it one first")
    _audit(
        f"Reset the password of {user.get_username()} (a one-time password was issued)",
        user.get_username(),
    )
    return password


@service
def change_own_password(*, user: Any, password: str) -> Any:
    """The signed-in user chooses a new password (checked by the password validators: at least
    12 characters, not common, not all digits, not like their name)."""
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        rules.require(False, "Password", "new_password1", " ".join(error.messages))
    user.set_password(password)
    user.save(update_fields=["password"])
    AccessProfile.objects.filter(user=user).update(must_change_password=False)
    _audit("Changed their own password", user.get_username())
    return user


@service
def create_team(*, name: str, kind: str, parent: Team | None) -> Team:
    """A new team, under another where it has one (a manager sees the teams below theirs)."""
    name = _team_name(name)
    rules.require(kind in Team.Kind.values, "Team", "kind", "Choose what the team does")
    rules.require(
        parent is None or parent.closed_on is None, "Team", "parent", "That team is closed"
    )
    team = Team.objects.create(name=name, kind=kind, parent=parent)
    from sightline.access import audit

    audit.record(
        audit.Action.CHANGE,
        f"Created the team {name}" + (f" under {parent.name}" if parent else ""),
        detail={"team": name, "kind": kind, "parent": parent.name if parent else None},
    )
    return team


def _team_name(name: str, team: Team | None = None) -> str:
    name = " ".join(name.split())
    rules.require(bool(name), "Team", "name", "Enter the team's name")
    others = Team.objects.filter(name__iexact=name)
    if team is not None:
        others = others.exclude(pk=team.pk)
    rules.require(not others.exists(), "Team", "name", f"There is already a team called {name}")
    return name


@service
def rename_team(*, team: Team, name: str) -> Team:
    """A team's new name (its children, people and history stay with it)."""
    Team.objects.select_for_update().filter(pk=team.pk).first()
    team.refresh_from_db()
    old = team.name
    team.name = _team_name(name, team)
    if team.name == old:
        return team
    team.save(update_fields=["name"])
    from sightline.access import audit

    audit.record(
        audit.Action.CHANGE,
        f"Renamed the team {old} to {team.name}",
        detail={"team": team.name, "was": old},
    )
    return team


@service
def move_team(*, team: Team, parent: Team | None) -> Team:
    """Put a team under another (or at the top): the managers of the teams above it then see its
    children, and those of its old place no longer do. Never under itself or a team below it."""
    from sightline.access.policy import teams_below

    Team.objects.select_for_update().filter(pk=team.pk).first()
    team.refresh_from_db()
    rules.require(team.closed_on is None, "Team", "__all__", f"{team.name} is closed")
    rules.require(
        parent is None or parent.closed_on is None, "Team", "parent", "That team is closed"
    )
    rules.require(
        parent is None or parent.pk not in teams_below(team.pk),
        "Team",
        "parent",
        f"{team.name} cannot be part of itself or of a team under it",
    )
    if team.parent_id == (parent.pk if parent else None):
        return team
    was = team.parent.name if team.parent else None
    team.parent = parent
    team.save(update_fields=["parent"])
    from sightline.access import audit

    audit.record(
        audit.Action.CHANGE,
        f"Moved the team {team.name} " + (f"under {parent.name}" if parent else "to the top"),
        detail={"team": team.name, "parent": parent.name if parent else None, "was": was},
    )
    return team


@service
def close_team(*, team: Team, today: date | None = None) -> Team:
    """Close a team nobody works in and no child is allocated to (refused, saying why,
    otherwise). A closed team keeps its history and is no longer offered."""
    today = today_or(today)
    Team.objects.select_for_update().filter(pk=team.pk).first()
    team.refresh_from_db()
    rules.require(team.closed_on is None, "Team", "__all__", f"{team.name} is already closed")
    problem = queries.team_close_problem(team, today)
    rules.require(problem is None, "Team", "__all__", problem or "")
    team.closed_on = today
    team.save(update_fields=["closed_on"])
    from sightline.access import audit

    audit.record(
        audit.Action.CHANGE,
        f"Closed the team {team.name}",
        detail={"team": team.name, "closed_on": today.isoformat()},
    )
    return team
