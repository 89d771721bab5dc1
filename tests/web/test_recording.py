"""The one way to build a recording page (web/recording.py, decision 0020): access, the GOV.UK
error summary, a service's JourneyError on its field, no lost update, drafts, the success
banner."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from sightline.access.models import AuditEvent
from sightline.access.roles import Role
from sightline.chronology.models import CaseNote, ChronologyEntry
from sightline.core.codes import ReferralSource
from sightline.people.models import Person
from sightline.protection.models import Referral, Visit
from sightline.protection.services import open_referral
from sightline.timescales.models import Obligation
from sightline.web.models import Draft
from sightline.web.recording import form_link
from sightline.workforce.models import Allocation, Team, Worker
from sightline.workforce.services import allocate
from tests.web.factories import TeamFactory
from tests.web.recording_helpers import date_fields, staff, version_on


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def stroud(db: None) -> Team:
    return TeamFactory(name="Stroud safeguarding", kind=Team.Kind.SAFEGUARDING)


@pytest.fixture
def social_worker(stroud: Team) -> tuple[Any, Worker]:
    return staff("sam.worker", Role.SOCIAL_WORKER, stroud)


@pytest.fixture
def allocated(child: Person, social_worker: tuple[Any, Worker], today: date) -> Person:
    allocate(
        child=child,
        worker=social_worker[1],
        kind=Allocation.Kind.SOCIAL_WORKER,
        started_on=today - timedelta(days=30),
        reason="FCONTA",
        today=today,
    )
    return child


@pytest.fixture
def referral(allocated: Person, today: date) -> Referral:
    return open_referral(
        child=allocated,
        referral_date=today - timedelta(days=20),
        source=ReferralSource.FAMILY,
        today=today,
    )


def _url(child: Person, use_case: str) -> str:
    return f"/children/{child.la_child_id}/record/{use_case}/"


def test_a_visit_is_recorded_and_the_record_says_so(
    allocated: Person, social_worker: tuple[Any, Worker], today: date
) -> None:
    client = _client(social_worker[0])
    form = client.get(_url(allocated, "visit"))
    assert form.status_code == 200
    assert "Record a visit" in form.content.decode()
    response = client.post(
        _url(allocated, "visit"),
        {
            "purpose": Visit.Purpose.ASSESSMENT,
            **date_fields("visited_on", today),
            "child_seen": "yes",
            "seen_alone": "yes",
            "note": "She said she likes her new school.",
            "_version": version_on(form.content.decode()),
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == f"/children/{allocated.la_child_id}/"
    page = response.content.decode()
    assert "govuk-notification-banner--success" in page and "Visit recorded" in page
    visit = Visit.objects.get(child=allocated)
    assert (visit.seen_alone, visit.worker_id) == (True, social_worker[1].pk)
    assert AuditEvent.objects.filter(action="change", child_id=allocated.pk).exists()


def test_a_form_with_missing_answers_shows_the_error_summary_and_keeps_the_input(
    allocated: Person, social_worker: tuple[Any, Worker]
) -> None:
    client = _client(social_worker[0])
    response = client.post(
        _url(allocated, "visit"),
        {
            "visited_on-day": "31",
            "visited_on-month": "2",
            "visited_on-year": "2026",
            "note": "kept",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in page
    assert 'class="govuk-error-summary"' in page
    assert '<a href="#id_purpose">Choose what the visit was for</a>' in page
    assert '<a href="#id_visited_on-day">Date of the visit must be a real date</a>' in page
    assert ">kept</textarea>" in page and 'value="31"' in page
    assert not Visit.objects.exists()


def test_a_refusal_from_the_service_is_shown_on_its_field(
    allocated: Person, social_worker: tuple[Any, Worker], today: date
) -> None:
    """The service, not the page, knows the child is on no child protection plan."""
    client = _client(social_worker[0])
    response = client.post(
        _url(allocated, "visit"),
        {
            "purpose": Visit.Purpose.CHILD_PROTECTION,
            **date_fields("visited_on", today),
            "child_seen": "yes",
            "seen_alone": "no",
        },
    )
    page = response.content.decode()
    assert '<a href="#id_purpose">The child was not on a child protection plan that day</a>' in page
    assert 'id="id_purpose-error"' in page
    assert not Visit.objects.exists()


def test_reading_a_record_is_not_writing_to_it(
    allocated: Person, stroud: Team, social_worker: tuple[Any, Worker]
) -> None:
    """A senior leader reads every record and records on none; a worker from another team may
    not even know the child's page is there (404, as the record)."""
    leader, _ = staff("lee.leader", Role.SENIOR_LEADER, stroud)
    response = _client(leader).get(_url(allocated, "case-note"))
    assert response.status_code == 403
    assert "You cannot record this" in response.content.decode()
    assert _client(leader).get(f"/children/{allocated.la_child_id}/").status_code == 200
    other_team = TeamFactory(name="Gloucester", kind=Team.Kind.SAFEGUARDING)
    stranger, _ = staff("olly.other", Role.SOCIAL_WORKER, other_team)
    assert _client(stranger).get(_url(allocated, "case-note")).status_code == 404
    assert _client(stranger).post(_url(allocated, "case-note"), {}).status_code == 404
    assert _client(social_worker[0]).get(_url(allocated, "no-such-form")).status_code == 404


