"""The records the statutory timescales need: core group meetings, child in need meetings and
reviews, allegations to the LADO, private fostering arrangements and care proceedings.

Each rule has a test; every refusal is checked to write nothing (the ``refused`` fixture). The
child (born 12 April 2019) is referred on 1 September 2026; today is 23 November 2026.
"""

from __future__ import annotations

from datetime import date

import pytest

from sightline.access.models import AuditEvent
from sightline.chronology.models import ChronologyEntry
from sightline.chronology.queries import chronology_for
from sightline.core.codes import ClosureReason, Disability, Ethnicity, ReferralSource, Sex
from sightline.core.events import EventName
from sightline.people.models import Person
from sightline.people.services import record_death, register_adult, register_child
from sightline.protection.models import (
    AllegationToLADO,
    CareProceedings,
    ChildInNeedMeeting,
    ChildInNeedPlan,
    ChildProtectionConference,
    ChildProtectionPlan,
    CoreGroupMeeting,
    PreProceedings,
    PrivateFosteringArrangement,
    Referral,
    StrategyDiscussion,
    Visit,
)
from sightline.protection.services import (
    close_referral,
    conclude_allegation,
    conclude_care_proceedings,
    end_cin_plan,
    end_pre_proceedings,
    end_private_fostering,
    hold_cin_meeting,
    hold_conference,
    hold_core_group_meeting,
    hold_strategy_discussion,
    issue_care_proceedings,
    notify_private_fostering,
    open_referral,
    record_allegation,
    record_visit,
    start_cin_plan,
    start_pre_proceedings,
)
from sightline.workforce.models import Worker

pytestmark = pytest.mark.django_db

D = date.fromisoformat
TODAY = D("2026-11-23")
Kind = ChildProtectionConference.Kind
Outcome = ChildProtectionConference.Outcome
MeetingKind = ChildInNeedMeeting.Kind
EndReason = PrivateFosteringArrangement.EndReason
Order = CareProceedings.Outcome


@pytest.fixture
def referral(child: Person) -> Referral:
    return open_referral(
        child=child, referral_date=D("2026-09-01"), source=ReferralSource.POLICE, today=TODAY
    )


@pytest.fixture
def cp_plan(referral: Referral) -> ChildProtectionPlan:
    """A plan from the initial conference on 15 September 2026 to the review on 10 November."""
    discussion = hold_strategy_discussion(
        referral=referral,
        held_on=D("2026-09-03"),
        outcome=StrategyDiscussion.Outcome.SECTION_47,
        today=TODAY,
    )
    conference = hold_conference(
        kind=Kind.INITIAL,
        held_on=D("2026-09-15"),
        outcome=Outcome.PLAN,
        section47=discussion.section47_enquiry,
        category="NEG",
        today=TODAY,
    )
    assert conference.plan is not None
    hold_conference(
        kind=Kind.REVIEW,
        held_on=D("2026-11-10"),
        outcome=Outcome.END,
        plan=conference.plan,
        today=TODAY,
    )
    conference.plan.refresh_from_db()
    return conference.plan


@pytest.fixture
def cin_plan(referral: Referral) -> ChildInNeedPlan:
    """A child in need plan from 1 October to 31 October 2026."""
    plan = start_cin_plan(referral=referral, started_on=D("2026-10-01"), today=TODAY)
    return end_cin_plan(plan=plan, ended_on=D("2026-10-31"), today=TODAY)


def latest_entry(child: Person) -> ChronologyEntry:
    entry = chronology_for(child.pk).order_by("-id").first()
    assert entry is not None
    return entry


def assert_in_chronology(
    child: Person, record: object, name: EventName, on: str, summary: str
) -> None:
    """The event is the child's latest chronology entry and audit 'change', about ``record``."""
    entry = ChronologyEntry.objects.get(
        child=child,
        event=str(name),
        record_type=record._meta.label,  # type: ignore[attr-defined]
        record_id=record.pk,  # type: ignore[attr-defined]
    )
    assert (entry.occurred_on, entry.summary) == (D(on), summary)
    assert AuditEvent.objects.filter(
        child_id=child.pk, action=AuditEvent.Action.CHANGE, what=f"{name}: {summary}"
    ).exists()


