"""Domain events: what happened to a child, emitted by services inside their transaction.

Handlers (chronology now; timescales and audit later) subscribe by event name and run in the
same transaction, so a refused change leaves no trace anywhere.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from django.db import models


class EventName(StrEnum):
    PERSON_REGISTERED = "PersonRegistered"
    ADULT_REGISTERED = "AdultRegistered"
    RELATIONSHIP_RECORDED = "RelationshipRecorded"
    PERSON_DIED = "PersonDied"
    RECORD_RESTRICTED = "RecordRestricted"
    CONTACT_RECEIVED = "ContactReceived"
    CONTACT_DECIDED = "ContactDecided"
    EARLY_HELP_STARTED = "EarlyHelpStarted"
    EARLY_HELP_ENDED = "EarlyHelpEnded"
    REFERRAL_OPENED = "ReferralOpened"
    REFERRAL_CLOSED = "ReferralClosed"
    ASSESSMENT_STARTED = "AssessmentStarted"
    ASSESSMENT_AUTHORISED = "AssessmentAuthorised"
    STRATEGY_DISCUSSION_HELD = "StrategyDiscussionHeld"
    SECTION47_STARTED = "Section47EnquiryStarted"
    SECTION47_COMPLETED = "Section47EnquiryCompleted"
    CONFERENCE_HELD = "ChildProtectionConferenceHeld"
    CP_PLAN_STARTED = "ChildProtectionPlanStarted"
    CP_PLAN_ENDED = "ChildProtectionPlanEnded"
    CIN_PLAN_STARTED = "ChildInNeedPlanStarted"
    CIN_PLAN_ENDED = "ChildInNeedPlanEnded"
    VISIT_RECORDED = "VisitRecorded"
    PRE_PROCEEDINGS_STARTED = "PreProceedingsStarted"
    PRE_PROCEEDINGS_ENDED = "PreProceedingsEnded"
    WORKER_ALLOCATED = "WorkerAllocated"
    ALLOCATION_ENDED = "AllocationEnded"
    CASE_NOTE_WRITTEN = "CaseNoteWritten"
    CARE_STARTED = "StartedToBeLookedAfter"
    LEGAL_STATUS_CHANGED = "LegalStatusChanged"
    PLACEMENT_CHANGED = "PlacementChanged"
    CARE_ENDED = "CeasedToBeLookedAfter"
    LOOKED_AFTER_REVIEW_HELD = "LookedAfterReviewHeld"
    HEALTH_CHECK_RECORDED = "HealthCheckRecorded"
    SCHOOL_RECORDED = "SchoolRecorded"
    PEP_REVIEWED = "PersonalEducationPlanReviewed"
    MISSING_STARTED = "MissingFromCareStarted"
    MISSING_ENDED = "ReturnedAfterMissingFromCare"
    RETURN_INTERVIEW_RECORDED = "ReturnInterviewRecorded"
    UASC_RECORDED = "UnaccompaniedStatusRecorded"
    UASC_CEASED = "UnaccompaniedStatusCeased"
    ADOPTION_MILESTONE_RECORDED = "AdoptionMilestoneRecorded"
    ADOPTERS_RECORDED = "AdoptersRecorded"
    PREVIOUS_PERMANENCE_RECORDED = "PreviousPermanenceRecorded"
    UNREGISTERED_PLACEMENT_APPROVED = "UnregisteredPlacementApproved"
    PATHWAY_PLAN_STARTED = "PathwayPlanStarted"
    PATHWAY_PLAN_REVIEWED = "PathwayPlanReviewed"
    CARE_LEAVER_IN_TOUCH_RECORDED = "CareLeaverInTouchRecorded"
    CARE_LEAVER_ACTIVITY_RECORDED = "CareLeaverActivityRecorded"
    CARE_LEAVER_ACCOMMODATION_RECORDED = "CareLeaverAccommodationRecorded"
    HOMELESS_PRESENTED = "PresentedAsHomeless"
    HOMELESS_ADVOCACY_RECORDED = "HomelessAdvocacyRecorded"
    HOMELESS_ASSESSMENT_STARTED = "HomelessJointAssessmentStarted"
    HOMELESS_ASSESSMENT_COMPLETED = "HomelessJointAssessmentCompleted"
    HOMELESS_OUTCOME_RECORDED = "HomelessOutcomeRecorded"
    NEET_BARRIER_RECORDED = "NEETBarrierRecorded"
    NEET_OFFER_MADE = "NEETOfferMade"
    NEET_OFFER_OUTCOME_RECORDED = "NEETOfferOutcomeRecorded"
    # Care planning (issue 4) and the rest of leaving care
    CARE_PLAN_RECORDED = "CarePlanRecorded"
    PLACEMENT_PLAN_RECORDED = "PlacementPlanRecorded"
    TRANSITION_PLAN_RECORDED = "TransitionPlanRecorded"
    STAYING_PUT_STARTED = "StayingPutStarted"
    STAYING_PUT_ENDED = "StayingPutEnded"
    CUSTODY_RECORDED = "CustodyRecorded"
    PARENTHOOD_RECORDED = "ParenthoodRecorded"
    ESSENTIAL_DOCUMENTS_UPDATED = "EssentialDocumentsUpdated"
    SUPPORT_TO_25_REQUESTED = "SupportTo25Requested"
    # Records the timescales need (issue 5)
    CORE_GROUP_MEETING_HELD = "CoreGroupMeetingHeld"
    CHILD_IN_NEED_MEETING_HELD = "ChildInNeedMeetingHeld"
    LADO_ALLEGATION_RECORDED = "AllegationToLADORecorded"
    LADO_ALLEGATION_CONCLUDED = "AllegationToLADOConcluded"
    PRIVATE_FOSTERING_NOTIFIED = "PrivateFosteringNotified"
    PRIVATE_FOSTERING_ENDED = "PrivateFosteringEnded"
    CARE_PROCEEDINGS_ISSUED = "CareProceedingsIssued"
    CARE_PROCEEDINGS_CONCLUDED = "CareProceedingsConcluded"
    # SSDA903 OC2 outcomes for children looked after
    CONVICTION_RECORDED = "ConvictionRecorded"
    SUBSTANCE_MISUSE_RECORDED = "SubstanceMisuseRecorded"
    # A mistaken entry corrected or struck out by its author or a manager (decision 0026)
    ENTRY_CORRECTED = "EntryCorrected"
    ENTRY_STRUCK_OUT = "EntryStruckOut"
    # Quality of practice (issue 17, decision 0034)
    OVERSIGHT_RECORDED = "ManagementOversightRecorded"
    OVERSIGHT_ACTION_DONE = "OversightActionDone"
    SUPERVISION_DISCUSSED = "DiscussedInSupervision"
    CASE_AUDITED = "CaseAudited"
    AUDIT_MODERATED = "CaseAuditModerated"
    AUDIT_RESPONDED = "PractitionerRespondedToAudit"
    FEEDBACK_RECORDED = "FeedbackRecorded"


@dataclass(frozen=True)
class DomainEvent:
    """One thing that happened to one child, on one day, recorded in one row.

    ``child_id`` is the person whose record changed: the child, or, for what is recorded about
    an adult alone (registering them), that adult.
    """

    name: EventName
    child_id: int
    occurred_on: date
    record_type: str  # the model's label, e.g. "protection.Section47Enquiry"
    record_id: int
    summary: str  # a short sentence a social worker would write in a chronology
    data: dict[str, Any] = field(default_factory=dict)


def record_event(
    name: EventName, record: models.Model, child_id: int, on: date, summary: str
) -> DomainEvent:
    """The event about one saved record: every app's event constructors build it this way."""
    return DomainEvent(
        name=name,
        child_id=child_id,
        occurred_on=on,
        record_type=record._meta.label,
        record_id=record.pk,
        summary=summary,
    )


