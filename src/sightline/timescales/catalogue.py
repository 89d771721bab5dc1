"""The rule catalogue: every statutory timescale and local standard, one entry each.

Each entry says what starts the clock, how long it runs, what meets it, whether it recurs and
when it stops, with its legal basis. Statutory entries are code with a citation; local standards
(marked ``statutory=False``) are defaults an authority changes in settings, without code::

    SIGHTLINE_LOCAL_STANDARDS = {
        "CP_VISIT": {"offset": "10 working days", "then": "10 working days"},
        "CARE_LEAVER_CONTACT": {"offset": "6 weeks", "then": "6 weeks"},
    }
    SIGHTLINE_TERM_STARTS = ["09-01", "01-01", "04-15"]   # personal education plan terms

A bad value stops start-up of the timescales with a message naming the setting. Tags follow
DOMAIN.md: [V] checked against the source, [S] a secondary source, [U] unchecked.

The scheduling functions (``schedulers``) are pure: the facts of one child in, obligations out.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from sightline.core.calendar import add_months, add_weeks
from sightline.leaving_care.eligibility import THIRTEEN_WEEKS, CarePeriod, birthday
from sightline.timescales.facts import ChildFacts, PeriodFact, StrategyFact
from sightline.timescales.periods import Period, parse_period, terms_between
from sightline.timescales.schedule import Due, Subject, chain, first_on_or_after, once

SW = "social_worker"
PA = "personal_adviser"
FRONT_DOOR = "front_door"


@dataclass(frozen=True)
class Rule:
    code: str
    title: str
    statutory: bool
    basis: str
    starts: str
    offset: Period
    meets: str
    then: Period | None = None  # the interval once recurring (None: a one-off)
    stops: str = ""
    owner: str = SW  # whose work it is: the allocation kind responsible, or the front door
    # The birthday on which the duty ends: 18 for children's services, 21 for care leavers
    # (support to 25 on request is not modelled yet); None where age does not end it.
    # Applied to every rule in one place, ``obligations_for``.
    ends_at: int | None = 18

    @property
    def kind(self) -> str:
        return "statutory" if self.statutory else "local standard"

    @property
    def cancelled_by(self) -> str:
        """Everything that cancels an obligation of this rule left unmet: its own reasons, then
        the ends every rule shares (``obligations_for``)."""
        ends = [self.stops] if self.stops else []
        if self.ends_at is not None:
            ends.append(f"the {self.ends_at}th birthday")
        ends.append("the child's death")
        return "; ".join(ends)


def P(text: str) -> Period:
    return parse_period(text)


RULES: tuple[Rule, ...] = (
    # Help and protection: Working Together to Safeguard Children 2023 (DOMAIN.md 1.1)
    Rule(
        "CONTACT_DECISION",
        "Decision on a contact",
        True,
        "Working Together to Safeguard Children 2023, ch. 2: a decision on next steps within "
        "one working day of a referral being received [S]",
        "A contact is received",
        P("1 working day"),
        "The contact is decided",
        owner=FRONT_DOOR,
    ),
    Rule(
        "ASSESSMENT",
        "Child and family assessment",
        True,
        "Working Together to Safeguard Children 2023: a maximum of 45 working days from the "
        "point of referral [S]; DfE CIN query 8670Q [V]",
        "A referral is accepted (not no further action)",
        P("45 working days"),
        "An assessment for the referral is authorised",
        stops="The referral closes with no authorised assessment",
    ),
    Rule(
        "STRATEGY_DISCUSSION",
        "Strategy discussion",
        False,
        "Working Together to Safeguard Children 2023 asks for a strategy discussion whenever "
        "there is reasonable cause to suspect significant harm and sets no number of days; "
        "many local procedures hold it within 1 working day (e.g. Bolton's, DOMAIN.md 1.1) "
        "[S]. The timeliness of strategy meetings was the first of the recommendations of "
        "Ofsted's 2022 inspection",
        "The front door decides on a referral and a strategy discussion, or a strategy "
        "discussion records the day it was asked for",
        P("1 working day"),
        "A strategy discussion is held on the referral",
        stops="The referral closes with no strategy discussion held",
    ),
    Rule(
        "ICPC",
        "Initial child protection conference",
        True,
        "Working Together to Safeguard Children 2023: within 15 working days of the strategy "
        "discussion at which the section 47 enquiry was initiated [S]; DfE CIN query 8675Q [V]",
        "A strategy discussion starts a section 47 enquiry",
        P("15 working days"),
        "The initial conference is held",
        stops="The enquiry ends without the need for a conference (closing the referral ends it)",
    ),
    Rule(
        "CP_REVIEW_FIRST",
        "First child protection review conference",
        True,
        "Working Together to Safeguard Children 2023: first review within 3 months of the "
        "initial conference [S]",
        "A child protection plan starts",
        P("3 months"),
        "A review conference is held",
        stops="The plan ends",
    ),
    Rule(
        "CP_REVIEW",
        "Child protection review conference",
        True,
        "Working Together to Safeguard Children 2023: further reviews at intervals of not more "
        "than 6 months [S]",
        "The previous review conference",
        P("6 months"),
        "A review conference is held",
        then=P("6 months"),
        stops="The plan ends",
    ),
    Rule(
        "CORE_GROUP_FIRST",
        "First core group meeting",
        False,
        "Working Together 2018 wording kept in local procedures: within 10 working days of the "
        "initial conference [U]",
        "A child protection plan starts",
        P("10 working days"),
        "A core group meeting is held",
        stops="The plan ends",
    ),
    Rule(
        "CORE_GROUP",
        "Core group meeting",
        False,
        "Local standard: core group meetings at least every 6 weeks while the plan lasts [U]",
        "The previous core group meeting",
        P("6 weeks"),
        "A core group meeting is held",
        then=P("6 weeks"),
        stops="The plan ends",
    ),
    Rule(
        "CP_VISIT",
        "Child protection visit",
        False,
        "Local standard (no national frequency in England, DOMAIN.md 1.1): the child seen at "
        "least every 10 working days [S]",
        "A child protection plan starts, then each visit",
        P("10 working days"),
        "A child protection visit at which the child is seen",
        then=P("10 working days"),
        stops="The plan ends",
    ),
    Rule(
        "CIN_VISIT",
        "Child in need visit",
        False,
        "Local standard (no national frequency): the child seen at least every 20 working days [S]",
        "A child in need plan starts, then each visit",
        P("20 working days"),
        "A child in need visit at which the child is seen",
        then=P("20 working days"),
        stops="The plan ends",
    ),
    Rule(
        "CIN_STEP_DOWN_MEETING",
        "Child in need meeting after a step-down from a protection plan",
        False,
        "Local standard: a child in need meeting within 10 working days of stepping down from a "
        "child protection plan (Gloucestershire's 2025 inspection found these late) [U]",
        "A child in need plan starts within 7 days of a protection plan ending",
        P("10 working days"),
        "A child in need meeting or review is held",
        stops="The child in need plan ends",
    ),
    Rule(
        "CIN_REVIEW",
        "Child in need plan review",
        False,
        "Local standard: child in need plans reviewed at least every 3 months [U]",
        "A child in need plan starts, then each review",
        P("3 months"),
        "A child in need review is held",
        then=P("3 months"),
        stops="The plan ends",
    ),
    # Looked-after children: Care Planning, Placement and Case Review (England) Regs 2010
    Rule(
        "CARE_PLAN",
        "Care plan",
        True,
        "Care Planning, Placement and Case Review (England) Regulations 2010 reg. 4(2): before "
        "the first placement or within 10 working days of its start [V]",
        "A child starts to be looked after",
        P("10 working days"),
        "A care plan is agreed",
        stops="The period of care ends",
    ),
    Rule(
        "PLACEMENT_PLAN",
        "Placement plan",
        True,
        "CPPCR 2010 reg. 9(2): within 5 working days of the start of the placement [V]",
        "A placement starts",
        P("5 working days"),
        "The placement plan is agreed",
        stops="The placement ends",
    ),
    Rule(
        "LAC_REVIEW_FIRST",
        "First looked-after review",
        True,
        "CPPCR 2010 reg. 33(1): within 20 working days of the child becoming looked after [V]",
        "A child starts to be looked after",
        P("20 working days"),
        "A looked-after review is held",
        stops="The period of care ends",
    ),
    Rule(
        "LAC_REVIEW_SECOND",
        "Second looked-after review",
        True,
        "CPPCR 2010 reg. 33(2): not more than 3 months after the first [V]",
        "The first review",
        P("3 months"),
        "A looked-after review is held",
        stops="The period of care ends",
    ),
    Rule(
        "LAC_REVIEW",
        "Looked-after review",
        True,
        "CPPCR 2010 reg. 33(2): subsequent reviews at intervals of not more than 6 months [V]",
        "The previous review",
        P("6 months"),
        "A looked-after review is held",
        then=P("6 months"),
        stops="The period of care ends",
    ),
    Rule(
        "LAC_VISIT",
        "Looked-after child statutory visit",
        True,
        "CPPCR 2010 reg. 28(2): within 1 week of the start of any placement, then at intervals "
        "of not more than 6 weeks in its first year, then not more than 3 months where it is "
        "intended to last until 18 (otherwise 6 weeks) [V]; reg. 28(3): weekly until the first "
        "review for a child placed with a parent [V]; enhanced visiting where unregistered "
        "provision was approved; none for short breaks (reg. 48) [V]",
        "A placement starts, then each visit",
        P("1 week"),
        "A looked-after statutory visit at which the child is seen",
        then=P("6 weeks"),
        stops="The placement ends",
    ),
    Rule(
        "INITIAL_HEALTH_ASSESSMENT",
        "Initial health assessment",
        True,
        "CPPCR 2010 reg. 7; Promoting the health and wellbeing of looked-after children "
        "(DfE/DHSC 2015): within 20 working days of becoming looked after [S]",
        "A child starts to be looked after",
        P("20 working days"),
        "An initial health assessment is done",
        stops="The period of care ends, or a review health assessment is done first (it "
        "supersedes the initial one)",
    ),
    Rule(
        "REVIEW_HEALTH_ASSESSMENT",
        "Review health assessment",
        True,
        "Promoting the health and wellbeing of looked-after children (2015): at least every "
        "6 months under age 5, every 12 months from 5 [S]",
        "The previous health assessment",
        P("6 months"),
        "A review health assessment is done",
        then=P("12 months"),
        stops="The period of care ends",
    ),
    Rule(
        "PEP_REVIEW",
        "Personal education plan review (termly)",
        False,
        "CPPCR 2010 Sch. 1 para 2 (the PEP is part of the care plan); termly review is "
        "statutory-guidance practice [U]. Terms and ages are configuration.",
        "Each school term while looked after, aged 3 to 17",
        P("1 day"),
        "A PEP review in the term (a term missed: the next review, late)",
        stops="The period of care ends (every term's review still open then)",
    ),
    Rule(
        "RETURN_INTERVIEW",
        "Return home interview",
        True,
        "Statutory guidance on children who run away or go missing from home or care (DfE "
        "2014): within 72 hours of return [S]",
        "A looked-after child returns after being missing or away",
        P("72 hours"),
        "The return interview is held",
        stops="The interview is offered and declined; the child goes missing again before it "
        "is held (the next return's interview supersedes it); the period of care ends",
    ),
    # Care leavers (DOMAIN.md 1.3)
    Rule(
        "PA_ALLOCATION",
        "Personal adviser allocated",
        False,
        "Children Act 1989 Sch. 2 para 19C (the duty to appoint) [V]; the timescale is a local "
        "standard, default 20 working days from becoming eligible (CONTRACTS.md)",
        "The young person becomes eligible (16, and 13 weeks looked after since 14)",
        P("20 working days"),
        "A personal adviser is allocated",
        owner=SW,
        ends_at=21,
    ),
    Rule(
        "PATHWAY_PLAN",
        "Needs assessment and pathway plan",
        True,
        "CPPCR 2010 reg. 42(1): assessment not more than 3 months after the child becomes "
        "eligible, leading to the pathway plan [V]",
        "The young person becomes eligible",
        P("3 months"),
        "A pathway plan is started",
        owner=SW,
        ends_at=21,
    ),
    Rule(
        "PATHWAY_PLAN_REVIEW",
        "Pathway plan review",
        True,
        "Care Leavers (England) Regulations 2010: reviewed at least every 6 months [S]",
        "The pathway plan, then each review",
        P("6 months"),
        "A pathway plan review",
        then=P("6 months"),
        owner=PA,
        ends_at=21,
    ),
    Rule(
        "CARE_LEAVER_CONTACT",
        "Personal adviser contact",
        False,
        "Local standard: the personal adviser in contact at least every 8 weeks (Care Leavers "
        "(England) Regulations 2010 reg. 8(2) sets 2 months where the authority provides the "
        "accommodation [V])",
        "A personal adviser is allocated, then each contact",
        P("8 weeks"),
        "A personal adviser contact at which the young person is seen",
        then=P("8 weeks"),
        stops="The adviser's allocation ends",
        owner=PA,
        ends_at=21,
    ),
    # Other timescales (DOMAIN.md 1.4)
    Rule(
        "PRIVATE_FOSTERING_FIRST_VISIT",
        "Private fostering: first visit",
        True,
        "Children (Private Arrangements for Fostering) Regulations 2005 reg. 4(1): within 7 "
        "working days of the notification [V]",
        "The authority is notified of a private fostering arrangement",
        P("7 working days"),
        "A private fostering visit at which the child is seen",
        stops="The arrangement ends",
    ),
    Rule(
        "PRIVATE_FOSTERING_VISIT",
        "Private fostering visit",
        True,
        "SI 2005/1533 reg. 8: not more than 6 weeks apart in the first year, then not more "
        "than 12 weeks [V]",
        "The previous visit",
        P("6 weeks"),
        "A private fostering visit at which the child is seen",
        then=P("12 weeks"),
        stops="The arrangement ends",
    ),
    Rule(
        "LADO_REFERRAL",
        "Allegation referred to the LADO",
        True,
        "Working Together to Safeguard Children 2023: employers inform the LADO within one "
        "working day [S]",
        "An allegation comes to the employer's attention",
        P("1 working day"),
        "The LADO is told",
        ends_at=None,  # the employer's duty: the child's age does not end it
    ),
    Rule(
        "CARE_PROCEEDINGS",
        "Care proceedings concluded",
        True,
        "Children Act 1989 s.32(1)(a)(ii): within 26 weeks beginning with the day the "
        "application was issued [V]",
        "Care proceedings are issued",
        P("26 weeks beginning with"),
        "The proceedings conclude",
    ),
    # Management oversight (issue 17, decision 0034): local standards. The set points apply
    # from SIGHTLINE_OVERSIGHT_FROM (the day the authority's standard started; off when unset).
    Rule(
        "OVERSIGHT_ACTION",
        "Action set in management oversight",
        False,
        "Local standard: an action a manager sets on a child's record, with its owner, is due "
        "by the date the manager sets [U]",
        "A manager sets an action in management oversight",
        P("1 day"),
        "The action is recorded done (due on the manager's date, not this period)",
        ends_at=None,
    ),
    Rule(
        "OVERSIGHT_AFTER_ASSESSMENT",
        "Management oversight after an assessment",
        False,
        "Local standard answering Ofsted's 2022 recommendation on the quality of case "
        "supervision and management: a manager's recorded decision on the plan within 5 "
        "working days of an assessment being authorised [U]",
        "An assessment is authorised",
        P("5 working days"),
        "Management oversight is recorded on or after the day",
        ends_at=None,
    ),
    Rule(
        "OVERSIGHT_BEFORE_CLOSURE",
        "Management oversight of a closure",
        False,
        "Local standard: a manager's recorded decision to close, in the 20 days before the "
        "episode closes or within 1 working day after [U]",
        "An episode (a referral not ended with no further action) closes",
        P("1 working day"),
        "Management oversight recorded from 20 days before the closure",
        ends_at=None,
    ),
    Rule(
        "OVERSIGHT_STEP_DOWN",
        "Management oversight of a step-down from a plan",
        False,
        "Local standard: a manager's recorded decision on stepping down from a child "
        "protection plan, in the 20 days before the plan ends or within 5 working days after "
        "[U]",
        "A child protection plan ends",
        P("5 working days"),
        "Management oversight recorded from 20 days before the plan ends",
        ends_at=None,
    ),
)


@dataclass(frozen=True)
class Catalogue:
    rules: dict[str, Rule]
    term_starts: tuple[tuple[int, int], ...]
    pep_ages: tuple[int, int]  # from, to (exclusive)
    step_down_days: int
    # The day the authority's management oversight standard started (its set points are
    # obligations from then on); None: the set points make no obligations.
    oversight_from: date | None = None

    def __getitem__(self, code: str) -> Rule:
        return self.rules[code]


DEFAULT_TERM_STARTS = ((9, 1), (1, 1), (4, 15))


def _override(rule: Rule, values: Any) -> Rule:
    name = f"SIGHTLINE_LOCAL_STANDARDS[{rule.code!r}]"
    if rule.statutory:
        raise ImproperlyConfigured(f"{name}: {rule.code} is statutory and cannot be changed")
    if not isinstance(values, dict) or not set(values) <= {"offset", "then"}:
        raise ImproperlyConfigured(f"{name} must be a dict with 'offset' and/or 'then'")
    changes: dict[str, Period] = {}
    for key, text in values.items():
        if key == "then" and rule.then is None:
            raise ImproperlyConfigured(f"{name}: {rule.code} does not recur, so has no 'then'")
        try:
            changes[key] = parse_period(str(text))
        except ValueError as error:
            raise ImproperlyConfigured(f"{name}[{key!r}]: {error}") from error
    return dataclasses.replace(
        rule, offset=changes.get("offset", rule.offset), then=changes.get("then", rule.then)
    )


def _term_starts(raw: Any) -> tuple[tuple[int, int], ...]:
    if raw is None:
        return DEFAULT_TERM_STARTS
    try:
        # checked against a year that is not a leap year: every term must start every year
        starts = tuple(
            (date(2001, int(m), int(d)).month, int(d))
            for m, d in (str(item).split("-") for item in raw)
        )
    except (TypeError, ValueError) as error:
        raise ImproperlyConfigured(
            f"SIGHTLINE_TERM_STARTS must be a list of 'MM-DD' days; got {raw!r}"
        ) from error
    if not starts or len(set(starts)) != len(starts):
        raise ImproperlyConfigured(
            f"SIGHTLINE_TERM_STARTS must name at least one day, each once; got {raw!r}"
        )
    return starts


def catalogue() -> Catalogue:
    """The catalogue in force: the defaults with the authority's local standards applied."""
    overrides = getattr(settings, "SIGHTLINE_LOCAL_STANDARDS", None) or {}
    if not isinstance(overrides, dict):
        raise ImproperlyConfigured("SIGHTLINE_LOCAL_STANDARDS must be a dict keyed by rule code")
    rules = {rule.code: rule for rule in RULES}
    unknown = set(overrides) - set(rules)
    if unknown:
        raise ImproperlyConfigured(
            f"SIGHTLINE_LOCAL_STANDARDS names unknown rules: {', '.join(sorted(unknown))}"
        )
    for code, values in overrides.items():
        rules[code] = _override(rules[code], values)
    return Catalogue(
        rules=rules,
        term_starts=_term_starts(getattr(settings, "SIGHTLINE_TERM_STARTS", None)),
        pep_ages=(3, 18),
        step_down_days=7,
        oversight_from=_oversight_from(getattr(settings, "SIGHTLINE_OVERSIGHT_FROM", None)),
    )


