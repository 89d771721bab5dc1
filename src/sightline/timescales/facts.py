"""The dated facts about a child that the timescale rules read, loaded set-based.

One query per kind of fact, for one child (a service's event) or for every child (a rebuild):
never a query per child in a loop. Each kind of fact is a small named tuple, so the rules in
``catalogue.py`` stay pure functions of a ``ChildFacts``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, NamedTuple

from django.apps import apps
from django.db.models import Q

from sightline.core.sql import id_in


class ContactFact(NamedTuple):
    id: int
    received_at: datetime
    decided_at: datetime | None


class ReferralFact(NamedTuple):
    id: int
    referral_date: date
    nfa: bool
    closure_date: date | None


class AssessmentFact(NamedTuple):
    id: int
    referral_id: int
    started_on: date
    authorised_on: date | None


class EnquiryFact(NamedTuple):
    id: int
    started_on: date
    completed_on: date | None
    outcome: str
    icpc_not_required: bool
    strategy_held_on: date | None


class StrategyFact(NamedTuple):
    """A strategy discussion held on a referral, with the day it was asked for if recorded."""

    id: int
    referral_id: int
    requested_on: date | None
    held_on: date


class StrategyAskFact(NamedTuple):
    """A referral the front door opened for a strategy discussion (its contact was decided
    "referral and a strategy discussion"): asked for when the contact was decided."""

    referral_id: int
    asked_at: datetime
    closure_date: date | None


class ConferenceFact(NamedTuple):
    id: int
    kind: str
    section47_id: int | None
    plan_id: int | None
    held_on: date


class PlanFact(NamedTuple):
    """A child protection plan or a child in need plan."""

    id: int
    started_on: date
    ended_on: date | None


class MeetingFact(NamedTuple):
    """A core group meeting (plan = CP plan) or a child in need meeting or review."""

    id: int
    plan_id: int
    held_on: date
    kind: str


class VisitFact(NamedTuple):
    id: int
    purpose: str
    visited_on: date


class PeriodFact(NamedTuple):
    id: int
    started_on: date
    ended_on: date | None
    first_legal_status: str


class PlacementFact(NamedTuple):
    id: int
    period_id: int
    started_on: date
    ended_on: date | None
    place: str
    intended_until_18: bool
    placement_plan_on: date | None
    enhanced_visit_days: int | None


class DatedFact(NamedTuple):
    """Something recorded on a date within a period of care or under a plan: a care plan, a
    looked-after review, a PEP review, a pathway plan review (``parent_id`` is its period or
    plan)."""

    id: int
    parent_id: int | None
    on: date


class HealthFact(NamedTuple):
    id: int
    period_id: int
    kind: str
    done_on: date


class MissingFact(NamedTuple):
    id: int
    ended_at: datetime | None
    offered: bool
    accepted: bool
    held_at: datetime | None
    started_at: datetime | None = None
    period_id: int | None = None


class AllocationFact(NamedTuple):
    id: int
    started_on: date
    ended_on: date | None


class PrivateFosteringFact(NamedTuple):
    id: int
    notified_on: date
    started_on: date | None
    ended_on: date | None


class AllegationFact(NamedTuple):
    id: int
    came_to_attention_on: date
    referred_on: date | None


class ProceedingsFact(NamedTuple):
    id: int
    issued_on: date
    concluded_on: date | None


class OversightFact(NamedTuple):
    id: int
    held_on: date


class OversightActionFact(NamedTuple):
    """An action a manager set in management oversight: set on ``held_on``, due ``due_on``."""

    id: int
    held_on: date
    due_on: date
    done_on: date | None


@dataclass
class ChildFacts:
    child_id: int
    birth_date: date | None = None
    death_date: date | None = None
    contacts: list[ContactFact] = field(default_factory=list)
    referrals: list[ReferralFact] = field(default_factory=list)
    assessments: list[AssessmentFact] = field(default_factory=list)
    enquiries: list[EnquiryFact] = field(default_factory=list)
    strategies: list[StrategyFact] = field(default_factory=list)
    strategy_asks: list[StrategyAskFact] = field(default_factory=list)
    conferences: list[ConferenceFact] = field(default_factory=list)
    cp_plans: list[PlanFact] = field(default_factory=list)
    core_groups: list[MeetingFact] = field(default_factory=list)
    cin_plans: list[PlanFact] = field(default_factory=list)
    cin_meetings: list[MeetingFact] = field(default_factory=list)
    visits: list[VisitFact] = field(default_factory=list)
    periods: list[PeriodFact] = field(default_factory=list)
    placements: list[PlacementFact] = field(default_factory=list)
    care_plans: list[DatedFact] = field(default_factory=list)
    reviews: list[DatedFact] = field(default_factory=list)
    health: list[HealthFact] = field(default_factory=list)
    peps: list[DatedFact] = field(default_factory=list)
    missing: list[MissingFact] = field(default_factory=list)
    pa_allocations: list[AllocationFact] = field(default_factory=list)
    pathway_plans: list[DatedFact] = field(default_factory=list)
    pathway_reviews: list[DatedFact] = field(default_factory=list)
    private_fostering: list[PrivateFosteringFact] = field(default_factory=list)
    allegations: list[AllegationFact] = field(default_factory=list)
    proceedings: list[ProceedingsFact] = field(default_factory=list)
    oversights: list[OversightFact] = field(default_factory=list)
    oversight_actions: list[OversightActionFact] = field(default_factory=list)


@dataclass(frozen=True)
class Source:
    """Where one kind of fact comes from: a model, the columns (child id first is implied),
    an optional filter and the order the rules expect."""

    model: str
    columns: tuple[str, ...]
    row: Any  # a fact class (built with ``_make``) or a function of the column values
    order: tuple[str, ...]
    where: Q = field(default_factory=Q)


SEEN = Q(child_seen=True, struck_out=False)  # a struck-out visit never happened (decision 0026)

SOURCES: dict[str, Source] = {
    "contacts": Source(
        "frontdoor.Contact", ("id", "received_at", "decided_at"), ContactFact, ("received_at",)
    ),
    "referrals": Source(
        "protection.Referral",
        ("id", "referral_date", "nfa", "closure_date"),
        ReferralFact,
        ("referral_date", "id"),
    ),
    "assessments": Source(
        "protection.Assessment",
        ("id", "referral_id", "started_on", "authorised_on"),
        AssessmentFact,
        ("started_on", "id"),
    ),
    "enquiries": Source(
        "protection.Section47Enquiry",
        (
            "id",
            "started_on",
            "completed_on",
            "outcome",
            "icpc_not_required",
            "strategy_discussion__held_on",
        ),
        EnquiryFact,
        ("started_on", "id"),
    ),
    "strategies": Source(
        "protection.StrategyDiscussion",
        ("id", "referral_id", "requested_on", "held_on"),
        StrategyFact,
        ("held_on", "id"),
    ),
    "strategy_asks": Source(
        "protection.Referral",
        ("id", "contact__decided_at", "closure_date"),
        StrategyAskFact,
        ("referral_date", "id"),
        Q(contact__decision="strategy", contact__decided_at__isnull=False),
    ),
    "conferences": Source(
        "protection.ChildProtectionConference",
        ("id", "kind", "section47_id", "plan_id", "held_on"),
        ConferenceFact,
        ("held_on", "id"),
    ),
    "cp_plans": Source(
        "protection.ChildProtectionPlan",
        ("id", "started_on", "ended_on"),
        PlanFact,
        ("started_on", "id"),
    ),
    "core_groups": Source(
        "protection.CoreGroupMeeting",
        ("id", "child_protection_plan_id", "held_on"),
        lambda v: MeetingFact(v[0], v[1], v[2], "core_group"),
        ("held_on", "id"),
    ),
    "cin_plans": Source(
        "protection.ChildInNeedPlan",
        ("id", "started_on", "ended_on"),
        PlanFact,
        ("started_on", "id"),
    ),
    "cin_meetings": Source(
        "protection.ChildInNeedMeeting",
        ("id", "child_in_need_plan_id", "held_on", "kind"),
        MeetingFact,
        ("held_on", "id"),
    ),
    "visits": Source(
        "protection.Visit", ("id", "purpose", "visited_on"), VisitFact, ("visited_on", "id"), SEEN
    ),
    "periods": Source(
        "care.PeriodOfCare",
        ("id", "started_on", "ended_on"),
        lambda v: PeriodFact(v[0], v[1], v[2], ""),
        ("started_on", "id"),
    ),
    "placements": Source(
        "care.Placement",
        (
            "id",
            "period_id",
            "started_on",
            "ended_on",
            "place",
            "intended_until_18",
            "placement_plan_on",
        ),
        lambda v: PlacementFact(v[0], v[1], v[2], v[3], v[4], v[5], v[6], None),
        ("started_on", "id"),
    ),
    "care_plans": Source(
        "care.CarePlan", ("id", "period_id", "agreed_on"), DatedFact, ("agreed_on", "id")
    ),
    "reviews": Source(
        "care.LookedAfterReview", ("id", "period_id", "held_on"), DatedFact, ("held_on", "id")
    ),
    "health": Source(
        "care.HealthAssessment",
        ("id", "period_id", "kind", "done_on"),
        HealthFact,
        ("done_on", "id"),
    ),
    "peps": Source(
        "care.PersonalEducationPlan",
        ("id", "period_id", "reviewed_on"),
        DatedFact,
        ("reviewed_on", "id"),
    ),
    "missing": Source(
        "care.MissingEpisode",
        (
            "id",
            "ended_at",
            "return_interview_offered",
            "return_interview_accepted",
            "return_interview_held_at",
            "started_at",
            "period_id",
        ),
        MissingFact,
        ("started_at", "id"),
    ),
    "pa_allocations": Source(
        "workforce.Allocation",
        ("id", "started_on", "ended_on"),
        AllocationFact,
        ("started_on", "id"),
        Q(kind="personal_adviser"),
    ),
    "pathway_plans": Source(
        "leaving_care.PathwayPlan",
        ("id", "started_on"),
        lambda v: DatedFact(v[0], None, v[1]),
        ("started_on", "id"),
    ),
    "pathway_reviews": Source(
        "leaving_care.PathwayPlanReview",
        ("id", "plan_id", "reviewed_on"),
        DatedFact,
        ("reviewed_on", "id"),
    ),
    "private_fostering": Source(
        "protection.PrivateFosteringArrangement",
        ("id", "notified_on", "arrangement_started_on", "ended_on"),
        PrivateFosteringFact,
        ("notified_on", "id"),
    ),
    "allegations": Source(
        "protection.AllegationToLADO",
        ("id", "came_to_attention_on", "referred_on"),
        AllegationFact,
        ("came_to_attention_on", "id"),
    ),
    "proceedings": Source(
        "protection.CareProceedings",
        ("id", "issued_on", "concluded_on"),
        ProceedingsFact,
        ("issued_on", "id"),
    ),
    "oversights": Source("quality.Oversight", ("id", "held_on"), OversightFact, ("held_on", "id")),
    "oversight_actions": Source(
        "quality.OversightAction",
        ("id", "oversight__held_on", "due_on", "done_on"),
        OversightActionFact,
        ("due_on", "id"),
    ),
}


Children = Sequence[int] | range | None
"""Which children to load: a list of ids (one child's event), a ``range`` of ids (a rebuild,
in slices) or None (everyone)."""


def _children_filter(child_ids: Children) -> Q:
    if child_ids is None:
        return Q()
    if isinstance(child_ids, range):
        return Q(child_id__gte=child_ids.start, child_id__lt=child_ids.stop)
    return id_in(child_ids, "child_id")


def load(wanted: Iterable[str], child_ids: Children = None) -> dict[int, ChildFacts]:
    """The facts named in ``needs`` for the given children (every child when None).

    Children appear in the result when they have at least one fact; birth and death dates are
    loaded for them with one more query.
    """
    facts: dict[int, ChildFacts] = {}

    def of(child_id: int) -> ChildFacts:
        found = facts.get(child_id)
        if found is None:
            found = facts[child_id] = ChildFacts(child_id)
        return found

    needs = set(wanted)
    for name in sorted(needs):
        source = SOURCES[name]
        model = apps.get_model(source.model)
        rows = (
            model.objects.filter(source.where, _children_filter(child_ids))
            .order_by("child_id", *source.order)
            .values_list("child_id", *source.columns)
        )
        make = getattr(source.row, "_make", source.row)
        for child_id, *values in rows.iterator(chunk_size=20_000):
            getattr(of(child_id), name).append(make(values))
    if "periods" in needs:
        _add_first_legal_status(child_ids, facts)
    if "placements" in needs:
        _add_placement_details(child_ids, facts)
    _load_people(facts)
    return facts


def _add_first_legal_status(child_ids: Children, facts: dict[int, ChildFacts]) -> None:
    """Each period's first legal status (a short-break period, V3 or V4, has no review or
    visiting timescales of its own: CPPCR reg. 48)."""
    status_model = apps.get_model("care.LegalStatus")
    first_status: dict[int, str] = {}
    statuses = (
        status_model.objects.filter(_children_filter(child_ids))
        .order_by("period_id", "-started_on", "-id")
        .values_list("period_id", "code")
    )
    for period_id, code in statuses.iterator(chunk_size=20_000):
        first_status[period_id] = code  # the last one seen is the earliest
    for child in facts.values():
        child.periods = [
            p._replace(first_legal_status=first_status.get(p.id, "")) for p in child.periods
        ]


def _add_placement_details(child_ids: Children, facts: dict[int, ChildFacts]) -> None:
    """Enhanced visiting approved for unregistered provision."""
    approvals = apps.get_model("care.UnregisteredPlacementApproval")
    enhanced = dict(
        approvals.objects.filter(_children_filter(child_ids)).values_list(
            "placement_id", "enhanced_visit_frequency_days"
        )
    )
    for child in facts.values():
        child.placements = [
            p._replace(enhanced_visit_days=enhanced.get(p.id)) for p in child.placements
        ]


def _load_people(facts: dict[int, ChildFacts]) -> None:
    person = apps.get_model("people.Person")
    ids = list(facts)
    for start in range(0, len(ids), 20_000):
        rows = person.objects.filter(id__in=ids[start : start + 20_000]).values_list(
            "id", "birth_date", "death_date"
        )
        for child_id, birth_date, death_date in rows:
            facts[child_id].birth_date = birth_date
            facts[child_id].death_date = death_date
