"""Writes for leaving care: one function per use case, one transaction each.

Each checks the journey before it writes, raises JourneyError naming the record and field when
a rule is broken (nothing is written), and emits the domain events of what it wrote, so the
chronology has an entry.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Q

from sightline.care.codes import PlacementType
from sightline.care.models import Placement
from sightline.core import dates, rules
from sightline.core.clock import today_or
from sightline.core.codes import Disability
from sightline.core.errors import JourneyError
from sightline.core.events import emit
from sightline.core.writes import service
from sightline.leaving_care import events
from sightline.leaving_care.codes import (
    FORMER_FOSTER_CARERS,
    NEXT_OUTCOMES,
    AccommodationCode,
    ActivityCode,
    HomelessOutcome,
    InTouchCode,
    NEETBarrierCode,
    NEETOfferKind,
    NEETOfferOutcome,
    SupportTo25Outcome,
    accommodation_suitable,
)
from sightline.leaving_care.eligibility import Eligibility, birthday
from sightline.leaving_care.models import (
    Accommodation,
    Activity,
    Custody,
    EssentialDocuments,
    HomelessPresentation,
    InTouch,
    NEETBarrier,
    NEETOffer,
    Parenthood,
    PathwayPlan,
    PathwayPlanReview,
    StayingPut,
    SupportTo25Request,
    TransitionPlan,
)
from sightline.leaving_care.queries import CARE_LEAVER_CATEGORIES, eligibility_for
from sightline.people.models import Person, PersonDisability
from sightline.workforce import services as workforce
from sightline.workforce.models import Allocation, Worker


def _require_care_leaver(
    record: str, field: str, child: Person, on: date, *, qualifying: bool = False
) -> Eligibility:
    category = eligibility_for(child, on)
    allowed = CARE_LEAVER_CATEGORIES | ({Eligibility.QUALIFYING} if qualifying else set())
    rules.require(
        category in allowed,
        record,
        field,
        f"{child.full_name} is not "
        + ("a care leaver" if qualifying else "an eligible, relevant or former relevant child")
        + f" on {dates.day(on)}",
    )
    assert category is not None
    return category


def _dated(record: str, field: str, child: Person, on: date, today: date) -> None:
    rules.not_future(record, field, on, today)
    rules.not_before(record, field, on, child.birth_date, "the child's birth")
    rules.not_after(record, field, on, child.death_date, "the child's death")


# --- Personal adviser -------------------------------------------------------------------------


@service
def allocate_personal_adviser(
    *,
    child: Person,
    worker: Worker,
    on: date,
    today: date | None = None,
    on_request: bool = False,
) -> Allocation:
    """Allocate a personal adviser: a workforce Allocation of kind personal_adviser.

    The duty covers eligible, relevant and former relevant young people (to 25, DOMAIN.md 1.3).
    A qualifying young person may have one on request (``on_request=True``).
    """
    today = today_or(today)
    r = "Personal adviser"
    rules.not_future(r, "on", on, today)
    category = eligibility_for(child, on)
    rules.require(
        category in CARE_LEAVER_CATEGORIES or (category == Eligibility.QUALIFYING and on_request),
        r,
        "child",
        f"{child.full_name} is a qualifying care leaver on {dates.day(on)}: a personal adviser "
        "is allocated only on their request"
        if category == Eligibility.QUALIFYING
        else f"{child.full_name} is not a care leaver on {dates.day(on)}",
    )
    return workforce.allocate(
        child=child,
        worker=worker,
        kind=Allocation.Kind.PERSONAL_ADVISER,
        started_on=on,
        today=today,
    )


# --- Pathway plan -----------------------------------------------------------------------------


@service
def start_pathway_plan(
    *, child: Person, started_on: date, today: date | None = None
) -> PathwayPlan:
    today = today_or(today)
    r = "Pathway plan"
    _dated(r, "started_on", child, started_on, today)
    _require_care_leaver(r, "child", child, started_on)
    Person.objects.select_for_update().filter(pk=child.pk).first()
    rules.require(
        not PathwayPlan.objects.filter(child=child).exists(),
        r,
        "child",
        "the young person already has a pathway plan: review it",
    )
    plan = PathwayPlan.objects.create(child=child, started_on=started_on)
    emit(events.pathway_plan_started(plan))
    return plan


@service
def review_pathway_plan(
    *, plan: PathwayPlan, reviewed_on: date, today: date | None = None
) -> PathwayPlanReview:
    today = today_or(today)
    r = "Pathway plan review"
    plan = PathwayPlan.objects.select_for_update().get(pk=plan.pk)
    rules.not_future(r, "reviewed_on", reviewed_on, today)
    rules.require(
        reviewed_on > plan.started_on,
        r,
        "reviewed_on",
        f"must be after the plan started ({dates.day(plan.started_on)})",
    )
    rules.require(
        not plan.reviews.filter(reviewed_on=reviewed_on).exists(),
        r,
        "reviewed_on",
        "the plan was already reviewed that day",
    )
    review = PathwayPlanReview.objects.create(
        plan=plan, child_id=plan.child_id, reviewed_on=reviewed_on
    )
    emit(events.pathway_plan_reviewed(review))
    return review


# --- OC3 status over time ---------------------------------------------------------------------


@service
def record_in_touch(
    *, child: Person, recorded_on: date, in_touch: str, today: date | None = None
) -> InTouch:
    today = today_or(today)
    r = "In touch"
    rules.require(
        in_touch in InTouchCode.values, r, "in_touch", f"{in_touch!r} is not an IN_TOUCH code"
    )
    _dated(r, "recorded_on", child, recorded_on, today)
    _require_care_leaver(r, "child", child, recorded_on, qualifying=True)
    row = InTouch.objects.create(child=child, recorded_on=recorded_on, in_touch=in_touch)
    emit(events.in_touch_recorded(row))
    return row


@service
def record_activity(
    *, child: Person, from_date: date, code: str, today: date | None = None
) -> Activity:
    today = today_or(today)
    r = "Activity"
    rules.require(code in ActivityCode.values, r, "code", f"{code!r} is not an ACTIV code")
    _dated(r, "from_date", child, from_date, today)
    _require_care_leaver(r, "child", child, from_date, qualifying=True)
    Person.objects.select_for_update().filter(pk=child.pk).first()
    rules.require(
        not Activity.objects.filter(child=child, from_date=from_date).exists(),
        r,
        "from_date",
        "an activity is already recorded from that day",
    )
    row = Activity.objects.create(child=child, from_date=from_date, code=code)
    emit(events.activity_recorded(row))
    return row


@service
def record_accommodation(
    *, child: Person, from_date: date, code: str, today: date | None = None
) -> Accommodation:
    """``suitable`` comes from the code's digit (1 suitable, 2 unsuitable; ``0`` unknown)."""
    today = today_or(today)
    r = "Accommodation"
    rules.require(code in AccommodationCode.values, r, "code", f"{code!r} is not an ACCOM code")
    _dated(r, "from_date", child, from_date, today)
    _require_care_leaver(r, "child", child, from_date, qualifying=True)
    if code in FORMER_FOSTER_CARERS:
        assert child.birth_date is not None
        rules.not_before(
            r,
            "code",
            from_date,
            birthday(child.birth_date, 18),
            "the 18th birthday (Z: with former foster carers, 18+ only)",
        )
    Person.objects.select_for_update().filter(pk=child.pk).first()
    rules.require(
        not Accommodation.objects.filter(child=child, from_date=from_date).exists(),
        r,
        "from_date",
        "accommodation is already recorded from that day",
    )
    row = Accommodation.objects.create(
        child=child, from_date=from_date, code=code, suitable=accommodation_suitable(code)
    )
    emit(events.accommodation_recorded(row))
    return row