def _oversight_from(raw: Any) -> date | None:
    if raw in (None, ""):
        return None
    if isinstance(raw, date):
        return raw
    try:
        return date.fromisoformat(str(raw))
    except ValueError as error:
        raise ImproperlyConfigured(
            f"SIGHTLINE_OVERSIGHT_FROM must be a date YYYY-MM-DD; got {raw!r}"
        ) from error


# --- scheduling: pure functions of one child's facts --------------------------------------

Scheduler = Callable[[ChildFacts, Catalogue, date], Iterator[Due]]


@dataclass(frozen=True)
class Schedule:
    rules: tuple[str, ...]
    facts: frozenset[str]
    run: Scheduler


def _subject(label: str, id: int, words: str, on: date) -> Subject:
    return Subject.of(label, id, words, on)


def contact_decisions(child: ChildFacts, cat: Catalogue, today: date) -> Iterator[Due]:
    rule = cat["CONTACT_DECISION"]
    for c in child.contacts:
        received = _local_date(c.received_at)
        decided = _local_date(c.decided_at) if c.decided_at else None
        subject = _subject("frontdoor.Contact", c.id, "Contact received", received)
        yield once(rule.code, subject, received, rule.offset.due(received), decided)


def assessments(child: ChildFacts, cat: Catalogue, today: date) -> Iterator[Due]:
    rule = cat["ASSESSMENT"]
    authorised: dict[int, list[date]] = {}
    for a in child.assessments:
        if a.authorised_on is not None:
            authorised.setdefault(a.referral_id, []).append(a.authorised_on)
    for r in child.referrals:
        if r.nfa:
            continue
        subject = _subject("protection.Referral", r.id, "Referral received", r.referral_date)
        met = min(authorised[r.id]) if r.id in authorised else None
        due = rule.offset.due(r.referral_date)
        yield once(rule.code, subject, r.referral_date, due, met, r.closure_date)


