"""Writes for help and protection: one function per use case, one transaction each.

Each function checks the journey's consistency before it writes, raises JourneyError naming
the record and field when a rule is broken (nothing is written), and emits the domain events
of what it wrote.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sightline.core import dates, rules
from sightline.core.clock import today_or
from sightline.core.codes import (
    CLOSED_AFTER_ASSESSMENT,
    AbuseCategory,
    AssessmentFactor,
    ClosureReason,
    Disability,
    PrimaryNeed,
    ReferralSource,
    label,
)
from sightline.core.errors import JourneyError
from sightline.core.events import emit
from sightline.core.writes import service
from sightline.frontdoor.models import Contact
from sightline.people.models import Person
from sightline.protection import events
from sightline.protection.models import (
    AllegationToLADO,
    Assessment,
    CareProceedings,
    ChildInNeedMeeting,
    ChildInNeedPlan,
    ChildProtectionConference,
    ChildProtectionPlan,
    CoreGroupMeeting,
    PreProceedings,
    PrivateFosteringArrangement,
    Referral,
    Section47Enquiry,
    StrategyDiscussion,
    Visit,
)
from sightline.workforce.models import Worker

NFA_CLOSURE_REASON = ClosureReason.RC7  # docs/decisions/0004: NFA referrals close the same day


def _locked(referral: Referral) -> Referral:
    """Re-read the referral under a row lock: two people acting at once cannot both win."""
    return Referral.objects.select_for_update().get(pk=referral.pk)


def _locked_child(child: Person) -> Person:
    """Re-read the child under a row lock: serialises every change to one child's records."""
    return Person.objects.select_for_update().get(pk=child.pk)


def _require_open_on(referral: Referral, record: str, field: str, on: date) -> None:
    rules.require(
        not referral.nfa, record, "referral", "the referral was closed with no further action"
    )
    rules.within(record, field, on, referral.referral_date, referral.closure_date, "referral")
    rules.require(referral.closure_date is None, record, "referral", "the referral is closed")


# --- Referral -------------------------------------------------------------------------------


@service
def open_referral(
    *,
    child: Person,
    referral_date: date,
    source: str,
    primary_need: str = PrimaryNeed.N0,
    contact: Contact | None = None,
    nfa: bool = False,
    today: date | None = None,
) -> Referral:
    today = today_or(today)
    r = "Referral"
    rules.require(child.kind == Person.Kind.CHILD, r, "child", "referrals are about children")
    rules.require(
        source in ReferralSource.values, r, "source", f"{source!r} is not a referral source code"
    )
    rules.require(
        primary_need in PrimaryNeed.values, r, "primary_need", f"{primary_need!r} is not N0-N9"
    )
    rules.not_future(r, "referral_date", referral_date, today)
    rules.not_after(r, "referral_date", referral_date, child.death_date, "the child's death")
    Person.objects.select_for_update().filter(pk=child.pk).first()  # serialise per child
    rules.require(
        not Referral.objects.filter(child=child, closure_date__isnull=True).exists(),
        r,
        "referral_date",
        "the child already has an open referral: record this in it",
    )
    last_closed = (
        Referral.objects.filter(child=child)
        .order_by("-closure_date")
        .values_list("closure_date", flat=True)
        .first()
    )
    if last_closed is not None:
        rules.require(
            referral_date > last_closed,
            r,
            "referral_date",
            f"must be after the previous referral closed ({dates.day(last_closed)}): "
            "episodes may not overlap",
        )
    referral = Referral.objects.create(
        child=child,
        contact=contact,
        referral_date=referral_date,
        source=source,
        primary_need=primary_need,
        nfa=nfa,
        closure_date=referral_date if nfa else None,
        closure_reason=NFA_CLOSURE_REASON if nfa else "",
    )
    emit(events.referral_opened(referral))
    if nfa:
        emit(events.referral_closed(referral))
    return referral


