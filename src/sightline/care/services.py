"""Writes for children in care. Each service keeps the period's history consistent and
rebuilds its SSDA903 episodes (care/episodes.py) in the same transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sightline.care import episodes as derivation
from sightline.care import events
from sightline.care.codes import (
    NO_PROVIDER,
    CategoryOfNeed,
    LegalStatusCode,
    PlacementProvider,
    PlacementType,
    ReasonCeased,
    ReasonPlacementChanged,
    ReviewParticipation,
)
from sightline.care.models import (
    CareEpisode,
    CarePlan,
    LegalStatus,
    LookedAfterReview,
    PeriodOfCare,
    Placement,
)
from sightline.core import dates, rules
from sightline.core.clock import today_or
from sightline.core.errors import JourneyError
from sightline.core.events import emit
from sightline.core.writes import service
from sightline.people.models import Person
from sightline.workforce.models import Worker

R = "Period of care"

# Regulations 4(2) and 9(2): a care plan and a placement plan are prepared before the placement
# where that is practicable (a planned admission or move), otherwise within 10 and 5 working
# days of its start. A plan agreed up to this many days ahead of the start is accepted; the
# timescales judge whether it was in time.
PLANNED_AHEAD = timedelta(days=28)


@dataclass(frozen=True)
class PlacementDetails:
    place: str
    provider: str
    carer: str
    urn: str = ""
    postcode: str = ""
    intended_until_18: bool = False


def check_placement(details: PlacementDetails) -> None:
    r = "Placement"
    rules.require(
        details.place in PlacementType.values,
        r,
        "place",
        f"{details.place!r} is not a 2025-26 PLACE code",
    )
    if details.place in NO_PROVIDER:
        rules.require(
            not details.provider, r, "provider", f"no provider is recorded for {details.place}"
        )
    else:
        rules.require(
            details.provider in PlacementProvider.values,
            r,
            "provider",
            "choose the placement provider",
        )
    rules.require(bool(details.carer.strip()), r, "carer", "name the carer or setting")
    if details.urn:
        ok = (
            details.urn == "XXXXXXX"
            or (details.urn[:2] == "SC" and details.urn[2:].isdigit() and len(details.urn) == 8)
            or (details.urn.isdigit() and len(details.urn) == 7)
        )
        rules.require(ok, r, "urn", "an Ofsted URN is SC and 6 digits, 7 digits, or XXXXXXX")


def rebuild_episodes(period: PeriodOfCare) -> list[CareEpisode]:
    """Replace the period's derived episodes with those its history gives now."""
    statuses = [
        derivation.LegalStatus(s.started_on, s.code)
        for s in period.legal_statuses.order_by("started_on")
    ]
    moves = [
        derivation.Placement(
            start=p.started_on,
            end=p.ended_on,
            place=p.place,
            provider=p.provider,
            carer=p.carer,
            urn=p.urn,
            postcode=p.postcode,
            change_reason=p.change_reason,
        )
        for p in period.placements.order_by("started_on")
    ]
    try:
        derived = derivation.derive_episodes(
            started_on=period.started_on,
            ended_on=period.ended_on,
            reason_ceased=period.reason_ceased,
            category_of_need=period.category_of_need,
            home_postcode=period.home_postcode,
            legal_statuses=statuses,
            placements=moves,
        )
    except derivation.EpisodeError as error:
        raise JourneyError(R, error.field, str(error).split(": ", 1)[-1]) from error
    period.episodes.all().delete()
    return CareEpisode.objects.bulk_create(
        CareEpisode(period=period, child_id=period.child_id, **vars(e)) for e in derived
    )


def _locked(period: PeriodOfCare) -> PeriodOfCare:
    return PeriodOfCare.objects.select_for_update().get(pk=period.pk)