def strategy_discussions(child: ChildFacts, cat: Catalogue, today: date) -> Iterator[Due]:
    """One obligation for each time a strategy discussion was asked for: by the front door's
    decision on the contact (the referral is the subject, met by the first discussion held on
    the referral from that day, cancelled if the referral closes first), and by each other
    discussion that records the day it was asked for (met the day it was held). A discussion
    that answers the front door's decision is not counted twice; one that records no such day
    and answers no decision asks nothing of anyone."""
    rule = cat["STRATEGY_DISCUSSION"]
    held: dict[int, list[StrategyFact]] = {}
    for s in child.strategies:
        held.setdefault(s.referral_id, []).append(s)
    answered: set[int] = set()
    for ask in child.strategy_asks:
        asked = _local_date(ask.asked_at)
        answer = next((s for s in held.get(ask.referral_id, ()) if s.held_on >= asked), None)
        if answer is not None:
            answered.add(answer.id)
        subject = _subject(
            "protection.Referral", ask.referral_id, "Strategy discussion decided", asked
        )
        met = answer.held_on if answer is not None else None
        yield once(rule.code, subject, asked, rule.offset.due(asked), met, ask.closure_date)
    for s in child.strategies:
        if s.requested_on is None or s.id in answered:
            continue
        subject = _subject(
            "protection.StrategyDiscussion", s.id, "Strategy discussion asked for", s.requested_on
        )
        yield once(rule.code, subject, s.requested_on, rule.offset.due(s.requested_on), s.held_on)