@service
def close_referral(
    *, referral: Referral, closure_date: date, reason: str, today: date | None = None
) -> Referral:
    """Close the episode; what hangs off it (plans, enquiries, pre-proceedings) closes too."""
    today = today_or(today)
    r = "Referral"
    referral = _locked(referral)
    rules.require(
        referral.closure_date is None, r, "closure_date", "the referral is already closed"
    )
    rules.require(reason in ClosureReason.values, r, "closure_reason", f"{reason!r} is not RC1-RC9")
    rules.not_future(r, "closure_date", closure_date, today)
    rules.not_before(r, "closure_date", closure_date, referral.referral_date, "the referral date")
    child = referral.child
    if reason == ClosureReason.RC2:
        rules.require(
            child.death_date is not None, r, "closure_reason", "record the child's death first"
        )
    open_assessment = referral.assessments.filter(authorised_on__isnull=True).first()
    if open_assessment is not None:
        raise JourneyError(
            r,
            "closure_date",
            f"the assessment started {dates.day(open_assessment.started_on)} is not authorised yet",
        )
    # Ends count as activity too: nothing on the episode may be dated after it closes.
    latest_activity = max(
        [a.authorised_on for a in referral.assessments.all() if a.authorised_on]
        + [d for x in referral.cp_plans.all() for d in (x.started_on, x.ended_on) if d]
        + [d for x in referral.cin_plans.all() for d in (x.started_on, x.ended_on) if d]
        + [
            d
            for x in referral.section47_enquiries.all()
            for d in (x.started_on, x.completed_on)
            if d
        ]
        + [
            d
            for x in referral.pre_proceedings.all()
            for d in (x.started_on, x.letter_sent_on, x.ended_on)
            if d
        ]
        + [x.held_on for x in referral.strategy_discussions.all()]
        + [x.held_on for x in referral.cp_conferences.all()],
        default=None,
    )
    rules.not_before(
        r, "closure_date", closure_date, latest_activity, "the latest activity on this referral"
    )
    if reason in CLOSED_AFTER_ASSESSMENT:
        rules.require(
            referral.assessments.exists(),
            r,
            "closure_reason",
            "'closed after assessment' needs an authorised assessment on this referral",
        )
        has_activity = (
            referral.section47_enquiries.exists()
            or referral.cp_plans.exists()
            or referral.cin_plans.exists()
        )
        rules.require(
            not has_activity,
            r,
            "closure_reason",
            "'closed after assessment' cannot be used when there was a plan or an enquiry",
        )
    for enquiry in referral.section47_enquiries.filter(completed_on__isnull=True):
        enquiry.completed_on = closure_date
        enquiry.save(update_fields=["completed_on"])
        emit(events.section47_completed(enquiry))
    for cp_plan in referral.cp_plans.filter(ended_on__isnull=True):
        cp_plan.ended_on = closure_date
        cp_plan.save(update_fields=["ended_on"])
        emit(events.cp_plan_ended(cp_plan))
    for cin_plan in referral.cin_plans.filter(ended_on__isnull=True):
        cin_plan.ended_on = closure_date
        cin_plan.save(update_fields=["ended_on"])
        emit(events.cin_plan_ended(cin_plan))
    for pre in referral.pre_proceedings.filter(ended_on__isnull=True):
        pre.ended_on = closure_date
        pre.save(update_fields=["ended_on"])
        emit(events.pre_proceedings_ended(pre))
    referral.closure_date, referral.closure_reason = closure_date, reason
    referral.save(update_fields=["closure_date", "closure_reason"])
    emit(events.referral_closed(referral))
    return referral


# --- Assessment -----------------------------------------------------------------------------


@service
def start_assessment(
    *,
    referral: Referral,
    started_on: date,
    worker: Worker | None = None,
    today: date | None = None,
) -> Assessment:
    today = today_or(today)
    r = "Assessment"
    referral = _locked(referral)
    rules.not_future(r, "started_on", started_on, today)
    _require_open_on(referral, r, "started_on", started_on)
    rules.require(
        not referral.assessments.filter(authorised_on__isnull=True).exists(),
        r,
        "started_on",
        "an assessment is already in progress on this referral",
    )
    assessment = Assessment.objects.create(
        child_id=referral.child_id, referral=referral, started_on=started_on, worker=worker
    )
    emit(events.assessment_started(assessment))
    return assessment


def check_factors(factors: Iterable[str]) -> list[str]:
    codes = list(dict.fromkeys(factors))
    r = "Assessment"
    rules.require(
        bool(codes), r, "factors", "record the factors identified (or 'No factors identified')"
    )
    for code in codes:
        rules.require(
            code in AssessmentFactor.values,
            r,
            "factors",
            f"{code!r} is not a CIN assessment factor",
        )
    rules.require(
        not ("21" in codes and len(codes) > 1),
        r,
        "factors",
        "'No factors identified' cannot be recorded with other factors",
    )
    return codes