# --- Homeless 16/17-year-olds ---------------------------------------------------------------

H = "Homeless presentation"


def _check_advocacy(offered: bool, taken_up: bool) -> None:
    rules.require(
        offered or not taken_up,
        H,
        "advocacy_taken_up",
        "advocacy cannot be taken up without being offered",
    )


def _check_accommodation(accommodation_used: str, is_bed_and_breakfast: bool) -> None:
    rules.require(
        bool(accommodation_used.strip()) or not is_bed_and_breakfast,
        H,
        "accommodation_used",
        "name the bed and breakfast",
    )


@service
def record_homeless_presentation(
    *,
    child: Person,
    presented_on: date,
    advocacy_offered: bool = False,
    advocacy_taken_up: bool = False,
    accommodation_used: str = "",
    is_bed_and_breakfast: bool = False,
    today: date | None = None,
) -> HomelessPresentation:
    """A 16/17-year-old presents as homeless. ``accommodation_used`` is any emergency
    accommodation that night; bed and breakfast is recorded, and flagged unsuitable."""
    today = today_or(today)
    rules.require(child.kind == Person.Kind.CHILD, H, "child", "only children present here")
    _dated(H, "presented_on", child, presented_on, today)
    assert child.birth_date is not None
    rules.require(
        birthday(child.birth_date, 16) <= presented_on < birthday(child.birth_date, 18),
        H,
        "presented_on",
        "the young person must be 16 or 17 on the day they present",
    )
    _check_advocacy(advocacy_offered, advocacy_taken_up)
    _check_accommodation(accommodation_used, is_bed_and_breakfast)
    presentation = HomelessPresentation.objects.create(
        child=child,
        presented_on=presented_on,
        advocacy_offered=advocacy_offered,
        advocacy_taken_up=advocacy_taken_up,
        accommodation_used=accommodation_used.strip(),
        is_bed_and_breakfast=is_bed_and_breakfast,
    )
    emit(events.homeless_presented(presentation))
    return presentation


