"""The catalogue and the figures API: every KPI defined in full, benchmarks with suppressed
values kept as such, change from last year, rank among the neighbours, scopes."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import override_settings

from sightline.insight import benchmarks as bm
from sightline.insight.catalogue import KPIS, VERSIONS, Outcome, by_outcome, in_force
from sightline.insight.figures import Figure, Point, figure, figures
from sightline.insight.units import Count, Measure
from sightline.insight.windows import Scope, dashboard_windows, parse_window, rolling
from tests.insight.builders import allocate, child, referral, team, worker

AS_OF = date(2026, 12, 6)


def test_every_kpi_is_defined_in_full() -> None:
    assert len(KPIS) >= 40
    for kpi in KPIS.values():
        assert kpi.name and kpi.numerator and kpi.denominator and kpi.source, kpi.code
        assert isinstance(kpi.outcome, Outcome)
        assert kpi.version >= 1 and kpi.effective <= AS_OF
        if kpi.alternative:
            assert KPIS[kpi.alternative].alternative == kpi.code  # offered both ways
            assert kpi.anchor
        if kpi.benchmark:
            assert bm.years(kpi.benchmark), kpi.benchmark
    assert {k.code for k in VERSIONS} == set(KPIS)
    assert in_force("RE_REFERRALS", AS_OF) is KPIS["RE_REFERRALS"]
    grouped = by_outcome()
    assert grouped[0][0] == Outcome.STAY_TOGETHER
    assert sum(len(k) for _, k in grouped) == len(KPIS)


def test_the_dashboard_windows_are_three_collection_years_and_the_year_in_progress() -> None:
    windows = dashboard_windows(AS_OF)
    assert [w.year for w in windows] == [2024, 2025, 2026, None]
    assert windows[-1] == rolling(AS_OF)
    assert (windows[-1].first, windows[-1].last) == (date(2025, 12, 7), AS_OF)
    assert parse_window("2025", AS_OF) == windows[1]
    assert parse_window("2027", AS_OF) is None  # not complete yet
    assert parse_window(windows[-1].key, AS_OF) == windows[-1]
    assert dashboard_windows(date(2026, 3, 31))[-2].year == 2026  # 31 March ends the year


def test_benchmarks_leave_an_unpublished_neighbour_out_never_as_zero() -> None:
    # Hampshire's 2024 CIN return was marked unreliable ('u'): not in the file.
    b = bm.for_year("rereferrals_within_12m_pct", 2024)
    assert b is not None
    assert b.neighbours["Hampshire"] is None
    assert b.neighbours_published == 9
    assert 0.0 not in b.published_neighbours or min(b.published_neighbours) == 0.0
    values = sorted(b.published_neighbours)
    assert b.neighbours_median == values[4]  # the middle of nine
    assert b.neighbours_mean == pytest.approx(sum(values) / 9)
    assert b.england is not None and b.region is not None
    assert bm.rank(10.0, [5.0, 20.0, 10.0], higher_is_better=False) == 2  # ties share
    assert bm.rank(10.0, [5.0, 20.0], higher_is_better=True) == 2
    assert len(bm.neighbours()) == bm.SN_COUNT


@pytest.mark.django_db
@override_settings(SIGHTLINE_CHILD_POPULATION=20_000)
def test_a_figure_has_its_trend_change_direction_and_rank() -> None:
    a, b = child(), child()
    # Referrals: 2024-25: a twice (the second a re-referral); 2025-26: b once.
    referral(a, date(2024, 5, 1), closed=date(2024, 5, 2))
    referral(a, date(2024, 9, 1), closed=date(2024, 9, 2))
    referral(b, date(2025, 7, 1), closed=date(2025, 7, 2))
    f = figure("RE_REFERRALS", AS_OF)
    assert [p.value for p in f.points] == [None, 50.0, 0.0, None]
    assert f.latest.window.year == 2026 and f.previous is not None
    assert f.change == -50.0
    assert f.direction == "better"  # fewer re-referrals is better
    compared = f.compared
    assert compared is not None and compared.year == 2025  # the latest year both have
    # 50% is worse than every neighbour's 2025 figure: last of those ranked.
    assert compared.rank == compared.of
    rate = figure("REFERRAL_RATE", AS_OF)
    assert [p.value for p in rate.points][1:3] == [1.0, 0.5]  # 2 and 1 per 20,000
    assert rate.direction == ""  # a rate of demand is neither good nor bad


def test_a_change_too_small_to_show_is_no_change() -> None:
    """45.46% then 45.54% both read 45.5%: a leader is not told it got better; 45.44% then
    45.56% read 45.4% and 45.6%: better (more children seen alone)."""

    def seen_alone(before: float, after: float) -> Figure:
        windows = dashboard_windows(AS_OF)
        values = [None, before, after, None]
        points = [Point(w, Count(0, 0), v) for w, v in zip(windows, values, strict=True)]
        return Figure(KPIS["VISITS_SEEN_ALONE"], Scope(), AS_OF, Measure.PERCENT, points)

    assert seen_alone(45.46, 45.54).direction == "no change"
    assert seen_alone(45.44, 45.56).direction == "better"
    assert seen_alone(45.56, 45.44).direction == "worse"


@pytest.mark.django_db
def test_a_team_scope_counts_its_children_and_shows_a_rate_as_a_count() -> None:
    service = team("Service A")
    below = team("Team below", parent=service)
    other = team("Another team")
    mine, theirs = child(date(2015, 1, 1)), child(date(2015, 1, 1))
    allocate(mine, worker(below), date(2025, 1, 1))
    allocate(theirs, worker(other), date(2025, 1, 1))
    referral(mine, date(2025, 6, 1), closed=date(2025, 6, 2))
    referral(theirs, date(2025, 6, 1), closed=date(2025, 6, 2))
    scope = Scope(team_ids=frozenset({service.pk, below.pk}), on=AS_OF)
    f = figure("REFERRAL_RATE", AS_OF, scope)
    assert f.measure == Measure.COUNT and f.unit == "children"
    assert f.points[2].value == 1.0
    assert f.compared is None  # a team is not compared with whole authorities
    # An age band: aged 10 at 31 March 2026, both are in "10 to 15"; neither "5 to 9".
    assert figure("REFERRAL_RATE", AS_OF, Scope(age_band="10-15")).points[2].value == 2.0
    assert figure("REFERRAL_RATE", AS_OF, Scope(age_band="5-9")).points[2].value == 0.0


@pytest.mark.django_db
def test_every_figure_computes_on_an_empty_authority() -> None:
    found = figures(AS_OF)
    assert [f.code for f in found] == list(KPIS)
    assert all(p.value in (None, 0.0) for f in found for p in f.points)
