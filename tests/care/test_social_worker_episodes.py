"""Social worker episodes come from social worker allocations, for children looked after at
31 March, with the episode's end left blank while it runs past the year."""

from __future__ import annotations

from datetime import date

import pytest

from sightline.care.models import PeriodOfCare
from sightline.care.social_worker_episodes import social_worker_episodes
from sightline.workforce.models import Allocation, Team
from tests.factories import ChildFactory, TeamFactory, WorkerFactory

pytestmark = pytest.mark.django_db

D = date.fromisoformat
FIRST, LAST = D("2025-04-01"), D("2026-03-31")


def _allocate(child: object, worker: object, kind: str, start: str, end: str | None) -> None:
    Allocation.objects.create(
        child=child,
        worker=worker,
        team=worker.team,  # type: ignore[attr-defined]
        kind=kind,
        started_on=D(start),
        ended_on=D(end) if end else None,
        reason="FCONTA",
    )


def test_episodes_are_the_social_worker_allocations_of_children_looked_after_at_31_march() -> None:
    team = TeamFactory(name="Children in care", kind=Team.Kind.CHILDREN_IN_CARE)
    registered = WorkerFactory(team=team, swe_number="SW123456")
    unregistered = WorkerFactory(team=team, swe_number="")
    looked_after = ChildFactory()
    PeriodOfCare.objects.create(
        child=looked_after, started_on=D("2025-06-01"), category_of_need="N1"
    )
    never = ChildFactory()
    left = ChildFactory()  # looked after in the year, but not at 31 March: not in the table
    PeriodOfCare.objects.create(
        child=left, started_on=D("2025-05-01"), ended_on=D("2026-02-15"), category_of_need="N1"
    )
    _allocate(left, registered, Allocation.Kind.SOCIAL_WORKER, "2025-05-01", "2026-02-22")
    sw = Allocation.Kind.SOCIAL_WORKER
    _allocate(looked_after, registered, sw, "2024-01-10", "2025-02-01")  # before the year
    _allocate(looked_after, registered, sw, "2025-02-01", "2025-09-30")  # into the year
    _allocate(looked_after, unregistered, sw, "2025-09-30", None)  # still open
    _allocate(looked_after, unregistered, Allocation.Kind.PERSONAL_ADVISER, "2025-10-01", None)
    _allocate(never, registered, sw, "2025-05-01", None)  # not looked after: not in the return
    episodes = social_worker_episodes(FIRST, LAST)
    assert [(e.sw_id, e.sw_decom, e.sw_dec, e.sw_reason) for e in episodes] == [
        ("SW123456", D("2025-02-01"), D("2025-09-30"), "FCONTA"),
        ("XX", D("2025-09-30"), None, "FCONTA"),
    ]
    assert {e.child_id for e in episodes} == {looked_after.pk}


def test_an_episode_ending_after_the_year_is_reported_as_continuing() -> None:
    team = TeamFactory(name="Children in care", kind=Team.Kind.CHILDREN_IN_CARE)
    worker = WorkerFactory(team=team, swe_number="SW1")
    child = ChildFactory()
    PeriodOfCare.objects.create(child=child, started_on=D("2024-06-01"), category_of_need="N1")
    _allocate(child, worker, Allocation.Kind.SOCIAL_WORKER, "2025-01-01", "2026-05-01")
    (episode,) = social_worker_episodes(FIRST, LAST)
    assert episode.sw_dec is None