def test_a_family_support_worker_writes_case_notes_but_does_not_close_episodes(
    referral: Referral, stroud: Team
) -> None:
    fsw, _ = staff("fay.support", Role.FAMILY_SUPPORT_WORKER, stroud)
    client = _client(fsw)
    assert client.get(_url(referral.child, "case-note")).status_code == 200
    assert client.get(_url(referral.child, "close-referral")).status_code == 403


def test_recording_needs_the_csrf_token(
    allocated: Person, social_worker: tuple[Any, Worker]
) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(social_worker[0])
    response = client.post(_url(allocated, "case-note"), {"kind": "case_note", "text": "x"})
    assert response.status_code == 403
    assert not CaseNote.objects.exists()


def test_a_form_saved_over_a_changed_record_says_so_and_keeps_the_input(
    referral: Referral, stroud: Team, social_worker: tuple[Any, Worker], today: date
) -> None:
    """Two sessions open the same form; the second to save is told, keeps what they typed, and
    can save again once they have seen the change."""
    manager, _ = staff("mo.manager", Role.TEAM_MANAGER, stroud)
    first, second = _client(social_worker[0]), _client(manager)
    url = _url(referral.child, "close-referral")
    seen_by_first = version_on(first.get(url).content.decode())
    seen_by_second = version_on(second.get(url).content.decode())
    # The first writes something else about the child meanwhile: a case note.
    first.post(
        _url(referral.child, "case-note"),
        {"kind": "case_note", **date_fields("written_on", today), "text": "Spoke to school."},
    )
    answers = {"reason": "RC7", **date_fields("closure_date", today)}
    refused = second.post(url, {**answers, "_version": seen_by_second})
    page = refused.content.decode()
    assert "Someone else changed this child" in page
    assert 'value="RC7" checked' in page
    assert Referral.objects.get(pk=referral.pk).closure_date is None
    saved = second.post(url, {**answers, "_version": version_on(page)}, follow=True)
    assert "Episode closed" in saved.content.decode()
    assert Referral.objects.get(pk=referral.pk).closure_reason == "RC7"
    assert seen_by_first == seen_by_second


def test_adding_a_record_is_not_refused_by_someone_elses_change(
    allocated: Person, social_worker: tuple[Any, Worker], today: date
) -> None:
    """Adding cannot overwrite anything: a case note is saved whatever changed meanwhile."""
    client = _client(social_worker[0])
    note = {"kind": "case_note", **date_fields("written_on", today), "text": "First."}
    stale = version_on(client.get(_url(allocated, "case-note")).content.decode())
    client.post(_url(allocated, "case-note"), note)
    client.post(_url(allocated, "case-note"), {**note, "text": "Second.", "_version": stale})
    assert CaseNote.objects.filter(child=allocated).count() == 2


