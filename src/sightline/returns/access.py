"""Who may export or import a return: roles with authority-wide scope (CONTRACTS.md "Access").

On the command line the operator is ``--as USERNAME`` or the operating-system user. A named
Sightline user must hold an authority-wide role (not the read-only inspector); an operator with
no Sightline account is the server's own operator, who already holds the database, and is
allowed (decision 0009).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model

from sightline.access.policy import role_of
from sightline.access.roles import AUTHORITY_WIDE, Role

MAY_MOVE_RETURNS = AUTHORITY_WIDE - {Role.INSPECTOR}


class NotAllowed(PermissionError):
    pass


def require_authority_wide(username: str, what: str) -> None:
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        return
    role = role_of(user)
    if not user.is_active or role not in MAY_MOVE_RETURNS:
        label = role.label.lower() if role else "no role"
        raise NotAllowed(
            f"{username} ({label}) may not {what}: only senior leaders, performance analysts, "
            "data protection officers and system administrators may"
        )