# --- Core group meetings --------------------------------------------------------------------


def test_a_core_group_meeting_is_recorded_in_the_chronology(
    cp_plan: ChildProtectionPlan, child: Person, worker: Worker
) -> None:
    meeting = hold_core_group_meeting(
        plan=cp_plan, held_on=D("2026-09-29"), chair=worker, today=TODAY
    )
    assert (meeting.child, meeting.child_protection_plan, meeting.chair) == (
        child,
        cp_plan,
        worker,
    )
    assert_in_chronology(
        child, meeting, EventName.CORE_GROUP_MEETING_HELD, "2026-09-29", "Core group meeting held"
    )


@pytest.mark.parametrize("held", ["2026-09-15", "2026-11-10"])
def test_a_core_group_meeting_on_the_first_or_last_day_of_the_plan_is_accepted(
    cp_plan: ChildProtectionPlan, held: str
) -> None:
    hold_core_group_meeting(plan=cp_plan, held_on=D(held), today=TODAY)
    assert CoreGroupMeeting.objects.get().held_on == D(held)


@pytest.mark.parametrize("held", ["2026-09-14", "2026-11-11"])
def test_a_core_group_meeting_outside_the_plan_is_refused(
    cp_plan: ChildProtectionPlan, refused, held: str
) -> None:
    with refused("Core group meeting", "held_on"):
        hold_core_group_meeting(plan=cp_plan, held_on=D(held), today=TODAY)


def test_a_core_group_meeting_in_the_future_is_refused(referral: Referral, refused) -> None:
    discussion = hold_strategy_discussion(
        referral=referral,
        held_on=D("2026-09-03"),
        outcome=StrategyDiscussion.Outcome.SECTION_47,
        today=TODAY,
    )
    plan = hold_conference(
        kind=Kind.INITIAL,
        held_on=D("2026-09-15"),
        outcome=Outcome.PLAN,
        section47=discussion.section47_enquiry,
        category="PHY",
        today=TODAY,
    ).plan
    assert plan is not None
    with refused("Core group meeting", "held_on"):
        hold_core_group_meeting(plan=plan, held_on=D("2026-11-24"), today=TODAY)
    hold_core_group_meeting(plan=plan, held_on=D("2026-11-23"), today=TODAY)


def test_a_second_core_group_meeting_on_the_same_day_is_refused(
    cp_plan: ChildProtectionPlan, refused
) -> None:
    hold_core_group_meeting(plan=cp_plan, held_on=D("2026-09-29"), today=TODAY)
    with refused("Core group meeting", "held_on"):
        hold_core_group_meeting(plan=cp_plan, held_on=D("2026-09-29"), today=TODAY)


# --- Child in need meetings and reviews -----------------------------------------------------


def test_a_cin_meeting_and_a_plan_review_are_recorded_in_the_chronology(
    cin_plan: ChildInNeedPlan, child: Person
) -> None:
    meeting = hold_cin_meeting(plan=cin_plan, held_on=D("2026-10-08"), today=TODAY)
    review = hold_cin_meeting(
        plan=cin_plan, held_on=D("2026-10-08"), kind=MeetingKind.REVIEW, today=TODAY
    )
    assert (meeting.kind, review.kind) == (MeetingKind.MEETING, MeetingKind.REVIEW)
    assert meeting.child == review.child == child
    assert_in_chronology(
        child,
        meeting,
        EventName.CHILD_IN_NEED_MEETING_HELD,
        "2026-10-08",
        "Child in need meeting held",
    )
    assert_in_chronology(
        child,
        review,
        EventName.CHILD_IN_NEED_MEETING_HELD,
        "2026-10-08",
        "Child in need plan review held",
    )


