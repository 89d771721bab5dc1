"""The child's record: identifiers, current involvement, workers, relationships, chronology."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from sightline.people.models import Person
from sightline.web.queries import RECORD_LISTS
from sightline.workforce.models import Allocation
from tests.web.factories import (
    AdultFactory,
    AllocationFactory,
    CaseNoteFactory,
    ChildFactory,
    ChronologyEntryFactory,
    RelationshipFactory,
    WorkerFactory,
    nhs_number,
)


def page_of(client: Client, child: Person) -> str:
    response = client.get(f"/children/{child.la_child_id}/")
    assert response.status_code == 200
    return response.content.decode()


def test_record_shows_the_identifiers(signed_in: Client, lily: Person) -> None:
    page = page_of(signed_in, lily)
    number = nhs_number(500)
    assert '<h1 class="govuk-heading-l">Lily Hargreaves</h1>' in page
    assert "GL0001234" in page
    assert f"{number[:3]} {number[3:6]} {number[6:]}" in page
    assert "Not known: Child has never attended a maintained school in England (UN2)" in page
    assert "29 February 2016" in page
    assert "Hearing" in page
    assert "Former UPN" not in page


def test_record_shows_the_upn_and_former_upn_when_known(signed_in: Client, db: None) -> None:
    child = ChildFactory(upn="A916000024001", former_upn="B916000023001")
    page = page_of(signed_in, child)
    assert "A916000024001" in page
    assert "Former UPN" in page and "B916000023001" in page


def test_record_of_an_unborn_child_shows_the_expected_date(signed_in: Client, db: None) -> None:
    child = ChildFactory(birth_date=None, expected_birth_date=date(2027, 1, 15), nhs_number="")
    page = page_of(signed_in, child)
    assert "Unborn (expected" in page and "15 January 2027" in page


def test_record_shows_the_current_child_protection_plan(signed_in: Client, lily: Person) -> None:
    page = page_of(signed_in, lily)
    assert '<h3 class="govuk-summary-card__title">Child protection plan</h3>' in page
    assert "Emotional abuse" in page
    assert "16 February 2026" in page
    assert "Category at the start" in page and "Neglect" in page
    # The referral the plan hangs off is open too.
    assert '<h3 class="govuk-summary-card__title">Open referral</h3>' in page
    assert "Abuse, neglect and exploitation" in page


def test_record_with_nothing_open_says_so(signed_in: Client, db: None) -> None:
    page = page_of(signed_in, ChildFactory())
    assert "No current involvement" in page
    assert "No worker is allocated." in page


def test_record_shows_the_allocated_worker_but_not_former_ones(
    signed_in: Client, lily: Person
) -> None:
    page = page_of(signed_in, lily)
    assert "Priya Shah" in page
    assert "Gloucester safeguarding" in page
    assert "13 January 2026" in page
    assert "Tom Ended" not in page


def test_record_shows_relationships_with_parental_responsibility(
    signed_in: Client, lily: Person
) -> None:
    page = page_of(signed_in, lily)
    assert "Sarah Hargreaves" in page
    row = page[page.index("Sarah Hargreaves") :]
    assert row.index("Mother") < row.index("Yes")


def test_record_shows_a_relationship_recorded_from_the_other_side_once(
    signed_in: Client, lily: Person
) -> None:
    brother = ChildFactory(given_name="Sam", family_name="Hargreaves")
    RelationshipFactory(person=brother, relative=lily, kind="sibling")
    page = page_of(signed_in, lily)
    assert f'href="/children/{brother.la_child_id}/">Sam Hargreaves</a>' in page
    assert "Lily is their sibling" in page
    RelationshipFactory(
        person=lily, relative=brother, kind="sibling", has_parental_responsibility=False
    )
    assert page_of(signed_in, lily).count("Sam Hargreaves</a>") == 1


def test_record_shows_the_chronology_oldest_first(signed_in: Client, lily: Person) -> None:
    page = page_of(signed_in, lily)
    assert "Oldest first" in page
    referral = page.index("Referral received from school")
    strategy = page.index("Strategy discussion held")
    plan = page.index("Child protection plan started")
    assert referral < strategy < plan
    assert "Strategy discussion held</td>" in page  # the event label, from StrategyDiscussionHeld


def test_chronology_entries_on_the_same_day_keep_the_order_they_were_recorded(
    signed_in: Client, db: None
) -> None:
    child = ChildFactory()
    for summary in ["First that day", "Second that day", "Third that day"]:
        ChronologyEntryFactory(child=child, occurred_on=date(2026, 3, 1), summary=summary)
    page = page_of(signed_in, child)
    assert (
        page.index("First that day") < page.index("Second that day") < page.index("Third that day")
    )


def test_record_shows_recent_case_notes_newest_first(signed_in: Client, lily: Person) -> None:
    page = page_of(signed_in, lily)
    assert page.index("Newer note") < page.index("Older note")
    assert "Written by Priya Shah" in page


def test_record_shows_at_most_ten_case_notes(signed_in: Client, db: None) -> None:
    child = ChildFactory()
    for day in range(1, 13):
        CaseNoteFactory(child=child, written_on=date(2026, 3, day), text=f"Note of day {day}.")
    page = page_of(signed_in, child)
    assert "Note of day 12." in page and "Note of day 3." in page
    assert "Note of day 2." not in page and "Note of day 1." not in page


def test_record_for_an_unknown_id_is_404(signed_in: Client, db: None) -> None:
    response = signed_in.get("/children/NOSUCHCHILD/")
    assert response.status_code == 404
    page = response.content.decode()
    assert '<h1 class="govuk-heading-l">No record you can open</h1>' in page
    assert "Gloucestershire (synthetic data)" in page


def test_an_adult_has_no_child_record(signed_in: Client, db: None) -> None:
    adult = AdultFactory()
    assert signed_in.get(f"/children/{adult.pk}/").status_code == 404


def test_record_queries_do_not_grow_with_the_size_of_the_record(
    signed_in: Client, lily: Person, django_assert_max_num_queries: Any
) -> None:
    def queries_for_record() -> int:
        with CaptureQueriesContext(connection) as ctx:
            page_of(signed_in, lily)
        return len(ctx.captured_queries)

    small = queries_for_record()
    for day in range(1, 28):
        for _ in range(3):
            ChronologyEntryFactory(child=lily, occurred_on=date(2025, 1, day))
        CaseNoteFactory(child=lily, written_on=date(2025, 1, day))
    # One current allocation of each kind but the social worker's (the database allows one).
    for kind in [k for k in Allocation.Kind if k != Allocation.Kind.SOCIAL_WORKER]:
        worker = WorkerFactory()
        AllocationFactory(child=lily, worker=worker, team=worker.team, kind=kind)
        RelationshipFactory(person=lily, kind="aunt_uncle")
    # A list longer than a page costs one COUNT more (chronology, case notes: 2), then no more
    # however long it grows.
    longer = queries_for_record()
    assert longer <= small + len(RECORD_LISTS)
    for day in range(1, 28):
        ChronologyEntryFactory(child=lily, occurred_on=date(2024, 1, day))
        CaseNoteFactory(child=lily, written_on=date(2024, 1, day))
    assert queries_for_record() == longer
    # session + user + the child + disabilities, 7 kinds of episode, allocations, the
    # child's failures of the DfE rules at the last check (1); one page each of relationships,
    # placements, chronology and case notes (a COUNT more for each longer than a page: 4 to
    # 8); the reader's role and team (2), restricted records (1); the audit row (savepoint,
    # lock, last hash, insert, release); the sliding session save (3)
    with django_assert_max_num_queries(33):
        page_of(signed_in, lily)
