"""A county where every role has work (issue 13), on a bulk-built authority large enough for
the teams to be staffed by their caseloads (at 20,000 children no team is at its minimum size).

Each invariant is one set-based query returning the rows that break it: every looked-after
child has an independent reviewing officer who chairs their reviews, every conference a chair
and every protection plan a chair allocated for exactly its length, every early help episode a
lead practitioner, family support workers on child in need plans, caseloads near the national
average, and no child living with a parent while looked after, once adopted, or as a care
leaver."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from statistics import mean
from typing import Any

import pytest
from django.db import models
from django.db.models import Count, DateField, Exists, F, OuterRef, Q, Value
from django.db.models.functions import Coalesce

from sightline.care.models import LookedAfterReview, PeriodOfCare
from sightline.frontdoor.models import EarlyHelpEpisode
from sightline.leaving_care.eligibility import Eligibility
from sightline.leaving_care.queries import care_leavers
from sightline.people.models import Person, Relationship
from sightline.protection.models import (
    ChildInNeedPlan,
    ChildProtectionConference,
    ChildProtectionPlan,
    Referral,
)
from sightline.quality.models import Oversight, Supervision, SupervisionCase
from sightline.quality.queries import supervision_by_worker, supervision_figures, without_oversight
from sightline.synthetic.demo import ensure_demo_users
from sightline.workforce.models import Allocation, Team, Worker
from tests.synthetic.conftest import authority_for_module

CHILDREN, SEED, AS_OF = 20_000, 13, date(2026, 11, 23)
K = Allocation.Kind

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def authority(django_db_setup: None, django_db_blocker: Any) -> Iterator[dict[str, int]]:
    with authority_for_module(django_db_blocker, children=CHILDREN, seed=SEED, as_of=AS_OF) as c:
        yield c


def assert_none(queryset: models.QuerySet[Any], rule: str) -> None:
    bad = list(queryset.order_by("pk").values_list("pk", flat=True)[:30])
    assert not bad, f"{queryset.model._meta.label} breaking '{rule}' (first ids): {bad}"


def open_at(day: date, start: str = "started_on", end: str = "ended_on") -> Q:
    return Q(**{f"{start}__lte": day}) & (Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gt": day}))


FAR = Value(date(9999, 12, 31), output_field=DateField())


def for_its_length(kind: str, worker: str | None = None) -> Exists:
    """An allocation of ``kind`` to the outer row's child from its ``started_on`` to its
    ``ended_on`` (both open when it is), to the outer row's ``worker`` field if given."""
    found = Allocation.objects.filter(
        kind=kind, child=OuterRef("child"), started_on=OuterRef("started_on")
    ).annotate(until=Coalesce("ended_on", FAR))
    if worker is not None:
        found = found.filter(worker=OuterRef(worker))
    return Exists(found.filter(until=Coalesce(OuterRef("ended_on"), FAR)))


def test_the_authority_has_work_of_every_kind(authority: dict[str, int]) -> None:
    kinds = dict(
        Allocation.objects.filter(open_at(AS_OF))
        .values_list("kind")
        .annotate(n=Count("id"))
        .values_list("kind", "n")
    )
    too_few = {kind: kinds.get(kind, 0) for kind in K.values if kinds.get(kind, 0) < 40}
    assert not too_few, f"open allocations at as_of by kind: {kinds}"


# --- Independent reviewing officers and child protection chairs ------------------------------


def test_every_period_of_care_has_an_iro_for_exactly_its_length() -> None:
    assert_none(
        PeriodOfCare.objects.filter(~for_its_length(K.REVIEWING_OFFICER)),
        "an IRO allocated from the day care starts to the day it ends",
    )


def test_every_looked_after_review_is_chaired_by_the_childs_iro() -> None:
    iro_that_day = Allocation.objects.filter(
        kind=K.REVIEWING_OFFICER,
        child=OuterRef("child"),
        worker=OuterRef("chaired_by"),
        started_on__lte=OuterRef("held_on"),
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=OuterRef("held_on")))
    assert_none(
        LookedAfterReview.objects.filter(Q(chaired_by__isnull=True) | ~Exists(iro_that_day)),
        "a review is chaired by the IRO allocated that day",
    )


