"""The inspection-readiness pack (decision 0033): overdue work by timescale and team, the
command's four dated files, the page and its downloads, and what it says when the figures are
not available."""

from __future__ import annotations

from datetime import date, timedelta
from io import BytesIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from sightline.access.models import AccessProfile, AuditEvent
from sightline.access.roles import Role
from sightline.inspection.pack import build_pack, render_document
from sightline.protection.models import Referral
from sightline.timescales.models import Obligation
from sightline.timescales.queries import (
    FRONT_DOOR_LABEL,
    UNALLOCATED_LABEL,
    overdue_by_rule_and_team,
)
from sightline.workforce.models import Allocation
from tests.factories import ChildFactory, TeamFactory, WorkerFactory
from tests.web.factories import UserFactory

pytestmark = pytest.mark.django_db
DAY = date(2026, 11, 23)


def obligation(child: object, rule: str, due: date, n: int, **fields: object) -> Obligation:
    return Obligation.objects.create(
        child=child,
        rule=rule,
        subject_type="test",
        subject_id=n,
        subject=f"{rule} {n}",
        started_on=due - timedelta(days=10),
        due_on=due,
        **fields,
    )


def test_overdue_work_is_counted_by_timescale_and_the_team_whose_work_it_is() -> None:
    east = TeamFactory(name="East")
    worker = WorkerFactory(team=east)
    allocated, unallocated = ChildFactory(), ChildFactory()
    Allocation.objects.create(
        child=allocated, worker=worker, team=east, kind="social_worker", started_on=date(2026, 1, 1)
    )
    obligation(allocated, "ASSESSMENT", DAY - timedelta(days=1), 1)
    obligation(allocated, "ASSESSMENT", DAY, 2)  # due today: not yet overdue
    # met after the pack's date: still open on it
    obligation(allocated, "ASSESSMENT", DAY - timedelta(days=5), 3, met_on=DAY + timedelta(1))
    obligation(allocated, "ASSESSMENT", DAY - timedelta(days=5), 4, met_on=DAY - timedelta(1))
    obligation(unallocated, "ICPC", DAY - timedelta(days=3), 5)
    obligation(unallocated, "CONTACT_DECISION", DAY - timedelta(days=3), 6)
    found = {(o.rule, o.team): o.count for o in overdue_by_rule_and_team(DAY)}
    assert found == {
        ("ASSESSMENT", "East"): 2,  # due the day before, and the one met after the date
        ("ICPC", UNALLOCATED_LABEL): 1,
        ("CONTACT_DECISION", FRONT_DOOR_LABEL): 1,
    }


def test_the_command_writes_the_dated_pack_as_html_pdf_figures_and_annex_a(
    tmp_path: Path,
) -> None:
    child = ChildFactory()
    Referral.objects.create(child=child, referral_date=date(2026, 10, 1), source="6")
    obligation(child, "ASSESSMENT", date(2026, 11, 1), 1)
    call_command("inspection-pack", "--as-of", "2026-11-23", "--out", str(tmp_path))
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [
        "annex-a-2026-11-23.xlsx",
        "inspection-pack-2026-11-23.html",
        "inspection-pack-2026-11-23.pdf",
        "inspection-pack-figures-2026-11-23.xlsx",
    ]
    html = (tmp_path / "inspection-pack-2026-11-23.html").read_text()
    assert "What do you know about the quality and impact of social work practice" in html
    assert "How do you know it?" in html
    assert "What are your plans for the next 12 months" in html
    assert "Neighbours' median" in html, "the KPI summary with its benchmarks"
    assert (tmp_path / "inspection-pack-2026-11-23.pdf").read_bytes().startswith(b"%PDF")
    figures = load_workbook(tmp_path / "inspection-pack-figures-2026-11-23.xlsx", read_only=True)
    assert figures.sheetnames == ["KPIs", "Overdue work", "Data checks", "Annex A"]
    overdue = list(figures["Overdue work"].values)
    assert overdue[1][0] == "ASSESSMENT" and overdue[1][3] == 1
    annex = load_workbook(tmp_path / "annex-a-2026-11-23.xlsx", read_only=True)
    assert len(list(annex["List 3 - Referrals"].values)) == 2
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert event.detail["command"] == "inspection-pack"
    assert event.detail["children"] == 1


def test_without_the_figures_the_pack_says_they_are_not_available() -> None:
    html = render_document(build_pack(DAY, with_kpis=False))
    assert "The KPI summary is not available in this pack." in html
    assert "Neighbours' median" not in html


def signed_in(role: Role) -> Client:
    user = UserFactory(username=role.value)
    AccessProfile.objects.create(user=user, role=role.value)
    client = Client()
    client.force_login(user)
    return client


def test_the_page_shows_the_pack_and_offers_its_pdf_and_figures(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from sightline.inspection import pack

    # The PDF's rendering is the command's test; here, what the download gives and records.
    monkeypatch.setattr(pack, "pdf_bytes", lambda html: b"%PDF-1.7 " + html[:20].encode())
    client = signed_in(Role.SENIOR_LEADER)
    page = client.get(reverse("inspection-pack"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Ofsted's three questions" in text
    assert reverse("inspection-pack-pdf") in text
    pdf = client.get(reverse("inspection-pack-pdf"))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    figures = client.get(reverse("inspection-pack-figures"))
    assert load_workbook(BytesIO(figures.content)).sheetnames[0] == "KPIs"
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).count() == 2


def test_the_pack_is_not_for_practitioners_or_the_inspector() -> None:
    for role in (Role.SOCIAL_WORKER, Role.TEAM_MANAGER):
        client = signed_in(role)
        assert client.get(reverse("inspection-pack")).status_code == 403
        assert client.get(reverse("inspection-pack-pdf")).status_code == 403
    inspector = UserFactory(username="insp")
    now = timezone.now()
    AccessProfile.objects.create(
        user=inspector,
        role=Role.INSPECTOR.value,
        valid_from=now - timedelta(days=1),
        valid_until=now + timedelta(days=1),
    )
    client = Client()
    client.force_login(inspector)
    assert client.get(reverse("inspection-pack")).status_code == 403
