"""The leaders' figures, kept (decision 0036): the complete collection years and the year to
date; kept figures equal those computed from the records, for the whole authority and for a
scope; the dashboard, a KPI's
page and the drill-down read them and say when they were computed; the children of a kept
figure are listed and audited as before, with those failing a DfE rule today; the store runs
as a background job from the dashboard and as a command."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from sightline.access.models import AuditEvent, SearchListing
from sightline.access.roles import Role
from sightline.insight.catalogue import KPIS
from sightline.insight.figures import figure, figure_with_units, figures
from sightline.insight.models import StoredFigure, StoredUnit
from sightline.insight.store import store
from sightline.insight.windows import Scope
from sightline.jobs import runner
from sightline.jobs.models import Job
from sightline.validation.models import LiveFailure, ValidationRun
from tests.insight.builders import allocate, child, referral, team, worker
from tests.insight.test_pages import signed_in

pytestmark = pytest.mark.django_db

AS_OF = date(2026, 12, 6)


@pytest.fixture
def world() -> dict[str, object]:
    """Two teams' children with referrals and re-referrals in 2024-25 and 2025-26, one
    re-referred child failing a DfE rule today."""
    service = team("Service")
    mine = team("Team A", parent=service)
    other = team("Team B")
    a = child(date(2012, 1, 1), given_name="Amira", family_name="Kept")
    b = child(date(2019, 1, 1), given_name="Bo", family_name="Kept")
    c = child(date(2019, 1, 1), given_name="Cai", family_name="Kept")
    allocate(a, worker(mine), date(2025, 1, 1))
    allocate(b, worker(other), date(2025, 1, 1))
    allocate(c, worker(other), date(2025, 1, 1))
    for who in (a, b):
        referral(who, date(2024, 9, 1), closed=date(2024, 9, 2))
        referral(who, date(2025, 6, 1), closed=date(2025, 6, 2))  # re-referrals in 2025-26
    referral(c, date(2025, 7, 1), closed=date(2025, 7, 2))  # a first referral in 2025-26
    run = ValidationRun.objects.create(
        kind="cin",
        year=2027,
        rule_year=2026,
        checked_at=timezone.now(),
        seconds=1,
        children=3,
        rules=1,
    )
    LiveFailure.objects.create(run=run, rule="8500", level="error", child=a, fields="", message="x")
    return {"service": service, "mine": mine, "other": other, "a": a, "b": b, "c": c}


def _values(found: list) -> dict[str, list]:  # type: ignore[type-arg]
    return {f.code: [(p.count, p.value) for p in f.points] for f in found}


def test_kept_figures_equal_those_computed_from_the_records_in_every_scope(world) -> None:  # type: ignore[no-untyped-def]
    scopes = [
        Scope(),
        Scope(age_band="5-9"),
        Scope(team_ids=frozenset({world["other"].pk}), on=AS_OF),  # type: ignore[attr-defined]
    ]
    live = [_values(figures(AS_OF, s)) for s in scopes]
    found = store(AS_OF)
    assert found["windows"] == ["2024", "2025", "2026", "rolling-2026-12-06"]
    assert found["figures"] == 4 * len(KPIS)
    kept = [figures(AS_OF, s) for s in scopes]
    for before, after in zip(live, kept, strict=True):
        assert _values(after) == before
    whole = {f.code: f for f in kept[0]}["RE_REFERRALS"]
    assert all(p.computed_at is not None for p in whole.points)
    # 2025-26: 3 referrals, 2 of them re-referrals; Team B: Bo's and Cai's, 1 of 2.
    assert (whole.points[2].count.numerator, whole.points[2].count.denominator) == (2, 3)
    team_b = {f.code: f for f in kept[2]}["RE_REFERRALS"]
    assert (team_b.points[2].count.numerator, team_b.points[2].count.denominator) == (1, 2)


def test_a_window_is_read_from_what_was_kept_until_it_is_stored_again(world) -> None:  # type: ignore[no-untyped-def]
    store(AS_OF)
    referral(world["c"], date(2025, 8, 1), closed=date(2025, 8, 2))  # type: ignore[arg-type]
    referral(world["c"], date(2026, 11, 1), closed=date(2026, 11, 2))  # type: ignore[arg-type]
    kept = figure("REFERRAL_RATE", AS_OF)
    assert kept.points[2].count.numerator == 3  # as kept
    assert kept.points[3].count.numerator == 0  # the year to date as kept
    # A KPI's own page computes the year to date now: the true live figure.
    live, _units = figure_with_units("REFERRAL_RATE", AS_OF)
    assert live.points[3].count.numerator == 1 and live.points[3].computed_at is None
    assert live.points[2].count.numerator == 3  # complete years as kept
    store(AS_OF)
    again = figure("REFERRAL_RATE", AS_OF)
    assert [p.count.numerator for p in again.points[2:]] == [4, 1]
    assert StoredFigure.objects.count() == 4 * len(KPIS)  # replaced, not added
    # The year to date alone, a day later: the earlier year to date is replaced.
    store(date(2026, 12, 7), complete=False)
    assert set(StoredFigure.objects.values_list("window", flat=True)) == {
        "2024",
        "2025",
        "2026",
        "rolling-2026-12-07",
    }


def test_a_kept_figure_of_an_older_version_is_not_read(world) -> None:  # type: ignore[no-untyped-def]
    store(AS_OF)
    StoredFigure.objects.filter(kpi="REFERRAL_RATE").update(numerator=999, version=0)
    point = figure("REFERRAL_RATE", AS_OF).points[2]
    assert point.count.numerator == 3 and point.computed_at is None  # computed now


def test_the_dashboard_says_when_figures_were_computed_and_how_many_children_fail_a_rule(
    world,  # type: ignore[no-untyped-def]
) -> None:
    store(timezone.localdate())
    client = signed_in(Role.SENIOR_LEADER)
    page = client.get(reverse("insight-dashboard") + "?period=2026").content.decode()
    assert "The complete collection years were computed at" in page
    assert "The year to date was computed at" in page
    card = page.split('data-kpi="RE_REFERRALS"')[1].split('data-kpi="')[0]
    # Of re-referrals' three children in 2025-26, Amira fails a DfE rule today.
    assert "1 child fails a DfE rule today" in card
    assert "window=2026&amp;part=denominator&amp;failing=1" in card
    table = client.get(reverse("insight-dashboard") + "?period=2026&view=table").content.decode()
    assert "1 child fails a DfE rule today" in table.split('data-kpi="RE_REFERRALS"')[1]


def test_the_children_of_a_kept_figure_are_listed_from_the_kept_rows_and_audited(world) -> None:  # type: ignore[no-untyped-def]
    store(timezone.localdate())
    a, b, c = world["a"], world["b"], world["c"]
    # Cai is struck from the kept rows: the list reads what was kept, not the records.
    StoredUnit.objects.filter(figure__kpi="RE_REFERRALS", figure__window="2026", child=c).delete()
    client = signed_in(Role.SENIOR_LEADER)
    url = reverse("insight-children", args=["RE_REFERRALS"]) + "?window=2026&part=denominator"
    page = client.get(url).content.decode()
    assert a.la_child_id in page and b.la_child_id in page  # type: ignore[attr-defined]
    assert c.la_child_id not in page  # type: ignore[attr-defined]
    assert "1 of 2 children fails a DfE rule today" in page
    assert "As the figure was computed at" in page
    event = AuditEvent.objects.filter(action="search").latest("id")
    assert set(SearchListing.objects.filter(event=event).values_list("listed_id", flat=True)) == {
        a.pk,  # type: ignore[attr-defined]
        b.pk,  # type: ignore[attr-defined]
    }
    failing = client.get(url + "&failing=1").content.decode()
    assert a.la_child_id in failing and b.la_child_id not in failing  # type: ignore[attr-defined]
    # A manager of Team A sees only Amira of the kept children.
    manager = signed_in(Role.TEAM_MANAGER, world["service"], name="m")  # type: ignore[arg-type]
    theirs = manager.get(url).content.decode()
    assert a.la_child_id in theirs and b.la_child_id not in theirs  # type: ignore[attr-defined]
    # A rate's kept figure has no denominator list either.
    rate = reverse("insight-children", args=["REFERRAL_RATE"]) + "?window=2026&part=denominator"
    assert client.get(rate).status_code == 404


def test_a_kpi_page_reads_kept_years_and_computes_the_year_to_date(world) -> None:  # type: ignore[no-untyped-def]
    store(timezone.localdate())
    page = (
        signed_in(Role.PERFORMANCE_ANALYST)
        .get(reverse("insight-kpi", args=["RE_REFERRALS"]))
        .content.decode()
    )
    row = page.split('data-window="2026"')[1].split("</tr>")[0]
    assert "66.7%" in row and ">2<" in row and ">3<" in row and "(kept)" in row
    assert ">1<" in row  # Amira fails a rule today
    rolling = page.split('data-window="rolling-')[1].split("</tr>")[0]
    assert ">now<" in rolling


def test_computing_the_figures_again_runs_as_a_background_job(world) -> None:  # type: ignore[no-untyped-def]
    leader = signed_in(Role.SENIOR_LEADER)
    assert "Compute the figures again" in leader.get(reverse("insight-dashboard")).content.decode()
    response = leader.post(reverse("insight-store"))
    job = Job.objects.get(kind=Job.Kind.FIGURES)
    assert response["Location"] == reverse("insight-job", args=[job.pk])
    assert "Waiting to start" in leader.get(response["Location"]).content.decode()
    runner.run(job.pk)  # what the worker does
    assert StoredFigure.objects.filter(kpi="RE_REFERRALS", window="2026").exists()
    assert "Finished" in leader.get(response["Location"]).content.decode()
    # A manager sees figures but does not start the authority's computing.
    manager = signed_in(Role.TEAM_MANAGER, world["service"], name="m")  # type: ignore[arg-type]
    assert (
        "Compute the figures again"
        not in manager.get(reverse("insight-dashboard")).content.decode()
    )
    assert manager.post(reverse("insight-store")).status_code == 403


def test_the_command_stores_the_complete_years_of_a_date(world, capsys) -> None:  # type: ignore[no-untyped-def]
    call_command("figures", "store", "--as-of", "2026-12-06")
    assert "figures stored for 2023-24; 2024-25; 2025-26; 12 months to 6 December 2026" in (
        capsys.readouterr().out
    )
    kept = StoredFigure.objects.get(kpi="RE_REFERRALS", window="2026")
    assert (kept.numerator, kept.denominator) == (2, 3)
    assert AuditEvent.objects.filter(what="stored the leaders' figures").exists()
    call_command("figures", "store", "--year-to-date", "--as-of", "2026-12-07")
    assert "figures stored for 12 months to 7 December 2026:" in capsys.readouterr().out
