"""Bulk generation writes exactly what the services would have written (CONTRACTS.md "Sizes").

The same small authority is built twice: in bulk, then by replaying every simulated action
through the real services. Every Sightline table must come out the same, row by row, once
primary keys are replaced by ranks (tests/synthetic/snapshot.py).
"""

from __future__ import annotations

import time
from datetime import date

import pytest

from sightline.synthetic.authority import build_authority
from tests.synthetic.snapshot import delete_everything, first_difference, row_counts, snapshot

CHILDREN, SEED, AS_OF = 500, 1, date(2026, 11, 23)

# Enough of each kind of record that equality means something (a third of what 1,500 children
# gave, at least one of each rare kind: the services' replay is most of the suite's slowest test).
AT_LEAST = {
    "people.Person": 333,
    "workforce.Worker": 16,
    "workforce.Allocation": 100,
    "frontdoor.Contact": 200,
    "frontdoor.EarlyHelpEpisode": 16,
    "protection.Referral": 100,
    "protection.Assessment": 83,
    "protection.StrategyDiscussion": 20,
    "protection.Section47Enquiry": 16,
    "protection.ChildProtectionConference": 13,
    "protection.ChildProtectionPlan": 3,
    "protection.ChildInNeedPlan": 33,
    "protection.Visit": 166,
    "chronology.ChronologyEntry": 1000,
    "chronology.CaseNote": 100,
    "care.HealthAssessment": 26,
    "care.EducationRecord": 3,
    "care.PersonalEducationPlan": 16,
    "care.MissingEpisode": 5,
    "leaving_care.PathwayPlan": 1,
    "leaving_care.PathwayPlanReview": 3,
    "leaving_care.InTouch": 1,
    "leaving_care.Activity": 1,
    "leaving_care.Accommodation": 1,
    "leaving_care.HomelessPresentation": 1,
    "leaving_care.NEETBarrier": 1,
    "leaving_care.NEETOffer": 1,
    "care.PreviousPermanence": 6,
    "protection.CoreGroupMeeting": 33,
    "protection.ChildInNeedMeeting": 66,
    "protection.PrivateFosteringArrangement": 1,
    "protection.AllegationToLADO": 1,
    "protection.CareProceedings": 1,
    "care.CarePlan": 10,
    "timescales.Obligation": 1000,
}


@pytest.mark.django_db
def test_bulk_writes_exactly_what_the_services_write() -> None:
    started = time.perf_counter()
    written = build_authority(children=CHILDREN, seed=SEED, as_of=AS_OF)
    bulk = snapshot()
    bulk_seconds = time.perf_counter() - started
    counts = row_counts(bulk)
    misreported = {k: (n, counts[k]) for k, n in written.items() if counts[k] != n}
    assert not misreported, f"rows reported by the bulk writer (said, found): {misreported}"
    too_few = {label: (counts[label], n) for label, n in AT_LEAST.items() if counts[label] < n}
    assert not too_few, f"too few rows to compare (have, want): {too_few}; all: {counts}"

    delete_everything()
    started = time.perf_counter()
    build_authority(children=CHILDREN, seed=SEED, as_of=AS_OF, via_services=True)
    services = snapshot()
    services_seconds = time.perf_counter() - started

    difference = first_difference(bulk, services)
    assert difference is None, f"bulk (first) and services (second) differ: {difference}"
    print(
        f"bulk {bulk_seconds:.1f} s, services {services_seconds:.1f} s; "
        f"{sum(counts.values()):,} rows: {counts}"
    )