@service
def start_care(
    *,
    child: Person,
    started_on: date,
    legal_status: str,
    placement: PlacementDetails,
    category_of_need: str,
    home_postcode: str,
    today: date | None = None,
) -> PeriodOfCare:
    today = today_or(today)
    rules.require(child.kind == Person.Kind.CHILD, R, "child", "only children are looked after")
    rules.not_future(R, "started_on", started_on, today)
    rules.not_before(R, "started_on", started_on, child.birth_date, "the child's birth")
    rules.require(
        legal_status in LegalStatusCode.values,
        R,
        "legal_status",
        f"{legal_status!r} is not an LS code",
    )
    rules.require(category_of_need in CategoryOfNeed.values, R, "category_of_need", "choose N1-N8")
    rules.require(
        bool(home_postcode.strip()), R, "home_postcode", "record the child's home postcode"
    )
    check_placement(placement)
    Person.objects.select_for_update().filter(pk=child.pk).first()
    rules.require(
        not PeriodOfCare.objects.filter(child=child, ended_on__isnull=True).exists(),
        R,
        "started_on",
        "the child is already looked after",
    )
    last_end = (
        PeriodOfCare.objects.filter(child=child)
        .order_by("-ended_on")
        .values_list("ended_on", flat=True)
        .first()
    )
    rules.not_before(
        R, "started_on", started_on, last_end, "the end of the previous period of care"
    )
    period = PeriodOfCare.objects.create(
        child=child,
        started_on=started_on,
        category_of_need=category_of_need,
        home_postcode=home_postcode.strip().upper(),
    )
    status = LegalStatus.objects.create(
        period=period, child=child, started_on=started_on, code=legal_status
    )
    first = Placement.objects.create(
        period=period, child=child, started_on=started_on, **vars(placement)
    )
    rebuild_episodes(period)
    emit(events.care_started(period, status, first))
    return period


@service
def come_into_care(
    *,
    child: Person,
    started_on: date,
    legal_status: str,
    placement: PlacementDetails,
    category_of_need: str,
    home_postcode: str,
    care_plan_agreed_on: date | None = None,
    today: date | None = None,
) -> PeriodOfCare:
    """Coming into care as a worker records it: the period with its legal status and first
    placement (``start_care``) and, where it is already agreed, the care plan
    (``record_care_plan``), in one transaction: both are recorded, or neither."""
    period = start_care(
        child=child,
        started_on=started_on,
        legal_status=legal_status,
        placement=placement,
        category_of_need=category_of_need,
        home_postcode=home_postcode,
        today=today,
    )
    if care_plan_agreed_on is not None:
        record_care_plan(period=period, agreed_on=care_plan_agreed_on, today=today)
    return period


@service
def change_legal_status(
    *, period: PeriodOfCare, started_on: date, code: str, today: date | None = None
) -> LegalStatus:
    today = today_or(today)
    period = _locked(period)
    r = "Legal status"
    rules.require(period.ended_on is None, r, "period", "the child is no longer looked after")
    rules.require(code in LegalStatusCode.values, r, "code", f"{code!r} is not an LS code")
    rules.not_future(r, "started_on", started_on, today)
    latest = period.legal_statuses.order_by("-started_on").first()
    assert latest is not None
    rules.require(
        started_on > latest.started_on,
        r,
        "started_on",
        "must be after the current legal status began",
    )
    rules.require(code != latest.code, r, "code", f"the legal status is already {code}")
    status = LegalStatus.objects.create(
        period=period, child_id=period.child_id, started_on=started_on, code=code
    )
    rebuild_episodes(period)
    emit(events.legal_status_changed(status))
    return status


@service
def change_placement(
    *,
    period: PeriodOfCare,
    started_on: date,
    placement: PlacementDetails,
    reason_previous_ended: str,
    today: date | None = None,
) -> Placement:
    """Move the child: the current placement ends the day the new one starts."""
    today = today_or(today)
    period = _locked(period)
    r = "Placement"
    rules.require(period.ended_on is None, r, "period", "the child is no longer looked after")
    rules.not_future(r, "started_on", started_on, today)
    check_placement(placement)
    current = period.placements.filter(ended_on__isnull=True).first()
    assert current is not None
    rules.require(
        started_on > current.started_on,
        r,
        "started_on",
        "must be after the current placement began",
    )
    temporary = current.place in derivation.TEMPORARY_PLACEMENTS
    if not temporary:
        rules.require(
            reason_previous_ended in ReasonPlacementChanged.values,
            r,
            "reason_previous_ended",
            "record why the current placement ended",
        )
    current.ended_on, current.change_reason = started_on, "" if temporary else reason_previous_ended
    current.save(update_fields=["ended_on", "change_reason"])
    new = Placement.objects.create(
        period=period, child_id=period.child_id, started_on=started_on, **vars(placement)
    )
    rebuild_episodes(period)
    emit(events.placement_changed(new))
    return new


