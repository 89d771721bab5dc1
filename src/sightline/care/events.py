"""Care domain events, built one way for services and bulk writers."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from sightline.care.codes import (
    HealthCheckKind,
    LegalStatusCode,
    MissingKind,
    PlacementType,
    PreviousPermanenceKind,
    ReasonCeased,
    ReasonPlacedCeased,
)
from sightline.care.models import (
    AdoptionMilestones,
    CarePlan,
    Conviction,
    EducationRecord,
    HealthAssessment,
    LegalStatus,
    LookedAfterReview,
    MissingEpisode,
    PeriodOfCare,
    PersonalEducationPlan,
    Placement,
    PreviousPermanence,
    SubstanceMisuse,
    UnaccompaniedStatus,
    UnregisteredPlacementApproval,
)
from sightline.core.codes import label
from sightline.core.events import DomainEvent, EventName
from sightline.core.events import record_event as _about


def care_started(p: PeriodOfCare, status: LegalStatus, placement: Placement) -> DomainEvent:
    return DomainEvent(
        name=EventName.CARE_STARTED,
        child_id=p.child_id,
        occurred_on=p.started_on,
        record_type=p._meta.label,
        record_id=p.pk,
        summary=(
            f"Started to be looked after ({label(LegalStatusCode, status.code).lower()}): "
            f"{label(PlacementType, placement.place).lower()}"
        ),
    )


def legal_status_changed(s: LegalStatus) -> DomainEvent:
    return DomainEvent(
        name=EventName.LEGAL_STATUS_CHANGED,
        child_id=s.child_id,
        occurred_on=s.started_on,
        record_type=s._meta.label,
        record_id=s.pk,
        summary=f"Legal status: {label(LegalStatusCode, s.code).lower()}",
    )


def placement_changed(p: Placement) -> DomainEvent:
    return DomainEvent(
        name=EventName.PLACEMENT_CHANGED,
        child_id=p.child_id,
        occurred_on=p.started_on,
        record_type=p._meta.label,
        record_id=p.pk,
        summary=f"New placement: {label(PlacementType, p.place).lower()}",
    )


def care_ended(p: PeriodOfCare) -> DomainEvent:
    assert p.ended_on is not None
    return DomainEvent(
        name=EventName.CARE_ENDED,
        child_id=p.child_id,
        occurred_on=p.ended_on,
        record_type=p._meta.label,
        record_id=p.pk,
        summary=f"Ceased to be looked after: {label(ReasonCeased, p.reason_ceased).lower()}",
    )


def review_held(r: LookedAfterReview) -> DomainEvent:
    return DomainEvent(
        name=EventName.LOOKED_AFTER_REVIEW_HELD,
        child_id=r.child_id,
        occurred_on=r.held_on,
        record_type=r._meta.label,
        record_id=r.pk,
        summary=review_summary(r),
    )


def review_summary(r: LookedAfterReview) -> str:
    """ "Looked-after review held: 2 recommendations; the IRO escalated a concern"."""
    count = len(r.recommendation_lines)
    parts = []
    if count:
        parts.append(f"{count} recommendation{'s' if count != 1 else ''}")
    if r.escalation:
        parts.append("the IRO escalated a concern")
    return "Looked-after review held" + (": " + "; ".join(parts) if parts else "")


def health_check_recorded(h: HealthAssessment) -> DomainEvent:
    summary = label(HealthCheckKind, h.kind)
    if h.kind == HealthCheckKind.SDQ:
        summary += f": score {h.sdq_score}" if h.sdq_score is not None else ": no score"
    return _about(EventName.HEALTH_CHECK_RECORDED, h, h.child_id, h.done_on, summary)


def school_recorded(e: EducationRecord) -> DomainEvent:
    return _about(
        EventName.SCHOOL_RECORDED, e, e.child_id, e.started_on, f"Started at {e.school_name}"
    )


def pep_reviewed(p: PersonalEducationPlan) -> DomainEvent:
    return _about(
        EventName.PEP_REVIEWED, p, p.child_id, p.reviewed_on, "Personal education plan reviewed"
    )


def missing_started(m: MissingEpisode) -> DomainEvent:
    return _about(
        EventName.MISSING_STARTED,
        m,
        m.child_id,
        timezone.localdate(m.started_at),
        f"{label(MissingKind, m.kind)} from {timezone.localtime(m.started_at):%H:%M}",
    )


def missing_ended(m: MissingEpisode) -> DomainEvent:
    assert m.ended_at is not None
    return _about(
        EventName.MISSING_ENDED,
        m,
        m.child_id,
        timezone.localdate(m.ended_at),
        f"Returned at {timezone.localtime(m.ended_at):%H:%M} after being "
        f"{'missing' if m.kind == MissingKind.MISSING else 'away without authorisation'}",
    )


def return_interview_recorded(m: MissingEpisode) -> DomainEvent:
    assert m.ended_at is not None
    held = m.return_interview_held_at
    if held is not None:
        on, summary = timezone.localdate(held), "Return home interview held"
    elif m.return_interview_accepted:
        on, summary = timezone.localdate(m.ended_at), "Return home interview accepted"
    elif m.return_interview_offered:
        on, summary = timezone.localdate(m.ended_at), "Return home interview offered, declined"
    else:
        on, summary = timezone.localdate(m.ended_at), "Return home interview not offered"
    return _about(EventName.RETURN_INTERVIEW_RECORDED, m, m.child_id, on, summary)


def uasc_recorded(u: UnaccompaniedStatus) -> DomainEvent:
    return _about(
        EventName.UASC_RECORDED,
        u,
        u.child_id,
        u.recorded_on,
        "Recorded as an unaccompanied asylum-seeking child",
    )


def uasc_ceased(u: UnaccompaniedStatus) -> DomainEvent:
    assert u.ceased_on is not None
    return _about(
        EventName.UASC_CEASED,
        u,
        u.child_id,
        u.ceased_on,
        "No longer an unaccompanied asylum-seeking child",
    )


ADOPTION_MILESTONE_WORDS = {
    "decision_on": "Decision that the child should be placed for adoption",
    "placement_order_on": "Placement order granted",
    "matched_on": "Matched with adopters",
    "placed_on": "Placed for adoption",
    "adoption_order_on": "Adoption order granted",
    "reversed_on": "Decision that the child should no longer be placed for adoption",
}


def adoption_milestone_recorded(a: AdoptionMilestones, milestone: str) -> DomainEvent:
    on = getattr(a, milestone)
    summary = ADOPTION_MILESTONE_WORDS[milestone]
    if milestone == "reversed_on":
        summary += f" ({label(ReasonPlacedCeased, a.reversed_reason).lower()})"
    return _about(EventName.ADOPTION_MILESTONE_RECORDED, a, a.child_id, on, summary)


def adopters_recorded(a: AdoptionMilestones, on: date) -> DomainEvent:
    return _about(EventName.ADOPTERS_RECORDED, a, a.child_id, on, "Adopters' details recorded")


def previous_permanence_recorded(p: PreviousPermanence, on: date) -> DomainEvent:
    return _about(
        EventName.PREVIOUS_PERMANENCE_RECORDED,
        p,
        p.child_id,
        on,
        f"Previous permanence: {label(PreviousPermanenceKind, p.kind).lower()}",
    )


def unregistered_placement_approved(a: UnregisteredPlacementApproval) -> DomainEvent:
    return _about(
        EventName.UNREGISTERED_PLACEMENT_APPROVED,
        a,
        a.child_id,
        a.approved_on,
        f"Placement in unregistered provision approved; visits at least every "
        f"{a.enhanced_visit_frequency_days} days",
    )


def care_plan_recorded(c: CarePlan) -> DomainEvent:
    return _about(EventName.CARE_PLAN_RECORDED, c, c.child_id, c.agreed_on, "Care plan agreed")


def placement_plan_recorded(p: Placement) -> DomainEvent:
    """About the placement itself: the plan is its ``placement_plan_on``."""
    assert p.placement_plan_on is not None
    return _about(
        EventName.PLACEMENT_PLAN_RECORDED,
        p,
        p.child_id,
        p.placement_plan_on,
        f"Placement plan agreed: {label(PlacementType, p.place).lower()} with {p.carer}",
    )


def conviction_recorded(c: Conviction) -> DomainEvent:
    offence = c.offence.strip()
    summary = f"Convicted: {offence}" if offence else "Convicted of an offence"
    return _about(EventName.CONVICTION_RECORDED, c, c.child_id, c.convicted_on, summary)


def substance_misuse_recorded(s: SubstanceMisuse) -> DomainEvent:
    if s.intervention_received:
        intervention = "an intervention offered and received"
    elif s.intervention_offered:
        intervention = "an intervention offered, not received"
    else:
        intervention = "no intervention offered"
    return _about(
        EventName.SUBSTANCE_MISUSE_RECORDED,
        s,
        s.child_id,
        s.identified_on,
        f"Substance misuse problem identified; {intervention}",
    )
