"""The record's chronology tab: newest first as the MoJ timeline, in plain words, filtered by
kind and dates (GOV.UK date inputs and errors), a page at a time."""

from __future__ import annotations

import re
from datetime import date

from django.test import Client

from sightline.people.models import Person
from tests.web.factories import ChildFactory, ChronologyEntryFactory

URL = "/children/GL0001234/chronology/"


def get(client: Client, **params: str) -> str:
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.content.decode()


def titles(page: str) -> list[str]:
    return re.findall(r'<h3 class="moj-timeline__title">(.*?)</h3>', page)


def test_the_chronology_is_a_timeline_newest_first_in_plain_words(
    signed_in: Client, lily: Person
) -> None:
    page = get(signed_in)
    assert '<div class="moj-timeline"' in page
    assert titles(page) == [
        "Child protection plan started",
        "Strategy discussion held",
        "Referral received",
    ]
    assert '<time datetime="2026-01-20">20 January 2026</time>' in page


def test_entries_on_the_same_day_are_newest_recorded_first(signed_in: Client, db: None) -> None:
    child = ChildFactory()
    for summary in ["First that day", "Second that day", "Third that day"]:
        ChronologyEntryFactory(child=child, occurred_on=date(2026, 3, 1), summary=summary)
    page = signed_in.get(f"/children/{child.la_child_id}/chronology/").content.decode()
    assert (
        page.index("Third that day") < page.index("Second that day") < page.index("First that day")
    )


def test_no_event_is_shown_as_its_class_name_split_into_words(
    signed_in: Client, lily: Person
) -> None:
    ChronologyEntryFactory(child=lily, event="NEETBarrierRecorded", summary="Needs a bus pass")
    page = get(signed_in)
    assert "Barrier to education, training or work" in titles(page)
    assert "N e e t" not in page and "Neet" not in page


def test_the_filter_offers_the_kinds_in_this_chronology_and_filters_by_them(
    signed_in: Client, lily: Person
) -> None:
    page = get(signed_in)
    offered = re.findall(r'name="kind" type="checkbox" value="(\w+)"', page)
    assert sorted(offered) == [
        "ChildProtectionPlanStarted",
        "ReferralOpened",
        "StrategyDiscussionHeld",
    ]
    page = get(signed_in, kind="StrategyDiscussionHeld")
    assert titles(page) == ["Strategy discussion held"]
    assert "1 entry match the filter" in page
    assert 'value="StrategyDiscussionHeld" checked' in page
    assert "Clear filter" in page


def test_the_filter_by_dates_includes_both_ends(signed_in: Client, lily: Person) -> None:
    page = get(
        signed_in,
        **{"since-day": "20", "since-month": "1", "since-year": "2026"},
        **{"until-day": "16", "until-month": "2", "until-year": "2026"},
    )
    assert titles(page) == ["Child protection plan started", "Strategy discussion held"]
    page = get(signed_in, **{"until-day": "19", "until-month": "1", "until-year": "2026"})
    assert titles(page) == ["Referral received"]


def test_a_date_that_is_not_real_is_a_govuk_error_and_the_list_is_unfiltered(
    signed_in: Client, lily: Person
) -> None:
    page = get(signed_in, **{"since-day": "31", "since-month": "2", "since-year": "2026"})
    assert '<div class="govuk-error-summary"' in page
    assert '<a href="#id_since-day">From must be a real date</a>' in page
    assert "<title>Error: " in page
    assert len(titles(page)) == 3


def test_a_date_with_a_part_missing_says_which(signed_in: Client, lily: Person) -> None:
    page = get(signed_in, **{"until-day": "3", "until-year": "2026"})
    assert '<a href="#id_until-month">To must include a month</a>' in page


def test_to_before_from_is_an_error_on_to(signed_in: Client, lily: Person) -> None:
    page = get(
        signed_in,
        **{"since-day": "1", "since-month": "3", "since-year": "2026"},
        **{"until-day": "1", "until-month": "2", "until-year": "2026"},
    )
    assert "The date to must be the same as or after the date from" in page
    assert 'href="#id_until-day"' in page


def test_nothing_matching_the_filter_says_so(signed_in: Client, lily: Person) -> None:
    page = get(signed_in, **{"since-day": "1", "since-month": "1", "since-year": "2027"})
    assert "No entries match the filter." in page


def test_a_long_chronology_is_paged_keeping_the_filter(signed_in: Client, lily: Person) -> None:
    for day in range(1, 29):
        for _ in range(2):
            ChronologyEntryFactory(
                child=lily, occurred_on=date(2025, 3, day), event="VisitRecorded"
            )
    page = get(signed_in, kind="VisitRecorded")
    assert len(titles(page)) == 25
    assert "56 entries match the filter" in page
    following = re.search(r'href="(\?[^"]*page=2[^"]*)" rel="next"', page)
    assert following and "kind=VisitRecorded" in following.group(1)
    second = get(signed_in, kind="VisitRecorded", page="2")
    assert len(titles(second)) == 25
    assert get(signed_in, kind="VisitRecorded", page="3").count("moj-timeline__item") == 6
