"""Obligations open and close as the services record the journey, in the same transaction, and a
rebuild of the whole database gives exactly the rows the events gave."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command

from sightline.access.models import AuditEvent
from sightline.core.codes import AbuseCategory, ReferralSource
from sightline.core.errors import JourneyError
from sightline.frontdoor.models import Contact
from sightline.frontdoor.services import decide_contact, receive_contact
from sightline.people.models import Person
from sightline.protection.models import ChildProtectionConference, StrategyDiscussion, Visit
from sightline.protection.services import (
    hold_conference,
    hold_strategy_discussion,
    open_referral,
    record_visit,
)
from sightline.timescales.engine import rebuild
from sightline.timescales.models import Obligation
from sightline.workforce.models import Allocation, Team, Worker
from sightline.workforce.services import allocate
from tests.factories import TeamFactory, WorkerFactory

pytestmark = pytest.mark.django_db

D = date.fromisoformat
TODAY = D("2026-11-23")
LONDON = ZoneInfo("Europe/London")
Kind = ChildProtectionConference.Kind
Outcome = ChildProtectionConference.Outcome


def _rows(child: Person) -> dict[str, list[tuple[object, ...]]]:
    found: dict[str, list[tuple[object, ...]]] = {}
    for o in Obligation.objects.filter(child=child).order_by("rule", "sequence"):
        found.setdefault(o.rule, []).append((o.started_on, o.due_on, o.met_on, o.cancelled_on))
    return found


def _snapshot() -> list[tuple[object, ...]]:
    return sorted(
        Obligation.objects.values_list(
            "child_id",
            "rule",
            "subject_type",
            "subject_id",
            "sequence",
            "subject",
            "started_on",
            "due_on",
            "met_on",
            "met_in_time",
            "cancelled_on",
        )
    )


def _journey(child: Person) -> None:
    referral = open_referral(
        child=child, referral_date=D("2026-09-01"), source=ReferralSource.POLICE, today=TODAY
    )
    hold_strategy_discussion(
        referral=referral,
        held_on=D("2026-09-03"),
        outcome=StrategyDiscussion.Outcome.SECTION_47,
        today=TODAY,
    )


def test_a_referral_opens_the_assessment_clock_at_45_working_days(child: Person) -> None:
    open_referral(
        child=child, referral_date=D("2026-09-01"), source=ReferralSource.POLICE, today=TODAY
    )
    # 1 September 2026 is a Tuesday; 45 working days later (no bank holiday) is 3 November.
    assert _rows(child) == {"ASSESSMENT": [(D("2026-09-01"), D("2026-11-03"), None, None)]}


def test_an_enquiry_opens_the_conference_clock_and_the_conference_meets_it(
    child: Person,
) -> None:
    _journey(child)
    # 3 September (Thursday) + 15 working days = 24 September.
    assert _rows(child)["ICPC"] == [(D("2026-09-03"), D("2026-09-24"), None, None)]
    enquiry = child.section47_enquiries.get()
    conference = hold_conference(
        kind=Kind.INITIAL,
        held_on=D("2026-09-28"),
        outcome=Outcome.PLAN,
        section47=enquiry,
        category=AbuseCategory.NEGLECT,
        today=TODAY,
    )
    rows = _rows(child)
    assert rows["ICPC"] == [(D("2026-09-03"), D("2026-09-24"), D("2026-09-28"), None)]
    icpc = Obligation.objects.get(child=child, rule="ICPC")
    assert icpc.met_in_time is False
    assert icpc.subject == "Section 47 enquiry started 3 September 2026"
    # The plan it started opens the review, core group and visit clocks.
    assert conference.plan is not None
    assert rows["CP_REVIEW_FIRST"] == [(D("2026-09-28"), D("2026-12-28"), None, None)]
    assert rows["CORE_GROUP_FIRST"] == [(D("2026-09-28"), D("2026-10-12"), None, None)]
    assert rows["CP_VISIT"] == [(D("2026-09-28"), D("2026-10-12"), None, None)]


def test_a_strategy_discussion_decided_at_the_front_door_is_due_the_next_working_day(
    child: Person,
) -> None:
    contact = receive_contact(
        child=child,
        received_at=datetime(2026, 11, 20, 15, 0, tzinfo=LONDON),
        source=ReferralSource.POLICE,
        today=TODAY,
    )
    decide_contact(
        contact=contact,
        decision=Contact.Decision.STRATEGY,
        decided_at=datetime(2026, 11, 20, 16, 30, tzinfo=LONDON),
        decided_by=None,
        rationale="Bruising seen by the school; the child says her stepfather hit her.",
        consent=Contact.Consent.DISPENSED_WITH,
        consent_dispensed_reason="Telling the family could put the child at risk.",
        threshold=Contact.Threshold.SIGNIFICANT_HARM,
        today=TODAY,
    )
    # Friday 20 November: due Monday 23 November, open on the day.
    assert _rows(child)["STRATEGY_DISCUSSION"] == [(D("2026-11-20"), D("2026-11-23"), None, None)]
    strategy = Obligation.objects.get(child=child, rule="STRATEGY_DISCUSSION")
    assert strategy.subject == "Strategy discussion decided 20 November 2026"
    hold_strategy_discussion(
        referral=child.referrals.get(),
        held_on=D("2026-11-23"),
        requested_on=D("2026-11-20"),
        outcome=StrategyDiscussion.Outcome.SECTION_47,
        today=TODAY,
    )
    # Met in time, and counted once though the discussion records the day it was asked for.
    assert _rows(child)["STRATEGY_DISCUSSION"] == [
        (D("2026-11-20"), D("2026-11-23"), D("2026-11-23"), None)
    ]
    assert Obligation.objects.get(child=child, rule="STRATEGY_DISCUSSION").met_in_time is True
    from_events = _snapshot()
    rebuild(today=TODAY)
    assert _snapshot() == from_events


def test_a_visit_meets_the_open_visit_and_starts_the_next_from_the_day_it_happened(
    child: Person,
) -> None:
    _journey(child)
    hold_conference(
        kind=Kind.INITIAL,
        held_on=D("2026-09-28"),
        outcome=Outcome.PLAN,
        section47=child.section47_enquiries.get(),
        category=AbuseCategory.NEGLECT,
        today=TODAY,
    )
    record_visit(
        child=child, purpose=Visit.Purpose.CHILD_PROTECTION, visited_on=D("2026-10-06"), today=TODAY
    )
    assert _rows(child)["CP_VISIT"] == [
        (D("2026-09-28"), D("2026-10-12"), D("2026-10-06"), None),
        (D("2026-10-06"), D("2026-10-20"), None, None),
    ]


def test_ending_the_plan_cancels_what_it_required(child: Person) -> None:
    _journey(child)
    conference = hold_conference(
        kind=Kind.INITIAL,
        held_on=D("2026-09-28"),
        outcome=Outcome.PLAN,
        section47=child.section47_enquiries.get(),
        category=AbuseCategory.NEGLECT,
        today=TODAY,
    )
    hold_conference(
        kind=Kind.REVIEW,
        held_on=D("2026-11-20"),
        outcome=Outcome.END,
        plan=conference.plan,
        today=TODAY,
    )
    rows = _rows(child)
    assert rows["CP_REVIEW_FIRST"] == [(D("2026-09-28"), D("2026-12-28"), D("2026-11-20"), None)]
    assert rows["CP_REVIEW"] == [(D("2026-11-20"), D("2027-05-20"), None, D("2026-11-20"))]
    assert rows["CORE_GROUP_FIRST"][0][3] == D("2026-11-20")


def test_a_refused_change_leaves_the_obligations_as_they_were(child: Person) -> None:
    _journey(child)
    before = _snapshot()
    with pytest.raises(JourneyError):
        hold_conference(
            kind=Kind.INITIAL,
            held_on=D("2026-12-01"),  # in the future: refused
            outcome=Outcome.PLAN,
            section47=child.section47_enquiries.get(),
            category=AbuseCategory.NEGLECT,
            today=TODAY,
        )
    assert _snapshot() == before


def test_a_rebuild_gives_exactly_the_rows_the_events_gave(child: Person) -> None:
    _journey(child)
    hold_conference(
        kind=Kind.INITIAL,
        held_on=D("2026-09-28"),
        outcome=Outcome.PLAN,
        section47=child.section47_enquiries.get(),
        category=AbuseCategory.NEGLECT,
        today=TODAY,
    )
    for day in ("2026-10-06", "2026-10-19", "2026-11-02"):
        record_visit(
            child=child, purpose=Visit.Purpose.CHILD_PROTECTION, visited_on=D(day), today=TODAY
        )
    from_events = _snapshot()
    assert len(from_events) >= 6
    result = rebuild(today=TODAY)
    assert _snapshot() == from_events
    assert result.obligations == len(from_events)


@pytest.fixture
def allocated(child: Person) -> tuple[Worker, Team]:
    team = TeamFactory(name="Gloucester safeguarding", kind=Team.Kind.SAFEGUARDING)
    worker = WorkerFactory(team=team)
    user = worker.user or _user_for(worker)
    assert user is not None
    allocate(
        child=child,
        worker=worker,
        kind=Allocation.Kind.SOCIAL_WORKER,
        started_on=D("2026-09-01"),
        reason="FCONTA",
        today=TODAY,
    )
    return worker, team


def _user_for(worker: Worker) -> object:
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(username="pshah", password="x" * 16)
    worker.user = user
    worker.save(update_fields=["user"])
    return user


def _due_csv(*args: str) -> list[dict[str, str]]:
    out = io.StringIO()
    call_command("timescales", "due", *args, "--format", "csv", stdout=out)
    return list(csv.DictReader(io.StringIO(out.getvalue())))


def test_timescales_due_lists_open_obligations_with_status_judged_at_the_date(
    child: Person, allocated: tuple[Worker, Team]
) -> None:
    _journey(child)
    early = _due_csv("--as-of", "2026-09-10")
    assert [(r["rule"], r["status"]) for r in early] == [("ICPC", "due"), ("ASSESSMENT", "due")]
    assert list(early[0]) == [
        "la_child_id",
        "rule",
        "title",
        "subject",
        "started_on",
        "due_on",
        "met_on",
        "status",
    ]
    assert early[0]["la_child_id"] == child.la_child_id
    assert early[0]["title"] == "Initial child protection conference"
    late = _due_csv("--as-of", "2026-09-25")
    assert ("ICPC", "overdue") in [(r["rule"], r["status"]) for r in late]


def test_timescales_due_all_adds_met_and_cancelled_and_filters_by_worker_and_team(
    child: Person, allocated: tuple[Worker, Team]
) -> None:
    _worker, team = allocated
    _journey(child)
    hold_conference(
        kind=Kind.INITIAL,
        held_on=D("2026-09-21"),
        outcome=Outcome.PLAN,
        section47=child.section47_enquiries.get(),
        category=AbuseCategory.NEGLECT,
        today=TODAY,
    )
    rows = _due_csv("--as-of", "2026-10-01", "--all")
    icpc = next(r for r in rows if r["rule"] == "ICPC")
    assert (icpc["met_on"], icpc["status"]) == ("2026-09-21", "met_in_time")
    assert not any(r["rule"] == "ICPC" for r in _due_csv("--as-of", "2026-10-01"))
    assert _due_csv("--as-of", "2026-10-01", "--worker", "pshah")
    assert _due_csv("--as-of", "2026-10-01", "--team", team.name)
    other = TeamFactory(name="Cheltenham safeguarding", kind=Team.Kind.SAFEGUARDING)
    assert _due_csv("--as-of", "2026-10-01", "--team", str(other.pk)) == []
    assert AuditEvent.objects.filter(action="export", what__startswith="Timescales due").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["due"], "give --as-of"),
        (["due", "--as-of", "23/11/2026"], "--as-of must be a date"),
        (["due", "--as-of", "2026-11-23", "--team", "Nowhere"], "no team named"),
        (["due", "--as-of", "2026-11-23", "--worker", "nobody"], "no worker"),
        (["timeliness", "--from", "2026-11-23", "--to", "2026-01-01"], "--to not before"),
    ],
)
def test_timescales_command_refuses_bad_input_with_a_one_line_error(
    db: None, args: list[str], message: str
) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("timescales", *args)


def test_timeliness_counts_per_rule_those_met_in_time_of_those_that_fell_due(
    child: Person,
) -> None:
    from sightline.timescales.queries import timeliness
    from tests.factories import ChildFactory

    _journey(child)  # strategy discussion 3 September: conference due 24 September
    hold_conference(
        kind=Kind.INITIAL,
        held_on=D("2026-09-28"),  # late
        outcome=Outcome.NO_PLAN,
        section47=child.section47_enquiries.get(),
        today=TODAY,
    )
    other = ChildFactory()
    _journey(other)
    hold_conference(
        kind=Kind.INITIAL,
        held_on=D("2026-09-17"),  # in time
        outcome=Outcome.NO_PLAN,
        section47=other.section47_enquiries.get(),
        today=TODAY,
    )
    figures = {t.rule: t for t in timeliness(D("2026-09-01"), D("2026-09-30"))}
    assert (figures["ICPC"].fell_due, figures["ICPC"].met_in_time) == (2, 1)
    assert figures["ICPC"].share == 0.5
    assert figures["CARE_PROCEEDINGS"].share is None  # nothing fell due
    out = io.StringIO()
    call_command(
        "timescales", "timeliness", "--from", "2026-09-01", "--to", "2026-09-30", stdout=out
    )
    assert any(line.startswith("ICPC") and "50.0%" in line for line in out.getvalue().splitlines())


def test_the_rebuild_recreates_the_models_indexes(child: Person) -> None:
    from django.db import connection

    from sightline.timescales.engine import SECONDARY_INDEXES

    assert set(SECONDARY_INDEXES) == {index.name for index in Obligation._meta.indexes}
    _journey(child)
    rebuild(today=TODAY)
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, Obligation._meta.db_table)
    assert set(SECONDARY_INDEXES) <= {name for name, c in found.items() if c["index"]}


def test_rebuilding_some_children_gives_the_rows_the_events_gave_and_leaves_others(
    child: Person,
) -> None:
    from sightline.timescales.engine import rebuild_for
    from tests.factories import ChildFactory

    _journey(child)
    other = ChildFactory()
    _journey(other)
    before = _snapshot()
    Obligation.objects.filter(child=child).delete()
    assert rebuild_for([child.pk], today=TODAY) == sum(1 for row in before if row[0] == child.pk)
    assert _snapshot() == before
