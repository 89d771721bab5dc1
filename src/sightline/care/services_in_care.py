"""Writes for a child's life in care: health checks, school and personal education plans,
missing episodes and return interviews, unaccompanied status, the adoption journey, previous
permanence, approval of unregistered placements, and the OC2 outcomes (convictions, substance
misuse).

One function per use case, one transaction each: check everything, then write, then emit the
domain event (the chronology records it). A refused change raises JourneyError naming the
record and field, and writes nothing.
"""

from __future__ import annotations

from datetime import date, datetime

from django.db.models import Q
from django.utils import timezone

from sightline.care import events
from sightline.care.codes import (
    DIFFERENT_GENDER_ONLY,
    REGISTERED_PLACEMENT_TYPES,
    SAME_GENDER_ONLY,
    SDQ_MAX_SCORE,
    SINGLE_ADOPTER,
    AdopterLegalStatus,
    AdopterSex,
    HealthCheckKind,
    MissingKind,
    PreviousPermanenceKind,
    ReasonPlacedCeased,
    SDQReason,
)
from sightline.care.models import (
    AdoptionMilestones,
    Conviction,
    EducationRecord,
    HealthAssessment,
    MissingEpisode,
    PeriodOfCare,
    PersonalEducationPlan,
    Placement,
    PreviousPermanence,
    ResidentialSetting,
    SubstanceMisuse,
    UnaccompaniedStatus,
    UnregisteredPlacementApproval,
)
from sightline.core import dates, rules
from sightline.core.clock import today_or
from sightline.core.events import emit
from sightline.core.writes import service
from sightline.people.models import Person
from sightline.workforce.models import Worker

PERIOD = "period of care"


def _lock_child(child_id: int) -> None:
    """Serialise writes about one child so two people acting at once cannot both win."""
    Person.objects.select_for_update().filter(pk=child_id).first()


# --- Health -----------------------------------------------------------------------------------


@service
def record_health_check(
    *,
    period: PeriodOfCare,
    kind: str,
    done_on: date,
    sdq_score: int | None = None,
    sdq_reason: str = "",
    today: date | None = None,
) -> HealthAssessment:
    """A health check while looked after. An SDQ carries a score (0-40) or the reason there is
    none (SDQ1-SDQ5), never both; other checks carry neither."""
    today = today_or(today)
    r = "Health assessment"
    rules.require(kind in HealthCheckKind.values, r, "kind", f"{kind!r} is not a kind of check")
    rules.not_future(r, "done_on", done_on, today)
    rules.within(r, "done_on", done_on, period.started_on, period.ended_on, PERIOD)
    if kind == HealthCheckKind.SDQ:
        rules.require(
            (sdq_score is None) != (not sdq_reason),
            r,
            "sdq_score",
            "record either the SDQ score or the reason there is none, not both",
        )
        if sdq_score is not None:
            rules.require(
                0 <= sdq_score <= SDQ_MAX_SCORE,
                r,
                "sdq_score",
                f"an SDQ score is 0 to {SDQ_MAX_SCORE}",
            )
        else:
            rules.require(
                sdq_reason in SDQReason.values,
                r,
                "sdq_reason",
                f"{sdq_reason!r} is not SDQ1-SDQ5",
            )
    else:
        rules.require(sdq_score is None, r, "sdq_score", "only an SDQ has a score")
        rules.require(not sdq_reason, r, "sdq_reason", "only an SDQ has a reason for no score")
    check = HealthAssessment.objects.create(
        period=period,
        child_id=period.child_id,
        kind=kind,
        done_on=done_on,
        sdq_score=sdq_score,
        sdq_reason=sdq_reason,
    )
    emit(events.health_check_recorded(check))
    return check


# --- Education --------------------------------------------------------------------------------


