""" "Check again" runs the live validation as a background job (issue 14 item 7, decision 0024):
the request only queues it; the worker (django-tasks' ``db_worker``) runs it; the job's page
shows it waiting, running with its progress, finished with what it found, or failed with a
message a user can read. One check at a time."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from sightline.access.models import AccessProfile, AuditEvent
from sightline.access.roles import Role
from sightline.jobs import rules
from sightline.jobs.models import Job
from sightline.jobs.runner import Progress
from sightline.validation.live import check_live
from sightline.validation.models import ValidationRun
from sightline.workforce.models import Allocation
from tests.factories import ChildFactory, TeamFactory, WorkerFactory


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _analyst(username: str = "pat") -> Client:
    user = get_user_model().objects.create_user(username=username)
    AccessProfile.objects.create(user=user, role=Role.PERFORMANCE_ANALYST.value)
    client = Client()
    client.force_login(user)
    return client


def _children() -> None:
    team = TeamFactory(name="Stroud safeguarding")
    worker = WorkerFactory(team=team)
    for name in ("Ava", "Eve"):
        Allocation.objects.create(
            child=ChildFactory(given_name=name, family_name="Test"),
            worker=worker,
            team=team,
            kind=Allocation.Kind.SOCIAL_WORKER,
            started_on=timezone.localdate() - timedelta(days=30),
            reason="FCONTA",
        )


def _run_the_worker_once() -> None:
    """What `sightline db_worker --batch` does: run every queued task, then stop."""
    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)


def _check_again(client: Client) -> str:
    response = client.post(reverse("validation-check-again"))
    assert response.status_code == 302
    return str(response["Location"])


@pytest.mark.django_db
def test_check_again_queues_the_check_and_does_not_run_it_in_the_request() -> None:
    _children()
    location = _check_again(_analyst())
    job = Job.objects.get()
    assert location == reverse("validation-job", args=[job.pk])
    assert not ValidationRun.objects.exists()  # nothing was checked in the request
    assert (job.state, job.started_by_name) == (Job.State.QUEUED, "pat")
    task = DBTaskResult.objects.get()
    assert task.status == "READY" and task.args_kwargs["args"] == [job.pk]
    assert str(task.id) == job.task_id
    started = AuditEvent.objects.get(what__startswith="started background job")
    assert started.username == "pat" and started.detail["job"] == job.pk
    page = _analyst("sam").get(location).content.decode()
    assert "Waiting to start" in page and "data-job-poll" in page
    listing = _analyst("lee").get(reverse("validation")).content.decode()
    assert 'data-testid="check-running"' in listing and "waiting to start" in listing


@pytest.mark.django_db(transaction=True)
def test_running_the_worker_once_processes_the_job_and_the_page_shows_the_results() -> None:
    _children()
    client = _analyst()
    location = _check_again(client)
    _run_the_worker_once()
    job = Job.objects.get()
    assert job.state == Job.State.FINISHED and job.finished_at is not None
    assert set(ValidationRun.objects.values_list("kind", flat=True)) == {"cin", "ssda903"}
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    checked = AuditEvent.objects.get(what="validation of the live records against the DfE rules")
    assert checked.username == "pat"  # the worker acts for whoever started the check
    page = client.get(location).content.decode()
    assert "Finished" in page and "data-job-poll" not in page
    results = page[page.index('data-testid="job-results"') :]
    cin = ValidationRun.objects.get(kind="cin")
    assert f"CIN census {cin.year - 1} to {cin.year}: {cin.children} children" in results
    assert "failure" in results
    listing = client.get(reverse("validation")).content.decode()
    assert 'data-testid="runs"' in listing and 'data-testid="check-running"' not in listing


@pytest.mark.django_db
def test_a_second_click_while_the_check_waits_or_runs_makes_no_second_job() -> None:
    client, other = _analyst(), _analyst("sam")
    first = _check_again(client)
    assert _check_again(other) == first  # waiting: the second click is shown the first
    Job.objects.update(state=Job.State.RUNNING, started_at=timezone.now())
    assert _check_again(client) == first  # running: the same
    assert Job.objects.count() == 1 and DBTaskResult.objects.count() == 1
    assert AuditEvent.objects.filter(what__startswith="asked again for background job").count() == 2
    Job.objects.update(state=Job.State.FINISHED, finished_at=timezone.now())
    assert _check_again(client) != first  # once it has finished, a click starts a new one
    assert Job.objects.count() == 2 and DBTaskResult.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_failed_check_says_so_clearly_and_never_shows_a_traceback(monkeypatch: Any) -> None:
    def broken(**kwargs: Any) -> list[Any]:
        raise RuntimeError("polars: column CPPstartDate not found")

    monkeypatch.setattr("sightline.validation.jobs.check_live", broken)
    client = _analyst()
    location = _check_again(client)
    _run_the_worker_once()
    job = Job.objects.get()
    assert job.state == Job.State.FAILED
    task = DBTaskResult.objects.get()  # the traceback is kept for administrators
    assert task.status == "FAILED" and "CPPstartDate" in task.traceback
    page = client.get(location).content.decode()
    assert "Failed" in page and "stopped with an error before it finished" in page
    assert f"background job {job.pk}" in page and "data-job-poll" not in page
    assert "Traceback" not in page and "CPPstartDate" not in page and "RuntimeError" not in page
    assert not ValidationRun.objects.exists()
    assert _check_again(client) != location  # a failed check does not block the next


@pytest.mark.django_db
def test_the_page_shows_the_stage_and_how_many_rules_have_been_checked() -> None:
    client = _analyst()
    location = _check_again(client)
    job = Job.objects.get()
    Job.objects.update(state=Job.State.RUNNING, started_at=timezone.now())
    Progress(job.pk)("Checking the CIN census rules", 120, 300)
    page = client.get(location).content.decode()
    said = page[page.index('data-testid="job-state"') :]
    assert "Running" in said and "Checking the CIN census rules" in said
    assert "120 of 300 rules checked (40%)" in page
    assert "data-job-poll" in page and 'role="status"' in page


@pytest.mark.django_db
def test_a_check_silent_for_long_is_shown_as_stopped_and_the_next_click_replaces_it() -> None:
    client = _analyst()
    first = _check_again(client)
    long_ago = timezone.now() - rules.SILENT_FOR - timedelta(minutes=1)
    Job.objects.update(state=Job.State.RUNNING, started_at=long_ago, reported_at=long_ago)
    page = client.get(first).content.decode()
    assert "stopped reporting before it finished" in page and "data-job-poll" not in page
    second = _check_again(client)
    assert second != first
    assert Job.objects.get(pk=first.rstrip("/").rsplit("/", 1)[1]).state == Job.State.FAILED


@pytest.mark.django_db
def test_a_check_that_waits_long_says_the_worker_may_not_be_running() -> None:
    client = _analyst()
    location = _check_again(client)
    assert "may not be running" not in client.get(location).content.decode()
    Job.objects.update(queued_at=timezone.now() - rules.WAITING_FOR - timedelta(seconds=5))
    assert "the background worker may not be running" in client.get(location).content.decode()


@pytest.mark.django_db
def test_an_unknown_check_is_not_found() -> None:
    assert _analyst().get(reverse("validation-job", args=[999])).status_code == 404


@pytest.mark.django_db
def test_the_live_check_reports_each_stage_and_its_rules_as_it_goes() -> None:
    _children()
    told: list[tuple[str, int, int]] = []
    check_live(progress=lambda stage, done, total: told.append((stage, done, total)))
    stages = list(dict.fromkeys(stage for stage, _, _ in told))
    assert stages == [
        "Reading the records for the CIN census return",
        "Checking the CIN census rules",
        "Reading the records for the SSDA903 return",
        "Checking the SSDA903 rules",
        "Saving the results",
    ]
    cin = [(done, total) for stage, done, total in told if stage == "Checking the CIN census rules"]
    assert cin[0][0] == 0 and cin[-1][0] == cin[-1][1] > 100
    assert [done for done, _ in cin] == sorted(done for done, _ in cin)


def test_progress_is_a_whole_percentage_or_unknown() -> None:
    assert rules.percent(120, 300) == 40
    assert rules.percent(299, 300) == 99
    assert rules.percent(5, 0) is None


@pytest.mark.django_db
def test_an_earlier_checks_page_says_a_newer_check_has_replaced_its_results() -> None:
    client = _analyst()
    first = _check_again(client)
    earlier = timezone.now() - timedelta(hours=1)
    Job.objects.update(state=Job.State.FINISHED, finished_at=earlier, result={"runs": []})
    assert 'data-testid="superseded"' not in client.get(first).content.decode()
    second = _check_again(client)
    assert 'data-testid="superseded"' not in client.get(first).content.decode()  # still waiting
    Job.objects.filter(state=Job.State.QUEUED).update(
        state=Job.State.FINISHED, finished_at=timezone.now(), result={"runs": []}
    )
    page = client.get(first).content.decode()
    assert 'data-testid="superseded"' in page and "A newer check finished at" in page
    assert 'data-testid="superseded"' not in client.get(second).content.decode()
