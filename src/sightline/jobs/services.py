"""Starting a background job (decision 0024).

``start_job`` is the one write a page makes: it queues the job's task with django-tasks and
keeps the ``Job`` row the page reads, in one transaction, and audits who asked. One job of a
kind at a time: while one waits or runs, asking again joins it (and is audited as such). A job
that has stopped reporting (its worker was killed) is marked failed first, so it cannot block
the next one for ever.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from sightline.access.audit import record_export
from sightline.core.writes import service
from sightline.jobs import rules
from sightline.jobs.models import Job


@service
def start_job(*, kind: str, user: Any) -> tuple[Job, bool]:
    """Queue a job of ``kind`` for ``user``, or join the one already waiting or running.
    Returns the job and whether this call started it."""
    from sightline.jobs.tasks import run_job

    now = timezone.now()
    what = Job.Kind(kind).label
    stopped = Job.objects.filter(
        kind=kind, state=Job.State.RUNNING, reported_at__lt=now - rules.SILENT_FOR
    )
    for pk in stopped.values_list("pk", flat=True):
        Job.objects.filter(pk=pk).update(
            state=Job.State.FAILED,
            finished_at=now,
            reported_at=now,
            message=rules.stopped_message(what[0].lower() + what[1:], pk),
        )
    job = Job.objects.filter(kind=kind, state__in=Job.ACTIVE).first()
    started = job is None
    if job is None:
        try:
            with transaction.atomic():
                job = Job.objects.create(
                    kind=kind,
                    started_by=user,
                    started_by_name=user.get_username(),
                    queued_at=now,
                    reported_at=now,
                )
        except IntegrityError:  # someone else's click got there first: join theirs
            job = Job.objects.get(kind=kind, state__in=Job.ACTIVE)
            started = False
        else:
            result = run_job.enqueue(job.pk)
            job.task_id = str(result.id)
            job.save(update_fields=["task_id"])
    record_export(
        f"{'started' if started else 'asked again for'} background job {job.pk}: {what}",
        {"job": job.pk, "kind": kind, "started": started},
    )
    return job, started
