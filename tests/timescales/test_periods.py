"""Period arithmetic for statutory timescales (CONTRACTS.md "Working days and periods").

Every expected date below is worked out by hand from the calendar, with the counting written
in the comment: day 0 is the trigger for working days, the same day number for weeks and
months (a shorter month gives its last day), and day 1 is the trigger for "beginning with".
Bank holidays used: 2025-12-25/26, 2026-01-01, Good Friday 2026-04-03, Easter Monday
2026-04-06, 2026-12-25, 2026-12-28 (Boxing Day substitute), 2027-01-01.
"""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from sightline.timescales.periods import Period, Term, Unit, parse_period, terms_between

D = date.fromisoformat
LONDON = ZoneInfo("Europe/London")
DEFAULT_TERMS = ((9, 1), (1, 1), (4, 15))


def working(n: int) -> Period:
    return Period(n, Unit.WORKING_DAYS)


# --- working days ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "n", "due"),
    [
        # Friday: 1 working day is the Monday; 5 is the next Friday.
        ("2026-11-20", 1, "2026-11-23"),
        ("2026-11-20", 5, "2026-11-27"),
        # Thursday + 2 skips the weekend: Fri (1), Mon (2).
        ("2026-11-19", 2, "2026-11-23"),
        # Monday + 1 is Tuesday: the trigger day itself is day 0, never day 1.
        ("2026-11-23", 1, "2026-11-24"),
    ],
)
def test_working_days_count_from_day_zero_and_skip_weekends(start: str, n: int, due: str) -> None:
    assert working(n).due(D(start)) == D(due)


@pytest.mark.parametrize(
    ("start", "n", "due"),
    [
        # Wed 2026-12-23: Thu 24 (1); Fri 25 Christmas, Sat, Sun, Mon 28 Boxing Day substitute;
        # Tue 29 (2).
        ("2026-12-23", 2, "2026-12-29"),
        # ... Wed 30 (3), Thu 31 (4), Fri 1 Jan New Year's Day, Mon 4 Jan (5).
        ("2026-12-23", 5, "2027-01-04"),
        # Wed 2025-12-24: Thu 25 and Fri 26 bank holidays, weekend, Mon 29 (1).
        ("2025-12-24", 1, "2025-12-29"),
        # ... Tue 30 (2), Wed 31 (3), Thu 1 Jan holiday, Fri 2 Jan (4).
        ("2025-12-24", 4, "2026-01-02"),
        # Thu 2026-12-17 (an ICPC's strategy discussion) + 15: Dec 18, 21-24 (5), 29-31 (8),
        # Jan 4-8 (13), 11 (14), 12 (15).
        ("2026-12-17", 15, "2027-01-12"),
    ],
)
def test_working_days_skip_christmas_boxing_day_and_new_year(start: str, n: int, due: str) -> None:
    assert working(n).due(D(start)) == D(due)


@pytest.mark.parametrize(
    ("start", "n", "due"),
    [
        # Thu 2026-04-02: Good Friday 3, weekend, Easter Monday 6; Tue 7 (1).
        ("2026-04-02", 1, "2026-04-07"),
        # Wed 2026-04-01: Thu 2 (1), Tue 7 (2), Wed 8 (3).
        ("2026-04-01", 3, "2026-04-08"),
    ],
)
def test_working_days_skip_good_friday_and_easter_monday(start: str, n: int, due: str) -> None:
    assert working(n).due(D(start)) == D(due)


@pytest.mark.parametrize(
    ("start", "n", "due"),
    [
        ("2026-11-21", 1, "2026-11-23"),  # Saturday: day 1 is the Monday
        ("2026-11-22", 1, "2026-11-23"),  # Sunday: day 1 is the Monday
        ("2026-11-21", 2, "2026-11-24"),  # Saturday: Monday (1), Tuesday (2)
        ("2026-12-26", 1, "2026-12-29"),  # Saturday Boxing Day; Monday 28 is its substitute
        ("2026-04-05", 1, "2026-04-07"),  # Easter Sunday; Easter Monday is not a working day
        ("2026-12-25", 1, "2026-12-29"),  # a trigger on a bank holiday is still day 0
    ],
)
def test_working_days_from_a_non_working_trigger_day_count_it_as_day_zero(
    start: str, n: int, due: str
) -> None:
    assert working(n).due(D(start)) == D(due)


