"""The rule catalogue, one scenario per rule: facts built by hand, obligations computed with a
fixed ``today``, due dates worked out here from the statute's words (CONTRACTS.md counting:
working days from day 0, calendar weeks and months, "beginning with" from day 1).

Bank holidays used: Good Friday 2026-04-03, Easter Monday 2026-04-06, 2026-12-25,
2026-12-28 (Boxing Day substitute), 2027-01-01.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ImproperlyConfigured

from sightline.leaving_care.eligibility import CarePeriod, eligible_on
from sightline.timescales.catalogue import (
    RULES,
    SCHEDULES,
    Catalogue,
    became_eligible_on,
    catalogue,
    obligations_for,
)
from sightline.timescales.facts import (
    AllegationFact,
    AllocationFact,
    AssessmentFact,
    ChildFacts,
    ConferenceFact,
    ContactFact,
    DatedFact,
    EnquiryFact,
    HealthFact,
    MeetingFact,
    MissingFact,
    PeriodFact,
    PlacementFact,
    PlanFact,
    PrivateFosteringFact,
    ProceedingsFact,
    ReferralFact,
    StrategyAskFact,
    StrategyFact,
    VisitFact,
)
from sightline.timescales.schedule import Due

D = date.fromisoformat
LONDON = ZoneInfo("Europe/London")
TODAY = D("2028-06-01")  # after every event below, unless a test says otherwise
Row = tuple[date, date, date | None, date | None]  # started_on, due_on, met_on, cancelled_on
RuleRow = tuple[str, date, date, date | None, date | None]


@pytest.fixture
def cat(settings: Any) -> Catalogue:
    """The catalogue with no local standards and the default terms."""
    settings.SIGHTLINE_LOCAL_STANDARDS = {}
    settings.SIGHTLINE_TERM_STARTS = None
    return catalogue()


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=LONDON)


def run(child: ChildFacts, cat: Catalogue, code: str, today: date = TODAY) -> list[Due]:
    """Every obligation of the one schedule that holds ``code``, as obligations_for gives it."""
    [schedule] = [s for s in SCHEDULES if code in s.rules]
    return obligations_for(child, cat, today, [schedule])


def dues(child: ChildFacts, cat: Catalogue, code: str, today: date = TODAY) -> list[Due]:
    return [d for d in run(child, cat, code, today) if d.rule == code]


def rows(child: ChildFacts, cat: Catalogue, code: str, today: date = TODAY) -> list[Row]:
    return [
        (d.started_on, d.due_on, d.met_on, d.cancelled_on) for d in dues(child, cat, code, today)
    ]


def chain_rows(child: ChildFacts, cat: Catalogue, *codes: str) -> list[RuleRow]:
    """The obligations of several rules that form one chain, in order."""
    return [
        (d.rule, d.started_on, d.due_on, d.met_on, d.cancelled_on)
        for d in run(child, cat, codes[0])
        if d.rule in codes
    ]


def visits(purpose: str, *days: str) -> list[VisitFact]:
    return [VisitFact(i, purpose, D(day)) for i, day in enumerate(days, start=1)]


def looked_after(
    start: str,
    end: str | None = None,
    *,
    status: str = "C2",
    place: str = "U1",
    intended_until_18: bool = False,
    enhanced: int | None = None,
    birth: str = "2015-05-01",
    **facts: Any,
) -> ChildFacts:
    """A child looked after in one period (id 1) with one placement (id 10) for all of it."""
    return ChildFacts(
        child_id=1,
        birth_date=D(birth),
        periods=[PeriodFact(1, D(start), D(end) if end else None, status)],
        placements=[
            PlacementFact(
                10, 1, D(start), D(end) if end else None, place, intended_until_18, None, enhanced
            )
        ],
        **facts,
    )


# --- the catalogue as a whole ----------------------------------------------------------------


def test_every_rule_is_scheduled_by_exactly_one_schedule_and_every_scheduled_rule_exists() -> None:
    scheduled = [code for schedule in SCHEDULES for code in schedule.rules]
    assert sorted(scheduled) == sorted(rule.code for rule in RULES)


def test_the_default_catalogue_is_the_rules_as_written(cat: Catalogue) -> None:
    assert cat.rules == {rule.code: rule for rule in RULES}
    assert cat.term_starts == ((9, 1), (1, 1), (4, 15))


# --- help and protection ---------------------------------------------------------------------


def test_contact_decision_is_due_the_next_working_day_on_the_local_date(cat: Catalogue) -> None:
    child = ChildFacts(
        1,
        contacts=[
            # Friday evening, decided Monday morning: in time.
            ContactFact(1, at("2026-11-20T17:45"), at("2026-11-23T09:00")),
            # Christmas Eve: due Tuesday 29 December (25 and 28 are bank holidays); late.
            ContactFact(2, at("2026-12-24T16:00"), at("2026-12-30T09:00")),
            # 23:30 UTC on Friday 5 June is 00:30 on Saturday in London: due Monday 8 June.
            ContactFact(3, datetime.fromisoformat("2026-06-05T23:30+00:00"), None),
        ],
    )
    assert rows(child, cat, "CONTACT_DECISION") == [
        (D("2026-11-20"), D("2026-11-23"), D("2026-11-23"), None),
        (D("2026-12-24"), D("2026-12-29"), D("2026-12-30"), None),
        (D("2026-06-06"), D("2026-06-08"), None, None),  # no stop: stays open
    ]
    assert [d.met_in_time for d in dues(child, cat, "CONTACT_DECISION")] == [True, False, None]


def test_assessment_is_due_45_working_days_from_referral_and_cancelled_at_closure(
    cat: Catalogue,
) -> None:
    # Friday 2026-11-20 + 45: Nov 23-27 (5), Nov 30-Dec 4 (10), Dec 7-11 (15), 14-18 (20),
    # 21-24 (24), 29-31 (27), Jan 4-8 (32), 11-15 (37), 18-22 (42), 25, 26, 27 (45).
    child = ChildFacts(
        1,
        referrals=[
            ReferralFact(1, D("2026-11-20"), False, None),
            ReferralFact(2, D("2026-11-20"), True, D("2026-11-20")),  # no further action
            ReferralFact(3, D("2026-11-20"), False, D("2026-12-01")),
            ReferralFact(4, D("2026-11-20"), False, D("2026-12-01")),
        ],
        assessments=[
            AssessmentFact(1, 1, D("2026-11-20"), D("2027-01-28")),
            AssessmentFact(2, 1, D("2026-11-20"), D("2027-01-20")),  # the earliest authorised
            AssessmentFact(3, 1, D("2026-11-20"), None),
            AssessmentFact(4, 4, D("2026-11-20"), D("2026-12-02")),  # after the closure
        ],
    )
    assert rows(child, cat, "ASSESSMENT") == [
        (D("2026-11-20"), D("2027-01-27"), D("2027-01-20"), None),
        (D("2026-11-20"), D("2027-01-27"), None, D("2026-12-01")),
        (D("2026-11-20"), D("2027-01-27"), None, D("2026-12-01")),
    ]


def test_icpc_is_due_15_working_days_after_the_strategy_discussion_over_christmas(
    cat: Catalogue,
) -> None:
    # Thursday 2026-12-17 + 15: Dec 18, 21-24 (5); 25, 28 bank holidays; 29-31 (8); Jan 1 bank
    # holiday; Jan 4-8 (13), 11 (14), 12 (15).
    def enquiry(
        pk: int,
        completed: str | None = None,
        outcome: str = "",
        not_required: bool = False,
        strategy: str | None = "2026-12-17",
    ) -> EnquiryFact:
        done, held = (D(day) if day else None for day in (completed, strategy))
        return EnquiryFact(pk, D("2026-12-16"), done, outcome, not_required, held)

    child = ChildFacts(
        1,
        enquiries=[
            enquiry(1),
            enquiry(2, "2027-01-08", "icpc"),
            enquiry(3, "2027-01-05", "nfa"),
            enquiry(4, "2027-01-05", "icpc", not_required=True),
            enquiry(5, strategy=None),  # no strategy date: the enquiry's start
        ],
        conferences=[
            ConferenceFact(1, "initial", 1, None, D("2027-01-12")),
            ConferenceFact(2, "initial", 2, None, D("2027-01-13")),
            ConferenceFact(3, "review", 3, None, D("2027-01-04")),  # not an initial conference
        ],
    )
    # Wednesday 2026-12-16 + 15 working days: one working day earlier, Monday 2027-01-11.
    assert rows(child, cat, "ICPC") == [
        (D("2026-12-17"), D("2027-01-12"), D("2027-01-12"), None),
        (D("2026-12-17"), D("2027-01-12"), D("2027-01-13"), None),
        (D("2026-12-17"), D("2027-01-12"), None, D("2027-01-05")),
        (D("2026-12-17"), D("2027-01-12"), None, D("2027-01-05")),
        (D("2026-12-16"), D("2027-01-11"), None, None),
    ]
    assert [d.met_in_time for d in dues(child, cat, "ICPC")[:2]] == [True, False]


def test_strategy_discussion_within_1_working_day_of_being_asked_for(cat: Catalogue) -> None:
    child = ChildFacts(
        1,
        strategy_asks=[
            # Decided at the front door on Friday evening, held Monday: in time.
            StrategyAskFact(1, at("2026-11-20T17:30"), None),
            # Christmas Eve: due Tuesday 29 December; still not held, the referral open.
            StrategyAskFact(2, at("2026-12-24T10:00"), None),
            # Never held, the referral closed: cancelled that day.
            StrategyAskFact(3, at("2026-10-05T09:00"), D("2026-10-09")),
        ],
        strategies=[
            # Held on referral 1 after the front door's decision: meets it, counted once
            # although it also records the day it was asked for.
            StrategyFact(11, 1, D("2026-11-20"), D("2026-11-23")),
            # A second concern on the same referral, asked for on a Wednesday, held Friday:
            # late.
            StrategyFact(12, 1, D("2027-02-03"), D("2027-02-05")),
            # Held on another referral the same day it was asked for: in time.
            StrategyFact(13, 4, D("2027-03-01"), D("2027-03-01")),
            # No day asked for and no front-door decision: asks nothing.
            StrategyFact(14, 5, None, D("2027-03-10")),
            # Held before referral 2's decision: does not answer it.
            StrategyFact(15, 2, D("2026-12-20"), D("2026-12-21")),
        ],
    )
    assert [(d.subject_type, d.subject_id) for d in dues(child, cat, "STRATEGY_DISCUSSION")] == [
        ("protection.Referral", 1),
        ("protection.Referral", 2),
        ("protection.Referral", 3),
        ("protection.StrategyDiscussion", 12),
        ("protection.StrategyDiscussion", 13),
        ("protection.StrategyDiscussion", 15),
    ]
    assert rows(child, cat, "STRATEGY_DISCUSSION") == [
        (D("2026-11-20"), D("2026-11-23"), D("2026-11-23"), None),
        (D("2026-12-24"), D("2026-12-29"), None, None),
        (D("2026-10-05"), D("2026-10-06"), None, D("2026-10-09")),
        (D("2027-02-03"), D("2027-02-04"), D("2027-02-05"), None),
        (D("2027-03-01"), D("2027-03-02"), D("2027-03-01"), None),
        (D("2026-12-20"), D("2026-12-21"), D("2026-12-21"), None),
    ]
    in_time = [d.met_in_time for d in dues(child, cat, "STRATEGY_DISCUSSION")]
    assert in_time == [True, None, None, False, True, True]


def test_a_local_standard_gives_strategy_discussions_longer(settings: Any) -> None:
    settings.SIGHTLINE_LOCAL_STANDARDS = {"STRATEGY_DISCUSSION": {"offset": "2 working days"}}
    settings.SIGHTLINE_TERM_STARTS = None
    child = ChildFacts(1, strategies=[StrategyFact(1, 1, D("2027-02-03"), D("2027-02-05"))])
    [due] = dues(child, catalogue(), "STRATEGY_DISCUSSION")
    assert (due.due_on, due.met_in_time) == (D("2027-02-05"), True)


def cp_plan(ended: str | None = None, **facts: Any) -> ChildFacts:
    """A child protection plan (id 1) started at the ICPC on Monday 2026-01-12."""
    return ChildFacts(
        1, cp_plans=[PlanFact(1, D("2026-01-12"), D(ended) if ended else None)], **facts
    )


def review_conferences(*days: str, plan_id: int = 1) -> list[ConferenceFact]:
    return [ConferenceFact(i, "review", None, plan_id, D(day)) for i, day in enumerate(days, 1)]


def test_cp_reviews_first_within_3_months_then_6_months_from_the_review_actually_held(
    cat: Catalogue,
) -> None:
    child = cp_plan(
        conferences=[
            *review_conferences("2026-04-20", "2026-10-01"),  # the first is late
            ConferenceFact(9, "review", None, 2, D("2026-04-01")),  # another plan's
            ConferenceFact(8, "initial", 7, 1, D("2026-04-02")),  # not a review
        ]
    )
    assert chain_rows(child, cat, "CP_REVIEW_FIRST", "CP_REVIEW") == [
        ("CP_REVIEW_FIRST", D("2026-01-12"), D("2026-04-12"), D("2026-04-20"), None),
        # from the day held (20 April), not from the day it was due (12 April)
        ("CP_REVIEW", D("2026-04-20"), D("2026-10-20"), D("2026-10-01"), None),
        ("CP_REVIEW", D("2026-10-01"), D("2027-04-01"), None, None),
    ]


def test_cp_review_open_at_the_end_of_the_plan_is_cancelled_and_later_ones_do_not_count(
    cat: Catalogue,
) -> None:
    child = cp_plan("2026-05-01", conferences=review_conferences("2026-04-09", "2026-05-10"))
    assert chain_rows(child, cat, "CP_REVIEW_FIRST", "CP_REVIEW") == [
        ("CP_REVIEW_FIRST", D("2026-01-12"), D("2026-04-12"), D("2026-04-09"), None),
        ("CP_REVIEW", D("2026-04-09"), D("2026-10-09"), None, D("2026-05-01")),
    ]


def test_core_groups_first_within_10_working_days_then_every_6_weeks(cat: Catalogue) -> None:
    # Monday 2026-01-12 + 10 working days = Monday 2026-01-26.
    meetings = [
        MeetingFact(1, 1, D("2026-01-22"), "core_group"),
        MeetingFact(2, 1, D("2026-03-10"), "core_group"),  # due 5 March: late
        MeetingFact(3, 1, D("2026-06-01"), "core_group"),  # after the plan ended
        MeetingFact(4, 2, D("2026-02-01"), "core_group"),  # another plan's
    ]
    child = cp_plan("2026-04-20", core_groups=meetings)
    assert chain_rows(child, cat, "CORE_GROUP_FIRST", "CORE_GROUP") == [
        ("CORE_GROUP_FIRST", D("2026-01-12"), D("2026-01-26"), D("2026-01-22"), None),
        ("CORE_GROUP", D("2026-01-22"), D("2026-03-05"), D("2026-03-10"), None),
        ("CORE_GROUP", D("2026-03-10"), D("2026-04-21"), None, D("2026-04-20")),
    ]


def test_cp_visits_every_10_working_days_count_only_visits_for_protection(cat: Catalogue) -> None:
    # Mon 2026-01-12 + 10 = Mon 01-26; Tue 01-20 + 10 = Tue 02-03; Tue 03-31 + 10: Apr 1, 2,
    # (Good Friday, Easter Monday) 7-10, 13-16 = Thu 2026-04-16.
    child = cp_plan(
        "2026-04-30",
        visits=[
            *visits("cp", "2026-01-20", "2026-03-31"),
            VisitFact(9, "cin", D("2026-02-01")),
        ],
    )
    assert rows(child, cat, "CP_VISIT") == [
        (D("2026-01-12"), D("2026-01-26"), D("2026-01-20"), None),
        (D("2026-01-20"), D("2026-02-03"), D("2026-03-31"), None),
        (D("2026-03-31"), D("2026-04-16"), None, D("2026-04-30")),
    ]


def cin_plan(start: str = "2026-02-02", end: str | None = None, **facts: Any) -> ChildFacts:
    return ChildFacts(1, cin_plans=[PlanFact(1, D(start), D(end) if end else None)], **facts)


def test_cin_visits_every_20_working_days_until_the_plan_ends(cat: Catalogue) -> None:
    # Mon 2026-02-02 + 20: Feb 3-6 (4), 9-13 (9), 16-20 (14), 23-27 (19), Mar 2 (20).
    # Wed 02-25 + 20: Feb 26, 27 (2), Mar 2-6 (7), 9-13 (12), 16-20 (17), 23, 24, 25 (20).
    child = cin_plan(end="2026-03-20", visits=visits("cin", "2026-02-25", "2026-03-25"))
    assert rows(child, cat, "CIN_VISIT") == [
        (D("2026-02-02"), D("2026-03-02"), D("2026-02-25"), None),
        (D("2026-02-25"), D("2026-03-25"), None, D("2026-03-20")),
    ]


def test_cin_reviews_every_3_months_met_only_by_reviews_until_the_plan_ends(cat: Catalogue) -> None:
    child = cin_plan(
        end="2026-06-15",
        cin_meetings=[
            MeetingFact(1, 1, D("2026-03-01"), "meeting"),
            MeetingFact(2, 1, D("2026-04-30"), "review"),
            MeetingFact(3, 1, D("2026-06-20"), "review"),  # after the plan ended
        ],
    )
    assert rows(child, cat, "CIN_REVIEW") == [
        (D("2026-02-02"), D("2026-05-02"), D("2026-04-30"), None),
        (D("2026-04-30"), D("2026-07-30"), None, D("2026-06-15")),
    ]


@pytest.mark.parametrize(
    ("cp_ended", "expected"),
    [
        ("2026-02-02", True),  # the same day
        ("2026-01-26", True),  # 7 days before
        ("2026-01-25", False),  # 8 days before
        ("2026-02-03", False),  # the protection plan ended after the CIN plan started
        (None, False),  # the protection plan has not ended
    ],
)
def test_step_down_meeting_only_when_the_cin_plan_starts_within_7_days_of_a_cp_plan_ending(
    cat: Catalogue, cp_ended: str | None, expected: bool
) -> None:
    child = cin_plan(cp_plans=[PlanFact(5, D("2025-06-01"), D(cp_ended) if cp_ended else None)])
    assert bool(dues(child, cat, "CIN_STEP_DOWN_MEETING")) is expected


def test_step_down_meeting_within_10_working_days_met_by_any_meeting_cancelled_at_plan_end(
    cat: Catalogue,
) -> None:
    # Mon 2026-02-02 + 10 working days = Mon 2026-02-16.
    cp_ended = [PlanFact(5, D("2025-06-01"), D("2026-01-30"))]
    met = cin_plan(cp_plans=cp_ended, cin_meetings=[MeetingFact(1, 1, D("2026-02-17"), "meeting")])
    assert rows(met, cat, "CIN_STEP_DOWN_MEETING") == [
        (D("2026-02-02"), D("2026-02-16"), D("2026-02-17"), None)
    ]
    assert dues(met, cat, "CIN_STEP_DOWN_MEETING")[0].met_in_time is False
    ended = cin_plan(
        end="2026-02-10",
        cp_plans=cp_ended,
        cin_meetings=[MeetingFact(1, 1, D("2026-02-12"), "review")],
    )
    assert rows(ended, cat, "CIN_STEP_DOWN_MEETING") == [
        (D("2026-02-02"), D("2026-02-16"), None, D("2026-02-10"))
    ]


# --- looked-after children -------------------------------------------------------------------


def test_care_plan_within_10_working_days_of_becoming_looked_after(cat: Catalogue) -> None:
    # Thu 2026-12-17 + 10: Dec 18, 21-24 (5), 29-31 (8), Jan 4 (9), Jan 5 (10).
    before = looked_after("2026-12-17", care_plans=[DatedFact(1, 1, D("2026-12-16"))])
    assert rows(before, cat, "CARE_PLAN") == [
        (D("2026-12-17"), D("2027-01-05"), D("2026-12-16"), None)  # before placement: in time
    ]
    never = looked_after("2026-12-17", "2026-12-30")
    assert rows(never, cat, "CARE_PLAN") == [
        (D("2026-12-17"), D("2027-01-05"), None, D("2026-12-30"))
    ]


def test_placement_plan_within_5_working_days_of_the_placement_start(cat: Catalogue) -> None:
    # Thu 2026-12-17 + 5: Dec 18, 21, 22, 23, 24.
    child = looked_after("2026-12-17")
    child.placements = [
        child.placements[0]._replace(placement_plan_on=D("2026-12-29")),
        PlacementFact(11, 1, D("2027-01-04"), D("2027-01-06"), "U1", False, None, None),
    ]
    assert rows(child, cat, "PLACEMENT_PLAN") == [
        (D("2026-12-17"), D("2026-12-24"), D("2026-12-29"), None),
        # Mon 2027-01-04 + 5 = Mon 01-11; the placement ended first.
        (D("2027-01-04"), D("2027-01-11"), None, D("2027-01-06")),
    ]
    assert dues(child, cat, "PLACEMENT_PLAN")[0].met_in_time is False


def test_lac_reviews_20_working_days_then_3_months_then_6_months_from_each_held(
    cat: Catalogue,
) -> None:
    # Thu 2026-12-17 + 20 working days: ... Jan 5 (10), 6-8 (13), 11-15 (18), 18 (19), 19 (20).
    held = ["2027-01-14", "2027-04-20", "2027-10-01", "2028-03-01"]
    child = looked_after(
        "2026-12-17", "2028-02-01", reviews=[DatedFact(i, 1, D(d)) for i, d in enumerate(held)]
    )
    assert chain_rows(child, cat, "LAC_REVIEW_FIRST", "LAC_REVIEW_SECOND", "LAC_REVIEW") == [
        ("LAC_REVIEW_FIRST", D("2026-12-17"), D("2027-01-19"), D("2027-01-14"), None),
        ("LAC_REVIEW_SECOND", D("2027-01-14"), D("2027-04-14"), D("2027-04-20"), None),
        ("LAC_REVIEW", D("2027-04-20"), D("2027-10-20"), D("2027-10-01"), None),
        # the review after the period ended does not count; the open one is cancelled
        ("LAC_REVIEW", D("2027-10-01"), D("2028-04-01"), None, D("2028-02-01")),
    ]


@pytest.mark.parametrize(("intended", "last_due"), [(True, "2027-04-10"), (False, "2027-02-21")])
def test_lac_visits_1_week_then_6_weeks_in_the_first_year_then_3_months_if_until_18(
    cat: Catalogue, intended: bool, last_due: str
) -> None:
    # Placement from Mon 2026-01-05; its first year ends 2027-01-05.
    child = looked_after(
        "2026-01-05",
        intended_until_18=intended,
        visits=visits("lac", "2026-01-09", "2026-02-18", "2026-12-20", "2027-01-10"),
    )
    assert rows(child, cat, "LAC_VISIT") == [
        (D("2026-01-05"), D("2026-01-12"), D("2026-01-09"), None),  # 1 week
        (D("2026-01-09"), D("2026-02-20"), D("2026-02-18"), None),  # 6 weeks
        (D("2026-02-18"), D("2026-04-01"), D("2026-12-20"), None),  # 6 weeks; met late
        # a visit in the first year: 6 weeks even when the placement is until 18
        (D("2026-12-20"), D("2027-01-31"), D("2027-01-10"), None),
        # after the first year: 3 months only when intended to last until 18, else 6 weeks
        (D("2027-01-10"), D(last_due), None, None),
    ]


@pytest.mark.parametrize(
    ("first_review", "last_due"), [("2026-01-30", "2026-03-19"), (None, "2026-02-12")]
)
def test_lac_visits_weekly_for_a_child_placed_with_parent_until_the_first_review(
    cat: Catalogue, first_review: str | None, last_due: str
) -> None:
    child = looked_after(
        "2026-01-05",
        place="P1",
        reviews=[DatedFact(1, 1, D(first_review))] if first_review else [],
        visits=visits("lac", "2026-01-09", "2026-01-15", "2026-01-22", "2026-01-29", "2026-02-05"),
    )
    assert rows(child, cat, "LAC_VISIT") == [
        (D("2026-01-05"), D("2026-01-12"), D("2026-01-09"), None),
        (D("2026-01-09"), D("2026-01-16"), D("2026-01-15"), None),
        (D("2026-01-15"), D("2026-01-22"), D("2026-01-22"), None),
        (D("2026-01-22"), D("2026-01-29"), D("2026-01-29"), None),
        (D("2026-01-29"), D("2026-02-05"), D("2026-02-05"), None),
        # after the first review (30 January): 6 weeks; with no review yet: still weekly
        (D("2026-02-05"), D(last_due), None, None),
    ]


def test_lac_visits_at_the_enhanced_frequency_for_approved_unregistered_provision(
    cat: Catalogue,
) -> None:
    child = looked_after(
        "2026-01-05", enhanced=14, visits=visits("lac", "2026-01-08", "2026-01-20")
    )
    assert rows(child, cat, "LAC_VISIT") == [
        (D("2026-01-05"), D("2026-01-12"), D("2026-01-08"), None),  # still within 1 week
        (D("2026-01-08"), D("2026-01-22"), D("2026-01-20"), None),  # then every 14 days
        (D("2026-01-20"), D("2026-02-03"), None, None),
    ]


def test_lac_visit_open_when_the_placement_ends_is_cancelled_and_later_visits_do_not_count(
    cat: Catalogue,
) -> None:
    child = looked_after("2026-01-05", visits=visits("lac", "2026-01-09", "2026-03-01"))
    child.placements = [child.placements[0]._replace(ended_on=D("2026-02-10"))]
    assert rows(child, cat, "LAC_VISIT") == [
        (D("2026-01-05"), D("2026-01-12"), D("2026-01-09"), None),
        (D("2026-01-09"), D("2026-02-20"), None, D("2026-02-10")),
    ]


@pytest.mark.parametrize("status", ["V3", "V4"])
def test_a_short_break_period_has_no_visiting_or_review_obligations(
    cat: Catalogue, status: str
) -> None:
    child = looked_after(
        "2026-01-05",
        "2026-01-09",
        status=status,
        reviews=[DatedFact(1, 1, D("2026-01-06"))],
        visits=visits("lac", "2026-01-06"),
    )
    child.periods.append(PeriodFact(2, D("2026-03-02"), None, "C2"))
    child.placements.append(PlacementFact(20, 2, D("2026-03-02"), None, "U1", False, None, None))
    care = run(child, cat, "LAC_VISIT")
    assert {(d.subject_type, d.subject_id) for d in care} == {
        ("care.PeriodOfCare", 2),
        ("care.Placement", 20),
    }
    assert {"LAC_VISIT", "LAC_REVIEW_FIRST", "CARE_PLAN"} <= {d.rule for d in care}


def test_initial_health_assessment_within_20_working_days_cancelled_at_period_end(
    cat: Catalogue,
) -> None:
    child = looked_after("2026-12-17", "2027-01-08")
    assert rows(child, cat, "INITIAL_HEALTH_ASSESSMENT") == [
        (D("2026-12-17"), D("2027-01-19"), None, D("2027-01-08"))
    ]
    assert dues(child, cat, "REVIEW_HEALTH_ASSESSMENT") == []  # none without an initial one


def test_review_health_assessments_every_6_months_under_5_then_12_months_until_care_ends(
    cat: Catalogue,
) -> None:
    # Born 2022-03-10: five on 2027-03-10.
    done = [("initial", "2026-01-20"), ("review", "2026-07-10"), ("review", "2027-01-05")]
    done += [("review", "2027-06-01"), ("review", "2025-12-01")]  # the last: before the IHA
    child = looked_after(
        "2026-01-05",
        "2028-01-01",
        birth="2022-03-10",
        health=[HealthFact(i, 1, kind, D(day)) for i, (kind, day) in enumerate(done)],
    )
    assert rows(child, cat, "INITIAL_HEALTH_ASSESSMENT") == [
        # Mon 2026-01-05 + 20 working days = Mon 2026-02-02
        (D("2026-01-05"), D("2026-02-02"), D("2026-01-20"), None)
    ]
    assert rows(child, cat, "REVIEW_HEALTH_ASSESSMENT", today=D("2027-07-01")) == [
        (D("2026-01-20"), D("2026-07-20"), D("2026-07-10"), None),
        (D("2026-07-10"), D("2027-01-10"), D("2027-01-05"), None),
        (D("2027-01-05"), D("2027-07-05"), D("2027-06-01"), None),  # still 4 on 5 January
        (D("2027-06-01"), D("2028-06-01"), None, None),  # 5 now: 12 months
    ]
    # Care ending (2028-01-01) cancels the open one once that day has come.
    assert rows(child, cat, "REVIEW_HEALTH_ASSESSMENT", today=D("2028-02-01"))[-1] == (
        D("2027-06-01"),
        D("2028-06-01"),
        None,
        D("2028-01-01"),
    )


def peps(*days: str) -> list[DatedFact]:
    return [DatedFact(i, 1, D(day)) for i, day in enumerate(days, 1)]


def test_pep_review_due_each_term_up_to_the_term_containing_today(cat: Catalogue) -> None:
    child = looked_after("2026-02-10", peps=peps("2026-03-01", "2026-09-10"))
    assert rows(child, cat, "PEP_REVIEW", today=D("2026-11-23")) == [
        (D("2026-02-10"), D("2026-04-14"), D("2026-03-01"), None),  # spring, from the start
        (D("2026-04-15"), D("2026-08-31"), D("2026-09-10"), None),  # summer: met late
        (D("2026-09-01"), D("2026-12-31"), D("2026-09-10"), None),  # autumn, in progress
    ]
    assert [d.met_in_time for d in dues(child, cat, "PEP_REVIEW", D("2026-11-23"))] == [
        True,
        False,
        True,
    ]
    assert [d.sequence for d in dues(child, cat, "PEP_REVIEW", D("2026-11-23"))] == [0, 1, 2]


@pytest.mark.parametrize(
    ("birth", "terms"),
    [
        # 3 on 20 May 2026: from that day
        ("2023-05-20", [("2026-05-20", "2026-08-31"), ("2026-09-01", "2026-12-31")]),
        # 18 on 1 October 2026: autumn is the last term
        (
            "2008-10-01",
            [
                ("2026-01-05", "2026-04-14"),
                ("2026-04-15", "2026-08-31"),
                ("2026-09-01", "2026-12-31"),
            ],
        ),
        # 18 on 1 September 2026: summer is the last term
        ("2008-09-01", [("2026-01-05", "2026-04-14"), ("2026-04-15", "2026-08-31")]),
    ],
)
def test_pep_reviews_only_while_aged_3_to_17(
    cat: Catalogue, birth: str, terms: list[tuple[str, str]]
) -> None:
    child = looked_after("2026-01-05", birth=birth)
    found = [(d.started_on, d.due_on) for d in dues(child, cat, "PEP_REVIEW", D("2026-11-23"))]
    assert found == [(D(a), D(b)) for a, b in terms]


def test_pep_review_open_when_care_ends_is_cancelled_and_no_later_term_is_due(
    cat: Catalogue,
) -> None:
    child = looked_after("2026-01-05", "2026-05-20", peps=peps("2026-02-01", "2026-06-01"))
    assert rows(child, cat, "PEP_REVIEW", today=D("2026-11-23")) == [
        (D("2026-01-05"), D("2026-04-14"), D("2026-02-01"), None),
        (D("2026-04-15"), D("2026-08-31"), None, D("2026-05-20")),
    ]


def missing(
    ended: str | None, held: str | None = None, offered: bool = True, accepted: bool = True
) -> MissingFact:
    return MissingFact(
        1, at(ended) if ended else None, offered, accepted, at(held) if held else None
    )


@pytest.mark.parametrize(
    ("held", "in_time"),
    [("2026-11-23T22:15", True), ("2026-11-23T22:16", False), ("2026-11-21T10:00", True)],
)
def test_return_interview_due_72_hours_after_the_recorded_return(
    cat: Catalogue, held: str, in_time: bool
) -> None:
    child = ChildFacts(1, missing=[missing("2026-11-20T22:15", held)])
    [due] = dues(child, cat, "RETURN_INTERVIEW")
    assert (due.started_on, due.due_on, due.due_at) == (
        D("2026-11-20"),
        D("2026-11-23"),
        at("2026-11-23T22:15"),
    )
    assert (due.met_on, due.met_at, due.met_in_time) == (at(held).date(), at(held), in_time)


def test_return_interview_declined_is_cancelled_on_the_day_of_return(cat: Catalogue) -> None:
    child = ChildFacts(1, missing=[missing("2026-11-20T22:15", accepted=False)])
    assert rows(child, cat, "RETURN_INTERVIEW") == [
        (D("2026-11-20"), D("2026-11-23"), None, D("2026-11-20"))
    ]


def test_return_interview_is_open_until_held_and_absent_until_the_child_returns(
    cat: Catalogue,
) -> None:
    waiting = ChildFacts(1, missing=[missing("2026-11-20T22:15", offered=False)])
    assert rows(waiting, cat, "RETURN_INTERVIEW") == [
        (D("2026-11-20"), D("2026-11-23"), None, None)
    ]
    assert dues(ChildFacts(1, missing=[missing(None)]), cat, "RETURN_INTERVIEW") == []


# --- care leavers ----------------------------------------------------------------------------

BIRTH = D("2010-03-10")  # 14 on 2024-03-10, 16 on 2026-03-10, 18 on 2028-03-10


def periods(*spans: tuple[str, str | None]) -> list[CarePeriod]:
    return [CarePeriod(D(a), D(b) if b else None) for a, b in spans]


@pytest.mark.parametrize(
    ("spans", "eligible"),
    [
        # 13 weeks since 14 reached before 16 (by 2025-08-30): eligible on the 16th birthday.
        ([("2025-06-01", None)], "2026-03-10"),
        # Looked after from 2026-01-01: day 91 is 2026-04-01 (Jan 31, Feb 28, Mar 31, Apr 1).
        ([("2026-01-01", None)], "2026-04-01"),
        # Exactly 91 days, Jan 1 - Apr 1 (ended: first day not looked after 2 April).
        ([("2026-01-01", "2026-04-02")], "2026-04-01"),
        # Periods that add up: 30 days in April 2024, then from 2026-02-01 day 61 is 2 April.
        ([("2024-04-01", "2024-05-01"), ("2026-02-01", None)], "2026-04-02"),
        # Days before 14 do not count: of 2024-01-10 to 2024-04-09 only the 31 days from the
        # 14th birthday do, so from 2026-03-01 day 60 (29 April) completes the 13 weeks.
        ([("2024-01-10", "2024-04-10"), ("2026-03-01", None)], "2026-04-29"),
        # Care ending the day after the 16th birthday: looked after on the birthday itself.
        ([("2025-06-01", "2026-03-11")], "2026-03-10"),
        # Care ending before 16, however long: never eligible.
        ([("2024-04-01", "2025-04-01")], None),
        ([("2025-06-01", "2026-03-10")], None),  # the 16th birthday is the first day out of care
        # 90 days only.
        ([("2026-01-01", "2026-04-01")], None),
        # Care after 18 does not count.
        ([("2028-03-10", None)], None),
    ],
)
def test_became_eligible_on_is_the_first_day_of_16_looked_after_and_13_weeks_since_14(
    spans: list[tuple[str, str | None]], eligible: str | None
) -> None:
    care = periods(*spans)
    found = became_eligible_on(BIRTH, care)
    assert found == (D(eligible) if eligible else None)
    if found is not None:  # agrees with the eligibility module, day by day
        assert eligible_on(BIRTH, care, found)
        assert not eligible_on(BIRTH, care, found - timedelta(days=1))


def care_leaver(*spans: tuple[str, str | None, str], **facts: Any) -> ChildFacts:
    return ChildFacts(
        1,
        birth_date=BIRTH,
        periods=[
            PeriodFact(i, D(a), D(b) if b else None, status)
            for i, (a, b, status) in enumerate(spans, 1)
        ],
        **facts,
    )


def test_pa_allocation_and_pathway_plan_run_from_becoming_eligible(cat: Catalogue) -> None:
    # Eligible Tue 2026-03-10 (16th birthday). + 20 working days: Mar 11-13 (3), 16-20 (8),
    # 23-27 (13), Mar 30-Apr 2 (17), Good Friday, Easter Monday, Apr 7, 8, 9 (20).
    child = care_leaver(
        ("2025-06-01", None, "C2"),
        pa_allocations=[AllocationFact(1, D("2026-04-10"), None)],
        pathway_plans=[DatedFact(1, None, D("2026-06-10"))],
    )
    assert rows(child, cat, "PA_ALLOCATION") == [
        (D("2026-03-10"), D("2026-04-09"), D("2026-04-10"), None)
    ]
    assert rows(child, cat, "PATHWAY_PLAN") == [
        (D("2026-03-10"), D("2026-06-10"), D("2026-06-10"), None)
    ]
    assert dues(child, cat, "PA_ALLOCATION")[0].met_in_time is False
    assert dues(child, cat, "PATHWAY_PLAN")[0].met_in_time is True


def test_no_care_leaver_obligations_when_care_ended_before_16_or_was_short_breaks(
    cat: Catalogue,
) -> None:
    ended = care_leaver(("2024-04-01", "2025-04-01", "C2"))
    breaks = care_leaver(("2025-06-01", None, "V3"))
    for child in (ended, breaks):
        assert run(child, cat, "PA_ALLOCATION") == []


def test_a_young_child_in_care_does_not_break_the_care_leaver_schedule(cat: Catalogue) -> None:
    # Born 2020-01-01, looked after since 2025-06-01: 16 only on 2036-01-01.
    child = ChildFacts(
        1, birth_date=D("2020-01-01"), periods=[PeriodFact(1, D("2025-06-01"), None, "C2")]
    )
    found = obligations_for(child, cat, D("2026-11-23"))  # all schedules: nothing raises
    assert {"CARE_PLAN"} <= {d.rule for d in found}
    assert not {"PA_ALLOCATION", "PATHWAY_PLAN"} & {d.rule for d in found}


def test_no_care_leaver_obligation_starts_before_the_young_person_is_eligible(
    cat: Catalogue,
) -> None:
    # Born 2015-05-01, looked after since 2025-06-01: eligible, if still in care, 2031-05-01.
    child = ChildFacts(
        1, birth_date=D("2015-05-01"), periods=[PeriodFact(1, D("2025-06-01"), None, "C2")]
    )
    assert run(child, cat, "PA_ALLOCATION", D("2026-11-23")) == []


def test_pathway_plan_reviews_every_6_months_until_the_21st_birthday(cat: Catalogue) -> None:
    # Born 2006-01-10: 21 on 2027-01-10; looked after from 15.
    child = ChildFacts(
        1,
        birth_date=D("2006-01-10"),
        periods=[PeriodFact(1, D("2021-06-01"), D("2024-01-10"), "C2")],
        pathway_plans=[DatedFact(1, None, D("2026-06-01"))],
        pathway_reviews=[DatedFact(1, 1, D("2026-11-20")), DatedFact(2, 1, D("2027-02-01"))],
    )
    assert rows(child, cat, "PATHWAY_PLAN_REVIEW") == [
        (D("2026-06-01"), D("2026-12-01"), D("2026-11-20"), None),
        (D("2026-11-20"), D("2027-05-20"), None, D("2027-01-10")),
    ]


def test_care_leaver_contact_every_8_weeks_until_the_allocation_ends(cat: Catalogue) -> None:
    child = care_leaver(
        ("2025-06-01", None, "C2"),
        pa_allocations=[AllocationFact(1, D("2026-04-01"), D("2026-09-01"))],
        visits=[*visits("pa", "2026-05-20", "2026-09-05"), VisitFact(9, "lac", D("2026-06-01"))],
    )
    assert rows(child, cat, "CARE_LEAVER_CONTACT") == [
        (D("2026-04-01"), D("2026-05-27"), D("2026-05-20"), None),
        (D("2026-05-20"), D("2026-07-15"), None, D("2026-09-01")),
    ]


# --- other timescales ------------------------------------------------------------------------


def test_private_fostering_visits_7_working_days_then_6_weeks_in_the_first_year_then_12(
    cat: Catalogue,
) -> None:
    # Notified Thu 2026-12-17 + 7: Dec 18, 21-24 (5), 29 (6), 30 (7). The arrangement started
    # 2026-12-10, so its first year ends 2027-12-10. 2027-12-20 + 84 days = 2028-03-13 (leap).
    child = ChildFacts(
        1,
        private_fostering=[PrivateFosteringFact(1, D("2026-12-17"), D("2026-12-10"), None)],
        visits=visits("private_fostering", "2026-12-29", "2027-02-05", "2027-12-20"),
    )
    assert chain_rows(child, cat, "PRIVATE_FOSTERING_FIRST_VISIT", "PRIVATE_FOSTERING_VISIT") == [
        ("PRIVATE_FOSTERING_FIRST_VISIT", D("2026-12-17"), D("2026-12-30"), D("2026-12-29"), None),
        ("PRIVATE_FOSTERING_VISIT", D("2026-12-29"), D("2027-02-09"), D("2027-02-05"), None),
        ("PRIVATE_FOSTERING_VISIT", D("2027-02-05"), D("2027-03-19"), D("2027-12-20"), None),
        ("PRIVATE_FOSTERING_VISIT", D("2027-12-20"), D("2028-03-13"), None, None),
    ]


def test_private_fostering_visit_open_when_the_arrangement_ends_is_cancelled(
    cat: Catalogue,
) -> None:
    # Two arrangements notified on Thu 2026-12-17 (first visit due Wed 12-30); one ended before
    # the visit of 12-23, the other after it. 12-23 + 6 weeks = 2027-02-03.
    child = ChildFacts(
        1,
        private_fostering=[
            PrivateFosteringFact(1, D("2026-12-17"), None, D("2026-12-22")),
            PrivateFosteringFact(2, D("2026-12-17"), None, D("2027-01-20")),
        ],
        visits=visits("private_fostering", "2026-12-23", "2027-01-25"),
    )
    assert chain_rows(child, cat, "PRIVATE_FOSTERING_FIRST_VISIT", "PRIVATE_FOSTERING_VISIT") == [
        ("PRIVATE_FOSTERING_FIRST_VISIT", D("2026-12-17"), D("2026-12-30"), None, D("2026-12-22")),
        ("PRIVATE_FOSTERING_FIRST_VISIT", D("2026-12-17"), D("2026-12-30"), D("2026-12-23"), None),
        ("PRIVATE_FOSTERING_VISIT", D("2026-12-23"), D("2027-02-03"), None, D("2027-01-20")),
    ]


def test_lado_referral_within_1_working_day_over_easter_and_open_until_made(
    cat: Catalogue,
) -> None:
    # Thu 2026-04-02: Good Friday, weekend, Easter Monday; Tue 2026-04-07.
    child = ChildFacts(
        1,
        allegations=[
            AllegationFact(1, D("2026-04-02"), D("2026-04-07")),
            AllegationFact(2, D("2026-04-02"), None),
        ],
    )
    assert rows(child, cat, "LADO_REFERRAL") == [
        (D("2026-04-02"), D("2026-04-07"), D("2026-04-07"), None),
        (D("2026-04-02"), D("2026-04-07"), None, None),
    ]


@pytest.mark.parametrize(
    ("concluded", "in_time"), [("2026-07-05", True), ("2026-07-06", False), (None, None)]
)
def test_care_proceedings_within_26_weeks_beginning_with_the_day_of_issue(
    cat: Catalogue, concluded: str | None, in_time: bool | None
) -> None:
    child = ChildFacts(
        1, proceedings=[ProceedingsFact(1, D("2026-01-05"), D(concluded) if concluded else None)]
    )
    [due] = dues(child, cat, "CARE_PROCEEDINGS")
    assert (due.started_on, due.due_on, due.met_in_time) == (
        D("2026-01-05"),
        D("2026-07-05"),  # 2026-01-05 is day 1; day 182 is 5 July
        in_time,
    )


@pytest.mark.parametrize(("today", "opened"), [("2026-01-04", False), ("2026-01-05", True)])
def test_nothing_is_opened_before_the_day_it_starts(
    cat: Catalogue, today: str, opened: bool
) -> None:
    child = ChildFacts(1, proceedings=[ProceedingsFact(1, D("2026-01-05"), None)])
    assert bool(dues(child, cat, "CARE_PROCEEDINGS", D(today))) is opened


# --- a child's death -------------------------------------------------------------------------


def test_death_cancels_what_is_open_that_day_and_nothing_starts_after_it(
    cat: Catalogue,
) -> None:
    child = cp_plan(
        death_date=D("2026-03-01"),
        visits=visits("cp", "2026-01-20", "2026-02-20"),
        allegations=[AllegationFact(1, D("2026-01-05"), None)],
        proceedings=[ProceedingsFact(1, D("2026-03-02"), None)],
        referrals=[ReferralFact(1, D("2026-01-05"), False, D("2026-02-01"))],
    )
    found = {
        (d.rule, d.sequence): (d.met_on, d.cancelled_on) for d in obligations_for(child, cat, TODAY)
    }
    assert found[("CP_VISIT", 0)] == (D("2026-01-20"), None)  # met before death: kept
    assert found[("CP_VISIT", 1)] == (D("2026-02-20"), None)
    assert found[("CP_VISIT", 2)] == (None, D("2026-03-01"))  # open: cancelled on the day
    assert found[("CP_REVIEW_FIRST", 0)] == (None, D("2026-03-01"))
    assert found[("LADO_REFERRAL", 0)] == (None, D("2026-03-01"))
    assert found[("ASSESSMENT", 0)] == (None, D("2026-02-01"))  # cancelled earlier: kept
    assert ("CARE_PROCEEDINGS", 0) not in found  # issued after death


def test_a_visit_dated_after_death_does_not_meet_what_was_open_on_the_day_of_death(
    cat: Catalogue,
) -> None:
    child = cp_plan(death_date=D("2026-03-01"), visits=visits("cp", "2026-01-20", "2026-03-05"))
    assert rows(child, cat, "CP_VISIT") == [
        (D("2026-01-12"), D("2026-01-26"), D("2026-01-20"), None),
        (D("2026-01-20"), D("2026-02-03"), None, D("2026-03-01")),
    ]


# --- local standards and configuration -------------------------------------------------------


def test_a_local_standard_changes_the_due_dates(settings: Any) -> None:
    settings.SIGHTLINE_LOCAL_STANDARDS = {
        "CP_VISIT": {"offset": "5 working days", "then": "3 working days"}
    }
    settings.SIGHTLINE_TERM_STARTS = None
    # Mon 2026-01-12 + 5 working days = Mon 01-19; Thu 01-15 + 3 = Tue 01-20.
    child = cp_plan(visits=visits("cp", "2026-01-15"))
    assert rows(child, catalogue(), "CP_VISIT") == [
        (D("2026-01-12"), D("2026-01-19"), D("2026-01-15"), None),
        (D("2026-01-15"), D("2026-01-20"), None, None),
    ]


@pytest.mark.parametrize(
    ("overrides", "names"),
    [
        ({"ICPC": {"offset": "20 working days"}}, "ICPC"),  # statutory
        ({"NOT_A_RULE": {"offset": "1 week"}}, "NOT_A_RULE"),
        ({"CP_VISIT": {"offset": "ten working days"}}, "CP_VISIT"),
        ({"CP_VISIT": {"then": "0 working days"}}, "CP_VISIT"),
        ({"CP_VISIT": {"every": "1 week"}}, "CP_VISIT"),
        ({"CP_VISIT": "10 working days"}, "CP_VISIT"),
        ({"CIN_STEP_DOWN_MEETING": {"then": "1 week"}}, "CIN_STEP_DOWN_MEETING"),  # one-off
    ],
)
def test_a_bad_local_standard_is_improperly_configured_naming_the_setting(
    settings: Any, overrides: dict[str, Any], names: str
) -> None:
    settings.SIGHTLINE_LOCAL_STANDARDS = overrides
    with pytest.raises(ImproperlyConfigured, match=rf"SIGHTLINE_LOCAL_STANDARDS.*{names}"):
        catalogue()


def test_term_starts_setting_is_honoured(settings: Any) -> None:
    settings.SIGHTLINE_LOCAL_STANDARDS = {}
    settings.SIGHTLINE_TERM_STARTS = ["09-05", "01-06", "04-20"]
    custom = catalogue()
    assert custom.term_starts == ((9, 5), (1, 6), (4, 20))
    child = looked_after("2026-02-10")
    found = [(d.started_on, d.due_on) for d in dues(child, custom, "PEP_REVIEW", D("2026-06-01"))]
    assert found == [(D("2026-02-10"), D("2026-04-19")), (D("2026-04-20"), D("2026-09-04"))]


@pytest.mark.parametrize("raw", [["13-01"], ["09-31"], ["0901"], [], "09-01"])
def test_bad_term_starts_are_improperly_configured_naming_the_setting(
    settings: Any, raw: Any
) -> None:
    settings.SIGHTLINE_LOCAL_STANDARDS = {}
    settings.SIGHTLINE_TERM_STARTS = raw
    with pytest.raises(ImproperlyConfigured, match="SIGHTLINE_TERM_STARTS"):
        catalogue()


def test_a_29_february_term_start_is_refused_at_start_up(settings: Any) -> None:
    settings.SIGHTLINE_LOCAL_STANDARDS = {}
    settings.SIGHTLINE_TERM_STARTS = ["09-01", "01-01", "02-29"]
    with pytest.raises(ImproperlyConfigured, match="SIGHTLINE_TERM_STARTS"):
        catalogue()


# --- what ends each obligation (issue 13: every open obligation is real work) ---------------


def test_pep_reviews_of_every_term_still_open_are_cancelled_when_care_ends(
    cat: Catalogue,
) -> None:
    # Looked after 2008-05-13 to 2016-03-05 with no PEP review recorded: in 2026 none of the
    # terms is still work to do; each was cancelled the day care ended.
    child = looked_after("2008-05-13", "2016-03-05", birth="1998-12-05")
    found = dues(child, cat, "PEP_REVIEW", D("2026-12-06"))
    assert len(found) == 24  # summer 2008 to spring 2016
    assert {(d.met_on, d.cancelled_on) for d in found} == {(None, D("2016-03-05"))}


def test_a_pep_review_missed_in_a_term_is_met_late_by_the_next_one_held_in_care(
    cat: Catalogue,
) -> None:
    child = looked_after(
        "2025-09-01", "2026-03-01", peps=peps("2025-10-01", "2026-02-01", "2026-04-01")
    )
    assert rows(child, cat, "PEP_REVIEW", D("2026-12-06")) == [
        (D("2025-09-01"), D("2025-12-31"), D("2025-10-01"), None),
        (D("2026-01-01"), D("2026-04-14"), D("2026-02-01"), None),
    ]


def test_an_initial_health_assessment_is_superseded_by_a_review_assessment_done_first(
    cat: Catalogue,
) -> None:
    # In care since 2016 (records from before 2022 not held): a review assessment every year
    # since, never an initial one recorded.
    done = [("review", "2022-04-07"), ("dental", "2022-04-10"), ("review", "2023-04-07")]
    child = looked_after(
        "2016-05-20",
        birth="2010-10-08",
        health=[HealthFact(i, 1, kind, D(day)) for i, (kind, day) in enumerate(done)],
    )
    assert rows(child, cat, "INITIAL_HEALTH_ASSESSMENT", D("2023-06-01")) == [
        (D("2016-05-20"), D("2016-06-20"), None, D("2022-04-07"))
    ]
    # The reviews chain on from the first assessment of either kind.
    assert rows(child, cat, "REVIEW_HEALTH_ASSESSMENT", D("2023-06-01")) == [
        (D("2022-04-07"), D("2023-04-07"), D("2023-04-07"), None),
        (D("2023-04-07"), D("2024-04-07"), None, None),
    ]


def test_an_initial_health_assessment_done_before_any_review_meets_it(cat: Catalogue) -> None:
    done = [("review", "2026-03-01"), ("initial", "2026-02-01")]
    child = looked_after(
        "2026-01-05",
        birth="2012-01-01",
        health=[HealthFact(i, 1, kind, D(day)) for i, (kind, day) in enumerate(done)],
    )
    assert rows(child, cat, "INITIAL_HEALTH_ASSESSMENT", D("2026-06-01")) == [
        (D("2026-01-05"), D("2026-02-02"), D("2026-02-01"), None)
    ]


def test_a_return_interview_not_held_is_superseded_when_the_child_goes_missing_again(
    cat: Catalogue,
) -> None:
    first = MissingFact(1, at("2022-04-04T23:16"), True, True, None, at("2022-04-04T17:10"), 1)
    second = MissingFact(2, at("2022-05-13T03:58"), True, True, None, at("2022-05-12T18:40"), 1)
    child = looked_after("2020-01-01", birth="2007-03-19", missing=[first, second])
    assert rows(child, cat, "RETURN_INTERVIEW", D("2022-06-01")) == [
        (D("2022-04-04"), D("2022-04-07"), None, D("2022-05-12")),
        (D("2022-05-13"), D("2022-05-16"), None, None),
    ]


def test_a_return_interview_held_after_the_child_went_missing_again_still_meets_it(
    cat: Catalogue,
) -> None:
    first = MissingFact(
        1, at("2022-04-04T23:16"), True, True, at("2022-04-07T10:00"), at("2022-04-04T17:10"), 1
    )
    second = MissingFact(2, None, True, False, None, at("2022-04-06T18:40"), 1)
    child = looked_after("2020-01-01", birth="2007-03-19", missing=[first, second])
    assert rows(child, cat, "RETURN_INTERVIEW", D("2022-06-01")) == [
        (D("2022-04-04"), D("2022-04-07"), D("2022-04-07"), None)
    ]


def test_a_return_interview_not_held_is_cancelled_when_care_ends(cat: Catalogue) -> None:
    episode = MissingFact(1, at("2022-07-13T11:54"), False, False, None, at("2022-07-12T17:30"), 1)
    child = looked_after("2016-09-22", "2022-08-05", birth="2010-01-25", missing=[episode])
    assert rows(child, cat, "RETURN_INTERVIEW", D("2026-12-06")) == [
        (D("2022-07-13"), D("2022-07-16"), None, D("2022-08-05"))
    ]


def test_pa_allocation_and_pathway_plan_never_done_are_cancelled_at_21(cat: Catalogue) -> None:
    child = care_leaver(("2025-06-01", "2028-03-10", "C2"))  # born 2010-03-10: 21 in 2031
    assert rows(child, cat, "PA_ALLOCATION", D("2031-06-01")) == [
        (D("2026-03-10"), D("2026-04-09"), None, D("2031-03-10"))
    ]
    assert rows(child, cat, "PATHWAY_PLAN", D("2031-06-01")) == [
        (D("2026-03-10"), D("2026-06-10"), None, D("2031-03-10"))
    ]


ADULT = D("2026-06-01")  # the 18th birthday of the busy child below


def busy_child() -> ChildFacts:
    """A child (18 on 2026-06-01) with an obligation of every children's rule open on the
    eve of their 18th birthday; the facts are pure, so several plans and periods at once."""
    started = D("2026-05-04")
    return ChildFacts(
        1,
        birth_date=D("2008-06-01"),
        contacts=[ContactFact(1, at("2026-05-29T10:00"), None)],
        referrals=[ReferralFact(1, D("2026-05-04"), False, None)],
        strategy_asks=[StrategyAskFact(1, at("2026-05-29T11:00"), None)],
        enquiries=[EnquiryFact(1, D("2026-05-20"), None, "", False, D("2026-05-20"))],
        cp_plans=[
            PlanFact(1, D("2026-03-02"), D("2026-04-27")),  # ended: the step-down below
            PlanFact(2, started, None),  # nothing held yet
            PlanFact(3, D("2026-01-05"), None),  # a review and a core group held
        ],
        conferences=[ConferenceFact(1, "review", None, 3, D("2026-04-01"))],
        core_groups=[MeetingFact(1, 3, D("2026-01-12"), "core_group")],
        cin_plans=[PlanFact(4, D("2026-04-28"), None)],
        periods=[
            PeriodFact(1, started, None, "C2"),
            PeriodFact(2, D("2025-10-01"), None, "C2"),  # one review, an initial assessment
            PeriodFact(3, D("2025-06-02"), None, "C2"),  # two reviews
        ],
        placements=[PlacementFact(10, 1, started, None, "U1", False, None, None)],
        reviews=[
            DatedFact(1, 2, D("2025-10-20")),
            DatedFact(2, 3, D("2025-06-20")),
            DatedFact(3, 3, D("2025-09-10")),
        ],
        health=[HealthFact(1, 2, "initial", D("2025-10-20"))],
        missing=[MissingFact(1, at("2026-05-30T20:00"), True, True, None, at("2026-05-30T10:00"))],
        private_fostering=[
            PrivateFosteringFact(1, D("2026-05-20"), None, None),
            PrivateFosteringFact(2, D("2026-03-02"), None, None),
        ],
        visits=[VisitFact(1, "private_fostering", D("2026-03-05"))],
        proceedings=[ProceedingsFact(1, D("2026-05-04"), None)],
    )


CHILDRENS_RULES = sorted(rule.code for rule in RULES if rule.ends_at == 18)


def test_every_childrens_rule_ends_on_the_18th_birthday_and_the_others_say_when_they_do() -> None:
    assert {rule.code: rule.ends_at for rule in RULES if rule.ends_at != 18} == {
        "PA_ALLOCATION": 21,
        "PATHWAY_PLAN": 21,
        "PATHWAY_PLAN_REVIEW": 21,
        "CARE_LEAVER_CONTACT": 21,
        "LADO_REFERRAL": None,  # the employer's duty to tell the LADO
        # a manager's oversight of a record is due whatever the child's age (decision 0034)
        "OVERSIGHT_ACTION": None,
        "OVERSIGHT_AFTER_ASSESSMENT": None,
        "OVERSIGHT_BEFORE_CLOSURE": None,
        "OVERSIGHT_STEP_DOWN": None,
    }
    assert all(rule.cancelled_by for rule in RULES)


@pytest.mark.parametrize("code", CHILDRENS_RULES)
def test_an_obligation_open_on_the_18th_birthday_is_cancelled_that_day(
    cat: Catalogue, code: str
) -> None:
    child = busy_child()
    eve = [d for d in obligations_for(child, cat, ADULT - timedelta(1)) if d.rule == code]
    open_on_eve = {d.key for d in eve if d.met_on is None and d.cancelled_on is None}
    assert open_on_eve, "the scenario must leave one open on the eve of the birthday"
    after = {d.key: d for d in obligations_for(child, cat, D("2026-12-06")) if d.rule == code}
    assert {after[key].cancelled_on for key in open_on_eve} == {ADULT}
    assert [d for d in after.values() if d.met_on is None and d.cancelled_on is None] == []
    assert all(d.started_on <= ADULT for d in after.values())  # nothing starts after 18


def test_care_leaver_duties_end_on_the_21st_birthday(cat: Catalogue) -> None:
    # Born 2010-03-10: 21 on 2031-03-10; a PA allocated and a plan, nothing since.
    child = care_leaver(
        ("2025-06-01", "2028-03-10", "C2"),
        pa_allocations=[AllocationFact(1, D("2026-04-01"), None)],
        pathway_plans=[DatedFact(1, None, D("2026-06-01"))],
    )
    found = [
        d
        for d in obligations_for(child, cat, D("2031-06-01"))
        if d.rule in {"PATHWAY_PLAN_REVIEW", "CARE_LEAVER_CONTACT"}
    ]
    assert {(d.rule, d.met_on, d.cancelled_on) for d in found} == {
        ("PATHWAY_PLAN_REVIEW", None, D("2031-03-10")),
        ("CARE_LEAVER_CONTACT", None, D("2031-03-10")),
    }
