"""The first recording journeys in a real browser (issue 14, "Tests and figures"): a case note
whose draft survives a forced sign-out, and a visit with the child seen alone done with the
keyboard alone. axe-core runs on every page they reach, each form's error state included."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone
from playwright.sync_api import expect

from sightline.access.models import AccessProfile
from sightline.access.roles import Role
from sightline.access.session import SIGNED_IN_AT
from sightline.chronology.models import CaseNote
from sightline.core.codes import Ethnicity, Sex
from sightline.people.models import Person
from sightline.people.services import register_child
from sightline.protection.models import Visit
from sightline.web.models import Draft
from sightline.workforce.models import Allocation, Team, Worker
from sightline.workforce.services import allocate
from tests.browser.pages import Journey
from tests.web.factories import TeamFactory, UserFactory, WorkerFactory

PASSWORD = "correct horse battery staple"  # tests.web.factories.UserFactory's


@dataclass
class Caseload:
    user: Any
    worker: Worker
    child: Person


@pytest.fixture
def caseload(transactional_db: None) -> Caseload:
    """A social worker, signed in by the tests with a password, and a child allocated to her."""
    today = timezone.localdate()
    team = TeamFactory(name="Stroud safeguarding", kind=Team.Kind.SAFEGUARDING)
    user = UserFactory(username="sam.worker", first_name="Sam", last_name="Okoro")
    worker = WorkerFactory(
        user=user, team=team, role=Role.SOCIAL_WORKER.value, given_name="Sam", family_name="Okoro"
    )
    AccessProfile.objects.create(user=user, role=Role.SOCIAL_WORKER.value)
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
        worker=worker,
        kind=Allocation.Kind.SOCIAL_WORKER,
        started_on=today - timedelta(days=30),
        reason="FCONTA",
        today=today,
    )
    return Caseload(user, worker, child)


def _end_every_session_as_the_absolute_lifetime_does() -> None:
    """The session is forced to end: its sign-in is put back past SIGHTLINE_SESSION_MAX_HOURS,
    so the next request is signed out by the server (access.session), whatever the page does."""
    for row in Session.objects.all():
        store = SessionStore(session_key=row.session_key)
        store[SIGNED_IN_AT] = time.time() - 11 * 3600
        store.save()


def test_a_case_notes_draft_survives_a_forced_sign_out(
    journey: Journey, caseload: Caseload
) -> None:
    page = journey.page
    child = caseload.child
    form = f"/children/{child.la_child_id}/record/case-note/"

    journey.open(form)
    expect(page.get_by_role("heading", name="Sign in to Sightline")).to_be_visible()
    journey.check("sign-in")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    journey.check("sign-in-error")
    journey.sign_in("sam.worker", PASSWORD)
    assert journey.path() == form
    expect(page.get_by_role("heading", name="Write a case note")).to_be_visible()
    journey.check("case-note")

    # The form's error state: the note left empty.
    page.get_by_label("Note", exact=True).fill("")
    page.get_by_role("button", name="Save").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link", name="Write the note")).to_be_visible()
    journey.check("case-note-error")

    words = "Ava said: “I like my new bedroom, it has stars on the ceiling.”"
    page.get_by_label("The child's own words").check()
    page.get_by_label("Note", exact=True).fill(words)
    # The script saves the draft a few seconds after the last keystroke, and says so.
    expect(page.locator("[data-draft-status]")).to_contain_text("Draft saved", timeout=10_000)
    draft = Draft.objects.get(author=caseload.user)
    assert words in draft.data["text"]

    _end_every_session_as_the_absolute_lifetime_does()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Sign in to Sightline")).to_be_visible()
    expect(page.get_by_text("You were signed out because you signed in")).to_be_visible()
    journey.check("sign-in-after-session-ended")
    assert not CaseNote.objects.exists()  # the Save that met the ended session saved nothing

    journey.sign_in("sam.worker", PASSWORD)
    journey.open(form)
    expect(page.get_by_role("heading", name="Draft restored")).to_be_visible()
    expect(page.get_by_label("Note", exact=True)).to_have_value(words)
    expect(page.get_by_label("The child's own words")).to_be_checked()
    journey.check("case-note-draft-restored")

    page.get_by_role("button", name="Save").click()
    assert journey.path() == f"/children/{child.la_child_id}/"
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_contain_text("Case note saved")
    journey.check("child-record-case-note-saved")
    note = CaseNote.objects.get(child=child)
    assert (note.text, note.kind, note.author_id) == (
        words,
        CaseNote.Kind.CHILDS_WORDS,
        caseload.worker.pk,
    )
    assert not Draft.objects.exists()  # saving the form deletes its draft


def test_a_visit_with_the_child_seen_alone_is_recorded_with_the_keyboard_alone(
    journey: Journey, caseload: Caseload
) -> None:
    page = journey.page
    child = caseload.child
    form = f"/children/{child.la_child_id}/record/visit/"
    keyboard = page.keyboard

    journey.open(form)  # typed into the address bar: sent to sign in first
    journey.tab_to("#id_username")
    keyboard.type("sam.worker")
    journey.tab_to("#id_password")
    keyboard.type(PASSWORD)
    keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Record a visit")).to_be_visible()
    assert journey.path() == form
    journey.check("visit")

    # Save with nothing answered: the error summary takes the focus and links to each question.
    journey.tab_to("form[data-draft-form] .govuk-button-group button[type=submit]")
    keyboard.press("Enter")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    journey.check("visit-error")
    journey.tab_to(".govuk-error-summary a[href='#id_purpose']")
    keyboard.press("Enter")
    assert journey.focused("input[name=purpose]")  # the link puts the focus on the question

    journey.choose_radio_with_arrows("purpose", "Assessment visit")
    journey.tab_to("input[name=child_seen]")
    keyboard.press("Space")  # Yes, the first choice
    journey.tab_to("input[name=seen_alone]")
    keyboard.press("Space")
    journey.tab_to("#id_note")
    words = "Ava showed me her drawings and said she feels safe at home."
    keyboard.type(words)
    journey.tab_to("form[data-draft-form] .govuk-button-group button[type=submit]")
    keyboard.press("Enter")

    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_contain_text("Visit recorded")
    assert journey.path() == f"/children/{child.la_child_id}/"
    journey.check("child-record-visit-recorded")
    visit = Visit.objects.get(child=child)
    assert (visit.purpose, visit.child_seen, visit.seen_alone, visit.note) == (
        Visit.Purpose.ASSESSMENT,
        True,
        True,
        words,
    )
    assert visit.visited_on == timezone.localdate()  # the form's date starts at today
    assert visit.worker_id == caseload.worker.pk


def test_the_accessibility_check_names_each_violation_and_where_it_is(journey: Journey) -> None:
    """The axe helper is not vacuous: a page with an unlabelled field and an image without a
    text alternative fails, and the message says which rule, where, and how to read more."""
    journey.page.set_content(
        '<!doctype html><html lang="en"><head><title>Bad</title></head><body><main>'
        '<h1>Bad</h1><img src="data:,"><input type="text" id="x"></main></body></html>'
    )
    with pytest.raises(pytest.fail.Exception) as failed:
        journey.check("bad-page")
    message = str(failed.value)
    assert "WCAG 2.2 AA violation(s) on bad-page" in message
    assert "- image-alt (critical): Images must have alternative text" in message
    assert "at #x:" in message or "at input" in message
    assert "https://dequeuniversity.com/rules/axe/" in message
