"""The England working-day calendar: pure functions, no database.

Every expected date below was checked against the published England and Wales bank holidays
(GOV.UK) and a calendar for the day of the week.
"""

from __future__ import annotations

import functools
from datetime import date, datetime, time, timedelta

import holidays
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sightline.core.calendar import (
    SUPPORTED_FROM,
    SUPPORTED_TO,
    add_months,
    add_weeks,
    add_working_days,
    bank_holidays,
    beginning_with,
    is_working_day,
    working_days_between,
    working_seconds_between,
)

D = date.fromisoformat


@functools.cache
def _package_holidays() -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=range(2000, 2036)))


def _naive_working_days_between(start: date, end: date) -> int:
    """Day-by-day count straight from the holidays package, as an independent check."""
    table = _package_holidays()
    sign = 1 if end >= start else -1
    low, high = min(start, end), max(start, end)
    count = 0
    day = low + timedelta(days=1)
    while day <= high:
        if day.weekday() < 5 and day not in table:
            count += 1
        day += timedelta(days=1)
    return sign * count


# --- is_working_day and the holiday table ------------------------------------------------


def test_christmas_day_2024_is_not_a_working_day() -> None:
    assert is_working_day(D("2024-12-25")) is False


def test_good_friday_2024_is_not_a_working_day() -> None:
    assert is_working_day(D("2024-03-29")) is False


def test_an_ordinary_wednesday_is_a_working_day() -> None:
    assert is_working_day(D("2024-03-27")) is True


def test_weekends_are_not_working_days() -> None:
    assert is_working_day(D("2025-11-15")) is False  # Saturday
    assert is_working_day(D("2025-11-16")) is False  # Sunday


@pytest.mark.parametrize("year", range(2015, 2036))
def test_christmas_day_and_good_friday_are_england_bank_holidays_every_year(year: int) -> None:
    package = holidays.country_holidays("GB", subdiv="ENG", years=year)
    christmas = date(year, 12, 25)
    good_fridays = [d for d, name in package.items() if name == "Good Friday"]
    assert christmas in package
    assert len(good_fridays) == 1
    assert good_fridays[0].weekday() == 4
    assert christmas in bank_holidays()
    assert good_fridays[0] in bank_holidays()


@pytest.mark.parametrize(
    ("day", "occasion"),
    [
        ("2020-05-08", "early May bank holiday moved to VE Day"),
        ("2022-06-02", "spring bank holiday moved for the Platinum Jubilee"),
        ("2022-06-03", "Platinum Jubilee"),
        ("2022-09-19", "State Funeral of Queen Elizabeth II"),
        ("2023-05-08", "Coronation of King Charles III"),
    ],
)
def test_one_off_and_moved_bank_holidays_are_not_working_days(day: str, occasion: str) -> None:
    assert D(day) in bank_holidays(), occasion
    assert is_working_day(D(day)) is False, occasion


def test_usual_days_displaced_by_one_off_moves_are_working_days() -> None:
    assert is_working_day(D("2020-05-04")) is True  # first Monday in May 2020, moved to 8 May
    assert is_working_day(D("2022-05-30")) is True  # last Monday in May 2022, moved to 2 June


def test_weekday_bank_holidays_2022_match_gov_uk() -> None:
    weekday_holidays = {d for d in bank_holidays() if d.year == 2022 and d.weekday() < 5}
    assert weekday_holidays == {
        D("2022-01-03"),
        D("2022-04-15"),
        D("2022-04-18"),
        D("2022-05-02"),
        D("2022-06-02"),
        D("2022-06-03"),
        D("2022-08-29"),
        D("2022-09-19"),
        D("2022-12-26"),
        D("2022-12-27"),
    }


def test_weekday_bank_holidays_2026_match_gov_uk() -> None:
    weekday_holidays = {d for d in bank_holidays() if d.year == 2026 and d.weekday() < 5}
    assert weekday_holidays == {
        D("2026-01-01"),
        D("2026-04-03"),
        D("2026-04-06"),
        D("2026-05-04"),
        D("2026-05-25"),
        D("2026-08-31"),
        D("2026-12-25"),
        D("2026-12-28"),
    }