@service
def authorise_assessment(
    *,
    assessment: Assessment,
    authorised_on: date,
    outcome: str,
    factors: Iterable[str],
    child_seen_on: date | None = None,
    today: date | None = None,
) -> Assessment:
    today = today_or(today)
    r = "Assessment"
    referral = _locked(assessment.referral)
    assessment.refresh_from_db()
    rules.require(
        assessment.authorised_on is None,
        r,
        "authorised_on",
        "this assessment is already authorised",
    )
    rules.require(
        outcome in Assessment.Outcome.values, r, "outcome", "choose the assessment's outcome"
    )
    rules.not_future(r, "authorised_on", authorised_on, today)
    rules.not_before(
        r, "authorised_on", authorised_on, assessment.started_on, "the assessment's start"
    )
    _require_open_on(referral, r, "authorised_on", authorised_on)
    if child_seen_on is not None:
        rules.within(
            r, "child_seen_on", child_seen_on, assessment.started_on, authorised_on, "assessment"
        )
    assessment.factors = check_factors(factors)
    assessment.authorised_on, assessment.outcome = authorised_on, outcome
    assessment.child_seen_on = child_seen_on or assessment.child_seen_on
    assessment.save(update_fields=["factors", "authorised_on", "outcome", "child_seen_on"])
    emit(events.assessment_authorised(assessment))
    return assessment


# --- Strategy discussion and section 47 -----------------------------------------------------


@service
def hold_strategy_discussion(
    *,
    referral: Referral,
    held_on: date,
    outcome: str,
    agencies: Iterable[str] = (),
    requested_on: date | None = None,
    chaired_by: Worker | None = None,
    today: date | None = None,
) -> StrategyDiscussion:
    """Record a strategy discussion; when it decides on one, the s.47 enquiry starts that day."""
    today = today_or(today)
    r = "Strategy discussion"
    referral = _locked(referral)
    agency_list = list(dict.fromkeys(agencies))
    rules.require(outcome in StrategyDiscussion.Outcome.values, r, "outcome", "choose the outcome")
    for agency in agency_list:
        rules.require(
            agency in StrategyDiscussion.Agency.values,
            r,
            "agencies",
            f"{agency!r} is not an agency",
        )
    rules.not_future(r, "held_on", held_on, today)
    _require_open_on(referral, r, "held_on", held_on)
    if requested_on is not None:
        rules.not_after(r, "requested_on", requested_on, held_on, "the discussion")
        rules.not_before(
            r, "requested_on", requested_on, referral.referral_date, "the referral date"
        )
    rules.require(
        not referral.section47_enquiries.filter(completed_on__isnull=True).exists()
        or outcome != StrategyDiscussion.Outcome.SECTION_47,
        r,
        "outcome",
        "a section 47 enquiry is already open on this referral",
    )
    discussion = StrategyDiscussion.objects.create(
        child_id=referral.child_id,
        referral=referral,
        held_on=held_on,
        outcome=outcome,
        agencies=agency_list,
        requested_on=requested_on,
        chaired_by=chaired_by,
    )
    emit(events.strategy_discussion_held(discussion))
    if outcome == StrategyDiscussion.Outcome.SECTION_47:
        enquiry = Section47Enquiry.objects.create(
            child_id=referral.child_id,
            referral=referral,
            strategy_discussion=discussion,
            started_on=held_on,
        )
        emit(events.section47_started(enquiry))
    return discussion


def no_conference_needed(outcome: str, said_so: bool) -> bool:
    """An enquiry that ends other than in a conference needs none (the CIN census's
    ICPCnotRequired: DfE rule 8868 requires it, or a conference date, once the episode
    closes); the worker may also say so."""
    return said_so or outcome != Section47Enquiry.Outcome.CONFERENCE


@service
def complete_section47(
    *,
    enquiry: Section47Enquiry,
    completed_on: date,
    outcome: str,
    icpc_not_required: bool = False,
    today: date | None = None,
) -> Section47Enquiry:
    today = today_or(today)
    r = "Section 47 enquiry"
    referral = _locked(enquiry.referral)
    enquiry.refresh_from_db()
    rules.require(
        enquiry.completed_on is None, r, "completed_on", "this enquiry is already completed"
    )
    rules.require(
        outcome in Section47Enquiry.Outcome.values, r, "outcome", "choose the enquiry's outcome"
    )
    rules.not_future(r, "completed_on", completed_on, today)
    rules.not_before(r, "completed_on", completed_on, enquiry.started_on, "the enquiry's start")
    _require_open_on(referral, r, "completed_on", completed_on)
    rules.require(
        not (icpc_not_required and outcome == Section47Enquiry.Outcome.CONFERENCE),
        r,
        "icpc_not_required",
        "an enquiry leading to a conference cannot say no conference is required",
    )
    enquiry.completed_on, enquiry.outcome, enquiry.icpc_not_required = (
        completed_on,
        outcome,
        no_conference_needed(outcome, icpc_not_required),
    )
    enquiry.save(update_fields=["completed_on", "outcome", "icpc_not_required"])
    emit(events.section47_completed(enquiry))
    return enquiry


