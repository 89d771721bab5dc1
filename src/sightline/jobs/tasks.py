"""The django-tasks task every background job runs as (decision 0024)."""

from __future__ import annotations

from django_tasks import task

from sightline.jobs import runner


@task()
def run_job(job_id: int) -> None:
    """Run background job ``job_id`` (``sightline db_worker`` calls this)."""
    runner.run(job_id)
