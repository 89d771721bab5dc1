"""Leaving care domain events, built one way for services and bulk writers. Personal adviser
allocation emits the workforce's WorkerAllocated event (it is a workforce.Allocation)."""

from __future__ import annotations

from datetime import date

from sightline.core.codes import label
from sightline.core.events import DomainEvent, EventName
from sightline.core.events import record_event as _event
from sightline.leaving_care.codes import (
    AccommodationCode,
    ActivityCode,
    HomelessOutcome,
    InTouchCode,
    NEETBarrierCode,
    NEETOfferKind,
    NEETOfferOutcome,
)
from sightline.leaving_care.models import (
    Accommodation,
    Activity,
    Custody,
    EssentialDocuments,
    HomelessPresentation,
    InTouch,
    NEETBarrier,
    NEETOffer,
    Parenthood,
    PathwayPlan,
    PathwayPlanReview,
    StayingPut,
    SupportTo25Request,
    TransitionPlan,
)


def pathway_plan_started(p: PathwayPlan) -> DomainEvent:
    return _event(
        EventName.PATHWAY_PLAN_STARTED, p, p.child_id, p.started_on, "Pathway plan started"
    )


def pathway_plan_reviewed(r: PathwayPlanReview) -> DomainEvent:
    return _event(
        EventName.PATHWAY_PLAN_REVIEWED, r, r.child_id, r.reviewed_on, "Pathway plan reviewed"
    )


def in_touch_recorded(t: InTouch) -> DomainEvent:
    return _event(
        EventName.CARE_LEAVER_IN_TOUCH_RECORDED,
        t,
        t.child_id,
        t.recorded_on,
        f"Contact with the care leaver: {label(InTouchCode, t.in_touch).lower()}",
    )


def activity_recorded(a: Activity) -> DomainEvent:
    return _event(
        EventName.CARE_LEAVER_ACTIVITY_RECORDED,
        a,
        a.child_id,
        a.from_date,
        f"Activity: {label(ActivityCode, a.code).lower()}",
    )


def accommodation_recorded(a: Accommodation) -> DomainEvent:
    return _event(
        EventName.CARE_LEAVER_ACCOMMODATION_RECORDED,
        a,
        a.child_id,
        a.from_date,
        f"Accommodation: {label(AccommodationCode, a.code).lower()}",
    )


def homeless_presented(h: HomelessPresentation) -> DomainEvent:
    text = "Presented as homeless"
    if h.accommodation_used:
        text += f"; accommodated in {h.accommodation_used}"
    if h.is_bed_and_breakfast:
        text += " (bed and breakfast: unsuitable for a 16/17-year-old)"
    return _event(EventName.HOMELESS_PRESENTED, h, h.child_id, h.presented_on, text)


def homeless_advocacy_recorded(h: HomelessPresentation, on: date) -> DomainEvent:
    offered = "offered" if h.advocacy_offered else "not offered"
    taken = "taken up" if h.advocacy_taken_up else "not taken up"
    return _event(
        EventName.HOMELESS_ADVOCACY_RECORDED, h, h.child_id, on, f"Advocacy {offered}, {taken}"
    )


def homeless_assessment_started(h: HomelessPresentation) -> DomainEvent:
    assert h.joint_assessment_started_on is not None
    return _event(
        EventName.HOMELESS_ASSESSMENT_STARTED,
        h,
        h.child_id,
        h.joint_assessment_started_on,
        "Joint housing and children's services assessment started",
    )


def homeless_assessment_completed(h: HomelessPresentation) -> DomainEvent:
    assert h.joint_assessment_completed_on is not None
    return _event(
        EventName.HOMELESS_ASSESSMENT_COMPLETED,
        h,
        h.child_id,
        h.joint_assessment_completed_on,
        "Joint housing and children's services assessment completed",
    )


def homeless_outcome_recorded(h: HomelessPresentation) -> DomainEvent:
    assert h.outcome_on is not None
    text = f"Homelessness outcome: {label(HomelessOutcome, h.outcome).lower()}"
    if h.is_bed_and_breakfast:
        text += "; in bed and breakfast (unsuitable)"
    return _event(EventName.HOMELESS_OUTCOME_RECORDED, h, h.child_id, h.outcome_on, text)


def neet_barrier_recorded(b: NEETBarrier) -> DomainEvent:
    return _event(
        EventName.NEET_BARRIER_RECORDED,
        b,
        b.child_id,
        b.recorded_on,
        f"Barrier to education, employment or training: "
        f"{label(NEETBarrierCode, b.barrier).lower()}",
    )


def neet_offer_made(o: NEETOffer) -> DomainEvent:
    return _event(
        EventName.NEET_OFFER_MADE,
        o,
        o.child_id,
        o.offered_on,
        f"Offered: {label(NEETOfferKind, o.kind).lower()}",
    )


def neet_offer_outcome_recorded(o: NEETOffer) -> DomainEvent:
    assert o.outcome_on is not None
    return _event(
        EventName.NEET_OFFER_OUTCOME_RECORDED,
        o,
        o.child_id,
        o.outcome_on,
        f"{label(NEETOfferKind, o.kind)} offer: {label(NEETOfferOutcome, o.outcome).lower()}",
    )


def transition_plan_recorded(t: TransitionPlan) -> DomainEvent:
    return _event(
        EventName.TRANSITION_PLAN_RECORDED,
        t,
        t.child_id,
        t.agreed_on,
        "Transition plan agreed (the move to adult services)",
    )


def staying_put_started(s: StayingPut) -> DomainEvent:
    return _event(
        EventName.STAYING_PUT_STARTED,
        s,
        s.child_id,
        s.started_on,
        f"Staying put with former foster carer {s.carer}",
    )


def staying_put_ended(s: StayingPut) -> DomainEvent:
    assert s.ended_on is not None
    return _event(
        EventName.STAYING_PUT_ENDED,
        s,
        s.child_id,
        s.ended_on,
        f"Staying put with {s.carer} ended",
    )


def custody_recorded(c: Custody, on: date) -> DomainEvent:
    """The start of custody (``on`` is ``from_date``) or, later, the release (``to_date``)."""
    text = "Released from custody" if on == c.to_date else "In custody"
    return _event(EventName.CUSTODY_RECORDED, c, c.child_id, on, text)


def parenthood_recorded(p: Parenthood) -> DomainEvent:
    return _event(
        EventName.PARENTHOOD_RECORDED, p, p.child_id, p.became_parent_on, "Became a parent"
    )


def essential_documents_updated(d: EssentialDocuments, changed: list[str]) -> DomainEvent:
    """``changed``: the words for what changed, "passport in hand", "bank account removed"."""
    return _event(
        EventName.ESSENTIAL_DOCUMENTS_UPDATED,
        d,
        d.child_id,
        d.updated_on,
        "Essential documents: " + ", ".join(changed),
    )


def support_to_25_requested(r: SupportTo25Request) -> DomainEvent:
    return _event(
        EventName.SUPPORT_TO_25_REQUESTED,
        r,
        r.child_id,
        r.requested_on,
        "Asked for personal adviser support to 25",
    )
