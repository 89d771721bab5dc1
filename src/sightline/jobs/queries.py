"""Reading background jobs (decision 0024)."""

from __future__ import annotations

from sightline.jobs.models import Job


def active_job(kind: str) -> Job | None:
    """The job of this kind waiting or running, if any (there is at most one)."""
    return Job.objects.filter(kind=kind, state__in=Job.ACTIVE).first()


def job_of_kind(kind: str, pk: int) -> Job | None:
    return Job.objects.filter(kind=kind, pk=pk).first()


def latest_finished(kind: str) -> Job | None:
    return Job.objects.filter(kind=kind, state=Job.State.FINISHED).order_by("-finished_at").first()
