"""Care leavers in a real browser (issue 15 item 2, decision 0029).

A personal adviser starts on their home page ("My young people"), reviews a care leaver's
pathway plan from the review that is due, then records his accommodation and that he is not in
education, employment or training, with an offer; the leaving-care tab shows it all. A social
worker records a homeless 16-year-old's presentation, the joint housing assessment and where she
is accommodated (under section 20). axe-core runs on every page either journey reaches, the
error state included; screenshots with SIGHTLINE_SCREENSHOTS=1.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from sightline.access.models import AccessProfile
from sightline.access.roles import Role
from sightline.leaving_care import services as leaving_care
from sightline.leaving_care.models import Accommodation, Activity, HomelessPresentation
from sightline.people.models import Person
from sightline.workforce.models import Allocation, Team, Worker
from sightline.workforce.services import allocate
from tests.browser.pages import Journey
from tests.leaving_care.conftest import in_care, young_person
from tests.web.factories import TeamFactory, UserFactory, WorkerFactory

PASSWORD = "correct horse battery staple"  # tests.web.factories.UserFactory's


@dataclass
class LeavingCareTeam:
    kai: Person
    hana: Person


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
def leaving_care_team(transactional_db: None) -> LeavingCareTeam:
    """Pam is Kai's personal adviser (Kai is 17 and left care in June; his pathway plan started
    six months ago, so its review is due); Sam, a social worker in the team, has Hana, 16."""
    today = timezone.localdate()
    team = TeamFactory(name="Leaving care", kind=Team.Kind.LEAVING_CARE)
    pam = _staff("pam.adviser", Role.PERSONAL_ADVISER, team, "Pam", "Adeyemi")
    sam = _staff("sam.worker", Role.SOCIAL_WORKER, team, "Sam", "Okoro")
    kai = young_person("Kai")
    in_care(kai, date(2025, 1, 6), date(2026, 6, 1))
    hana = young_person("Hana", born=date(2010, 6, 1))
    allocate(
        child=hana,
        worker=sam,
        kind=Allocation.Kind.SOCIAL_WORKER,
        started_on=today - timedelta(days=5),
        reason="FCONTA",
        today=today,
    )
    leaving_care.allocate_personal_adviser(child=kai, worker=pam, on=date(2026, 6, 2), today=today)
    leaving_care.start_pathway_plan(child=kai, started_on=date(2026, 6, 10), today=today)
    return LeavingCareTeam(kai, hana)


def test_a_personal_adviser_reviews_a_pathway_plan_and_records_accommodation_and_activity(
    journey: Journey, leaving_care_team: LeavingCareTeam
) -> None:
    today = timezone.localdate()
    kai = leaving_care_team.kai
    page = journey.page
    journey.open("/")
    journey.sign_in("pam.adviser", PASSWORD)
    page.get_by_role("link", name="My young people").first.click()
    expect(page.get_by_role("heading", name="My young people", exact=True)).to_be_visible()
    expect(page.get_by_test_id("not-in-touch")).to_contain_text("Kai Hale")
    expect(page.get_by_test_id("reviews")).to_contain_text("Pathway plan review")
    journey.check("my-young-people")

    # The review that is due opens its form for Kai's plan.
    page.get_by_role(
        "link", name=re.compile(r"^Record it.*pathway plan review for Kai Hale")
    ).click()
    expect(page.get_by_role("heading", name="Review the pathway plan")).to_be_visible()
    expect(page.locator(".govuk-inset-text")).to_have_text(
        "Pathway plan started 10 June 2026, not reviewed yet"
    )
    journey.check("journey-pathway-plan-review")
    _date(page, "Date of the review", date(2026, 6, 1))  # before the plan started
    page.get_by_role("button", name="Save").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_contain_text("Must be after the plan started")
    journey.check("journey-pathway-plan-review-error")
    _date(page, "Date of the review", today)
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Pathway plan review recorded"
    )
    assert journey.path() == "/young-people/"  # back where the review was due
    expect(page.get_by_test_id("young-people")).to_contain_text("Kai Hale")

    # The leaving-care tab: accommodation, then activity and an offer.
    page.get_by_test_id("young-people").get_by_role("link", name="Kai Hale").click()
    expect(page.locator("[aria-current=page]", has_text="Leaving care")).to_be_visible()
    journey.check("child-record-leaving-care-kai")
    page.get_by_role("link", name=re.compile(r"^Record accommodation")).click()
    _date(page, "Living there from", today)
    page.get_by_role("group", name="Where does the young person live?").get_by_label(
        "Supported lodgings"
    ).check()
    page.get_by_role("group", name="Is the accommodation suitable?").get_by_label("Yes").check()
    journey.check("journey-accommodation")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Accommodation recorded"
    )
    assert journey.path() == f"/children/{kai.la_child_id}/leaving-care/"

    page.get_by_role("link", name=re.compile(r"^Record education, employment or training")).click()
    _date(page, "From", today)
    page.get_by_label("Not in education, employment or training: other reasons").check()
    journey.check("journey-activity")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Activity recorded")
    page.get_by_role("link", name=re.compile(r"^Record an offer")).click()
    page.get_by_label("Apprenticeship").check()
    journey.check("journey-neet-offer")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Offer recorded")

    accommodation = page.get_by_test_id("section-accommodation")
    expect(accommodation).to_contain_text("Supported lodgings")
    expect(accommodation).to_contain_text("Suitable")
    expect(page.get_by_test_id("section-neet")).to_contain_text("Offer: Apprenticeship")
    journey.check("child-record-leaving-care-kai-recorded")
    assert Accommodation.objects.filter(child=kai, code="E1", suitable=True).exists()
    assert Activity.objects.filter(child=kai, code="G5").exists()

    # Home again: Kai is NEET, with what has been offered.
    journey.open("/young-people/")
    expect(page.get_by_test_id("neet")).to_contain_text("Apprenticeship")
    journey.check("my-young-people-neet")


def test_a_homeless_16_year_olds_joint_assessment_and_where_she_is_accommodated(
    journey: Journey, leaving_care_team: LeavingCareTeam
) -> None:
    today = timezone.localdate()
    hana = leaving_care_team.hana
    page = journey.page
    journey.open(f"/children/{hana.la_child_id}/leaving-care/")
    journey.sign_in("sam.worker", PASSWORD)
    expect(page.get_by_test_id("section-homeless")).to_contain_text("Has not presented")
    journey.check("child-record-leaving-care-hana")

    page.get_by_role("link", name=re.compile(r"^Record a homeless 16 or 17-year-old")).click()
    expect(page.get_by_role("heading", name="Record a homeless 16 or 17-year-old")).to_be_visible()
    _date(page, "Date the young person presented as homeless", today)
    page.get_by_role("group", name="Was an advocate offered?").get_by_label("No").check()
    page.get_by_role("group", name="Did the young person take up the advocate?").get_by_label(
        "Yes"
    ).check()
    page.get_by_role("group", name="Was it bed and breakfast?").get_by_label("No").check()
    page.get_by_role("button", name="Save").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_contain_text("cannot be taken up without being offered")
    journey.check("journey-homeless-presentation-error")
    page.get_by_role("group", name="Was an advocate offered?").get_by_label("Yes").check()
    page.get_by_label("Where the young person stayed that night (optional)").fill("Nightstop host")
    journey.check("journey-homeless-presentation")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Homeless presentation recorded"
    )

    page.get_by_role("link", name=re.compile(r"^Start the joint housing assessment")).click()
    expect(page.locator(".govuk-inset-text")).to_contain_text("Presented as homeless")
    journey.check("journey-joint-assessment-start")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Joint assessment started"
    )
    page.get_by_role("link", name=re.compile(r"^Complete the joint housing assessment")).click()
    journey.check("journey-joint-assessment-complete")
    page.get_by_role("button", name="Save").click()
    page.get_by_role(
        "link", name=re.compile(r"^Record where the young person is accommodated")
    ).click()
    page.get_by_label("Accommodated under section 20 (looked after)").check()
    page.get_by_label("Where the young person is accommodated").fill("Severn supported lodgings")
    journey.check("journey-homeless-outcome")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Outcome recorded")
    card = page.locator(".govuk-summary-card", has_text="Presented as homeless")
    expect(card).to_contain_text("Accommodated under section 20 (looked after)")
    expect(card).to_contain_text("Severn supported lodgings")
    expect(
        card.locator(".govuk-summary-list__row", has_text="Looked after (section 20)")
    ).to_contain_text("Yes")
    journey.check("child-record-leaving-care-hana-accommodated")
    presentation = HomelessPresentation.objects.get(child=hana)
    assert presentation.joint_assessment_completed_on == today
    assert presentation.outcome == "accommodated_s20"
    assert presentation.advocacy_taken_up
