"""Care leaver categories at their boundaries (13 weeks since 14; care ending after 16)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from sightline.leaving_care.eligibility import CarePeriod, Eligibility, eligibility

BORN = date(2008, 6, 10)  # 14 on 2022-06-10, 16 on 2024-06-10, 18 on 2026-06-10
FOURTEEN, SIXTEEN, EIGHTEEN = date(2022, 6, 10), date(2024, 6, 10), date(2026, 6, 10)
ON_17 = date(2025, 9, 1)


def test_looked_after_91_days_since_14_and_still_looked_after_at_16_is_eligible() -> None:
    # 91 days in care ending on the day of the check: 2025-06-03 .. 2025-09-01 inclusive.
    periods = [CarePeriod(ON_17 - timedelta(days=90), None)]
    assert eligibility(BORN, periods, ON_17) == Eligibility.ELIGIBLE


def test_90_days_is_one_short_of_13_weeks_so_only_qualifying() -> None:
    periods = [CarePeriod(ON_17 - timedelta(days=89), None)]
    assert eligibility(BORN, periods, ON_17) == Eligibility.QUALIFYING


def test_only_days_after_the_14th_birthday_count() -> None:
    # In care for a year before 14, out, then 60 days at 17: 60 days count, not 425.
    periods = [
        CarePeriod(FOURTEEN - timedelta(days=365), FOURTEEN),
        CarePeriod(ON_17 - timedelta(days=59), None),
    ]
    assert eligibility(BORN, periods, ON_17) == Eligibility.QUALIFYING
    periods[0] = CarePeriod(FOURTEEN - timedelta(days=365), FOURTEEN + timedelta(days=31))
    assert eligibility(BORN, periods, ON_17) == Eligibility.ELIGIBLE  # 31 + 60 = 91


def test_separate_periods_add_up_to_13_weeks() -> None:
    periods = [
        CarePeriod(date(2023, 1, 1), date(2023, 3, 2)),  # 60 days
        CarePeriod(ON_17 - timedelta(days=30), None),  # 31 days
    ]
    assert eligibility(BORN, periods, ON_17) == Eligibility.ELIGIBLE


def test_care_that_ended_the_day_before_16_gives_no_leaving_care_status() -> None:
    periods = [CarePeriod(FOURTEEN, SIXTEEN)]  # last day in care: the eve of the 16th birthday
    assert eligibility(BORN, periods, ON_17) is None


def test_care_that_ended_on_the_16th_birthday_after_13_weeks_makes_the_young_person_relevant() -> (
    None
):
    periods = [CarePeriod(FOURTEEN, SIXTEEN + timedelta(days=1))]  # in care on the birthday
    assert eligibility(BORN, periods, ON_17) == Eligibility.RELEVANT


def test_leaving_care_at_17_after_being_eligible_is_relevant_then_former_relevant_at_18() -> None:
    periods = [CarePeriod(date(2024, 1, 1), ON_17)]
    assert eligibility(BORN, periods, ON_17) == Eligibility.RELEVANT
    assert eligibility(BORN, periods, EIGHTEEN - timedelta(days=1)) == Eligibility.RELEVANT
    assert eligibility(BORN, periods, EIGHTEEN) == Eligibility.FORMER_RELEVANT


def test_eligible_at_18_becomes_former_relevant_until_the_25th_birthday() -> None:
    periods = [CarePeriod(date(2023, 1, 1), EIGHTEEN)]
    assert eligibility(BORN, periods, EIGHTEEN - timedelta(days=1)) == Eligibility.ELIGIBLE
    assert eligibility(BORN, periods, EIGHTEEN) == Eligibility.FORMER_RELEVANT
    assert eligibility(BORN, periods, date(2033, 6, 9)) == Eligibility.FORMER_RELEVANT
    assert eligibility(BORN, periods, date(2033, 6, 10)) is None


def test_qualifying_ends_at_21() -> None:
    periods = [CarePeriod(date(2025, 8, 1), date(2025, 9, 1))]  # a month in care at 17
    assert eligibility(BORN, periods, date(2026, 1, 1)) == Eligibility.QUALIFYING
    assert eligibility(BORN, periods, date(2029, 6, 9)) == Eligibility.QUALIFYING
    assert eligibility(BORN, periods, date(2029, 6, 10)) is None


@pytest.mark.parametrize("on", [date(2024, 6, 9), date(2020, 1, 1)])
def test_nobody_under_16_is_a_care_leaver(on: date) -> None:
    assert eligibility(BORN, [CarePeriod(date(2018, 1, 1), None)], on) is None


def test_a_leap_day_child_turns_18_on_28_february_in_a_common_year() -> None:
    born = date(2008, 2, 29)
    periods = [CarePeriod(date(2023, 6, 1), None)]
    assert eligibility(born, periods, date(2024, 2, 28)) is None  # 16 on 29 February 2024
    assert eligibility(born, periods, date(2024, 2, 29)) == Eligibility.ELIGIBLE
    assert eligibility(born, periods, date(2026, 2, 27)) == Eligibility.ELIGIBLE
    assert eligibility(born, periods, date(2026, 2, 28)) == Eligibility.FORMER_RELEVANT
