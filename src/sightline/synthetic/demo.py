"""Demo users: one signed-in person per role, linked to a synthetic worker."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, Q

from sightline.workforce.models import Worker

R = Worker.Role
DEMO_ROLES: tuple[tuple[str, str | None], ...] = (
    ("social.worker", R.SOCIAL_WORKER),
    ("team.manager", R.TEAM_MANAGER),
    ("front.door", R.FRONT_DOOR_PRACTITIONER),
    ("reviewing.officer", R.REVIEWING_OFFICER),
    ("senior.leader", R.SENIOR_LEADER),
    ("performance.analyst", R.PERFORMANCE_ANALYST),
    ("admin", None),
)


@dataclass
class DemoUser:
    username: str
    role: str
    name: str
    password: str


def pick_worker(role: str) -> Worker | None:
    workers = Worker.objects.filter(role=role, user__isnull=True).order_by("pk")
    if role == R.SOCIAL_WORKER:
        workers = workers.annotate(
            open_cases=Count("allocations", filter=Q(allocations__ended_on__isnull=True))
        ).order_by("-open_cases", "pk")
    if role == R.TEAM_MANAGER:
        busiest = Worker.objects.filter(user__username="social.worker").first()
        if busiest is not None:
            workers = workers.filter(team=busiest.team) or workers
    return workers.first()


@transaction.atomic
def ensure_demo_users(password: str | None = None) -> list[DemoUser]:
    """Create (or refresh) the demo users with a new password each start, and list them."""
    User = get_user_model()
    made: list[DemoUser] = []
    for username, role in DEMO_ROLES:
        secret = password or secrets.token_urlsafe(9)
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username)
        worker = getattr(user, "worker", None) if user.pk else None
        if worker is None and role is not None:
            worker = pick_worker(role)
        if worker is not None:
            user.first_name, user.last_name = worker.given_name, worker.family_name
        user.is_staff = user.is_superuser = role is None
        user.set_password(secret)
        user.save()
        if worker is not None and worker.user_id != user.pk:
            worker.user = user
            worker.save(update_fields=["user"])
        label = worker.get_role_display() if worker else "System administrator"
        name = worker.full_name if worker else "Administrator"
        if worker is not None:
            label = f"{label}, {worker.team.name}"
        made.append(DemoUser(username, label, name, secret))
    return made