@service
def record_school(
    *,
    child: Person,
    school_name: str,
    started_on: date,
    school_urn: str = "",
    today: date | None = None,
) -> EducationRecord:
    """The child starts at a school; the current school, if any, ends that day."""
    today = today_or(today)
    r = "Education record"
    rules.require(bool(school_name.strip()), r, "school_name", "name the school")
    if school_urn:
        rules.require(
            school_urn.isdigit() and len(school_urn) in (6, 7),
            r,
            "school_urn",
            "a school's URN is 6 or 7 digits",
        )
    rules.not_future(r, "started_on", started_on, today)
    rules.not_before(r, "started_on", started_on, child.birth_date, "the child's birth")
    _lock_child(child.pk)
    current = EducationRecord.objects.filter(child=child, ended_on__isnull=True).first()
    if current is not None:
        rules.require(
            started_on > current.started_on,
            r,
            "started_on",
            f"must be after the child started at {current.school_name} ({current.started_on})",
        )
        current.ended_on = started_on
        current.save(update_fields=["ended_on"])
    record = EducationRecord.objects.create(
        child=child,
        school_name=school_name.strip(),
        school_urn=school_urn,
        started_on=started_on,
    )
    emit(events.school_recorded(record))
    return record


@service
def record_pep_review(
    *, period: PeriodOfCare, reviewed_on: date, today: date | None = None
) -> PersonalEducationPlan:
    today = today_or(today)
    r = "Personal education plan"
    rules.not_future(r, "reviewed_on", reviewed_on, today)
    rules.within(r, "reviewed_on", reviewed_on, period.started_on, period.ended_on, PERIOD)
    rules.require(
        not PersonalEducationPlan.objects.filter(period=period, reviewed_on=reviewed_on).exists(),
        r,
        "reviewed_on",
        "a review is already recorded that day",
    )
    pep = PersonalEducationPlan.objects.create(
        period=period, child_id=period.child_id, reviewed_on=reviewed_on
    )
    emit(events.pep_reviewed(pep))
    return pep


# --- Missing from care ------------------------------------------------------------------------


def _check_interview(
    r: str,
    *,
    ended_at: datetime,
    offered: bool,
    accepted: bool,
    held_at: datetime | None,
    today: date,
) -> None:
    rules.require(
        offered or not accepted,
        r,
        "return_interview_accepted",
        "an interview that was not offered cannot be accepted",
    )
    if held_at is not None:
        rules.require(
            accepted,
            r,
            "return_interview_held_at",
            "an interview is held only if the child accepted it",
        )
        rules.require(
            held_at >= ended_at,
            r,
            "return_interview_held_at",
            "the interview is held after the child returned",
        )
        rules.not_future(r, "return_interview_held_at", timezone.localdate(held_at), today)


@service
def record_missing_start(
    *,
    period: PeriodOfCare,
    kind: str,
    started_at: datetime,
    today: date | None = None,
) -> MissingEpisode:
    """The child is missing (M) or away without authorisation (A) from ``started_at``: when
    they left the placement or were last seen by a responsible adult."""
    today = today_or(today)
    r = "Missing episode"
    rules.require(kind in MissingKind.values, r, "kind", "choose M (missing) or A (away)")
    started_on = timezone.localdate(started_at)
    rules.not_future(r, "started_at", started_on, today)
    rules.within(r, "started_at", started_on, period.started_on, period.ended_on, PERIOD)
    _lock_child(period.child_id)
    episodes = MissingEpisode.objects.filter(child_id=period.child_id)
    rules.require(
        not episodes.filter(ended_at__isnull=True).exists(),
        r,
        "started_at",
        "the child is already missing or away: record their return first",
    )
    rules.require(
        not episodes.filter(started_at__lte=started_at, ended_at__gt=started_at).exists()
        and not episodes.filter(started_at__gt=started_at).exists(),
        r,
        "started_at",
        "overlaps or precedes a missing episode already recorded",
    )
    episode = MissingEpisode.objects.create(
        period=period, child_id=period.child_id, kind=kind, started_at=started_at
    )
    emit(events.missing_started(episode))
    return episode


@service
def record_return(
    *,
    episode: MissingEpisode,
    ended_at: datetime,
    return_interview_offered: bool = False,
    return_interview_accepted: bool = False,
    return_interview_held_at: datetime | None = None,
    today: date | None = None,
) -> MissingEpisode:
    """The child is found or returns. The return home interview may be recorded now or later
    (``record_return_interview``)."""
    today = today_or(today)
    r = "Missing episode"
    episode = MissingEpisode.objects.select_for_update().get(pk=episode.pk)
    rules.require(episode.ended_at is None, r, "ended_at", "the child has already returned")
    rules.require(
        ended_at > episode.started_at,
        r,
        "ended_at",
        "the return must be after the child went missing",
    )
    ended_on = timezone.localdate(ended_at)
    rules.not_future(r, "ended_at", ended_on, today)
    rules.not_after(r, "ended_at", ended_on, episode.period.ended_on, "the end of the " + PERIOD)
    _check_interview(
        r,
        ended_at=ended_at,
        offered=return_interview_offered,
        accepted=return_interview_accepted,
        held_at=return_interview_held_at,
        today=today,
    )
    episode.ended_at = ended_at
    episode.return_interview_offered = return_interview_offered
    episode.return_interview_accepted = return_interview_accepted
    episode.return_interview_held_at = return_interview_held_at
    episode.save()
    emit(events.missing_ended(episode))
    if return_interview_offered:
        emit(events.return_interview_recorded(episode))
    return episode