def initial_conferences(child: ChildFacts, cat: Catalogue, today: date) -> Iterator[Due]:
    rule = cat["ICPC"]
    held = {
        c.section47_id: c.held_on
        for c in reversed(child.conferences)
        if c.kind == "initial" and c.section47_id is not None
    }
    for e in child.enquiries:
        starts = e.strategy_held_on or e.started_on
        subject = _subject(
            "protection.Section47Enquiry", e.id, "Section 47 enquiry started", starts
        )
        no_conference = e.completed_on is not None and (e.icpc_not_required or e.outcome != "icpc")
        stop = e.completed_on if no_conference else None
        yield once(rule.code, subject, starts, rule.offset.due(starts), held.get(e.id), stop)


def _nth(first: Rule, second: Rule | None, rest: Rule) -> Callable[[int, date], tuple[str, date]]:
    def next_due(count: int, clock: date) -> tuple[str, date]:
        if count == 0:
            return first.code, first.offset.due(clock)
        if count == 1 and second is not None:
            return second.code, second.offset.due(clock)
        assert rest.then is not None
        return rest.code, rest.then.due(clock)

    return next_due


def _every(rule: Rule) -> Callable[[int, date], tuple[str, date]]:
    return _nth(rule, None, rule)


def protection_plans(child: ChildFacts, cat: Catalogue, today: date) -> Iterator[Due]:
    reviews: dict[int, list[date]] = {}
    for c in child.conferences:
        if c.kind == "review" and c.plan_id is not None:
            reviews.setdefault(c.plan_id, []).append(c.held_on)
    core: dict[int, list[date]] = {}
    for m in child.core_groups:
        core.setdefault(m.plan_id, []).append(m.held_on)
    cp_visits = [v.visited_on for v in child.visits if v.purpose == "cp"]
    for plan in child.cp_plans:
        subject = _subject(
            "protection.ChildProtectionPlan",
            plan.id,
            "Child protection plan started",
            plan.started_on,
        )
        stop = plan.ended_on
        review = _nth(cat["CP_REVIEW_FIRST"], None, cat["CP_REVIEW"])
        yield from chain(subject, plan.started_on, reviews.get(plan.id, []), review, stop)
        groups = _nth(cat["CORE_GROUP_FIRST"], None, cat["CORE_GROUP"])
        yield from chain(subject, plan.started_on, core.get(plan.id, []), groups, stop)
        yield from chain(subject, plan.started_on, cp_visits, _every(cat["CP_VISIT"]), stop)


