"""Reads for leaving care: a child's eligibility from their periods of care, every care leaver
on a day, the homeless 16/17-year-olds in unsuitable accommodation, and NEET offer traction.

Short breaks: a period of care whose every legal status is V3 or V4 (an agreed series of short
breaks) does not count towards eligibility (eligibility.py); a period with any other legal
status counts whole.
"""

from __future__ import annotations

import functools
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery

from sightline.care.codes import SHORT_BREAKS
from sightline.care.models import LegalStatus, PeriodOfCare
from sightline.leaving_care.codes import NEET, STARTED, NEETOfferKind, NEETOfferOutcome
from sightline.leaving_care.eligibility import CarePeriod, Eligibility, eligibility
from sightline.leaving_care.models import (
    Accommodation,
    Activity,
    HomelessPresentation,
    NEETBarrier,
    NEETOffer,
)
from sightline.people.models import Person
from sightline.protection.models import Visit
from sightline.workforce.models import Allocation, current_on

CARE_LEAVER_CATEGORIES = frozenset(
    {Eligibility.ELIGIBLE, Eligibility.RELEVANT, Eligibility.FORMER_RELEVANT}
)


def counted_periods(on: date) -> QuerySet[PeriodOfCare]:
    """Periods of care begun by ``on`` that count: not short breaks only."""
    counts = LegalStatus.objects.filter(period=OuterRef("pk")).exclude(code__in=SHORT_BREAKS)
    return PeriodOfCare.objects.filter(Exists(counts), started_on__lte=on)


def eligibility_for(child: Person, on: date) -> Eligibility | None:
    """The child's care leaver category on ``on`` (None: not a care leaver). One query."""
    if child.birth_date is None:
        return None
    periods = [
        CarePeriod(start, end)
        for start, end in counted_periods(on)
        .filter(child=child)
        .values_list("started_on", "ended_on")
    ]
    return eligibility(child.birth_date, periods, on)


@dataclass(frozen=True)
class CareLeaver:
    child: Person
    category: Eligibility


def care_leavers(on: date) -> list[CareLeaver]:
    """Every child with a care leaver category on ``on``, by family name.

    One query: the counted periods of every child of a possible age (15 to 26, widened so that
    eligibility() alone decides the exact birthdays), with the child joined, ordered by child;
    grouped by child in Python, and each group passed to eligibility().
    """
    rows = (
        counted_periods(on)
        .filter(
            child__birth_date__lte=on - timedelta(days=365 * 15),
            child__birth_date__gt=on - timedelta(days=366 * 26),
        )
        .select_related("child")
        .order_by("child_id", "started_on")
    )
    by_child: dict[int, tuple[Person, list[CarePeriod]]] = {}
    for row in rows:
        by_child.setdefault(row.child_id, (row.child, []))[1].append(
            CarePeriod(row.started_on, row.ended_on)
        )
    found = []
    for child, periods in by_child.values():
        assert child.birth_date is not None
        category = eligibility(child.birth_date, periods, on)
        if category is not None:
            found.append(CareLeaver(child, category))
    return sorted(found, key=lambda c: (c.child.family_name, c.child.given_name, c.child.pk))


def homeless_in_unsuitable_accommodation() -> QuerySet[HomelessPresentation]:
    """Homeless 16/17-year-olds placed in bed and breakfast (never suitable for under-18s)."""
    return HomelessPresentation.objects.filter(is_bed_and_breakfast=True).select_related("child")


@dataclass(frozen=True)
class OfferTraction:
    kind: str
    label: str
    offered: int
    by_outcome: dict[str, int]
    taken_up: int  # started: taken up, completed or dropped out

    @property
    def percent_taken_up(self) -> float | None:
        return None if self.offered == 0 else round(100 * self.taken_up / self.offered, 1)


def neet_offer_traction(since: date) -> list[OfferTraction]:
    """Per offer kind, offers made on or after ``since``: counts by outcome and the percentage
    the young people took up (taken up, completed or dropped out, over all offers made). One
    aggregate query; every kind is listed, with zeros where none was offered."""
    outcomes = NEETOfferOutcome.values
    counts = {
        row["kind"]: row
        for row in NEETOffer.objects.filter(offered_on__gte=since)
        .values("kind")
        .annotate(
            offered=Count("pk"),
            **{f"n_{o}": Count("pk", filter=Q(outcome=o)) for o in outcomes},
        )
        .order_by("kind")
    }
    table = []
    for kind in NEETOfferKind:
        row = counts.get(kind.value, {})
        by_outcome = {o: row.get(f"n_{o}", 0) for o in outcomes}
        table.append(
            OfferTraction(
                kind=kind.value,
                label=kind.label,
                offered=row.get("offered", 0),
                by_outcome=by_outcome,
                taken_up=sum(by_outcome[o] for o in STARTED),
            )
        )
    return table


