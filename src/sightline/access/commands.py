"""Which operators may run which command: one table, one check, one base class.

Command-line commands are run by the system's operators on the server and act with
authority-wide scope (CONTRACTS.md "The authority, the database, the operator"): a command
that reads or writes children's records reaches every child, restricted records included, so
the question is never "may this operator see this child" but "may this operator run this
command". ``COMMAND_ROLES`` answers it for every Sightline command (and, where a command has
tasks, for each task: ``"audit verify"``, ``"validate live"``). ``require_may_run`` is the only
place that decides, and ``OperatorCommand`` calls it before any command's ``handle`` runs, so a
new command cannot forget it: a test lists every Sightline command and requires both.

The operator is ``--as USERNAME`` (every ``OperatorCommand`` has the option), else the
operating-system user. A username with a Sightline account must be active and hold one of the
roles the table allows. A username with no Sightline account is the server's own operator (the
account that runs the service and holds the database) and is allowed: refusing it would stop
nobody, since it can read the database directly (decision 0009).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, NoReturn

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from sightline.access.actor import operator_name
from sightline.access.roles import READ_ONLY, Role

# Commands that touch no child's record (a file checked, a catalogue printed): anyone.
EVERYONE: frozenset[Role] = frozenset(Role)
RETURNS = frozenset(
    {
        Role.SENIOR_LEADER,
        Role.PERFORMANCE_ANALYST,
        Role.DATA_PROTECTION_OFFICER,
        Role.SYSTEM_ADMINISTRATOR,
    }
)
RECORDS_OFFICERS = frozenset({Role.DATA_PROTECTION_OFFICER, Role.SYSTEM_ADMINISTRATOR})
ADMINISTRATORS = frozenset({Role.SYSTEM_ADMINISTRATOR})

COMMAND_ROLES: dict[str, frozenset[Role]] = {
    # The audit trail: a child's listing, and the chain's integrity and retention.
    "audit": RECORDS_OFFICERS,
    "audit verify": RECORDS_OFFICERS,
    "audit checkpoint": RECORDS_OFFICERS,
    "audit prune": RECORDS_OFFICERS,
    # A subject access request is the data protection officer's.
    "sar": frozenset({Role.DATA_PROTECTION_OFFICER}),
    "retention report": RECORDS_OFFICERS | {Role.SENIOR_LEADER},
    "retention erase-drafts": RECORDS_OFFICERS,
    # Statutory returns: authority-wide roles; an import writes records, so not a read-only role.
    "export": RETURNS,
    "inspection-pack": RETURNS,
    "import": RETURNS - READ_ONLY,
    "validate live": RETURNS,
    "validate cin-census": EVERYONE,
    "validate ssda903": EVERYONE,
    "validate rules": EVERYONE,
    "figures store": RETURNS,
    "timescales due": RETURNS,
    "timescales timeliness": RETURNS,
    "timescales rebuild": ADMINISTRATORS,
    "timescales rules": EVERYONE,
    # Ofsted's register of providers: reference data the returns' rules read.
    "providers import": RETURNS - READ_ONLY,
    # Building a synthetic authority replaces what the database holds.
    "synth": ADMINISTRATORS,
    "demo": ADMINISTRATORS,
    # Quality of practice (decision 0034): the improvement plan's history, about no child.
    "quality load-history": frozenset({Role.SENIOR_LEADER, Role.SYSTEM_ADMINISTRATOR}),
}


class NotAllowed(PermissionError):
    """The operator's role may not run the command."""


def require_may_run(operation: str, username: str) -> None:
    """Raise ``NotAllowed`` unless ``username`` may run ``operation`` (a key of COMMAND_ROLES)."""
    from sightline.access.policy import role_of

    allowed = COMMAND_ROLES[operation]
    if allowed == EVERYONE:
        return
    users = get_user_model()
    if users._meta.db_table not in connection.introspection.table_names():
        return  # a database not yet migrated (`sightline demo` migrates it) has no accounts
    user = users.objects.filter(username=username).first()
    if user is None:
        return
    role = role_of(user)
    if user.is_active and role in allowed:
        return
    label = role.label.lower() if role else "no role"
    if not user.is_active:
        label += ", inactive"
    names = sorted(r.label.lower() for r in allowed)
    raise NotAllowed(
        f"{username} ({label}) may not run `sightline {operation}`: only "
        f"{', '.join(names[:-1])}{' or ' if len(names) > 1 else ''}{names[-1]} may"
    )


class OperatorCommand(BaseCommand):
    """A Sightline command: it takes ``--as USERNAME`` and checks the operator's role first.

    ``task_option`` names the positional argument that selects a task ("verify", "live"), so
    that each task has its own row in ``COMMAND_ROLES``; the command's name is its module's.
    """

    task_option: str | None = None

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.add_argument(
            "--as",
            dest="as",
            metavar="USERNAME",
            help="the operator, recorded in the audit trail and checked against the roles "
            "that may run this command (default: the operating-system user)",
        )
        return parser

    def operation(self, options: Mapping[str, Any]) -> str:
        name = type(self).__module__.rsplit(".", 1)[-1]
        task = options.get(self.task_option) if self.task_option else None
        return f"{name} {task}" if task else name

    def refuse(self, path: object, problems: Sequence[object], listed: int = 50) -> NoReturn:
        """A file that imports nothing: its first ``listed`` problems on standard error (each
        names its file, line and field), then one line saying so, as every import says it."""
        for problem in problems[:listed]:
            self.stderr.write(str(problem))
        if len(problems) > listed:
            self.stderr.write(f"... and {len(problems) - listed} more")
        raise CommandError(f"{path}: {len(problems)} problem(s); nothing was imported")

    def execute(self, *args: Any, **options: Any) -> Any:
        try:
            require_may_run(self.operation(options), operator_name(options))
        except NotAllowed as error:
            raise CommandError(str(error)) from None
        return super().execute(*args, **options)
