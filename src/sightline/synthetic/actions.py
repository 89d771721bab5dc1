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
    ):
        value = getattr(action, name, None)
        if isinstance(value, date):
            return value
    for name in ("received_at", "decided_at"):
        value = getattr(action, name, None)
        if isinstance(value, datetime):
            return value.date()
    return None
