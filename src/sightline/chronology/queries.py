"""Reads of the chronology."""

from __future__ import annotations

from django.db.models import QuerySet

from sightline.chronology.models import ChronologyEntry


def chronology_for(child_id: int) -> QuerySet[ChronologyEntry]:
    """The child's chronology in the order things happened: one indexed query."""
    return ChronologyEntry.objects.filter(child_id=child_id).order_by("occurred_on", "id")
