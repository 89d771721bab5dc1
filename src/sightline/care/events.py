"""Care domain events, built one way for services and bulk writers."""

from __future__ import annotations

from sightline.care.codes import LegalStatusCode, PlacementType, ReasonCeased
from sightline.care.models import LegalStatus, LookedAfterReview, PeriodOfCare, Placement
from sightline.core.codes import label
from sightline.core.events import DomainEvent, EventName


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
        summary="Looked-after review held",
    )