@service
def record_return_interview(
    *,
    episode: MissingEpisode,
    offered: bool,
    accepted: bool,
    held_at: datetime | None = None,
    today: date | None = None,
) -> MissingEpisode:
    """Whether the return home interview was offered, accepted and when it was held."""
    today = today_or(today)
    r = "Missing episode"
    episode = MissingEpisode.objects.select_for_update().get(pk=episode.pk)
    rules.require(episode.ended_at is not None, r, "ended_at", "record the child's return first")
    assert episode.ended_at is not None
    _check_interview(
        r,
        ended_at=episode.ended_at,
        offered=offered,
        accepted=accepted,
        held_at=held_at,
        today=today,
    )
    episode.return_interview_offered = offered
    episode.return_interview_accepted = accepted
    episode.return_interview_held_at = held_at
    episode.save(
        update_fields=[
            "return_interview_offered",
            "return_interview_accepted",
            "return_interview_held_at",
        ]
    )
    emit(events.return_interview_recorded(episode))
    return episode


# --- Unaccompanied asylum-seeking children ----------------------------------------------------


def _birthday(child: Person, years: int) -> date | None:
    born = child.birth_date
    if born is None:
        return None
    try:
        return born.replace(year=born.year + years)
    except ValueError:  # 29 February
        return date(born.year + years, 3, 1)


def _eighteenth_birthday(child: Person) -> date | None:
    return _birthday(child, 18)


@service
def record_unaccompanied(
    *, child: Person, recorded_on: date, today: date | None = None
) -> UnaccompaniedStatus:
    today = today_or(today)
    r = "Unaccompanied status"
    rules.require(child.kind == Person.Kind.CHILD, r, "child", "only children are UASC")
    rules.not_future(r, "recorded_on", recorded_on, today)
    rules.not_before(r, "recorded_on", recorded_on, child.birth_date, "the child's birth")
    rules.not_after(
        r, "recorded_on", recorded_on, _eighteenth_birthday(child), "the child's 18th birthday"
    )
    _lock_child(child.pk)
    rules.require(
        not UnaccompaniedStatus.objects.filter(child=child).exists(),
        r,
        "child",
        "the child is already recorded as unaccompanied",
    )
    status = UnaccompaniedStatus.objects.create(child=child, recorded_on=recorded_on)
    emit(events.uasc_recorded(status))
    return status


@service
def end_unaccompanied_status(
    *, child: Person, ceased_on: date, today: date | None = None
) -> UnaccompaniedStatus:
    """DUC: the date UASC status ceased, on or before the child's 18th birthday."""
    today = today_or(today)
    r = "Unaccompanied status"
    status = UnaccompaniedStatus.objects.select_for_update().filter(child=child).first()
    rules.require(status is not None, r, "child", "the child is not recorded as unaccompanied")
    assert status is not None
    rules.require(status.ceased_on is None, r, "ceased_on", "the status has already ceased")
    rules.not_future(r, "ceased_on", ceased_on, today)
    rules.require(
        ceased_on > status.recorded_on,
        r,
        "ceased_on",
        f"must be after the status was recorded ({dates.day(status.recorded_on)})",
    )
    rules.not_after(
        r, "ceased_on", ceased_on, _eighteenth_birthday(child), "the child's 18th birthday"
    )
    status.ceased_on = ceased_on
    status.save(update_fields=["ceased_on"])
    emit(events.uasc_ceased(status))
    return status


# --- Adoption ---------------------------------------------------------------------------------

MILESTONES = AdoptionMilestones.MILESTONES