@pytest.mark.parametrize("held", ["2026-09-30", "2026-11-01"])
def test_a_cin_meeting_outside_the_plan_is_refused(
    cin_plan: ChildInNeedPlan, refused, held: str
) -> None:
    with refused("Child in need meeting", "held_on"):
        hold_cin_meeting(plan=cin_plan, held_on=D(held), today=TODAY)


def test_a_cin_meeting_in_the_future_is_refused(referral: Referral, refused) -> None:
    plan = start_cin_plan(referral=referral, started_on=D("2026-10-01"), today=TODAY)
    with refused("Child in need meeting", "held_on"):
        hold_cin_meeting(plan=plan, held_on=D("2026-11-24"), today=TODAY)


def test_a_cin_meeting_of_an_unknown_kind_is_refused(cin_plan: ChildInNeedPlan, refused) -> None:
    with refused("Child in need meeting", "kind"):
        hold_cin_meeting(plan=cin_plan, held_on=D("2026-10-08"), kind="conference", today=TODAY)


def test_a_second_cin_review_on_the_same_day_is_refused(cin_plan: ChildInNeedPlan, refused) -> None:
    hold_cin_meeting(plan=cin_plan, held_on=D("2026-10-08"), kind=MeetingKind.REVIEW, today=TODAY)
    with refused("Child in need meeting", "held_on"):
        hold_cin_meeting(
            plan=cin_plan, held_on=D("2026-10-08"), kind=MeetingKind.REVIEW, today=TODAY
        )


# --- Allegations to the LADO ----------------------------------------------------------------


def allegation(child: Person, **kwargs: object) -> AllegationToLADO:
    values: dict[str, object] = {
        "child": child,
        "subject_role": "Football coach",
        "subject_employer": "Stroud Youth FC",
        "came_to_attention_on": D("2026-10-05"),
        "referred_on": D("2026-10-06"),
        "today": TODAY,
    }
    return record_allegation(**{**values, **kwargs})  # type: ignore[arg-type]


def test_an_allegation_and_its_conclusion_are_recorded_in_the_chronology(
    child: Person, worker: Worker
) -> None:
    adult = register_adult(given_name="Dan", family_name="Cole", today=TODAY)
    a = allegation(child, subject_person=adult, received_by=worker)
    assert (a.subject_role, a.subject_employer, a.subject_person, a.received_by) == (
        "Football coach",
        "Stroud Youth FC",
        adult,
        worker,
    )
    assert_in_chronology(
        child,
        a,
        EventName.LADO_ALLEGATION_RECORDED,
        "2026-10-06",
        "Allegation against a person working with the child (Football coach) referred to the LADO",
    )
    conclude_allegation(
        allegation=a,
        concluded_on=D("2026-11-02"),
        outcome=AllegationToLADO.Outcome.UNSUBSTANTIATED,
        today=TODAY,
    )
    a.refresh_from_db()
    assert (a.concluded_on, a.outcome) == (D("2026-11-02"), "unsubstantiated")
    assert_in_chronology(
        child,
        a,
        EventName.LADO_ALLEGATION_CONCLUDED,
        "2026-11-02",
        "Allegation to the LADO concluded: unsubstantiated",
    )


def test_the_lado_outcomes_are_the_standard_five() -> None:
    assert AllegationToLADO.Outcome.values == [
        "substantiated",
        "unsubstantiated",
        "false",
        "malicious",
        "unfounded",
    ]


def test_an_allegation_referred_the_day_it_came_to_attention_is_accepted(child: Person) -> None:
    a = allegation(child, came_to_attention_on=D("2026-10-06"))
    assert a.came_to_attention_on == a.referred_on


def test_an_allegation_referred_before_it_came_to_attention_is_refused(
    child: Person, refused
) -> None:
    with refused("Allegation to the LADO", "referred_on"):
        allegation(child, came_to_attention_on=D("2026-10-07"))


@pytest.mark.parametrize("field", ["came_to_attention_on", "referred_on"])
def test_an_allegation_dated_in_the_future_is_refused(child: Person, refused, field: str) -> None:
    with refused("Allegation to the LADO", field):
        allegation(child, **{field: D("2026-11-24")})


