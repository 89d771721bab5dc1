"""Help and protection journeys in a real browser (issue 14, "Tests and figures"): a contact
becoming a referral; a strategy discussion and section 47 enquiry leading to an initial
conference and a protection plan; a case note corrected by its author, then struck out by her
manager, the original kept in its history. axe-core runs on every page the journeys reach, each
form's error state included (tests/browser/pages.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from sightline.access.models import AccessProfile
from sightline.access.roles import Role
from sightline.chronology.models import CaseNote, Correction
from sightline.chronology.services import write_case_note
from sightline.core.codes import Ethnicity, ReferralSource, Sex
from sightline.core.dates import day as govuk_date
from sightline.frontdoor.models import Contact
from sightline.people.models import Person
from sightline.people.services import register_child
from sightline.protection import services as protection
from sightline.protection.models import (
    ChildProtectionPlan,
    Referral,
    Section47Enquiry,
    StrategyDiscussion,
)
from sightline.workforce.models import Allocation, Team, Worker
from sightline.workforce.services import allocate
from tests.browser.pages import Journey
from tests.web.factories import TeamFactory, UserFactory, WorkerFactory

PASSWORD = "correct horse battery staple"  # tests.web.factories.UserFactory's


def _staff(username: str, role: Role, team: Team, given: str, family: str) -> Any:
    user = UserFactory(username=username, first_name=given, last_name=family)
    WorkerFactory(user=user, team=team, role=role.value, given_name=given, family_name=family)
    AccessProfile.objects.create(user=user, role=role.value)
    return user


def _worker(user: Any) -> Worker:
    return Worker.objects.get(user=user)


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
    # Received yesterday morning: a decision made now, at whatever hour the test runs, comes after.
    received = today - timedelta(days=1)
    _date(page, "Date the contact was received", received.day, received.month, received.year)
    page.get_by_label("Time the contact was received").fill("9:15am")
    page.get_by_label("Who made the contact?").select_option(label="Schools")
    page.get_by_label("What is the contact about?").fill(
        "Head teacher: Mohammed came to school with a bruise on his cheek and said his "
        "step-father hit him."
    )
    page.get_by_role("button", name="Save").click()

    # Back on the queue with the contact waiting for a decision.
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


@dataclass
class Stroud:
    """Stroud's social worker Sam has Ava, referred 20 days ago; Mo manages Stroud; Ria, a
    child protection chair in the reviewing team, is allocated as Ava's chair."""

    child: Person
    referral: Referral
    today: date


@pytest.fixture
def stroud(transactional_db: None) -> Stroud:
    today = timezone.localdate()
    team = TeamFactory(name="Stroud safeguarding", kind=Team.Kind.SAFEGUARDING)
    reviewing = TeamFactory(name="Safeguarding reviews", kind=Team.Kind.REVIEWING)
    sam = _staff("sam.worker", Role.SOCIAL_WORKER, team, "Sam", "Okoro")
    _staff("mo.manager", Role.TEAM_MANAGER, team, "Mo", "Patel")
    ria = _staff("ria.chair", Role.REVIEWING_OFFICER, reviewing, "Ria", "Evans")
    child = register_child(
        given_name="Ava",
        family_name="Morgan",
        sex=Sex.FEMALE,
        ethnicity=Ethnicity.WBRI,
        birth_date=date(2019, 4, 12),
        today=today,
    )
    for user, kind in ((sam, Allocation.Kind.SOCIAL_WORKER), (ria, Allocation.Kind.CP_CHAIR)):
        allocate(
            child=child,
            worker=_worker(user),
            kind=kind,
            started_on=today - timedelta(days=20),
            reason="FCONTA",
            today=today,
        )
    referral = protection.open_referral(
        child=child,
        referral_date=today - timedelta(days=20),
        source=ReferralSource.SCHOOLS,
        today=today,
    )
    return Stroud(child, referral, today)


def _sign_out(journey: Journey) -> None:
    journey.page.get_by_role("button", name="Sign out").click()
    expect(journey.page.get_by_role("heading", name="Sign in to Sightline")).to_be_visible()