def test_working_days_outside_the_supported_calendar_raise_value_error() -> None:
    with pytest.raises(ValueError, match="supported range"):
        working(1).due(D("2036-01-02"))


# --- weeks, days, months ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "period", "due"),
    [
        ("2026-01-05", Period(1, Unit.WEEKS), "2026-01-12"),
        ("2026-01-05", Period(6, Unit.WEEKS), "2026-02-16"),
        ("2026-12-23", Period(1, Unit.WEEKS), "2026-12-30"),  # bank holidays do not matter
        ("2026-11-21", Period(1, Unit.WEEKS), "2026-11-28"),  # a Saturday gives a Saturday
        ("2026-12-25", Period(7, Unit.DAYS), "2027-01-01"),  # calendar days, holidays or not
    ],
)
def test_weeks_and_days_are_calendar_periods_ignoring_holidays(
    start: str, period: Period, due: str
) -> None:
    assert period.due(D(start)) == D(due)


@pytest.mark.parametrize(
    ("start", "months", "due"),
    [
        ("2026-01-31", 1, "2026-02-28"),  # February shorter: its last day
        ("2028-01-31", 1, "2028-02-29"),  # leap year
        ("2026-08-31", 6, "2027-02-28"),
        ("2027-08-31", 6, "2028-02-29"),
        ("2026-03-31", 3, "2026-06-30"),
        ("2026-01-15", 3, "2026-04-15"),  # same day number
        ("2026-11-15", 12, "2027-11-15"),  # across a year end
        ("2028-02-29", 12, "2029-02-28"),
    ],
)
def test_months_give_the_same_day_number_or_the_last_day_of_a_shorter_month(
    start: str, months: int, due: str
) -> None:
    assert Period(months, Unit.MONTHS).due(D(start)) == D(due)


def test_26_weeks_beginning_with_counts_the_issue_day_as_day_one() -> None:
    # 2026-01-05 is day 1, so day 182 (26 x 7) is 2026-07-05: one day before plain 26 weeks.
    assert Period(26, Unit.WEEKS_BEGINNING_WITH).due(D("2026-01-05")) == D("2026-07-05")
    assert Period(26, Unit.WEEKS).due(D("2026-01-05")) == D("2026-07-06")
    assert Period(1, Unit.WEEKS_BEGINNING_WITH).due(D("2026-01-05")) == D("2026-01-11")


# --- hours -----------------------------------------------------------------------------------


def test_72_hours_runs_from_the_recorded_time_of_return() -> None:
    returned = datetime(2026, 11, 20, 22, 15, tzinfo=LONDON)
    period = Period(72, Unit.HOURS)
    assert period.due_at(returned) == datetime(2026, 11, 23, 22, 15, tzinfo=LONDON)
    # As a date, 72 hours from a date is three calendar days later, weekends included.
    assert period.due(D("2026-11-20")) == D("2026-11-23")


def test_72_hours_across_the_spring_clock_change_keep_the_wall_clock_time() -> None:
    # Stated behaviour: the hours are added to the local wall-clock time (Python's aware
    # arithmetic), so across the clock change of Sunday 2026-03-29 the interview is due at the
    # same local time three days later, which is 71 elapsed hours.
    returned = datetime(2026, 3, 27, 20, 0, tzinfo=LONDON)
    due = Period(72, Unit.HOURS).due_at(returned)
    assert due == datetime(2026, 3, 30, 20, 0, tzinfo=LONDON)
    assert due.astimezone(UTC) - returned.astimezone(UTC) == timedelta(hours=71)


def test_due_at_refuses_a_period_that_is_not_in_hours() -> None:
    with pytest.raises(ValueError, match="hours"):
        working(1).due_at(datetime(2026, 11, 20, 9, 0, tzinfo=LONDON))


