"""Reads of the audit trail about one child."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from sightline.access.models import AuditEvent, SearchListing


def events_about(child_id: int) -> QuerySet[AuditEvent]:
    """Every audit event about a child: those recorded against the child (views, changes,
    exports, break-glass) and the searches that listed the child in their results. One query
    (an indexed OR of the child's rows and a join through ``SearchListing``)."""
    listed = SearchListing.objects.filter(listed_id=child_id).values("event_id")
    return AuditEvent.objects.filter(Q(child_id=child_id) | Q(pk__in=listed))
