"""Retention: the schedule covers every record type about a child, and the report counts the
records due on a day from the child's birth date, set-based, with the settings' overrides."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command

from sightline.access import retention
from sightline.access.retention import (
    SCHEDULE,
    RetentionRow,
    add_years,
    due_for_review,
    latest_anchor,
    schedule,
)
from sightline.access.sar import subject_models
from sightline.care.models import PeriodOfCare
from sightline.chronology.models import CaseNote
from sightline.frontdoor.models import Contact
from sightline.people.models import Person
from sightline.protection.models import ChildProtectionPlan, Referral
from sightline.synthetic.authority import build_authority
from sightline.workforce.models import Worker
from tests.factories import ChildFactory, WorkerFactory

AS_OF = date(2026, 11, 23)
LONDON = ZoneInfo("Europe/London")

pytestmark = pytest.mark.django_db


def _records(child: Person, worker: Worker) -> None:
    """Two contacts and a case note about the child."""
    for day in (date(2012, 5, 1), date(2013, 6, 3)):
        Contact.objects.create(
            child=child,
            received_at=datetime.combine(day, datetime.min.time(), tzinfo=LONDON),
            source="1B",
        )
    CaseNote.objects.create(child=child, author=worker, written_on=date(2013, 6, 4), text="Seen.")


@pytest.fixture
def worker(db: None) -> Worker:
    made: Any = WorkerFactory()
    return made


def child_born(birth_date: date | None, **kwargs: Any) -> Person:
    made: Any = ChildFactory(birth_date=birth_date, **kwargs)
    return made


@pytest.fixture
def older(worker: Worker) -> Person:
    child = child_born(date(2000, 1, 1))
    _records(child, worker)
    return child


@pytest.fixture
def younger(worker: Worker) -> Person:
    child = child_born(date(2010, 3, 15))
    _records(child, worker)
    return child


def _rows(as_of: date = AS_OF) -> dict[str, RetentionRow]:
    return {row.record_type: row for row in due_for_review(as_of)}


def test_every_record_type_about_a_child_has_a_rule() -> None:
    entries = schedule()
    for model in subject_models():
        entry = retention.entry_for(model, entries)
        assert entry is not None, f"{model._meta.label} has no retention rule"
        assert entry["action"] in ("review", "erase")
        assert "[S" in entry["basis"] or "[U]" in entry["basis"], model._meta.label


def test_records_of_a_child_past_their_25th_birthday_are_due(older: Person) -> None:
    rows = _rows()
    assert rows["frontdoor.Contact"].count_due == 2
    assert rows["frontdoor.Contact"].earliest_due == date(2025, 1, 1)
    assert rows["chronology.CaseNote"].count_due == 1
    assert rows["people.Person"].count_due == 1
    assert rows["frontdoor.Contact"].action == "review"


def test_records_of_a_younger_child_are_not_due(younger: Person) -> None:
    rows = _rows()
    assert rows["frontdoor.Contact"].count_due == 0
    assert rows["frontdoor.Contact"].earliest_due is None
    assert rows["people.Person"].count_due == 0
    # ... until their own 25th birthday.
    assert _rows(date(2035, 3, 15))["frontdoor.Contact"].count_due == 2
    assert _rows(date(2035, 3, 14))["frontdoor.Contact"].count_due == 0


def test_only_the_older_childs_records_are_counted(older: Person, younger: Person) -> None:
    rows = _rows()
    assert rows["frontdoor.Contact"].count_due == 2
    assert rows["chronology.CaseNote"].count_due == 1


def test_a_child_born_on_29_february_is_due_on_28_february(worker: Worker) -> None:
    _records(child_born(date(2000, 2, 29)), worker)
    assert add_years(date(2000, 2, 29), 25) == date(2025, 2, 28)
    assert latest_anchor(date(2025, 2, 28), 25) == date(2000, 2, 29)
    assert _rows(date(2025, 2, 28))["frontdoor.Contact"].count_due == 2
    assert _rows(date(2025, 2, 28))["frontdoor.Contact"].earliest_due == date(2025, 2, 28)
    assert _rows(date(2025, 2, 27))["frontdoor.Contact"].count_due == 0


def test_an_unborn_childs_records_run_from_the_expected_birth_date(worker: Worker) -> None:
    unborn = child_born(None, expected_birth_date=date(2001, 6, 1))
    _records(unborn, worker)
    assert _rows(date(2026, 6, 1))["frontdoor.Contact"].count_due == 2
    assert _rows(date(2026, 5, 31))["frontdoor.Contact"].count_due == 0


def test_the_looked_after_rule_covers_every_care_record_type() -> None:
    entry = SCHEDULE["care.*"]
    assert entry["years"] == 75 and not entry.get("future") and entry["whole_case_record"]
    assert "75th birthday" in entry["rule"]
    assert "regulation 50" in entry["basis"] and "2010" in entry["basis"]
    rows = _rows()
    for label in ("care.PeriodOfCare", "care.Placement", "care.CareEpisode"):
        assert rows[label].rule == entry["rule"]
        assert not rows[label].future


def test_a_setting_overrides_an_entry(older: Person, settings: Any) -> None:
    settings.SIGHTLINE_RETENTION = {
        "frontdoor.Contact": {"years": 30, "rule": "Until the child's 30th birthday"},
        "access.Notice": None,
    }
    rows = _rows()
    assert rows["frontdoor.Contact"].count_due == 0
    assert rows["frontdoor.Contact"].rule == "Until the child's 30th birthday"
    assert rows["frontdoor.Contact"].basis == SCHEDULE["frontdoor.Contact"]["basis"]
    assert rows["chronology.CaseNote"].count_due == 1  # untouched
    assert rows["access.Notice"].action == "no rule"


def test_a_whole_case_record_rule_keeps_every_record_of_the_children_it_covers(
    older: Person, worker: Worker, settings: Any
) -> None:
    # Stand-in for the looked-after rule until the care models exist: a child protection plan
    # extends the whole case record to the 75th birthday.
    planned = child_born(date(2000, 1, 1))
    _records(planned, worker)
    referral = Referral.objects.create(child=planned, referral_date=date(2013, 6, 3), source="1B")
    ChildProtectionPlan.objects.create(
        child=planned,
        referral=referral,
        started_on=date(2013, 8, 1),
        initial_category="NEG",
        latest_category="NEG",
    )
    settings.SIGHTLINE_RETENTION = {
        "protection.ChildProtectionPlan": {"years": 75, "whole_case_record": True}
    }
    rows = _rows()
    assert rows["frontdoor.Contact"].count_due == 2  # the older child's only
    assert rows["protection.ChildProtectionPlan"].count_due == 0
    assert rows["protection.Referral"].count_due == 0
    later = _rows(date(2075, 1, 1))
    assert later["frontdoor.Contact"].count_due == 4
    assert later["frontdoor.Contact"].earliest_due == date(2025, 1, 1)


def test_a_bad_setting_is_a_one_line_command_error(settings: Any) -> None:
    settings.SIGHTLINE_RETENTION = {"frontdoor.Contact": {"action": "shred"}}
    with pytest.raises(CommandError) as error:
        call_command("retention", "report", as_of="2026-11-23")
    assert "SIGHTLINE_RETENTION['frontdoor.Contact']['action']" in str(error.value)
    assert "\n" not in str(error.value)


def test_the_report_is_one_query_per_record_type(
    older: Person, django_assert_max_num_queries: Any
) -> None:
    # One more for the audit trail's rows naming no child, all kinds at once.
    with django_assert_max_num_queries(len(subject_models()) + 1):
        due_for_review(AS_OF)


def test_the_report_agrees_with_a_child_by_child_count_on_a_synthetic_authority() -> None:
    build_authority(children=1500, seed=5, as_of=AS_OF)
    as_of = date(2043, 6, 30)
    rows = _rows(as_of)
    born = {
        pk: birth or expected
        for pk, birth, expected in Person.objects.values_list(
            "pk", "birth_date", "expected_birth_date"
        )
    }

    # A child with any care record keeps their whole case record to the 75th birthday.
    looked_after = set(PeriodOfCare.objects.values_list("child_id", flat=True))

    def due(pk: int) -> bool:
        anchor = born[pk]
        years = 75 if pk in looked_after else 25
        return anchor is not None and add_years(anchor, years) <= as_of

    for model in subject_models():
        label = model._meta.label
        pks: list[int]
        if label == "people.Person":
            pks = list(Person.objects.filter(kind="child").values_list("pk", flat=True))
        elif label in ("people.PersonDisability", "people.Relationship"):
            pks = list(model._default_manager.values_list("person_id", flat=True))
        else:
            pks = list(model._default_manager.values_list("child_id", flat=True))
        expected = sum(1 for pk in pks if due(pk))
        assert rows[label].count_due == expected, label
    assert rows["protection.Visit"].count_due > 0


def test_report_csv_has_the_header_and_iso_dates(
    older: Person, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("retention", "report", as_of="2026-11-23", format="csv")
    text = capsys.readouterr().out
    assert text.splitlines()[0] == "record_type,count_due,earliest_due,action,rule,basis"
    rows = {row["record_type"]: row for row in csv.DictReader(io.StringIO(text))}
    assert rows["frontdoor.Contact"]["count_due"] == "2"
    assert rows["frontdoor.Contact"]["earliest_due"] == "2025-01-01"
    assert rows["frontdoor.Contact"]["action"] == "review"
    assert "IRMS" in rows["frontdoor.Contact"]["basis"]
    assert rows["protection.Visit"]["earliest_due"] == ""


def test_report_table_lists_each_record_type(
    older: Person, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("retention", "report", as_of="2026-11-23")
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "Records due for review or erasure on 2026-11-23"
    contact = next(line for line in out.splitlines() if line.startswith("frontdoor.Contact"))
    assert contact.split()[1:4] == ["2", "2025-01-01", "review"]


def test_report_refuses_a_bad_date_in_one_line() -> None:
    with pytest.raises(CommandError) as error:
        call_command("retention", "report", as_of="2026-13-01")
    assert str(error.value) == "--as-of must be a date as YYYY-MM-DD; got '2026-13-01'"


@pytest.mark.parametrize("as_of", ["0001-01-01", "0024-02-29", "0075-12-31"])
def test_a_report_day_outside_the_years_a_rule_can_reach_is_a_clear_error(as_of: str) -> None:
    with pytest.raises(CommandError, match=f"--as-of {as_of}: .*year"):
        call_command("retention", "report", as_of=as_of, stdout=io.StringIO())


def test_the_last_day_of_the_calendar_is_a_report_day(db: None) -> None:
    out = io.StringIO()
    call_command("retention", "report", as_of="9999-12-31", stdout=out)
    assert out.getvalue().startswith("Records due for review or erasure on 9999-12-31")


def test_every_kind_of_audit_row_naming_no_child_has_a_rule_from_its_own_date(db: None) -> None:
    from sightline.access.models import AuditEvent

    entries = schedule()
    for action in AuditEvent.Action.values:
        entry = entries[f"access.AuditEvent:{action}"]
        assert entry["from"] == "event" and entry["basis"], action
    rows = _rows()
    audit_rows = {k: r for k, r in rows.items() if k.startswith("access.AuditEvent")}
    assert set(audit_rows) == {"access.AuditEvent"} | {
        f"access.AuditEvent:{action}" for action in AuditEvent.Action.values
    }
    assert all(r.action != "no rule" for r in audit_rows.values())


def test_sign_in_and_search_rows_are_counted_due_from_their_own_date(db: None) -> None:
    from sightline.access import audit
    from sightline.access.actor import acting_as

    with acting_as("karen.lee"):
        audit.record("sign_in", "Signed in", at=datetime(2024, 11, 23, 9, 0, tzinfo=LONDON))
        audit.record("sign_in", "Signed in", at=datetime(2024, 11, 24, 9, 0, tzinfo=LONDON))
        audit.record_search({"name": "Morgan"}, 1)
    rows = _rows()
    assert rows["access.AuditEvent:sign_in"].count_due == 1  # two years on 2026-11-23
    assert rows["access.AuditEvent:sign_in"].earliest_due == date(2026, 11, 23)
    assert rows["access.AuditEvent:search"].count_due == 0
