"""Pure rules about background jobs (decision 0024)."""

from __future__ import annotations

from datetime import datetime, timedelta

#: A running job that has reported nothing for this long is taken to have stopped (its worker
#: was killed or lost its database): the next "Check again" marks it failed and starts anew.
#: Work reports at each stage and every few rules, so a live job is never silent this long.
SILENT_FOR = timedelta(minutes=15)
#: A job still waiting this long after it was queued: the page says the worker may not be
#: running and whom to tell.
WAITING_FOR = timedelta(minutes=2)


def has_stopped(state: str, reported_at: datetime, now: datetime) -> bool:
    """Whether a running job has been silent so long that it has stopped."""
    return state == "running" and now - reported_at > SILENT_FOR


def waiting_long(state: str, queued_at: datetime, now: datetime) -> bool:
    """Whether a queued job has waited long enough that the worker may not be running."""
    return state == "queued" and now - queued_at > WAITING_FOR


def percent(done: int, total: int) -> int | None:
    """How far through its stage a job is, in whole percent (None when the total is unknown)."""
    if total <= 0:
        return None
    return max(0, min(100, done * 100 // total))


def failure_message(what: str, job_id: int) -> str:
    """What a user is told when a job failed: what happened and what to do, never a traceback
    (the traceback is in the worker's log and on the task's result row, for administrators)."""
    return (
        f"The {what} stopped with an error before it finished, so nothing it found has been "
        "kept: the results shown are those of the last check that finished. Try again; if it "
        f"fails again, tell your system administrator (background job {job_id})."
    )


def stopped_message(what: str, job_id: int) -> str:
    return (
        f"The {what} stopped reporting before it finished (the background worker may have "
        "been stopped), so nothing it found has been kept. Try again; if it stops again, tell "
        f"your system administrator (background job {job_id})."
    )