# --- Conferences and child protection plans -------------------------------------------------


@service
def hold_conference(
    *,
    kind: str,
    held_on: date,
    outcome: str,
    section47: Section47Enquiry | None = None,
    plan: ChildProtectionPlan | None = None,
    referral: Referral | None = None,
    category: str = "",
    chair: Worker | None = None,
    today: date | None = None,
) -> ChildProtectionConference:
    """Initial (needs the enquiry), transfer-in (needs the referral) or review (needs the plan).

    An initial or transfer-in conference deciding on a plan starts it that day; a review
    deciding to end the plan ends it that day.
    """
    today = today_or(today)
    r = "Child protection conference"
    K, Out = ChildProtectionConference.Kind, ChildProtectionConference.Outcome
    rules.require(kind in K.values, r, "kind", "choose the kind of conference")
    rules.not_future(r, "held_on", held_on, today)
    if kind == K.INITIAL:
        rules.require(
            section47 is not None,
            r,
            "section47",
            "an initial conference needs a section 47 enquiry",
        )
        assert section47 is not None
        referral = section47.referral
    elif kind == K.REVIEW:
        rules.require(plan is not None, r, "plan", "a review conference needs the plan it reviews")
        assert plan is not None
        referral = plan.referral
    else:
        rules.require(
            referral is not None, r, "referral", "a transfer-in conference needs the referral"
        )
        rules.require(
            section47 is None, r, "section47", "a transfer-in conference has no enquiry here"
        )
    assert referral is not None
    referral = _locked(referral)
    _require_open_on(referral, r, "held_on", held_on)
    if kind in (K.INITIAL, K.TRANSFER_IN):
        rules.require(
            outcome in (Out.PLAN, Out.NO_PLAN), r, "outcome", "the outcome is a plan or no plan"
        )
        rules.require(
            not ChildProtectionPlan.objects.filter(
                child_id=referral.child_id, ended_on__isnull=True
            ).exists(),
            r,
            "kind",
            "the child already has a child protection plan: hold a review conference",
        )
    if kind == K.INITIAL:
        assert section47 is not None
        section47.refresh_from_db()
        rules.not_before(r, "held_on", held_on, section47.started_on, "the enquiry's start")
        rules.require(
            section47.outcome in ("", Section47Enquiry.Outcome.CONFERENCE)
            and not section47.icpc_not_required,
            r,
            "section47",
            "the enquiry concluded that no initial conference was needed",
        )
        rules.require(
            not section47.conferences.filter(kind=K.INITIAL).exists(),
            r,
            "section47",
            "this enquiry already has an initial conference",
        )
    if kind == K.REVIEW:
        assert plan is not None
        plan.refresh_from_db()
        rules.require(plan.ended_on is None, r, "plan", "the plan has ended")
        rules.require(
            outcome in (Out.CONTINUE, Out.END), r, "outcome", "a review continues or ends the plan"
        )
        last = plan.conferences.order_by("-held_on").values_list("held_on", flat=True).first()
        rules.require(
            held_on > (last or plan.started_on),
            r,
            "held_on",
            "must be after the last conference on this plan",
        )
    if category:
        rules.require(
            category in AbuseCategory.values,
            r,
            "category",
            f"{category!r} is not a category of abuse",
        )
    if outcome == Out.PLAN:
        rules.require(bool(category), r, "category", "choose the category of abuse for the plan")

    conference = ChildProtectionConference.objects.create(
        child_id=referral.child_id,
        referral=referral,
        kind=kind,
        section47=section47,
        plan=plan,
        held_on=held_on,
        outcome=outcome,
        chair=chair,
    )
    emit(events.conference_held(conference))
    if outcome == Out.PLAN:
        new_plan = ChildProtectionPlan.objects.create(
            child_id=referral.child_id,
            referral=referral,
            started_on=held_on,
            initial_category=category,
            latest_category=category,
        )
        conference.plan = new_plan
        conference.save(update_fields=["plan"])
        emit(events.cp_plan_started(new_plan))
    elif kind == K.REVIEW:
        assert plan is not None
        fields = []
        if category and category != plan.latest_category:
            plan.latest_category = category
            fields.append("latest_category")
        if outcome == Out.END:
            plan.ended_on = held_on
            fields.append("ended_on")
        if fields:
            plan.save(update_fields=fields)
        if outcome == Out.END:
            emit(events.cp_plan_ended(plan))
    return conference


# --- Child in need plans --------------------------------------------------------------------


