"""Help and protection: every consistency rule of the child's journey, one test (at least) each.

The referral opens on 1 September 2026; today is 23 November 2026.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from sightline.chronology.models import ChronologyEntry
from sightline.core.codes import AbuseCategory, ClosureReason, ReferralSource
from sightline.core.errors import JourneyError
from sightline.people.models import Person
from sightline.people.services import record_death
from sightline.protection.models import (
    Assessment,
    ChildProtectionConference,
    ChildProtectionPlan,
    PreProceedings,
    Referral,
    Section47Enquiry,
    StrategyDiscussion,
    Visit,
)
from sightline.protection.services import (
    authorise_assessment,
    close_referral,
    complete_section47,
    end_cin_plan,
    end_pre_proceedings,
    hold_conference,
    hold_strategy_discussion,
    open_referral,
    record_visit,
    start_assessment,
    start_cin_plan,
    start_pre_proceedings,
)

pytestmark = pytest.mark.django_db

D = date.fromisoformat
OPENED = D("2026-09-01")
Kind = ChildProtectionConference.Kind
Outcome = ChildProtectionConference.Outcome
S47 = StrategyDiscussion.Outcome.SECTION_47


@pytest.fixture
def referral(child: Person, today: date) -> Referral:
    return open_referral(
        child=child, referral_date=OPENED, source=ReferralSource.POLICE, today=today
    )


# Small steps of a journey, with today fixed (the rules under test are in the final call).
TODAY = D("2026-11-23")


def assessed(referral: Referral, started: str, authorised: str | None = None) -> Assessment:
    assessment = start_assessment(referral=referral, started_on=D(started), today=TODAY)
    if authorised:
        authorise_assessment(
            assessment=assessment,
            authorised_on=D(authorised),
            outcome=Assessment.Outcome.CHILD_IN_NEED,
            factors=["3B", "16A"],
            today=TODAY,
        )
    return assessment


def enquiry(referral: Referral, held: str) -> Section47Enquiry:
    discussion = hold_strategy_discussion(
        referral=referral, held_on=D(held), outcome=S47, today=TODAY
    )
    return discussion.section47_enquiry


def icpc(section47: Section47Enquiry, held: str, category: str = "NEG") -> ChildProtectionPlan:
    conference = hold_conference(
        kind=Kind.INITIAL,
        held_on=D(held),
        outcome=Outcome.PLAN,
        section47=section47,
        category=category,
        today=TODAY,
    )
    assert conference.plan is not None
    return conference.plan


def entries_on(child: Person, day: str) -> list[str]:
    return list(
        ChronologyEntry.objects.filter(child=child, occurred_on=D(day)).values_list(
            "event", flat=True
        )
    )


# --- Referrals ------------------------------------------------------------------------------


def test_a_referral_dated_in_the_future_is_refused(child: Person, today: date, refused) -> None:
    with refused("Referral", "referral_date"):
        open_referral(
            child=child, referral_date=D("2026-11-24"), source=ReferralSource.GP, today=today
        )


def test_a_second_open_referral_is_refused(referral: Referral, child: Person, refused) -> None:
    with refused("Referral", "referral_date"):
        open_referral(
            child=child, referral_date=D("2026-10-01"), source=ReferralSource.GP, today=TODAY
        )


@pytest.mark.parametrize("new_date", ["2026-09-30", "2026-09-20"])
def test_a_new_referral_on_or_before_the_previous_closure_is_refused(
    referral: Referral, child: Person, refused, new_date: str
) -> None:
    close_referral(
        referral=referral, closure_date=D("2026-09-30"), reason=ClosureReason.RC7, today=TODAY
    )
    with refused("Referral", "referral_date"):
        open_referral(child=child, referral_date=D(new_date), source=ReferralSource.GP, today=TODAY)


def test_a_new_referral_the_day_after_the_previous_closure_is_accepted(
    referral: Referral, child: Person
) -> None:
    close_referral(
        referral=referral, closure_date=D("2026-09-30"), reason=ClosureReason.RC7, today=TODAY
    )
    again = open_referral(
        child=child, referral_date=D("2026-10-01"), source=ReferralSource.GP, today=TODAY
    )
    assert again.is_open


def test_an_nfa_referral_closes_the_same_day_with_rc7_and_nothing_hangs_off_it(
    child: Person, today: date, refused
) -> None:
    nfa = open_referral(
        child=child,
        referral_date=D("2026-10-05"),
        source=ReferralSource.HEALTH_VISITOR,
        nfa=True,
        today=today,
    )
    nfa.refresh_from_db()
    assert (nfa.closure_date, nfa.closure_reason) == (D("2026-10-05"), ClosureReason.RC7)
    assert entries_on(child, "2026-10-05") == ["ReferralOpened", "ReferralClosed"]

    with refused("Assessment", "referral"):
        start_assessment(referral=nfa, started_on=D("2026-10-05"), today=today)


# --- Assessments ----------------------------------------------------------------------------


def test_an_assessment_before_the_referral_date_is_refused(referral: Referral, refused) -> None:
    with refused("Assessment", "started_on"):
        start_assessment(referral=referral, started_on=D("2026-08-31"), today=TODAY)


def test_an_assessment_on_a_closed_referral_is_refused(referral: Referral, refused) -> None:
    close_referral(
        referral=referral, closure_date=D("2026-10-01"), reason=ClosureReason.RC7, today=TODAY
    )
    with refused("Assessment", "referral"):  # dated inside the closed episode
        start_assessment(referral=referral, started_on=D("2026-09-15"), today=TODAY)
    with refused("Assessment", "started_on"):  # dated after it closed
        start_assessment(referral=referral, started_on=D("2026-10-02"), today=TODAY)


def test_a_second_open_assessment_is_refused(referral: Referral, refused) -> None:
    assessed(referral, "2026-09-02")
    with refused("Assessment", "started_on"):
        start_assessment(referral=referral, started_on=D("2026-09-03"), today=TODAY)


def test_a_new_assessment_after_the_last_was_authorised_is_accepted(referral: Referral) -> None:
    assessed(referral, "2026-09-02", authorised="2026-09-20")
    assert start_assessment(referral=referral, started_on=D("2026-10-01"), today=TODAY).pk


def test_authorising_before_the_assessment_started_is_refused(referral: Referral, refused) -> None:
    assessment = assessed(referral, "2026-09-10")
    with refused("Assessment", "authorised_on"):
        authorise_assessment(
            assessment=assessment,
            authorised_on=D("2026-09-09"),
            outcome=Assessment.Outcome.NO_FURTHER_ACTION,
            factors=["21"],
            today=TODAY,
        )


@pytest.mark.parametrize(
    "factors",
    [
        pytest.param([], id="no-factors"),
        pytest.param(["21", "16A"], id="21-with-others"),
        pytest.param(["16A", "99Z"], id="unknown-factor"),
    ],
)
def test_authorising_with_bad_factors_is_refused(
    referral: Referral, refused, factors: list[str]
) -> None:
    assessment = assessed(referral, "2026-09-10")
    with refused("Assessment", "factors"):
        authorise_assessment(
            assessment=assessment,
            authorised_on=D("2026-09-25"),
            outcome=Assessment.Outcome.CHILD_IN_NEED,
            factors=factors,
            today=TODAY,
        )


def test_authorising_records_the_outcome_and_factors(referral: Referral) -> None:
    assessment = assessed(referral, "2026-09-10", authorised="2026-09-25")
    assessment.refresh_from_db()
    assert (assessment.authorised_on, assessment.factors) == (D("2026-09-25"), ["3B", "16A"])
    assert entries_on(referral.child, "2026-09-25") == ["AssessmentAuthorised"]


# --- Strategy discussions and section 47 ----------------------------------------------------


def test_a_strategy_discussion_outside_the_referral_is_refused(referral: Referral, refused) -> None:
    with refused("Strategy discussion", "held_on"):
        hold_strategy_discussion(
            referral=referral, held_on=D("2026-08-31"), outcome=S47, today=TODAY
        )
    close_referral(
        referral=referral, closure_date=D("2026-09-10"), reason=ClosureReason.RC7, today=TODAY
    )
    with refused("Strategy discussion", "held_on"):
        hold_strategy_discussion(
            referral=referral, held_on=D("2026-09-11"), outcome=S47, today=TODAY
        )


def test_a_strategy_discussion_deciding_on_s47_starts_the_enquiry_that_day(
    referral: Referral,
) -> None:
    discussion = hold_strategy_discussion(
        referral=referral,
        held_on=D("2026-09-03"),
        outcome=S47,
        agencies=["social_care", "police", "health"],
        today=TODAY,
    )
    enquiry = Section47Enquiry.objects.get(referral=referral)
    assert enquiry.strategy_discussion == discussion
    assert (enquiry.started_on, enquiry.child_id, enquiry.completed_on) == (
        D("2026-09-03"),
        referral.child_id,
        None,
    )
    assert entries_on(referral.child, "2026-09-03") == [
        "StrategyDiscussionHeld",
        "Section47EnquiryStarted",
    ]


def test_a_strategy_discussion_deciding_against_s47_starts_no_enquiry(referral: Referral) -> None:
    hold_strategy_discussion(
        referral=referral,
        held_on=D("2026-09-03"),
        outcome=StrategyDiscussion.Outcome.NO_SECTION_47,
        today=TODAY,
    )
    assert not Section47Enquiry.objects.exists()


def test_a_second_open_section47_enquiry_is_refused(referral: Referral, refused) -> None:
    enquiry(referral, "2026-09-03")
    with refused("Strategy discussion", "outcome"):
        hold_strategy_discussion(
            referral=referral, held_on=D("2026-09-08"), outcome=S47, today=TODAY
        )


# --- Conferences and child protection plans -------------------------------------------------


def test_an_initial_conference_without_an_enquiry_is_refused(referral: Referral, refused) -> None:
    with refused("Child protection conference", "section47"):
        hold_conference(
            kind=Kind.INITIAL,
            held_on=D("2026-09-15"),
            outcome=Outcome.PLAN,
            referral=referral,
            category=AbuseCategory.NEGLECT,
            today=TODAY,
        )


def test_an_initial_conference_before_the_enquiry_started_is_refused(
    referral: Referral, refused
) -> None:
    section47 = enquiry(referral, "2026-09-05")
    with refused("Child protection conference", "held_on"):
        icpc(section47, "2026-09-04")


@pytest.mark.parametrize(
    ("outcome", "icpc_not_required"),
    [
        (Section47Enquiry.Outcome.CHILD_IN_NEED, False),
        (Section47Enquiry.Outcome.NO_FURTHER_ACTION, False),
        (Section47Enquiry.Outcome.CHILD_IN_NEED, True),
    ],
)
def test_an_initial_conference_when_the_enquiry_said_none_was_needed_is_refused(
    referral: Referral, refused, outcome: str, icpc_not_required: bool
) -> None:
    section47 = enquiry(referral, "2026-09-03")
    complete_section47(
        enquiry=section47,
        completed_on=D("2026-09-12"),
        outcome=outcome,
        icpc_not_required=icpc_not_required,
        today=TODAY,
    )
    with refused("Child protection conference", "section47"):
        icpc(section47, "2026-09-15")


def test_a_second_initial_conference_for_one_enquiry_is_refused(
    referral: Referral, refused
) -> None:
    section47 = enquiry(referral, "2026-09-03")
    hold_conference(
        kind=Kind.INITIAL,
        held_on=D("2026-09-15"),
        outcome=Outcome.NO_PLAN,
        section47=section47,
        today=TODAY,
    )
    with refused("Child protection conference", "section47"):
        icpc(section47, "2026-09-22")


def test_a_conference_deciding_on_a_plan_without_a_category_is_refused(
    referral: Referral, refused
) -> None:
    section47 = enquiry(referral, "2026-09-03")
    with refused("Child protection conference", "category"):
        icpc(section47, "2026-09-15", category="")


def test_an_initial_conference_deciding_on_a_plan_starts_it_that_day(referral: Referral) -> None:
    section47 = enquiry(referral, "2026-09-03")
    plan = icpc(section47, "2026-09-15", category=AbuseCategory.EMOTIONAL)

    conference = ChildProtectionConference.objects.get()
    assert conference.plan == plan
    assert conference.section47 == section47
    assert (plan.started_on, plan.ended_on, plan.referral) == (D("2026-09-15"), None, referral)
    assert (plan.initial_category, plan.latest_category) == ("EMO", "EMO")
    assert entries_on(referral.child, "2026-09-15") == [
        "ChildProtectionConferenceHeld",
        "ChildProtectionPlanStarted",
    ]


def test_an_initial_conference_while_a_plan_is_open_is_refused(referral: Referral, refused) -> None:
    first = enquiry(referral, "2026-09-03")
    icpc(first, "2026-09-15")
    complete_section47(
        enquiry=first,
        completed_on=D("2026-09-15"),
        outcome=Section47Enquiry.Outcome.CONFERENCE,
        today=TODAY,
    )
    second = enquiry(referral, "2026-10-06")
    with refused("Child protection conference", "kind"):
        icpc(second, "2026-10-20")


def test_a_transfer_in_conference_while_a_plan_is_open_is_refused(
    referral: Referral, refused
) -> None:
    icpc(enquiry(referral, "2026-09-03"), "2026-09-15")
    with refused("Child protection conference", "kind"):
        hold_conference(
            kind=Kind.TRANSFER_IN,
            held_on=D("2026-10-20"),
            outcome=Outcome.PLAN,
            referral=referral,
            category="PHY",
            today=TODAY,
        )


def test_a_transfer_in_conference_with_an_enquiry_is_refused(referral: Referral, refused) -> None:
    section47 = enquiry(referral, "2026-09-03")
    with refused("Child protection conference", "section47"):
        hold_conference(
            kind=Kind.TRANSFER_IN,
            held_on=D("2026-09-15"),
            outcome=Outcome.PLAN,
            referral=referral,
            section47=section47,
            category="NEG",
            today=TODAY,
        )


def test_a_transfer_in_conference_deciding_on_a_plan_starts_it(referral: Referral) -> None:
    hold_conference(
        kind=Kind.TRANSFER_IN,
        held_on=D("2026-09-10"),
        outcome=Outcome.PLAN,
        referral=referral,
        category="SAB",
        today=TODAY,
    )
    assert ChildProtectionPlan.objects.get().started_on == D("2026-09-10")


def test_a_review_conference_ending_the_plan_sets_its_end_date(referral: Referral) -> None:
    plan = icpc(enquiry(referral, "2026-09-03"), "2026-09-15")
    hold_conference(
        kind=Kind.REVIEW,
        held_on=D("2026-11-10"),
        outcome=Outcome.END,
        plan=plan,
        today=TODAY,
    )
    plan.refresh_from_db()
    assert plan.ended_on == D("2026-11-10")
    assert entries_on(referral.child, "2026-11-10") == [
        "ChildProtectionConferenceHeld",
        "ChildProtectionPlanEnded",
    ]


def test_a_review_conference_continuing_the_plan_can_change_its_category(
    referral: Referral,
) -> None:
    plan = icpc(enquiry(referral, "2026-09-03"), "2026-09-15")
    hold_conference(
        kind=Kind.REVIEW,
        held_on=D("2026-11-10"),
        outcome=Outcome.CONTINUE,
        plan=plan,
        category="EMO",
        today=TODAY,
    )
    plan.refresh_from_db()
    assert (plan.ended_on, plan.initial_category, plan.latest_category) == (None, "NEG", "EMO")


def test_a_review_conference_of_an_ended_plan_is_refused(referral: Referral, refused) -> None:
    plan = icpc(enquiry(referral, "2026-09-03"), "2026-09-15")
    hold_conference(
        kind=Kind.REVIEW, held_on=D("2026-10-10"), outcome=Outcome.END, plan=plan, today=TODAY
    )
    with refused("Child protection conference", "plan"):
        hold_conference(
            kind=Kind.REVIEW,
            held_on=D("2026-11-10"),
            outcome=Outcome.CONTINUE,
            plan=plan,
            today=TODAY,
        )


@pytest.mark.parametrize("held", ["2026-09-15", "2026-10-10", "2026-10-12"])
def test_a_review_conference_not_after_the_last_conference_is_refused(
    referral: Referral, refused, held: str
) -> None:
    plan = icpc(enquiry(referral, "2026-09-03"), "2026-09-15")
    hold_conference(
        kind=Kind.REVIEW,
        held_on=D("2026-10-12"),
        outcome=Outcome.CONTINUE,
        plan=plan,
        today=TODAY,
    )
    with refused("Child protection conference", "held_on"):
        hold_conference(
            kind=Kind.REVIEW, held_on=D(held), outcome=Outcome.CONTINUE, plan=plan, today=TODAY
        )


# --- Child in need plans --------------------------------------------------------------------


def test_a_cin_plan_while_a_cp_plan_is_open_is_refused(referral: Referral, refused) -> None:
    icpc(enquiry(referral, "2026-09-03"), "2026-09-15")
    with refused("Child in need plan", "started_on"):
        start_cin_plan(referral=referral, started_on=D("2026-10-01"), today=TODAY)


def test_a_second_open_cin_plan_is_refused(referral: Referral, refused) -> None:
    start_cin_plan(referral=referral, started_on=D("2026-09-20"), today=TODAY)
    with refused("Child in need plan", "started_on"):
        start_cin_plan(referral=referral, started_on=D("2026-10-20"), today=TODAY)


def test_a_cin_plan_overlapping_the_previous_one_is_refused(referral: Referral, refused) -> None:
    first = start_cin_plan(referral=referral, started_on=D("2026-09-20"), today=TODAY)
    end_cin_plan(plan=first, ended_on=D("2026-10-20"), today=TODAY)
    with refused("Child in need plan", "started_on"):
        start_cin_plan(referral=referral, started_on=D("2026-10-19"), today=TODAY)


# --- Closing the referral -------------------------------------------------------------------


def test_closing_with_an_unauthorised_assessment_is_refused(referral: Referral, refused) -> None:
    assessed(referral, "2026-09-02")
    with refused("Referral", "closure_date"):
        close_referral(
            referral=referral, closure_date=D("2026-10-01"), reason=ClosureReason.RC7, today=TODAY
        )


def test_closing_ends_the_open_cp_plan_enquiry_and_pre_proceedings_that_day(
    referral: Referral,
) -> None:
    assessed(referral, "2026-09-01", authorised="2026-09-14")
    section47 = enquiry(referral, "2026-09-03")
    plan = icpc(section47, "2026-09-15")
    pre = start_pre_proceedings(
        referral=referral,
        started_on=D("2026-10-05"),
        letter_sent_on=D("2026-10-07"),
        today=TODAY,
    )

    close_referral(
        referral=referral, closure_date=D("2026-11-20"), reason=ClosureReason.RC5, today=TODAY
    )

    for record in (section47, plan, pre, referral):
        record.refresh_from_db()
    assert section47.completed_on == D("2026-11-20")
    assert section47.outcome == ""  # closed with the case, not concluded
    assert plan.ended_on == D("2026-11-20")
    assert (pre.ended_on, pre.outcome) == (D("2026-11-20"), "")
    assert (referral.closure_date, referral.closure_reason) == (D("2026-11-20"), "RC5")
    assert entries_on(referral.child, "2026-11-20") == [
        "Section47EnquiryCompleted",
        "ChildProtectionPlanEnded",
        "PreProceedingsEnded",
        "ReferralClosed",
    ]


def test_closing_ends_the_open_cin_plan_that_day(referral: Referral) -> None:
    assessed(referral, "2026-09-01", authorised="2026-09-14")
    plan = start_cin_plan(referral=referral, started_on=D("2026-09-14"), today=TODAY)

    close_referral(
        referral=referral, closure_date=D("2026-11-20"), reason=ClosureReason.RC7, today=TODAY
    )

    plan.refresh_from_db()
    assert plan.ended_on == D("2026-11-20")
    assert entries_on(referral.child, "2026-11-20") == ["ChildInNeedPlanEnded", "ReferralClosed"]


def test_closing_after_assessment_without_an_assessment_is_refused(
    referral: Referral, refused
) -> None:
    with refused("Referral", "closure_reason"):
        close_referral(
            referral=referral, closure_date=D("2026-10-01"), reason=ClosureReason.RC8, today=TODAY
        )


@pytest.mark.parametrize("reason", [ClosureReason.RC8, ClosureReason.RC9])
def test_closing_after_assessment_when_there_was_a_plan_is_refused(
    referral: Referral, refused, reason: str
) -> None:
    assessed(referral, "2026-09-01", authorised="2026-09-14")
    start_cin_plan(referral=referral, started_on=D("2026-09-14"), today=TODAY)
    with refused("Referral", "closure_reason"):
        close_referral(referral=referral, closure_date=D("2026-10-01"), reason=reason, today=TODAY)


def test_closing_after_assessment_with_only_an_assessment_is_accepted(referral: Referral) -> None:
    assessed(referral, "2026-09-01", authorised="2026-09-14")
    close_referral(
        referral=referral, closure_date=D("2026-09-14"), reason=ClosureReason.RC8, today=TODAY
    )
    assert not Referral.objects.get().is_open


def test_closing_because_the_child_died_without_a_death_date_is_refused(
    referral: Referral, refused
) -> None:
    with refused("Referral", "closure_reason"):
        close_referral(
            referral=referral, closure_date=D("2026-10-01"), reason=ClosureReason.RC2, today=TODAY
        )


def test_closing_because_the_child_died_after_the_death_is_recorded(
    referral: Referral, child: Person
) -> None:
    record_death(person=child, death_date=D("2026-09-28"), today=TODAY)
    referral.refresh_from_db()
    close_referral(
        referral=referral, closure_date=D("2026-10-01"), reason=ClosureReason.RC2, today=TODAY
    )
    assert Referral.objects.get().closure_reason == "RC2"


def test_closing_before_the_latest_activity_is_refused(referral: Referral, refused) -> None:
    assessed(referral, "2026-09-01", authorised="2026-09-20")
    with refused("Referral", "closure_date"):
        close_referral(
            referral=referral, closure_date=D("2026-09-19"), reason=ClosureReason.RC7, today=TODAY
        )


def test_closing_before_the_latest_conference_is_refused(referral: Referral, refused) -> None:
    plan = icpc(enquiry(referral, "2026-09-03"), "2026-09-15")
    hold_conference(
        kind=Kind.REVIEW, held_on=D("2026-11-10"), outcome=Outcome.END, plan=plan, today=TODAY
    )
    with refused("Referral", "closure_date"):
        close_referral(
            referral=referral, closure_date=D("2026-11-09"), reason=ClosureReason.RC7, today=TODAY
        )


def _cin_plan_ended_on_20_october(referral: Referral) -> None:
    plan = start_cin_plan(referral=referral, started_on=D("2026-09-10"), today=TODAY)
    end_cin_plan(plan=plan, ended_on=D("2026-10-20"), today=TODAY)


def _s47_completed_on_20_october(referral: Referral) -> None:
    complete_section47(
        enquiry=enquiry(referral, "2026-09-03"),
        completed_on=D("2026-10-20"),
        outcome=Section47Enquiry.Outcome.NO_FURTHER_ACTION,
        today=TODAY,
    )


def _strategy_discussion_on_20_october(referral: Referral) -> None:
    hold_strategy_discussion(
        referral=referral,
        held_on=D("2026-10-20"),
        outcome=StrategyDiscussion.Outcome.NO_SECTION_47,
        today=TODAY,
    )


def _pre_proceedings_ended_on_20_october(referral: Referral) -> None:
    pre = start_pre_proceedings(referral=referral, started_on=D("2026-09-05"), today=TODAY)
    end_pre_proceedings(
        pre=pre,
        ended_on=D("2026-10-20"),
        outcome=PreProceedings.Outcome.STEPPED_DOWN,
        today=TODAY,
    )


@pytest.mark.parametrize(
    "later_activity",
    [
        _cin_plan_ended_on_20_october,
        _s47_completed_on_20_october,
        _strategy_discussion_on_20_october,
        _pre_proceedings_ended_on_20_october,
    ],
)
def test_closing_before_something_ended_or_was_held_on_the_referral_is_refused(
    referral: Referral, refused, later_activity: Callable[[Referral], None]
) -> None:
    later_activity(referral)
    with refused("Referral", "closure_date"):
        close_referral(
            referral=referral, closure_date=D("2026-10-19"), reason=ClosureReason.RC7, today=TODAY
        )
    close_referral(
        referral=referral, closure_date=D("2026-10-20"), reason=ClosureReason.RC7, today=TODAY
    )


def test_closing_a_closed_referral_is_refused(referral: Referral, refused) -> None:
    close_referral(
        referral=referral, closure_date=D("2026-10-01"), reason=ClosureReason.RC7, today=TODAY
    )
    with refused("Referral", "closure_date"):
        close_referral(
            referral=referral, closure_date=D("2026-10-02"), reason=ClosureReason.RC7, today=TODAY
        )


# --- Visits and pre-proceedings -------------------------------------------------------------


def test_a_cp_visit_when_the_child_is_not_on_a_plan_is_refused(
    referral: Referral, child: Person, refused
) -> None:
    plan = icpc(enquiry(referral, "2026-09-03"), "2026-09-15")
    hold_conference(
        kind=Kind.REVIEW, held_on=D("2026-11-10"), outcome=Outcome.END, plan=plan, today=TODAY
    )
    for before_or_after in ("2026-09-14", "2026-11-11"):
        with refused("Visit", "purpose"):
            record_visit(
                child=child,
                purpose=Visit.Purpose.CHILD_PROTECTION,
                visited_on=D(before_or_after),
                today=TODAY,
            )
    for on_the_plan in ("2026-09-15", "2026-11-10"):
        record_visit(
            child=child,
            purpose=Visit.Purpose.CHILD_PROTECTION,
            visited_on=D(on_the_plan),
            today=TODAY,
        )
    assert Visit.objects.count() == 2


def test_a_child_seen_alone_but_not_seen_is_refused(child: Person, refused) -> None:
    with refused("Visit", "seen_alone"):
        record_visit(
            child=child,
            purpose=Visit.Purpose.ASSESSMENT,
            visited_on=D("2026-09-04"),
            child_seen=False,
            seen_alone=True,
            today=TODAY,
        )


def test_a_letter_before_proceedings_sent_before_the_decision_is_refused(
    referral: Referral, refused
) -> None:
    with refused("Pre-proceedings", "letter_sent_on"):
        start_pre_proceedings(
            referral=referral,
            started_on=D("2026-10-05"),
            letter_sent_on=D("2026-10-04"),
            today=TODAY,
        )
    assert not PreProceedings.objects.exists()


def test_a_refused_call_leaves_the_referral_usable(referral: Referral) -> None:
    with pytest.raises(JourneyError, match="in the future"):
        start_assessment(referral=referral, started_on=D("2026-11-24"), today=TODAY)
    assert start_assessment(referral=referral, started_on=D("2026-11-23"), today=TODAY).pk
    assert Assessment.objects.count() == 1


@pytest.mark.parametrize(
    ("outcome", "said", "flag"),
    [
        (Section47Enquiry.Outcome.CHILD_IN_NEED, False, True),
        (Section47Enquiry.Outcome.NO_FURTHER_ACTION, False, True),
        (Section47Enquiry.Outcome.CONFERENCE, False, False),
    ],
)
def test_an_enquiry_ending_without_a_conference_records_that_none_is_needed(
    referral: Referral, outcome: str, said: bool, flag: bool
) -> None:
    s47 = enquiry(referral, "2026-09-03")
    complete_section47(
        enquiry=s47,
        completed_on=D("2026-09-20"),
        outcome=outcome,
        icpc_not_required=said,
        today=TODAY,
    )
    s47.refresh_from_db()
    assert s47.icpc_not_required is flag
