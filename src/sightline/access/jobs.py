"""The audit trail's verification as a background job (decision 0031): the browser's
"Verify the audit trail" queues it (``jobs.services.start_job``), the worker runs it here, and
its page shows the progress and then what ``sightline audit verify`` would print."""

from __future__ import annotations

from typing import Any

from sightline.access.audit import check_chain, record_export
from sightline.access.models import AuditEvent
from sightline.jobs.runner import Progress

PROBLEMS_SHOWN = 100  # the page lists the first problems; the command lists every one
STAGE = "Checking the audit trail's hash chain"


def verify_audit_chain(progress: Progress) -> dict[str, Any]:
    """Recompute the whole keyed hash chain (``audit.check_chain``, streaming) and say what was
    found: how many rows, how many erased under the retention schedule, the head to keep
    elsewhere, and the first problems if it is broken."""
    total = AuditEvent.objects.count()
    progress(STAGE, 0, total)
    report = check_chain(lambda done: progress(STAGE, done, total))
    record_export(
        f"verified the audit trail: {report.count} events, {len(report.problems)} problem(s)",
        {"page": "audit verification", "events": report.count, "problems": len(report.problems)},
    )
    return {
        "count": report.count,
        "erased": report.erased,
        "last_hash": report.last_hash,
        "intact": not report.problems,
        "problem_count": len(report.problems),
        "problems": [str(problem) for problem in report.problems[:PROBLEMS_SHOWN]],
    }