def test_every_conference_has_a_chair_and_a_plans_conferences_the_plans_chair() -> None:
    assert_none(
        ChildProtectionConference.objects.filter(chair__isnull=True), "a conference has a chair"
    )
    assert_none(
        ChildProtectionConference.objects.filter(kind="review").exclude(
            chair=F("plan__conferences__chair")
        ),
        "a plan's conferences are chaired by one chair",
    )


def test_every_protection_plan_has_a_chair_for_exactly_its_length() -> None:
    assert_none(
        ChildProtectionPlan.objects.filter(~for_its_length(K.CP_CHAIR)),
        "a child protection chair allocated from the plan's start to its end",
    )


# --- Early help and child in need ------------------------------------------------------------


def test_every_early_help_episode_has_a_lead_practitioner_allocated_for_its_length() -> None:
    assert_none(
        EarlyHelpEpisode.objects.filter(
            Q(lead_worker__isnull=True)
            | ~Q(lead_worker__role="family_support_worker", lead_worker__team__kind="early_help")
            | ~for_its_length(K.LEAD_PRACTITIONER, worker="lead_worker")
        ),
        "a family support worker of early help leads it, allocated for its length",
    )


def test_family_support_workers_work_on_child_in_need_plans() -> None:
    plan = ChildInNeedPlan.objects.filter(
        child=OuterRef("child"), started_on=OuterRef("started_on")
    ).annotate(until=Coalesce("ended_on", FAR))
    assert_none(
        Allocation.objects.filter(kind=K.FAMILY_SUPPORT_WORKER)
        .annotate(until=Coalesce("ended_on", FAR))
        .filter(
            ~Exists(plan.filter(until=OuterRef("until"))) | ~Q(worker__role="family_support_worker")
        ),
        "a family support worker is allocated for a child in need plan's length",
    )
    open_plans = ChildInNeedPlan.objects.filter(open_at(AS_OF))
    with_one = open_plans.filter(
        Exists(
            Allocation.objects.filter(
                open_at(AS_OF), kind=K.FAMILY_SUPPORT_WORKER, child=OuterRef("child")
            )
        )
    ).count()
    assert 0.35 <= with_one / open_plans.count() <= 0.65, (with_one, open_plans.count())


# --- Caseloads and the demo users -------------------------------------------------------------

#: Open cases per worker at as_of: (role, allocation kinds, lowest mean, highest mean, most).
CASELOADS = (
    ("social_worker", (K.SOCIAL_WORKER,), 12, 18, 35),  # England 2025: 15.2
    ("reviewing_officer", (K.REVIEWING_OFFICER, K.CP_CHAIR), 40, 70, 100),  # IRO handbook
    ("personal_adviser", (K.PERSONAL_ADVISER,), 12, 25, 40),
    ("family_support_worker", (K.FAMILY_SUPPORT_WORKER, K.LEAD_PRACTITIONER), 10, 20, 35),
)


@pytest.mark.parametrize(("role", "kinds", "low", "high", "most"), CASELOADS)
def test_caseloads_are_near_the_national_average(
    role: str, kinds: tuple[str, ...], low: int, high: int, most: int
) -> None:
    loads = list(
        Worker.objects.filter(role=role)
        .annotate(
            cases=Count(
                "allocations",
                filter=Q(allocations__kind__in=kinds, allocations__started_on__lte=AS_OF)
                & (Q(allocations__ended_on__isnull=True) | Q(allocations__ended_on__gt=AS_OF)),
            )
        )
        .values_list("cases", flat=True)
    )
    assert low <= mean(loads) <= high and max(loads) <= most, sorted(loads)


def test_each_case_holding_demo_user_has_a_typical_caseload() -> None:
    made = ensure_demo_users("demo-password-for-tests")
    # Every demo user has a person's name, the officers without a worker too.
    assert all(len(u.name.split()) >= 2 and not u.name.startswith("Demo ") for u in made), [
        u.name for u in made
    ]
    for username in ("social.worker", "family.support", "personal.adviser", "reviewing.officer"):
        worker = Worker.objects.get(user__username=username)
        cases = Allocation.objects.filter(worker=worker, ended_on__isnull=True).count()
        assert cases >= 5, (username, cases)


# --- Where the child lives -------------------------------------------------------------------