@service
def start_cin_plan(
    *, referral: Referral, started_on: date, today: date | None = None
) -> ChildInNeedPlan:
    today = today_or(today)
    r = "Child in need plan"
    referral = _locked(referral)
    rules.not_future(r, "started_on", started_on, today)
    _require_open_on(referral, r, "started_on", started_on)
    rules.require(
        not ChildInNeedPlan.objects.filter(
            child_id=referral.child_id, ended_on__isnull=True
        ).exists(),
        r,
        "started_on",
        "the child already has an open child in need plan",
    )
    rules.require(
        not ChildProtectionPlan.objects.filter(
            child_id=referral.child_id, ended_on__isnull=True
        ).exists(),
        r,
        "started_on",
        "the child has an open child protection plan, which covers their needs",
    )
    last_end = referral.cin_plans.order_by("-ended_on").values_list("ended_on", flat=True).first()
    rules.not_before(r, "started_on", started_on, last_end, "the end of the previous plan")
    plan = ChildInNeedPlan.objects.create(
        child_id=referral.child_id, referral=referral, started_on=started_on
    )
    emit(events.cin_plan_started(plan))
    return plan


@service
def end_cin_plan(
    *, plan: ChildInNeedPlan, ended_on: date, today: date | None = None
) -> ChildInNeedPlan:
    today = today_or(today)
    r = "Child in need plan"
    _locked(plan.referral)
    plan.refresh_from_db()
    rules.can_end(
        r,
        ended_on,
        started_on=plan.started_on,
        already_ended=plan.ended_on,
        today=today,
        what="the plan",
    )
    plan.ended_on = ended_on
    plan.save(update_fields=["ended_on"])
    emit(events.cin_plan_ended(plan))
    return plan


# --- Pre-proceedings ------------------------------------------------------------------------


@service
def start_pre_proceedings(
    *,
    referral: Referral,
    started_on: date,
    letter_sent_on: date | None = None,
    meeting_on: date | None = None,
    today: date | None = None,
) -> PreProceedings:
    today = today_or(today)
    r = "Pre-proceedings"
    referral = _locked(referral)
    rules.not_future(r, "started_on", started_on, today)
    _require_open_on(referral, r, "started_on", started_on)
    rules.require(
        not referral.pre_proceedings.filter(ended_on__isnull=True).exists(),
        r,
        "started_on",
        "pre-proceedings are already open for this child",
    )
    rules.not_before(r, "letter_sent_on", letter_sent_on, started_on, "the decision")
    rules.not_future(r, "letter_sent_on", letter_sent_on, today)
    # A meeting may be planned: it can be in the future, but not before the letter.
    rules.not_before(
        r, "meeting_on", meeting_on, letter_sent_on or started_on, "the letter before proceedings"
    )
    pre = PreProceedings.objects.create(
        child_id=referral.child_id,
        referral=referral,
        started_on=started_on,
        letter_sent_on=letter_sent_on,
        meeting_on=meeting_on,
    )
    emit(events.pre_proceedings_started(pre))
    return pre


@service
def end_pre_proceedings(
    *, pre: PreProceedings, ended_on: date, outcome: str, today: date | None = None
) -> PreProceedings:
    today = today_or(today)
    r = "Pre-proceedings"
    _locked(pre.referral)
    pre.refresh_from_db()
    rules.can_end(
        r,
        ended_on,
        started_on=pre.started_on,
        already_ended=pre.ended_on,
        today=today,
        what="pre-proceedings",
    )
    rules.require(outcome in PreProceedings.Outcome.values, r, "outcome", "choose the outcome")
    pre.ended_on, pre.outcome = ended_on, outcome
    pre.save(update_fields=["ended_on", "outcome"])
    emit(events.pre_proceedings_ended(pre))
    return pre


# --- Visits ---------------------------------------------------------------------------------


def check_visit(
    *,
    child: Person,
    purpose: str,
    visited_on: date,
    child_seen: bool,
    seen_alone: bool,
    today: date,
) -> None:
    """The checks a visit's details pass, recorded or corrected (decision 0026)."""
    r = "Visit"
    P = Visit.Purpose
    rules.require(purpose in P.values, r, "purpose", "choose the purpose of the visit")
    rules.not_future(r, "visited_on", visited_on, today)
    rules.not_before(r, "visited_on", visited_on, child.birth_date, "the child's birth")
    rules.require(
        child_seen or not seen_alone, r, "seen_alone", "a child not seen cannot be seen alone"
    )
    if purpose == P.CHILD_PROTECTION:
        rules.require(
            ChildProtectionPlan.objects.filter(child=child, started_on__lte=visited_on)
            .exclude(ended_on__lt=visited_on)
            .exists(),
            r,
            "purpose",
            "the child was not on a child protection plan that day",
        )
    if purpose == P.CHILD_IN_NEED:
        rules.require(
            ChildInNeedPlan.objects.filter(child=child, started_on__lte=visited_on)
            .exclude(ended_on__lt=visited_on)
            .exists(),
            r,
            "purpose",
            "the child was not on a child in need plan that day",
        )
    if purpose == P.PRIVATE_FOSTERING:
        rules.require(
            PrivateFosteringArrangement.objects.filter(child=child, notified_on__lte=visited_on)
            .exclude(ended_on__lt=visited_on)
            .exists(),
            r,
            "purpose",
            "the child had no private fostering arrangement notified and not ended that day",
        )


