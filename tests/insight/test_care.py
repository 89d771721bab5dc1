"""Children in care KPIs (SSDA903), on records built by hand; 2025-26 runs from 1 April 2025
to 31 March 2026. The world: R re-enters care, S leaves on 31 March by special guardianship,
T has short breaks only, U and V have been in care for years."""

from __future__ import annotations

from datetime import date

import pytest

from sightline.care.models import UnaccompaniedStatus
from sightline.insight.catalogue import KPIS
from sightline.insight.figures import units_for
from sightline.insight.windows import collection_year
from tests.insight.builders import allocate, child, health, missing, period, placement, worker

pytestmark = pytest.mark.django_db
Y2026 = collection_year(2026)


def value(code: str, population: int | None = 20_000) -> float | None:
    kpi = KPIS[code]
    return units_for(kpi, Y2026).count().value(kpi.measure, population)


@pytest.fixture
def world() -> dict[str, object]:
    r, s, t = child(date(2012, 5, 1)), child(date(2011, 2, 2)), child(date(2016, 1, 1))
    u, v = child(date(2015, 6, 14)), child(date(2012, 1, 1))
    # R: in care May 2024 to June 2025, home, then back in care from 1 September 2025.
    r1 = period(r, date(2024, 5, 1), date(2025, 6, 1), reason="E4A")
    placement(r1, date(2024, 5, 1), date(2025, 6, 1))
    r2 = period(r, date(2025, 9, 1))
    placement(r2, date(2025, 9, 1), date(2025, 10, 1))
    placement(r2, date(2025, 10, 1), date(2026, 1, 5))
    placement(r2, date(2026, 1, 5), place="U4")
    UnaccompaniedStatus.objects.create(child=r, recorded_on=date(2025, 9, 1))
    # S: in care all year, leaving on 31 March 2026 by special guardianship (E45).
    s1 = period(s, date(2025, 4, 1), date(2026, 3, 31), reason="E45")
    placement(s1, date(2025, 4, 1), date(2026, 3, 31))
    missing(s1, date(2026, 1, 8), date(2026, 1, 10), offered=False)
    # T: short breaks only (V3): never counted as looked after.
    period(t, date(2025, 4, 1), legal_status="V3")
    # U: in care since January 2022, in a children's home since January 2023.
    u1 = period(u, date(2022, 1, 10))
    placement(u1, date(2023, 1, 1), place="K2")
    health(u1, "review", date(2025, 10, 1))
    health(u1, "dental", date(2025, 10, 1))
    health(u1, "sdq", date(2025, 9, 1), sdq=12)
    # V: in care since June 2023 (2 years 10 months at 31 March 2026), moved in January 2025.
    v1 = period(v, date(2023, 6, 1))
    placement(v1, date(2023, 6, 1), date(2025, 1, 1))
    placement(v1, date(2025, 1, 1), place="U6")
    health(v1, "immunisations", date(2025, 6, 1))
    health(v1, "sdq", date(2025, 6, 1), sdq=20)
    missing(v1, date(2025, 7, 1), date(2025, 7, 2), kind="A")  # away, not missing
    missing(r2, date(2025, 11, 1), date(2025, 11, 2), offered=True)
    return {"r": r, "s": s, "t": t, "u": u, "v": v}


def test_looked_after_starts_and_uasc_count_a_child_who_re_enters_care_once(world) -> None:  # type: ignore[no-untyped-def]
    # Looked after at 31 March 2026: R (second period), U, V; S ended on 31 March; T short
    # breaks only. 3 per 20,000 = 1.5 per 10,000.
    assert value("CLA_RATE") == 1.5
    # Started in the year: R (1 September) and S (1 April); T's short breaks do not count.
    assert value("CLA_STARTS_RATE") == 1.0
    assert units_for(KPIS["CLA_STARTS_RATE"], Y2026).numerator == tuple(
        sorted([world["r"].pk, world["s"].pk])  # type: ignore[attr-defined]
    )
    # R is unaccompanied and looked after at 31 March: 1 per 20,000 = 0.5.
    assert value("UASC_RATE") == 0.5


def test_leaving_care_by_special_guardianship_or_child_arrangements(world) -> None:  # type: ignore[no-untyped-def]
    # Ceased in the year: R (1 June 2025, home: E4A) and S (31 March 2026, SGO: E45).
    assert value("CEASED_SGO") == 50.0
    assert value("CEASED_CAO") == 0.0


def test_three_placements_long_term_stability_and_placement_types(world) -> None:  # type: ignore[no-untyped-def]
    # At 31 March 2026: R had four placements in the year (the one ending 1 June 2025 and
    # three since September), U one, V one: 1 of 3.
    assert value("CLA_3_PLACEMENTS") == pytest.approx(100 / 3)
    # Under 16 and in care 2.5 years or more: U (4 years) and V (2 years 10 months); U in
    # the same home since January 2023, V moved in January 2025: 1 of 2.
    assert value("CLA_LONG_TERM_STABILITY") == 50.0
    # Placed at 31 March 2026: R U4 (foster), U K2 (children's home), V U6 (foster).
    assert value("CLA_FOSTER") == pytest.approx(200 / 3)
    assert value("CLA_HOMES") == pytest.approx(100 / 3)
    assert value("CLA_SUPPORTED") == 0.0


def test_health_dental_immunisations_and_sdq_for_children_in_care_12_months(world) -> None:  # type: ignore[no-untyped-def]
    # In care continuously for 12 months at 31 March 2026 (OC2): U and V (R re-entered in
    # September; S left on 31 March). U had a review health assessment and a dental check;
    # V is up to date with immunisations.
    assert value("CLA_HEALTH_ASSESSMENT") == 50.0
    assert value("CLA_DENTAL") == 50.0
    assert value("CLA_IMMUNISATIONS") == 50.0
    # Both aged 5 to 16 with a score: (12 + 20) / 2.
    assert value("SDQ_MEAN") == 16.0


def test_missing_and_return_interviews(world) -> None:  # type: ignore[no-untyped-def]
    # Looked after at some time in the year: R, S, U, V. Missing: R (November) and S
    # (January); V was away, not missing: 2 of 4.
    assert value("CLA_MISSING") == 50.0
    # Missing episodes ended in the year: R's (interview offered), S's (not): 1 of 2.
    assert value("RETURN_INTERVIEWS_OFFERED") == 50.0


def test_three_social_workers_in_the_year(world) -> None:  # type: ignore[no-untyped-def]
    first, second, third = worker(), worker(), worker()
    r, u = world["r"], world["u"]
    allocate(r, first, date(2025, 3, 1), date(2025, 6, 1))  # overlaps the year's start
    allocate(r, second, date(2025, 9, 1), date(2025, 12, 1))
    allocate(r, third, date(2025, 12, 1))
    allocate(u, first, date(2022, 1, 10))
    # Looked after at 31 March 2026: R (3 workers in the year), U (1), V (none): 1 of 3.
    assert value("CLA_3_SOCIAL_WORKERS") == pytest.approx(100 / 3)
