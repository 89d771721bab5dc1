"""The record's "Looked after" card (reviewing officer, care plan, placement plan) and the
"Leaving care" card of a young person who is or was looked after and is 16 or over; every
record made through the services."""

from __future__ import annotations

import html
import re
from datetime import date
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from sightline.care import services as care
from sightline.care.models import PeriodOfCare
from sightline.care.services import PlacementDetails
from sightline.core.codes import Ethnicity, Sex
from sightline.leaving_care import services as leaving
from sightline.people.models import Person
from sightline.people.services import register_child
from sightline.workforce import services as workforce
from sightline.workforce.models import Allocation, Worker
from tests.web.factories import WorkerFactory

TODAY = date(2026, 11, 23)
FOSTER = PlacementDetails(place="U6", provider="PR1", carer="Smith household", postcode="GL1 1UT")
HOME = PlacementDetails(place="K2", provider="PR1", carer="Oak House", urn="SC123456")


def young_person(given_name: str, born: date) -> Person:
    return register_child(
        given_name=given_name,
        family_name="Hale",
        sex=Sex.MALE,
        ethnicity=Ethnicity.WBRI,
        birth_date=born,
        today=TODAY,
    )


def start(child: Person, on: date) -> PeriodOfCare:
    return care.start_care(
        child=child,
        started_on=on,
        legal_status="C2",
        placement=FOSTER,
        category_of_need="N1",
        home_postcode="GL4 6TS",
        today=TODAY,
    )


def card(page: str, title: str) -> dict[str, str]:
    """The rows of the summary card with this title, as text."""
    found = re.search(
        rf'<h3 class="govuk-summary-card__title">{re.escape(title)}</h3>(.*?)</dl>',
        page,
        re.DOTALL,
    )
    assert found, f"no {title!r} card"
    pairs = re.findall(
        r'<dt class="govuk-summary-list__key">(.*?)</dt>\s*'
        r'<dd class="govuk-summary-list__value">(.*?)</dd>',
        found.group(1),
        re.DOTALL,
    )
    return {html.unescape(k.strip()): html.unescape(v.strip()) for k, v in pairs}


def page_of(client: Client, child: Person) -> str:
    """The record's "plans and meetings" tab, where the cards are."""
    response = client.get(f"/children/{child.la_child_id}/plans/")
    assert response.status_code == 200
    return response.content.decode()


def a_worker(given_name: str, family_name: str) -> Worker:
    made: Any = WorkerFactory(given_name=given_name, family_name=family_name)
    return made


# --- Looked after -----------------------------------------------------------------------------


def test_the_looked_after_card_shows_the_iro_and_the_latest_plans(
    signed_in: Client, db: None
) -> None:
    child = young_person("Sam", date(2016, 6, 1))
    period = start(child, date(2025, 5, 12))
    care.record_care_plan(period=period, agreed_on=date(2025, 5, 20), today=TODAY)
    care.record_care_plan(period=period, agreed_on=date(2026, 2, 9), today=TODAY)
    first = period.placements.get()
    care.record_placement_plan(placement=first, agreed_on=date(2025, 5, 14), today=TODAY)
    home = care.change_placement(
        period=period,
        started_on=date(2026, 3, 2),
        placement=HOME,
        reason_previous_ended="CARPL",
        today=TODAY,
    )
    care.record_placement_plan(placement=home, agreed_on=date(2026, 3, 5), today=TODAY)
    workforce.allocate(
        child=child,
        worker=a_worker("Grace", "Mensah"),
        kind=Allocation.Kind.REVIEWING_OFFICER,
        started_on=date(2025, 5, 13),
        today=TODAY,
    )
    rows = card(page_of(signed_in, child), "Looked after")
    assert rows["Independent reviewing officer"] == "Grace Mensah"
    assert rows["Reviewing officer since"] == "13 May 2025"
    assert rows["Care plan agreed"] == "9 February 2026"
    assert rows["Placement plan agreed"] == "5 March 2026"  # the current placement's


def test_the_looked_after_card_says_what_is_missing(signed_in: Client, db: None) -> None:
    child = young_person("Sam", date(2016, 6, 1))
    start(child, date(2025, 5, 12))
    page = page_of(signed_in, child)
    rows = card(page, "Looked after")
    assert rows["Independent reviewing officer"] == "Not allocated"
    assert rows["Care plan agreed"] == "Not recorded"
    assert rows["Placement plan agreed"] == "Not recorded"
    assert 'id="leaving-care"' not in page  # 10 years old: no leaving care card


# --- Leaving care -----------------------------------------------------------------------------


