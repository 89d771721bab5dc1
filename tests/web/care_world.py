"""The world the children-in-care page tests share: a child, her social worker Sam (Stroud),
Mo who manages Stroud, Fay (Stroud's family support worker), Nia (another Stroud social worker)
and Iris, the child's IRO; ``period()`` brings the child into foster care 60 days ago."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.test import Client

from sightline.access.roles import Role
from sightline.care import services as care
from sightline.care.models import PeriodOfCare
from sightline.care.services import PlacementDetails
from sightline.people.models import Person
from sightline.workforce.models import Allocation, Team, Worker
from sightline.workforce.services import allocate
from tests.web.factories import TeamFactory
from tests.web.recording_helpers import staff

FOSTER = PlacementDetails(place="U6", provider="PR1", carer="Smith household", postcode="GL1 1UT")


@dataclass
class World:
    """Sam, a Stroud social worker, has the child; Mo manages Stroud; Fay is Stroud's family
    support worker; Nia another Stroud social worker; Iris is the child's IRO."""

    child: Person
    today: date
    users: dict[str, Any]
    workers: dict[str, Worker]
    made: dict[str, Any] = field(default_factory=dict)

    def client(self, who: str) -> Client:
        client = Client()
        client.force_login(self.users[who])
        return client

    def url(self, use_case: str) -> str:
        return f"/children/{self.child.la_child_id}/record/{use_case}/"

    def period(self) -> PeriodOfCare:
        if "period" not in self.made:
            self.made["period"] = care.start_care(
                child=self.child,
                started_on=self.today - timedelta(days=60),
                legal_status="C1",
                placement=FOSTER,
                category_of_need="N1",
                home_postcode="GL5 1AA",
                today=self.today,
            )
        return self.made["period"]  # type: ignore[no-any-return]


def make_world(child: Person, today: date) -> World:
    stroud = TeamFactory(name="Stroud safeguarding", kind=Team.Kind.SAFEGUARDING)
    reviewing = TeamFactory(name="Reviewing", kind=Team.Kind.REVIEWING)
    people = {
        "sam": staff("sam.worker", Role.SOCIAL_WORKER, stroud),
        "mo": staff("mo.manager", Role.TEAM_MANAGER, stroud),
        "fay": staff("fay.support", Role.FAMILY_SUPPORT_WORKER, stroud),
        "nia": staff("nia.worker", Role.SOCIAL_WORKER, stroud),
        "iris": staff("iris.iro", Role.REVIEWING_OFFICER, reviewing),
    }
    allocate(
        child=child,
        worker=people["sam"][1],
        kind=Allocation.Kind.SOCIAL_WORKER,
        started_on=today - timedelta(days=90),
        reason="FCONTA",
        today=today,
    )
    allocate(
        child=child,
        worker=people["iris"][1],
        kind=Allocation.Kind.REVIEWING_OFFICER,
        started_on=today - timedelta(days=90),
        today=today,
    )
    return World(
        child, today, {k: v[0] for k, v in people.items()}, {k: v[1] for k, v in people.items()}
    )
