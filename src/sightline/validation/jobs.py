"""The live validation as a background job (decision 0024): "Check again" queues it, the
worker runs it here, the job's page shows its progress and then what it found."""

from __future__ import annotations

from typing import Any

from sightline.access.audit import record_export
from sightline.jobs.runner import Progress
from sightline.validation.engine import RETURN_LEVEL
from sightline.validation.live import check_live


def check_live_records(progress: Progress) -> dict[str, Any]:
    """Check the live records (replacing the last check) and say what was found, by return."""
    checked = check_live(progress=progress)
    record_export(
        "validation of the live records against the DfE rules",
        {"page": "validation", "runs": [str(c.run) for c in checked]},
    )
    return {
        "runs": [
            {
                "kind": c.run.get_kind_display(),
                "year": c.run.year,
                "children": c.run.children,
                "rules": c.run.rules,
                "failures": len(c.failures),
                "children_failing": len({f.child for f in c.failures} - {RETURN_LEVEL}),
                "crashed": bool(c.run.crashed),
            }
            for c in checked
        ]
    }
