"""Storing the leaders' figures as a background job (decisions 0024 and 0036): the dashboard's
"Compute the figures again" queues it, the worker runs it here, its page shows the progress and
then what was stored."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from sightline.access.audit import record_export
from sightline.insight.store import store
from sightline.jobs.runner import Progress


def store_figures(progress: Progress) -> dict[str, Any]:
    """Compute every KPI for the windows shown today and keep them (replacing the last)."""
    found = store(timezone.localdate(), progress)
    record_export(
        "stored the leaders' figures",
        {"page": "figures", **found},
    )
    return found
