"""Help and protection journeys in a real browser (issue 14, "Tests and figures"): a contact
becoming a referral. axe-core runs on every page the journey reaches, each form's error state
included (tests/browser/pages.py)."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from sightline.access.models import AccessProfile
from sightline.access.roles import Role
from sightline.frontdoor.models import Contact
from sightline.people.models import Person
from sightline.protection.models import Referral
from sightline.workforce.models import Team
from tests.browser.pages import Journey
from tests.web.factories import TeamFactory, UserFactory, WorkerFactory

PASSWORD = "correct horse battery staple"  # tests.web.factories.UserFactory's


def _staff(username: str, role: Role, team: Team, given: str, family: str) -> Any:
    user = UserFactory(username=username, first_name=given, last_name=family)
    WorkerFactory(user=user, team=team, role=role.value, given_name=given, family_name=family)
    AccessProfile.objects.create(user=user, role=role.value)
    return user


def _date(page: Page | Locator, legend: str, day: int, month: int, year: int) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day))
    group.get_by_label("Month").fill(str(month))
    group.get_by_label("Year").fill(str(year))


@pytest.fixture
def front_door(transactional_db: None) -> Any:
    mash = TeamFactory(name="Gloucestershire MASH", kind=Team.Kind.FRONT_DOOR)
    return _staff("fiona.frontdoor", Role.FRONT_DOOR, mash, "Fiona", "Hughes")


def test_a_contact_about_a_child_not_known_before_becomes_a_referral(
    journey: Journey, front_door: Any
) -> None:
    page = journey.page
    today = timezone.localdate()
    journey.open("/front-door/")
    journey.sign_in("fiona.frontdoor", PASSWORD)
    expect(page.get_by_role("heading", name="Contacts waiting for a decision")).to_be_visible()
    journey.check("front-door-queue-empty")

    # Search first: a name and a date typed as people type them; nobody matches.
    page.get_by_role("button", name="Record a new contact").click()
    expect(page.get_by_role("heading", name="Who is the contact about?")).to_be_visible()
    journey.check("front-door-search")
    page.get_by_label("Name", exact=True).fill("Mohammed Khan")
    page.get_by_label("Date of birth").fill("3 April 2015")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="No child already recorded matches")).to_be_visible()
    journey.check("front-door-search-no-match")

    # Register the child with the contact: the error state first (no source chosen).
    page.get_by_role("button", name="Register a new child and record the contact").click()
    expect(page.get_by_label("Given name")).to_have_value("Mohammed")
    expect(page.get_by_label("Family name")).to_have_value("Khan")
    page.get_by_role("button", name="Save").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link", name="Choose who made the contact")).to_be_visible()
    expect(page.get_by_label("Given name")).to_have_value("Mohammed")  # what was typed is kept
    journey.check("front-door-new-child-error")
    _date(page, "Date the contact was received", today.day, today.month, today.year)
    page.get_by_label("Time the contact was received").fill("9:15am")
    page.get_by_label("Who made the contact?").select_option(label="Schools")
    page.get_by_label("What is the contact about?").fill(
        "Head teacher: Mohammed came to school with a bruise on his cheek and said his "
        "step-father hit him."
    )
    page.get_by_role("button", name="Save").click()

    # Back on the queue with the contact waiting, due today.
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    row = page.locator("tr", has_text="Mohammed Khan")
    expect(row).to_be_visible()
    journey.check("front-door-queue")
    child = Person.objects.get(given_name="Mohammed", family_name="Khan")
    contact = Contact.objects.get(child=child)
    assert contact.decision == ""

    # The decision: the error state, then suspected significant harm opening a referral.
    row.get_by_role("link", name="Decide").click()
    expect(page.get_by_role("heading", name="Decide what happens next")).to_be_visible()
    journey.check("decide-contact")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    journey.check("decide-contact-error")
    page.get_by_label("Complex needs: a child in need (section 17)").check()
    page.get_by_label("Why does it meet this level?").fill(
        "Injury disclosed at school; police checks show previous call-outs to the home."
    )
    page.get_by_label("Parental consent obtained").check()
    page.get_by_label("Referral to children's social care").check()
    page.get_by_role("button", name="Save").click()

    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    journey.check("front-door-after-decision")
    contact.refresh_from_db()
    assert contact.decision == Contact.Decision.REFERRAL
    referral = Referral.objects.get(child=child)
    assert (referral.contact_id, referral.referral_date, referral.closure_date) == (
        contact.pk,
        today,
        None,
    )
    expect(page.locator("tr", has_text="Mohammed Khan")).to_have_count(0)  # decided: off the queue