def child_in_need_plans(child: ChildFacts, cat: Catalogue, today: date) -> Iterator[Due]:
    meetings: dict[int, list[date]] = {}
    reviews: dict[int, list[date]] = {}
    for m in child.cin_meetings:
        meetings.setdefault(m.plan_id, []).append(m.held_on)
        if m.kind == "review":
            reviews.setdefault(m.plan_id, []).append(m.held_on)
    cin_visits = [v.visited_on for v in child.visits if v.purpose == "cin"]
    window = timedelta(days=cat.step_down_days)
    cp_ends = [p.ended_on for p in child.cp_plans if p.ended_on is not None]
    step_down = cat["CIN_STEP_DOWN_MEETING"]
    for plan in child.cin_plans:
        subject = _subject(
            "protection.ChildInNeedPlan", plan.id, "Child in need plan started", plan.started_on
        )
        stop = plan.ended_on
        yield from chain(subject, plan.started_on, cin_visits, _every(cat["CIN_VISIT"]), stop)
        yield from chain(
            subject, plan.started_on, reviews.get(plan.id, []), _every(cat["CIN_REVIEW"]), stop
        )
        if any(end <= plan.started_on <= end + window for end in cp_ends):
            met = first_on_or_after(meetings.get(plan.id, []), plan.started_on)
            due = step_down.offset.due(plan.started_on)
            yield once(step_down.code, subject, plan.started_on, due, met, stop)


def _short_break(period: PeriodFact) -> bool:
    return period.first_legal_status in {"V3", "V4"}


def care(child: ChildFacts, cat: Catalogue, today: date) -> Iterator[Due]:
    by_period: dict[int, dict[str, list[Any]]] = {}

    def bucket(period_id: int | None, name: str) -> list[Any]:
        return by_period.setdefault(period_id or 0, {}).setdefault(name, [])

    for p in child.care_plans:
        bucket(p.parent_id, "care_plans").append(p.on)
    for r in child.reviews:
        bucket(r.parent_id, "reviews").append(r.on)
    for h in child.health:
        bucket(h.period_id, h.kind).append(h.done_on)
    for pep in child.peps:
        bucket(pep.parent_id, "peps").append(pep.on)
    lac_visits = [v.visited_on for v in child.visits if v.purpose == "lac"]
    for period in child.periods:
        if _short_break(period):
            continue
        facts = by_period.get(period.id, {})
        subject = _subject(
            "care.PeriodOfCare", period.id, "Started to be looked after", period.started_on
        )
        start, stop = period.started_on, period.ended_on
        care_plan = cat["CARE_PLAN"]
        plans = facts.get("care_plans", [])
        yield once(
            care_plan.code,
            subject,
            start,
            care_plan.offset.due(start),
            min(plans) if plans else None,
            stop,
        )
        reviews = facts.get("reviews", [])
        review = _nth(cat["LAC_REVIEW_FIRST"], cat["LAC_REVIEW_SECOND"], cat["LAC_REVIEW"])
        yield from chain(subject, start, reviews, review, stop)
        yield from _health(child, cat, subject, period, facts)
        yield from _peps(child, cat, subject, period, facts.get("peps", []), today)
        first_review = min(reviews) if reviews else None
        for placement in child.placements:
            if placement.period_id == period.id:
                yield from _placement(cat, placement, lac_visits, first_review, stop)


