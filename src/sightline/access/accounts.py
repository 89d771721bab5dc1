"""Pure rules about staff accounts (decision 0031): which roles belong to a team, the
inspector's window, and the one-time password an administrator hands over.

No database here: the services in ``access/services_accounts.py`` apply these rules.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from sightline.access.roles import Role

# Roles whose work is a team's caseload: the account needs a team (its worker record), since
# the team decides which children they see (access.policy).
TEAM_ROLES = frozenset(
    {
        Role.FRONT_DOOR,
        Role.SOCIAL_WORKER,
        Role.FAMILY_SUPPORT_WORKER,
        Role.PERSONAL_ADVISER,
        Role.REVIEWING_OFFICER,
        Role.TEAM_MANAGER,
        Role.SERVICE_MANAGER,
    }
)
# Authority-wide roles that may belong to a team (a senior leader heads a service; an analyst
# may sit in one) but see every child whether or not they do.
TEAM_OPTIONAL = frozenset({Role.SENIOR_LEADER, Role.PERFORMANCE_ANALYST})
# Roles that are never a team's worker: the data protection officer, the administrator and an
# inspector from outside the authority.
NO_TEAM = frozenset({Role.DATA_PROTECTION_OFFICER, Role.SYSTEM_ADMINISTRATOR, Role.INSPECTOR})

INSPECTION_MAX_DAYS = 42  # the longest inspection window an administrator may give (six weeks)

# Letters and digits that cannot be mistaken for each other when read out or copied by hand.
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
_GROUPS, _GROUP = 4, 4


def one_time_password() -> str:
    """A random password to hand over once (four groups of four, e.g. ``k7pq-3mxd-9rtw-h2fv``):
    about 79 bits from ``secrets``, longer than the 12 characters the validators ask for, and
    changed by its user at the first sign-in."""
    return "-".join(
        "".join(secrets.choice(_ALPHABET) for _ in range(_GROUP)) for _ in range(_GROUPS)
    )


def team_problem(role: Role, has_team: bool) -> str | None:
    """Why this role cannot have (or be without) a team; None when it is right."""
    if role in TEAM_ROLES and not has_team:
        return f"Choose the team a {role.label.lower()} works in"
    if role in NO_TEAM and has_team:
        return f"A {role.label.split(' (')[0].lower()} does not belong to a team: choose no team"
    return None


def window_problem(
    role: Role, starts: date | None, ends: date | None, today: date
) -> tuple[str, str] | None:
    """(field, message) when an inspector's window is missing or wrong, or another role has
    one; None when it is right. The window is whole days, at most ``INSPECTION_MAX_DAYS``."""
    if role != Role.INSPECTOR:
        if starts is not None or ends is not None:
            return "visit_starts", "Only an inspector's account has the dates of a visit"
        return None
    if starts is None:
        return "visit_starts", "Enter the first day of the inspection"
    if ends is None:
        return "visit_ends", "Enter the last day of the inspection"
    if ends < starts:
        return "visit_ends", "The last day of the inspection must be on or after the first"
    if ends < today:
        return "visit_ends", "The last day of the inspection must be today or later"
    if (ends - starts).days + 1 > INSPECTION_MAX_DAYS:
        return "visit_ends", f"An inspection window is at most {INSPECTION_MAX_DAYS} days"
    return None


def window(starts: date, ends: date) -> tuple[datetime, datetime]:
    """The inspector's access from the start of the first day to the end of the last (local)."""
    return (
        timezone.make_aware(datetime.combine(starts, time.min)),
        timezone.make_aware(datetime.combine(ends + timedelta(days=1), time.min))
        - timedelta(microseconds=1),
    )
