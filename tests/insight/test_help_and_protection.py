"""Help and protection KPIs (CIN census), each on records built by hand, the answer worked out
below from what was built. The collection year 2026 runs from 1 April 2025 to 31 March 2026."""

from __future__ import annotations

from datetime import date

import pytest

from sightline.insight.catalogue import KPIS
from sightline.insight.figures import units_for
from sightline.insight.units import Measure
from sightline.insight.windows import collection_year
from sightline.protection.models import Assessment, Visit
from tests.insight.builders import child, icpc, plan, referral, s47

pytestmark = pytest.mark.django_db
Y2026 = collection_year(2026)
Y2025 = collection_year(2025)


def value(code: str, window=Y2026, population: int | None = 20_000) -> float | None:  # type: ignore[no-untyped-def]
    kpi = KPIS[code]
    return units_for(kpi, window).count().value(kpi.measure, population)


def test_re_referrals_count_a_referral_exactly_12_months_later_as_a_re_referral() -> None:
    a, b, c, d = child(), child(), child(), child()
    referral(a, date(2024, 6, 10), closed=date(2024, 6, 20))
    referral(a, date(2025, 6, 10), closed=date(2025, 6, 20))  # exactly 12 months: re-referral
    referral(a, date(2025, 12, 1), closed=date(2025, 12, 5))  # within 12 months of June 2025
    referral(b, date(2024, 6, 9), closed=date(2024, 6, 20))
    referral(b, date(2025, 6, 10), closed=date(2025, 6, 20))  # 12 months and a day: not
    referral(c, date(2026, 3, 31))  # the year's last day counts, no earlier referral
    referral(d, date(2025, 3, 31), closed=date(2025, 4, 2))  # the year before
    referral(d, date(2026, 4, 1))  # the year after
    # In the year: a (10 June), a (1 December), b (10 June), c (31 March) = 4 referrals;
    # re-referrals: a's two = 2 of 4.
    assert value("RE_REFERRALS") == 50.0
    # 4 referrals per 20,000 children = 2 per 10,000.
    assert value("REFERRAL_RATE") == 2.0
    rate = KPIS["REFERRAL_RATE"]
    assert rate.count is not None and rate.count(Y2026) == units_for(rate, Y2026).count()
    assert sorted(units_for(KPIS["RE_REFERRALS"], Y2026).numerator) == [a.pk, a.pk]
    # The year to date's count in the database reads the same edges the same way.
    again = KPIS["RE_REFERRALS"].count
    assert again is not None and again(Y2026) == units_for(KPIS["RE_REFERRALS"], Y2026).count()


def test_assessments_in_45_working_days_from_the_referral_and_from_the_start_differ() -> None:
    a, b, c = child(), child(), child()
    ra = referral(a, date(2025, 6, 2))  # a Monday; no bank holiday until 25 August
    rb = referral(b, date(2025, 6, 2))
    rc = referral(c, date(2025, 1, 6))
    # 45 working days after Monday 2 June 2025 is Monday 4 August (nine whole weeks).
    Assessment.objects.create(
        child=a, referral=ra, started_on=date(2025, 6, 3), authorised_on=date(2025, 8, 4)
    )
    # 5 August is the 46th working day after the referral, but only the 41st after the start
    # on Monday 9 June (eight weeks to 4 August, then one).
    Assessment.objects.create(
        child=b, referral=rb, started_on=date(2025, 6, 9), authorised_on=date(2025, 8, 5)
    )
    # Authorised in the year before: not counted.
    Assessment.objects.create(
        child=c, referral=rc, started_on=date(2025, 1, 6), authorised_on=date(2025, 3, 31)
    )
    assert value("ASSESSMENTS_45WD") == 50.0  # a in time, b late
    assert value("ASSESSMENTS_45WD_FROM_START") == 100.0  # both in time from their start
    assert KPIS["ASSESSMENTS_45WD"].alternative == "ASSESSMENTS_45WD_FROM_START"
    assert KPIS["ASSESSMENTS_45WD_FROM_START"].alternative == "ASSESSMENTS_45WD"