def test_an_allegation_without_the_role_is_refused(child: Person, refused) -> None:
    with refused("Allegation to the LADO", "subject_role"):
        allegation(child, subject_role="  ")


def test_an_allegation_about_a_child_as_the_subject_is_refused(child: Person, refused) -> None:
    other = register_child(
        given_name="Leo", family_name="Hart", birth_date=D("2012-01-01"), today=TODAY
    )
    with refused("Allegation to the LADO", "subject_person"):
        allegation(child, subject_person=other)


def test_an_allegation_concerning_an_adult_is_refused(refused) -> None:
    adult = register_adult(given_name="Sam", family_name="Reed", today=TODAY)
    with refused("Allegation to the LADO", "child"):
        allegation(adult)


def test_concluding_an_allegation_before_the_referral_is_refused(child: Person, refused) -> None:
    a = allegation(child)
    with refused("Allegation to the LADO", "concluded_on"):
        conclude_allegation(
            allegation=a, concluded_on=D("2026-10-05"), outcome="unfounded", today=TODAY
        )


def test_concluding_an_allegation_in_the_future_is_refused(child: Person, refused) -> None:
    a = allegation(child)
    with refused("Allegation to the LADO", "concluded_on"):
        conclude_allegation(
            allegation=a, concluded_on=D("2026-11-24"), outcome="unfounded", today=TODAY
        )


def test_concluding_an_allegation_without_a_known_outcome_is_refused(
    child: Person, refused
) -> None:
    a = allegation(child)
    with refused("Allegation to the LADO", "outcome"):
        conclude_allegation(
            allegation=a, concluded_on=D("2026-10-20"), outcome="proven", today=TODAY
        )


def test_concluding_an_allegation_twice_is_refused(child: Person, refused) -> None:
    a = allegation(child)
    conclude_allegation(allegation=a, concluded_on=D("2026-10-20"), outcome="false", today=TODAY)
    with refused("Allegation to the LADO", "concluded_on"):
        conclude_allegation(
            allegation=a, concluded_on=D("2026-10-21"), outcome="malicious", today=TODAY
        )


# --- Private fostering ----------------------------------------------------------------------


def notified(child: Person, **kwargs: object) -> PrivateFosteringArrangement:
    values: dict[str, object] = {
        "child": child,
        "carer_name": "Mrs J Okafor",
        "notified_on": D("2026-09-07"),
        "arrangement_started_on": D("2026-09-01"),
        "today": TODAY,
    }
    return notify_private_fostering(**{**values, **kwargs})  # type: ignore[arg-type]


def test_a_private_fostering_arrangement_and_its_end_are_recorded_in_the_chronology(
    child: Person,
) -> None:
    arrangement = notified(child)
    assert_in_chronology(
        child,
        arrangement,
        EventName.PRIVATE_FOSTERING_NOTIFIED,
        "2026-09-07",
        "Private fostering arrangement notified",
    )
    end_private_fostering(
        arrangement=arrangement,
        ended_on=D("2026-11-20"),
        reason=EndReason.RETURNED_HOME,
        today=TODAY,
    )
    arrangement.refresh_from_db()
    assert (arrangement.ended_on, arrangement.end_reason) == (D("2026-11-20"), "returned_home")
    assert_in_chronology(
        child,
        arrangement,
        EventName.PRIVATE_FOSTERING_ENDED,
        "2026-11-20",
        "Private fostering arrangement ended: returned to a parent or person with parental "
        "responsibility",
    )


def test_a_proposed_arrangement_may_start_after_today(child: Person) -> None:
    arrangement = notified(
        child, notified_on=D("2026-11-20"), arrangement_started_on=D("2027-01-04")
    )
    assert arrangement.arrangement_started_on == D("2027-01-04")
    assert latest_entry(child).summary == (
        "Proposed private fostering arrangement notified (to start 4 January 2027)"
    )


def test_a_carer_recorded_as_a_person_is_accepted(child: Person) -> None:
    carer = register_adult(given_name="Grace", family_name="Okafor", today=TODAY)
    arrangement = notified(child, carer_name="", carer=carer)
    assert arrangement.carer == carer