@service
def record_adoption_milestone(
    *,
    period: PeriodOfCare,
    milestone: str,
    on: date,
    reversed_reason: str = "",
    today: date | None = None,
) -> AdoptionMilestones:
    """Record one step of the adoption journey: ``decision_on`` (should be placed for
    adoption) first, then ``placement_order_on``, ``matched_on``, ``placed_on``,
    ``adoption_order_on`` in that date order (a step may be skipped: a placement with consent
    has no placement order), or ``reversed_on`` with a reason RD1-RD4, which ends it."""
    today = today_or(today)
    r = "Adoption"
    rules.require(
        milestone in (*MILESTONES, "reversed_on"),
        r,
        "milestone",
        f"{milestone!r} is not a step of the adoption journey",
    )
    rules.not_future(r, milestone, on, today)
    rules.within(r, milestone, on, period.started_on, period.ended_on, PERIOD)
    PeriodOfCare.objects.select_for_update().filter(pk=period.pk).first()
    adoption = AdoptionMilestones.objects.filter(period=period).first()
    if milestone == "decision_on":
        rules.require(adoption is None, r, milestone, "the decision is already recorded")
        adoption = AdoptionMilestones.objects.create(
            period=period, child_id=period.child_id, decision_on=on
        )
        emit(events.adoption_milestone_recorded(adoption, milestone))
        return adoption
    rules.require(
        adoption is not None,
        r,
        milestone,
        "record the decision that the child should be placed for adoption first",
    )
    assert adoption is not None
    rules.require(
        adoption.reversed_on is None,
        r,
        milestone,
        f"the plan for adoption was reversed on {adoption.reversed_on}",
    )
    rules.require(getattr(adoption, milestone) is None, r, milestone, "already recorded")
    if milestone == "reversed_on":
        rules.require(
            adoption.adoption_order_on is None,
            r,
            milestone,
            "the child has been adopted",
        )
        rules.require(
            reversed_reason in ReasonPlacedCeased.values,
            r,
            "reversed_reason",
            "choose RD1-RD4",
        )
        earlier = [(m, getattr(adoption, m)) for m in MILESTONES]
        later: list[tuple[str, date | None]] = []
    else:
        rules.require(
            not reversed_reason, r, "reversed_reason", "a reason is given only for a reversal"
        )
        at = MILESTONES.index(milestone)
        earlier = [(m, getattr(adoption, m)) for m in MILESTONES[:at]]
        later = [(m, getattr(adoption, m)) for m in MILESTONES[at + 1 :]]
    for name, value in earlier:
        rules.not_before(r, milestone, on, value, _words(name))
    for name, value in later:
        rules.not_after(r, milestone, on, value, _words(name))
    setattr(adoption, milestone, on)
    adoption.reversed_reason = reversed_reason
    adoption.save(update_fields=[milestone, "reversed_reason"])
    emit(events.adoption_milestone_recorded(adoption, milestone))
    return adoption


def _words(milestone: str) -> str:
    return "the " + events.ADOPTION_MILESTONE_WORDS[milestone].lower()


@service
def record_adopters(
    *,
    period: PeriodOfCare,
    foster_care: bool,
    number_of_adopters: int,
    sex_of_adopters: str,
    legal_status_of_adopters: str,
    today: date | None = None,
) -> AdoptionMilestones:
    """AD1's details of the adopters, once the child is matched."""
    today = today_or(today)
    r = "Adoption"
    rules.require(number_of_adopters in (1, 2), r, "number_of_adopters", "one or two adopters")
    rules.require(
        sex_of_adopters in AdopterSex.values, r, "sex_of_adopters", "choose M1, F1, MM, FF or MF"
    )
    rules.require(
        legal_status_of_adopters in AdopterLegalStatus.values,
        r,
        "legal_status_of_adopters",
        "choose L0, L11, L12, L2, L3 or L4",
    )
    single = number_of_adopters == 1
    rules.require(
        (sex_of_adopters in SINGLE_ADOPTER) == single,
        r,
        "sex_of_adopters",
        "M1 or F1 for a single adopter, MM, FF or MF for a couple",
    )
    rules.require(
        (legal_status_of_adopters == AdopterLegalStatus.L0) == single,
        r,
        "legal_status_of_adopters",
        "L0 for a single adopter, and only for a single adopter",
    )
    if legal_status_of_adopters in DIFFERENT_GENDER_ONLY:
        rules.require(
            sex_of_adopters == AdopterSex.MF,
            r,
            "legal_status_of_adopters",
            f"{legal_status_of_adopters} is for a different-gender couple",
        )
    if legal_status_of_adopters in SAME_GENDER_ONLY:
        rules.require(
            sex_of_adopters in (AdopterSex.MM, AdopterSex.FF),
            r,
            "legal_status_of_adopters",
            f"{legal_status_of_adopters} is for a same-gender couple",
        )
    adoption = AdoptionMilestones.objects.select_for_update().filter(period=period).first()
    rules.require(
        adoption is not None and adoption.matched_on is not None,
        r,
        "matched_on",
        "record the match with adopters first",
    )
    assert adoption is not None and adoption.matched_on is not None
    rules.require(adoption.reversed_on is None, r, "reversed_on", "the plan was reversed")
    adoption.foster_care = foster_care
    adoption.number_of_adopters = number_of_adopters
    adoption.sex_of_adopters = sex_of_adopters
    adoption.legal_status_of_adopters = legal_status_of_adopters
    adoption.save(
        update_fields=[
            "foster_care",
            "number_of_adopters",
            "sex_of_adopters",
            "legal_status_of_adopters",
        ]
    )
    emit(events.adopters_recorded(adoption, min(today, period.ended_on or today)))
    return adoption