def test_initial_conferences_within_15_working_days_of_the_strategy_discussion() -> None:
    a, b, c = child(), child(), child()
    ra, rb, rc = (
        referral(a, date(2025, 8, 20)),
        referral(b, date(2025, 8, 20)),
        referral(c, date(2026, 3, 2)),
    )
    # Monday 1 September 2025 + 15 working days = Monday 22 September (three whole weeks).
    icpc(s47(a, ra, date(2025, 9, 1)), date(2025, 9, 22))  # on the last day: in time
    icpc(s47(b, rb, date(2025, 9, 1)), date(2025, 9, 23))  # a day late
    # Friday 20 March 2026: with Good Friday (3 April) and Easter Monday (6 April) the 15th
    # working day is Tuesday 14 April; held on 8 April, in the next year: not counted here.
    icpc(s47(c, rc, date(2026, 3, 20)), date(2026, 4, 8))
    assert value("ICPC_15WD") == 50.0
    # Three enquiries started in the year (the strategy discussions): 3 per 20,000 = 1.5.
    assert value("S47_RATE") == 1.5


def test_plans_at_31_march_second_plans_and_two_years_with_a_plan_spanning_the_year_end() -> None:
    a, b, c, d = child(), child(), child(), child()
    ra, rb, rc, rd = (referral(x, date(2023, 1, 1)) for x in (a, b, c, d))
    plan(a, ra, date(2023, 3, 1), date(2025, 6, 30))  # spans 31 March 2025; lasted 2 years 4 months
    plan(b, rb, date(2024, 1, 15))  # open: two years or more at 31 March 2026
    plan(c, rc, date(2025, 10, 1), date(2026, 3, 31))  # ended on 31 March: not open that day
    plan(a, ra, date(2025, 11, 1))  # a's second plan
    plan(d, rd, date(2025, 5, 1), elsewhere=1)  # d had a plan in another authority
    # Ended in 2025-26: a's first (2 years or more) and c's (6 months): 1 of 2.
    assert value("CPP_2YRS_CEASED") == 50.0
    # Open at 31 March 2026: b's (since January 2024: over 2 years), a's second, d's: 1 of 3.
    assert value("CPP_2YRS_OPEN") == pytest.approx(100 / 3)
    # Started in 2025-26: c's (first), a's second, d's (second: one elsewhere): 2 of 3.
    assert value("CPP_SECOND") == pytest.approx(200 / 3)
    # Children on a plan at 31 March 2026: a, b, d = 3 per 20,000 = 1.5 per 10,000.
    assert value("CPP_RATE") == 1.5
    # At 31 March 2025 the spanning plan was open: a and b.
    assert value("CPP_RATE", Y2025) == 1.0
    # Every child has had a referral open since 2023: 4 in need at 31 March 2026.
    assert value("CIN_RATE") == 2.0


def test_children_in_need_at_31_march_leave_out_an_episode_closed_that_day() -> None:
    a, b = child(), child()
    referral(a, date(2025, 5, 1), closed=date(2026, 3, 31))
    referral(b, date(2025, 5, 1), closed=date(2026, 4, 1))
    assert units_for(KPIS["CIN_RATE"], Y2026).numerator == (b.pk,)
    # Without a population the rate cannot be made: no figure rather than a wrong one.
    assert value("CIN_RATE", population=None) is None


def test_visits_seen_alone_count_statutory_visits_the_child_was_seen_at() -> None:
    a = child()
    for purpose, alone, struck in (
        (Visit.Purpose.CHILD_PROTECTION, True, False),
        (Visit.Purpose.CHILD_IN_NEED, False, False),
        (Visit.Purpose.LOOKED_AFTER, True, True),  # struck out: left out
        (Visit.Purpose.PERSONAL_ADVISER, True, False),  # not a statutory visit
    ):
        Visit.objects.create(
            child=a,
            purpose=purpose,
            visited_on=date(2025, 7, 1),
            seen_alone=alone,
            struck_out=struck,
        )
    assert value("VISITS_SEEN_ALONE") == 50.0
    # The dashboard's aggregate gives the same counts as the list of children.
    kpi = KPIS["VISITS_SEEN_ALONE"]
    assert kpi.count is not None and kpi.count(Y2026) == units_for(kpi, Y2026).count()


def test_a_percentage_with_nothing_to_count_is_no_figure() -> None:
    assert units_for(KPIS["RE_REFERRALS"], Y2026).count().value(Measure.PERCENT, None) is None
