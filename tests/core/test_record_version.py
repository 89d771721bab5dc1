"""No lost update (decision 0020): every event about a child moves the record's version, and a
change made ``unchanged_since`` an older version is refused whole, by the write path."""

from __future__ import annotations

import threading
import time
from datetime import date
from typing import Any

import pytest
from django.db import connection, connections, transaction

from sightline.chronology.models import CaseNote
from sightline.chronology.services import write_case_note
from sightline.core.writes import RecordChanged, record_version, unchanged_since
from sightline.people.models import Person
from sightline.workforce.models import Worker


def _note(child: Person, worker: Worker, today: date, text: str = "Seen at school.") -> CaseNote:
    return write_case_note(
        child=child, author=worker, written_on=today, kind="case_note", text=text, today=today
    )


def test_every_event_about_the_child_moves_the_version(
    child: Person, worker: Worker, today: date
) -> None:
    before = record_version(child.pk)
    _note(child, worker, today)
    _note(child, worker, today)
    assert record_version(child.pk) == before + 2


def test_a_change_on_the_version_it_saw_is_saved(
    child: Person, worker: Worker, today: date
) -> None:
    seen = record_version(child.pk)
    with unchanged_since(child.pk, seen):
        _note(child, worker, today)
    assert record_version(child.pk) == seen + 1


def test_a_change_on_an_older_version_is_refused_and_writes_nothing(
    child: Person, worker: Worker, today: date, refused: Any
) -> None:
    seen = record_version(child.pk)
    _note(child, worker, today, "Someone else's note.")  # another user, meanwhile
    with refused("Child's record", "__all__") as refusal, unchanged_since(child.pk, seen):
        _note(child, worker, today, "Mine.")
    assert isinstance(refusal.value, RecordChanged)
    assert refusal.value.current == seen + 1


def test_a_change_writing_two_events_checks_once(
    child: Person, worker: Worker, today: date
) -> None:
    """The second event of the same change follows on from the first, not refused by it."""
    seen = record_version(child.pk)
    with transaction.atomic(), unchanged_since(child.pk, seen):
        _note(child, worker, today, "One.")
        _note(child, worker, today, "Two.")
    assert record_version(child.pk) == seen + 2


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite lets one writer in at a time; the sequential tests above cover it there",
)
def test_two_sessions_saving_at_once_on_postgresql_one_is_refused(
    child: Person, worker: Worker, today: date
) -> None:
    """Two sessions opened the form at the same version and save at the same moment: the
    second waits for the first's row lock, then finds the version moved and is refused."""
    seen = record_version(child.pk)
    first_done = threading.Event()
    outcome: dict[str, Any] = {}

    def first() -> None:
        try:
            with transaction.atomic(), unchanged_since(child.pk, seen):
                _note(child, worker, today, "First session.")
                first_done.set()
                time.sleep(0.5)  # holds the row lock while the second session tries
            outcome["first"] = "saved"
        finally:
            connections.close_all()

    def second() -> None:
        first_done.wait(10)
        try:
            with unchanged_since(child.pk, seen):
                _note(child, worker, today, "Second session.")
            outcome["second"] = "saved"
        except RecordChanged:
            outcome["second"] = "refused"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert outcome == {"first": "saved", "second": "refused"}
    assert list(CaseNote.objects.filter(child=child).values_list("text", flat=True)) == [
        "First session."
    ]