def _health(
    child: ChildFacts,
    cat: Catalogue,
    subject: Subject,
    period: PeriodFact,
    facts: dict[str, list[Any]],
) -> Iterator[Due]:
    initial = cat["INITIAL_HEALTH_ASSESSMENT"]
    start, stop = period.started_on, period.ended_on
    done = first_on_or_after(facts.get("initial", []), start)
    first_review = first_on_or_after(facts.get("review", []), start)
    if first_review is not None and (done is None or first_review < done):
        # A review assessment done first supersedes the initial one: it is no longer work.
        done = None
        ends = first_review if stop is None else min(first_review, stop)
        yield once(initial.code, subject, start, initial.offset.due(start), None, ends)
        clock = first_review
    else:
        yield once(initial.code, subject, start, initial.offset.due(start), done, stop)
        if done is None:
            return
        clock = done
    if stop is not None and clock > stop:
        return
    rule = cat["REVIEW_HEALTH_ASSESSMENT"]
    birth = child.birth_date

    def next_due(count: int, clock: date) -> tuple[str, date]:
        under_five = birth is not None and clock < birthday(birth, 5)
        assert rule.then is not None
        return rule.code, (rule.offset if under_five else rule.then).due(clock)

    reviews = [d for d in facts.get("review", []) if d > clock]
    yield from chain(subject, clock, reviews, next_due, stop)


def _peps(
    child: ChildFacts,
    cat: Catalogue,
    subject: Subject,
    period: PeriodFact,
    reviews: list[date],
    today: date,
) -> Iterator[Due]:
    """One PEP review due in each term the child is looked after and of the configured ages,
    up to the term in progress (later terms open when they start: a nightly rebuild)."""
    if child.birth_date is None:
        return
    rule = cat["PEP_REVIEW"]
    low, high = cat.pep_ages
    first = max(period.started_on, birthday(child.birth_date, low))
    last = min(period.ended_on or today, today, birthday(child.birth_date, high) - timedelta(1))
    if last < first:
        return
    for number, term in enumerate(terms_between(first, last, cat.term_starts)):
        starts = max(term.starts_on, first)
        met = first_on_or_after(reviews, starts, term.ends_on)
        late = None if met else first_on_or_after(reviews, term.ends_on)
        # Care ending cancels every term's review still open then, not only the last term's.
        due = once(rule.code, subject, starts, term.ends_on, met or late, period.ended_on)
        yield dataclasses.replace(due, sequence=number)


def _placement(
    cat: Catalogue,
    placement: Any,
    visits: list[date],
    first_review: date | None,
    period_end: date | None,
) -> Iterator[Due]:
    subject = _subject("care.Placement", placement.id, "Placement started", placement.started_on)
    stop = placement.ended_on or period_end
    plan = cat["PLACEMENT_PLAN"]
    yield once(
        plan.code,
        subject,
        placement.started_on,
        plan.offset.due(placement.started_on),
        placement.placement_plan_on,
        stop,
    )
    rule = cat["LAC_VISIT"]
    first_year_ends = add_months(placement.started_on, 12)
    with_parent = placement.place == "P1"

    def next_due(count: int, clock: date) -> tuple[str, date]:
        if count == 0:
            return rule.code, rule.offset.due(clock)
        if placement.enhanced_visit_days:
            return rule.code, clock + timedelta(days=placement.enhanced_visit_days)
        if with_parent and (first_review is None or clock < first_review):
            return rule.code, add_weeks(clock, 1)  # reg. 28(3)
        if clock < first_year_ends or not placement.intended_until_18:
            assert rule.then is not None
            return rule.code, rule.then.due(clock)
        return rule.code, add_months(clock, 3)

    yield from chain(subject, placement.started_on, visits, next_due, stop)


def return_interviews(child: ChildFacts, cat: Catalogue, today: date) -> Iterator[Due]:
    """One interview due 72 hours after each return. One not held is cancelled when it is
    declined, when the child goes missing again (the next return's interview supersedes it)
    or when the period of care ends."""
    rule = cat["RETURN_INTERVIEW"]
    care_ends = {p.id: p.ended_on for p in child.periods}
    departures = sorted(m.started_at for m in child.missing if m.started_at is not None)
    for m in child.missing:
        if m.ended_at is None:
            continue
        returned = _local_date(m.ended_at)
        subject = _subject("care.MissingEpisode", m.id, "Returned", returned)
        due_at = rule.offset.due_at(m.ended_at)
        held = _local_date(m.held_at) if m.held_at else None
        ends: list[date] = []
        if held is None:
            if m.offered and not m.accepted:
                ends.append(returned)  # declined
            later = departures[bisect.bisect_right(departures, m.started_at or m.ended_at) :]
            if later:
                ends.append(_local_date(later[0]))  # missing again: superseded
            care_ended = care_ends.get(m.period_id) if m.period_id is not None else None
            if care_ended is not None:
                ends.append(care_ended)
        stop = min(ends, default=None)
        due = once(rule.code, subject, returned, _local_date(due_at), held, stop)
        yield dataclasses.replace(due, due_at=due_at, met_at=m.held_at if held else None)