def test_a_strategy_discussion_and_enquiry_lead_to_a_conference_and_a_protection_plan(
    journey: Journey, stroud: Stroud
) -> None:
    page, child, today = journey.page, stroud.child, stroud.today
    la = child.la_child_id
    journey.open(f"/children/{la}/record/strategy-discussion/")
    journey.sign_in("sam.worker", PASSWORD)
    expect(page.get_by_role("heading", name="Record a strategy discussion")).to_be_visible()
    journey.check("strategy-discussion")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    journey.check("strategy-discussion-error")
    held = today - timedelta(days=2)
    _date(page, "Date the strategy discussion was held", held.day, held.month, held.year)
    agencies = page.get_by_role("group", name="Which agencies took part?")
    agencies.get_by_label("Police").check()
    agencies.get_by_label("Health").check()
    page.get_by_label("Start a section 47 enquiry").check()
    page.get_by_role("group", name="Did you chair the strategy discussion?").get_by_label(
        "No"
    ).check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Strategy discussion recorded"
    )
    discussion = StrategyDiscussion.objects.get(child=child)
    assert discussion.held_on == held
    enquiry = Section47Enquiry.objects.get(child=child)
    assert enquiry.strategy_discussion_id == discussion.pk

    journey.open(f"/children/{la}/record/section-47-outcome/")
    expect(page.get_by_text("Section 47 enquiry started")).to_be_visible()
    journey.check("section-47-outcome")
    page.get_by_label("Concerns substantiated: hold an initial conference").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Section 47 enquiry completed"
    )
    enquiry.refresh_from_db()
    assert enquiry.completed_on == today
    _sign_out(journey)

    # The chair finds the conference in her work and records the plan it makes.
    journey.sign_in("ria.chair", PASSWORD)
    journey.open("/my-work/")
    page.get_by_role("link", name="Record an initial child protection conference").click()
    expect(
        page.get_by_role("heading", name="Record an initial child protection conference")
    ).to_be_visible()
    journey.check("initial-conference")
    page.get_by_label("A child protection plan: it starts on the day of the conference").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    journey.check("initial-conference-error")
    page.get_by_label("Emotional abuse").check()
    page.get_by_role("group", name="Did you chair the conference?").get_by_label("Yes").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Initial child protection conference recorded"
    )
    plan = ChildProtectionPlan.objects.get(child=child)
    assert (plan.started_on, plan.initial_category, plan.ended_on) == (today, "EMO", None)


def test_a_case_note_is_corrected_by_its_author_and_struck_out_by_her_manager(
    journey: Journey, stroud: Stroud
) -> None:
    page, child = journey.page, stroud.child
    sam = Worker.objects.get(user__username="sam.worker")
    wrong = "Visited Ava at school; she said her brother Leo hit her."
    note = write_case_note(
        child=child,
        author=sam,
        kind=CaseNote.Kind.CASE_NOTE,
        text=wrong,
        written_on=stroud.today,
        today=stroud.today,
    )
    tab = f"/children/{child.la_child_id}/case-notes/"
    journey.open(tab)
    journey.sign_in("sam.worker", PASSWORD)
    page.get_by_role("link", name="Correct the case note").click()
    expect(page.get_by_role("heading", name="Correct a case note")).to_be_visible()
    journey.check("correct-case-note")

    # The error state: no reason given; what was typed is kept.
    right = "Visited Ava at school; she said her cousin Leo hit her."
    page.get_by_label("Note", exact=True).fill(right)
    page.get_by_role("button", name="Save").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link", name="Say why the entry is wrong")).to_be_visible()
    expect(page.get_by_label("Note", exact=True)).to_have_value(right)
    journey.check("correct-case-note-error")
    page.get_by_label("Why are you correcting it?").fill("Leo is her cousin, not her brother.")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Case note corrected"
    )
    assert journey.path().startswith(tab)
    expect(page.get_by_text(right)).to_be_visible()
    expect(page.locator("[data-correction]")).to_have_text(
        "Corrected on " + govuk_date(stroud.today) + " by Sam Okoro: "
        "Leo is her cousin, not her brother."
    )
    journey.check("case-notes-corrected")
    note.refresh_from_db()
    assert note.text == right
    correction = Correction.objects.get(record_id=note.pk, kind=Correction.Kind.CORRECTED)
    assert correction.before["text"] == wrong  # the original kept in its history
    _sign_out(journey)

    # The manager strikes it out: the note stays readable, struck through, with the reason.
    journey.sign_in("mo.manager", PASSWORD)
    journey.open(tab)
    page.get_by_role("link", name="Strike out the case note").click()
    expect(page.get_by_role("heading", name="Strike out a case note")).to_be_visible()
    page.get_by_role("textbox").first.fill("Recorded on the wrong child's file.")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Case note struck out"
    )
    expect(page.locator("[data-correction]")).to_contain_text(
        "Struck out on " + govuk_date(stroud.today)
    )
    expect(page.locator("[data-correction]")).to_contain_text("Recorded on the wrong child's file.")
    journey.check("case-notes-struck-out")
    assert CaseNote.objects.get(pk=note.pk).struck_out
    assert Correction.objects.filter(record_id=note.pk).count() == 2