def test_an_arrangement_without_a_carer_is_refused(child: Person, refused) -> None:
    with refused("Private fostering arrangement", "carer_name"):
        notified(child, carer_name=" ")


def test_a_child_as_their_own_carer_is_refused(child: Person, refused) -> None:
    with refused("Private fostering arrangement", "carer"):
        notified(child, carer=child)


def test_a_notification_in_the_future_is_refused(child: Person, refused) -> None:
    with refused("Private fostering arrangement", "notified_on"):
        notified(child, notified_on=D("2026-11-24"), arrangement_started_on=D("2027-01-04"))


def test_an_arrangement_starting_before_the_child_was_born_is_refused(
    child: Person, refused
) -> None:
    with refused("Private fostering arrangement", "arrangement_started_on"):
        notified(child, arrangement_started_on=D("2019-04-11"))


def test_private_fostering_is_for_children_under_16_or_under_18_if_disabled(refused) -> None:
    def sixteen_year_old(disabilities: list[str]) -> Person:
        return register_child(
            given_name="Mia",
            family_name="Lund",
            sex=Sex.FEMALE,
            ethnicity=Ethnicity.WBRI,
            birth_date=D("2010-08-31"),
            disabilities=disabilities,
            today=TODAY,
        )

    for not_disabled in ([], [Disability.NONE]):
        sixteen = sixteen_year_old(not_disabled)
        with refused("Private fostering arrangement", "arrangement_started_on"):
            notified(sixteen)
    disabled = sixteen_year_old([Disability.LD])
    assert notified(disabled).child == disabled
    # The day before the 16th birthday is still under 16.
    assert notified(sixteen_year_old([]), arrangement_started_on=D("2026-08-30")).pk


def test_a_second_open_arrangement_is_refused(child: Person, refused) -> None:
    notified(child)
    with refused("Private fostering arrangement", "notified_on"):
        notified(child, notified_on=D("2026-10-01"), arrangement_started_on=D("2026-10-01"))


def test_a_notification_before_the_previous_arrangement_ended_is_refused(
    child: Person, refused
) -> None:
    end_private_fostering(
        arrangement=notified(child), ended_on=D("2026-10-01"), reason="other", today=TODAY
    )
    with refused("Private fostering arrangement", "notified_on"):
        notified(child, notified_on=D("2026-09-30"), arrangement_started_on=D("2026-10-02"))
    assert notified(child, notified_on=D("2026-10-01"), arrangement_started_on=D("2026-10-02")).pk


def test_ending_an_arrangement_before_it_started_is_refused(child: Person, refused) -> None:
    arrangement = notified(
        child, notified_on=D("2026-09-07"), arrangement_started_on=D("2026-10-19")
    )
    with refused("Private fostering arrangement", "ended_on"):
        end_private_fostering(
            arrangement=arrangement, ended_on=D("2026-10-18"), reason="age", today=TODAY
        )


def test_ending_an_arrangement_before_its_notification_is_refused(child: Person, refused) -> None:
    arrangement = notified(child)
    with refused("Private fostering arrangement", "ended_on"):
        end_private_fostering(
            arrangement=arrangement, ended_on=D("2026-09-06"), reason="other", today=TODAY
        )


def test_ending_an_arrangement_in_the_future_is_refused(child: Person, refused) -> None:
    arrangement = notified(child)
    with refused("Private fostering arrangement", "ended_on"):
        end_private_fostering(
            arrangement=arrangement, ended_on=D("2026-11-24"), reason="other", today=TODAY
        )


def test_ending_an_arrangement_twice_is_refused(child: Person, refused) -> None:
    arrangement = notified(child)
    end_private_fostering(
        arrangement=arrangement, ended_on=D("2026-10-01"), reason="other", today=TODAY
    )
    with refused("Private fostering arrangement", "ended_on"):
        end_private_fostering(
            arrangement=arrangement, ended_on=D("2026-10-02"), reason="other", today=TODAY
        )