def became_eligible_on(birth_date: date, periods: Iterable[CarePeriod]) -> date | None:
    """The first day the young person is an eligible child: 16, looked after, and looked after
    for 13 weeks in all since their 14th birthday (Children Act 1989 Sch. 2 para 19B)."""
    sixteen, eighteen = birthday(birth_date, 16), birthday(birth_date, 18)
    fourteen = birthday(birth_date, 14)
    counted = 0
    for p in sorted(periods, key=lambda p: p.start):
        first = max(p.start, fourteen)
        last = eighteen - timedelta(days=1) if p.end is None else p.end - timedelta(days=1)
        last = min(last, eighteen - timedelta(days=1))
        if last < first:
            continue
        # the day the running total reaches 91, and no earlier than the 16th birthday
        reaches = first + timedelta(days=THIRTEEN_WEEKS.days - counted - 1)
        candidate = max(reaches, sixteen, first)
        if candidate <= last:
            return candidate
        counted += (last - first).days + 1
    return None


def care_leavers(child: ChildFacts, cat: Catalogue, today: date) -> Iterator[Due]:
    if child.birth_date is None:
        return
    periods = [CarePeriod(p.started_on, p.ended_on) for p in child.periods if not _short_break(p)]
    eligible = became_eligible_on(child.birth_date, periods)
    if eligible is None or eligible > today:
        return  # not eligible, or not yet: the rebuild on the day opens these
    subject = _subject("people.Person", child.child_id, "Became an eligible child", eligible)
    pa_rule = cat["PA_ALLOCATION"]
    allocated = min((a.started_on for a in child.pa_allocations), default=None)
    yield once(pa_rule.code, subject, eligible, pa_rule.offset.due(eligible), allocated)
    plan_rule = cat["PATHWAY_PLAN"]
    first_plan = min(child.pathway_plans, key=lambda p: p.on, default=None)
    yield once(
        plan_rule.code,
        subject,
        eligible,
        plan_rule.offset.due(eligible),
        first_plan.on if first_plan else None,
    )
    if first_plan is not None:
        plan_subject = _subject(
            "leaving_care.PathwayPlan", first_plan.id, "Pathway plan started", first_plan.on
        )
        reviews = [r.on for r in child.pathway_reviews]
        rule = cat["PATHWAY_PLAN_REVIEW"]
        yield from chain(plan_subject, first_plan.on, reviews, _every(rule))
    contacts = [v.visited_on for v in child.visits if v.purpose == "pa"]
    for a in child.pa_allocations:
        pa_subject = _subject(
            "workforce.Allocation", a.id, "Personal adviser allocated", a.started_on
        )
        rule = cat["CARE_LEAVER_CONTACT"]
        yield from chain(pa_subject, a.started_on, contacts, _every(rule), a.ended_on)


def private_fostering(child: ChildFacts, cat: Catalogue, today: date) -> Iterator[Due]:
    visits = [v.visited_on for v in child.visits if v.purpose == "private_fostering"]
    first_rule, rule = cat["PRIVATE_FOSTERING_FIRST_VISIT"], cat["PRIVATE_FOSTERING_VISIT"]
    for a in child.private_fostering:
        subject = _subject(
            "protection.PrivateFosteringArrangement",
            a.id,
            "Private fostering notified",
            a.notified_on,
        )
        started = a.started_on or a.notified_on
        first_year_ends = add_months(started, 12)

        def next_due(
            count: int, clock: date, first_year_ends: date = first_year_ends
        ) -> tuple[str, date]:
            if count == 0:
                return first_rule.code, first_rule.offset.due(clock)
            assert rule.then is not None
            return rule.code, (rule.offset if clock < first_year_ends else rule.then).due(clock)

        yield from chain(subject, a.notified_on, visits, next_due, a.ended_on)


def allegations(child: ChildFacts, cat: Catalogue, today: date) -> Iterator[Due]:
    rule = cat["LADO_REFERRAL"]
    for a in child.allegations:
        subject = _subject(
            "protection.AllegationToLADO", a.id, "Allegation known", a.came_to_attention_on
        )
        start = a.came_to_attention_on
        yield once(rule.code, subject, start, rule.offset.due(start), a.referred_on)


def proceedings(child: ChildFacts, cat: Catalogue, today: date) -> Iterator[Due]:
    rule = cat["CARE_PROCEEDINGS"]
    for p in child.proceedings:
        subject = _subject("protection.CareProceedings", p.id, "Proceedings issued", p.issued_on)
        yield once(rule.code, subject, p.issued_on, rule.offset.due(p.issued_on), p.concluded_on)


OVERSIGHT_WINDOW = timedelta(days=20)  # oversight this long before a closure or step-down counts


def oversight(child: ChildFacts, cat: Catalogue, today: date) -> Iterator[Due]:
    """Management oversight: each action a manager set is due on the manager's date, met when
    done; from ``cat.oversight_from``, the set points (after an assessment is authorised, a
    closure, a step-down from a protection plan) each want a recorded oversight."""
    action = cat["OVERSIGHT_ACTION"]
    for a in child.oversight_actions:
        subject = _subject(
            "quality.OversightAction", a.id, "Action set in management oversight", a.held_on
        )
        yield once(action.code, subject, a.held_on, max(a.due_on, a.held_on), a.done_on)
    start = cat.oversight_from
    if start is None:
        return
    held = [o.held_on for o in child.oversights]
    rule = cat["OVERSIGHT_AFTER_ASSESSMENT"]
    for assessment in child.assessments:
        day = assessment.authorised_on
        if day is None or day < start:
            continue
        subject = _subject("protection.Assessment", assessment.id, "Assessment authorised", day)
        yield once(rule.code, subject, day, rule.offset.due(day), first_on_or_after(held, day))
    rule = cat["OVERSIGHT_BEFORE_CLOSURE"]
    for referral in child.referrals:
        day = referral.closure_date
        if day is None or day < start or referral.nfa:
            continue
        subject = _subject("protection.Referral", referral.id, "Episode closed", day)
        since = max(day - OVERSIGHT_WINDOW, referral.referral_date)
        yield once(rule.code, subject, day, rule.offset.due(day), first_on_or_after(held, since))
    rule = cat["OVERSIGHT_STEP_DOWN"]
    for plan in child.cp_plans:
        day = plan.ended_on
        if day is None or day < start:
            continue
        subject = _subject("protection.ChildProtectionPlan", plan.id, "Plan ended", day)
        since = max(day - OVERSIGHT_WINDOW, plan.started_on)
        yield once(rule.code, subject, day, rule.offset.due(day), first_on_or_after(held, since))


