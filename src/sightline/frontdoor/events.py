"""Front-door domain events."""

from __future__ import annotations

from django.utils import timezone

from sightline.core.codes import ReferralSource, label
from sightline.core.events import DomainEvent, EventName
from sightline.frontdoor.models import Contact, EarlyHelpEpisode


def contact_received(c: Contact) -> DomainEvent:
    return DomainEvent(
        name=EventName.CONTACT_RECEIVED,
        child_id=c.child_id,
        occurred_on=timezone.localdate(c.received_at),
        record_type=c._meta.label,
        record_id=c.pk,
        summary=f"Contact received from {label(ReferralSource, c.source).lower()}",
    )


def contact_decided(c: Contact) -> DomainEvent:
    assert c.decided_at is not None
    return DomainEvent(
        name=EventName.CONTACT_DECIDED,
        child_id=c.child_id,
        occurred_on=timezone.localdate(c.decided_at),
        record_type=c._meta.label,
        record_id=c.pk,
        summary=f"Contact decision: {label(Contact.Decision, c.decision).lower()}",
    )


def early_help_started(e: EarlyHelpEpisode) -> DomainEvent:
    return DomainEvent(
        name=EventName.EARLY_HELP_STARTED,
        child_id=e.child_id,
        occurred_on=e.started_on,
        record_type=e._meta.label,
        record_id=e.pk,
        summary="Early help started",
    )


def early_help_ended(e: EarlyHelpEpisode) -> DomainEvent:
    assert e.ended_on is not None
    reason = e.get_end_reason_display().lower() if e.end_reason else "ended"
    return DomainEvent(
        name=EventName.EARLY_HELP_ENDED,
        child_id=e.child_id,
        occurred_on=e.ended_on,
        record_type=e._meta.label,
        record_id=e.pk,
        summary=f"Early help ended: {reason}",
    )
