"""The audit trail: who changed, viewed, searched, exported and signed in; append-only and
hash-chained, with `sightline audit verify` to check it and `sightline audit --child` to list it.

Decision tested here: `audit verify` on a broken trail prints each problem on standard output
and raises ``CommandError`` with ``returncode`` 1, which the command line turns into
"CommandError: …" on standard error and exit status 1.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, connections, transaction
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone

from sightline.access import audit
from sightline.access.actor import (
    ActorMiddleware,
    acting_as,
    current_actor,
    operator_name,
)
from sightline.access.audit import GENESIS_HASH, entry_hash, verify_chain
from sightline.access.management.commands.audit import Command as AuditCommand
from sightline.access.models import AuditEvent
from sightline.core.codes import ReferralSource
from sightline.core.errors import JourneyError
from sightline.people.models import Person
from sightline.protection.models import Visit
from sightline.protection.services import open_referral, record_visit
from sightline.workforce.models import Worker

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
TABLE = AuditEvent._meta.db_table
KEY = audit.audit_key()


def at(minute: int) -> datetime:
    return datetime(2026, 11, 23, 10, minute, 0, 123456, tzinfo=UTC)


def audit_verify() -> tuple[str, CommandError | None]:
    out = io.StringIO()
    try:
        call_command("audit", "verify", stdout=out)
    except CommandError as error:
        return out.getvalue(), error
    return out.getvalue(), None


def five_events(child: Person) -> list[AuditEvent]:
    with acting_as("priya.shah", "10.0.0.7"):
        return [
            audit.record(
                AuditEvent.Action.VIEW, f"Viewed {n}", child_id=child.pk, at=at(n), detail={"n": n}
            )
            for n in range(1, 6)
        ]


def raw_sql(sql: str, params: list[Any]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


# --- Changes --------------------------------------------------------------------------------


def test_a_service_change_writes_a_change_row_for_the_actor(child: Person, today: date) -> None:
    with acting_as("priya.shah", "10.0.0.7"):
        referral = open_referral(
            child=child, referral_date=date(2026, 11, 2), source=ReferralSource.POLICE, today=today
        )
    row = AuditEvent.objects.filter(child=child, action=AuditEvent.Action.CHANGE).latest("id")
    assert (row.username, row.ip_address) == ("priya.shah", "10.0.0.7")
    assert row.what.startswith("ReferralOpened: ")
    assert row.detail == {
        "record_type": "protection.Referral",
        "record_id": referral.pk,
        "occurred_on": "2026-11-02",
    }


def test_a_visit_by_a_worker_is_recorded_as_a_change_by_the_actor(
    child: Person, worker: Worker, today: date
) -> None:
    with acting_as("priya.shah"):
        visit = record_visit(
            child=child,
            worker=worker,
            visited_on=date(2026, 11, 20),
            purpose=Visit.Purpose.ASSESSMENT,
            today=today,
        )
    row = AuditEvent.objects.latest("id")
    assert (row.action, row.username, row.child_id) == ("change", "priya.shah", child.pk)
    assert row.what.startswith("VisitRecorded: ")
    assert row.detail["record_id"] == visit.pk


def test_a_refused_service_change_writes_no_audit_row(child: Person, today: date) -> None:
    before = list(AuditEvent.objects.values_list("pk", flat=True))
    with acting_as("priya.shah"), pytest.raises(JourneyError):
        open_referral(
            child=child, referral_date=date(2026, 11, 24), source=ReferralSource.GP, today=today
        )
    assert list(AuditEvent.objects.values_list("pk", flat=True)) == before


# --- The chain ------------------------------------------------------------------------------


def test_each_row_hashes_the_previous_rows_hash_and_its_own_content(child: Person) -> None:
    events = five_events(child)
    first = AuditEvent.objects.order_by("id").first()
    assert first is not None and first.previous_hash == GENESIS_HASH
    for before, after in pairwise(events):
        assert after.previous_hash == before.entry_hash
    last = events[-1]
    assert last.entry_hash == entry_hash(
        last.previous_hash,
        at=at(5),
        username="priya.shah",
        action="view",
        child_id=child.pk,
        what="Viewed 5",
        detail={"n": 5},
        ip="10.0.0.7",
    )


def test_a_clean_trail_verifies(child: Person) -> None:
    five_events(child)
    assert verify_chain() == []
    out, error = audit_verify()
    assert error is None
    count = AuditEvent.objects.count()
    assert out.splitlines()[0] == f"audit trail intact: {count} events"


def test_an_empty_trail_verifies(db: None) -> None:
    out, error = audit_verify()
    assert error is None
    assert out.splitlines()[0] == "audit trail intact: 0 events"


def test_changing_a_rows_what_with_raw_sql_is_detected(child: Person) -> None:
    events = five_events(child)
    tampered = events[2]
    with guard_off():
        raw_sql(f"UPDATE {TABLE} SET what = %s WHERE id = %s", ["Nothing to see", tampered.pk])

    problems = verify_chain()
    assert [(p.row_id, "changed" in p.problem) for p in problems] == [(tampered.pk, True)]

    out, error = audit_verify()
    assert error is not None and error.returncode == 1
    assert str(error).startswith("audit trail broken: 1 problem(s)")
    assert out.splitlines() == [f"row {tampered.pk}: {problems[0].problem}"]


def test_a_broken_trail_exits_1_on_the_command_line(
    child: Person, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    events = five_events(child)
    with guard_off():
        raw_sql(f"UPDATE {TABLE} SET username = %s WHERE id = %s", ["someone.else", events[0].pk])
    monkeypatch.setattr(connections, "close_all", lambda: None)  # keep the test's transaction
    with pytest.raises(SystemExit) as exit_:
        AuditCommand().run_from_argv(["sightline", "audit", "verify"])
    assert exit_.value.code == 1
    captured = capsys.readouterr()
    assert captured.out.startswith(f"row {events[0].pk}: content does not match")
    assert captured.err.strip().startswith("CommandError: audit trail broken: 1 problem(s)")


def test_deleting_a_middle_row_with_raw_sql_is_detected(child: Person) -> None:
    events = five_events(child)
    with guard_off():
        raw_sql(f"DELETE FROM {TABLE} WHERE id = %s", [events[2].pk])

    problems = verify_chain()
    assert [p.row_id for p in problems] == [events[3].pk]
    assert "previous_hash" in problems[0].problem and "deleted" in problems[0].problem
    _, error = audit_verify()
    assert error is not None and error.returncode == 1


def test_swapping_two_rows_with_raw_sql_is_detected(child: Person) -> None:
    events = five_events(child)
    a, b = events[1].pk, events[2].pk
    with guard_off():
        raw_sql(f"UPDATE {TABLE} SET id = %s WHERE id = %s", [-a, a])
        raw_sql(f"UPDATE {TABLE} SET id = %s WHERE id = %s", [a, b])
        raw_sql(f"UPDATE {TABLE} SET id = %s WHERE id = %s", [b, -a])

    problems = verify_chain()
    assert {p.row_id for p in problems} == {a, b, events[3].pk}
    assert all("previous_hash" in p.problem for p in problems)


def test_a_rehashed_tampered_row_still_breaks_the_next_link(child: Person) -> None:
    # Even someone holding the key, who rehashes one row, breaks the link of the next one.
    events = five_events(child)
    row = events[1]
    content = audit.content_hash(
        username=row.username, what="Forged", detail=row.detail, ip=row.ip_address, key=KEY
    )
    forged = entry_hash(
        row.previous_hash,
        at=row.at,
        username=row.username,
        action=row.action,
        child_id=row.child_id,
        what="Forged",
        detail=row.detail,
        ip=row.ip_address,
    )
    with guard_off():
        raw_sql(
            f"UPDATE {TABLE} SET what = %s, content_hash = %s, entry_hash = %s WHERE id = %s",
            ["Forged", content, forged, row.pk],
        )
    assert [p.row_id for p in verify_chain()] == [events[2].pk]


def test_saving_an_existing_audit_row_raises(child: Person) -> None:
    row = five_events(child)[0]
    row.what = "Changed"
    with pytest.raises(PermissionError):
        row.save()
    assert AuditEvent.objects.get(pk=row.pk).what == "Viewed 1"


def test_deleting_an_audit_row_raises(child: Person) -> None:
    row = five_events(child)[0]
    with pytest.raises(PermissionError):
        row.delete()
    assert AuditEvent.objects.filter(pk=row.pk).exists()


# --- Views, searches, exports, break-glass --------------------------------------------------


def test_record_view_names_the_signed_in_user_and_address(child: Person) -> None:
    request = RequestFactory().get(f"/children/{child.la_child_id}/", REMOTE_ADDR="192.0.2.4")
    request.user = get_user_model().objects.create_user("karen.lee")
    row = audit.record_view(child, request)
    assert (row.action, row.username, row.ip_address) == ("view", "karen.lee", "192.0.2.4")
    assert row.child_id == child.pk and str(child.la_child_id) in row.what


def test_record_search_keeps_the_terms_and_the_count(db: None) -> None:
    with acting_as("front.door", "192.0.2.9"):
        row = audit.record_search({"name": "Morgan", "birth_date": date(2019, 4, 12)}, 3)
    assert (row.action, row.username) == ("search", "front.door")
    assert row.detail == {
        "params": {"name": "Morgan", "birth_date": "2019-04-12"},
        "result_count": 3,
        "listed": [],
    }
    assert verify_chain() == []


def test_record_break_glass_keeps_the_reason_and_the_expiry(child: Person) -> None:
    expires = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
    with acting_as("out.of.hours"):
        row = audit.record_break_glass(child, "Police call at 2am", expires)
    assert (row.action, row.child_id) == ("break_glass", child.pk)
    assert row.detail == {"reason": "Police call at 2am", "expires_at": "2026-11-23T12:00:00Z"}
    assert verify_chain() == []


# --- sightline audit --child ----------------------------------------------------------------


def test_audit_child_csv_has_the_header_and_the_childs_rows_oldest_first(
    child: Person,
) -> None:
    five_events(child)
    out = io.StringIO()
    call_command("audit", "--child", child.la_child_id, "--format", "csv", stdout=out)
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[0] == ["at", "username", "action", "la_child_id", "what", "ip_address"]
    listed = [r for r in rows[1:] if r[1] == "priya.shah"]
    assert [r[4] for r in listed] == [f"Viewed {n}" for n in range(1, 6)]
    assert listed[0][0] == "2026-11-23T10:01:00+00:00"  # ISO, in the authority's time zone
    assert {(r[2], r[3], r[5]) for r in listed} == {("view", child.la_child_id, "10.0.0.7")}
    ats = [r[0] for r in rows[1:]]
    assert len(rows) - 1 == AuditEvent.objects.filter(child=child).count() - 1  # not the export
    assert ats == sorted(ats)


def test_audit_child_table_lists_the_childs_rows(child: Person) -> None:
    five_events(child)
    out = io.StringIO()
    call_command("audit", "--child", child.la_child_id, stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].split() == ["at", "username", "action", "what", "ip"]
    assert any("Viewed 3" in line and "10.0.0.7" in line for line in lines)


def test_audit_child_is_itself_recorded_as_an_export_by_the_operator(child: Person) -> None:
    call_command("audit", "--child", child.la_child_id, "--as", "dpo.jones", stdout=io.StringIO())
    row = AuditEvent.objects.latest("id")
    assert (row.action, row.username, row.child_id) == ("export", "dpo.jones", child.pk)
    assert verify_chain() == []


def test_audit_child_defaults_to_the_operating_system_user(
    child: Person, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("getpass.getuser", lambda: "ops.sam")
    call_command("audit", "--child", child.la_child_id, stdout=io.StringIO())
    assert AuditEvent.objects.latest("id").username == "ops.sam"


def test_audit_for_an_unknown_child_is_a_one_line_error(db: None) -> None:
    with pytest.raises(CommandError) as info:
        call_command("audit", "--child", "NOSUCHCHILD", stdout=io.StringIO())
    assert str(info.value) == "no child with LA child ID 'NOSUCHCHILD'"
    assert info.value.returncode == 1
    assert not AuditEvent.objects.filter(action="export").exists()


def test_audit_needs_a_child_or_verify(db: None) -> None:
    with pytest.raises(CommandError, match="--child LA_CHILD_ID"):
        call_command("audit", stdout=io.StringIO())


# --- Sign-in --------------------------------------------------------------------------------


@pytest.fixture
def karen(db: None, settings: Any) -> Any:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return get_user_model().objects.create_user("karen.lee", password=PASSWORD)


def test_a_sign_in_is_recorded(karen: Any) -> None:
    client = Client(REMOTE_ADDR="198.51.100.20")
    response = client.post(reverse("login"), {"username": "karen.lee", "password": PASSWORD})
    assert response.status_code == 302
    row = AuditEvent.objects.get(action=AuditEvent.Action.SIGN_IN)
    assert (row.username, row.ip_address) == ("karen.lee", "198.51.100.20")


def test_client_login_is_recorded(karen: Any, client: Client) -> None:
    assert client.login(username="karen.lee", password=PASSWORD)
    assert AuditEvent.objects.filter(action="sign_in", username="karen.lee").count() == 1


def test_a_failed_sign_in_is_recorded_without_the_password(karen: Any) -> None:
    client = Client(REMOTE_ADDR="198.51.100.21")
    response = client.post(reverse("login"), {"username": "karen.lee", "password": "wrong-pass"})
    assert response.status_code == 200
    row = AuditEvent.objects.get(action=AuditEvent.Action.SIGN_IN_FAILED)
    assert (row.username, row.ip_address) == ("karen.lee", "198.51.100.21")
    assert "wrong-pass" not in f"{row.what} {row.detail}"
    assert not AuditEvent.objects.filter(action="sign_in").exists()


# --- The actor ------------------------------------------------------------------------------


def _seen_by_middleware(request: HttpRequest) -> tuple[str, str]:
    seen: list[tuple[str, str]] = []

    def view(req: HttpRequest) -> HttpResponse:
        actor = current_actor()
        seen.append((actor.username, actor.ip))
        return HttpResponse()

    ActorMiddleware(view)(request)
    return seen[0]


def test_the_middleware_sets_the_signed_in_user_and_address(db: None) -> None:
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.5")
    request.user = get_user_model().objects.create_user("karen.lee")
    assert _seen_by_middleware(request) == ("karen.lee", "203.0.113.5")
    assert current_actor().ip == ""  # reset after the request


def test_the_middleware_calls_anyone_not_signed_in_anonymous() -> None:
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.6")
    request.user = AnonymousUser()
    assert _seen_by_middleware(request) == ("anonymous", "203.0.113.6")


def test_acting_as_nests_and_restores(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("getpass.getuser", lambda: "ops.sam")
    assert current_actor().username == "ops.sam"
    with acting_as("outer", "1.2.3.4"):
        with acting_as("inner"):
            assert (current_actor().username, current_actor().ip) == ("inner", "")
        assert current_actor().username == "outer"
    assert current_actor().username == "ops.sam"


def test_operator_name_is_the_as_option_else_the_operating_system_user(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("getpass.getuser", lambda: "ops.sam")
    assert operator_name({"as": "dpo.jones"}) == "dpo.jones"
    assert operator_name({"as": None}) == "ops.sam"
    assert operator_name({}) == "ops.sam"


def test_the_events_at_keeps_its_microseconds(child: Person) -> None:
    five_events(child)
    row = AuditEvent.objects.get(what="Viewed 2", child=child)
    assert row.at == at(2) and row.at - at(1) == timedelta(minutes=1)


# --- Issue 12, finding 6: a keyed chain, a head kept elsewhere, append-only in the database ---


@contextmanager
def guard_off() -> Iterator[None]:
    """Drop the database's append-only guard for this test's transaction, as someone holding
    the database owner's rights could (the rollback at the end of the test restores it)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER USER")
        else:
            for name in ("access_auditevent_no_update", "access_auditevent_no_delete"):
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
    yield


