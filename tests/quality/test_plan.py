"""The improvement plan (issue 17 item 5) from the seeds' history, and the improvement board
pack (item 6) in HTML and PDF."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from sightline.access.roles import Role
from sightline.quality import history
from sightline.quality.models import BoardMeeting, ImprovementAction, Inspection, Recommendation
from sightline.workforce.models import Team
from tests.web.recording_helpers import staff

AS_OF = date(2026, 11, 23)
RECOMMENDATIONS_2022 = (
    "The timeliness and application of consistent thresholds for child protection strategy",
    "The suitability of accommodation for care leavers",
    "The quality of case supervision and management.",
    "The timeliness with which personal advisers are allocated",
    "How well IT systems support social workers",
)
AREAS_2025 = (
    "The response to homeless 16- and 17-year-olds",
    "Support for care leavers not in employment, education or training",
)


@pytest.fixture
def loaded(db: None) -> None:
    call_command("quality", "load-history", "--as", "operator")


def test_the_history_holds_the_three_inspections_their_grades_and_what_to_improve(
    loaded: None,
) -> None:
    grades = [
        (i.inspected_on.year, i.overall, [(j.area, j.grade) for j in i.judgements.all()])
        for i in Inspection.objects.order_by("inspected_on")
    ]
    assert [(year, overall) for year, overall, _ in grades] == [
        (2017, "Inadequate"),
        (2022, "Requires improvement to be good"),
        (2025, "Good"),
    ]
    assert len(grades[1][2]) == 4
    assert (
        "The impact of leaders on social work practice with children and families",
        "Outstanding",
    ) in grades[2][2]
    recs = Recommendation.objects.order_by("inspection__inspected_on", "number")
    assert [r.text[:40] for r in recs if r.kind == "recommendation"] == [
        t[:40] for t in RECOMMENDATIONS_2022
    ]
    assert [r.text[:40] for r in recs if r.kind == "area_to_improve"] == [
        t[:40] for t in AREAS_2025
    ]
    assert all(r.actions.exists() for r in recs)
    assert BoardMeeting.objects.count() == len([d for d in history.board_dates() if d <= AS_OF])


def test_loading_the_history_twice_changes_nothing(loaded: None) -> None:
    before = ImprovementAction.objects.count()
    call_command("quality", "load-history", "--as", "operator")
    assert (Inspection.objects.count(), ImprovementAction.objects.count()) == (3, before)


@pytest.fixture
def leader_client(loaded: None) -> Client:
    team = Team.objects.create(name="Leadership", kind=Team.Kind.SERVICE)
    user, _ = staff("sl.pack", Role.SENIOR_LEADER, team)
    client = Client()
    client.force_login(user)
    return client


def _items(page: str) -> dict[tuple[str, str, str], str]:
    """Each recommendation's section of the pack, keyed by (year, kind, number)."""
    found = {}
    for match in re.finditer(
        r'data-testid="pack-item" data-kind="(\w+)" data-number="(\d+)" data-year="(\d+)">'
        r"(.*?)</section>",
        page,
        re.S,
    ):
        kind, number, year, body = match.groups()
        found[(year, kind, number)] = body
    return found


def test_the_board_pack_shows_each_recommendation_with_its_actions_and_linked_figures(
    leader_client: Client,
) -> None:
    page = leader_client.get(reverse("quality-board-pack"), {"as_of": "2026-11-23"})
    assert page.status_code == 200
    html = page.content.decode()
    items = _items(html)
    wanted = [("2022", "recommendation", str(n)) for n in range(1, 6)] + [
        ("2025", "area_to_improve", str(n)) for n in (1, 2)
    ]
    assert sorted(items) == sorted(wanted)
    for key in wanted:
        body = items[key]
        rec = Recommendation.objects.get(
            inspection__inspected_on__year=int(key[0]), kind=key[1], number=int(key[2])
        )
        assert rec.text.replace("'", "&#x27;") in body
        for action in rec.actions.all():
            assert action.title.replace("'", "&#x27;") in body
            assert action.get_status_display() in body
        codes = re.findall(r'data-testid="pack-kpi" data-code="(\w+)"', body)
        assert codes == rec.kpi_codes
        # linked figures come from the insight catalogue: every code is known to it, each row
        # has its trend (collection years, then the year to date), England and neighbours
        assert "Not in the KPI catalogue" not in body
        for code in codes:
            row = body.split(f'data-code="{code}">', 1)[1].split("</tr>", 1)[0]
            assert "to 23 Nov 2026:" in row
        assert body.count('data-testid="pack-theme"') == len(rec.themes)


def test_the_board_pack_downloads_as_a_pdf_and_the_download_is_audited(
    leader_client: Client,
) -> None:
    from sightline.access.models import AuditEvent

    response = leader_client.get(reverse("quality-board-pack-pdf"), {"as_of": "2026-11-23"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="board-pack-2026-11-23.pdf"'
    assert response.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(what="Improvement board pack 2026-11-23 (PDF)").exists()


def test_the_improvement_plan_page_lists_judgements_actions_and_board_meetings(
    leader_client: Client,
) -> None:
    html = leader_client.get(reverse("quality-plan")).content.decode()
    assert html.count('data-testid="recommendation"') == 7
    assert "February 2017: Inadequate" in html
    assert "Improvement board" in html and "Independent chair" in html
    # The figures that show progress by name, each opening onto its page (decision 0038's
    # strategy discussions for the 2022 recommendation on strategy meetings).
    assert (
        '<a class="govuk-link" href="/figures/TIMELY_STRATEGY_DISCUSSION/">'
        "Strategy discussion: in time</a>"
    ) in html
    assert '<a class="govuk-link" href="/figures/HOMELESS_16_17_S20/">' in html
    assert "<code>" not in html.split('data-testid="recommendation"', 1)[1]
