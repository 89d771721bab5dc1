"""What happens in a synthetic child's journey, as plain actions: one per service call.

The simulation produces these; two executors carry them out: ``replay`` calls the real
services one by one (slow, the reference), ``bulk`` writes the same rows in bulk (fast). A test
runs both on a small authority and requires identical results (CONTRACTS.md "Sizes").

A ``Ref`` stands for a record an earlier action creates; the executor fills it in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sightline.care.services import PlacementDetails


@dataclass(eq=False)
class Ref:
    """A record created by an earlier action (filled in by the executor)."""

    obj: Any = None


@dataclass
class RegisterChild:
    ref: Ref
    on: date
    la_child_id: str
    given_name: str
    family_name: str
    sex: str
    ethnicity: str
    birth_date: date | None
    expected_birth_date: date | None
    nhs_number: str
    upn: str
    upn_unknown: str
    home_postcode: str
    disabilities: tuple[str, ...]


@dataclass
class RegisterAdult:
    ref: Ref
    given_name: str
    family_name: str
    sex: str
    birth_date: date | None


@dataclass
class Relate:
    child: Ref
    relative: Ref
    kind: str
    has_parental_responsibility: bool
    lives_with_child: bool


@dataclass
class ReceiveContact:
    ref: Ref
    child: Ref
    received_at: datetime
    source: str
    reason: str


@dataclass
class DecideContact:
    contact: Ref
    decision: str
    decided_at: datetime
    decided_by: int  # worker pk
    rationale: str
    consent: str
    consent_dispensed_reason: str = ""
    primary_need: str = "N0"
    referral_nfa: bool = False
    referral: Ref | None = None  # filled when the decision opens a referral
    early_help: Ref | None = None  # filled when the decision starts early help
    lead_worker: int | None = None  # the early help's lead practitioner (worker pk)
    threshold: str = ""  # the level of need (frontdoor.Contact.Threshold)


@dataclass
class Allocate:
    ref: Ref
    child: Ref
    worker: int
    kind: str
    started_on: date
    reason: str


@dataclass
class EndAllocation:
    allocation: Ref
    ended_on: date


@dataclass
class StartAssessment:
    ref: Ref
    referral: Ref
    started_on: date
    worker: int


@dataclass
class AuthoriseAssessment:
    assessment: Ref
    authorised_on: date
    outcome: str
    factors: tuple[str, ...]
    child_seen_on: date | None


@dataclass
class HoldStrategyDiscussion:
    ref: Ref
    referral: Ref
    held_on: date
    outcome: str
    agencies: tuple[str, ...]
    requested_on: date | None
    section47: Ref = field(default_factory=Ref)  # filled when the outcome starts an enquiry


@dataclass
class CompleteSection47:
    enquiry: Ref
    completed_on: date
    outcome: str
    icpc_not_required: bool


@dataclass
class HoldConference:
    ref: Ref
    kind: str
    held_on: date
    outcome: str
    section47: Ref | None = None
    plan: Ref | None = None
    referral: Ref | None = None
    category: str = ""
    new_plan: Ref = field(default_factory=Ref)  # filled when the conference starts a plan
    chair: int | None = None  # the child protection chair (worker pk)


@dataclass
class StartCINPlan:
    ref: Ref
    referral: Ref
    started_on: date


@dataclass
class EndCINPlan:
    plan: Ref
    ended_on: date


@dataclass
class StartPreProceedings:
    ref: Ref
    referral: Ref
    started_on: date
    letter_sent_on: date | None
    meeting_on: date | None


@dataclass
class EndPreProceedings:
    pre: Ref
    ended_on: date
    outcome: str


@dataclass
class RecordVisit:
    child: Ref
    purpose: str
    visited_on: date
    worker: int
    child_seen: bool
    seen_alone: bool


@dataclass
class WriteCaseNote:
    child: Ref
    author: int
    written_on: date
    kind: str
    text: str


@dataclass
class StartEarlyHelp:
    ref: Ref
    child: Ref
    started_on: date
    lead_worker: int | None = None


@dataclass
class EndEarlyHelp:
    episode: Ref
    ended_on: date
    end_reason: str


@dataclass
class CloseReferral:
    referral: Ref
    closure_date: date
    reason: str


@dataclass
class StartCare:
    ref: Ref
    child: Ref
    started_on: date
    legal_status: str
    placement: PlacementDetails
    category_of_need: str
    home_postcode: str


@dataclass
class ChangeLegalStatus:
    period: Ref
    started_on: date
    code: str


@dataclass
class ChangePlacement:
    period: Ref
    started_on: date
    placement: PlacementDetails
    reason_previous_ended: str


@dataclass
class EndCare:
    period: Ref
    ended_on: date
    reason_ceased: str


@dataclass
class RecordReview:
    period: Ref
    held_on: date
    participation: str
    chaired_by: int | None = None  # the independent reviewing officer (worker pk)


# --- In care: missing, health, education ------------------------------------------------------


@dataclass
class RecordMissingStart:
    ref: Ref
    period: Ref
    kind: str
    started_at: datetime


@dataclass
class RecordReturn:
    episode: Ref
    ended_at: datetime
    offered: bool = False  # the return interview, when offered (and declined) at the return
    accepted: bool = False


@dataclass
class RecordReturnInterview:
    episode: Ref
    on: date  # when it is recorded: the interview, or the day it was declined
    offered: bool
    accepted: bool
    held_at: datetime | None


@dataclass
class RecordHealthCheck:
    period: Ref
    kind: str
    done_on: date
    sdq_score: int | None = None
    sdq_reason: str = ""


@dataclass
class RecordSchool:
    child: Ref
    school_name: str
    school_urn: str
    started_on: date


@dataclass
class RecordPEPReview:
    period: Ref
    reviewed_on: date


# --- Leaving care -----------------------------------------------------------------------------


@dataclass
class AllocatePersonalAdviser:
    ref: Ref
    child: Ref
    worker: int
    on: date


@dataclass
class StartPathwayPlan:
    ref: Ref
    child: Ref
    started_on: date


@dataclass
class ReviewPathwayPlan:
    plan: Ref
    reviewed_on: date


@dataclass
class RecordInTouch:
    child: Ref
    recorded_on: date
    in_touch: str


@dataclass
class RecordActivity:
    child: Ref
    from_date: date
    code: str


@dataclass
class RecordAccommodation:
    child: Ref
    from_date: date
    code: str


@dataclass
class RecordHomelessPresentation:
    ref: Ref
    child: Ref
    presented_on: date
    advocacy_offered: bool
    advocacy_taken_up: bool
    accommodation_used: str
    is_bed_and_breakfast: bool


@dataclass
class RecordAdvocacy:
    presentation: Ref
    on: date  # the service takes no date: the day it is recorded, for ordering
    offered: bool
    taken_up: bool


@dataclass
class StartJointAssessment:
    presentation: Ref
    started_on: date


@dataclass
class CompleteJointAssessment:
    presentation: Ref
    completed_on: date


@dataclass
class RecordHomelessOutcome:
    presentation: Ref
    outcome: str
    outcome_on: date
    accommodation_used: str | None = None
    is_bed_and_breakfast: bool | None = None


@dataclass
class RecordNEETBarrier:
    child: Ref
    recorded_on: date
    barrier: str
    note: str = ""


@dataclass
class RecordNEETOffer:
    ref: Ref
    child: Ref
    offered_on: date
    kind: str


@dataclass
class RecordNEETOfferOutcome:
    offer: Ref
    outcome: str
    outcome_on: date


# --- Records the timescales read: meetings, plans, private fostering, the LADO, proceedings ---


@dataclass
class HoldCoreGroup:
    plan: Ref  # the child protection plan
    held_on: date


@dataclass
class HoldCINMeeting:
    plan: Ref  # the child in need plan
    held_on: date
    kind: str  # "meeting" or "review"


@dataclass
class RecordCarePlan:
    period: Ref
    agreed_on: date  # may be a few days before the period starts (a planned admission)


@dataclass
class RecordPreviousPermanence:
    period: Ref
    on: date  # recorded as the period starts
    kind: str  # PREV_PERM: P1-P4 or Z1 (none)
    la: str = ""
    order_year: int | None = None
    order_month: int | None = None
    order_day: int | None = None


@dataclass
class RecordAdoptionMilestone:
    period: Ref
    milestone: str  # decision_on, placement_order_on, matched_on, placed_on, adoption_order_on
    on: date


@dataclass
class RecordAdopters:
    period: Ref
    on: date  # the service takes no date: the day it is recorded, for ordering
    foster_care: bool
    number_of_adopters: int
    sex_of_adopters: str
    legal_status_of_adopters: str


@dataclass
class RecordPlacementPlan:
    period: Ref
    placement_started_on: date  # which placement of the period (one starts on a day)
    agreed_on: date  # may be a few days before the placement starts (a planned move)


@dataclass
class NotifyPrivateFostering:
    ref: Ref
    child: Ref
    notified_on: date
    arrangement_started_on: date
    carer_name: str


@dataclass
class EndPrivateFostering:
    arrangement: Ref
    ended_on: date
    reason: str


@dataclass
class RecordAllegation:
    ref: Ref
    child: Ref
    subject_role: str
    subject_employer: str
    came_to_attention_on: date
    referred_on: date


@dataclass
class ConcludeAllegation:
    allegation: Ref
    concluded_on: date
    outcome: str


@dataclass
class IssueCareProceedings:
    ref: Ref
    child: Ref
    issued_on: date
    court: str


@dataclass
class ConcludeCareProceedings:
    proceedings: Ref
    concluded_on: date
    outcome: str


# --- Quality of practice (synthetic/practice.py) ----------------------------------------------


@dataclass
class RecordSupervision:
    worker: int  # worker pk
    supervisor: int  # the team manager's worker pk
    held_on: date
    reflection: str
    cases: tuple[tuple[Ref, str], ...]  # each child discussed, with the case-level note


@dataclass
class RecordOversight:
    child: Ref
    manager: int  # worker pk
    held_on: date
    point: str
    decision: str
    rationale: str


Action = (
    RegisterChild
    | RegisterAdult
    | Relate
    | ReceiveContact
    | DecideContact
    | Allocate
    | EndAllocation
    | StartAssessment
    | AuthoriseAssessment
    | HoldStrategyDiscussion
    | CompleteSection47
    | HoldConference
    | StartCINPlan
    | EndCINPlan
    | StartPreProceedings
    | EndPreProceedings
    | RecordVisit
    | WriteCaseNote
    | StartEarlyHelp
    | EndEarlyHelp
    | CloseReferral
    | StartCare
    | ChangeLegalStatus
    | ChangePlacement
    | EndCare
    | RecordReview
    | RecordMissingStart
    | RecordReturn
    | RecordReturnInterview
    | RecordHealthCheck
    | RecordSchool
    | RecordPEPReview
    | AllocatePersonalAdviser
    | StartPathwayPlan
    | ReviewPathwayPlan
    | RecordInTouch
    | RecordActivity
    | RecordAccommodation
    | RecordHomelessPresentation
    | RecordAdvocacy
    | StartJointAssessment
    | CompleteJointAssessment
    | RecordHomelessOutcome
    | RecordNEETBarrier
    | RecordNEETOffer
    | RecordNEETOfferOutcome
    | HoldCoreGroup
    | HoldCINMeeting
    | RecordCarePlan
    | RecordPreviousPermanence
    | RecordAdoptionMilestone
    | RecordAdopters
    | RecordPlacementPlan
    | NotifyPrivateFostering
    | EndPrivateFostering
    | RecordAllegation
    | ConcludeAllegation
    | IssueCareProceedings
    | ConcludeCareProceedings
    | RecordSupervision
    | RecordOversight
)


def action_date(action: Action) -> date | None:
    """The day an action happens (None for timeless ones such as relating two people)."""
    for name in (
        "on",
        "started_on",
        "ended_on",
        "authorised_on",
        "held_on",
        "completed_on",
        "visited_on",
        "written_on",
        "closure_date",
        "done_on",
        "reviewed_on",
        "recorded_on",
        "from_date",
        "presented_on",
        "offered_on",
        "outcome_on",
        "agreed_on",
        "notified_on",
        "referred_on",
        "concluded_on",
        "issued_on",
    ):
        value = getattr(action, name, None)
        if isinstance(value, date):
            return value
    for name in ("received_at", "decided_at", "started_at", "ended_at"):
        value = getattr(action, name, None)
        if isinstance(value, datetime):
            return value.date()
    return None