def _locked(presentation: HomelessPresentation) -> HomelessPresentation:
    return HomelessPresentation.objects.select_for_update().get(pk=presentation.pk)


@service
def record_advocacy(
    *,
    presentation: HomelessPresentation,
    offered: bool,
    taken_up: bool,
    today: date | None = None,
) -> HomelessPresentation:
    today = today_or(today)
    presentation = _locked(presentation)
    _check_advocacy(offered, taken_up)
    presentation.advocacy_offered, presentation.advocacy_taken_up = offered, taken_up
    presentation.save(update_fields=["advocacy_offered", "advocacy_taken_up"])
    emit(events.homeless_advocacy_recorded(presentation, today))
    return presentation


@service
def start_joint_assessment(
    *, presentation: HomelessPresentation, started_on: date, today: date | None = None
) -> HomelessPresentation:
    today = today_or(today)
    presentation = _locked(presentation)
    f = "joint_assessment_started_on"
    rules.require(
        presentation.joint_assessment_started_on is None,
        H,
        f,
        "the joint assessment has already started",
    )
    rules.not_future(H, f, started_on, today)
    rules.not_before(H, f, started_on, presentation.presented_on, "the presentation")
    presentation.joint_assessment_started_on = started_on
    presentation.save(update_fields=[f])
    emit(events.homeless_assessment_started(presentation))
    return presentation


@service
def complete_joint_assessment(
    *, presentation: HomelessPresentation, completed_on: date, today: date | None = None
) -> HomelessPresentation:
    today = today_or(today)
    presentation = _locked(presentation)
    f = "joint_assessment_completed_on"
    rules.require(
        presentation.joint_assessment_started_on is not None,
        H,
        f,
        "the joint assessment has not started",
    )
    rules.require(
        presentation.joint_assessment_completed_on is None,
        H,
        f,
        "the joint assessment is already complete",
    )
    rules.not_future(H, f, completed_on, today)
    rules.not_before(
        H, f, completed_on, presentation.joint_assessment_started_on, "the assessment's start"
    )
    presentation.joint_assessment_completed_on = completed_on
    presentation.save(update_fields=[f])
    emit(events.homeless_assessment_completed(presentation))
    return presentation