def test_holiday_table_is_the_england_subdivision_not_the_bare_gb_calendar() -> None:
    # Bare "GB" leaves out Easter Monday and the August bank holiday (they differ in Scotland).
    assert D("2026-04-06") in bank_holidays()
    assert D("2026-08-31") in bank_holidays()
    # Also proves the module's own Christmas Day and Good Friday safeguard adds no stray date.
    assert bank_holidays() == _package_holidays()


# --- add_working_days --------------------------------------------------------------------


def test_zero_working_days_is_the_trigger_day_itself_even_on_a_weekend() -> None:
    assert add_working_days(D("2025-11-14"), 0) == D("2025-11-14")
    assert add_working_days(D("2025-11-15"), 0) == D("2025-11-15")


def test_one_working_day_after_a_friday_is_the_monday() -> None:
    assert add_working_days(D("2025-11-14"), 1) == D("2025-11-17")


def test_one_working_day_after_a_saturday_is_the_monday() -> None:
    assert add_working_days(D("2025-11-15"), 1) == D("2025-11-17")


def test_one_working_day_after_a_sunday_is_the_monday() -> None:
    assert add_working_days(D("2025-11-16"), 1) == D("2025-11-17")


def test_one_working_day_after_a_saturday_before_a_bank_holiday_monday_is_the_tuesday() -> None:
    assert add_working_days(D("2026-05-02"), 1) == D("2026-05-05")  # Mon 4 May: May Day


def test_one_working_day_after_a_sunday_before_a_bank_holiday_monday_is_the_tuesday() -> None:
    assert add_working_days(D("2026-05-03"), 1) == D("2026-05-05")


def test_one_working_day_after_christmas_eve_2025_skips_christmas_boxing_day_and_weekend() -> None:
    # 25 Dec Thu (Christmas Day), 26 Dec Fri (Boxing Day), then the weekend.
    assert add_working_days(D("2025-12-24"), 1) == D("2025-12-29")


def test_one_working_day_after_christmas_eve_2026_skips_substitute_boxing_day() -> None:
    # 25 Dec Fri (Christmas Day), 26 Dec Sat (Boxing Day) -> substitute Mon 28 Dec.
    assert add_working_days(D("2026-12-24"), 1) == D("2026-12-29")


def test_working_days_across_new_year_2026_skip_new_years_day() -> None:
    assert add_working_days(D("2025-12-31"), 1) == D("2026-01-02")


def test_one_working_day_after_maundy_thursday_skips_good_friday_and_easter_monday() -> None:
    assert add_working_days(D("2026-04-02"), 1) == D("2026-04-07")


def test_one_working_day_before_the_platinum_jubilee_weekend_skips_both_holidays() -> None:
    assert add_working_days(D("2022-06-01"), 1) == D("2022-06-06")


def test_one_working_day_after_the_friday_before_the_queens_funeral_is_the_tuesday() -> None:
    assert add_working_days(D("2022-09-16"), 1) == D("2022-09-20")


def test_one_working_day_after_the_friday_before_the_coronation_is_the_tuesday() -> None:
    assert add_working_days(D("2023-05-05"), 1) == D("2023-05-09")


def test_one_working_day_after_the_day_before_ve_day_2020_is_the_monday() -> None:
    assert add_working_days(D("2020-05-07"), 1) == D("2020-05-11")


def test_fifteen_working_days_across_christmas_and_new_year() -> None:
    # Mon 22 Dec 2025: 23, 24, 29, 30, 31 Dec, 2 Jan, 5-9 Jan, 12-15 Jan.
    assert add_working_days(D("2025-12-22"), 15) == D("2026-01-15")


def test_forty_five_working_days_across_easter_and_may_day() -> None:
    # Nine plain weeks from Mon 2 Mar 2026 would be Mon 4 May; Good Friday, Easter Monday and
    # May Day (itself 4 May) push it three working days on.
    assert add_working_days(D("2026-03-02"), 45) == D("2026-05-07")


def test_negative_working_days_are_rejected() -> None:
    with pytest.raises(ValueError, match="0 or more"):
        add_working_days(D("2025-11-14"), -1)


def test_working_days_reach_the_last_supported_day() -> None:
    # Fri 28 Dec 2035 -> Mon 31 Dec 2035, the last supported day.
    assert add_working_days(D("2035-12-28"), 1) == D("2035-12-31")


def test_working_days_running_past_2035_raise_naming_the_supported_range() -> None:
    with pytest.raises(ValueError, match="2000-01-01 to 2035-12-31"):
        add_working_days(D("2035-12-31"), 1)


