"""Which operators may run which command: one table (``access/commands.py``), one check, used
by every Sightline command before it does anything (issue 12, finding 11)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command, get_commands, load_command_class
from django.core.management.base import BaseCommand, CommandError

from sightline.access.commands import COMMAND_ROLES, EVERYONE, OperatorCommand
from sightline.access.models import AccessProfile, AuditEvent
from sightline.access.roles import AUTHORITY_WIDE, Role
from sightline.access.services import restrict_record
from sightline.people.models import Person

pytestmark = pytest.mark.django_db


def user_with(role: Role, username: str) -> None:
    user = get_user_model().objects.create_user(username)
    AccessProfile.objects.create(user=user, role=role.value)


@pytest.fixture
def restricted(child: Person) -> Person:
    owner = get_user_model().objects.create_user("owner.named")
    restrict_record(child=child, reason="A staff member's child", named_users=[], by=owner)
    return child


def test_sar_refuses_a_family_support_worker_on_a_restricted_child(
    restricted: Person, tmp_path: Path
) -> None:
    user_with(Role.FAMILY_SUPPORT_WORKER, "family.support")
    before = AuditEvent.objects.count()
    with pytest.raises(CommandError, match=r"family\.support .*may not"):
        call_command(
            "sar",
            "--child",
            restricted.la_child_id,
            "--out",
            str(tmp_path),
            "--as",
            "family.support",
        )
    assert not any(tmp_path.iterdir())
    assert AuditEvent.objects.count() == before


def test_audit_listing_refuses_an_inspector_on_a_restricted_child(restricted: Person) -> None:
    user_with(Role.INSPECTOR, "inspector")
    out = io.StringIO()
    with pytest.raises(CommandError, match=r"inspector .*may not"):
        call_command("audit", "--child", restricted.la_child_id, "--as", "inspector", stdout=out)
    assert out.getvalue() == ""
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()


# --- Every command, every role --------------------------------------------------------------

# Arguments that reach each row of the table (the command's work itself is replaced below).
ARGS: dict[str, list[str]] = {
    "audit": ["--child", "X"],
    "audit verify": ["verify"],
    "audit checkpoint": ["checkpoint"],
    "audit prune": ["prune"],
    "sar": ["--child", "X", "--out", "out"],
    "retention report": ["report"],
    "retention erase-drafts": ["erase-drafts"],
    "export": ["ssda903", "--year", "2026", "--out", "out"],
    "import": ["ssda903", "in"],
    "validate live": ["live"],
    "validate cin-census": ["cin-census", "in.xml"],
    "validate ssda903": ["ssda903", "in"],
    "validate rules": ["rules"],
    "figures store": ["store"],
    "timescales due": ["due"],
    "timescales timeliness": ["timeliness"],
    "timescales rebuild": ["rebuild"],
    "timescales rules": ["rules"],
    "synth": [],
    "demo": [],
    "providers import": ["import", "register.csv"],
    "inspection-pack": ["--as-of", "2026-11-23", "--out", "out"],
    "quality load-history": ["load-history"],
}


def sightline_commands() -> dict[str, OperatorCommand | BaseCommand]:
    return {
        name: load_command_class(app, name)
        for name, app in get_commands().items()
        if app.startswith("sightline")
    }


def operations_of(name: str, command: OperatorCommand) -> set[str]:
    if command.task_option is None:
        return {name}
    parser = command.create_parser("sightline", name)
    action = next(a for a in parser._actions if a.dest == command.task_option)
    tasks = set(action.choices or [])
    # A task argument that may be left out (`audit --child X`) is the command's own row.
    return {f"{name} {task}" for task in tasks} | ({name} if action.nargs == "?" else set())


def test_every_sightline_command_checks_the_operator_against_the_one_table() -> None:
    commands = sightline_commands()
    assert commands, "no Sightline commands found"
    not_checked = [n for n, c in commands.items() if not isinstance(c, OperatorCommand)]
    assert not_checked == []
    operations = set().union(
        *(operations_of(n, c) for n, c in commands.items() if isinstance(c, OperatorCommand))
    )
    assert operations == set(COMMAND_ROLES)
    assert set(ARGS) == set(COMMAND_ROLES)


@pytest.mark.parametrize("operation", sorted(COMMAND_ROLES))
def test_each_role_may_run_exactly_the_commands_the_table_gives_it(
    operation: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    name = operation.split()[0]
    command = sightline_commands()[name]
    ran: list[str] = []
    monkeypatch.setattr(type(command), "handle", lambda self, *a, **o: ran.append(o["as"]))
    for role in Role:
        user_with(role, f"op.{role.value}")
    get_user_model().objects.create_user("op.left", is_active=False)
    AccessProfile.objects.create(
        user=get_user_model().objects.get(username="op.left"), role=Role.SYSTEM_ADMINISTRATOR
    )
    outcome: dict[str, bool] = {}
    for username in [f"op.{role.value}" for role in Role] + ["op.left", "server.operator"]:
        try:
            call_command(name, *ARGS[operation], "--as", username, stdout=io.StringIO())
        except CommandError as error:
            assert f"{username} (" in str(error) and "may not run" in str(error)
            outcome[username] = False
        else:
            outcome[username] = True
    expected = {f"op.{role.value}": role in COMMAND_ROLES[operation] for role in Role}
    expected["op.left"] = COMMAND_ROLES[operation] == EVERYONE  # an inactive account
    expected["server.operator"] = True  # no Sightline account: the server's own operator
    assert outcome == expected
    assert ran == [u for u, allowed in expected.items() if allowed]


def test_commands_that_reach_childrens_records_are_for_authority_wide_roles_only() -> None:
    reaches_records = {op for op, roles in COMMAND_ROLES.items() if roles != EVERYONE}
    assert reaches_records >= {"audit", "sar", "export", "import", "validate live"}
    for operation in reaches_records:
        roles = COMMAND_ROLES[operation]
        assert roles <= AUTHORITY_WIDE - {Role.INSPECTOR}, operation
    assert COMMAND_ROLES["sar"] == {Role.DATA_PROTECTION_OFFICER}
    assert Role.PERFORMANCE_ANALYST not in COMMAND_ROLES["import"]  # a read-only role
