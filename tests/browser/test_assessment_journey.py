"""An assessment in a real browser (issue 14, "Tests and figures"; decision 0023): the social
worker starts it from the obligation on My work, a manager authorises it with the factors
identified (grouped checkboxes, "No factors identified" exclusive) and the obligation is met.
axe-core runs on every page the journey reaches, each form's error state included."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Locator, Page, expect

from sightline.access.models import AccessProfile
from sightline.access.roles import Role
from sightline.core.codes import Ethnicity, ReferralSource, Sex
from sightline.people.models import Person
from sightline.people.services import register_child
from sightline.protection.models import Assessment, Referral
from sightline.protection.services import open_referral
from sightline.timescales.models import Obligation
from sightline.workforce.models import Allocation, Team, Worker
from sightline.workforce.services import allocate
from tests.browser.pages import Journey
from tests.web.factories import TeamFactory, UserFactory, WorkerFactory

PASSWORD = "correct horse battery staple"  # tests.web.factories.UserFactory's


@dataclass
class Episode:
    child: Person
    referral: Referral


def _staff(username: str, role: Role, team: Team, given: str, family: str) -> Worker:
    user = UserFactory(username=username, first_name=given, last_name=family)
    AccessProfile.objects.create(user=user, role=role.value)
    return WorkerFactory(  # type: ignore[no-any-return]
        user=user, team=team, role=role.value, given_name=given, family_name=family
    )


def _date(page: Page | Locator, legend: str, day: date) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


@pytest.fixture
def episode(transactional_db: None) -> Episode:
    """Sam's child with a referral received ten days ago; Mo manages Sam's team."""
    today = timezone.localdate()
    team = TeamFactory(name="Stroud safeguarding", kind=Team.Kind.SAFEGUARDING)
    sam = _staff("sam.worker", Role.SOCIAL_WORKER, team, "Sam", "Okoro")
    _staff("mo.manager", Role.TEAM_MANAGER, team, "Mo", "Patel")
    child = register_child(
        given_name="Ava",
        family_name="Morgan",
        sex=Sex.FEMALE,
        ethnicity=Ethnicity.WBRI,
        birth_date=date(2019, 4, 12),
        today=today,
    )
    allocate(
        child=child,
        worker=sam,
        kind=Allocation.Kind.SOCIAL_WORKER,
        started_on=today - timedelta(days=30),
        reason="FCONTA",
        today=today,
    )
    referral = open_referral(
        child=child,
        referral_date=today - timedelta(days=10),
        source=ReferralSource.SCHOOLS,
        today=today,
    )
    return Episode(child, referral)


@pytest.fixture
def manager(browser: Browser, live_server: Any) -> Iterator[Journey]:
    """A second browser, the manager's, beside the social worker's."""
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    journey = Journey(context.new_page(), live_server.url)
    yield journey
    journey.no_script_errors()
    context.close()


def test_an_assessment_started_from_my_work_is_authorised_by_a_manager_with_its_factors(
    journey: Journey, manager: Journey, episode: Episode
) -> None:
    today = timezone.localdate()
    page = journey.page
    journey.open("/my-work/")
    journey.sign_in("sam.worker", PASSWORD)

    # The assessment due on the referral links to the form that starts it, for that referral.
    page.get_by_role("link", name="Start an assessment for Ava Morgan").click()
    expect(page.get_by_role("heading", name="Start an assessment")).to_be_visible()
    received = episode.referral.referral_date
    expect(page.locator(".govuk-inset-text")).to_have_text(
        f"Referral received {received.day} {received:%B %Y}"
    )
    journey.check("start-assessment")

    # The error state: a start before the referral, refused by the service on the date.
    _date(page, "Date the assessment started", received - timedelta(days=3))
    page.get_by_role("button", name="Save").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_contain_text("is before the start of the referral")
    journey.check("start-assessment-error")
    _date(page, "Date the assessment started", today)
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Assessment started"
    )
    assessment = Assessment.objects.get(referral=episode.referral)
    assert assessment.started_on == today and assessment.authorised_on is None

    # The manager authorises it: first without choosing factors, then with two.
    mpage = manager.page
    manager.open(f"/children/{episode.child.la_child_id}/record/authorise-assessment/")
    manager.sign_in("mo.manager", PASSWORD)
    expect(mpage.get_by_role("heading", name="Authorise an assessment")).to_be_visible()
    expect(mpage.locator(".govuk-inset-text")).to_contain_text(
        f"Assessment started {today.day} {today:%B %Y}"
    )
    expect(mpage.get_by_role("heading", name="Abuse and neglect")).to_be_visible()
    manager.check("authorise-assessment")
    mpage.get_by_label("No further action", exact=True).check()
    mpage.get_by_role("button", name="Save").click()
    summary = mpage.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    summary.get_by_role("link", name="Select the factors identified at the assessment").click()
    expect(mpage.get_by_label("Alcohol misuse: child", exact=True)).to_be_focused()
    # What was chosen is kept.
    expect(mpage.get_by_label("No further action", exact=True)).to_be_checked()
    manager.check("authorise-assessment-error")

    # "No factors identified" unticks the others (GOV.UK's exclusive option), and back.
    mpage.get_by_label("Neglect", exact=True).check()
    mpage.get_by_label("No factors identified").check()
    expect(mpage.get_by_label("Neglect", exact=True)).not_to_be_checked()
    mpage.get_by_label("Neglect", exact=True).check()
    expect(mpage.get_by_label("No factors identified")).not_to_be_checked()
    mpage.get_by_label("Domestic abuse: parent or carer").check()
    mpage.get_by_label("Child in need plan", exact=True).check()
    mpage.get_by_role("button", name="Save").click()
    expect(mpage.locator(".govuk-notification-banner--success")).to_contain_text(
        "Assessment authorised"
    )
    manager.check("child-record-assessment-authorised")

    assessment.refresh_from_db()
    assert (assessment.authorised_on, sorted(assessment.factors), assessment.outcome) == (
        today,
        ["16A", "3B"],
        Assessment.Outcome.CHILD_IN_NEED,
    )
    due = Obligation.objects.get(child=episode.child, rule="ASSESSMENT")
    assert due.met_on == today