@functools.cache
def _zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def _local_date(moment: datetime) -> date:
    """The day a recorded moment fell on in the authority's time zone (an aware datetime from
    the database; a naive one is taken as already local)."""
    if moment.tzinfo is None:
        return moment.date()
    return moment.astimezone(_zone()).date()


SCHEDULES: tuple[Schedule, ...] = (
    Schedule(("CONTACT_DECISION",), frozenset({"contacts"}), contact_decisions),
    Schedule(("ASSESSMENT",), frozenset({"referrals", "assessments"}), assessments),
    Schedule(
        ("STRATEGY_DISCUSSION",),
        frozenset({"strategies", "strategy_asks"}),
        strategy_discussions,
    ),
    Schedule(("ICPC",), frozenset({"enquiries", "conferences"}), initial_conferences),
    Schedule(
        ("CP_REVIEW_FIRST", "CP_REVIEW", "CORE_GROUP_FIRST", "CORE_GROUP", "CP_VISIT"),
        frozenset({"cp_plans", "conferences", "core_groups", "visits"}),
        protection_plans,
    ),
    Schedule(
        ("CIN_VISIT", "CIN_REVIEW", "CIN_STEP_DOWN_MEETING"),
        frozenset({"cin_plans", "cin_meetings", "cp_plans", "visits"}),
        child_in_need_plans,
    ),
    Schedule(
        (
            "CARE_PLAN",
            "PLACEMENT_PLAN",
            "LAC_REVIEW_FIRST",
            "LAC_REVIEW_SECOND",
            "LAC_REVIEW",
            "LAC_VISIT",
            "INITIAL_HEALTH_ASSESSMENT",
            "REVIEW_HEALTH_ASSESSMENT",
            "PEP_REVIEW",
        ),
        frozenset({"periods", "placements", "care_plans", "reviews", "health", "peps", "visits"}),
        care,
    ),
    Schedule(("RETURN_INTERVIEW",), frozenset({"missing", "periods"}), return_interviews),
    Schedule(
        ("PA_ALLOCATION", "PATHWAY_PLAN", "PATHWAY_PLAN_REVIEW", "CARE_LEAVER_CONTACT"),
        frozenset({"periods", "pa_allocations", "pathway_plans", "pathway_reviews", "visits"}),
        care_leavers,
    ),
    Schedule(
        ("PRIVATE_FOSTERING_FIRST_VISIT", "PRIVATE_FOSTERING_VISIT"),
        frozenset({"private_fostering", "visits"}),
        private_fostering,
    ),
    Schedule(("LADO_REFERRAL",), frozenset({"allegations"}), allegations),
    Schedule(("CARE_PROCEEDINGS",), frozenset({"proceedings"}), proceedings),
    Schedule(
        (
            "OVERSIGHT_ACTION",
            "OVERSIGHT_AFTER_ASSESSMENT",
            "OVERSIGHT_BEFORE_CLOSURE",
            "OVERSIGHT_STEP_DOWN",
        ),
        frozenset({"oversights", "oversight_actions", "assessments", "referrals", "cp_plans"}),
        oversight,
    ),
)


def obligations_for(
    child: ChildFacts, cat: Catalogue, today: date, schedules: Iterable[Schedule] = SCHEDULES
) -> list[Due]:
    """Every obligation the given schedules ask of one child, as at ``today``: nothing that
    starts later (a 16th birthday still to come, a term not yet begun) is opened before its
    day, and nothing is cancelled by an end still to come; the nightly rebuild catches up with
    both.

    The ends every rule shares are applied here, once, so that no schedule can forget them:
    the child's death, and the birthday on which the rule's duty ends (``Rule.ends_at``: 18
    for children's services, 21 for care leavers). What is open on that day is cancelled
    then, whatever the schedule says; nothing starts on or after it; a record dated later
    does not meet it."""
    result: list[Due] = []
    for schedule in schedules:
        for due in schedule.run(child, cat, today):
            end = _end_of_duty(child, cat[due.rule])
            if end is not None:
                if due.started_on > end:
                    continue
                met_before = due.met_on is not None and due.met_on <= end
                if not met_before and (due.cancelled_on is None or due.cancelled_on > end):
                    due = dataclasses.replace(due, met_on=None, met_at=None, cancelled_on=end)
            if due.started_on > today:
                continue
            if due.cancelled_on is not None and due.cancelled_on > today:
                due = dataclasses.replace(due, cancelled_on=None)  # a stop still to come
            result.append(due)
    return result


def _end_of_duty(child: ChildFacts, rule: Rule) -> date | None:
    """The day an obligation of ``rule`` stops being anyone's work whatever else happens: the
    child's death or the birthday ``rule.ends_at``, whichever comes first."""
    ends = [child.death_date] if child.death_date is not None else []
    if rule.ends_at is not None and child.birth_date is not None:
        ends.append(birthday(child.birth_date, rule.ends_at))
    return min(ends, default=None)
