"""Workforce KPIs and the timeliness of every rule in the timescale catalogue, on records
built by hand; 2025-26 runs from 1 April 2025 to 31 March 2026."""

from __future__ import annotations

from datetime import date

import pytest

from sightline.insight.catalogue import KPIS
from sightline.insight.figures import units_for
from sightline.insight.measures import timeliness_counts
from sightline.insight.units import Count
from sightline.insight.windows import Scope, collection_year
from sightline.timescales.catalogue import RULES
from tests.insight.builders import allocate, child, obligation, worker

pytestmark = pytest.mark.django_db
Y2026 = collection_year(2026)


def value(code: str) -> float | None:
    kpi = KPIS[code]
    return units_for(kpi, Y2026).count().value(kpi.measure, None)


def test_caseload_and_continuity_of_worker() -> None:
    one, two = worker(), worker()
    # One holds three children at 31 March 2026, two holds one; one's allocation to a
    # fifth child ended that day (handed over: not held at 31 March).
    allocate(child(), one, date(2025, 9, 30))  # exactly six months before: same worker
    allocate(child(), one, date(2025, 10, 1))  # a day less than six months
    allocate(child(), one, date(2024, 1, 1))
    allocate(child(), two, date(2026, 3, 1))
    allocate(child(), one, date(2025, 1, 1), date(2026, 3, 31))
    assert value("CASELOAD") == 2.0  # 4 children, 2 workers
    assert value("SAME_WORKER_6_MONTHS") == 50.0  # 2 of 4


@pytest.mark.parametrize("rule", [r.code for r in RULES])
def test_the_timeliness_of_every_rule(rule: str) -> None:
    a = child()
    obligation(a, rule, date(2025, 5, 1), met=date(2025, 4, 30), in_time=True, subject_id=1)
    obligation(a, rule, date(2025, 6, 1), met=date(2025, 6, 9), in_time=False, subject_id=2)
    # Cancelled before it fell due (no longer needed): left out.
    obligation(a, rule, date(2025, 7, 1), cancelled=date(2025, 6, 15), subject_id=3)
    # Due and not met: counted, not in time.
    obligation(a, rule, date(2026, 3, 31), subject_id=4)
    # Due in the year before: left out.
    obligation(a, rule, date(2025, 3, 31), met=date(2025, 3, 1), in_time=True, subject_id=5)
    kpi = KPIS[f"TIMELY_{rule}"]
    found = units_for(kpi, Y2026)
    assert found.count() == Count(1, 3)  # 1 in time of 3 that fell due
    # The dashboard's grouped count gives the same.
    assert timeliness_counts([Y2026], Scope()).by_rule[rule] == [Count(1, 3)]