# --- A personal adviser's caseload (decision 0029) -----------------------------------------


@dataclass
class YoungPerson:
    """A young person allocated to a personal adviser, with what the adviser's home shows."""

    allocation: Allocation
    category: Eligibility | None
    last_seen: date | None  # the last contact at which the young person was seen
    activity: str  # the latest OC3 activity code ("" none)
    activity_from: date | None
    accommodation: str  # the latest OC3 accommodation code ("" none)
    accommodation_suitable: bool | None
    offers: list[NEETOffer]  # while NEET: the offers made since the activity started
    barriers: list[NEETBarrier]  # while NEET: the barriers recorded since then

    @property
    def child(self) -> Person:
        return self.allocation.child

    @property
    def neet(self) -> bool:
        return self.activity in NEET


def _latest(model: type[Any], field: str, order: str) -> Subquery:
    return Subquery(
        model.objects.filter(child=OuterRef("child_id"))
        .order_by(f"-{order}", "-pk")
        .values(field)[:1]
    )


@functools.cache
def _young_people() -> QuerySet[Any]:
    """Allocations with the child, the worker and the latest contact, activity and
    accommodation as subqueries: built and resolved once per process (each read clones it and
    adds its own filters; never evaluated itself)."""
    return Allocation.objects.select_related("child", "worker").annotate(
        last_seen=Subquery(
            Visit.objects.filter(
                child=OuterRef("child_id"),
                purpose=Visit.Purpose.PERSONAL_ADVISER,
                child_seen=True,
                struck_out=False,
            )
            .order_by("-visited_on")
            .values("visited_on")[:1]
        ),
        activity_code=_latest(Activity, "code", "from_date"),
        activity_from=_latest(Activity, "from_date", "from_date"),
        accommodation_code=_latest(Accommodation, "code", "from_date"),
        accommodation_suitable=_latest(Accommodation, "suitable", "from_date"),
    )


def caseload(
    worker_ids: Collection[int], children: QuerySet[Person], today: date
) -> list[YoungPerson]:
    """The young people allocated today to these personal advisers (``children``: those the
    reader may see), by family name. A fixed number of queries however many: the allocations
    with the latest contact, activity and accommodation as subqueries, the periods of care of
    them all (for their category), and the offers and barriers of those NEET."""
    allocations = list(
        _young_people()
        .filter(
            current_on(today),
            kind=Allocation.Kind.PERSONAL_ADVISER,
            worker_id__in=list(worker_ids),
            child__in=children,
        )
        .order_by("child__family_name", "child__given_name", "child_id")
    )
    ids = [a.child_id for a in allocations]
    periods: dict[int, list[CarePeriod]] = {}
    for child_id, start, end in (
        counted_periods(today)
        .filter(child_id__in=ids)
        .values_list("child_id", "started_on", "ended_on")
    ):
        periods.setdefault(child_id, []).append(CarePeriod(start, end))
    neet_since = {a.child_id: a.activity_from for a in allocations if a.activity_code in NEET}
    offers: dict[int, list[NEETOffer]] = {}
    barriers: dict[int, list[NEETBarrier]] = {}
    if neet_since:
        for offer in NEETOffer.objects.filter(child_id__in=list(neet_since)).order_by(
            "-offered_on", "-pk"
        ):
            if offer.offered_on >= neet_since[offer.child_id]:
                offers.setdefault(offer.child_id, []).append(offer)
        for barrier in NEETBarrier.objects.filter(child_id__in=list(neet_since)).order_by(
            "-recorded_on", "-pk"
        ):
            if barrier.recorded_on >= neet_since[barrier.child_id]:
                barriers.setdefault(barrier.child_id, []).append(barrier)
    found = []
    for a in allocations:
        birth = a.child.birth_date
        found.append(
            YoungPerson(
                allocation=a,
                category=eligibility(birth, periods.get(a.child_id, []), today) if birth else None,
                last_seen=a.last_seen,
                activity=a.activity_code or "",
                activity_from=a.activity_from,
                accommodation=a.accommodation_code or "",
                accommodation_suitable=a.accommodation_suitable,
                offers=offers.get(a.child_id, []),
                barriers=barriers.get(a.child_id, []),
            )
        )
    return found
