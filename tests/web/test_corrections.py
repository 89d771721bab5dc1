"""Correcting and striking out a case note or a visit in the browser (decision 0026): the form
shows the entry as it is; its author or a manager above them saves it with a reason; anyone
else is refused; a missing reason keeps the input; a correction saved over someone else's
change is refused; the record then shows the current truth and the history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from sightline.access.models import AccessProfile, AuditEvent
from sightline.access.roles import Role
from sightline.chronology.models import CaseNote, ChronologyEntry, Correction
from sightline.chronology.services import correct_entry, strike_out_entry, write_case_note
from sightline.people.models import Person
from sightline.people.services import register_child
from sightline.protection.models import Visit
from sightline.protection.services import record_visit
from sightline.web.recording import USE_CASES, url_for
from sightline.web.templatetags.sightline_web import govuk_date
from sightline.workforce.models import Allocation, Team, Worker
from sightline.workforce.services import allocate
from tests.web.factories import TeamFactory, UserFactory, WorkerFactory
from tests.web.recording_helpers import date_fields, version_on

CORRECTIONS = ("correct-case-note", "strike-out-case-note", "correct-visit", "strike-out-visit")


@dataclass
class World:
    """Sam (social worker, Stroud) has Ava and wrote a case note and recorded a visit; Tess is
    Sam's colleague in Stroud; Mo manages the area Stroud is in."""

    child: Person
    note: CaseNote
    visit: Visit
    users: dict[str, Any]
    workers: dict[str, Worker]

    def client(self, who: str) -> Client:
        client = Client()
        client.force_login(self.users[who])
        return client

    def url(self, use_case: str, entry: Any = None) -> str:
        entry = (
            entry if entry is not None else (self.note if "case-note" in use_case else self.visit)
        )
        return url_for(use_case, self.child.la_child_id, entry.pk)


def _user(username: str, role: Role, team: Team, given: str) -> tuple[Any, Worker]:
    user = UserFactory(username=username)
    worker = WorkerFactory(user=user, team=team, role=role.value, given_name=given)
    AccessProfile.objects.create(user=user, role=role.value)
    return user, worker


@pytest.fixture
def world(db: None, today: date) -> World:
    area = TeamFactory(name="Area A", kind=Team.Kind.SAFEGUARDING)
    stroud = TeamFactory(name="Stroud safeguarding", kind=Team.Kind.SAFEGUARDING, parent=area)
    people = {
        "sam": _user("sam", Role.SOCIAL_WORKER, stroud, "Sam"),
        "tess": _user("tess", Role.SOCIAL_WORKER, stroud, "Tess"),
        "mo": _user("mo", Role.TEAM_MANAGER, area, "Mo"),
    }
    child = register_child(
        given_name="Ava",
        family_name="Morgan",
        sex="F",
        ethnicity="WBRI",
        birth_date=date(2019, 4, 12),
        today=today,
    )
    sam = people["sam"][1]
    allocate(
        child=child,
        worker=sam,
        kind=Allocation.Kind.SOCIAL_WORKER,
        started_on=today - timedelta(days=60),
        reason="FCONTA",
        today=today,
    )
    note = write_case_note(
        child=child,
        author=sam,
        written_on=today - timedelta(days=2),
        kind=CaseNote.Kind.CHILDS_WORDS,
        text="Ava said she likes her new shcool.",
        today=today,
    )
    visit = record_visit(
        child=child,
        purpose=Visit.Purpose.ASSESSMENT,
        visited_on=today - timedelta(days=3),
        worker=sam,
        child_seen=True,
        seen_alone=False,
        note="Ava showed me her drawings.",
        today=today,
    )
    return World(
        child,
        note,
        visit,
        {k: u for k, (u, _) in people.items()},
        {k: w for k, (_, w) in people.items()},
    )


def _note_answers(note: CaseNote, **changes: Any) -> dict[str, str]:
    answers = {"kind": note.kind, **date_fields("written_on", note.written_on), "text": note.text}
    return {**answers, **changes}