def forge_from(row: AuditEvent, what: str, key: bytes) -> None:
    """Change ``row`` and recompute the chain from it to the end with ``key``."""
    previous = row.previous_hash
    for later in AuditEvent.objects.filter(pk__gte=row.pk).order_by("id"):
        new_what = what if later.pk == row.pk else later.what
        with override_settings(SIGHTLINE_AUDIT_KEY=key):
            forged = entry_hash(
                previous,
                at=later.at,
                username=later.username,
                action=later.action,
                child_id=later.child_id,
                what=new_what,
                detail=later.detail,
                ip=later.ip_address,
            )
        raw_sql(
            f"UPDATE {TABLE} SET what = %s, previous_hash = %s, entry_hash = %s WHERE id = %s",
            [new_what, previous, forged, later.pk],
        )
        previous = forged


def verify_expecting(head: str) -> tuple[str, CommandError | None]:
    out = io.StringIO()
    try:
        call_command("audit", "verify", "--expect", head, stdout=out)
    except CommandError as error:
        return out.getvalue(), error
    return out.getvalue(), None


def test_an_edited_row_with_the_chain_recomputed_without_the_key_is_detected(
    child: Person,
) -> None:
    events = five_events(child)
    with guard_off():
        forge_from(events[1], "Nothing to see", key=b"a guess at the key")
    problems = verify_chain()
    assert problems and problems[0].row_id == events[1].pk
    _, error = audit_verify()
    assert error is not None and error.returncode == 1


