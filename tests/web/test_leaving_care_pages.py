"""The record's leaving-care tab and the personal adviser's home (issue 15 item 2, decision
0029): what they show, to whom, audited, and in a number of queries that does not grow with the
number of young people."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from sightline.access.models import AuditEvent, SearchListing
from sightline.leaving_care import services as leaving_care
from sightline.protection.services import record_visit
from sightline.web.navigation import offered
from tests.leaving_care.conftest import in_care, young_person
from tests.web.test_leaving_care import DAY, World, make_world


@pytest.fixture
def world(db: None, today: date) -> World:
    return make_world(today)


def _kai_record(w: World) -> None:
    """Kai: Pam his adviser since June, not seen since; plan started 10 June (its review due
    10 December); in bed and breakfast (unsuitable); NEET since October with a barrier and a
    college offer he took up, and an apprenticeship still pending."""
    leaving_care.allocate_personal_adviser(
        child=w.kai, worker=w.workers["pam"], on=date(2026, 6, 2), today=DAY
    )
    leaving_care.start_pathway_plan(child=w.kai, started_on=date(2026, 6, 10), today=DAY)
    leaving_care.record_accommodation(child=w.kai, from_date=date(2026, 9, 1), code="W2", today=DAY)
    leaving_care.record_activity(child=w.kai, from_date=date(2026, 10, 1), code="G5", today=DAY)
    leaving_care.record_neet_barrier(
        child=w.kai, recorded_on=date(2026, 10, 2), barrier="housing", today=DAY
    )
    college = leaving_care.record_neet_offer(
        child=w.kai, offered_on=date(2026, 10, 5), kind="college", today=DAY
    )
    leaving_care.record_neet_offer_outcome(
        offer=college, outcome="taken_up", outcome_on=date(2026, 10, 20), today=DAY
    )
    leaving_care.record_neet_offer(
        child=w.kai, offered_on=date(2026, 11, 1), kind="apprenticeship", today=DAY
    )


def _rhys_record(w: World) -> None:
    """Rhys: Pam his adviser, seen last week."""
    leaving_care.allocate_personal_adviser(
        child=w.rhys, worker=w.workers["pam"], on=date(2026, 6, 2), today=DAY
    )
    record_visit(
        child=w.rhys,
        purpose="pa",
        visited_on=date(2026, 11, 18),
        worker=w.workers["pam"],
        today=DAY,
    )


def _hana_record(w: World) -> None:
    """Hana, 16, presented as homeless; after the joint assessment she is accommodated under
    section 20, in a bed and breakfast."""
    p = leaving_care.record_homeless_presentation(
        child=w.hana, presented_on=date(2026, 11, 2), advocacy_offered=True, today=DAY
    )
    leaving_care.start_joint_assessment(presentation=p, started_on=date(2026, 11, 3), today=DAY)
    leaving_care.complete_joint_assessment(
        presentation=p, completed_on=date(2026, 11, 10), today=DAY
    )
    leaving_care.record_homeless_outcome(
        presentation=p,
        outcome="accommodated_s20",
        outcome_on=date(2026, 11, 11),
        accommodation_used="Station Hotel",
        is_bed_and_breakfast=True,
        today=DAY,
    )


def tab(w: World, who: str, child_id: str) -> str:
    response = w.client(who).get(f"/children/{child_id}/leaving-care/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_tab_shows_the_care_leavers_adviser_plan_accommodation_and_activity(
    world: World,
) -> None:
    _kai_record(world)
    page = tab(world, "pam", world.kai.la_child_id)
    assert 'aria-current="page" href="/children/' in page and ">Leaving care</a>" in page
    assert "Relevant (left care at 16 or 17)" in page
    assert "Became an eligible child" in page and "6 April 2025" in page
    assert f"{escape(world.workers['pam'].full_name)}, since 2 June 2026" in page
    assert "Pathway plan started" in page and "10 June 2026" in page
    assert "Due by 10 December 2026" in page
    assert "Bed and breakfast" in page and 'govuk-tag--red">Unsuitable' in page
    assert "Not in education, employment or training: other reasons" in page
    assert "Barrier: Housing instability" in page
    assert "Taken up, 20 October 2026" in page
    # Offers whose outcome can still move link to the form for that offer.
    assert "/record/neet-offer-outcome/?offer=" in page
    assert "Review the pathway plan" in page


def test_the_tab_shows_a_homeless_16_year_olds_assessment_and_where_she_is_accommodated(
    world: World,
) -> None:
    _hana_record(world)
    page = tab(world, "sam", world.hana.la_child_id)
    assert "Presented as homeless 2 November 2026" in page
    assert "Offered" in page
    assert "Accommodated under section 20 (looked after), 11 November 2026" in page
    assert "Looked after (section 20)" in page
    assert "Station Hotel (bed and breakfast: unsuitable for a 16 or 17-year-old)" in page


def test_the_tab_offers_forms_only_to_roles_that_record_them_and_is_audited(
    world: World,
) -> None:
    _kai_record(world)
    pam = tab(world, "pam", world.kai.la_child_id)
    fay = tab(world, "fay", world.kai.la_child_id)
    assert "/record/accommodation/" in pam
    assert "/record/accommodation/" not in fay
    assert "/record/" not in fay.split("<main", 1)[1]
    assert AuditEvent.objects.filter(
        action="view", child_id=world.kai.pk, username="fay.support"
    ).exists()


def test_the_tab_of_a_child_who_is_not_a_care_leaver_says_so(world: World) -> None:
    page = tab(world, "sam", world.hana.la_child_id)
    assert "Not a care leaver today" in page
    assert "Has not presented as homeless." in page


def test_the_advisers_home_lists_whom_they_have_not_seen_whose_review_is_due_and_who_is_neet(
    world: World,
) -> None:
    _kai_record(world)
    _rhys_record(world)
    response = world.client("pam").get("/young-people/")
    assert response.status_code == 200
    page = response.content.decode()
    not_in_touch = page.split('data-testid="not-in-touch"', 1)[1].split("</table>", 1)[0]
    assert "Kai Hale" in not_in_touch and "Rhys Hale" not in not_in_touch
    assert "Not since the allocation on 2 June 2026" in not_in_touch
    assert "/record/keeping-in-touch/" in not_in_touch
    reviews = page.split('data-testid="reviews"', 1)[1].split("</table>", 1)[0]
    assert "Kai Hale" in reviews and "10 December 2026" in reviews
    assert "/record/pathway-plan-review/?plan=" in reviews
    neet = page.split('data-testid="neet"', 1)[1].split("</table>", 1)[0]
    assert "Kai Hale" in neet and "Housing instability" in neet
    assert "College course, 5 October 2026: taken up" in neet
    assert "Apprenticeship, 1 November 2026: pending" in neet
    everyone = page.split('data-testid="young-people"', 1)[1].split("</table>", 1)[0]
    assert "Kai Hale" in everyone and "Rhys Hale" in everyone
    assert "Former relevant (18 or over)" in everyone
    assert "Hana Hale" not in page  # not Pam's
    listed = set(
        SearchListing.objects.filter(event__username="pam.adviser").values_list(
            "listed_id", flat=True
        )
    )
    assert listed == {world.kai.pk, world.rhys.pk}


def test_a_manager_sees_the_young_people_of_the_advisers_in_their_teams(world: World) -> None:
    _kai_record(world)
    page = world.client("mo").get("/young-people/").content.decode()
    assert "Young people in your teams" in page
    assert escape(world.workers["pam"].full_name) in page  # as the page escapes it
    assert "Kai Hale" in page


@pytest.mark.parametrize("who", ["sam", "fay", "nia"])
def test_the_advisers_home_is_refused_to_other_roles_and_not_offered_to_them(
    world: World, who: str
) -> None:
    client = world.client(who)
    assert client.get("/young-people/").status_code == 403
    assert "my-young-people" not in {o.name for o in offered(world.users[who])}
    assert "my-young-people" in {o.name for o in offered(world.users["pam"])}


def test_the_advisers_home_reads_in_the_same_queries_for_two_young_people_or_six(
    world: World,
) -> None:
    _kai_record(world)
    _rhys_record(world)
    client = world.client("pam")
    client.get("/young-people/")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/young-people/").status_code == 200
        return len(queries.captured_queries)

    two = count()
    for name in ("Ada", "Ben", "Cal", "Dee"):
        person = young_person(name)
        in_care(person, date(2025, 1, 6), date(2026, 6, 1))
        leaving_care.allocate_personal_adviser(
            child=person, worker=world.workers["pam"], on=date(2026, 6, 2), today=DAY
        )
        leaving_care.record_activity(
            child=person, from_date=date(2026, 10, 1), code="G4", today=DAY
        )
        leaving_care.record_neet_offer(
            child=person, offered_on=date(2026, 10, 5), kind="programme", today=DAY
        )
    assert count() == two
