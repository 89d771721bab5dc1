"""Running a background job in the worker (decision 0024).

``run(job_id)`` is what the django-tasks task does: it marks the job running, runs the work of
its kind as the user who started it (so the audit trail names them), lets the work report its
progress on the job row, and marks the job finished with what it found, or failed with a
message a user can read (the traceback goes to the worker's log and the task's result row).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from django.utils import timezone
from django.utils.module_loading import import_string

from sightline.access.actor import acting_as
from sightline.jobs import rules
from sightline.jobs.models import Job

logger = logging.getLogger(__name__)

#: The work of each kind of job: a callable taking a ``Progress`` and returning what it found
#: (JSON), which the job's page shows.
WORK: dict[str, str] = {
    Job.Kind.LIVE_VALIDATION: "sightline.validation.jobs.check_live_records",
    Job.Kind.AUDIT_VERIFICATION: "sightline.access.jobs.verify_audit_chain",
    Job.Kind.FIGURES: "sightline.insight.jobs.store_figures",
}


class Progress:
    """Report a job's progress on its row: the stage and how far through it. Reports within
    ``every`` seconds of the last are dropped, except a new stage and a stage's last step."""

    def __init__(self, job_id: int, every: float = 0.5) -> None:
        self.job_id = job_id
        self.every = every
        self._last = 0.0
        self._stage = ""

    def __call__(self, stage: str, done: int = 0, total: int = 0) -> None:
        moment = time.monotonic()
        if stage == self._stage and done < total and moment - self._last < self.every:
            return
        self._last, self._stage = moment, stage
        Job.objects.filter(pk=self.job_id).update(
            stage=stage[:200], done=done, total=total, reported_at=timezone.now()
        )


def _what(job: Job) -> str:
    label = job.get_kind_display()
    return label[0].lower() + label[1:]


def run(job_id: int) -> None:
    job = Job.objects.get(pk=job_id)
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, state=Job.State.QUEUED).update(
        state=Job.State.RUNNING, started_at=now, reported_at=now
    )
    if not claimed:  # marked failed while it waited, or already run
        logger.warning("background job %s is %s, not queued: not run", job_id, job.state)
        return
    work: Callable[[Progress], dict[str, Any]] = import_string(WORK[job.kind])
    try:
        with acting_as(job.started_by_name):
            found = work(Progress(job_id))
    except Exception:
        logger.exception("background job %s (%s) failed", job_id, job.kind)
        now = timezone.now()
        Job.objects.filter(pk=job_id).update(
            state=Job.State.FAILED,
            finished_at=now,
            reported_at=now,
            message=rules.failure_message(_what(job), job_id),
        )
        raise
    now = timezone.now()
    Job.objects.filter(pk=job_id, state=Job.State.RUNNING).update(
        state=Job.State.FINISHED, finished_at=now, reported_at=now, stage="", result=found
    )
