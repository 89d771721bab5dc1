"""Dates and times as people type them at the front door (frontdoor/forms.py)."""

from __future__ import annotations

from datetime import date, time

import pytest

from sightline.frontdoor.forms import TypedDateError, parse_time, parse_typed_date


@pytest.mark.parametrize(
    "typed",
    [
        "3 April 2015",
        "3 april 2015",
        "3 Apr 2015",
        "3rd April 2015",
        "April 3 2015",
        "April 3rd, 2015",
        "03/04/2015",
        "3/4/2015",
        "3.4.2015",
        "3-4-2015",
        "03 04 2015",
        "2015-04-03",
        "  3   April   2015 ",
    ],
)
def test_a_date_typed_any_usual_way_is_read_day_first(typed: str) -> None:
    assert parse_typed_date(typed) == date(2015, 4, 3)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("03/04/15", "Enter the year of the date of birth in full"),
        ("31/02/2015", "Enter a real date of birth"),
        ("3 Aprill 2015", "Enter the date of birth as a day, month and year"),
        ("next Tuesday", "Enter the date of birth as a day, month and year"),
    ],
)
def test_a_date_that_cannot_be_read_says_how_to_type_it(typed: str, message: str) -> None:
    with pytest.raises(TypedDateError) as error:
        parse_typed_date(typed, "date of birth")
    assert str(error.value).startswith(message)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("9:30am", time(9, 30)),
        ("9.30 am", time(9, 30)),
        ("14:05", time(14, 5)),
        ("2pm", time(14)),
        ("12pm", time(12)),
        ("12am", time(0)),
        ("midday", time(12)),
        ("9", time(9)),
    ],
)
def test_a_time_typed_any_usual_way(typed: str, expected: time) -> None:
    assert parse_time(typed) == expected


@pytest.mark.parametrize("typed", ["25:00", "13pm", "9:75", "soon"])
def test_a_time_that_is_not_real_is_refused(typed: str) -> None:
    with pytest.raises(TypedDateError):
        parse_time(typed)
