"""Eligibility read from real periods of care; care leavers set-based; NEET offer traction."""

from __future__ import annotations

from datetime import date, timedelta

from sightline.leaving_care import queries, services
from sightline.leaving_care.eligibility import Eligibility
from sightline.people.models import Person
from tests.leaving_care.conftest import CARE_ENDS, CARE_STARTS, TODAY, in_care, young_person


def test_eligibility_for_reads_the_periods_of_care(
    leaver: Person, django_assert_num_queries
) -> None:
    with django_assert_num_queries(1):
        assert queries.eligibility_for(leaver, TODAY) == Eligibility.RELEVANT
    assert queries.eligibility_for(leaver, CARE_ENDS - timedelta(days=1)) == Eligibility.ELIGIBLE
    assert queries.eligibility_for(leaver, date(2027, 3, 1)) == Eligibility.FORMER_RELEVANT
    assert queries.eligibility_for(leaver, date(2024, 12, 1)) is None  # not yet 16


def test_a_short_break_period_does_not_count(db: None) -> None:
    child = young_person("Noah")
    in_care(child, CARE_STARTS, CARE_ENDS, legal_status="V3")
    assert queries.eligibility_for(child, TODAY) is None
    assert queries.care_leavers(TODAY) == []


def test_short_break_days_do_not_add_up_to_13_weeks(db: None) -> None:
    child = young_person("Leo")
    in_care(child, date(2025, 4, 1), date(2025, 9, 1), legal_status="V3")  # 153 days
    in_care(child, date(2026, 3, 2), date(2026, 5, 1))  # 60 days after 16
    assert queries.eligibility_for(child, TODAY) == Eligibility.QUALIFYING


def test_care_leavers_lists_every_category_in_one_query(
    leaver: Person, child: Person, django_assert_num_queries
) -> None:
    older = young_person("Zara", born=date(2005, 7, 1))  # 14 in 2019, 18 in 2023
    in_care(older, date(2021, 1, 4), date(2023, 7, 1))
    in_care(child, date(2025, 2, 3), None)  # aged 6: looked after but no category
    with django_assert_num_queries(1):
        found = queries.care_leavers(TODAY)
    assert [(c.child.given_name, c.category) for c in found] == [
        ("Kai", Eligibility.RELEVANT),
        ("Zara", Eligibility.FORMER_RELEVANT),
    ]


def test_neet_offer_traction(leaver: Person, django_assert_num_queries) -> None:
    def offer(kind: str, *outcomes: str, on: date = date(2026, 9, 1)) -> None:
        made = services.record_neet_offer(child=leaver, offered_on=on, kind=kind, today=TODAY)
        for i, outcome in enumerate(outcomes):
            services.record_neet_offer_outcome(
                offer=made,
                outcome=outcome,
                outcome_on=on + timedelta(days=7 * (i + 1)),
                today=TODAY,
            )

    offer("apprenticeship", "taken_up", "completed")
    offer("apprenticeship", "taken_up", "dropped_out")
    offer("apprenticeship", "declined")
    offer("apprenticeship")
    offer("college", "declined")
    offer("college", "taken_up")
    offer("programme", "taken_up", on=date(2026, 7, 1))  # before the window
    with django_assert_num_queries(1):
        table = {row.kind: row for row in queries.neet_offer_traction(date(2026, 8, 1))}
    apprenticeship = table["apprenticeship"]
    assert apprenticeship.offered == 4
    assert apprenticeship.by_outcome == {
        "pending": 1,
        "taken_up": 0,
        "declined": 1,
        "completed": 1,
        "dropped_out": 1,
    }
    assert apprenticeship.taken_up == 2 and apprenticeship.percent_taken_up == 50.0
    assert table["college"].offered == 2 and table["college"].percent_taken_up == 50.0
    assert table["programme"].offered == 0 and table["programme"].percent_taken_up is None
    assert list(table) == ["programme", "apprenticeship", "college", "employment_support", "other"]