# --- working_days_between ----------------------------------------------------------------


def test_working_days_between_counts_days_after_start_up_to_and_including_end() -> None:
    assert working_days_between(D("2025-11-14"), D("2025-11-17")) == 1  # Fri -> Mon
    assert working_days_between(D("2025-11-17"), D("2025-11-21")) == 4  # Mon -> Fri


def test_working_days_between_the_same_day_is_zero() -> None:
    assert working_days_between(D("2025-11-17"), D("2025-11-17")) == 0


def test_working_days_between_is_negative_when_end_is_before_start() -> None:
    assert working_days_between(D("2025-11-21"), D("2025-11-17")) == -4


def test_working_days_between_over_christmas_2025() -> None:
    assert working_days_between(D("2025-12-24"), D("2025-12-29")) == 1
    assert working_days_between(D("2025-12-22"), D("2026-01-15")) == 15


def test_working_days_between_ending_on_a_holiday_does_not_count_it() -> None:
    assert working_days_between(D("2026-04-02"), D("2026-04-06")) == 0


def test_working_days_between_the_whole_supported_range_matches_a_day_by_day_count() -> None:
    assert working_days_between(SUPPORTED_FROM, SUPPORTED_TO) == _naive_working_days_between(
        SUPPORTED_FROM, SUPPORTED_TO
    )


# --- range checks ------------------------------------------------------------------------


@pytest.mark.parametrize("outside", ["1999-12-31", "2036-01-01"])
def test_dates_outside_2015_to_2035_raise_naming_the_supported_range(outside: str) -> None:
    inside = D("2025-06-02")
    for call in (
        lambda: is_working_day(D(outside)),
        lambda: add_working_days(D(outside), 1),
        lambda: working_days_between(D(outside), inside),
        lambda: working_days_between(inside, D(outside)),
    ):
        with pytest.raises(ValueError, match="2000-01-01 to 2035-12-31"):
            call()


def test_first_and_last_supported_days_are_accepted() -> None:
    assert is_working_day(SUPPORTED_FROM) is False  # New Year's Day 2015
    assert is_working_day(SUPPORTED_TO) is True  # Monday 31 Dec 2035


# --- weeks, months, "beginning with" -----------------------------------------------------


def test_add_weeks_is_seven_days_a_week_either_way() -> None:
    assert add_weeks(D("2025-11-14"), 6) == D("2025-12-26")
    assert add_weeks(D("2025-11-14"), -2) == D("2025-10-31")
    assert add_weeks(D("2025-11-14"), 0) == D("2025-11-14")


def test_add_months_keeps_the_day_number() -> None:
    assert add_months(D("2025-01-15"), 1) == D("2025-02-15")
    assert add_months(D("2025-11-30"), 1) == D("2025-12-30")  # not snapped to 31 Dec


def test_add_months_from_31_january_clips_to_28_february_in_a_common_year() -> None:
    assert add_months(D("2025-01-31"), 1) == D("2025-02-28")


def test_add_months_from_31_january_clips_to_29_february_in_a_leap_year() -> None:
    assert add_months(D("2024-01-31"), 1) == D("2024-02-29")


def test_add_months_from_31_august_clips_to_30_september() -> None:
    assert add_months(D("2025-08-31"), 1) == D("2025-09-30")


def test_add_months_across_the_year_end() -> None:
    assert add_months(D("2025-12-31"), 2) == D("2026-02-28")
    assert add_months(D("2025-11-30"), 13) == D("2026-12-30")


def test_add_months_six_months_from_a_month_end() -> None:
    assert add_months(D("2025-08-31"), 6) == D("2026-02-28")
    assert add_months(D("2025-03-31"), 6) == D("2025-09-30")


def test_add_months_backwards_clips_and_crosses_the_year() -> None:
    assert add_months(D("2025-03-31"), -1) == D("2025-02-28")
    assert add_months(D("2024-03-31"), -1) == D("2024-02-29")
    assert add_months(D("2025-01-15"), -1) == D("2024-12-15")
    assert add_months(D("2025-01-31"), -14) == D("2023-11-30")


def test_add_zero_months_is_the_same_day() -> None:
    assert add_months(D("2025-01-31"), 0) == D("2025-01-31")


