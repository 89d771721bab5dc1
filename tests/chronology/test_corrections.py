"""Corrections (issue 14 item 5, decision 0026): a mistaken case note or visit corrected or
struck out by its author or a manager above them, with a reason; the entry shows the current
truth, the original is kept in the history, and the correction is audited and in the
chronology; a struck-out visit meets no visiting timescale."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from sightline.access.models import AuditEvent
from sightline.chronology.corrections import may_correct
from sightline.chronology.models import CaseNote, ChronologyEntry, Correction
from sightline.chronology.services import correct_entry, strike_out_entry, write_case_note
from sightline.core.errors import JourneyError
from sightline.people.models import Person
from sightline.protection import services as protection
from sightline.protection.models import Visit
from sightline.timescales.models import Obligation
from sightline.workforce.models import Team, Worker
from tests.core.test_write_path import TODAY, World
from tests.factories import TeamFactory, WorkerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def w() -> World:
    return World()


def _note(w: World, child: Person | None = None, author: Worker | None = None) -> CaseNote:
    return write_case_note(
        child=child or w.child(),
        author=author or w.worker,
        written_on=date(2026, 11, 2),
        kind="case_note",
        text="Ava said she was hapy at school.",
        today=TODAY,
    )


def _manager(team: Team, role: str = "team_manager") -> Worker:
    return WorkerFactory(team=team, role=role, given_name="Mo", family_name="Khan")


def _correct(note: Any, by: Worker, reason: str = "Spelling", **changes: Any) -> Correction:
    changes = changes or {"text": "Ava said she was happy at school."}
    return correct_entry(entry=note, by=by, changes=changes, reason=reason, today=TODAY)


def test_the_author_corrects_a_case_note_and_the_original_is_kept(w: World) -> None:
    note = _note(w)
    correction = _correct(note, w.worker)
    note.refresh_from_db()
    assert note.text == "Ava said she was happy at school."
    assert correction.kind == Correction.Kind.CORRECTED
    assert (correction.record_type, correction.record_id) == ("chronology.CaseNote", note.pk)
    assert correction.before == {
        "kind": "case_note",
        "written_on": "2026-11-02",
        "text": "Ava said she was hapy at school.",
    }
    assert correction.after == {"text": "Ava said she was happy at school."}
    assert (correction.by, correction.reason, correction.child_id) == (
        w.worker,
        "Spelling",
        note.child_id,
    )
    audited = AuditEvent.objects.get(what__startswith="EntryCorrected")
    assert audited.detail["record_type"] == "chronology.Correction"
    assert (audited.detail["record_id"], audited.child_id) == (correction.pk, note.child_id)
    entry = ChronologyEntry.objects.get(child=note.child, event="EntryCorrected")
    assert entry.occurred_on == TODAY
    assert entry.summary == "Case note of 2 November 2026 corrected by Priya Shah: Spelling"


def test_each_correction_keeps_what_the_entry_said_just_before_it(w: World) -> None:
    note = _note(w)
    _correct(note, w.worker, text="Second version.")
    _correct(note, w.worker, reason="Wrong date", written_on=date(2026, 11, 3))
    history = list(Correction.objects.filter(record_id=note.pk).order_by("at", "id"))
    assert [c.before["text"] for c in history] == [
        "Ava said she was hapy at school.",
        "Second version.",
    ]
    assert history[1].before["written_on"] == "2026-11-02"
    assert history[1].after == {"written_on": "2026-11-03"}
    note.refresh_from_db()
    assert (note.text, note.written_on) == ("Second version.", date(2026, 11, 3))


def test_a_team_manager_above_the_author_corrects_and_a_service_manager_above_that_too(
    w: World,
) -> None:
    service = TeamFactory(name="Help and protection", kind=Team.Kind.SERVICE)
    w.team.parent = service
    w.team.save()
    note = _note(w)
    _correct(note, _manager(w.team), text="By the team manager.")
    _correct(note, _manager(service, "service_manager"), text="By the service manager.")
    assert CaseNote.objects.get(pk=note.pk).text == "By the service manager."
    assert Correction.objects.filter(record_id=note.pk).count() == 2


@pytest.mark.parametrize("who", ["colleague", "manager_elsewhere"])
def test_someone_neither_the_author_nor_a_manager_above_them_is_refused(w: World, who: str) -> None:
    note = _note(w)
    elsewhere = TeamFactory(name="Forest of Dean", kind=Team.Kind.SAFEGUARDING)
    by = w.other if who == "colleague" else _manager(elsewhere)
    with pytest.raises(JourneyError, match="only the entry's author") as refused:
        _correct(note, by)
    assert refused.value.field == "__all__"
    with pytest.raises(JourneyError, match="only the entry's author"):
        strike_out_entry(entry=note, by=by, reason="Wrong child", today=TODAY)
    note.refresh_from_db()
    assert (note.text, note.struck_out) == ("Ava said she was hapy at school.", False)
    assert not Correction.objects.exists()


def test_a_correction_without_a_reason_is_refused_on_the_reason(w: World) -> None:
    note = _note(w)
    for refuse in (
        lambda: _correct(note, w.worker, reason="  "),
        lambda: strike_out_entry(entry=note, by=w.worker, reason="", today=TODAY),
    ):
        with pytest.raises(JourneyError) as refused:
            refuse()
        assert (refused.value.field, refused.value.text) == ("reason", "say why the entry is wrong")
    assert not Correction.objects.exists()
    assert CaseNote.objects.get(pk=note.pk).text == "Ava said she was hapy at school."


def test_corrected_values_pass_the_rules_the_entry_was_recorded_under(w: World) -> None:
    note = _note(w)
    with pytest.raises(JourneyError) as refused:
        _correct(note, w.worker, written_on=date(2026, 12, 25))
    assert refused.value.field == "written_on"
    with pytest.raises(JourneyError) as empty:
        _correct(note, w.worker, text=" ")
    assert empty.value.field == "text"
    with pytest.raises(JourneyError, match="nothing has been changed"):
        _correct(note, w.worker, text=note.text)
    with pytest.raises(JourneyError, match="cannot be changed by a correction"):
        _correct(note, w.worker, author=w.other)


def test_a_struck_out_entry_stays_struck_out_and_cannot_be_changed(w: World) -> None:
    note = _note(w)
    correction = strike_out_entry(
        entry=note, by=w.worker, reason="Written on the wrong child's record", today=TODAY
    )
    note.refresh_from_db()
    assert note.struck_out and note.text == "Ava said she was hapy at school."
    assert correction.kind == Correction.Kind.STRUCK_OUT
    assert correction.before["text"] == note.text and correction.after == {}
    entry = ChronologyEntry.objects.get(child=note.child, event="EntryStruckOut")
    assert entry.summary == (
        "Case note of 2 November 2026 struck out by Priya Shah: Written on the wrong child's record"
    )
    with pytest.raises(JourneyError, match="has been struck out"):
        strike_out_entry(entry=note, by=w.worker, reason="Again", today=TODAY)
    with pytest.raises(JourneyError, match="has been struck out"):
        _correct(note, w.worker)
    assert Correction.objects.count() == 1


def _cp_visit(w: World) -> Visit:
    plan = w.cp_plan()
    return protection.record_visit(
        child=plan.child,
        purpose=Visit.Purpose.CHILD_PROTECTION,
        visited_on=date(2026, 9, 25),
        worker=w.worker,
        child_seen=True,
        seen_alone=True,
        note="Ava showed me her room.",
        today=TODAY,
    )


def _first_cp_visit(child_id: int) -> Obligation:
    return Obligation.objects.filter(child_id=child_id, rule="CP_VISIT").order_by("due_on")[0]


def test_a_corrected_visit_date_moves_its_chronology_entry_and_what_it_meets(w: World) -> None:
    visit = _cp_visit(w)
    assert _first_cp_visit(visit.child_id).met_on == date(2026, 9, 25)
    correct_entry(
        entry=visit,
        by=w.worker,
        changes={"visited_on": date(2026, 9, 28), "seen_alone": False},
        reason="Typed the date of the plan, not the visit",
        today=TODAY,
    )
    assert _first_cp_visit(visit.child_id).met_on == date(2026, 9, 28)
    own = ChronologyEntry.objects.get(record_type="protection.Visit", record_id=visit.pk)
    assert (own.occurred_on, own.summary) == (
        date(2026, 9, 28),
        "Child protection visit: child seen",
    )


def test_a_struck_out_visit_meets_no_visiting_timescale(w: World) -> None:
    visit = _cp_visit(w)
    strike_out_entry(entry=visit, by=w.worker, reason="Recorded on the wrong child", today=TODAY)
    assert _first_cp_visit(visit.child_id).met_on is None
    own = ChronologyEntry.objects.get(record_type="protection.Visit", record_id=visit.pk)
    assert own.summary == "Struck out: Child protection visit: child seen alone"


def test_a_visit_correction_is_checked_as_a_visit_is(w: World) -> None:
    visit = _cp_visit(w)
    with pytest.raises(JourneyError) as refused:
        correct_entry(
            entry=visit,
            by=w.worker,
            changes={"child_seen": False},
            reason="Not seen",
            today=TODAY,
        )
    assert (refused.value.field, refused.value.text) == (
        "seen_alone",
        "a child not seen cannot be seen alone",
    )


def test_an_imported_visit_with_no_worker_is_corrected_by_a_manager_only(w: World) -> None:
    visit = _cp_visit(w)
    Visit.objects.filter(pk=visit.pk).update(worker=None)
    visit.refresh_from_db()
    with pytest.raises(JourneyError, match="only the entry's author"):
        strike_out_entry(entry=visit, by=w.worker, reason="Duplicate", today=TODAY)
    strike_out_entry(entry=visit, by=_manager(w.team), reason="Duplicate", today=TODAY)
    assert Visit.objects.get(pk=visit.pk).struck_out


@pytest.mark.parametrize(
    ("author", "by", "role", "teams", "expected"),
    [
        (1, 1, "social_worker", set(), True),  # the author
        (1, 2, "social_worker", {10}, False),  # a colleague in the same team
        (1, 3, "team_manager", {10, 11}, True),  # a manager above the author's team
        (1, 3, "team_manager", {11}, False),  # a manager of another team
        (None, 3, "team_manager", {11}, True),  # no author recorded: a manager
        (None, 2, "social_worker", {10}, False),
        (1, None, "team_manager", {10}, False),  # not a worker
    ],
)
def test_who_may_correct_is_one_pure_rule(
    author: int | None, by: int | None, role: str, teams: set[int], expected: bool
) -> None:
    assert (
        may_correct(author_id=author, author_team_id=10, by_id=by, by_role=role, by_teams=teams)
        is expected
    )