def test_ending_an_arrangement_without_a_known_reason_is_refused(child: Person, refused) -> None:
    arrangement = notified(child)
    with refused("Private fostering arrangement", "end_reason"):
        end_private_fostering(
            arrangement=arrangement, ended_on=D("2026-10-01"), reason="", today=TODAY
        )


def test_a_proposed_arrangement_that_did_not_go_ahead_ends_before_its_start(
    child: Person, refused
) -> None:
    arrangement = notified(
        child, notified_on=D("2026-09-07"), arrangement_started_on=D("2026-10-19")
    )
    with refused("Private fostering arrangement", "ended_on"):
        end_private_fostering(
            arrangement=arrangement,
            ended_on=D("2026-10-20"),
            reason=EndReason.DID_NOT_START,
            today=TODAY,
        )
    end_private_fostering(
        arrangement=arrangement,
        ended_on=D("2026-10-01"),
        reason=EndReason.DID_NOT_START,
        today=TODAY,
    )
    assert latest_entry(child).summary == (
        "Private fostering arrangement ended: the proposed arrangement did not go ahead"
    )


def test_an_arrangement_that_had_started_cannot_not_go_ahead(child: Person, refused) -> None:
    arrangement = notified(child)  # started before it was notified
    with refused("Private fostering arrangement", "end_reason"):
        end_private_fostering(
            arrangement=arrangement,
            ended_on=D("2026-10-01"),
            reason=EndReason.DID_NOT_START,
            today=TODAY,
        )


def test_a_private_fostering_visit_needs_an_arrangement_notified_and_not_ended(
    child: Person, refused
) -> None:
    def visit(on: str) -> Visit:
        return record_visit(
            child=child, purpose=Visit.Purpose.PRIVATE_FOSTERING, visited_on=D(on), today=TODAY
        )

    with refused("Visit", "purpose"):
        visit("2026-09-10")  # no arrangement at all
    arrangement = notified(child)  # notified 7 September
    end_private_fostering(
        arrangement=arrangement, ended_on=D("2026-11-02"), reason="age", today=TODAY
    )
    for outside in ("2026-09-06", "2026-11-03"):
        with refused("Visit", "purpose"):
            visit(outside)
    for inside in ("2026-09-07", "2026-11-02"):
        visit(inside)
    assert Visit.objects.filter(purpose=Visit.Purpose.PRIVATE_FOSTERING).count() == 2


def test_a_private_fostering_visit_before_a_proposed_arrangement_starts_is_accepted(
    child: Person,
) -> None:
    """Reg. 4: the officer visits soon after the notice, before a proposed arrangement starts."""
    notified(child, notified_on=D("2026-11-02"), arrangement_started_on=D("2026-12-14"))
    visit = record_visit(
        child=child,
        purpose=Visit.Purpose.PRIVATE_FOSTERING,
        visited_on=D("2026-11-06"),
        today=TODAY,
    )
    assert latest_entry(child).record_id == visit.pk


# --- Care proceedings -----------------------------------------------------------------------


def test_care_proceedings_issued_and_concluded_are_recorded_in_the_chronology(
    child: Person,
) -> None:
    proceedings = issue_care_proceedings(
        child=child, issued_on=D("2026-06-01"), court="Family Court at Gloucester", today=TODAY
    )
    assert_in_chronology(
        child,
        proceedings,
        EventName.CARE_PROCEEDINGS_ISSUED,
        "2026-06-01",
        "Care proceedings issued in Family Court at Gloucester",
    )
    conclude_care_proceedings(
        proceedings=proceedings,
        concluded_on=D("2026-11-20"),
        outcome=Order.SUPERVISION_ORDER,
        today=TODAY,
    )
    proceedings.refresh_from_db()
    assert (proceedings.concluded_on, proceedings.outcome) == (D("2026-11-20"), "supervision_order")
    assert_in_chronology(
        child,
        proceedings,
        EventName.CARE_PROCEEDINGS_CONCLUDED,
        "2026-11-20",
        "Care proceedings concluded: supervision order",
    )