PARENTS = ("mother", "father")


def test_no_looked_after_child_lives_with_a_parent() -> None:
    in_care = PeriodOfCare.objects.filter(open_at(AS_OF), child=OuterRef("person"))
    assert_none(
        Relationship.objects.filter(kind__in=PARENTS, lives_with_child=True).filter(
            Exists(in_care)
        ),
        "a child in care does not live with a parent",
    )


def test_an_adopted_childs_birth_parents_have_no_parental_responsibility_or_home() -> None:
    adopted = PeriodOfCare.objects.filter(
        child=OuterRef("person"), reason_ceased__in=("E11", "E12"), ended_on__lte=AS_OF
    )
    assert_none(
        Relationship.objects.filter(kind__in=PARENTS)
        .filter(Q(lives_with_child=True) | Q(has_parental_responsibility=True))
        .filter(Exists(adopted)),
        "after an adoption order the birth parents have neither",
    )


def test_a_care_leavers_household_is_their_own() -> None:
    left = (Eligibility.RELEVANT, Eligibility.FORMER_RELEVANT)
    leavers = [row.child.pk for row in care_leavers(AS_OF) if row.category in left]
    assert len(leavers) >= 20, "the authority has care leavers"
    assert_none(
        Relationship.objects.filter(kind__in=PARENTS, lives_with_child=True, person_id__in=leavers),
        "a care leaver does not live with a parent",
    )


# --- Supervision and management oversight of the last year (decision 0039) --------------------


def test_every_practitioner_is_supervised_by_their_team_manager_mostly_in_time() -> None:
    practitioners = Worker.objects.filter(
        role__in=[
            Worker.Role.SOCIAL_WORKER,
            Worker.Role.FAMILY_SUPPORT_WORKER,
            Worker.Role.PERSONAL_ADVISER,
        ]
    )
    assert_none(
        practitioners.exclude(supervisions__held_on__gt=AS_OF - timedelta(days=70)),
        "every practitioner has had supervision in the last ten weeks",
    )
    assert_none(
        Supervision.objects.exclude(
            supervisor__role=Worker.Role.TEAM_MANAGER, supervisor__team=F("worker__team")
        ),
        "supervision is given by the manager of the worker's own team",
    )
    assert_none(
        Supervision.objects.filter(held_on__gt=AS_OF), "no supervision after the as-of date"
    )
    rows = supervision_by_worker(set(Team.objects.values_list("pk", flat=True)), AS_OF)
    figures = supervision_figures(rows)
    # One session in four is late, by one to four weeks: most, not all, are in time.
    assert 0.75 <= figures.in_time / figures.workers < 1


def test_a_child_discussed_in_supervision_is_held_by_the_worker_that_day() -> None:
    held = Allocation.objects.filter(
        child=OuterRef("child"),
        worker=OuterRef("supervision__worker"),
        started_on__lte=OuterRef("supervision__held_on"),
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=OuterRef("supervision__held_on")))
    cases = SupervisionCase.objects.all()
    assert cases.count() >= Supervision.objects.count()  # most sessions discuss children
    assert_none(cases.exclude(Exists(held)), "a child discussed is one the worker holds")


def test_oversight_is_a_managers_review_within_a_social_workers_allocation() -> None:
    allocated = Allocation.objects.filter(
        child=OuterRef("child"),
        kind=K.SOCIAL_WORKER,
        team=OuterRef("manager__team"),
        started_on__lte=OuterRef("held_on"),
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=OuterRef("held_on")))
    assert Oversight.objects.filter(held_on__gt=AS_OF - timedelta(days=365)).count() > 1_000
    assert_none(
        Oversight.objects.exclude(manager__role=Worker.Role.TEAM_MANAGER),
        "oversight is a team manager's",
    )
    assert_none(
        Oversight.objects.exclude(Exists(allocated)),
        "oversight is by the manager of the team holding the child's allocation, while held",
    )
    # Most open cases had a manager's review in the last eight weeks.
    without = without_oversight(Person.objects.all(), AS_OF, 8)
    open_cases = Referral.objects.filter(open_at(AS_OF, "referral_date", "closure_date"))
    assert without.count < 0.1 * open_cases.values("child").distinct().count()
