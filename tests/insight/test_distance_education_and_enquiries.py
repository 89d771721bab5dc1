"""The KPIs of the anchors' table added after the first catalogue: placements more than 20
miles from home (the DfE dashboard, and LAIT 87's outside the authority), personal education
plans in date, unaccompanied children starting care, section 47 enquiries that led to an
initial conference; on records built by hand, 2025-26 running from 1 April 2025 to 31 March
2026; and that ``figures store`` keeps them with their children, listed by the drill-down."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from sightline.access.roles import Role
from sightline.care.models import UnaccompaniedStatus
from sightline.insight.catalogue import KPIS
from sightline.insight.figures import units_for
from sightline.insight.models import StoredFigure
from sightline.insight.store import store
from sightline.insight.windows import collection_year
from sightline.people.models import Person
from sightline.protection.models import Assessment
from tests.insight.builders import (
    child,
    discuss,
    icpc,
    pep,
    period,
    placement,
    referral,
    s47,
)
from tests.insight.test_pages import signed_in

pytestmark = pytest.mark.django_db
Y2026 = collection_year(2026)
AS_OF = date(2026, 12, 6)

# Every period's home postcode is GL1 2EH (the builders'): ONS grid reference 382690 E,
# 218170 N. The placements' postcodes, with their grid references in the ONS directory:
INSIDE_FAR = "OX7 6XT"  # Cotswold (Gloucestershire), 424676 E 222947 N
OUTSIDE_FAR = "BS1 4DJ"  # Bristol, 358622 E 172697 N
NEAR = "GL20 5AB"  # Tewkesbury (Gloucestershire), 389259 E 232684 N
NOT_A_POSTCODE = "ZZ1 1ZZ"  # not in the directory


def value(code: str, population: int | None = 20_000) -> float | None:
    kpi = KPIS[code]
    return units_for(kpi, Y2026).count().value(kpi.measure, population)


def ids(*people: Person) -> tuple[int, ...]:
    return tuple(sorted(p.pk for p in people))


@pytest.fixture
def far() -> dict[str, Person]:
    """Children in care at 31 March 2026 and where they are placed."""
    made: dict[str, Person] = {}

    def placed(name: str, postcode: str, **kwargs: object) -> Person:
        who = made[name] = child(date(2012, 5, 1))
        care = period(who, date(2024, 5, 1), **kwargs)  # type: ignore[arg-type]
        placement(care, date(2024, 5, 1), care.ended_on, postcode=postcode)
        return who

    placed("a", INSIDE_FAR)
    placed("b", OUTSIDE_FAR)
    placed("c", NEAR)
    placed("d", NOT_A_POSTCODE)
    placed("e", "")  # no placement postcode recorded
    f = placed("f", OUTSIDE_FAR)
    UnaccompaniedStatus.objects.create(child=f, recorded_on=date(2024, 5, 1))
    # G was placed in Bristol until January 2026, then near home.
    g = made["g"] = child(date(2012, 5, 1))
    g1 = period(g, date(2024, 5, 1))
    placement(g1, date(2024, 5, 1), date(2026, 1, 10), postcode=OUTSIDE_FAR)
    placement(g1, date(2026, 1, 10), postcode=NEAR)
    placed("h", OUTSIDE_FAR, ended=date(2026, 3, 31), reason="E4A")  # left care on 31 March
    placed("i", OUTSIDE_FAR, legal_status="V3")  # short breaks only
    return made


def test_placements_more_than_20_miles_from_home_by_the_ons_grid_references(far) -> None:  # type: ignore[no-untyped-def]
    # Distances from GL1 2EH, straight lines between grid references, in miles (1.6093 km):
    #   OX7 6XT: dx 41,986 m, dy 4,777 m -> 42,257 m -> 26.3 miles (inside the county)
    #   BS1 4DJ: dx 24,068 m, dy 45,473 m -> 51,450 m -> 32.0 miles (Bristol, outside)
    #   GL20 5AB: dx 6,569 m, dy 14,514 m -> 15,931 m -> 9.9 miles
    # Counted at 31 March 2026: A (26.3), B (32.0), C (9.9), G (9.9: placed near home since
    # January). Not counted: D (postcode not in the directory) and E (none recorded): no
    # distance can be worked out; F is unaccompanied (the return has no distance for them);
    # H left care on 31 March; I has short breaks only.
    units = units_for(KPIS["CLA_PLACED_OVER_20_MILES"], Y2026)
    assert units.denominator == ids(far["a"], far["b"], far["c"], far["g"])
    assert units.numerator == ids(far["a"], far["b"])
    assert value("CLA_PLACED_OVER_20_MILES") == 50.0
    # LAIT 87: outside the authority's boundary as well: B alone of the four.
    outside = units_for(KPIS["CLA_PLACED_OUTSIDE_OVER_20_MILES"], Y2026)
    assert outside.numerator == ids(far["b"])
    assert value("CLA_PLACED_OUTSIDE_OVER_20_MILES") == 25.0


def test_the_two_readings_of_far_from_home_name_each_other() -> None:
    dfe, lait = KPIS["CLA_PLACED_OVER_20_MILES"], KPIS["CLA_PLACED_OUTSIDE_OVER_20_MILES"]
    assert dfe.alternative == lait.code and lait.alternative == dfe.code
    assert not dfe.higher_is_better and dfe.returns == "SSDA903"
    assert "ONS postcode directory" in dfe.notes and "no distance is guessed" in dfe.notes


@pytest.fixture
def schooling() -> dict[str, Person]:
    """Children in care at 31 March 2026, in the spring term (1 January to 14 April 2026: the
    default terms start on 1 September, 1 January and 15 April); the term before it ran from
    1 September to 31 December 2025."""
    made: dict[str, Person] = {}

    def looked_after(name: str, born: date, since: date, *reviews: date) -> Person:
        who = made[name] = child(born)
        care = period(who, since)
        for on in reviews:
            pep(care, on)
        return who

    looked_after("autumn", date(2015, 6, 1), date(2024, 1, 1), date(2025, 10, 15))
    looked_after("summer_only", date(2015, 6, 1), date(2024, 1, 1), date(2025, 6, 1))
    looked_after("spring", date(2015, 6, 1), date(2024, 1, 1), date(2026, 3, 1))
    looked_after("new_this_term", date(2015, 6, 1), date(2026, 2, 1))
    looked_after("aged_two", date(2023, 6, 1), date(2024, 1, 1))
    looked_after("seventeen", date(2008, 6, 1), date(2024, 1, 1), date(2025, 12, 31))
    looked_after("three_today", date(2023, 3, 31), date(2024, 1, 1))
    # Re-entered care: reviewed in September 2025 in a period that ended in October; back in
    # care from 1 November 2025 with no review since.
    again = made["again"] = child(date(2015, 6, 1))
    first = period(again, date(2024, 1, 1), date(2025, 10, 1), reason="E4A")
    pep(first, date(2025, 9, 20))
    period(again, date(2025, 11, 1))
    return made


def test_peps_in_date_reviewed_this_term_or_last_in_the_current_period_of_care(schooling) -> None:  # type: ignore[no-untyped-def]
    s = schooling
    units = units_for(KPIS["PEPS_IN_DATE"], Y2026)
    # Counted: aged 3 to 17 on 31 March 2026 and in care since before 1 January 2026: not the
    # child who came into care in February (the term's review is due at its end), nor the
    # two-year-old; the child whose third birthday is 31 March is.
    assert units.denominator == ids(
        s["autumn"], s["summer_only"], s["spring"], s["seventeen"], s["three_today"], s["again"]
    )
    # In date: reviewed in the autumn term (15 October; 31 December, its last day) or the
    # spring term (1 March). Not: reviewed only in the summer term of 2025; never reviewed;
    # reviewed in September only in a period of care that has ended.
    assert units.numerator == ids(s["autumn"], s["spring"], s["seventeen"])
    assert value("PEPS_IN_DATE") == 50.0


def test_personal_advisers_allocated_in_time_is_the_timescale_rules_figure() -> None:
    # Not a second KPI: the timeliness of the PA_ALLOCATION rule (20 working days from
    # becoming eligible, a local standard) is already in the catalogue.
    kpi = KPIS["TIMELY_PA_ALLOCATION"]
    assert kpi.rule == "PA_ALLOCATION" and "local standard" in kpi.source
    assert not [k for k in KPIS if "PA_ALLOC" in k and k != "TIMELY_PA_ALLOCATION"]


def test_unaccompanied_children_starting_care_each_counted_once() -> None:
    x, y, z = child(), child(), child()
    x1 = period(x, date(2025, 6, 1), date(2025, 8, 1), reason="E4A")
    period(x, date(2025, 10, 1))  # X re-enters care in the year: one start
    UnaccompaniedStatus.objects.create(child=x, recorded_on=x1.started_on)
    period(y, date(2025, 5, 1))  # not unaccompanied
    period(z, date(2024, 5, 1))  # unaccompanied, in care since the year before
    UnaccompaniedStatus.objects.create(child=z, recorded_on=date(2024, 5, 1))
    w = child()
    period(w, date(2025, 7, 1), legal_status="V3")  # short breaks only
    UnaccompaniedStatus.objects.create(child=w, recorded_on=date(2025, 7, 1))
    assert units_for(KPIS["UASC_STARTS_RATE"], Y2026).numerator == ids(x)
    assert value("UASC_STARTS_RATE") == 0.5  # 1 per 20,000


def test_section_47_enquiries_that_led_to_an_initial_conference() -> None:
    a, b, c, d = child(), child(), child(), child()
    ra, rb, rc, rd = (referral(who, date(2025, 3, 1)) for who in (a, b, c, d))
    icpc(s47(a, ra, date(2025, 5, 1)), date(2025, 5, 20))  # led to a conference
    icpc(s47(b, rb, date(2026, 3, 25)), date(2026, 4, 10))  # conference after 31 March
    s47(c, rc, date(2025, 7, 1))  # no conference
    icpc(s47(d, rd, date(2025, 3, 20)), date(2025, 4, 5))  # started the year before
    units = units_for(KPIS["S47_TO_ICPC"], Y2026)
    assert units.denominator == ids(a, b, c)
    assert units.numerator == ids(a)
    assert value("S47_TO_ICPC") == pytest.approx(100 / 3)


def test_strategy_discussions_that_started_an_enquiry_count_each_discussion() -> None:
    a, b, c = child(), child(), child()
    ra, rb, rc = (referral(who, date(2025, 3, 1)) for who in (a, b, c))
    s47(a, ra, date(2025, 4, 1))  # the year's first day: an enquiry
    discuss(a, ra, date(2025, 9, 1), "no_s47")  # A discussed again: counted again
    discuss(b, rb, date(2026, 3, 31), "nfa")  # the year's last day
    s47(c, rc, date(2025, 3, 31))  # the year before: left out
    discuss(c, rc, date(2026, 4, 1), "s47")  # the year after: left out
    units = units_for(KPIS["STRATEGY_TO_S47"], Y2026)
    assert units.denominator == (a.pk, a.pk, b.pk)
    assert units.numerator == ids(a)
    assert value("STRATEGY_TO_S47") == pytest.approx(100 / 3)
    assert KPIS["STRATEGY_TO_S47"].higher_is_better is None  # a threshold, not a target


def test_factors_identified_at_assessment_count_each_episode_once() -> None:
    a, b, c = child(), child(), child()
    ra = referral(a, date(2025, 5, 1))
    rb = referral(b, date(2025, 5, 1), closed=date(2025, 12, 1))
    rc = referral(c, date(2025, 1, 6))

    def assessed(ref, authorised, *factors):  # type: ignore[no-untyped-def]
        Assessment.objects.create(
            child=ref.child,
            referral=ref,
            started_on=ref.referral_date,
            authorised_on=authorised,
            factors=list(factors),
        )

    # A's episode: two assessments in the year, both finding neglect: one episode.
    assessed(ra, date(2025, 6, 1), "16A", "3B")
    assessed(ra, date(2025, 11, 1), "16A")
    # B's: neglect and gangs; a second episode of B's finds gangs again: two episodes.
    assessed(rb, date(2025, 7, 1), "16A", "13A")
    rb2 = referral(b, date(2026, 1, 5))
    assessed(rb2, date(2026, 3, 31), "13A")  # authorised on the year's last day: counted
    # C's assessment was authorised the year before: not counted.
    assessed(rc, date(2025, 3, 31), "16A", "13A")
    neglect = units_for(KPIS["FACTOR_16A"], Y2026)
    assert neglect.numerator == ids(a, b) and neglect.denominator is None
    assert value("FACTOR_16A") == 1.0  # 2 per 20,000
    assert units_for(KPIS["FACTOR_13A"], Y2026).numerator == (b.pk, b.pk)
    assert value("FACTOR_3B") == 0.5
    assert value("FACTOR_24A") == 0.0


def test_the_new_figures_are_kept_by_the_store_and_open_onto_their_children(far, schooling) -> None:  # type: ignore[no-untyped-def]
    store(AS_OF)
    kept = {
        f.kpi: (f.numerator, f.denominator)
        for f in StoredFigure.objects.filter(window="2026", kpi__in=list(KPIS))
    }
    assert kept["CLA_PLACED_OVER_20_MILES"] == (2, 4)
    assert kept["CLA_PLACED_OUTSIDE_OVER_20_MILES"] == (1, 4)
    # The far-placed A to G (aged 13, in care since May 2024, never reviewed) join the six
    # children of the PEP world in its denominator: 3 of 13.
    assert kept["PEPS_IN_DATE"] == (3, 13)
    assert {"UASC_STARTS_RATE", "S47_TO_ICPC"} <= set(kept)
    client = signed_in(Role.SENIOR_LEADER)
    url = reverse("insight-children", args=["CLA_PLACED_OVER_20_MILES"]) + "?window=2026"
    numerator = client.get(url + "&part=numerator").content.decode()
    assert far["a"].la_child_id in numerator and far["b"].la_child_id in numerator
    assert far["c"].la_child_id not in numerator
    denominator = client.get(url + "&part=denominator").content.decode()
    assert far["c"].la_child_id in denominator and far["d"].la_child_id not in denominator
    peps = reverse("insight-children", args=["PEPS_IN_DATE"]) + "?window=2026&part=numerator"
    page = client.get(peps).content.decode()
    assert schooling["spring"].la_child_id in page
    assert schooling["summer_only"].la_child_id not in page