def test_issuing_after_pre_proceedings_ends_them_that_day(
    referral: Referral, child: Person
) -> None:
    pre = start_pre_proceedings(
        referral=referral,
        started_on=D("2026-09-10"),
        letter_sent_on=D("2026-09-14"),
        today=TODAY,
    )
    proceedings = issue_care_proceedings(
        child=child, issued_on=D("2026-11-16"), pre_proceedings=pre, today=TODAY
    )
    pre.refresh_from_db()
    assert proceedings.pre_proceedings == pre
    assert (pre.ended_on, pre.outcome) == (
        D("2026-11-16"),
        PreProceedings.Outcome.PROCEEDINGS_ISSUED,
    )
    assert list(
        ChronologyEntry.objects.filter(occurred_on=D("2026-11-16")).values_list("event", flat=True)
    ) == [EventName.CARE_PROCEEDINGS_ISSUED, EventName.PRE_PROCEEDINGS_ENDED]


def test_issuing_after_ended_pre_proceedings_links_them_unchanged(
    referral: Referral, child: Person
) -> None:
    pre = start_pre_proceedings(referral=referral, started_on=D("2026-09-10"), today=TODAY)
    end_pre_proceedings(
        pre=pre, ended_on=D("2026-10-01"), outcome=PreProceedings.Outcome.STEPPED_DOWN, today=TODAY
    )
    issue_care_proceedings(child=child, issued_on=D("2026-11-16"), pre_proceedings=pre, today=TODAY)
    pre.refresh_from_db()
    assert (pre.ended_on, pre.outcome) == (D("2026-10-01"), "stepped_down")


def test_issuing_before_the_pre_proceedings_is_refused(
    referral: Referral, child: Person, refused
) -> None:
    pre = start_pre_proceedings(referral=referral, started_on=D("2026-09-10"), today=TODAY)
    with refused("Care proceedings", "issued_on"):
        issue_care_proceedings(
            child=child, issued_on=D("2026-09-09"), pre_proceedings=pre, today=TODAY
        )


def test_issuing_with_another_childs_pre_proceedings_is_refused(
    referral: Referral, refused
) -> None:
    pre = start_pre_proceedings(referral=referral, started_on=D("2026-09-10"), today=TODAY)
    other = register_child(
        given_name="Leo", family_name="Hart", birth_date=D("2020-01-01"), today=TODAY
    )
    with refused("Care proceedings", "pre_proceedings"):
        issue_care_proceedings(
            child=other, issued_on=D("2026-10-09"), pre_proceedings=pre, today=TODAY
        )


def test_issuing_in_the_future_is_refused(child: Person, refused) -> None:
    with refused("Care proceedings", "issued_on"):
        issue_care_proceedings(child=child, issued_on=D("2026-11-24"), today=TODAY)


def test_a_second_open_proceedings_is_refused(child: Person, refused) -> None:
    issue_care_proceedings(child=child, issued_on=D("2026-06-01"), today=TODAY)
    with refused("Care proceedings", "issued_on"):
        issue_care_proceedings(child=child, issued_on=D("2026-10-01"), today=TODAY)


def test_new_proceedings_before_the_previous_concluded_are_refused(child: Person, refused) -> None:
    first = issue_care_proceedings(child=child, issued_on=D("2026-03-02"), today=TODAY)
    conclude_care_proceedings(
        proceedings=first, concluded_on=D("2026-06-01"), outcome=Order.WITHDRAWN, today=TODAY
    )
    with refused("Care proceedings", "issued_on"):
        issue_care_proceedings(child=child, issued_on=D("2026-05-29"), today=TODAY)
    assert issue_care_proceedings(child=child, issued_on=D("2026-06-01"), today=TODAY).pk


def test_proceedings_for_an_unborn_child_are_refused(refused) -> None:
    unborn = register_child(
        given_name="Baby",
        family_name="Morgan",
        expected_birth_date=D("2027-01-10"),
        today=TODAY,
    )
    with refused("Care proceedings", "issued_on"):
        issue_care_proceedings(child=unborn, issued_on=D("2026-11-20"), today=TODAY)


