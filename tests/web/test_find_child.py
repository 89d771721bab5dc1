"""Find a child: by name, date of birth or identifier; GOV.UK errors; set-based queries."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from sightline.people.models import Person
from sightline.web.queries import SEARCH_LIMIT
from tests.web.factories import (
    AdultFactory,
    ChildFactory,
    ChildInNeedPlanFactory,
    ChildProtectionPlanFactory,
    nhs_number,
    upn,
)


def found(response: Any) -> list[str]:
    """The names in the results table, in order."""
    return re.findall(
        r'<a class="govuk-link" href="/children/\w+/">([^<]+)</a>', response.content.decode()
    )


@pytest.fixture
def children(db: None) -> dict[str, Person]:
    return {
        "lily": ChildFactory(
            la_child_id="GL0001234",
            given_name="Lily",
            family_name="Hargreaves",
            birth_date=date(2016, 2, 29),
            nhs_number=nhs_number(1),
            upn=upn(1),
        ),
        "jack": ChildFactory(
            la_child_id="GL0005678",
            given_name="Jack",
            family_name="Hargreaves",
            birth_date=date(2019, 7, 3),
            nhs_number=nhs_number(2),
            upn=upn(2),
        ),
        "amira": ChildFactory(
            la_child_id="GL0009999",
            given_name="Amira",
            family_name="Khan",
            birth_date=date(2016, 2, 29),
            nhs_number=nhs_number(3),
            upn=upn(3),
        ),
        "unborn": ChildFactory(
            la_child_id="GL0000042",
            given_name="Baby",
            family_name="Hargreaves",
            birth_date=None,
            expected_birth_date=date(2027, 1, 15),
            nhs_number="",
            upn="",
            upn_unknown="UN1",
        ),
    }


def test_search_by_family_name_is_partial_and_case_insensitive(
    signed_in: Client, children: dict[str, Person]
) -> None:
    response = signed_in.get("/children/", {"name": "hargr"})
    assert found(response) == ["Baby Hargreaves", "Jack Hargreaves", "Lily Hargreaves"]
    assert "3 children found" in response.content.decode()


def test_search_by_given_and_family_name_needs_both_to_match(
    signed_in: Client, children: dict[str, Person]
) -> None:
    assert found(signed_in.get("/children/", {"name": "LILY hargreaves"})) == ["Lily Hargreaves"]
    assert found(signed_in.get("/children/", {"name": "Lily Khan"})) == []


def test_search_by_birth_date(signed_in: Client, children: dict[str, Person]) -> None:
    response = signed_in.get(
        "/children/", {"birth_date-day": "29", "birth_date-month": "2", "birth_date-year": "2016"}
    )
    assert found(response) == ["Lily Hargreaves", "Amira Khan"]
    page = response.content.decode()
    assert "29 February 2016" in page
    # The date the user typed stays in the boxes.
    assert 'name="birth_date-day" type="text" inputmode="numeric" value="29"' in page


def test_search_by_birth_date_finds_an_unborn_child_by_expected_date(
    signed_in: Client, children: dict[str, Person]
) -> None:
    response = signed_in.get(
        "/children/", {"birth_date-day": "15", "birth_date-month": "1", "birth_date-year": "2027"}
    )
    assert found(response) == ["Baby Hargreaves"]
    assert "Unborn (expected" in response.content.decode()


def test_search_by_nhs_number_with_spaces_shows_it_3_3_4(
    signed_in: Client, children: dict[str, Person]
) -> None:
    number = nhs_number(2)
    typed = f"{number[:3]} {number[3:6]} {number[6:]}"
    response = signed_in.get("/children/", {"identifier": typed})
    assert found(response) == ["Jack Hargreaves"]
    cell = f'<td class="govuk-table__cell" data-label="NHS number">{typed}</td>'
    assert cell in response.content.decode()


def test_search_by_la_child_id_in_any_case(signed_in: Client, children: dict[str, Person]) -> None:
    assert found(signed_in.get("/children/", {"identifier": "GL0009999"})) == ["Amira Khan"]
    assert found(signed_in.get("/children/", {"identifier": " gl0009999 "})) == ["Amira Khan"]


def test_search_by_upn(signed_in: Client, children: dict[str, Person]) -> None:
    assert found(signed_in.get("/children/", {"identifier": upn(1).lower()})) == ["Lily Hargreaves"]


def test_search_combines_criteria(signed_in: Client, children: dict[str, Person]) -> None:
    response = signed_in.get(
        "/children/",
        {
            "name": "khan",
            "birth_date-day": "29",
            "birth_date-month": "02",
            "birth_date-year": "2016",
        },
    )
    assert found(response) == ["Amira Khan"]


def test_adults_are_not_found(signed_in: Client, children: dict[str, Person]) -> None:
    AdultFactory(given_name="Sarah", family_name="Hargreaves")
    assert "Sarah" not in " ".join(found(signed_in.get("/children/", {"name": "Hargreaves"})))


def test_an_impossible_date_shows_the_error_summary_linking_to_the_date(
    signed_in: Client, children: dict[str, Person]
) -> None:
    response = signed_in.get(
        "/children/", {"birth_date-day": "31", "birth_date-month": "2", "birth_date-year": "2016"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'class="govuk-error-summary"' in page
    assert '<a href="#id_birth_date-day">Date of birth must be a real date</a>' in page
    assert 'class="govuk-form-group govuk-form-group--error"' in page
    assert "<title>Error: Find a child" in page
    assert found(response) == []


def test_a_date_missing_its_month_says_so_and_highlights_the_month(
    signed_in: Client, children: dict[str, Person]
) -> None:
    page = signed_in.get(
        "/children/", {"birth_date-day": "3", "birth_date-month": "", "birth_date-year": "2019"}
    ).content.decode()
    assert '<a href="#id_birth_date-month">Date of birth must include a month</a>' in page
    assert 'govuk-input--width-2 govuk-input--error" id="id_birth_date-month"' in page
    assert 'govuk-input--width-2" id="id_birth_date-day"' in page


@pytest.mark.parametrize("year", ["16", "20x6", "99999999999999999999"])
def test_a_year_that_is_not_four_digits_is_not_a_real_date(
    signed_in: Client, children: dict[str, Person], year: str
) -> None:
    page = signed_in.get(
        "/children/", {"birth_date-day": "1", "birth_date-month": "1", "birth_date-year": year}
    ).content.decode()
    assert "Date of birth must be a real date" in page


def test_searching_with_nothing_filled_in_asks_for_something(signed_in: Client, db: None) -> None:
    page = signed_in.get("/children/", {"name": "", "identifier": ""}).content.decode()
    assert (
        '<a href="#id_name">Enter a name, a date of birth or an identifier to search for</a>'
        in page
    )


def test_the_search_page_starts_with_an_empty_form_and_no_errors(
    signed_in: Client, db: None
) -> None:
    page = signed_in.get("/children/").content.decode()
    assert "govuk-error-summary" not in page
    assert '<h1 class="govuk-heading-l">Find a child</h1>' in page
    assert "found" not in page


def test_no_match_says_so(signed_in: Client, children: dict[str, Person]) -> None:
    page = signed_in.get("/children/", {"name": "Zebedee"}).content.decode()
    assert "No children found" in page
    assert "0 children found" not in page
    assert "No children match your search" in page


def test_results_show_current_involvement(signed_in: Client, children: dict[str, Person]) -> None:
    ChildProtectionPlanFactory(referral__child=children["lily"])
    ChildInNeedPlanFactory(referral__child=children["jack"])
    page = signed_in.get("/children/", {"name": "Hargreaves"}).content.decode()
    rows = re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", page, re.S)[1:]
    by_name = {re.search(r">([^<]+)</a>", row).group(1): row for row in rows}  # type: ignore[union-attr]
    assert "Child protection plan" in by_name["Lily Hargreaves"]
    assert "Open referral" not in by_name["Lily Hargreaves"]
    assert "Child in need plan" in by_name["Jack Hargreaves"]
    assert "None" in by_name["Baby Hargreaves"]


def test_results_stop_at_fifty_and_say_there_are_more(signed_in: Client, db: None) -> None:
    ChildFactory.create_batch(SEARCH_LIMIT + 1, family_name="Smith")
    response = signed_in.get("/children/", {"name": "smith"})
    assert len(found(response)) == SEARCH_LIMIT
    page = response.content.decode()
    assert f"More than {SEARCH_LIMIT} children found" in page
    assert f"Showing the first {SEARCH_LIMIT} children" in page


def test_exactly_fifty_results_do_not_claim_more(signed_in: Client, db: None) -> None:
    ChildFactory.create_batch(SEARCH_LIMIT, family_name="Smith")
    page = signed_in.get("/children/", {"name": "smith"}).content.decode()
    assert f"{SEARCH_LIMIT} children found" in page
    assert "More than" not in page


def test_search_costs_the_same_queries_for_many_results_as_for_few(
    signed_in: Client, db: None, django_assert_max_num_queries: Any
) -> None:
    def queries_for_search() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert signed_in.get("/children/", {"name": "smith"}).status_code == 200
        return len(ctx.captured_queries)

    for child in ChildFactory.create_batch(2, family_name="Smith"):
        ChildProtectionPlanFactory(referral__child=child)
    few = queries_for_search()
    for child in ChildFactory.create_batch(30, family_name="Smith"):
        plan = ChildProtectionPlanFactory(referral__child=child)
        ChildInNeedPlanFactory(referral=plan.referral)  # one open referral per child
    assert queries_for_search() == few
    # session, user, the reader's role and team (2), restricted records (1), the search, the
    # audit row (savepoint, lock, last hash, insert, release) and the children it listed (one
    # insert, in a savepoint: 3), the sliding session save (3)
    with django_assert_max_num_queries(17):
        signed_in.get("/children/", {"name": "smith"})


# --- Forgiving of spelling and of dates typed in words (issue 15, item 5) -----------------------


@pytest.mark.parametrize("typed", ["Hargreeves", "Hargraves", "lilly hargreaves"])
def test_search_finds_a_name_spelt_another_way_that_sounds_the_same(
    signed_in: Client, children: dict[str, Person], typed: str
) -> None:
    assert "Lily Hargreaves" in found(signed_in.get("/children/", {"name": typed}))


def test_a_name_that_sounds_different_is_still_not_found(
    signed_in: Client, children: dict[str, Person]
) -> None:
    assert found(signed_in.get("/children/", {"name": "Lily Khan"})) == []


@pytest.mark.parametrize(
    "typed", ["29 February 2016", "29th february 2016", "February 29th, 2016", "29/2/2016"]
)
def test_a_date_of_birth_typed_in_words_in_the_search_box_is_searched_as_the_date(
    signed_in: Client, children: dict[str, Person], typed: str
) -> None:
    response = signed_in.get("/children/", {"name": typed})
    assert found(response) == ["Lily Hargreaves", "Amira Khan"]
    assert "Searching for children born on 29 February 2016" in response.content.decode()


def test_a_name_and_a_date_in_words_together_search_for_both(
    signed_in: Client, children: dict[str, Person]
) -> None:
    assert found(signed_in.get("/children/", {"name": "Amira 29th Feb 2016"})) == ["Amira Khan"]


def test_the_date_boxes_take_a_month_name_and_a_day_with_its_ending(
    signed_in: Client, children: dict[str, Person]
) -> None:
    response = signed_in.get(
        "/children/",
        {"birth_date-day": "3rd", "birth_date-month": "July", "birth_date-year": "2019"},
    )
    assert found(response) == ["Jack Hargreaves"]


def test_a_month_that_is_no_month_is_still_not_a_real_date(
    signed_in: Client, children: dict[str, Person]
) -> None:
    response = signed_in.get(
        "/children/",
        {"birth_date-day": "3", "birth_date-month": "Smarch", "birth_date-year": "2019"},
    )
    assert response.status_code == 200
    assert "Date of birth must be a real date" in response.content.decode()


def test_no_count_of_none_sits_above_children_who_match(db: None) -> None:
    """A social worker searching by date of birth for a child they do not work with: the
    heading counts the matches listed below it, never "0 children found"."""
    from sightline.access.models import AccessProfile
    from sightline.access.roles import Role
    from tests.web.factories import UserFactory, WorkerFactory

    ChildFactory(given_name="Noor", family_name="Ali", birth_date=date(2014, 5, 6))
    user = UserFactory(username="sam")
    WorkerFactory(user=user)
    AccessProfile.objects.create(user=user, role=Role.SOCIAL_WORKER.value)
    client = Client()
    client.force_login(user)
    page = client.get(
        "/children/", {"birth_date-day": "6", "birth_date-month": "5", "birth_date-year": "2014"}
    ).content.decode()
    assert "0 children found" not in page
    assert "1 child found" in page
    assert "Noor Ali" in page and "Ask for break-glass access" in page