@pytest.mark.parametrize("removed", [1, 3, "all"])
def test_rows_cut_from_the_end_are_detected_against_the_head_kept_elsewhere(
    child: Person, removed: int | str
) -> None:
    events = five_events(child)
    head = events[-1].entry_hash
    out, error = verify_expecting(head)
    assert error is None, out
    assert f"expected head found: row {events[-1].pk}" in out
    cut = events if removed == "all" else events[-int(removed) :]
    with guard_off():
        raw_sql(f"DELETE FROM {TABLE} WHERE id >= %s", [cut[0].pk])
    out, error = verify_expecting(head)
    assert error is not None and error.returncode == 1
    assert f"expected head {head} is not in the trail" in out


def test_an_expected_head_that_is_not_a_hash_is_a_clear_error(db: None) -> None:
    with pytest.raises(CommandError, match="--expect must be the 64-character"):
        call_command("audit", "verify", "--expect", "abc", stdout=io.StringIO())


def test_a_sign_in_later_than_the_end_of_the_trail_shows_rows_were_cut(child: Person) -> None:
    five_events(child)
    user = get_user_model().objects.create_user("karen.lee")
    get_user_model().objects.filter(pk=user.pk).update(last_login=at(30))
    with guard_off():
        raw_sql(f"DELETE FROM {TABLE}", [])
    out, error = audit_verify()
    assert error is not None and error.returncode == 1
    assert "karen.lee signed in at 2026-11-23T10:30:00" in out


