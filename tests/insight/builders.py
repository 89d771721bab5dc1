"""Small hand-built records for the KPI tests: each test's numbers are worked out by hand from
what these write (rows straight into the tables, as the returns' tests do: the figures read the
tables, whichever service wrote them)."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django.utils import timezone

from sightline.care.models import (
    HealthAssessment,
    LegalStatus,
    MissingEpisode,
    PeriodOfCare,
    PersonalEducationPlan,
    Placement,
)
from sightline.people.models import Person
from sightline.protection.models import (
    ChildProtectionConference,
    ChildProtectionPlan,
    Referral,
    Section47Enquiry,
    StrategyDiscussion,
)
from sightline.timescales.models import Obligation
from sightline.workforce.models import Allocation, Team, Worker
from tests.factories import ChildFactory, TeamFactory, WorkerFactory


def child(born: date = date(2015, 6, 14), **kwargs: Any) -> Person:
    return ChildFactory(birth_date=born, **kwargs)  # type: ignore[no-any-return]


def referral(who: Person, on: date, closed: date | None = None) -> Referral:
    return Referral.objects.create(
        child=who,
        referral_date=on,
        source="1A",
        primary_need="N1",
        closure_date=closed,
        closure_reason="RC8" if closed else "",
    )


def s47(who: Person, ref: Referral, started: date) -> Section47Enquiry:
    discussion = StrategyDiscussion.objects.create(
        child=who, referral=ref, held_on=started, outcome="s47"
    )
    return Section47Enquiry.objects.create(
        child=who, referral=ref, strategy_discussion=discussion, started_on=started
    )


def discuss(who: Person, ref: Referral, held: date, outcome: str) -> StrategyDiscussion:
    """A strategy discussion that started no enquiry (``s47`` for one that did)."""
    return StrategyDiscussion.objects.create(child=who, referral=ref, held_on=held, outcome=outcome)


def icpc(enquiry: Section47Enquiry, held: date) -> ChildProtectionConference:
    return ChildProtectionConference.objects.create(
        child=enquiry.child,
        referral=enquiry.referral,
        kind=ChildProtectionConference.Kind.INITIAL,
        section47=enquiry,
        held_on=held,
        outcome=ChildProtectionConference.Outcome.NO_PLAN,
    )


def plan(
    who: Person, ref: Referral, started: date, ended: date | None = None, elsewhere: int = 0
) -> ChildProtectionPlan:
    return ChildProtectionPlan.objects.create(
        child=who,
        referral=ref,
        started_on=started,
        ended_on=ended,
        initial_category="NEG",
        latest_category="NEG",
        previous_plans_elsewhere=elsewhere,
    )


def period(
    who: Person,
    started: date,
    ended: date | None = None,
    reason: str = "",
    legal_status: str = "C2",
) -> PeriodOfCare:
    made = PeriodOfCare.objects.create(
        child=who,
        started_on=started,
        ended_on=ended,
        reason_ceased=reason,
        category_of_need="N1",
        home_postcode="GL1 2EH",
    )
    LegalStatus.objects.create(period=made, child=who, started_on=started, code=legal_status)
    return made


def placement(
    care: PeriodOfCare,
    started: date,
    ended: date | None = None,
    place: str = "U4",
    postcode: str = "",
) -> Placement:
    return Placement.objects.create(
        period=care,
        child=care.child,
        started_on=started,
        ended_on=ended,
        place=place,
        provider="PR1",
        carer="A carer",
        postcode=postcode,
    )


def pep(care: PeriodOfCare, on: date) -> PersonalEducationPlan:
    return PersonalEducationPlan.objects.create(period=care, child=care.child, reviewed_on=on)


def health(care: PeriodOfCare, kind: str, on: date, sdq: int | None = None) -> HealthAssessment:
    return HealthAssessment.objects.create(
        period=care, child=care.child, kind=kind, done_on=on, sdq_score=sdq
    )


def moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12)))


def missing(
    care: PeriodOfCare, started: date, ended: date, kind: str = "M", offered: bool = False
) -> MissingEpisode:
    return MissingEpisode.objects.create(
        period=care,
        child=care.child,
        kind=kind,
        started_at=moment(started),
        ended_at=moment(ended),
        return_interview_offered=offered,
    )


def team(name: str = "Safeguarding team A", parent: Team | None = None) -> Team:
    return TeamFactory(name=name, parent=parent)  # type: ignore[no-any-return]


def worker(in_team: Team | None = None) -> Worker:
    return WorkerFactory(team=in_team or team())  # type: ignore[no-any-return]


def allocate(
    who: Person, to: Worker, started: date, ended: date | None = None, kind: str = "social_worker"
) -> Allocation:
    return Allocation.objects.create(
        child=who, worker=to, team=to.team, kind=kind, started_on=started, ended_on=ended
    )


def obligation(
    who: Person,
    rule: str,
    due: date,
    *,
    met: date | None = None,
    in_time: bool | None = None,
    cancelled: date | None = None,
    subject_id: int = 1,
) -> Obligation:
    return Obligation.objects.create(
        child=who,
        rule=rule,
        subject_type="test",
        subject_id=subject_id,
        subject=rule,
        started_on=date(2025, 1, 1),
        due_on=due,
        met_on=met,
        met_in_time=in_time,
        cancelled_on=cancelled,
    )