@service
def record_homeless_outcome(
    *,
    presentation: HomelessPresentation,
    outcome: str,
    outcome_on: date,
    accommodation_used: str | None = None,
    is_bed_and_breakfast: bool | None = None,
    today: date | None = None,
) -> HomelessPresentation:
    """The outcome of the joint assessment; the accommodation, when given, replaces the one
    recorded at presentation."""
    today = today_or(today)
    presentation = _locked(presentation)
    rules.require(outcome in HomelessOutcome.values, H, "outcome", f"{outcome!r} is not an outcome")
    rules.require(not presentation.outcome, H, "outcome", "the outcome is already recorded")
    rules.require(
        presentation.joint_assessment_completed_on is not None,
        H,
        "outcome",
        "complete the joint assessment first",
    )
    rules.not_future(H, "outcome_on", outcome_on, today)
    rules.not_before(
        H,
        "outcome_on",
        outcome_on,
        presentation.joint_assessment_completed_on,
        "the assessment's completion",
    )
    used = presentation.accommodation_used if accommodation_used is None else accommodation_used
    bnb = (
        presentation.is_bed_and_breakfast if is_bed_and_breakfast is None else is_bed_and_breakfast
    )
    _check_accommodation(used, bnb)
    presentation.outcome, presentation.outcome_on = outcome, outcome_on
    presentation.accommodation_used, presentation.is_bed_and_breakfast = used.strip(), bnb
    presentation.save(
        update_fields=["outcome", "outcome_on", "accommodation_used", "is_bed_and_breakfast"]
    )
    emit(events.homeless_outcome_recorded(presentation))
    return presentation


# --- NEET support -----------------------------------------------------------------------------


@service
def record_neet_barrier(
    *, child: Person, recorded_on: date, barrier: str, note: str = "", today: date | None = None
) -> NEETBarrier:
    today = today_or(today)
    r = "NEET barrier"
    rules.require(
        barrier in NEETBarrierCode.values, r, "barrier", f"{barrier!r} is not a barrier code"
    )
    _dated(r, "recorded_on", child, recorded_on, today)
    _require_care_leaver(r, "child", child, recorded_on, qualifying=True)
    row = NEETBarrier.objects.create(
        child=child, recorded_on=recorded_on, barrier=barrier, note=note.strip()
    )
    emit(events.neet_barrier_recorded(row))
    return row


@service
def record_neet_offer(
    *, child: Person, offered_on: date, kind: str, today: date | None = None
) -> NEETOffer:
    today = today_or(today)
    r = "NEET offer"
    rules.require(kind in NEETOfferKind.values, r, "kind", f"{kind!r} is not an offer kind")
    _dated(r, "offered_on", child, offered_on, today)
    _require_care_leaver(r, "child", child, offered_on, qualifying=True)
    offer = NEETOffer.objects.create(child=child, offered_on=offered_on, kind=kind)
    emit(events.neet_offer_made(offer))
    return offer


@service
def record_neet_offer_outcome(
    *, offer: NEETOffer, outcome: str, outcome_on: date, today: date | None = None
) -> NEETOffer:
    """Outcomes move forward only: pending -> taken up or declined; taken up -> completed or
    dropped out (codes.NEXT_OUTCOMES)."""
    today = today_or(today)
    r = "NEET offer"
    offer = NEETOffer.objects.select_for_update().get(pk=offer.pk)
    rules.require(
        outcome in NEETOfferOutcome.values, r, "outcome", f"{outcome!r} is not an outcome"
    )
    allowed = NEXT_OUTCOMES.get(offer.outcome, frozenset())
    rules.require(
        outcome in allowed,
        r,
        "outcome",
        f"an offer that is {NEETOfferOutcome(offer.outcome).label.lower()} cannot become "
        f"{NEETOfferOutcome(outcome).label.lower()}",
    )
    rules.not_future(r, "outcome_on", outcome_on, today)
    rules.not_before(r, "outcome_on", outcome_on, offer.offered_on, "the offer")
    rules.not_before(r, "outcome_on", outcome_on, offer.outcome_on, "the previous outcome")
    offer.outcome, offer.outcome_on = outcome, outcome_on
    offer.save(update_fields=["outcome", "outcome_on"])
    emit(events.neet_offer_outcome_recorded(offer))
    return offer