@service
def end_care(
    *, period: PeriodOfCare, ended_on: date, reason_ceased: str, today: date | None = None
) -> PeriodOfCare:
    today = today_or(today)
    period = _locked(period)
    rules.require(period.ended_on is None, R, "ended_on", "the period of care has already ended")
    rules.require(reason_ceased in ReasonCeased.values, R, "reason_ceased", "record why care ended")
    rules.not_future(R, "ended_on", ended_on, today)
    latest_change = max(
        [s.started_on for s in period.legal_statuses.all()]
        + [p.started_on for p in period.placements.all()]
    )
    rules.require(
        ended_on > latest_change,
        R,
        "ended_on",
        "must be after the latest change of legal status or placement "
        "(an episode cannot start and end on one day)",
    )
    if reason_ceased == ReasonCeased.E2:
        rules.require(
            period.child.death_date is not None,
            R,
            "reason_ceased",
            "record the child's death first",
        )
    period.placements.filter(ended_on__isnull=True).update(ended_on=ended_on)
    period.ended_on, period.reason_ceased = ended_on, reason_ceased
    period.save(update_fields=["ended_on", "reason_ceased"])
    rebuild_episodes(period)
    emit(events.care_ended(period))
    return period


@service
def record_review(
    *,
    period: PeriodOfCare,
    held_on: date,
    participation: str,
    chaired_by: Worker | None = None,
    recommendations: str = "",
    escalation: str = "",
    today: date | None = None,
) -> LookedAfterReview:
    """A review held by the independent reviewing officer: the child's participation, the
    IRO's recommendations (one to a line) and any concern they escalated (the dispute
    resolution process) with the review."""
    today = today_or(today)
    r = "Looked-after review"
    rules.require(participation in ReviewParticipation.values, r, "participation", "choose PN0-PN7")
    rules.not_future(r, "held_on", held_on, today)
    rules.within(r, "held_on", held_on, period.started_on, period.ended_on, "period of care")
    review = LookedAfterReview.objects.create(
        period=period,
        child_id=period.child_id,
        held_on=held_on,
        participation=participation,
        chaired_by=chaired_by,
        recommendations="\n".join(
            line.strip() for line in recommendations.splitlines() if line.strip()
        ),
        escalation=escalation.strip(),
    )
    emit(events.review_held(review))
    return review


# --- Care plans and placement plans -----------------------------------------------------------


@service
def record_care_plan(
    *, period: PeriodOfCare, agreed_on: date, today: date | None = None
) -> CarePlan:
    """A version of the care plan, agreed before the period started (a planned admission, up to
    PLANNED_AHEAD) or during it. Every version is kept; one a day."""
    today = today_or(today)
    period = _locked(period)
    r = "Care plan"
    rules.not_future(r, "agreed_on", agreed_on, today)
    rules.not_before(
        r,
        "agreed_on",
        agreed_on,
        period.started_on - PLANNED_AHEAD,
        f"{PLANNED_AHEAD.days} days before the child started to be looked after",
    )
    rules.not_before(r, "agreed_on", agreed_on, period.child.birth_date, "the child's birth")
    rules.not_after(r, "agreed_on", agreed_on, period.ended_on, "the end of the period of care")
    rules.require(
        not period.care_plans.filter(agreed_on=agreed_on).exists(),
        r,
        "agreed_on",
        "a care plan is already recorded that day",
    )
    plan = CarePlan.objects.create(period=period, child_id=period.child_id, agreed_on=agreed_on)
    emit(events.care_plan_recorded(plan))
    return plan


@service
def record_placement_plan(
    *, placement: Placement, agreed_on: date, today: date | None = None
) -> Placement:
    """The day the placement plan was agreed: before the placement (up to PLANNED_AHEAD) or
    while it lasts, recorded once per placement (regulation 9)."""
    today = today_or(today)
    PeriodOfCare.objects.select_for_update().filter(pk=placement.period_id).first()
    placement = Placement.objects.get(pk=placement.pk)
    r = "Placement plan"
    if placement.placement_plan_on is not None:
        raise JourneyError(
            r,
            "agreed_on",
            f"the plan for this placement is already recorded "
            f"({dates.day(placement.placement_plan_on)})",
        )
    rules.not_future(r, "agreed_on", agreed_on, today)
    rules.not_before(
        r,
        "agreed_on",
        agreed_on,
        placement.started_on - PLANNED_AHEAD,
        f"{PLANNED_AHEAD.days} days before the placement started",
    )
    rules.not_after(r, "agreed_on", agreed_on, placement.ended_on, "the end of the placement")
    placement.placement_plan_on = agreed_on
    placement.save(update_fields=["placement_plan_on"])
    emit(events.placement_plan_recorded(placement))
    return placement
