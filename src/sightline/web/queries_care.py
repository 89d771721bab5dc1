"""The care tab of the child's record (issue 15 item 1, decision 0028): placement history as a
timeline, legal status, the IRO's footprint (reviews, recommendations, escalations), health
and education at a glance, missing episodes, unaccompanied status and the adoption journey.

Set-based: one query per kind of record for the one child, whatever the length of their time
in care (about a dozen in all), never a query per placement or per review.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Prefetch

from sightline.care.codes import (
    HealthCheckKind,
    LegalStatusCode,
    PlacementProvider,
    PlacementType,
)
from sightline.care.events import ADOPTION_MILESTONE_WORDS
from sightline.care.models import (
    AdoptionMilestones,
    EducationRecord,
    HealthAssessment,
    LegalStatus,
    LookedAfterReview,
    MissingEpisode,
    PeriodOfCare,
    PersonalEducationPlan,
    Placement,
    UnaccompaniedStatus,
)
from sightline.core.codes import label
from sightline.providers.queries import Registration, registrations
from sightline.timescales.catalogue import RULES
from sightline.timescales.models import Obligation
from sightline.web.queries import RecordHeader
from sightline.workforce.models import Allocation

RULE_TITLES = {rule.code: rule.title for rule in RULES}
REVIEW_RULES = ("LAC_REVIEW_FIRST", "LAC_REVIEW_SECOND", "LAC_REVIEW")
HEALTH_RULES = ("INITIAL_HEALTH_ASSESSMENT", "REVIEW_HEALTH_ASSESSMENT")
CARE_RULES = (
    "CARE_PLAN",
    "PLACEMENT_PLAN",
    *REVIEW_RULES,
    "LAC_VISIT",
    *HEALTH_RULES,
    "PEP_REVIEW",
    "RETURN_INTERVIEW",
)
MISSING_SHOWN = 10  # the newest missing episodes listed; the count says how many in all
REVIEWS_SHOWN = 10


@dataclass(frozen=True)
class PlacementItem:
    """One placement on the timeline, newest first."""

    placement: Placement
    registration: Registration
    title: str
    provider: str

    @property
    def current(self) -> bool:
        return self.placement.ended_on is None


@dataclass(frozen=True)
class Due:
    """The soonest open obligation of a rule, as the care tab names it."""

    title: str
    due_on: dt.date
    overdue: bool


@dataclass
class CareTab:
    looked_after_now: PeriodOfCare | None
    periods: Sequence[PeriodOfCare]
    legal_status: str  # the current legal status in words; "" when not looked after
    statuses: list[LegalStatus]  # every period's, newest first
    placements: list[PlacementItem]  # newest first
    iro: Allocation | None
    reviews: list[LookedAfterReview]  # newest first, at most REVIEWS_SHOWN
    review_count: int
    escalations: int
    health: list[tuple[str, HealthAssessment | None]]  # the latest of each kind
    school: EducationRecord | None
    latest_pep: PersonalEducationPlan | None
    missing: list[MissingEpisode]  # newest first, at most MISSING_SHOWN
    missing_count: int
    uasc: UnaccompaniedStatus | None
    adoption: list[tuple[str, dt.date]]  # the steps recorded, in order
    due: dict[str, Due] = field(default_factory=dict)  # by group: review, health, pep, visit


def _placement_title(p: Placement) -> str:
    return label(PlacementType, p.place)


def _latest_by_kind(
    checks: Sequence[HealthAssessment],
) -> list[tuple[str, HealthAssessment | None]]:
    latest: dict[str, HealthAssessment] = {}
    for check in checks:  # newest first
        latest.setdefault(check.kind, check)
    return [(words, latest.get(kind)) for kind, words in HealthCheckKind.choices]


def _due(obligations: Sequence[Obligation], today: dt.date) -> dict[str, Due]:
    groups = {
        **dict.fromkeys(REVIEW_RULES, "review"),
        **dict.fromkeys(HEALTH_RULES, "health"),
        "PEP_REVIEW": "pep",
        "LAC_VISIT": "visit",
        "CARE_PLAN": "care_plan",
        "PLACEMENT_PLAN": "placement_plan",
        "RETURN_INTERVIEW": "return_interview",
    }
    found: dict[str, Due] = {}
    for o in obligations:  # soonest first
        group = groups[o.rule]
        if group not in found:
            found[group] = Due(RULE_TITLES.get(o.rule, o.rule), o.due_on, o.due_on < today)
    return found


def care_tab(header: RecordHeader) -> CareTab:
    """Everything the care tab shows for the child of ``header`` (read through the access
    policy already: the header is None for a child this user may not open)."""
    child, today = header.child, header.today
    periods = list(
        PeriodOfCare.objects.filter(child=child)
        .order_by("-started_on", "-id")
        .prefetch_related(
            Prefetch(
                "legal_statuses",
                queryset=LegalStatus.objects.order_by("-started_on", "-id"),
                to_attr="statuses_newest_first",
            ),
            Prefetch(
                "placements",
                queryset=Placement.objects.order_by("-started_on", "-id"),
                to_attr="placements_newest_first",
            ),
        )
    )
    now = next((p for p in periods if p.ended_on is None), None)
    statuses = [s for p in periods for s in p.statuses_newest_first]
    placements = [pl for p in periods for pl in p.placements_newest_first]
    items = [
        PlacementItem(
            pl,
            reg,
            _placement_title(pl),
            label(PlacementProvider, pl.provider) if pl.provider else "",
        )
        for pl, reg in zip(placements, registrations(placements), strict=True)
    ]
    reviews_all = LookedAfterReview.objects.filter(child=child)
    reviews = list(
        reviews_all.select_related("chaired_by").order_by("-held_on", "-id")[:REVIEWS_SHOWN]
    )
    everything = len(reviews) < REVIEWS_SHOWN  # the list holds every review: count from it
    escalations = (
        sum(1 for r in reviews if r.escalation)
        if everything
        else reviews_all.exclude(escalation="").count()
    )
    checks = list(HealthAssessment.objects.filter(child=child).order_by("-done_on", "-id"))
    missing = list(
        MissingEpisode.objects.filter(child=child).order_by("-started_at", "-id")[
            : MISSING_SHOWN + 1
        ]
    )
    adoption = AdoptionMilestones.objects.filter(period=periods[0]).first() if periods else None
    steps = (
        [
            (ADOPTION_MILESTONE_WORDS[step], getattr(adoption, step))
            for step in (*AdoptionMilestones.MILESTONES, "reversed_on")
            if getattr(adoption, step)
        ]
        if adoption is not None
        else []
    )
    obligations = (
        list(
            Obligation.objects.filter(child=child, rule__in=CARE_RULES, met_on__isnull=True)
            .filter(cancelled_on__isnull=True)
            .order_by("due_on", "id")
        )
        if now is not None
        else []
    )
    iro = next((a for a in header.allocations if a.kind == Allocation.Kind.REVIEWING_OFFICER), None)
    return CareTab(
        looked_after_now=now,
        periods=periods,
        legal_status=(
            label(LegalStatusCode, now.statuses_newest_first[0].code)
            if now is not None and now.statuses_newest_first
            else ""
        ),
        statuses=statuses,
        placements=items,
        iro=iro,
        reviews=reviews,
        review_count=len(reviews) if everything else reviews_all.count(),
        escalations=escalations,
        health=_latest_by_kind(checks),
        school=EducationRecord.objects.filter(child=child, ended_on__isnull=True).first(),
        latest_pep=(
            PersonalEducationPlan.objects.filter(child=child).order_by("-reviewed_on").first()
        ),
        missing=missing[:MISSING_SHOWN],
        missing_count=(
            MissingEpisode.objects.filter(child=child).count()
            if len(missing) > MISSING_SHOWN
            else len(missing)
        ),
        uasc=UnaccompaniedStatus.objects.filter(child=child).first(),
        adoption=steps,
        due=_due(obligations, today),
    )