# --- Transition to adult services -------------------------------------------------------------

# Preparing for adulthood starts from Year 9 (age 14) and runs to 25 (SEND Code of Practice
# 2015, chapter 8 [S]); the plan is for a young person with a recorded disability.
TRANSITION_FROM_AGE, TRANSITION_UNTIL_AGE = 14, 25


@service
def record_transition_plan(
    *, child: Person, agreed_on: date, today: date | None = None
) -> TransitionPlan:
    """A disabled young person's plan for the move to adult services, aged 14 to 24."""
    today = today_or(today)
    r = "Transition plan"
    _dated(r, "agreed_on", child, agreed_on, today)
    assert child.birth_date is not None
    rules.require(
        birthday(child.birth_date, TRANSITION_FROM_AGE)
        <= agreed_on
        < birthday(child.birth_date, TRANSITION_UNTIL_AGE),
        r,
        "agreed_on",
        f"the young person must be {TRANSITION_FROM_AGE} to {TRANSITION_UNTIL_AGE - 1} "
        "when the plan is agreed",
    )
    rules.require(
        PersonDisability.objects.filter(person=child).exclude(code=Disability.NONE).exists(),
        r,
        "child",
        f"{child.full_name} has no recorded disability: record it first",
    )
    plan = TransitionPlan.objects.create(child=child, agreed_on=agreed_on)
    emit(events.transition_plan_recorded(plan))
    return plan


# --- Staying put ------------------------------------------------------------------------------

S = "Staying put"
FOSTER_PLACEMENTS = frozenset(
    {
        PlacementType.U1,
        PlacementType.U2,
        PlacementType.U3,
        PlacementType.U4,
        PlacementType.U5,
        PlacementType.U6,
    }
)
STAYING_PUT_UNTIL_AGE = 21


