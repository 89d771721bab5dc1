"""Break-glass access: a reason is required, it expires, it notifies, and it never opens a
restricted record."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sightline.access import services
from sightline.access.models import AccessProfile, AuditEvent, BreakGlassAccess, Notice
from sightline.access.policy import visible_children
from sightline.access.roles import Role
from sightline.core.errors import JourneyError
from sightline.people.models import Person
from sightline.workforce.models import Allocation, Team
from tests.factories import ChildFactory, TeamFactory, WorkerFactory


@pytest.fixture
def setting(db: None) -> dict[str, object]:
    User = get_user_model()
    area = TeamFactory(name="Area", kind=Team.Kind.SAFEGUARDING)
    unit = TeamFactory(name="Unit", kind=Team.Kind.SAFEGUARDING, parent=area)
    other = TeamFactory(name="Other", kind=Team.Kind.SAFEGUARDING)
    allocated = User.objects.create_user("allocated", email="allocated@example.org")
    manager = User.objects.create_user("manager", email="manager@example.org")
    outsider = User.objects.create_user("outsider")
    worker = WorkerFactory(team=unit, role=Role.SOCIAL_WORKER.value, user=allocated)
    WorkerFactory(team=area, role=Role.TEAM_MANAGER.value, user=manager)
    WorkerFactory(team=other, role=Role.SOCIAL_WORKER.value, user=outsider)
    for user, role in (
        (allocated, Role.SOCIAL_WORKER),
        (manager, Role.TEAM_MANAGER),
        (outsider, Role.SOCIAL_WORKER),
    ):
        AccessProfile.objects.create(user=user, role=role.value)
    child = ChildFactory(given_name="Hana", family_name="Glass")
    Allocation.objects.create(
        child=child,
        worker=worker,
        team=unit,
        kind=Allocation.Kind.SOCIAL_WORKER,
        started_on=timezone.localdate() - timedelta(days=30),
        reason="FCONTA",
    )
    return {"child": child, "allocated": allocated, "manager": manager, "outsider": outsider}


def test_break_glass_needs_a_reason_and_writes_nothing_without_one(setting: dict) -> None:
    with pytest.raises(JourneyError) as refused:
        services.break_glass(user=setting["outsider"], child=setting["child"], reason="  urgent ")
    assert refused.value.field == "reason"
    assert not BreakGlassAccess.objects.exists()
    assert not Notice.objects.exists()


def test_break_glass_opens_the_record_for_a_limited_time_only(setting: dict) -> None:
    child: Person = setting["child"]  # type: ignore[assignment]
    outsider = setting["outsider"]
    now = timezone.now()
    assert not visible_children(outsider, now).filter(pk=child.pk).exists()
    grant = services.break_glass(
        user=outsider, child=child, reason="Police called out of hours about the child", now=now
    )
    assert grant.expires_at == now + timedelta(minutes=120)
    assert visible_children(outsider, now + timedelta(minutes=119)).filter(pk=child.pk).exists()
    assert not visible_children(outsider, grant.expires_at).filter(pk=child.pk).exists()


def test_break_glass_notifies_the_allocated_worker_and_their_manager(setting: dict) -> None:
    services.break_glass(
        user=setting["outsider"],
        child=setting["child"],
        reason="Police called out of hours about the child",
    )
    notified = set(Notice.objects.values_list("user__username", flat=True))
    assert notified == {"allocated", "manager"}
    assert "Police called out of hours" in Notice.objects.first().text  # type: ignore[union-attr]
    assert sorted(m.to[0] for m in mail.outbox) == ["allocated@example.org", "manager@example.org"]


def test_break_glass_is_recorded_in_the_audit_trail_with_its_reason(setting: dict) -> None:
    services.break_glass(
        user=setting["outsider"],
        child=setting["child"],
        reason="Police called out of hours about the child",
    )
    event = AuditEvent.objects.get(action=AuditEvent.Action.BREAK_GLASS)
    assert event.child_id == setting["child"].pk  # type: ignore[attr-defined]
    assert "Police called out of hours" in str(event.detail)


def test_break_glass_never_opens_a_restricted_record(setting: dict) -> None:
    child = setting["child"]
    services.restrict_record(
        child=child,
        reason="Sealed",
        named_users=[],
        by=setting["manager"],  # type: ignore[arg-type]
    )
    with pytest.raises(JourneyError):
        services.break_glass(
            user=setting["outsider"], child=child, reason="Police called out of hours"
        )
    client = Client()
    client.force_login(setting["outsider"])  # type: ignore[arg-type]
    response = client.get(reverse("break-glass", args=[child.la_child_id]))  # type: ignore[attr-defined]
    assert response.status_code == 200 and "Glass" not in response.content.decode()
    refused = client.post(
        reverse("break-glass", args=[child.la_child_id]),  # type: ignore[attr-defined]
        {"reason": "Police called out of hours"},
    )
    assert refused.status_code == 200  # the form again, saying why
    assert not BreakGlassAccess.objects.exists()
    # The allocated worker is not named, so even they lose sight of it.
    assert not visible_children(setting["allocated"]).filter(pk=child.pk).exists()  # type: ignore[arg-type]
    assert visible_children(setting["manager"]).filter(pk=child.pk).exists()  # type: ignore[arg-type]


def test_break_glass_through_the_page_then_opens_the_record(setting: dict) -> None:
    child = setting["child"]
    client = Client()
    client.force_login(setting["outsider"])  # type: ignore[arg-type]
    record = reverse("child-record", args=[child.la_child_id])  # type: ignore[attr-defined]
    assert client.get(record).status_code == 404
    url = reverse("break-glass", args=[child.la_child_id])  # type: ignore[attr-defined]
    empty = client.post(url, {"reason": ""})
    assert empty.status_code == 200  # the form again, with its errors (as every form answers)
    assert "govuk-error-summary" in empty.content.decode()
    done = client.post(url, {"reason": "Police called out of hours about the child"})
    assert done.status_code == 302 and done["Location"] == record
    assert client.get(record).status_code == 200