def test_queryset_update_and_delete_on_the_audit_trail_are_refused(child: Person) -> None:
    five_events(child)
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(child=child).update(what="Nothing")
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(child=child).delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.bulk_create([AuditEvent(at=at(9), action="view", what="x")])
    assert AuditEvent.objects.filter(child=child, what__startswith="Viewed").count() == 5


@pytest.mark.parametrize(
    "sql",
    [f"UPDATE {TABLE} SET what = 'Nothing' WHERE id = %s", f"DELETE FROM {TABLE} WHERE id = %s"],
)
def test_the_database_refuses_to_change_or_delete_an_audit_row(child: Person, sql: str) -> None:
    row = five_events(child)[2]
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        raw_sql(sql, [row.pk])
    assert AuditEvent.objects.get(pk=row.pk).what == "Viewed 3"
    assert verify_chain() == []


def test_a_malformed_timestamp_is_reported_not_a_traceback(child: Person) -> None:
    row = five_events(child)[1]
    if connection.vendor == "postgresql":
        # The column is typed: PostgreSQL refuses the value itself.
        with pytest.raises(DatabaseError), transaction.atomic(), guard_off():
            raw_sql(f"UPDATE {TABLE} SET at = 'yesterday-ish' WHERE id = %s", [row.pk])
        return
    with guard_off():
        raw_sql(f"UPDATE {TABLE} SET at = 'yesterday-ish' WHERE id = %s", [row.pk])
    out, error = audit_verify()
    assert error is not None and error.returncode == 1
    assert out.splitlines()[0].startswith(f"row {row.pk}: at is not a date and time")


