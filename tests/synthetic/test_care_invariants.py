"""Life in care and leaving care on a bulk-built authority: the rules the services enforce one
record at a time (care.services_in_care, leaving_care.services) hold on the whole data set.

Each rule is one query returning the rows that break it; eligibility, a pure function of the
care history (leaving_care.eligibility), is checked in Python over one query's rows.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator
from datetime import date
from importlib import resources
from typing import Any

import pytest
from django.db import models
from django.db.models import Exists, F, OuterRef, Q

from sightline.care.models import (
    AdoptionMilestones,
    EducationRecord,
    HealthAssessment,
    LegalStatus,
    MissingEpisode,
    PeriodOfCare,
    PersonalEducationPlan,
    Placement,
    PreviousPermanence,
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
from sightline.synthetic.in_care import Settings
from sightline.synthetic.leaving import became_eligible
from sightline.synthetic.simulate import load_postcodes
from sightline.synthetic.stats import leaving_care_by_year
from sightline.validation.ssda903.previous_permanence import LA_PERM
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


# --- What the SSDA903 return asks of the care records (issue 13: clean synthetic returns) ----


def test_no_child_starts_care_at_18_or_stays_looked_after_past_18() -> None:
    """Care ends at 18 at the latest (SSDA903 rules 352, 359); checked in Python over one
    query's rows (the 18th birthday is a pure function of the birth date)."""
    rows = PeriodOfCare.objects.values_list(
        "pk", "started_on", "ended_on", "child__birth_date"
    ).order_by("pk")
    bad = [
        pk
        for pk, start, end, born in rows
        if start >= birthday(born, 18) or (end or AS_OF) > birthday(born, 18)
    ]
    assert not bad, f"periods of care starting at 18 or running past it (first ids): {bad[:30]}"


def test_placement_orders_and_adoption_placements_follow_a_decision_to_place() -> None:
    """SSDA903 rules 551 and 553/554: a placement order (legal status E1) or a placement for
    adoption (A3-A6) needs the decision that the child should be placed for adoption first."""
    decided = AdoptionMilestones.objects.filter(
        period=OuterRef("period"), decision_on__lte=OuterRef("started_on")
    )
    assert_none(
        LegalStatus.objects.filter(code="E1").filter(~Exists(decided)),
        "a placement order follows the decision to place for adoption",
    )
    assert_none(
        Placement.objects.filter(place__in=("A3", "A4", "A5", "A6")).filter(~Exists(decided)),
        "a placement for adoption follows the decision to place for adoption",
    )


def test_an_adopted_child_has_the_milestones_and_the_adopters_recorded() -> None:
    """AD1 for every child adopted: the decision, the match and the adopters' details."""
    assert_none(
        PeriodOfCare.objects.filter(reason_ceased__in=("E11", "E12")).filter(
            ~Exists(
                AdoptionMilestones.objects.filter(
                    period=OuterRef("pk"),
                    matched_on__isnull=False,
                    adoption_order_on=OuterRef("ended_on"),
                    number_of_adopters__isnull=False,
                )
            )
        ),
        "an adoption has its decision, match, order and adopters",
    )


def test_a_child_turning_4_or_17_in_a_year_looked_after_all_of_it_has_an_sdq_that_year() -> None:
    """SSDA903 rule 197B: an SDQ score or the reason there is none (SDQ1 when the child was
    under 4 or over 16 at the assessment) for every child in OC2 who turns 4 or 17 in the
    year. Checked for each complete collection year of the history."""
    periods = list(
        PeriodOfCare.objects.values_list("child_id", "started_on", "ended_on", "child__birth_date")
    )
    sdqs = set(HealthAssessment.objects.filter(kind="sdq").values_list("child_id", "done_on"))
    by_child: dict[int, list[date]] = {}
    for child, done in sdqs:
        by_child.setdefault(child, []).append(done)
    bad = []
    for year in range(AS_OF.year - 3, AS_OF.year + (1 if AS_OF.month >= 4 else 0)):
        first, last = date(year - 1, 4, 1), date(year, 3, 31)
        for child, start, end, born in periods:
            if start > first or (end is not None and end <= last):
                continue  # not looked after continuously for the year
            if not any(first <= birthday(born, n) <= last for n in (4, 17)):
                continue
            if not any(first <= d <= last for d in by_child.get(child, [])):
                bad.append((year, child))
    assert not bad, f"(year, child) with no SDQ in the year: {bad[:30]}"


def test_previous_permanence_names_a_valid_local_authority() -> None:
    """SSDA903 rule 633: LA_PERM is one of the DfE's local authority codes."""
    assert_none(
        PreviousPermanence.objects.exclude(la="").exclude(la__in=LA_PERM),
        "a valid LA code for the previous permanence order",
    )


def test_a_setting_with_an_ofsted_urn_is_in_england() -> None:
    """SSDA903 rule 243: only a provider Ofsted registers (in England) has a URN reported."""
    text = resources.files("sightline.synthetic").joinpath("data/postcodes.csv").read_text()
    wales = {
        r["postcode"] for r in csv.DictReader(text.splitlines()) if r["district_code"][0] == "W"
    }
    assert_none(
        Placement.objects.exclude(urn="").filter(postcode__in=sorted(wales)),
        "a placement with an Ofsted URN is in England",
    )


@pytest.mark.parametrize("seed", range(10))
def test_every_childrens_home_is_in_england(seed: int) -> None:
    """The settings drawn for any seed (60 children's homes, a third outside the county)."""
    text = resources.files("sightline.synthetic").joinpath("data/postcodes.csv").read_text()
    england = {
        r["postcode"] for r in csv.DictReader(text.splitlines()) if r["district_code"][0] == "E"
    }
    settings = Settings(random.Random(seed), *load_postcodes())
    assert not [h for h in settings.homes if h.postcode not in england]


def test_a_periods_home_postcode_is_none_of_its_placements_postcodes() -> None:
    """SSDA903 rule 392d: the home and placement postcodes differ (no child is placed with
    parents, P1, in the synthetic authority)."""
    assert_none(
        Placement.objects.filter(postcode=F("period__home_postcode")),
        "the placement is away from the home postcode",
    )


def test_special_guardianship_ends_care_from_a_foster_placement() -> None:
    """SSDA903 rule 516: a period ending with a special guardianship order (E45, E46) ends in
    a foster placement (U1-U6)."""
    last = Placement.objects.filter(period=OuterRef("pk"), ended_on=OuterRef("ended_on"))
    assert_none(
        PeriodOfCare.objects.filter(reason_ceased__in=("E45", "E46")).filter(
            ~Exists(last.filter(place__startswith="U"))
        ),
        "special guardianship from a foster placement",
    )