@service
def record_visit(
    *,
    child: Person,
    purpose: str,
    visited_on: date,
    worker: Worker | None = None,
    child_seen: bool = True,
    seen_alone: bool = False,
    bedroom_seen: bool | None = None,
    note: str = "",
    today: date | None = None,
) -> Visit:
    check_visit(
        child=child,
        purpose=purpose,
        visited_on=visited_on,
        child_seen=child_seen,
        seen_alone=seen_alone,
        today=today_or(today),
    )
    visit = Visit.objects.create(
        child=child,
        purpose=purpose,
        visited_on=visited_on,
        worker=worker,
        child_seen=child_seen,
        seen_alone=seen_alone,
        bedroom_seen=bedroom_seen,
        note=note,
    )
    emit(events.visit_recorded(visit))
    return visit


# --- Core group and child in need meetings --------------------------------------------------


@service
def hold_core_group_meeting(
    *,
    plan: ChildProtectionPlan,
    held_on: date,
    chair: Worker | None = None,
    today: date | None = None,
) -> CoreGroupMeeting:
    """Record a core group meeting of a child protection plan, held while the plan was open."""
    today = today_or(today)
    r = "Core group meeting"
    _locked(plan.referral)
    plan.refresh_from_db()
    rules.not_future(r, "held_on", held_on, today)
    rules.within(r, "held_on", held_on, plan.started_on, plan.ended_on, "child protection plan")
    rules.require(
        not plan.core_group_meetings.filter(held_on=held_on).exists(),
        r,
        "held_on",
        "a core group meeting is already recorded for this plan on that day",
    )
    meeting = CoreGroupMeeting.objects.create(
        child_id=plan.child_id, child_protection_plan=plan, held_on=held_on, chair=chair
    )
    emit(events.core_group_meeting_held(meeting))
    return meeting


@service
def hold_cin_meeting(
    *,
    plan: ChildInNeedPlan,
    held_on: date,
    kind: str = ChildInNeedMeeting.Kind.MEETING,
    chair: Worker | None = None,
    today: date | None = None,
) -> ChildInNeedMeeting:
    """Record a child in need meeting or a review of the plan, held during the plan."""
    today = today_or(today)
    r = "Child in need meeting"
    _locked(plan.referral)
    plan.refresh_from_db()
    rules.require(
        kind in ChildInNeedMeeting.Kind.values, r, "kind", "choose a meeting or a plan review"
    )
    rules.not_future(r, "held_on", held_on, today)
    rules.within(r, "held_on", held_on, plan.started_on, plan.ended_on, "child in need plan")
    rules.require(
        not plan.meetings.filter(held_on=held_on, kind=kind).exists(),
        r,
        "held_on",
        f"a {label(ChildInNeedMeeting.Kind, kind).lower()} is already recorded for this plan "
        "on that day",
    )
    meeting = ChildInNeedMeeting.objects.create(
        child_id=plan.child_id, child_in_need_plan=plan, held_on=held_on, kind=kind, chair=chair
    )
    emit(events.cin_meeting_held(meeting))
    return meeting


# --- Allegations to the LADO ----------------------------------------------------------------


@service
def record_allegation(
    *,
    child: Person,
    subject_role: str,
    came_to_attention_on: date,
    referred_on: date,
    subject_employer: str = "",
    subject_person: Person | None = None,
    received_by: Worker | None = None,
    today: date | None = None,
) -> AllegationToLADO:
    """Record an allegation against a person working with children, as referred to the LADO."""
    today = today_or(today)
    r = "Allegation to the LADO"
    rules.require(child.kind == Person.Kind.CHILD, r, "child", "the allegation concerns a child")
    rules.require(
        bool(subject_role.strip()),
        r,
        "subject_role",
        "enter the role of the person the allegation is about",
    )
    if subject_person is not None:
        rules.require(
            subject_person.kind == Person.Kind.ADULT,
            r,
            "subject_person",
            "the allegation is about an adult who works with children",
        )
    rules.not_future(r, "came_to_attention_on", came_to_attention_on, today)
    rules.not_future(r, "referred_on", referred_on, today)
    rules.not_before(
        r,
        "referred_on",
        referred_on,
        came_to_attention_on,
        "the allegation came to attention",
    )
    allegation = AllegationToLADO.objects.create(
        child=child,
        subject_role=subject_role.strip(),
        subject_employer=subject_employer.strip(),
        subject_person=subject_person,
        came_to_attention_on=came_to_attention_on,
        referred_on=referred_on,
        received_by=received_by,
    )
    emit(events.lado_allegation_recorded(allegation))
    return allegation