def test_checkpoint_appends_a_row_naming_the_head_and_prints_its_hash(child: Person) -> None:
    events = five_events(child)
    out = io.StringIO()
    call_command("audit", "checkpoint", "--as", "dpo.jones", stdout=out)
    row = AuditEvent.objects.latest("id")
    assert (row.action, row.username) == ("checkpoint", "dpo.jones")
    assert row.detail["head"] == events[-1].entry_hash == row.previous_hash
    assert row.entry_hash in out.getvalue()
    assert verify_expecting(row.entry_hash)[1] is None


def _sign_ins(days_ago: list[int]) -> list[AuditEvent]:
    now = timezone.now()
    with acting_as("karen.lee", "198.51.100.20"):
        return [
            audit.record(AuditEvent.Action.SIGN_IN, "Signed in", at=now - timedelta(days=d))
            for d in days_ago
        ]


def test_prune_erases_the_rows_due_and_the_chain_still_verifies(child: Person) -> None:
    old, recent = _sign_ins([3 * 366, 30])
    views = five_events(child)
    out = io.StringIO()
    call_command("audit", "prune", "--as", "dpo.jones", stdout=out)
    assert "sign_in: 1 rows erased" in out.getvalue()
    erased = AuditEvent.objects.get(pk=old.pk)
    assert (erased.username, erased.what, erased.detail, erased.ip_address) == ("", "", {}, "")
    assert (erased.at, erased.action, erased.entry_hash) == (old.at, "sign_in", old.entry_hash)
    assert erased.pruned_on == timezone.localdate()
    assert AuditEvent.objects.get(pk=recent.pk).username == "karen.lee"
    assert all(AuditEvent.objects.get(pk=v.pk).what == v.what for v in views)
    report = audit.check_chain(expect=views[-1].entry_hash)
    assert report.problems == [] and report.erased == 1 and report.expected_row == views[-1].pk
    mark = AuditEvent.objects.get(action="checkpoint")
    assert mark.detail["head"] == views[-1].entry_hash and mark.entry_hash in out.getvalue()