@service
def record_previous_permanence(
    *,
    period: PeriodOfCare,
    kind: str,
    la: str = "",
    order_year: int | None = None,
    order_month: int | None = None,
    order_day: int | None = None,
    today: date | None = None,
) -> PreviousPermanence:
    """Whether the child had a permanence order before this period of care. The order date may
    be partial (year, year and month, or unknown); Z1 (none) takes no authority or date."""
    today = today_or(today)
    r = "Previous permanence"
    rules.require(kind in PreviousPermanenceKind.values, r, "kind", "choose P1, P2, P3, P4 or Z1")
    if kind == PreviousPermanenceKind.Z1:
        rules.require(not la.strip(), r, "la", "no authority is recorded for Z1")
        rules.require(
            order_year is None and order_month is None and order_day is None,
            r,
            "order_year",
            "no order date is recorded for Z1",
        )
    rules.require(order_month is None or order_year is not None, r, "order_year", "give the year")
    rules.require(order_day is None or order_month is not None, r, "order_month", "give the month")
    if order_month is not None:
        rules.require(1 <= order_month <= 12, r, "order_month", "a month is 1 to 12")
    if order_year is not None:
        earliest = period.child.birth_date
        rules.require(
            earliest is None or order_year >= earliest.year,
            r,
            "order_year",
            "the order cannot be before the child's birth",
        )
        first_day = date(order_year, order_month or 1, 1)
        rules.not_after(r, "order_year", first_day, period.started_on, "the start of care")
        if order_day is not None:
            assert order_month is not None
            try:
                exact = date(order_year, order_month, order_day)
            except ValueError:
                exact = None
            rules.require(exact is not None, r, "order_day", "not a day of that month")
            rules.not_after(r, "order_day", exact, period.started_on, "the start of care")
    PeriodOfCare.objects.select_for_update().filter(pk=period.pk).first()
    rules.require(
        not PreviousPermanence.objects.filter(period=period).exists(),
        r,
        "period",
        "previous permanence is already recorded for this period of care",
    )
    record = PreviousPermanence.objects.create(
        period=period,
        child_id=period.child_id,
        kind=kind,
        la=la.strip(),
        order_year=order_year,
        order_month=order_month,
        order_day=order_day,
    )
    emit(events.previous_permanence_recorded(record, period.started_on))
    return record


# --- Unregistered provision -------------------------------------------------------------------

APPROVERS = frozenset({Worker.Role.SENIOR_LEADER, Worker.Role.SERVICE_MANAGER})
MAX_VISIT_INTERVAL_DAYS = 42  # the 6-weekly standard of reg. 28(2): enhanced means more often


def in_registered_setting(placement: Placement) -> bool:
    """Registered when its type is one Ofsted registers (K1-K3), or its URN is a setting known
    to be registered."""
    if placement.place in REGISTERED_PLACEMENT_TYPES:
        return True
    return bool(placement.urn) and (
        ResidentialSetting.objects.filter(urn=placement.urn, registered=True).exists()
    )


