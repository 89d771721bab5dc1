"""The journey's invariants hold on a bulk-built authority (CONTRACTS.md "Sizes and dates").

Bulk generation skips the services' checks, so the rules the services enforce one record at a
time are checked here on the whole data set: each rule is one set-based query (no loop per
child) that returns the ids of the rows breaking it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from sightline.chronology.models import ChronologyEntry
from sightline.core.codes import CLOSED_AFTER_ASSESSMENT
from sightline.people.models import Person
from sightline.protection.models import (
    Assessment,
    ChildInNeedPlan,
    ChildProtectionConference,
    ChildProtectionPlan,
    PreProceedings,
    Referral,
    Section47Enquiry,
    StrategyDiscussion,
    Visit,
)
from sightline.protection.services import NFA_CLOSURE_REASON
from sightline.workforce.models import Allocation
from tests.synthetic.conftest import authority_for_module
from tests.synthetic.snapshot import sightline_models

CHILDREN, SEED, AS_OF = 6000, 11, date(2026, 11, 23)
YEAR_FROM, YEAR_TO = date(2025, 4, 1), date(2026, 3, 31)  # the last complete collection year

pytestmark = pytest.mark.django_db

K = ChildProtectionConference.Kind


@pytest.fixture(scope="module", autouse=True)
def authority(django_db_setup: None, django_db_blocker: Any) -> Iterator[dict[str, int]]:
    with authority_for_module(django_db_blocker, children=CHILDREN, seed=SEED, as_of=AS_OF) as c:
        yield c


def ids(queryset: models.QuerySet[Any], limit: int = 30) -> list[Any]:
    return list(queryset.order_by("pk").values_list("pk", flat=True)[:limit])


def assert_none(queryset: models.QuerySet[Any], rule: str) -> None:
    bad = ids(queryset)
    assert not bad, f"{queryset.model._meta.label} breaking '{rule}' (first ids): {bad}"


def test_the_authority_is_big_enough_to_test(authority: dict[str, int]) -> None:
    at_least = {
        "protection.Referral": 1000,
        "protection.Section47Enquiry": 300,
        "protection.ChildProtectionPlan": 100,
        "protection.ChildInNeedPlan": 400,
        "protection.PreProceedings": 5,
        "protection.Visit": 5000,
        "workforce.Allocation": 1500,
    }
    too_few = {k: (authority[k], n) for k, n in at_least.items() if authority[k] < n}
    assert not too_few, f"(have, want): {too_few}"


# --- Referrals (episodes of need) ------------------------------------------------------------


def test_a_childs_referrals_do_not_overlap() -> None:
    # r starts on or before another referral's closure date, or while it is still open.
    earlier = Referral.objects.filter(
        child=OuterRef("child"), referral_date__lte=OuterRef("referral_date")
    ).exclude(pk=OuterRef("pk"))
    overlapping = earlier.filter(
        Q(closure_date__isnull=True) | Q(closure_date__gte=OuterRef("referral_date"))
    )
    assert_none(Referral.objects.filter(Exists(overlapping)), "referrals do not overlap")


def test_a_referral_is_closed_with_a_reason_and_only_then() -> None:
    assert_none(
        Referral.objects.filter(
            Q(closure_date__isnull=True) & ~Q(closure_reason="")
            | Q(closure_date__isnull=False, closure_reason="")
        ),
        "closure date if and only if closure reason",
    )


def test_a_referral_does_not_close_before_it_opens() -> None:
    assert_none(
        Referral.objects.filter(closure_date__lt=F("referral_date")), "closure >= referral date"
    )


# Records hanging off a referral: (model, start field, end fields).
ON_A_REFERRAL: list[tuple[type[models.Model], str, tuple[str, ...]]] = [
    (Assessment, "started_on", ("child_seen_on", "authorised_on")),
    (StrategyDiscussion, "held_on", ("requested_on",)),
    (Section47Enquiry, "started_on", ("completed_on",)),
    (ChildProtectionConference, "held_on", ()),
    (ChildProtectionPlan, "started_on", ("ended_on",)),
    (ChildInNeedPlan, "started_on", ("ended_on",)),
    (PreProceedings, "started_on", ("letter_sent_on", "ended_on")),
]


@pytest.mark.parametrize(
    ("model", "start", "ends"), ON_A_REFERRAL, ids=[m.__name__ for m, _, _ in ON_A_REFERRAL]
)
def test_records_lie_within_their_referral_and_belong_to_its_child(
    model: type[models.Model], start: str, ends: tuple[str, ...]
) -> None:
    outside = Q(**{f"{start}__lt": F("referral__referral_date")}) | ~Q(
        child_id=F("referral__child_id")
    )
    for name in (start, *ends):
        # Null dates and open referrals compare false: only real breaches are found.
        outside |= Q(**{f"{name}__gt": F("referral__closure_date")})
    for name in ends:
        if name != "requested_on":
            outside |= Q(**{f"{name}__lt": F(start)})
    assert_none(
        model._default_manager.filter(outside),
        f"{start} on or after the referral date, every date on or before its closure, same child",
    )


# Open: (model, the field that is empty while it is open).
OPEN_WHILE_EMPTY = [
    (Assessment, "authorised_on"),
    (Section47Enquiry, "completed_on"),
    (ChildProtectionPlan, "ended_on"),
    (ChildInNeedPlan, "ended_on"),
    (PreProceedings, "ended_on"),
]


@pytest.mark.parametrize(
    ("model", "end"), OPEN_WHILE_EMPTY, ids=[m.__name__ for m, _ in OPEN_WHILE_EMPTY]
)
def test_nothing_is_left_open_on_a_closed_referral(model: type[models.Model], end: str) -> None:
    assert_none(
        model._default_manager.filter(
            **{f"{end}__isnull": True, "referral__closure_date__isnull": False}
        ),
        "nothing open on a closed referral",
    )


# --- Strategy discussions, enquiries and conferences ----------------------------------------


def test_an_enquiry_starts_on_the_day_of_its_s47_strategy_discussion() -> None:
    assert_none(
        Section47Enquiry.objects.filter(
            ~Q(started_on=F("strategy_discussion__held_on"))
            | ~Q(strategy_discussion__outcome=StrategyDiscussion.Outcome.SECTION_47)
            | ~Q(referral_id=F("strategy_discussion__referral_id"))
        ),
        "s47 start = strategy discussion date, its outcome s47, same referral",
    )


def test_an_initial_conference_follows_an_enquiry_of_its_referral() -> None:
    assert_none(
        ChildProtectionConference.objects.filter(kind=K.INITIAL).filter(
            Q(section47__isnull=True)
            | ~Q(section47__referral_id=F("referral_id"))
            | Q(held_on__lt=F("section47__started_on"))
        ),
        "initial conference has an enquiry of its referral and is on or after its start",
    )


def test_a_cp_plan_is_made_by_exactly_one_initial_or_transfer_in_conference_that_day() -> None:
    starting = Q(conferences__kind__in=[K.INITIAL, K.TRANSFER_IN])
    made_it = starting & Q(
        conferences__held_on=F("started_on"),
        conferences__outcome=ChildProtectionConference.Outcome.PLAN,
        conferences__referral_id=F("referral_id"),
    )
    assert_none(
        ChildProtectionPlan.objects.annotate(
            starting=Count("conferences", filter=starting),
            made_it=Count("conferences", filter=made_it),
        ).exclude(starting=1, made_it=1),
        "linked from exactly one initial/transfer-in conference held on the plan's start",
    )


def test_review_conferences_fall_within_their_plan() -> None:
    assert_none(
        ChildProtectionConference.objects.filter(kind=K.REVIEW).filter(
            Q(held_on__lte=F("plan__started_on"))
            | Q(held_on__gt=F("plan__ended_on"))
            | ~Q(referral_id=F("plan__referral_id"))
        ),
        "a review is after the plan's start, on or before its end, on its referral",
    )


# --- Plans -----------------------------------------------------------------------------------


def overlapping(model: type[models.Model], start: str, end: str, **same: Any) -> Exists:
    """Another row of the same child (and ``same``) that starts no later and is still open
    after this one starts: periods are [start, end), a tie in start broken by pk."""
    earlier = (
        model._default_manager.filter(child=OuterRef("child"), **same)
        .filter(
            Q(**{f"{start}__lt": OuterRef(start)})
            | Q(**{start: OuterRef(start), "pk__lt": OuterRef("pk")})
        )
        .filter(Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gt": OuterRef(start)}))
    )
    return Exists(earlier)


def test_a_child_has_one_cp_plan_open_at_a_time() -> None:
    assert_none(
        ChildProtectionPlan.objects.filter(
            overlapping(ChildProtectionPlan, "started_on", "ended_on")
        ),
        "no two CP plans of a child open at once",
    )


def test_a_childs_cin_plans_do_not_overlap() -> None:
    assert_none(
        ChildInNeedPlan.objects.filter(overlapping(ChildInNeedPlan, "started_on", "ended_on")),
        "no two CIN plans of a child overlap",
    )


def test_a_cin_plan_does_not_overlap_a_cp_plan() -> None:
    # Periods share more than an end point: stepping down from a CP plan to a CIN plan on the
    # day the CP plan ends is not overlap.
    cp_during = ChildProtectionPlan.objects.filter(
        child=OuterRef("child"), started_on__lt=OuterRef("open_until")
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=OuterRef("started_on")))
    assert_none(
        ChildInNeedPlan.objects.annotate(open_until=Coalesce("ended_on", Value(date.max))).filter(
            Exists(cp_during)
        ),
        "a CIN plan does not overlap a CP plan of the child",
    )


def test_a_referral_closed_after_assessment_has_one_and_no_plan_or_enquiry() -> None:
    def on_it(model: type[models.Model]) -> Exists:
        return Exists(model._default_manager.filter(referral=OuterRef("pk")))

    assert_none(
        Referral.objects.filter(closure_reason__in=CLOSED_AFTER_ASSESSMENT).filter(
            ~Exists(Assessment.objects.filter(referral=OuterRef("pk"), authorised_on__isnull=False))
            | on_it(Section47Enquiry)
            | on_it(ChildProtectionPlan)
            | on_it(ChildInNeedPlan)
        ),
        "RC8/RC9: an authorised assessment and no plan or enquiry",
    )


def test_an_nfa_referral_closes_on_its_date_with_nothing_on_it() -> None:
    hanging = Q()
    for model, _, _ in ON_A_REFERRAL:
        hanging |= Q(Exists(model._default_manager.filter(referral=OuterRef("pk"))))
    assert_none(
        Referral.objects.filter(nfa=True).filter(
            Q(closure_date__isnull=True)
            | ~Q(closure_date=F("referral_date"))
            | ~Q(closure_reason=NFA_CLOSURE_REASON)
            | hanging
        ),
        "NFA referral closed the same day, nothing hanging off it",
    )


# --- Dates -----------------------------------------------------------------------------------


def dated_models() -> list[type[models.Model]]:
    return [
        m
        for m in sightline_models()
        if any(isinstance(f, models.DateField) and not _automatic(f) for f in m._meta.fields)
    ]


def _automatic(field: models.Field) -> bool:
    return bool(getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False))


# Dates that are about the future by nature: when a baby is expected, when work falls due.
MAY_BE_AFTER_AS_OF = {
    ("people.Person", "expected_birth_date"),
    ("timescales.Obligation", "due_on"),
    ("timescales.Obligation", "due_at"),
}


@pytest.mark.parametrize("model", dated_models(), ids=lambda m: m.__name__)
def test_no_date_is_after_as_of(model: type[models.Model]) -> None:
    end_of_day = datetime.combine(AS_OF + timedelta(days=1), time(0), ZoneInfo("Europe/London"))
    future = Q(pk__in=[])
    for field in model._meta.fields:
        if _automatic(field) or (model._meta.label, field.name) in MAY_BE_AFTER_AS_OF:
            continue
        if isinstance(field, models.DateTimeField):
            future |= Q(**{f"{field.name}__gte": end_of_day})
        elif isinstance(field, models.DateField):
            future |= Q(**{f"{field.name}__gt": AS_OF})
    assert_none(model._default_manager.filter(future), f"no date after {AS_OF}")


# --- Visits and allocations ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("purpose", "plan"),
    [
        (Visit.Purpose.CHILD_PROTECTION, ChildProtectionPlan),
        (Visit.Purpose.CHILD_IN_NEED, ChildInNeedPlan),
    ],
    ids=["cp", "cin"],
)
def test_a_plan_visit_falls_within_a_plan_of_that_child(
    purpose: str, plan: type[models.Model]
) -> None:
    covering = plan._default_manager.filter(
        child=OuterRef("child"), started_on__lte=OuterRef("visited_on")
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=OuterRef("visited_on")))
    assert_none(
        Visit.objects.filter(purpose=purpose).filter(~Exists(covering)),
        f"a {purpose} visit is within a plan of that child",
    )


def test_a_childs_allocations_of_a_kind_do_not_overlap() -> None:
    assert_none(
        Allocation.objects.filter(
            overlapping(Allocation, "started_on", "ended_on", kind=OuterRef("kind"))
        ),
        "allocations of one kind for a child do not overlap",
    )


# --- Chronology ------------------------------------------------------------------------------


def test_every_child_has_exactly_one_person_registered_entry() -> None:
    assert_none(
        Person.objects.filter(kind=Person.Kind.CHILD)
        .annotate(n=Count("chronology", filter=Q(chronology__event="PersonRegistered")))
        .exclude(n=1),
        "exactly one PersonRegistered entry per child",
    )


def test_every_referral_has_exactly_one_referral_opened_entry() -> None:
    entries = (
        ChronologyEntry.objects.filter(
            event="ReferralOpened",
            record_type=Referral._meta.label,
            record_id=OuterRef("pk"),
            child_id=OuterRef("child_id"),
        )
        .order_by()
        .values("record_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    assert_none(
        Referral.objects.annotate(n=Coalesce(Subquery(entries), 0)).exclude(n=1),
        "exactly one ReferralOpened entry per referral, on its child",
    )


def test_chronology_entries_point_at_existing_records_of_their_child() -> None:
    labels = set(ChronologyEntry.objects.values_list("record_type", flat=True).distinct())
    unknown = {label for label in labels if label not in {m._meta.label for m in apps.get_models()}}
    assert not unknown, f"chronology record types that are not models: {unknown}"
    dangling = Q()
    for label in labels:
        model = apps.get_model(label)
        child = "pk" if model is Person else "child_id"
        same_child = model._default_manager.filter(**{child: OuterRef("child_id")})
        exists = Exists(same_child.filter(pk=OuterRef("record_id")))
        dangling |= Q(record_type=label) & Q(~exists)
    assert_none(ChronologyEntry.objects.filter(dangling), "entries point at records of the child")


# --- Rates -----------------------------------------------------------------------------------


def test_rates_are_plausible_for_the_population() -> None:
    referrals = Referral.objects.filter(referral_date__range=(YEAR_FROM, YEAR_TO)).count()
    on_plan = (
        ChildProtectionPlan.objects.filter(started_on__lte=YEAR_TO)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=YEAR_TO))
        .count()
    )
    per_10k = {
        "referrals 2025-26": referrals * 10_000 / CHILDREN,
        "CP plans at 31 March 2026": on_plan * 10_000 / CHILDREN,
    }
    shown = {k: round(v, 1) for k, v in per_10k.items()}
    message = f"per 10,000 of {CHILDREN:,}: {shown} (counts {referrals}, {on_plan})"
    print(message)
    assert 350 <= per_10k["referrals 2025-26"] <= 700, message
    # About 40 plans at this size: a Poisson count whose spread is roughly +/-15 per 10,000,
    # so the band is wide; the county-sized figures are recorded in bench/results.
    assert 20 <= per_10k["CP plans at 31 March 2026"] <= 90, message