def test_an_erased_row_that_was_not_due_is_reported(db: None) -> None:
    recent = _sign_ins([30])[0]
    # The database lets the erasure's shape through; verify judges whether it was due.
    raw_sql(
        f"UPDATE {TABLE} SET username = '', what = '', detail = %s, ip_address = '', "
        "pruned_on = %s WHERE id = %s",
        ["{}", timezone.localdate(), recent.pk],
    )
    problems = verify_chain()
    assert [p.row_id for p in problems] == [recent.pk]
    assert "before it was due" in problems[0].problem


def test_the_database_refuses_to_erase_a_row_that_names_a_child(child: Person) -> None:
    row = five_events(child)[0]
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        raw_sql(
            f"UPDATE {TABLE} SET username = '', what = '', detail = %s, ip_address = '', "
            "child_id = NULL, pruned_on = %s WHERE id = %s",
            ["{}", timezone.localdate(), row.pk],
        )
    assert AuditEvent.objects.get(pk=row.pk).what == "Viewed 1"


@pytest.mark.parametrize(
    ("as_of", "message"),
    [
        ("2999-01-01", "in the future"),
        ("0001-01-01", "--as-of 0001-01-01: the longest retention rule"),
        ("2026-02-30", "--as-of must be a date as YYYY-MM-DD"),
    ],
)
def test_prune_refuses_a_day_it_cannot_prune_as_of(db: None, as_of: str, message: str) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("audit", "prune", "--as-of", as_of, stdout=io.StringIO())
    assert not AuditEvent.objects.exists()
