"""The display filters the pages use in their loops, written out for speed, say exactly what
Django's own formatting would."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils.dateformat import format as django_format

from sightline.web.templatetags.sightline_web import child_address, form_address, govuk_date


def test_govuk_date_is_django_s_j_f_y_for_every_month_and_for_a_datetime() -> None:
    for month in range(1, 13):
        day = date(2026, month, 3 if month % 2 else 28)
        assert govuk_date(day) == django_format(day, "j F Y")
    moment = datetime(2026, 12, 6, 23, 30, tzinfo=ZoneInfo("Europe/London"))
    assert govuk_date(moment) == django_format(moment, "j F Y") == "6 December 2026"
    assert govuk_date(None) == ""


def test_a_child_s_addresses_in_a_list_are_those_reverse_gives() -> None:
    for child in ("C123", "916 A 1", "x&y?é"):
        for name in ("child-record", "child-leaving-care", "child-care"):
            assert child_address(child, name) == reverse(name, args=[child])
        assert form_address(child, "keeping-in-touch") == reverse(
            "record", args=[child, "keeping-in-touch"]
        )
    assert child_address("C123") == reverse("child-record", args=["C123"])