def test_a_draft_is_kept_for_its_author_offered_back_and_deleted_on_save(
    allocated: Person, social_worker: tuple[Any, Worker], stroud: Team, today: date
) -> None:
    author = _client(social_worker[0])
    url = _url(allocated, "case-note")
    typed = {"kind": "childs_words", "text": "I want to see my nan.", "_draft": "1"}
    assert author.post(url, typed).status_code == 204
    draft = Draft.objects.get()
    assert draft.data["text"] == ["I want to see my nan."] and draft.child_id == allocated.pk
    # A forced sign-out, a new session: the draft is offered back.
    author.logout()
    author.force_login(social_worker[0])
    page = author.get(url).content.decode()
    assert "Draft restored" in page and "I want to see my nan.</textarea>" in page
    assert 'class="govuk-error-summary"' not in page
    # Nobody else sees it, their manager included.
    manager, _ = staff("mo.manager", Role.TEAM_MANAGER, stroud)
    assert "I want to see my nan." not in _client(manager).get(url).content.decode()
    author.post(url, {**typed, "_draft": "", **date_fields("written_on", today)})
    assert not Draft.objects.exists()
    assert CaseNote.objects.get().text == "I want to see my nan."


def test_an_expired_draft_is_not_offered(
    allocated: Person, social_worker: tuple[Any, Worker]
) -> None:
    client = _client(social_worker[0])
    url = _url(allocated, "case-note")
    client.post(url, {"text": "Old words.", "_draft": "1"})
    Draft.objects.update(saved_at=timezone.now() - timedelta(days=31))
    assert "Old words." not in client.get(url).content.decode()


def test_a_draft_can_be_discarded(allocated: Person, social_worker: tuple[Any, Worker]) -> None:
    client = _client(social_worker[0])
    url = _url(allocated, "case-note")
    client.post(url, {"text": "Not this.", "_draft": "1"})
    client.post(url, {"_discard": "1"})
    assert not Draft.objects.exists()


def test_an_obligation_links_to_the_form_that_meets_it_prefilled(allocated: Person) -> None:
    visit = Obligation(rule="CP_VISIT", subject_id=7)
    url = form_link(visit, allocated.la_child_id)
    assert url == f"/children/{allocated.la_child_id}/record/visit/?for=CP_VISIT"
    assert form_link(Obligation(rule="NO_SUCH_RULE", subject_id=1), "X") is None


def test_a_visit_opened_from_its_obligation_has_its_purpose_chosen(
    allocated: Person, social_worker: tuple[Any, Worker]
) -> None:
    page = _client(social_worker[0]).get(_url(allocated, "visit") + "?for=CP_VISIT")
    assert 'value="cp" checked' in page.content.decode()


def test_every_change_recorded_through_a_form_is_in_the_chronology(
    allocated: Person, social_worker: tuple[Any, Worker], today: date
) -> None:
    _client(social_worker[0]).post(
        _url(allocated, "case-note"),
        {"kind": "direct_work", **date_fields("written_on", today), "text": "Life story work."},
    )
    assert ChronologyEntry.objects.filter(child=allocated).exists()
    assert Person.objects.get(pk=allocated.pk).record_version > 0


def test_expired_drafts_are_erased_by_the_retention_command(
    allocated: Person, social_worker: tuple[Any, Worker]
) -> None:
    from io import StringIO

    from django.core.management import call_command

    client = _client(social_worker[0])
    client.post(_url(allocated, "case-note"), {"text": "Old.", "_draft": "1"})
    client.post(_url(allocated, "visit"), {"note": "Recent.", "_draft": "1"})
    Draft.objects.filter(form__startswith="case-note").update(
        saved_at=timezone.now() - timedelta(days=31)
    )
    out = StringIO()
    call_command("retention", "erase-drafts", stdout=out)
    assert "1 expired draft(s) erased" in out.getvalue()
    assert list(Draft.objects.values_list("data__note", flat=True)) == [["Recent."]]