@service
def conclude_allegation(
    *,
    allegation: AllegationToLADO,
    concluded_on: date,
    outcome: str,
    today: date | None = None,
) -> AllegationToLADO:
    today = today_or(today)
    r = "Allegation to the LADO"
    allegation = AllegationToLADO.objects.select_for_update().get(pk=allegation.pk)
    rules.require(
        allegation.concluded_on is None, r, "concluded_on", "the allegation is already concluded"
    )
    rules.require(outcome in AllegationToLADO.Outcome.values, r, "outcome", "choose the outcome")
    rules.not_future(r, "concluded_on", concluded_on, today)
    rules.not_before(
        r, "concluded_on", concluded_on, allegation.referred_on, "the referral to the LADO"
    )
    allegation.concluded_on, allegation.outcome = concluded_on, outcome
    allegation.save(update_fields=["concluded_on", "outcome"])
    emit(events.lado_allegation_concluded(allegation))
    return allegation


# --- Private fostering ----------------------------------------------------------------------


def _may_be_privately_fostered(child: Person, on: date) -> bool:
    """Children Act 1989 s.66: a child under 16, or under 18 if disabled."""
    age = child.age_on(on)
    if age is None or age < 16:
        return True
    return age < 18 and child.disabilities.exclude(code=Disability.NONE).exists()


@service
def notify_private_fostering(
    *,
    child: Person,
    notified_on: date,
    arrangement_started_on: date,
    carer_name: str = "",
    carer: Person | None = None,
    today: date | None = None,
) -> PrivateFosteringArrangement:
    """Record a notified private fostering arrangement, proposed (starting after the notice, at
    least 6 weeks ahead) or already started."""
    today = today_or(today)
    r = "Private fostering arrangement"
    rules.require(child.kind == Person.Kind.CHILD, r, "child", "private fostering is about a child")
    rules.require(
        carer is not None or bool(carer_name.strip()),
        r,
        "carer_name",
        "enter the private foster carer's name",
    )
    if carer is not None:
        rules.require(
            carer.pk != child.pk, r, "carer", "a child cannot be their own private foster carer"
        )
    rules.not_future(r, "notified_on", notified_on, today)
    # The start may be in the future: a proposed arrangement is notified before it starts.
    rules.not_before(
        r,
        "arrangement_started_on",
        arrangement_started_on,
        child.birth_date,
        "the child's birth",
    )
    rules.require(
        _may_be_privately_fostered(child, arrangement_started_on),
        r,
        "arrangement_started_on",
        "the child is 16 or over (18 or over if disabled) on that day: not private fostering",
    )
    child = _locked_child(child)
    rules.require(
        not child.private_fostering_arrangements.filter(ended_on__isnull=True).exists(),
        r,
        "notified_on",
        "the child already has an open private fostering arrangement: end it first",
    )
    last_end = (
        child.private_fostering_arrangements.order_by("-ended_on")
        .values_list("ended_on", flat=True)
        .first()
    )
    rules.not_before(r, "notified_on", notified_on, last_end, "the end of the previous arrangement")
    arrangement = PrivateFosteringArrangement.objects.create(
        child=child,
        carer_name=carer_name.strip(),
        carer=carer,
        notified_on=notified_on,
        arrangement_started_on=arrangement_started_on,
    )
    emit(events.private_fostering_notified(arrangement))
    return arrangement


