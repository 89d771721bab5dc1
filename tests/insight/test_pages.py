"""The leaders' pages: the dashboard by outcome (charts and their table), a KPI's page, and the
children behind a figure through the access policy, audited as a search, with how many fail a
DfE rule today."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sightline.access.models import AccessProfile, AuditEvent, SearchListing
from sightline.access.roles import Role
from sightline.insight.store import store
from sightline.validation.models import LiveFailure, ValidationRun
from sightline.workforce.models import Team
from tests.factories import WorkerFactory
from tests.insight.builders import allocate, child, referral, team, worker

pytestmark = pytest.mark.django_db


def signed_in(role: Role, in_team: Team | None = None, name: str = "u") -> Client:
    user = get_user_model().objects.create_user(name)
    if in_team is not None:
        WorkerFactory(team=in_team, role=role.value, user=user)
    AccessProfile.objects.create(user=user, role=role.value)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def world() -> dict[str, object]:
    service = team("Service")
    mine = team("Team A", parent=service)
    other = team("Team B")
    a, b = child(given_name="Amira", family_name="Kpi"), child(given_name="Bo", family_name="Kpi")
    allocate(a, worker(mine), date(2025, 1, 1))
    allocate(b, worker(other), date(2025, 1, 1))
    for c in (a, b):
        referral(c, date(2024, 9, 1), closed=date(2024, 9, 2))
        referral(c, date(2025, 6, 1), closed=date(2025, 6, 2))  # re-referrals in 2025-26
    run = ValidationRun.objects.create(
        kind="cin",
        year=2027,
        rule_year=2026,
        checked_at=timezone.now(),
        seconds=1,
        children=2,
        rules=1,
    )
    LiveFailure.objects.create(run=run, rule="8500", level="error", child=a, fields="", message="x")
    return {"service": service, "mine": mine, "other": other, "a": a, "b": b}


def test_the_dashboard_groups_figures_by_outcome_with_charts_and_a_table(world) -> None:  # type: ignore[no-untyped-def]
    client = signed_in(Role.SENIOR_LEADER)
    page = client.get(reverse("insight-dashboard")).content.decode()
    assert "Children, young people and families stay together and get the help they need" in page
    assert "The workforce is equipped and effective" in page
    assert page.count('role="img"') >= 35  # a chart per figure (timeliness: a table)
    assert 'data-testid="timeliness"' in page
    assert '<title id="chart-RE_REFERRALS-title">' in page
    assert "Neighbours&#x27; median 2025" in page or "Neighbours' median 2025" in page
    table = client.get(reverse("insight-dashboard") + "?view=table").content.decode()
    assert 'role="img"' not in table
    assert 'data-kpi="RE_REFERRALS"' in table and "England" in table


def test_a_kpi_page_shows_the_definition_and_unpublished_benchmarks_as_such(world) -> None:  # type: ignore[no-untyped-def]
    page = (
        signed_in(Role.PERFORMANCE_ANALYST)
        .get(reverse("insight-kpi", args=["RE_REFERRALS"]))
        .content.decode()
    )
    assert "Referrals received in the year" in page
    assert "not published" in page  # Hampshire 2024 (low reliability)
    assert "version 1" in page
    # In 2025-26 both children's referrals were re-referrals: 2 of 2, and one fails a rule.
    assert 'data-window="2026"' in page
    row = page.split('data-window="2026"')[1].split("</tr>")[0]
    assert "100.0%" in row and ">2<" in row and ">1<" in row


def test_the_children_behind_a_figure_are_listed_and_the_listing_audited(world) -> None:  # type: ignore[no-untyped-def]
    client = signed_in(Role.SENIOR_LEADER)
    url = reverse("insight-children", args=["RE_REFERRALS"]) + "?window=2026&part=numerator"
    page = client.get(url).content.decode()
    a, b = world["a"], world["b"]
    assert reverse("child-record", args=[a.la_child_id]) in page  # type: ignore[attr-defined]
    assert reverse("child-record", args=[b.la_child_id]) in page  # type: ignore[attr-defined]
    assert "1 of 2 children fails a DfE rule today" in page
    event = AuditEvent.objects.filter(action="search").latest("id")
    assert event.detail["params"]["figure"] == "RE_REFERRALS"
    assert set(SearchListing.objects.filter(event=event).values_list("listed_id", flat=True)) == {
        a.pk,  # type: ignore[attr-defined]
        b.pk,  # type: ignore[attr-defined]
    }
    failing = client.get(url + "&failing=1").content.decode()
    assert a.la_child_id in failing and b.la_child_id not in failing  # type: ignore[attr-defined]
    assert "8500" in failing


def test_a_manager_sees_their_teams_figures_and_only_their_children(world) -> None:  # type: ignore[no-untyped-def]
    client = signed_in(Role.TEAM_MANAGER, world["service"])  # type: ignore[arg-type]
    page = client.get(reverse("insight-dashboard") + "?view=table").content.decode()
    assert "All your teams" in page and "Team A" in page and "Team B" not in page
    # Asking for another team's figures gives their own, never the other team's.
    other = world["other"].pk  # type: ignore[attr-defined]
    asked = client.get(reverse("insight-dashboard") + f"?team={other}").content.decode()
    assert "Team B" not in asked and "your teams" in asked
    listing = client.get(
        reverse("insight-children", args=["RE_REFERRALS"]) + "?window=2026&part=numerator"
    ).content.decode()
    assert world["a"].la_child_id in listing  # type: ignore[attr-defined]
    assert world["b"].la_child_id not in listing  # type: ignore[attr-defined]


def test_a_rate_has_no_denominator_list_and_an_unknown_figure_or_window_is_not_found(
    world,  # type: ignore[no-untyped-def]
) -> None:
    client = signed_in(Role.SENIOR_LEADER)
    base = reverse("insight-children", args=["REFERRAL_RATE"])
    assert client.get(base + "?window=2026&part=denominator").status_code == 404
    assert client.get(base + "?window=2099&part=numerator").status_code == 404
    assert client.get(base + "?window=2026&part=everyone").status_code == 404
    assert client.get(reverse("insight-kpi", args=["NO_SUCH"])).status_code == 404


def test_a_leader_s_home_shows_the_figures_that_got_worse_beside_last_year_and_england(
    world,  # type: ignore[no-untyped-def]
) -> None:
    """Both children were re-referred in 2025-26 and neither in 2024-25: re-referrals went
    from 0% to 100%, the worse way, so the senior leader's home lists it with both years. It
    reads the kept figures: before they are first kept it says so and links to the dashboard."""
    leader = signed_in(Role.SENIOR_LEADER)
    before = leader.get(reverse("home")).content.decode()
    assert 'data-testid="figures-not-kept"' in before and "Re-referrals" not in before
    store(timezone.localdate())
    page = leader.get(reverse("home")).content.decode()
    glance = page.split('data-testid="home-work"', 1)[1].split("</section>", 1)[0]
    assert "Figures at a glance" in glance
    row = glance.split('data-kpi="RE_REFERRALS"', 1)[1].split("</tr>", 1)[0]
    cells = [c.strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
    assert reverse("insight-kpi", args=["RE_REFERRALS"]) in cells[0]
    assert cells[1:3] == ["100.0%", "0.0%"]
    assert re.search(r"\d+(\.\d)?% \(\d{4}\)", cells[3])  # England's, with its year
    # The referral rate is neither good nor bad: never among those that got worse.
    assert 'data-kpi="REFERRAL_RATE"' not in glance
    assert "In 2025-26, against the year before:" in glance
    # A team manager's home shows no such panel; the analyst's does.
    assert (
        "Figures at a glance"
        not in signed_in(Role.TEAM_MANAGER, world["mine"], name="m")
        .get(reverse("home"))
        .content.decode()
    )
    analyst = signed_in(Role.PERFORMANCE_ANALYST, name="a").get(reverse("home")).content.decode()
    assert "Figures at a glance" in analyst


def test_a_leader_s_home_reads_the_kept_figures_in_a_few_queries(world) -> None:  # type: ignore[no-untyped-def]
    """Whatever the catalogue's size: the kept figures of both years in one query, not one a
    KPI (the live path, before figures are kept, is the dashboard's, not the home's)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    store(timezone.localdate())
    leader = signed_in(Role.SENIOR_LEADER)
    leader.get(reverse("home"))  # the caches a running server has already filled
    with CaptureQueriesContext(connection) as queries:
        assert leader.get(reverse("home")).status_code == 200
    figure_reads = [q for q in queries if "insight_storedfigure" in q["sql"]]
    assert len(figure_reads) == 2, [q["sql"][:120] for q in figure_reads]  # kept? then read
    assert len(queries) <= 20, len(queries)
