"""The records the timescales read, on a bulk-built authority: core group and child in need
meetings, care and placement plans, personal adviser contacts, private fostering, allegations to
the LADO and care proceedings hold to the rules their services enforce one record at a time,
and every rule in the catalogue has obligations, met in time mostly but not always.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import models
from django.db.models import Exists, F, OuterRef, Q

from sightline.care.models import CarePlan, LegalStatus, Placement
from sightline.leaving_care.eligibility import birthday
from sightline.protection.models import (
    AllegationToLADO,
    CareProceedings,
    ChildInNeedMeeting,
    ChildProtectionPlan,
    CoreGroupMeeting,
    PrivateFosteringArrangement,
    Visit,
)
from sightline.synthetic.stats import timescale_records_by_year
from sightline.timescales.catalogue import RULES
from sightline.timescales.queries import timeliness
from sightline.workforce.models import Allocation
from tests.synthetic.conftest import authority_for_module

CHILDREN, SEED, AS_OF = 6000, 11, date(2026, 11, 23)
HISTORY_FROM = date(2022, 4, 1)
PLANNED_AHEAD = timedelta(days=28)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def authority(django_db_setup: None, django_db_blocker: Any) -> Iterator[dict[str, int]]:
    with authority_for_module(django_db_blocker, children=CHILDREN, seed=SEED, as_of=AS_OF) as c:
        yield c


def assert_none(queryset: models.QuerySet[Any], rule: str) -> None:
    bad = list(queryset.order_by("pk").values_list("pk", flat=True)[:30])
    assert not bad, f"{queryset.model._meta.label} breaking '{rule}' (first ids): {bad}"


def test_there_is_enough_to_test(authority: dict[str, int]) -> None:
    at_least = {
        "protection.CoreGroupMeeting": 500,
        "protection.ChildInNeedMeeting": 1000,
        "protection.CareProceedings": 10,
        "protection.AllegationToLADO": 5,
        "protection.PrivateFosteringArrangement": 2,
        "care.CarePlan": 100,
    }
    too_few = {k: (authority[k], n) for k, n in at_least.items() if authority[k] < n}
    assert not too_few, f"(have, want): {too_few}"
    assert Placement.objects.filter(placement_plan_on__isnull=False).count() >= 50
    assert Visit.objects.filter(purpose="pa").count() >= 100
    assert Visit.objects.filter(purpose="private_fostering").count() >= 2


@pytest.mark.parametrize(
    ("meetings", "plan"),
    [(CoreGroupMeeting, "child_protection_plan"), (ChildInNeedMeeting, "child_in_need_plan")],
    ids=["core_group", "cin"],
)
def test_meetings_fall_within_their_plan_of_the_same_child(
    meetings: type[models.Model], plan: str
) -> None:
    assert_none(
        meetings._default_manager.filter(
            Q(held_on__lt=F(f"{plan}__started_on"))
            | Q(held_on__gt=F(f"{plan}__ended_on"))
            | ~Q(child_id=F(f"{plan}__child_id"))
        ),
        "within the plan, same child",
    )


def test_every_cp_plan_running_six_weeks_has_a_core_group() -> None:
    held = CoreGroupMeeting.objects.filter(child_protection_plan=OuterRef("pk"))
    plans = ChildProtectionPlan.objects.filter(
        started_on__gte=HISTORY_FROM, started_on__lte=AS_OF - timedelta(days=42)
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=F("started_on") + timedelta(days=42)))
    total, without = plans.count(), plans.filter(~Exists(held)).count()
    assert total > 50 and without == 0, f"{without} of {total} plans without a core group"


def test_care_plans_and_placement_plans_lie_within_their_period_or_placement() -> None:
    assert_none(
        CarePlan.objects.filter(
            Q(agreed_on__lt=F("period__started_on") - PLANNED_AHEAD)
            | Q(agreed_on__gt=F("period__ended_on"))
            | ~Q(child_id=F("period__child_id"))
        ),
        "a care plan within its period (or up to 28 days before)",
    )
    assert_none(
        Placement.objects.filter(
            Q(placement_plan_on__lt=F("started_on") - PLANNED_AHEAD)
            | Q(placement_plan_on__gt=F("ended_on"))
        ),
        "a placement plan within its placement (or up to 28 days before)",
    )


def test_pa_contacts_see_the_young_person_while_an_adviser_is_allocated_before_21() -> None:
    allocated = Allocation.objects.filter(
        child=OuterRef("child"),
        kind=Allocation.Kind.PERSONAL_ADVISER,
        started_on__lte=OuterRef("visited_on"),
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=OuterRef("visited_on")))
    contacts = Visit.objects.filter(purpose="pa")
    assert_none(contacts.filter(~Exists(allocated)), "while an adviser is allocated")
    assert_none(contacts.filter(child_seen=False), "the young person seen")
    late = [
        pk
        for pk, on, born in contacts.values_list("pk", "visited_on", "child__birth_date")
        if born is None or on >= birthday(born, 21)
    ]
    assert not late, f"contacts on or after the 21st birthday: {late[:20]}"


def test_private_fostering_follows_the_arrangement() -> None:
    open_then = PrivateFosteringArrangement.objects.filter(
        child=OuterRef("child"), notified_on__lte=OuterRef("visited_on")
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=OuterRef("visited_on")))
    assert_none(
        Visit.objects.filter(purpose="private_fostering").filter(~Exists(open_then)),
        "a private fostering visit during a notified arrangement",
    )
    for pk, started, born in PrivateFosteringArrangement.objects.values_list(
        "pk", "arrangement_started_on", "child__birth_date"
    ):
        assert born is not None and born <= started < birthday(born, 16), pk


def test_allegations_and_proceedings_move_forward() -> None:
    assert_none(
        AllegationToLADO.objects.filter(
            Q(referred_on__lt=F("came_to_attention_on")) | Q(concluded_on__lt=F("referred_on"))
        ),
        "aware, referred, concluded in that order",
    )
    later = CareProceedings.objects.filter(
        child=OuterRef("child"), issued_on__gte=OuterRef("issued_on")
    ).exclude(pk=OuterRef("pk"))
    assert_none(
        CareProceedings.objects.filter(
            Q(concluded_on__isnull=True, pk__in=CareProceedings.objects.filter(Exists(later)))
            | Q(Exists(later.filter(issued_on__lt=OuterRef("concluded_on"))))
        ),
        "a child's proceedings one at a time",
    )
    # Issued for a child who came into care under an interim care order within the week.
    interim = LegalStatus.objects.filter(
        child=OuterRef("child"),
        code="C1",
        started_on=F("period__started_on"),
        started_on__gte=OuterRef("issued_on"),
    ).filter(started_on__lte=OuterRef("issued_on") + timedelta(days=7))
    assert_none(CareProceedings.objects.filter(~Exists(interim)), "issued for an interim order")


def test_every_rule_has_obligations_mostly_but_not_always_met_in_time() -> None:
    figures = {t.rule: t for t in timeliness(HISTORY_FROM, AS_OF)}
    assert set(figures) == {rule.code for rule in RULES}
    # The synthetic county records no management oversight (decision 0034): its rules have no
    # obligations there; every other rule has.
    empty = [
        code
        for code, t in figures.items()
        if (not t.fell_due or not t.met_in_time) and not code.startswith("OVERSIGHT")
    ]
    assert not empty, f"rules with nothing due or nothing met in time: {empty}"
    for code in (
        "CORE_GROUP_FIRST",
        "CORE_GROUP",
        "CIN_REVIEW",
        "CIN_STEP_DOWN_MEETING",
        "CARE_PLAN",
        "PLACEMENT_PLAN",
        "CARE_LEAVER_CONTACT",
        "CARE_PROCEEDINGS",
    ):
        t = figures[code]
        share = t.met_in_time / t.fell_due
        assert 0.55 <= share < 0.97, f"{code}: {t.met_in_time} of {t.fell_due} in time"


def test_the_yearly_counts_are_computed() -> None:
    counts = timescale_records_by_year(date(2025, 4, 1), date(2026, 3, 31))
    assert counts["core group meetings (n)"] > 0
    assert counts["CIN reviews (n)"] > 0
    assert counts["care plans (n)"] > 0
    assert 0 <= counts["of which in 26 weeks %"] <= 100