@service
def end_private_fostering(
    *,
    arrangement: PrivateFosteringArrangement,
    ended_on: date,
    reason: str,
    today: date | None = None,
) -> PrivateFosteringArrangement:
    """End the arrangement; a proposed one that did not go ahead ends with that reason."""
    today = today_or(today)
    r = "Private fostering arrangement"
    _locked_child(arrangement.child)
    arrangement.refresh_from_db()
    R = PrivateFosteringArrangement.EndReason
    rules.require(reason in R.values, r, "end_reason", "choose why the arrangement ended")
    rules.require(arrangement.ended_on is None, r, "ended_on", "the arrangement has already ended")
    rules.not_future(r, "ended_on", ended_on, today)
    rules.not_before(r, "ended_on", ended_on, arrangement.notified_on, "the notification")
    if reason == R.DID_NOT_START:
        rules.require(
            arrangement.arrangement_started_on > arrangement.notified_on,
            r,
            "end_reason",
            "only a proposed arrangement (starting after its notification) can not go ahead",
        )
        rules.not_after(
            r,
            "ended_on",
            ended_on,
            arrangement.arrangement_started_on,
            "the proposed start",
        )
    else:
        rules.not_before(
            r,
            "ended_on",
            ended_on,
            arrangement.arrangement_started_on,
            "the start of the arrangement",
        )
    arrangement.ended_on, arrangement.end_reason = ended_on, reason
    arrangement.save(update_fields=["ended_on", "end_reason"])
    emit(events.private_fostering_ended(arrangement))
    return arrangement


# --- Care proceedings -----------------------------------------------------------------------


@service
def issue_care_proceedings(
    *,
    child: Person,
    issued_on: date,
    court: str = "",
    pre_proceedings: PreProceedings | None = None,
    today: date | None = None,
) -> CareProceedings:
    """Record the issue of care proceedings (s.31), the day the 26 weeks begin.

    When they follow pre-proceedings that are still open, those end that day with the outcome
    "care proceedings issued".
    """
    today = today_or(today)
    r = "Care proceedings"
    rules.require(child.kind == Person.Kind.CHILD, r, "child", "care proceedings are about a child")
    rules.require(
        child.birth_date is not None,
        r,
        "issued_on",
        "care proceedings cannot be issued before the child is born",
    )
    rules.not_future(r, "issued_on", issued_on, today)
    rules.not_before(r, "issued_on", issued_on, child.birth_date, "the child's birth")
    rules.not_after(r, "issued_on", issued_on, child.death_date, "the child's death")
    rules.require(
        (child.age_on(issued_on) or 0) < 17,
        r,
        "issued_on",
        "the child is 17 or over that day: no care or supervision order can be made (s.31(3))",
    )
    child = _locked_child(child)
    if pre_proceedings is not None:
        _locked(pre_proceedings.referral)
        pre_proceedings.refresh_from_db()
        rules.require(
            pre_proceedings.child_id == child.pk,
            r,
            "pre_proceedings",
            "the pre-proceedings are another child's",
        )
        rules.not_before(
            r, "issued_on", issued_on, pre_proceedings.started_on, "the start of pre-proceedings"
        )
        rules.not_before(
            r, "issued_on", issued_on, pre_proceedings.ended_on, "the end of pre-proceedings"
        )
    rules.require(
        not child.care_proceedings.filter(concluded_on__isnull=True).exists(),
        r,
        "issued_on",
        "care proceedings are already open for this child",
    )
    last_end = (
        child.care_proceedings.order_by("-concluded_on")
        .values_list("concluded_on", flat=True)
        .first()
    )
    rules.not_before(r, "issued_on", issued_on, last_end, "the end of the previous proceedings")
    proceedings = CareProceedings.objects.create(
        child=child, issued_on=issued_on, court=court.strip(), pre_proceedings=pre_proceedings
    )
    emit(events.care_proceedings_issued(proceedings))
    if pre_proceedings is not None and pre_proceedings.ended_on is None:
        pre_proceedings.ended_on = issued_on
        pre_proceedings.outcome = PreProceedings.Outcome.PROCEEDINGS_ISSUED
        pre_proceedings.save(update_fields=["ended_on", "outcome"])
        emit(events.pre_proceedings_ended(pre_proceedings))
    return proceedings


@service
def conclude_care_proceedings(
    *,
    proceedings: CareProceedings,
    concluded_on: date,
    outcome: str,
    today: date | None = None,
) -> CareProceedings:
    today = today_or(today)
    r = "Care proceedings"
    _locked_child(proceedings.child)
    proceedings.refresh_from_db()
    rules.require(
        proceedings.concluded_on is None,
        r,
        "concluded_on",
        "the proceedings are already concluded",
    )
    rules.require(outcome in CareProceedings.Outcome.values, r, "outcome", "choose the outcome")
    rules.not_future(r, "concluded_on", concluded_on, today)
    rules.not_before(
        r, "concluded_on", concluded_on, proceedings.issued_on, "the issue of the proceedings"
    )
    proceedings.concluded_on, proceedings.outcome = concluded_on, outcome
    proceedings.save(update_fields=["concluded_on", "outcome"])
    emit(events.care_proceedings_concluded(proceedings))
    return proceedings