@service
def approve_unregistered_placement(
    *,
    placement: Placement,
    approved_by: Worker,
    approved_on: date,
    enhanced_visit_frequency_days: int,
    today: date | None = None,
) -> UnregisteredPlacementApproval:
    today = today_or(today)
    r = "Unregistered placement approval"
    rules.require(
        approved_by.role in APPROVERS,
        r,
        "approved_by",
        "only a service manager or senior leader may approve unregistered provision",
    )
    rules.require(
        approved_by.left_on is None or approved_by.left_on >= approved_on,
        r,
        "approved_by",
        "the approver had left the authority",
    )
    rules.require(
        not in_registered_setting(placement),
        r,
        "placement",
        "the placement is in a registered setting",
    )
    rules.not_future(r, "approved_on", approved_on, today)
    rules.within(
        r, "approved_on", approved_on, placement.started_on, placement.ended_on, "placement"
    )
    rules.require(
        1 <= enhanced_visit_frequency_days <= MAX_VISIT_INTERVAL_DAYS,
        r,
        "enhanced_visit_frequency_days",
        f"visits must be at least every {MAX_VISIT_INTERVAL_DAYS} days",
    )
    approval = UnregisteredPlacementApproval.objects.create(
        placement=placement,
        child_id=placement.child_id,
        approved_by=approved_by,
        approved_on=approved_on,
        enhanced_visit_frequency_days=enhanced_visit_frequency_days,
    )
    emit(events.unregistered_placement_approved(approval))
    return approval


# --- OC2 outcomes: convictions and substance misuse -------------------------------------------

AGE_OF_CRIMINAL_RESPONSIBILITY = 10  # England and Wales: Children and Young Persons Act 1933 s50


@service
def record_conviction(
    *, child: Person, convicted_on: date, offence: str = "", today: date | None = None
) -> Conviction:
    """A conviction (or youth or conditional caution) while the child was looked after, on or
    after their 10th birthday (the age of criminal responsibility). OC2's CONVICTED is 1 for a
    conviction in the collection year."""
    today = today_or(today)
    r = "Conviction"
    rules.require(child.kind == Person.Kind.CHILD, r, "child", "only a child is recorded here")
    rules.require(
        child.birth_date is not None,
        r,
        "child",
        "record the child's date of birth first: a child under 10 cannot be convicted",
    )
    rules.not_future(r, "convicted_on", convicted_on, today)
    tenth = _birthday(child, AGE_OF_CRIMINAL_RESPONSIBILITY)
    assert tenth is not None
    rules.require(
        convicted_on >= tenth,
        r,
        "convicted_on",
        f"the child was under {AGE_OF_CRIMINAL_RESPONSIBILITY}, the age of criminal "
        f"responsibility, until {dates.day(tenth)}",
    )
    _lock_child(child.pk)
    period = (
        PeriodOfCare.objects.filter(child=child, started_on__lte=convicted_on)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=convicted_on))
        .order_by("-started_on")
        .first()
    )
    rules.require(
        period is not None,
        r,
        "convicted_on",
        f"the child was not looked after on {dates.day(convicted_on)}",
    )
    conviction = Conviction.objects.create(
        child=child, period=period, convicted_on=convicted_on, offence=offence.strip()
    )
    emit(events.conviction_recorded(conviction))
    return conviction


@service
def record_substance_misuse(
    *,
    child: Person,
    identified_on: date,
    intervention_offered: bool,
    intervention_received: bool,
    today: date | None = None,
) -> SubstanceMisuse:
    """A substance misuse problem identified, and whether an intervention was offered and
    received (received only if offered). OC2's SUBSTANCE_MISUSE and INTERVENTION_* are derived
    from the collection year's records."""
    today = today_or(today)
    r = "Substance misuse"
    rules.require(child.kind == Person.Kind.CHILD, r, "child", "only a child is recorded here")
    rules.not_future(r, "identified_on", identified_on, today)
    rules.not_before(r, "identified_on", identified_on, child.birth_date, "the child's birth")
    rules.require(
        intervention_offered or not intervention_received,
        r,
        "intervention_received",
        "an intervention that was not offered cannot have been received",
    )
    _lock_child(child.pk)
    rules.require(
        not SubstanceMisuse.objects.filter(child=child, identified_on=identified_on).exists(),
        r,
        "identified_on",
        "substance misuse is already recorded that day",
    )
    record = SubstanceMisuse.objects.create(
        child=child,
        identified_on=identified_on,
        intervention_offered=intervention_offered,
        intervention_received=intervention_received,
    )
    emit(events.substance_misuse_recorded(record))
    return record
