"""The same figure from the return (issue 16 item 6): for each KPI the DfE publishes from the
CIN census or the SSDA903, the counts computed from Sightline's exported return file (Polars
over the file, ``insight.from_returns``) equal the counts the dashboard computes from the
records, on a small synthetic authority; and the counts the dashboard makes in the database
equal those of the units they stand for."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sightline.insight.catalogue import KPIS
from sightline.insight.figures import units_for
from sightline.insight.from_returns import FROM_CIN, FROM_SSDA903, cin_frames, ssda903_frames
from sightline.insight.windows import collection_year
from sightline.returns.cin_census import export_cin_census
from sightline.returns.ssda903 import export_ssda903
from sightline.returns.years import CollectionYear
from tests.synthetic.conftest import AS_OF, authority_for_module

YEAR = 2026
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def files(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Any]]:
    out = tmp_path_factory.mktemp("returns")
    with authority_for_module(django_db_blocker, children=2500, seed=16, as_of=AS_OF):
        with django_db_blocker.unblock():
            export_cin_census(YEAR, out / "cin.xml")
            export_ssda903(YEAR, out / "903")
        yield {"cin": cin_frames(out / "cin.xml"), "903": ssda903_frames(Path(out / "903"), YEAR)}


def test_every_kpi_the_dfe_publishes_from_a_return_is_computed_from_the_file() -> None:
    published = {code for code, kpi in KPIS.items() if kpi.returns}
    # Not from one year's file: a re-referral's previous referral and a long stay's earlier
    # episodes may be in earlier years' returns (from_returns.py says so).
    assert set(FROM_CIN) | set(FROM_SSDA903) == published - {
        "RE_REFERRALS",
        "CLA_LONG_TERM_STABILITY",
    }
    for code in FROM_CIN:
        assert KPIS[code].returns == "CIN census"
    for code in FROM_SSDA903:
        assert KPIS[code].returns == "SSDA903"


@pytest.mark.parametrize("code", sorted(FROM_CIN) + sorted(FROM_SSDA903))
def test_the_figure_from_the_return_file_is_the_dashboard_figure(
    files: dict[str, Any], code: str
) -> None:
    kpi = KPIS[code]
    if code in FROM_CIN:
        from_file = FROM_CIN[code](files["cin"], CollectionYear(YEAR))
    else:
        from_file = FROM_SSDA903[code](files["903"], CollectionYear(YEAR))
    from_records = units_for(kpi, collection_year(YEAR)).count()
    assert from_file.numerator == from_records.numerator
    assert from_file.denominator == from_records.denominator
    assert from_file.total == from_records.total
    if code in (
        "REFERRAL_RATE",
        "CLA_RATE",
        "CIN_RATE",
        "CLA_3_PLACEMENTS",
        "CLA_HEALTH_ASSESSMENT",
        "CLA_PLACED_OVER_20_MILES",
        "S47_TO_ICPC",
        "FACTOR_16A",
        "FACTOR_3B",
    ):
        assert from_records.numerator > 0, "the authority should have some to count"


def test_every_count_path_gives_the_counts_of_its_units_in_every_window(
    files: dict[str, Any],
) -> None:
    """The dashboard counts the year to date in the database (``KPI.count``) where a measure's
    units are many; on the synthetic authority each gives the very counts its units give."""
    from sightline.insight.measures import shared_cohorts
    from sightline.insight.windows import dashboard_windows

    counted = [kpi for kpi in KPIS.values() if kpi.count is not None]
    assert len(counted) >= 10
    for window in dashboard_windows(AS_OF):
        with shared_cohorts():
            for kpi in counted:
                assert kpi.count is not None
                assert kpi.count(window) == units_for(kpi, window).count(), (kpi.code, window)
    assert KPIS["RE_REFERRALS"].count(collection_year(YEAR)).numerator > 0  # type: ignore[misc]