def test_proceedings_for_a_child_of_17_are_refused(refused) -> None:
    older = register_child(
        given_name="Kai", family_name="Ross", birth_date=D("2009-11-20"), today=TODAY
    )
    with refused("Care proceedings", "issued_on"):
        issue_care_proceedings(child=older, issued_on=D("2026-11-20"), today=TODAY)
    assert issue_care_proceedings(child=older, issued_on=D("2026-11-19"), today=TODAY).pk


def test_proceedings_after_the_child_died_are_refused(child: Person, refused) -> None:
    record_death(person=child, death_date=D("2026-10-01"), today=TODAY)
    child.refresh_from_db()
    with refused("Care proceedings", "issued_on"):
        issue_care_proceedings(child=child, issued_on=D("2026-10-02"), today=TODAY)


def test_proceedings_about_an_adult_are_refused(refused) -> None:
    adult = register_adult(given_name="Sam", family_name="Reed", today=TODAY)
    with refused("Care proceedings", "child"):
        issue_care_proceedings(child=adult, issued_on=D("2026-10-02"), today=TODAY)


def test_concluding_before_the_issue_date_is_refused(child: Person, refused) -> None:
    proceedings = issue_care_proceedings(child=child, issued_on=D("2026-06-01"), today=TODAY)
    with refused("Care proceedings", "concluded_on"):
        conclude_care_proceedings(
            proceedings=proceedings,
            concluded_on=D("2026-05-31"),
            outcome=Order.CARE_ORDER,
            today=TODAY,
        )
    conclude_care_proceedings(
        proceedings=proceedings,
        concluded_on=D("2026-06-01"),
        outcome=Order.NO_ORDER,
        today=TODAY,
    )


def test_concluding_in_the_future_is_refused(child: Person, refused) -> None:
    proceedings = issue_care_proceedings(child=child, issued_on=D("2026-06-01"), today=TODAY)
    with refused("Care proceedings", "concluded_on"):
        conclude_care_proceedings(
            proceedings=proceedings,
            concluded_on=D("2026-11-24"),
            outcome=Order.CARE_ORDER,
            today=TODAY,
        )


def test_concluding_without_a_known_outcome_is_refused(child: Person, refused) -> None:
    proceedings = issue_care_proceedings(child=child, issued_on=D("2026-06-01"), today=TODAY)
    with refused("Care proceedings", "outcome"):
        conclude_care_proceedings(
            proceedings=proceedings,
            concluded_on=D("2026-11-02"),
            outcome="adoption",
            today=TODAY,
        )


def test_concluding_twice_is_refused(child: Person, refused) -> None:
    proceedings = issue_care_proceedings(child=child, issued_on=D("2026-06-01"), today=TODAY)
    conclude_care_proceedings(
        proceedings=proceedings,
        concluded_on=D("2026-11-02"),
        outcome=Order.SPECIAL_GUARDIANSHIP_ORDER,
        today=TODAY,
    )
    with refused("Care proceedings", "concluded_on"):
        conclude_care_proceedings(
            proceedings=proceedings,
            concluded_on=D("2026-11-03"),
            outcome=Order.CARE_ORDER,
            today=TODAY,
        )


# --- With the rest of the journey -----------------------------------------------------------


def test_closing_the_referral_leaves_the_meetings_in_the_chronology(
    referral: Referral, cp_plan: ChildProtectionPlan, child: Person
) -> None:
    hold_core_group_meeting(plan=cp_plan, held_on=D("2026-09-29"), today=TODAY)
    close_referral(
        referral=referral, closure_date=D("2026-11-20"), reason=ClosureReason.RC7, today=TODAY
    )
    # A meeting held while the plan was open may still be recorded after the case closed.
    hold_core_group_meeting(plan=cp_plan, held_on=D("2026-10-27"), today=TODAY)
    events = list(chronology_for(child.pk).values_list("event", flat=True))
    assert events.count(EventName.CORE_GROUP_MEETING_HELD) == 2