Handler = Callable[[DomainEvent], None]
_handlers: dict[EventName, list[Handler]] = defaultdict(list)
_all_handlers: list[Handler] = []


def subscribe(*names: EventName) -> Callable[[Handler], Handler]:
    """Register a handler for the named events (all events when no name is given)."""

    def register(handler: Handler) -> Handler:
        if not names and handler not in _all_handlers:
            _all_handlers.append(handler)
        for name in names:
            if handler not in _handlers[name]:
                _handlers[name].append(handler)
        return handler

    return register


@dataclass
class Trace:
    """The events emitted while a service runs (``core.writes.service`` checks there is one)."""

    events: list[DomainEvent] = field(default_factory=list)


_traces: ContextVar[tuple[Trace, ...]] = ContextVar("sightline_traces", default=())


@contextmanager
def tracing() -> Iterator[Trace]:
    """Collect the events emitted inside the block (nested blocks each see their own)."""
    trace = Trace()
    token = _traces.set((*_traces.get(), trace))
    try:
        yield trace
    finally:
        _traces.reset(token)


def emit(event: DomainEvent) -> None:
    """Run every handler for the event, in registration order, in the caller's transaction."""
    for trace in _traces.get():
        trace.events.append(event)
    for handler in [*_all_handlers, *_handlers.get(event.name, [])]:
        handler(event)