def test_26_weeks_beginning_with_the_day_of_issue_ends_the_day_before_26_weeks_later() -> None:
    # Issued Mon 6 Jan 2025: day 1 is 6 Jan, day 182 is Sun 6 Jul 2025.
    assert beginning_with(D("2025-01-06"), 26) == D("2025-07-06")
    assert beginning_with(D("2025-01-06"), 26) == add_weeks(D("2025-01-06"), 26) - timedelta(1)


def test_one_week_beginning_with_a_day_ends_six_days_later() -> None:
    assert beginning_with(D("2025-11-17"), 1) == D("2025-11-23")


def test_beginning_with_rejects_zero_or_negative_weeks() -> None:
    with pytest.raises(ValueError, match="1 or more"):
        beginning_with(D("2025-01-06"), 0)


# --- properties --------------------------------------------------------------------------

# Starts up to mid-2034 so that 300 working days (about 14 months) stay inside the range.
_starts = st.dates(min_value=SUPPORTED_FROM, max_value=D("2034-06-30"))
_any_day = st.dates(min_value=SUPPORTED_FROM, max_value=SUPPORTED_TO)


@given(start=_starts, n=st.integers(min_value=0, max_value=300))
def test_working_days_between_inverts_add_working_days(start: date, n: int) -> None:
    due = add_working_days(start, n)
    assert working_days_between(start, due) == n
    assert working_days_between(due, start) == -n
    if n >= 1:
        assert is_working_day(due)
        # The due date is the first day on which n working days have passed.
        assert working_days_between(start, due - timedelta(days=1)) == n - 1


@given(start=_any_day, end=_any_day)
def test_working_days_between_is_antisymmetric(start: date, end: date) -> None:
    assert working_days_between(start, end) == -working_days_between(end, start)


@given(start=_any_day, span=st.integers(min_value=-120, max_value=120))
def test_working_days_between_matches_a_day_by_day_count(start: date, span: int) -> None:
    end = start + timedelta(days=span)
    if not SUPPORTED_FROM <= end <= SUPPORTED_TO:
        end = start
    assert working_days_between(start, end) == _naive_working_days_between(start, end)


@given(start=st.dates(), months=st.integers(min_value=-240, max_value=240))
def test_add_months_lands_on_the_same_day_or_the_month_end(start: date, months: int) -> None:
    try:
        result = add_months(start, months)
    except ValueError:  # beyond year 1..9999
        return
    assert (result.year * 12 + result.month) - (start.year * 12 + start.month) == months
    next_day = result + timedelta(days=1) if result < date.max else None
    assert result.day == start.day or (
        result.day < start.day and (next_day is None or next_day.day == 1)
    )


# --- Working hours (the front door's wait, decision 0025) -------------------------------------


def _hours(start: datetime, end: datetime) -> float:
    return working_seconds_between(start, end) / 3600


def test_a_friday_four_pm_contact_has_waited_an_hour_and_a_half_at_half_past_nine_on_monday() -> (
    None
):
    assert _hours(datetime(2026, 12, 4, 16), datetime(2026, 12, 7, 9, 30)) == 1.5


def test_weekends_and_bank_holidays_add_no_working_hours() -> None:
    # Thursday 24 December 2026 4pm; 25th Christmas, 26-27 the weekend, 28th the substitute
    # Boxing Day: one hour on the 24th and one on Tuesday 29th.
    assert _hours(datetime(2026, 12, 24, 16), datetime(2026, 12, 29, 10)) == 2
    assert _hours(datetime(2026, 12, 5, 10), datetime(2026, 12, 6, 23)) == 0


def test_hours_outside_the_working_day_do_not_count() -> None:
    assert _hours(datetime(2026, 12, 7, 7), datetime(2026, 12, 7, 20)) == 8
    assert _hours(datetime(2026, 12, 7, 18), datetime(2026, 12, 8, 8)) == 0


def test_an_end_before_the_start_is_no_wait() -> None:
    assert _hours(datetime(2026, 12, 8, 10), datetime(2026, 12, 7, 10)) == 0


def test_other_working_hours_can_be_given() -> None:
    seconds = working_seconds_between(
        datetime(2026, 12, 7, 8), datetime(2026, 12, 7, 19), opens=time(8, 30), closes=time(17)
    )
    assert seconds == 8.5 * 3600