def test_the_author_corrects_a_case_note_from_a_form_that_shows_it_as_it_is(
    world: World,
) -> None:
    client = world.client("sam")
    url = world.url("correct-case-note")
    page = client.get(url).content.decode()
    assert "Correct a case note" in page
    assert "written by Sam" in page
    assert page.count("Ava said she likes her new shcool.") == 2  # shown, and in the field
    response = client.post(
        url,
        _note_answers(
            world.note,
            text="Ava said she likes her new school.",
            reason="Spelling mistake",
            _version=version_on(page),
        ),
        follow=True,
    )
    assert "Case note corrected" in response.content.decode()
    world.note.refresh_from_db()
    assert world.note.text == "Ava said she likes her new school."
    correction = Correction.objects.get(record_id=world.note.pk)
    assert correction.before["text"] == "Ava said she likes her new shcool."
    assert (correction.by, correction.reason) == (world.workers["sam"], "Spelling mistake")
    assert AuditEvent.objects.filter(
        what__startswith="EntryCorrected", child_id=world.child.pk, username="sam"
    ).exists()
    assert ChronologyEntry.objects.filter(child=world.child, event="EntryCorrected").exists()


def test_a_manager_above_the_author_corrects_a_visit(world: World, today: date) -> None:
    client = world.client("mo")
    url = world.url("correct-visit")
    page = client.get(url).content.decode()
    assert "Ava showed me her drawings." in page
    answers = {
        "purpose": Visit.Purpose.ASSESSMENT,
        **date_fields("visited_on", today - timedelta(days=4)),
        "child_seen": "yes",
        "seen_alone": "yes",
        "note": "Ava showed me her drawings.",
        "reason": "Sam told me the visit was the day before, and Ava was seen alone",
        "_version": version_on(page),
    }
    response = client.post(url, answers, follow=True)
    assert "Visit corrected" in response.content.decode()
    world.visit.refresh_from_db()
    assert (world.visit.visited_on, world.visit.seen_alone) == (today - timedelta(days=4), True)
    correction = Correction.objects.get(record_type="protection.Visit")
    assert correction.by == world.workers["mo"]
    assert correction.after == {"visited_on": str(today - timedelta(days=4)), "seen_alone": True}


@pytest.mark.parametrize("use_case", CORRECTIONS)
def test_a_colleague_neither_the_author_nor_a_manager_above_them_is_refused(
    world: World, use_case: str
) -> None:
    client = world.client("tess")
    url = world.url(use_case)
    refused = client.get(url)
    assert refused.status_code == 403
    assert "Only the" in refused.content.decode() and "author" in refused.content.decode()
    posted = client.post(url, {"reason": "I think it is wrong", "_version": "1"})
    assert posted.status_code == 403
    assert not Correction.objects.exists()
    world.note.refresh_from_db()
    assert not world.note.struck_out


