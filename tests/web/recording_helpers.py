"""What the recording-page tests all need: a member of staff with a role, a GOV.UK date as a
form posts it, and the record version a form page carries."""

from __future__ import annotations

from datetime import date
from typing import Any

from sightline.access.models import AccessProfile
from sightline.access.roles import Role
from sightline.workforce.models import Team, Worker
from tests.web.factories import UserFactory, WorkerFactory


def staff(username: str, role: Role, team: Team) -> tuple[Any, Worker]:
    """A user and their worker record in ``team``, with ``role`` as their access role."""
    user = UserFactory(username=username)
    worker = WorkerFactory(user=user, team=team, role=role.value)
    AccessProfile.objects.create(user=user, role=role.value)
    return user, worker


def date_fields(prefix: str, day: date) -> dict[str, str]:
    """A GOV.UK date input's three fields, as the browser posts them."""
    return {
        f"{prefix}-day": str(day.day),
        f"{prefix}-month": str(day.month),
        f"{prefix}-year": str(day.year),
    }


def version_on(page: str) -> str:
    """The record version a form page was opened at (its hidden ``_version`` field)."""
    return page.split('name="_version" value="', 1)[1].split('"', 1)[0]
