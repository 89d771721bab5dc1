""" "Current allocation" is defined once (workforce.models.current_on): on the day a child's
social worker changes, every reader names the new worker only, as the database holds one open
allocation of a kind."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from sightline.access.models import AccessProfile
from sightline.access.policy import visible_children
from sightline.access.roles import Role
from sightline.access.services import people_to_notify
from sightline.people.models import Person
from sightline.web.queries import record_header
from sightline.workforce.models import Allocation, Team, current_on
from sightline.workforce.services import allocate
from tests.factories import TeamFactory, WorkerFactory

pytestmark = pytest.mark.django_db

HANDOVER = date(2026, 11, 23)


def test_on_the_handover_day_every_reader_names_the_new_worker_only(child: Person) -> None:
    team = TeamFactory(name="Stroud safeguarding", kind=Team.Kind.SAFEGUARDING)
    users = {}
    workers = {}
    for name in ("leaving", "arriving"):
        users[name] = get_user_model().objects.create_user(name)
        workers[name] = WorkerFactory(team=team, role=Role.SOCIAL_WORKER.value, user=users[name])
        AccessProfile.objects.create(user=users[name], role=Role.SOCIAL_WORKER.value)
    for name, started in (("leaving", date(2026, 10, 1)), ("arriving", HANDOVER)):
        allocate(
            child=child,
            worker=workers[name],
            kind=Allocation.Kind.SOCIAL_WORKER,
            started_on=started,
            reason="MANAGE",
            team=TeamFactory(name=f"{name} team", kind=Team.Kind.SAFEGUARDING),
            today=HANDOVER,
        )
    noon = timezone.make_aware(datetime(2026, 11, 23, 12))

    current = Allocation.objects.filter(current_on(HANDOVER), child=child)
    assert [a.worker_id for a in current] == [workers["arriving"].pk]
    assert not visible_children(users["leaving"], noon).filter(pk=child.pk).exists()
    assert visible_children(users["arriving"], noon).filter(pk=child.pk).exists()
    assert people_to_notify(child, HANDOVER) == [users["arriving"]]
    record = record_header(users["arriving"], str(child.la_child_id), today=HANDOVER)
    assert record is not None
    assert [a.worker_id for a in record.allocations] == [workers["arriving"].pk]
