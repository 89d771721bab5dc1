"""The data protection officer's pages (issue 15 item 4, decision 0031): a subject access
request exported from the browser as downloads, the audit trail of a child and of a user, the
chain's verification as a background job, the retention report and the restricted records."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date, timedelta
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sightline.access import audit
from sightline.access.actor import acting_as
from sightline.access.models import AccessProfile, AuditEvent, RestrictedRecord
from sightline.access.roles import Role
from sightline.chronology.models import CaseNote
from sightline.jobs import runner
from sightline.jobs.models import Job
from sightline.people.models import Person
from tests.factories import AdultFactory, ChildFactory, TeamFactory, WorkerFactory
from tests.web.factories import RelationshipFactory


@pytest.fixture
def officer(db: None) -> Any:
    user = get_user_model().objects.create_user("dee.pio", first_name="Dee", last_name="Pio")
    AccessProfile.objects.create(user=user, role=Role.DATA_PROTECTION_OFFICER.value)
    return user


@pytest.fixture
def child(db: None) -> Person:
    child = ChildFactory(given_name="Nia", family_name="Okafor", la_child_id="SAR0000001")
    mother = AdultFactory(given_name="Grace", family_name="Mensah")
    RelationshipFactory(person=child, relative=mother)
    author = WorkerFactory(team=TeamFactory(name="Area A"), given_name="Priya", family_name="Shah")
    CaseNote.objects.create(
        child=child,
        author=author,
        written_on=date(2026, 10, 1),
        text="Nia said Grace Mensah had been kind to her this week.",
    )
    return child


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def unzip(content: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(content)) as bundle:
        return {name: bundle.read(name).decode("utf-8") for name in bundle.namelist()}


def test_a_subject_access_request_is_found_by_id_and_exported_as_two_downloads(
    officer: Any, child: Person
) -> None:
    client = signed_in(officer)
    found = client.get(reverse("subject-access"), {"la_child_id": "SAR0000001"})
    assert found["Location"] == reverse("subject-access-child", args=["SAR0000001"])
    page = client.get(found["Location"]).content.decode()
    assert "Nia Okafor" in page and "Never release it" in page

    release = client.post(reverse("subject-access-download", args=["SAR0000001", "release"]))
    assert release.status_code == 200
    assert release["Content-Type"] == "application/zip"
    assert release["Content-Disposition"] == 'attachment; filename="sar-SAR0000001.zip"'
    files = unzip(release.content)
    assert sorted(files) == ["sar-SAR0000001.html", "sar-SAR0000001.json"]
    document = json.loads(files["sar-SAR0000001.json"])
    assert document["subject"]["name"] == "Nia Okafor"
    assert "redactions" not in document  # the originals stay with the officer
    assert "Grace" not in files["sar-SAR0000001.json"]
    assert "Grace" not in files["sar-SAR0000001.html"]
    assert "[redacted: mother]" in files["sar-SAR0000001.json"]

    officers = client.post(reverse("subject-access-download", args=["SAR0000001", "redactions"]))
    listed = unzip(officers.content)
    assert sorted(listed) == ["sar-SAR0000001-redactions.html", "sar-SAR0000001-redactions.json"]
    redactions = json.loads(listed["sar-SAR0000001-redactions.json"])
    assert "never release" in redactions["notice"]
    assert any(r["original"] == "Grace Mensah" for r in redactions["redactions"])

    exports = AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT, child=child)
    assert [e.detail["part"] for e in exports.order_by("id")] == ["release", "redactions"]
    assert all(e.username == "dee.pio" and e.detail["via"] == "browser" for e in exports)
    # The exports made are listed on the officer's page, from the audit trail.
    listing = client.get(reverse("subject-access")).content.decode()
    assert "Subject access request export of SAR0000001" in listing


def test_a_restricted_record_the_officer_is_not_named_on_is_not_found_like_an_unknown_id(
    officer: Any, child: Person
) -> None:
    RestrictedRecord.objects.create(
        child=child, reason="Sealed adoption", restricted_at=timezone.now(), restricted_by=officer
    )  # restricted by the officer, named on it by nobody
    client = signed_in(officer)
    restricted = client.get(reverse("subject-access"), {"la_child_id": "SAR0000001"})
    unknown = client.get(reverse("subject-access"), {"la_child_id": "NOSUCH0001"})
    assert restricted.status_code == unknown.status_code == 200
    assert "Nia" not in restricted.content.decode()
    assert "whose record you may open" in restricted.content.decode()
    response = client.post(reverse("subject-access-download", args=["SAR0000001", "release"]))
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()


def test_the_audit_trail_of_a_child_lists_every_event_and_downloads_as_csv(
    officer: Any, child: Person
) -> None:
    with acting_as("priya.shah"):
        audit.record_view(child)
    client = signed_in(officer)
    found = client.get(reverse("audit"), {"la_child_id": "SAR0000001"})
    assert found["Location"] == reverse("audit-child", args=["SAR0000001"])
    page = client.get(found["Location"]).content.decode()
    assert "priya.shah" in page and "Viewed the record of SAR0000001" in page
    csv = client.get(reverse("audit-child", args=["SAR0000001"]), {"format": "csv"})
    assert csv["Content-Type"].startswith("text/csv")
    assert "priya.shah,view,SAR0000001" in csv.content.decode()
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.EXPORT, child=child, what__contains="csv"
    ).exists()


def test_the_audit_trail_of_a_user_hides_what_they_did_to_a_record_the_reader_may_not_know(
    officer: Any, child: Person
) -> None:
    hidden = ChildFactory(given_name="Secret", la_child_id="HIDDEN0001")
    RestrictedRecord.objects.create(
        child=hidden, reason="Staff family", restricted_at=timezone.now(), restricted_by=officer
    )
    with acting_as("priya.shah"):
        audit.record_view(child)
        audit.record_view(hidden)
    page = signed_in(officer).get(reverse("audit-user", args=["priya.shah"])).content.decode()
    assert "Viewed the record of SAR0000001" in page
    assert "HIDDEN0001" not in page
    assert "not named on (restricted)" in page
    assert AuditEvent.objects.filter(what="Read the audit trail of the account priya.shah").exists()


def test_verifying_the_audit_trail_runs_as_a_background_job_and_says_it_is_intact(
    officer: Any, child: Person
) -> None:
    client = signed_in(officer)
    response = client.post(reverse("audit-verify"))
    job = Job.objects.get(kind=Job.Kind.AUDIT_VERIFICATION)
    assert response["Location"] == reverse("audit-verification", args=[job.pk])
    assert "Waiting to start" in client.get(response["Location"]).content.decode()
    runner.run(job.pk)  # what the worker does
    page = client.get(response["Location"]).content.decode()
    assert "The audit trail is intact" in page
    job.refresh_from_db()
    assert job.result["intact"] and job.result["count"] >= 2
    assert "Last verified" in client.get(reverse("audit")).content.decode()


def test_the_retention_report_counts_records_due_on_a_day(officer: Any, child: Person) -> None:
    client = signed_in(officer)
    opened = client.get(reverse("retention")).content.decode()
    assert 'data-testid="retention-not-asked"' in opened  # the report runs when asked for
    assert 'data-testid="retention-total"' not in opened
    late = date(2050, 1, 1)  # Nia (born 2017) is 25 in 2042: her records are due for review
    page = client.get(
        reverse("retention"),
        {"as_of-day": "1", "as_of-month": "1", "as_of-year": str(late.year)},
    ).content.decode()
    assert "Case notes" in page and "Until the child" in page
    assert 'data-testid="retention-total"' in page
    early = client.get(
        reverse("retention"), {"as_of-day": "1", "as_of-month": "1", "as_of-year": "0050"}
    )
    assert early.status_code == 200
    assert "Choose a later day" in early.content.decode()


def test_restricted_records_name_the_child_only_to_someone_named_on_them(
    officer: Any, child: Person
) -> None:
    manager = get_user_model().objects.create_user("named.manager")
    record = RestrictedRecord.objects.create(
        child=child,
        reason="A staff member's family",
        restricted_at=timezone.now() - timedelta(days=1),
        restricted_by=manager,
    )
    record.named_users.set([manager])
    page = signed_in(officer).get(reverse("restricted-records")).content.decode()
    assert "named.manager" in page  # who restricted it and who is named
    assert "Nia" not in page and "SAR0000001" not in page
    assert "A staff member" not in page
    record.named_users.add(officer)
    page = signed_in(officer).get(reverse("restricted-records")).content.decode()
    assert "Nia Okafor" in page and "A staff member&#x27;s family" in page
