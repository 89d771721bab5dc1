"""Annex A and the inspection pack in a real browser (issue 16 items 4 and 5, decision 0033):
the performance analyst downloads the Annex A workbook and opens the inspection pack; the
inspector, in their window, opens the Annex A lists and follows a row to the child's record.
axe-core runs on every page the journeys reach (0 violations)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from sightline.access.models import AccessProfile
from sightline.access.roles import Role
from sightline.care.models import LegalStatus, PeriodOfCare, Placement
from sightline.frontdoor.models import Contact
from sightline.people.models import Person
from sightline.protection.models import ChildProtectionPlan, Referral
from tests.browser.pages import Journey
from tests.factories import ChildFactory
from tests.web.factories import UserFactory

PASSWORD = "correct horse battery staple"  # tests.web.factories.UserFactory's


def records() -> Person:
    """A few children on the lists: a contact and a referral, a child protection plan, a
    child in care. Returns the referred child."""
    today = timezone.localdate()
    referred = ChildFactory(given_name="Iris", family_name="Annex")
    Contact.objects.create(child=referred, received_at=timezone.now(), source="2A")
    Referral.objects.create(child=referred, referral_date=today - timedelta(days=20), source="2A")
    protected = ChildFactory(given_name="Owen", family_name="Annex")
    referral = Referral.objects.create(
        child=protected, referral_date=today - timedelta(days=200), source="6"
    )
    ChildProtectionPlan.objects.create(
        child=protected,
        referral=referral,
        started_on=today - timedelta(days=150),
        initial_category="NEG",
        latest_category="NEG",
    )
    in_care = ChildFactory(given_name="Cara", family_name="Annex")
    period = PeriodOfCare.objects.create(
        child=in_care,
        started_on=today - timedelta(days=300),
        category_of_need="N1",
        home_postcode="GL1 1AA",
    )
    LegalStatus.objects.create(
        period=period, child=in_care, started_on=period.started_on, code="C2"
    )
    Placement.objects.create(
        period=period, child=in_care, started_on=period.started_on, place="U4", provider="PR1"
    )
    return referred


def person(username: str, role: Role, **window: object) -> None:
    user = UserFactory(username=username, first_name="Sam", last_name="Example")
    AccessProfile.objects.create(user=user, role=role.value, **window)


def test_the_performance_analyst_downloads_annex_a_and_opens_the_inspection_pack(
    journey: Journey, transactional_db: None, tmp_path: Path
) -> None:
    records()
    person("pat.analyst", Role.PERFORMANCE_ANALYST)
    page = journey.page
    journey.open("/")
    journey.sign_in("pat.analyst", PASSWORD)
    page.get_by_role("link", name="Annex A", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ofsted's Annex A on")
    journey.check("annex-a-lists")
    with page.expect_download() as download_info:
        page.get_by_test_id("annex-a-download").click()
    saved = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(saved)
    book = load_workbook(saved, read_only=True)
    assert len(book.sheetnames) == 11
    assert len(list(book["List 3 - Referrals"].values)) == 2
    assert len(list(book["List 8 - Children in care"].values)) == 2

    page.get_by_role("link", name="Inspection pack", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inspection readiness pack")
    expect(page.get_by_test_id("kpi-table").first).to_be_visible()
    journey.check("inspection-pack")


def test_the_inspector_reads_the_annex_a_lists_and_follows_a_row_to_the_record(
    journey: Journey, transactional_db: None
) -> None:
    referred = records()
    now = timezone.now()
    person(
        "ivy.inspector",
        Role.INSPECTOR,
        valid_from=now - timedelta(days=1),
        valid_until=now + timedelta(days=5),
    )
    page = journey.page
    journey.open("/")
    journey.sign_in("ivy.inspector", PASSWORD)
    journey.check("inspector-home")
    page.get_by_role("link", name="Annex A", exact=True).first.click()
    page.get_by_role("link", name="List 8: Children in care").click()
    expect(page.get_by_test_id("annex-a-rows")).to_contain_text("Cara Annex")
    expect(page.get_by_test_id("not-recorded")).to_be_visible()
    journey.check("annex-a-list-8")
    page.get_by_role("link", name="All the Annex A lists").click()
    page.get_by_role("link", name="List 3: Referrals").click()
    rows = page.get_by_test_id("annex-a-rows")
    expect(rows).to_contain_text("Iris Annex")
    journey.check("annex-a-list-3")
    rows.get_by_role("link", name=referred.la_child_id).click()
    assert journey.path() == f"/children/{referred.la_child_id}/"
    expect(page.get_by_role("heading", level=1)).to_contain_text("Iris Annex")
    journey.check("inspector-child-record-from-annex-a")