def _same_carer(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def former_foster_carer(child: Person) -> str | None:
    """The foster carer the young person was placed with the day before their 18th birthday
    (s.23CZA(1): placed with a local authority foster parent immediately before ceasing to be
    looked after), or None."""
    if child.birth_date is None:
        return None
    eve = birthday(child.birth_date, 18) - timedelta(days=1)
    placement = (
        Placement.objects.filter(
            Q(ended_on__isnull=True) | Q(ended_on__gt=eve),
            child=child,
            started_on__lte=eve,
            place__in=FOSTER_PLACEMENTS,
        )
        .order_by("-started_on")
        .first()
    )
    return placement.carer if placement else None


@service
def start_staying_put(
    *, child: Person, started_on: date, carer: str, today: date | None = None
) -> StayingPut:
    """A former relevant young person stays on with the foster carer they lived with at 18
    (Children Act 1989 s.23CZA); the authority's duty lasts until they are 21."""
    today = today_or(today)
    _dated(S, "started_on", child, started_on, today)
    rules.require(bool(carer.strip()), S, "carer", "name the former foster carer")
    category = eligibility_for(child, started_on)
    rules.require(
        category == Eligibility.FORMER_RELEVANT,
        S,
        "child",
        f"{child.full_name} is not a former relevant young person on {dates.day(started_on)}",
    )
    assert child.birth_date is not None
    rules.not_after(
        S,
        "started_on",
        started_on,
        birthday(child.birth_date, STAYING_PUT_UNTIL_AGE) - timedelta(days=1),
        "the day before the 21st birthday",
    )
    former = former_foster_carer(child)
    rules.require(
        former is not None and _same_carer(former, carer),
        S,
        "carer",
        f"{carer.strip()} is not the foster carer {child.full_name} lived with at 18"
        + (f" ({former})" if former else ": they were not in foster care then"),
    )
    Person.objects.select_for_update().filter(pk=child.pk).first()
    rules.require(
        not StayingPut.objects.filter(child=child, ended_on__isnull=True).exists(),
        S,
        "started_on",
        "a staying put arrangement is already open: end it first",
    )
    latest_end = (
        StayingPut.objects.filter(child=child)
        .order_by("-ended_on")
        .values_list("ended_on", flat=True)
        .first()
    )
    rules.not_before(S, "started_on", started_on, latest_end, "the end of the last arrangement")
    arrangement = StayingPut.objects.create(
        child=child, started_on=started_on, carer=" ".join(carer.split())
    )
    emit(events.staying_put_started(arrangement))
    return arrangement


@service
def end_staying_put(
    *, arrangement: StayingPut, ended_on: date, today: date | None = None
) -> StayingPut:
    """The arrangement ends, on the 21st birthday at the latest."""
    today = today_or(today)
    arrangement = (
        StayingPut.objects.select_for_update().select_related("child").get(pk=arrangement.pk)
    )
    rules.can_end(
        S,
        ended_on,
        started_on=arrangement.started_on,
        already_ended=arrangement.ended_on,
        today=today,
        what="the arrangement",
    )
    birth = arrangement.child.birth_date
    assert birth is not None
    rules.not_after(
        S, "ended_on", ended_on, birthday(birth, STAYING_PUT_UNTIL_AGE), "the 21st birthday"
    )
    arrangement.ended_on = ended_on
    arrangement.save(update_fields=["ended_on"])
    emit(events.staying_put_ended(arrangement))
    return arrangement


# --- Custody and parenthood -------------------------------------------------------------------

C = "Custody"


@service
def record_custody(
    *, child: Person, from_date: date, to_date: date | None = None, today: date | None = None
) -> Custody:
    """A care leaver in custody from a day (and, when known, until a day). Periods in custody
    do not overlap."""
    today = today_or(today)
    _dated(C, "from_date", child, from_date, today)
    rules.not_future(C, "to_date", to_date, today)
    rules.not_before(C, "to_date", to_date, from_date, "the start of custody")
    _require_care_leaver(C, "child", child, from_date, qualifying=True)
    Person.objects.select_for_update().filter(pk=child.pk).first()
    end = to_date or date.max
    overlapping = Custody.objects.filter(
        Q(to_date__isnull=True) | Q(to_date__gte=from_date), child=child, from_date__lte=end
    ).first()
    if overlapping is not None:
        raise JourneyError(
            C,
            "from_date",
            f"overlaps the custody from {dates.day(overlapping.from_date)}"
            + (f" to {dates.day(overlapping.to_date)}" if overlapping.to_date else ""),
        )
    row = Custody.objects.create(child=child, from_date=from_date, to_date=to_date)
    emit(events.custody_recorded(row, from_date))
    if to_date is not None:
        emit(events.custody_recorded(row, to_date))
    return row


@service
def record_release_from_custody(
    *, custody: Custody, to_date: date, today: date | None = None
) -> Custody:
    today = today_or(today)
    custody = Custody.objects.select_for_update().get(pk=custody.pk)
    rules.require(custody.to_date is None, C, "to_date", "the release is already recorded")
    rules.not_future(C, "to_date", to_date, today)
    rules.not_before(C, "to_date", to_date, custody.from_date, "the start of custody")
    custody.to_date = to_date
    custody.save(update_fields=["to_date"])
    emit(events.custody_recorded(custody, to_date))
    return custody


@service
def record_parenthood(
    *, child: Person, became_parent_on: date, today: date | None = None
) -> Parenthood:
    """A care leaver became a parent (one row per birth; twins are one)."""
    today = today_or(today)
    r = "Parenthood"
    _dated(r, "became_parent_on", child, became_parent_on, today)
    _require_care_leaver(r, "child", child, became_parent_on, qualifying=True)
    Person.objects.select_for_update().filter(pk=child.pk).first()
    rules.require(
        not Parenthood.objects.filter(child=child, became_parent_on=became_parent_on).exists(),
        r,
        "became_parent_on",
        "already recorded that day",
    )
    row = Parenthood.objects.create(child=child, became_parent_on=became_parent_on)
    emit(events.parenthood_recorded(row))
    return row


# --- Essential documents ----------------------------------------------------------------------

E = "Essential documents"
# The checklist's fields, in the order the record shows them, and their words.
DOCUMENTS: dict[str, str] = {
    "bank_account": "Bank account",
    "provisional_licence": "Provisional driving licence",
    "passport": "Passport",
    "national_insurance_number": "National insurance number",
    "health_passport": "Health passport",
    "birth_certificate": "Birth certificate",
}


@service
def update_essential_documents(
    *,
    child: Person,
    updated_on: date,
    documents: dict[str, date | None],
    today: date | None = None,
) -> EssentialDocuments:
    """Update the checklist: each named document's date in the young person's hands (None: no
    longer). Documents not named keep what they had. The checklist is one record per young
    person, created on its first update."""
    today = today_or(today)
    _dated(E, "updated_on", child, updated_on, today)
    rules.require(bool(documents), E, "documents", "name at least one document")
    for name, held_on in documents.items():
        rules.require(name in DOCUMENTS, E, name, f"{name!r} is not an essential document")
        rules.not_before(E, name, held_on, child.birth_date, "the child's birth")
        rules.not_after(E, name, held_on, updated_on, "the update")
    _require_care_leaver(E, "child", child, updated_on, qualifying=True)
    Person.objects.select_for_update().filter(pk=child.pk).first()
    checklist = EssentialDocuments.objects.filter(child=child).first()
    if checklist is not None:
        rules.not_before(
            E, "updated_on", updated_on, checklist.updated_on, "the last update of the checklist"
        )
    else:
        checklist = EssentialDocuments(child=child, updated_on=updated_on)
    changed = []
    for name in DOCUMENTS:
        if name in documents and getattr(checklist, name) != documents[name]:
            setattr(checklist, name, documents[name])
            what = "in hand" if documents[name] is not None else "no longer held"
            changed.append(f"{DOCUMENTS[name].lower()} {what}")
    rules.require(bool(changed), E, "documents", "nothing has changed")
    checklist.updated_on = updated_on
    checklist.save()
    emit(events.essential_documents_updated(checklist, changed))
    return checklist


# --- Support to 25 ----------------------------------------------------------------------------


@service
def request_support_to_25(
    *, child: Person, requested_on: date, today: date | None = None
) -> SupportTo25Request:
    """A former relevant young person aged 21 to 24 asks for personal adviser support to 25
    (Children and Social Work Act 2017; DOMAIN.md 1.3)."""
    today = today_or(today)
    r = "Support to 25 request"
    _dated(r, "requested_on", child, requested_on, today)
    rules.require(
        eligibility_for(child, requested_on) == Eligibility.FORMER_RELEVANT,
        r,
        "child",
        f"{child.full_name} is not a former relevant care leaver on {dates.day(requested_on)}",
    )
    assert child.birth_date is not None
    rules.not_before(
        r, "requested_on", requested_on, birthday(child.birth_date, 21), "the 21st birthday"
    )
    Person.objects.select_for_update().filter(pk=child.pk).first()
    rules.require(
        not SupportTo25Request.objects.filter(
            child=child, outcome=SupportTo25Outcome.PENDING
        ).exists(),
        r,
        "requested_on",
        "a request is already waiting for a decision",
    )
    request = SupportTo25Request.objects.create(child=child, requested_on=requested_on)
    emit(events.support_to_25_requested(request))
    return request