# --- parse_period ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("10 working days", Period(10, Unit.WORKING_DAYS)),
        ("1 working day", Period(1, Unit.WORKING_DAYS)),
        ("1 week", Period(1, Unit.WEEKS)),
        ("6 weeks", Period(6, Unit.WEEKS)),
        ("3 months", Period(3, Unit.MONTHS)),
        ("1 day", Period(1, Unit.DAYS)),
        ("26 weeks beginning with", Period(26, Unit.WEEKS_BEGINNING_WITH)),
        ("72 hours", Period(72, Unit.HOURS)),
        ("  20 Working Days ", Period(20, Unit.WORKING_DAYS)),
        ("10 working_days", Period(10, Unit.WORKING_DAYS)),
    ],
)
def test_parse_period_reads_the_regulations_wording(text: str, period: Period) -> None:
    assert parse_period(text) == period


@pytest.mark.parametrize(
    "text",
    [
        "10 working days",
        "1 week",
        "3 months",
        "26 weeks beginning with",
        "72 hours",
        "1 working day",
    ],
)
def test_a_period_prints_as_the_text_it_was_parsed_from(text: str) -> None:
    assert str(parse_period(text)) == text


@pytest.mark.parametrize(
    "text",
    [
        "",
        "working days",
        "10",
        "ten working days",
        "10 fortnights",
        "10 working days please",
        "-3 months",
        "3.5 months",
        "0 days",
        "0 weeks beginning with",
    ],
)
def test_parse_period_refuses_nonsense_with_value_error(text: str) -> None:
    with pytest.raises(ValueError):
        parse_period(text)


def test_a_period_of_less_than_one_unit_is_refused() -> None:
    with pytest.raises(ValueError):
        Period(0, Unit.WORKING_DAYS)


# --- terms -----------------------------------------------------------------------------------


def test_default_terms_start_on_1_september_1_january_and_15_april() -> None:
    assert terms_between(D("2026-01-01"), D("2026-12-31"), DEFAULT_TERMS) == [
        Term(D("2026-01-01"), D("2026-04-14")),
        Term(D("2026-04-15"), D("2026-08-31")),
        Term(D("2026-09-01"), D("2026-12-31")),
    ]


def test_every_day_belongs_to_exactly_one_term_and_terms_run_back_to_back() -> None:
    first, last = D("2025-07-01"), D("2028-09-30")
    terms = terms_between(first, last, DEFAULT_TERMS)
    for earlier, later in itertools.pairwise(terms):
        assert later.starts_on == earlier.ends_on + timedelta(days=1)
    day = first
    while day <= last:
        assert sum(t.starts_on <= day <= t.ends_on for t in terms) == 1, day
        assert len(terms_between(day, day, DEFAULT_TERMS)) == 1, day
        day += timedelta(days=1)


def test_a_period_inside_one_term_gives_that_term_only() -> None:
    # The summer holiday belongs to the term before it.
    assert terms_between(D("2026-05-01"), D("2026-08-20"), DEFAULT_TERMS) == [
        Term(D("2026-04-15"), D("2026-08-31"))
    ]


def test_terms_across_a_year_end() -> None:
    assert terms_between(D("2026-12-20"), D("2027-01-10"), DEFAULT_TERMS) == [
        Term(D("2026-09-01"), D("2026-12-31")),
        Term(D("2027-01-01"), D("2027-04-14")),
    ]


def test_a_term_that_began_the_previous_year_is_found() -> None:
    assert terms_between(D("2026-02-01"), D("2026-02-01"), ((9, 1),)) == [
        Term(D("2025-09-01"), D("2026-08-31"))
    ]


def test_term_start_days_need_not_be_given_in_order() -> None:
    assert terms_between(D("2026-03-01"), D("2026-03-01"), ((4, 20), (9, 5), (1, 6))) == [
        Term(D("2026-01-06"), D("2026-04-19"))
    ]


def test_terms_need_at_least_one_start_day() -> None:
    with pytest.raises(ValueError):
        terms_between(D("2026-01-01"), D("2026-12-31"), ())
