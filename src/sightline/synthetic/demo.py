"""Demo users: one signed-in person per role (access.roles.Role), linked to a synthetic worker
where the role is a job in a team."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from sightline.access.models import AccessProfile
from sightline.access.roles import ROLE_LABELS, Role
from sightline.workforce.models import Worker

DEMO_USERS: tuple[tuple[str, Role], ...] = (
    ("front.door", Role.FRONT_DOOR),
    ("social.worker", Role.SOCIAL_WORKER),
    ("family.support", Role.FAMILY_SUPPORT_WORKER),
    ("personal.adviser", Role.PERSONAL_ADVISER),
    ("reviewing.officer", Role.REVIEWING_OFFICER),
    ("team.manager", Role.TEAM_MANAGER),
    ("service.manager", Role.SERVICE_MANAGER),
    ("senior.leader", Role.SENIOR_LEADER),
    ("performance.analyst", Role.PERFORMANCE_ANALYST),
    ("data.protection", Role.DATA_PROTECTION_OFFICER),
    ("admin", Role.SYSTEM_ADMINISTRATOR),
    ("inspector", Role.INSPECTOR),
)
INSPECTOR_WINDOW_DAYS = 14


@dataclass
class DemoUser:
    username: str
    role: str
    name: str
    password: str


#: Made-up names for the demo users who are not practitioners (no synthetic worker to take a
#: name from): a person's name reads better on the home page than "Demo Data protection officer".
OFFICE_NAMES: dict[Role, tuple[str, str]] = {
    Role.DATA_PROTECTION_OFFICER: ("Nadia", "Clarke"),
    Role.SYSTEM_ADMINISTRATOR: ("Owen", "Pritchard"),
    Role.INSPECTOR: ("Helen", "Marsden"),
}


#: Roles that hold cases: the demo user is the worker with the median open caseload of the
#: role (a typical day's work, issue 13), not the first or the busiest.
CASE_HOLDING = frozenset(
    {
        Role.SOCIAL_WORKER,
        Role.FAMILY_SUPPORT_WORKER,
        Role.PERSONAL_ADVISER,
        Role.REVIEWING_OFFICER,
    }
)


def pick_worker(role: Role) -> Worker | None:
    workers = Worker.objects.filter(role=role.value, user__isnull=True).order_by("pk")
    if role in CASE_HOLDING:
        holding = list(
            workers.annotate(
                open_cases=Count("allocations", filter=Q(allocations__ended_on__isnull=True))
            )
            .filter(open_cases__gt=0)
            .order_by("open_cases", "pk")
            .values_list("pk", flat=True)
        )
        if holding:
            return workers.get(pk=holding[len(holding) // 2])
    if role == Role.TEAM_MANAGER:
        social_worker = Worker.objects.filter(user__username="social.worker").first()
        if social_worker is not None:
            workers = workers.filter(team=social_worker.team) or workers
    if role == Role.SERVICE_MANAGER:
        manager = (
            Worker.objects.filter(user__username="team.manager").select_related("team").first()
        )
        if manager is not None and manager.team.parent_id is not None:
            workers = workers.filter(team_id=manager.team.parent_id) or workers
    return workers.first()


@transaction.atomic
def ensure_demo_users(password: str | None = None) -> list[DemoUser]:
    """Create (or refresh) the demo users with a new password each start, and list them."""
    User = get_user_model()
    now = timezone.now()
    made: list[DemoUser] = []
    for username, role in DEMO_USERS:
        secret = password or secrets.token_urlsafe(9)
        user = User.objects.filter(username=username).first() or User(username=username)
        worker = Worker.objects.filter(user=user).first() if user.pk else None
        if worker is None and role.value in Worker.Role.values:
            worker = pick_worker(role)
        if worker is not None:
            user.first_name, user.last_name = worker.given_name, worker.family_name
        else:
            user.first_name, user.last_name = OFFICE_NAMES.get(
                role, ("Demo", ROLE_LABELS[role].split(" (")[0])
            )
        user.is_staff = user.is_superuser = role == Role.SYSTEM_ADMINISTRATOR
        user.set_password(secret)
        user.save()
        if worker is not None and worker.user_id != user.pk:
            worker.user = user
            worker.save(update_fields=["user"])
        window: dict[str, datetime | None] = (
            {
                "valid_from": now - timedelta(days=1),
                "valid_until": now + timedelta(days=INSPECTOR_WINDOW_DAYS),
            }
            if role == Role.INSPECTOR
            else {"valid_from": None, "valid_until": None}
        )
        AccessProfile.objects.update_or_create(user=user, defaults={"role": role.value, **window})
        label = ROLE_LABELS[role] + (f", {worker.team.name}" if worker else "")
        made.append(DemoUser(username, label, user.get_full_name(), secret))
    return made
