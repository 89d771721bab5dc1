"""Background jobs started from a page (decision 0024): what the page reads of one.

The queue itself is django-tasks' (``django_tasks_db.DBTaskResult``: a row per enqueued task,
taken and run by ``sightline db_worker``). A ``Job`` is Sightline's own row beside it: which
kind of work, who started it, its state and progress as the work reports it, and what it found
or why it failed, in words a user can read. At most one job of a kind waits or runs at a time
(``one_active_job_of_a_kind``, a partial unique index, enforced by SQLite and PostgreSQL): a
second "Check again" while one waits or runs joins that one.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class Job(models.Model):
    class Kind(models.TextChoices):
        LIVE_VALIDATION = "live-validation", "Check of the live records against the DfE rules"
        AUDIT_VERIFICATION = "audit-verification", "Verification of the audit trail's hash chain"
        FIGURES = "figures", "Computing the leaders' figures"

    class State(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Running"
        FINISHED = "finished", "Finished"
        FAILED = "failed", "Failed"

    ACTIVE = (State.QUEUED, State.RUNNING)

    kind = models.CharField(max_length=40, choices=Kind.choices)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    task_id = models.CharField(
        max_length=64, blank=True, help_text="the django-tasks result this job was enqueued as"
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_by_name = models.CharField(
        max_length=150, help_text="the username of whoever started it, kept if the account goes"
    )
    queued_at = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    reported_at = models.DateTimeField(
        help_text="when the job last changed or reported progress (a running job silent for "
        "long is taken to have stopped)"
    )
    stage = models.CharField(max_length=200, blank=True, help_text="what it is doing now")
    done = models.PositiveIntegerField(default=0, help_text="steps of the stage done")
    total = models.PositiveIntegerField(default=0, help_text="steps of the stage (0: not known)")
    result = models.JSONField(default=dict, blank=True, help_text="what a finished job found")
    message = models.TextField(blank=True, help_text="why a failed job failed, for its users")

    class Meta:
        ordering = ("-queued_at", "-pk")
        constraints = [
            models.UniqueConstraint(
                fields=["kind"],
                condition=Q(state__in=["queued", "running"]),
                name="one_active_job_of_a_kind",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_state_display()}) #{self.pk}"

    @property
    def active(self) -> bool:
        return self.state in self.ACTIVE
