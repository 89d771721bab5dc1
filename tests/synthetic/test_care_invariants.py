"""Life in care and leaving care on a bulk-built authority: the rules the services enforce one
record at a time (care.services_in_care, leaving_care.services) hold on the whole data set.

Each rule is one query returning the rows that break it; eligibility, a pure function of the
care history (leaving_care.eligibility), is checked in Python over one query's rows.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date
from importlib import resources
from typing import Any

import pytest
from django.db import models
from django.db.models import Exists, F, OuterRef, Q

from sightline.care.models import (
    EducationRecord,
    HealthAssessment,
    MissingEpisode,
    PersonalEducationPlan,
    Placement,
)
from sightline.leaving_care.codes import accommodation_suitable
from sightline.leaving_care.eligibility import CarePeriod, birthday, eligibility
from sightline.leaving_care.models import (
    Accommodation,
    Activity,
    HomelessPresentation,
    InTouch,
    NEETBarrier,
    NEETOffer,
    PathwayPlanReview,
)
from sightline.leaving_care.queries import CARE_LEAVER_CATEGORIES, care_leavers, counted_periods
from sightline.synthetic.leaving import became_eligible
from sightline.synthetic.stats import leaving_care_by_year
from sightline.workforce.models import Allocation
from tests.synthetic.conftest import authority_for_module

CHILDREN, SEED, AS_OF = 6000, 11, date(2026, 11, 23)

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
        "care.HealthAssessment": 300,
        "care.PersonalEducationPlan": 200,
        "care.EducationRecord": 50,
        "care.MissingEpisode": 30,
        "leaving_care.PathwayPlan": 15,
        "leaving_care.InTouch": 30,
        "leaving_care.HomelessPresentation": 3,
        "leaving_care.NEETOffer": 5,
    }
    too_few = {k: (authority[k], n) for k, n in at_least.items() if authority[k] < n}
    assert not too_few, f"(have, want): {too_few}"


# --- In care ---------------------------------------------------------------------------------

WITHIN_PERIOD = [
    (HealthAssessment, "done_on"),
    (PersonalEducationPlan, "reviewed_on"),
]


@pytest.mark.parametrize(
    ("model", "day"), WITHIN_PERIOD, ids=[m.__name__ for m, _ in WITHIN_PERIOD]
)
def test_in_care_records_lie_within_their_period_of_the_same_child(
    model: type[models.Model], day: str
) -> None:
    assert_none(
        model._default_manager.filter(
            Q(**{f"{day}__lt": F("period__started_on")})
            | Q(**{f"{day}__gt": F("period__ended_on")})
            | ~Q(child_id=F("period__child_id"))
        ),
        "within the period of care, same child",
    )


def test_an_sdq_has_a_score_or_a_reason_and_only_sdqs_do() -> None:
    assert_none(
        HealthAssessment.objects.filter(
            Q(kind="sdq", sdq_score__isnull=True, sdq_reason="")
            | Q(kind="sdq", sdq_score__isnull=False) & ~Q(sdq_reason="")
            | ~Q(kind="sdq") & (Q(sdq_score__isnull=False) | ~Q(sdq_reason=""))
        ),
        "SDQ: a score or a reason; other checks neither",
    )


def test_a_childs_schools_follow_one_another() -> None:
    later = EducationRecord.objects.filter(
        child=OuterRef("child"), started_on__gt=OuterRef("started_on")
    )
    assert_none(
        EducationRecord.objects.filter(
            Q(ended_on__isnull=True) & Exists(later)
            | Q(ended_on__isnull=False) & ~Exists(later.filter(started_on=OuterRef("ended_on")))
        ),
        "a school ends the day the next starts; only the latest is open",
    )


def test_missing_episodes_lie_within_care_and_do_not_overlap() -> None:
    overlapping = MissingEpisode.objects.filter(
        child=OuterRef("child"), started_at__lt=OuterRef("started_at")
    ).filter(Q(ended_at__isnull=True) | Q(ended_at__gt=OuterRef("started_at")))
    assert_none(
        MissingEpisode.objects.filter(
            Q(started_at__date__lt=F("period__started_on"))
            | Q(ended_at__date__gt=F("period__ended_on"))
            | ~Q(child_id=F("period__child_id"))
            | Q(ended_at__lte=F("started_at"))
            | Exists(overlapping)
        ),
        "within the period, returned after leaving, no overlap",
    )


def test_return_interviews_are_offered_accepted_and_held_in_that_order() -> None:
    assert_none(
        MissingEpisode.objects.filter(
            Q(return_interview_accepted=True, return_interview_offered=False)
            | Q(return_interview_held_at__isnull=False, return_interview_accepted=False)
            | Q(return_interview_held_at__lt=F("ended_at"))
            | Q(ended_at__isnull=True, return_interview_offered=True)
        ),
        "accepted only if offered, held only if accepted and after the return",
    )


def test_placements_in_settings_carry_a_documented_urn_and_a_real_postcode() -> None:
    text = resources.files("sightline.synthetic").joinpath("data/postcodes.csv").read_text()
    known = {row["postcode"] for row in csv.DictReader(text.splitlines())}
    rows = list(Placement.objects.values_list("pk", "place", "urn", "postcode"))
    assert rows
    documented = [
        (pk, place, urn)
        for pk, place, urn, _ in rows
        if not (
            urn == "XXXXXXX"
            or (urn[:2] == "SC" and urn[2:].isdigit() and len(urn) == 8)
            or (urn.isdigit() and len(urn) == 7)
        )
    ]
    assert not documented, f"placements without a documented URN: {documented[:20]}"
    unknown = [(pk, postcode) for pk, _, _, postcode in rows if postcode not in known]
    assert not unknown, f"placement postcodes not in data/postcodes.csv: {unknown[:20]}"
    homes: dict[str, set[str]] = {}
    for _, place, urn, postcode in rows:
        if place == "K2":
            homes.setdefault(urn, set()).add(postcode)
    assert all(len(p) == 1 for p in homes.values()), "one children's home, one postcode"


# --- Leaving care ----------------------------------------------------------------------------


def care_histories() -> dict[int, tuple[date, list[CarePeriod]]]:
    histories: dict[int, tuple[date, list[CarePeriod]]] = {}
    rows = (
        counted_periods(AS_OF)
        .filter(child__birth_date__isnull=False)
        .values_list("child_id", "child__birth_date", "started_on", "ended_on")
        .order_by("child_id", "started_on")
    )
    for child_id, born, started, ended in rows:
        assert born is not None
        histories.setdefault(child_id, (born, []))[1].append(CarePeriod(started, ended))
    return histories


CARE_LEAVER_RECORDS = [
    (Allocation.objects.filter(kind=Allocation.Kind.PERSONAL_ADVISER), "started_on", False),
    (PathwayPlanReview.objects.all(), "plan__started_on", False),
    (InTouch.objects.all(), "recorded_on", True),
    (Activity.objects.all(), "from_date", True),
    (Accommodation.objects.all(), "from_date", True),
    (NEETBarrier.objects.all(), "recorded_on", True),
    (NEETOffer.objects.all(), "offered_on", True),
]


@pytest.mark.parametrize(
    ("rows", "day", "qualifying"),
    CARE_LEAVER_RECORDS,
    ids=[q.model.__name__ for q, _, _ in CARE_LEAVER_RECORDS],
)
def test_leaving_care_records_are_for_care_leavers_on_the_day(
    rows: models.QuerySet[Any], day: str, qualifying: bool
) -> None:
    histories = care_histories()
    allowed = CARE_LEAVER_CATEGORIES | ({"qualifying"} if qualifying else set())
    bad = []
    for pk, child_id, on in rows.values_list("pk", "child_id", day):
        born, periods = histories.get(child_id, (None, []))
        if born is None or eligibility(born, periods, on) not in allowed:
            bad.append(pk)
    assert not bad, f"{rows.model.__name__} for someone not a care leaver that day: {bad[:20]}"


def test_personal_advisers_follow_eligibility_mostly_in_time() -> None:
    histories = care_histories()
    first: dict[int, date] = {}
    for child_id, started in Allocation.objects.filter(
        kind=Allocation.Kind.PERSONAL_ADVISER
    ).values_list("child_id", "started_on"):
        first[child_id] = min(started, first.get(child_id, started))
    assert first
    waits = []
    for child_id, started in first.items():
        born, periods = histories[child_id]
        eligible = became_eligible(born, periods)
        assert eligible is not None and eligible <= started, child_id
        waits.append((started - eligible).days)
    timely = sum(w <= 28 for w in waits) / len(waits)
    assert 0.5 <= timely < 1.0, f"{timely:.0%} allocated within four weeks of eligibility"


def test_oc3_codes_are_consistent() -> None:
    young = [
        pk
        for pk, born, on in Accommodation.objects.filter(code__in=["Z1", "Z2"]).values_list(
            "pk", "child__birth_date", "from_date"
        )
        if born is not None and on < birthday(born, 18)
    ]
    assert not young, f"Z (former foster carers) before 18: {young[:20]}"
    wrong = [
        pk
        for pk, code, suitable in Accommodation.objects.values_list("pk", "code", "suitable")
        if accommodation_suitable(code) != suitable
    ]
    assert not wrong, f"suitability not from the code: {wrong[:20]}"
    assert_none(
        PathwayPlanReview.objects.filter(
            Q(reviewed_on__lte=F("plan__started_on")) | ~Q(child_id=F("plan__child_id"))
        ),
        "a review is after its plan's start, for its child",
    )


def test_there_are_care_leavers_young_and_up_to_25_at_as_of() -> None:
    # At this size a single age may be missing; the county's counts are in bench/results.
    ages = set()
    for leaver in care_leavers(AS_OF):
        if leaver.category in CARE_LEAVER_CATEGORIES:
            born = leaver.child.birth_date
            assert born is not None
            ages.add(next(y for y in range(16, 26) if birthday(born, y + 1) > AS_OF))
    assert {17, 18} <= ages and max(ages) >= 23, sorted(ages)


# --- Homeless 16/17-year-olds and NEET offers ------------------------------------------------


def test_homeless_presentations_follow_the_journey() -> None:
    presentations = list(
        HomelessPresentation.objects.values_list(
            "pk",
            "child__birth_date",
            "presented_on",
            "joint_assessment_started_on",
            "joint_assessment_completed_on",
            "outcome",
            "outcome_on",
            "accommodation_used",
            "is_bed_and_breakfast",
            "advocacy_offered",
            "advocacy_taken_up",
        )
    )
    assert presentations
    bad = []
    for (
        pk,
        born,
        presented,
        started,
        done,
        outcome,
        outcome_on,
        used,
        bnb,
        offered,
        taken,
    ) in presentations:
        assert born is not None
        ok = birthday(born, 16) <= presented < birthday(born, 18)
        ok &= started is None or started >= presented
        ok &= done is None or (started is not None and done >= started)
        ok &= (outcome == "") == (outcome_on is None)
        ok &= outcome == "" or (done is not None and outcome_on is not None and outcome_on >= done)
        ok &= not bnb or bool(used)
        ok &= offered or not taken
        if not ok:
            bad.append(pk)
    assert not bad, f"homeless presentations off the journey: {bad[:20]}"


def test_neet_offer_outcomes_move_forward_after_the_offer() -> None:
    assert_none(
        NEETOffer.objects.filter(
            Q(outcome="pending", outcome_on__isnull=False)
            | ~Q(outcome="pending") & Q(outcome_on__isnull=True)
            | Q(outcome_on__lt=F("offered_on"))
        ),
        "an outcome date with every outcome but pending, not before the offer",
    )


def test_the_leaving_care_figures_are_computed() -> None:
    figures = leaving_care_by_year(date(2025, 4, 1), date(2026, 3, 31))
    assert figures["care leavers 22-24 at 31 March (n)"] > 0
    assert figures["missing episodes (n)"] >= figures["children missing (n)"] > 0
    assert 0 <= figures["PA within 20 working days %"] <= 100