def former_relevant(signed_in: Client) -> Person:
    """Fostered by the Smith household from 15 to 18, staying put with them since."""
    young = young_person("Rhys", date(2008, 1, 10))  # 18 on 10 January 2026
    period = start(young, date(2023, 9, 4))
    adviser = a_worker("Tom", "Reid")
    leaving.allocate_personal_adviser(child=young, worker=adviser, on=date(2025, 3, 3), today=TODAY)
    plan = leaving.start_pathway_plan(child=young, started_on=date(2025, 3, 10), today=TODAY)
    leaving.review_pathway_plan(plan=plan, reviewed_on=date(2025, 9, 8), today=TODAY)
    leaving.review_pathway_plan(plan=plan, reviewed_on=date(2026, 3, 9), today=TODAY)
    care.end_care(period=period, ended_on=date(2026, 1, 10), reason_ceased="E8", today=TODAY)
    leaving.start_staying_put(
        child=young, started_on=date(2026, 1, 10), carer="Smith household", today=TODAY
    )
    leaving.record_accommodation(child=young, from_date=date(2026, 1, 10), code="Z1", today=TODAY)
    leaving.record_activity(child=young, from_date=date(2026, 9, 1), code="F2", today=TODAY)
    leaving.record_in_touch(child=young, recorded_on=date(2026, 11, 2), in_touch="YES", today=TODAY)
    leaving.update_essential_documents(
        child=young,
        updated_on=date(2026, 5, 1),
        documents={"passport": date(2026, 5, 1), "bank_account": date(2026, 2, 1)},
        today=TODAY,
    )
    return young


def test_the_leaving_care_card_summarises_a_former_relevant_young_person(
    signed_in: Client,
) -> None:
    young = former_relevant(signed_in)
    rows = card(page_of(signed_in, young), "Leaving care")
    assert rows["Eligibility"] == "Former relevant (18 or over)"
    assert (rows["Personal adviser"], rows["Personal adviser allocated"]) == (
        "Tom Reid",
        "3 March 2025",
    )
    assert rows["Pathway plan started"] == "10 March 2025"
    assert rows["Pathway plan last reviewed"] == "9 March 2026"
    assert rows["In touch"] == "In touch (2 November 2026)"
    assert rows["Activity"] == (
        "Full-time in education other than higher education, from 1 September 2026"
    )
    assert rows["Accommodation"] == (
        "With former foster carers (18+): suitable, from 10 January 2026"
    )
    assert rows["Accommodation suitable"] == "Yes"
    assert rows["Staying put"] == "With Smith household, from 10 January 2026"
    assert rows["Passport"] == "In hand since 1 May 2026"
    assert rows["Bank account"] == "In hand since 1 February 2026"
    assert rows["Birth certificate"] == "Not yet"
    assert rows["Essential documents updated"] == "1 May 2026"


def test_the_leaving_care_card_of_a_young_person_with_little_recorded(
    signed_in: Client, db: None
) -> None:
    young = young_person("Kai", date(2009, 3, 1))
    period = start(young, date(2025, 1, 6))
    care.end_care(period=period, ended_on=date(2026, 6, 1), reason_ceased="E8", today=TODAY)
    rows = card(page_of(signed_in, young), "Leaving care")
    assert rows["Eligibility"] == "Relevant (left care at 16 or 17)"
    assert rows["Personal adviser"] == "Not allocated"
    assert "Personal adviser allocated" not in rows
    assert rows["Pathway plan started"] == "No pathway plan"
    assert rows["In touch"] == rows["Activity"] == rows["Accommodation"] == "Not recorded"
    assert rows["Staying put"] == "No"
    assert rows["Passport"] == "Not yet"


def test_no_leaving_care_card_for_a_16_year_old_never_looked_after(
    signed_in: Client, db: None
) -> None:
    young = young_person("Jay", date(2009, 3, 1))
    assert 'id="leaving-care"' not in page_of(signed_in, young)


def test_the_leaving_care_card_reads_a_fixed_number_of_queries(signed_in: Client) -> None:
    young = former_relevant(signed_in)

    def queries_for_record() -> int:
        with CaptureQueriesContext(connection) as ctx:
            page_of(signed_in, young)
        return len(ctx.captured_queries)

    before = queries_for_record()
    for month in range(1, 6):
        leaving.record_in_touch(
            child=young, recorded_on=date(2026, month, 3), in_touch="YES", today=TODAY
        )
        leaving.record_activity(child=young, from_date=date(2026, month, 3), code="G5", today=TODAY)
        leaving.record_parenthood(child=young, became_parent_on=date(2026, month, 3), today=TODAY)
    assert queries_for_record() == before
