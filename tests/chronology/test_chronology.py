"""The child's chronology: every significant event, in the order it happened, in one query."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from sightline.chronology.models import CaseNote, ChronologyEntry
from sightline.chronology.queries import chronology_for
from sightline.chronology.services import write_case_note
from sightline.core.codes import ClosureReason, ReferralSource, Sex, SocialWorkerChangeReason
from sightline.frontdoor.models import Contact
from sightline.frontdoor.services import decide_contact, receive_contact
from sightline.people.models import Person
from sightline.people.services import register_child
from sightline.protection.models import (
    Assessment,
    ChildProtectionConference,
    Section47Enquiry,
    StrategyDiscussion,
    Visit,
)
from sightline.protection.services import (
    authorise_assessment,
    close_referral,
    complete_section47,
    hold_conference,
    hold_strategy_discussion,
    record_visit,
    start_assessment,
)
from sightline.workforce.models import Allocation, Worker
from sightline.workforce.services import allocate

pytestmark = pytest.mark.django_db

D = date.fromisoformat
LONDON = ZoneInfo("Europe/London")
TODAY = D("2026-11-23")
Kind = ChildProtectionConference.Kind
Outcome = ChildProtectionConference.Outcome


def record_a_full_journey(worker: Worker) -> Person:
    """Contact to closure through the services, each step on or after the one before."""
    child = register_child(
        given_name="Noah",
        family_name="Price",
        sex=Sex.MALE,
        birth_date=D("2021-07-19"),
        today=D("2026-03-02"),
    )
    contact = receive_contact(
        child=child,
        received_at=datetime(2026, 3, 2, 9, 5, tzinfo=LONDON),
        source=ReferralSource.A_AND_E,
        reason="Fractured arm; account does not fit the injury",
        today=TODAY,
    )
    decide_contact(
        contact=contact,
        decision=Contact.Decision.REFERRAL,
        decided_at=datetime(2026, 3, 2, 12, 30, tzinfo=LONDON),
        decided_by=worker,
        rationale="Possible non-accidental injury to a four-year-old",
        consent=Contact.Consent.DISPENSED_WITH,
        consent_dispensed_reason="Seeking consent could place the child at further risk",
        today=TODAY,
    )
    referral = contact.referral
    allocate(
        child=child,
        worker=worker,
        kind=Allocation.Kind.SOCIAL_WORKER,
        started_on=D("2026-03-02"),
        reason=SocialWorkerChangeReason.FCONTA,
        today=TODAY,
    )
    assessment = start_assessment(referral=referral, started_on=D("2026-03-02"), today=TODAY)
    discussion = hold_strategy_discussion(
        referral=referral,
        held_on=D("2026-03-05"),
        outcome=StrategyDiscussion.Outcome.SECTION_47,
        agencies=["social_care", "police", "health"],
        today=TODAY,
    )
    authorise_assessment(
        assessment=assessment,
        authorised_on=D("2026-03-16"),
        outcome=Assessment.Outcome.STRATEGY_DISCUSSION,
        factors=["18C", "3B"],
        child_seen_on=D("2026-03-03"),
        today=TODAY,
    )
    complete_section47(
        enquiry=discussion.section47_enquiry,
        completed_on=D("2026-03-19"),
        outcome=Section47Enquiry.Outcome.CONFERENCE,
        today=TODAY,
    )
    conference = hold_conference(
        kind=Kind.INITIAL,
        held_on=D("2026-03-19"),
        outcome=Outcome.PLAN,
        section47=discussion.section47_enquiry,
        category="PHY",
        today=TODAY,
    )
    hold_conference(
        kind=Kind.REVIEW,
        held_on=D("2026-06-11"),
        outcome=Outcome.END,
        plan=conference.plan,
        today=TODAY,
    )
    close_referral(
        referral=referral, closure_date=D("2026-06-11"), reason=ClosureReason.RC7, today=TODAY
    )
    return child


def test_a_full_journey_reads_back_in_the_order_it_happened(worker: Worker) -> None:
    child = record_a_full_journey(worker)

    assert [(e.occurred_on, e.event) for e in chronology_for(child.pk)] == [
        (D("2026-03-02"), "PersonRegistered"),
        (D("2026-03-02"), "ContactReceived"),
        (D("2026-03-02"), "ContactDecided"),
        (D("2026-03-02"), "ReferralOpened"),
        (D("2026-03-02"), "WorkerAllocated"),
        (D("2026-03-02"), "AssessmentStarted"),
        (D("2026-03-05"), "StrategyDiscussionHeld"),
        (D("2026-03-05"), "Section47EnquiryStarted"),
        (D("2026-03-16"), "AssessmentAuthorised"),
        (D("2026-03-19"), "Section47EnquiryCompleted"),
        (D("2026-03-19"), "ChildProtectionConferenceHeld"),
        (D("2026-03-19"), "ChildProtectionPlanStarted"),
        (D("2026-06-11"), "ChildProtectionConferenceHeld"),
        (D("2026-06-11"), "ChildProtectionPlanEnded"),
        (D("2026-06-11"), "ReferralClosed"),
    ]


def test_entries_name_their_record_and_say_what_happened(worker: Worker) -> None:
    child = record_a_full_journey(worker)
    entries = {e.event: e for e in chronology_for(child.pk)}

    referral_opened = entries["ReferralOpened"]
    assert referral_opened.record_type == "protection.Referral"
    assert referral_opened.record_id == child.referrals.get().pk
    assert referral_opened.summary == "Referral received from health: a&e"
    assert entries["ChildProtectionPlanStarted"].summary == (
        "Child protection plan started: physical abuse"
    )
    assert entries["ReferralClosed"].summary.startswith("Case closed: services ceased")


def test_an_event_recorded_late_still_reads_in_date_order(worker: Worker) -> None:
    child = record_a_full_journey(worker)
    record_visit(
        child=child,
        purpose=Visit.Purpose.CHILD_PROTECTION,
        visited_on=D("2026-04-01"),
        worker=worker,
        seen_alone=True,
        today=TODAY,
    )

    events = [(e.occurred_on, e.event) for e in chronology_for(child.pk)]
    assert (
        events.index((D("2026-04-01"), "VisitRecorded"))
        == events.index((D("2026-03-19"), "ChildProtectionPlanStarted")) + 1
    )
    assert [e.occurred_on for e in chronology_for(child.pk)] == sorted(e for e, _ in events)


def test_the_chronology_is_read_in_one_query(worker: Worker, django_assert_num_queries) -> None:
    child = record_a_full_journey(worker)
    with django_assert_num_queries(1):
        entries = list(chronology_for(child.pk))
    assert len(entries) == 15


def test_the_chronology_holds_only_that_child(worker: Worker, child: Person) -> None:
    noah = record_a_full_journey(worker)
    assert {e.child_id for e in chronology_for(noah.pk)} == {noah.pk}
    assert [e.event for e in chronology_for(child.pk)] == ["PersonRegistered"]


def test_case_notes_do_not_appear_in_the_chronology(
    child: Person, worker: Worker, today: date
) -> None:
    before = ChronologyEntry.objects.count()
    note = write_case_note(
        child=child,
        author=worker,
        written_on=today,
        kind=CaseNote.Kind.CHILDS_WORDS,
        text="Ava said she likes staying at Nan's because it is quiet.",
        today=today,
    )

    assert CaseNote.objects.get() == note
    assert ChronologyEntry.objects.count() == before
    assert "CaseNoteWritten" not in [e.event for e in chronology_for(child.pk)]
