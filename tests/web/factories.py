"""Factories for the web tests: the records a child's page shows.

People, teams and workers come from the shared ``tests.factories`` (valid NHS numbers in the
999 test range, valid UPNs); these add the episodes, allocations and chronology around them.
They write rows directly, as the page only reads them.
"""

from __future__ import annotations

from datetime import date

import factory
from django.contrib.auth import get_user_model
from factory.django import DjangoModelFactory

from sightline.chronology.models import CaseNote, ChronologyEntry
from sightline.core.codes import AbuseCategory, PrimaryNeed, ReferralSource
from sightline.people.models import Relationship
from sightline.protection.models import ChildInNeedPlan, ChildProtectionPlan, Referral
from sightline.workforce.models import Allocation
from tests.factories import (
    AdultFactory,
    ChildFactory,
    TeamFactory,
    WorkerFactory,
    nhs_number,
    upn,
)

__all__ = [
    "AdultFactory",
    "AllocationFactory",
    "CaseNoteFactory",
    "ChildFactory",
    "ChildInNeedPlanFactory",
    "ChildProtectionPlanFactory",
    "ChronologyEntryFactory",
    "ReferralFactory",
    "RelationshipFactory",
    "TeamFactory",
    "UserFactory",
    "WorkerFactory",
    "nhs_number",
    "upn",
]


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Alice"
    last_name = "Example"
    password = factory.django.Password("correct horse battery staple")


class ReferralFactory(DjangoModelFactory):
    class Meta:
        model = Referral

    child = factory.SubFactory(ChildFactory)
    referral_date = date(2026, 3, 2)
    source = ReferralSource.SCHOOLS
    primary_need = PrimaryNeed.N1


class ChildProtectionPlanFactory(DjangoModelFactory):
    class Meta:
        model = ChildProtectionPlan

    referral = factory.SubFactory(ReferralFactory)
    child = factory.SelfAttribute("referral.child")
    started_on = date(2026, 4, 20)
    initial_category = AbuseCategory.NEGLECT
    latest_category = AbuseCategory.NEGLECT


class ChildInNeedPlanFactory(DjangoModelFactory):
    class Meta:
        model = ChildInNeedPlan

    referral = factory.SubFactory(ReferralFactory)
    child = factory.SelfAttribute("referral.child")
    started_on = date(2026, 4, 20)


class AllocationFactory(DjangoModelFactory):
    class Meta:
        model = Allocation

    child = factory.SubFactory(ChildFactory)
    worker = factory.SubFactory(WorkerFactory)
    team = factory.SelfAttribute("worker.team")
    kind = Allocation.Kind.SOCIAL_WORKER
    started_on = date(2026, 3, 3)


class RelationshipFactory(DjangoModelFactory):
    class Meta:
        model = Relationship

    person = factory.SubFactory(ChildFactory)
    relative = factory.SubFactory(AdultFactory)
    kind = Relationship.Kind.MOTHER
    has_parental_responsibility = True
    lives_with_child = True


class ChronologyEntryFactory(DjangoModelFactory):
    class Meta:
        model = ChronologyEntry

    child = factory.SubFactory(ChildFactory)
    occurred_on = date(2026, 3, 2)
    event = "CaseNoteWritten"
    summary = factory.Sequence(lambda n: f"Chronology entry {n}")
    record_type = "chronology.CaseNote"
    record_id = factory.Sequence(lambda n: n + 1)


class CaseNoteFactory(DjangoModelFactory):
    class Meta:
        model = CaseNote

    child = factory.SubFactory(ChildFactory)
    author = factory.SubFactory(WorkerFactory)
    written_on = date(2026, 5, 1)
    kind = CaseNote.Kind.CASE_NOTE
    text = factory.Sequence(lambda n: f"Case note text {n}")