def test_without_a_reason_the_form_says_so_and_keeps_what_was_typed(world: World) -> None:
    client = world.client("sam")
    url = world.url("correct-case-note")
    version = version_on(client.get(url).content.decode())
    response = client.post(
        url, _note_answers(world.note, text="A better note.", reason="", _version=version)
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'class="govuk-error-summary"' in page
    assert '<a href="#id_reason">Say why the entry is wrong</a>' in page
    assert "A better note.</textarea>" in page
    assert CaseNote.objects.get(pk=world.note.pk).text == "Ava said she likes her new shcool."


def test_a_refusal_from_the_service_is_shown_on_its_field(world: World, today: date) -> None:
    client = world.client("sam")
    url = world.url("correct-case-note")
    version = version_on(client.get(url).content.decode())
    response = client.post(
        url,
        {
            **_note_answers(world.note, reason="Wrong date", _version=version),
            **date_fields("written_on", today + timedelta(days=30)),
        },
    )
    page = response.content.decode()
    assert '<a href="#id_written_on-day">' in page and "is in the future" in page
    assert not Correction.objects.exists()


def test_a_correction_saved_over_someone_elses_change_is_refused_and_keeps_the_input(
    world: World,
) -> None:
    sam, mo = world.client("sam"), world.client("mo")
    url = world.url("correct-case-note")
    seen_by_sam = version_on(sam.get(url).content.decode())
    seen_by_mo = version_on(mo.get(url).content.decode())
    mo.post(
        url,
        _note_answers(world.note, text="Mo's version.", reason="Mo's reason", _version=seen_by_mo),
    )
    refused = sam.post(
        url,
        _note_answers(
            world.note, text="Sam's version.", reason="Sam's reason", _version=seen_by_sam
        ),
    )
    page = refused.content.decode()
    assert "Someone else changed this child" in page
    assert "Sam&#x27;s version.</textarea>" in page
    assert CaseNote.objects.get(pk=world.note.pk).text == "Mo's version."
    assert Correction.objects.count() == 1


def test_the_author_strikes_out_a_case_note_and_it_stays_on_the_record(world: World) -> None:
    client = world.client("sam")
    url = world.url("strike-out-case-note")
    page = client.get(url).content.decode()
    assert "Strike out a case note" in page and "Ava said she likes her new shcool." in page
    response = client.post(
        url,
        {"reason": "Written on the wrong child's record", "_version": version_on(page)},
        follow=True,
    )
    assert "Case note struck out" in response.content.decode()
    world.note.refresh_from_db()
    assert world.note.struck_out and world.note.text == "Ava said she likes her new shcool."
    assert Correction.objects.get().kind == Correction.Kind.STRUCK_OUT
    again = client.post(url, {"reason": "Again", "_version": version_on(page) + "1"})
    assert "has been struck out" in again.content.decode()


def test_a_correction_page_needs_an_entry_on_this_childs_record(world: World, today: date) -> None:
    client = world.client("sam")
    for use_case in CORRECTIONS:
        bare = f"/children/{world.child.la_child_id}/record/{use_case}/"
        assert client.get(bare).status_code == 404, use_case
        assert client.get(bare + "?note=999999&visit=999999").status_code == 404, use_case
    other = register_child(
        given_name="Ben",
        family_name="Other",
        sex="M",
        ethnicity="WBRI",
        birth_date=date(2018, 1, 5),
        today=today,
    )
    elsewhere = write_case_note(
        child=other,
        author=world.workers["sam"],
        written_on=today,
        kind=CaseNote.Kind.CASE_NOTE,
        text="About Ben.",
        today=today,
    )
    # Ava's correction page cannot reach Ben's note, even for its author.
    assert client.get(world.url("correct-case-note", elsewhere)).status_code == 404


def test_correction_pages_are_in_no_menu_of_forms(world: World) -> None:
    assert all(not USE_CASES[name].in_menu for name in CORRECTIONS)
    # Outside the corrections, only a form reached from the one record it acts on (an oversight
    # action's "done") is left out of the menu; every other form is offered there.
    hidden = {name for name, case in USE_CASES.items() if not case.in_menu}
    assert hidden - set(CORRECTIONS) == {"oversight-action-done"}


def _case_notes(world: World, who: str) -> str:
    response = world.client(who).get(reverse("child-case-notes", args=[world.child.la_child_id]))
    assert response.status_code == 200
    return response.content.decode()


def _card(page: str, entry: str) -> str:
    start = page.index(f'data-entry="{entry}"')
    end = page.find('<div class="govuk-summary-card"', start + 1)
    return page[start : end if end > 0 else len(page)]


def test_the_case_notes_show_a_correction_with_when_who_why_and_its_history(
    world: World,
) -> None:
    correct_entry(
        entry=world.note,
        by=world.workers["sam"],
        changes={"text": "Ava said she likes her new school."},
        reason="Spelling mistake",
    )
    card = _card(_case_notes(world, "tess"), f"case-note-{world.note.pk}")
    on = govuk_date(timezone.localdate())
    assert "Ava said she likes her new school." in card
    sam = escape(world.workers["sam"].full_name)  # as the page escapes it ("O&#x27;Connor")
    assert f"Corrected on {on} by {sam}: Spelling mistake" in card
    assert "History of corrections" in card
    assert "Ava said she likes her new shcool." in card  # what it said before


def test_a_struck_out_case_note_is_shown_struck_out_with_the_reason(world: World) -> None:
    strike_out_entry(entry=world.note, by=world.workers["sam"], reason="Wrong child's record")
    card = _card(_case_notes(world, "tess"), f"case-note-{world.note.pk}")
    assert '<strong class="govuk-tag govuk-tag--grey">Struck out</strong>' in card
    assert '<span class="govuk-visually-hidden">Struck out: </span><del' in card
    assert "Ava said she likes her new shcool." in card  # still readable
    assert "Struck out on" in card and "Wrong child&#x27;s record" in card


def test_correct_and_strike_out_are_offered_only_to_those_who_may(world: World) -> None:
    link = world.url("correct-case-note")
    for who, offered in (("sam", True), ("mo", True), ("tess", False)):
        assert (link in _case_notes(world, who)) is offered, who
    strike_out_entry(entry=world.note, by=world.workers["sam"], reason="Duplicate")
    assert link not in _case_notes(world, "sam")  # a struck-out entry is not changed again


# --- The visits tab: each visit, its corrections and its links (the case notes' parts) ------


def _visits(world: World, who: str, page: int | None = None) -> str:
    url = reverse("child-visits", args=[world.child.la_child_id])
    response = world.client(who).get(url, {"page": page} if page else {})
    assert response.status_code == 200
    return response.content.decode()


def test_the_visits_tab_shows_each_visit_newest_first_with_what_happened(
    world: World, today: date
) -> None:
    later = record_visit(
        child=world.child,
        purpose=Visit.Purpose.ASSESSMENT,
        visited_on=today - timedelta(days=1),
        worker=world.workers["tess"],
        child_seen=True,
        seen_alone=True,
        note="Ava was playing in the garden.",
        today=today,
    )
    page = _visits(world, "mo")
    assert page.index(f'data-entry="visit-{later.pk}"') < page.index(
        f'data-entry="visit-{world.visit.pk}"'
    )
    card = _card(page, f"visit-{later.pk}")
    assert "Assessment visit" in card
    assert govuk_date(later.visited_on) in card
    assert "Yes, alone" in card
    assert "Ava was playing in the garden." in card
    assert escape(world.workers["tess"].full_name) in card
    earlier = _card(page, f"visit-{world.visit.pk}")
    assert "Yes, not alone" in earlier
    assert escape(world.workers["sam"].full_name) in earlier
    assert "2 visits, newest first." in page


def test_the_visits_tab_pages_ten_at_a_time(world: World, today: date) -> None:
    for days in range(4, 15):  # 11 more: 12 visits, two pages
        record_visit(
            child=world.child,
            purpose=Visit.Purpose.ASSESSMENT,
            visited_on=today - timedelta(days=days),
            worker=world.workers["sam"],
            child_seen=False,
            seen_alone=False,
            note=f"Visit {days} days ago.",
            today=today,
        )
    first, second = _visits(world, "sam"), _visits(world, "sam", page=2)
    assert first.count('data-entry="visit-') == 10
    assert second.count('data-entry="visit-') == 2
    assert "Showing 11 to 12 of 12" in second
    assert "Visit 14 days ago." in second and "Visit 14 days ago." not in first
    assert 'aria-label="Pages of visits"' in first


def test_the_visits_tab_shows_a_correction_with_when_who_why_and_its_history(
    world: World,
) -> None:
    correct_entry(
        entry=world.visit,
        by=world.workers["sam"],
        changes={"note": "Ava showed me her paintings."},
        reason="Misheard",
    )
    card = _card(_visits(world, "tess"), f"visit-{world.visit.pk}")
    on = govuk_date(timezone.localdate())
    assert "Ava showed me her paintings." in card
    assert f"Corrected on {on} by {escape(world.workers['sam'].full_name)}: Misheard" in card
    assert "History of corrections" in card
    assert "Ava showed me her drawings." in card  # what it said before


def test_a_struck_out_visit_is_shown_struck_out_with_the_reason(world: World) -> None:
    strike_out_entry(entry=world.visit, by=world.workers["mo"], reason="Wrong child's record")
    card = _card(_visits(world, "tess"), f"visit-{world.visit.pk}")
    assert '<strong class="govuk-tag govuk-tag--grey">Struck out</strong>' in card
    assert "<del>Ava showed me her drawings.</del>" in card  # struck through, still readable
    assert f"Struck out on {govuk_date(timezone.localdate())} by" in card
    assert "Wrong child&#x27;s record" in card


def test_correct_and_strike_out_a_visit_are_offered_only_to_those_who_may(world: World) -> None:
    correct, strike = world.url("correct-visit"), world.url("strike-out-visit")
    for who, offered in (("sam", True), ("mo", True), ("tess", False)):
        page = _visits(world, who)
        assert (correct in page) is offered, who
        assert (strike in page) is offered, who
    assert 'Correct<span class="govuk-visually-hidden"> the visit of' in _visits(world, "sam")
    strike_out_entry(entry=world.visit, by=world.workers["sam"], reason="Duplicate")
    assert correct not in _visits(world, "sam")  # a struck-out entry is not changed again


def test_the_visits_tab_reads_every_visits_corrections_in_one_query(
    world: World, today: date
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def corrections_read() -> int:
        with CaptureQueriesContext(connection) as ctx:
            _visits(world, "mo")
        return sum('"chronology_correction"' in q["sql"] for q in ctx.captured_queries)

    assert corrections_read() == 1
    for days in range(4, 9):
        visit = record_visit(
            child=world.child,
            purpose=Visit.Purpose.ASSESSMENT,
            visited_on=today - timedelta(days=days),
            worker=world.workers["sam"],
            child_seen=True,
            seen_alone=False,
            note="Seen at home.",
            today=today,
        )
        correct_entry(entry=visit, by=world.workers["sam"], changes={"note": "Seen."}, reason="x")
    assert corrections_read() == 1
