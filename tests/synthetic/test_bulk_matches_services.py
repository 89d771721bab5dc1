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

CHILDREN, SEED, AS_OF = 1500, 7, date(2026, 11, 23)

# Enough of each kind of record that equality means something.
AT_LEAST = {
    "people.Person": 1000,
    "workforce.Worker": 50,
    "workforce.Allocation": 300,
    "frontdoor.Contact": 600,
    "frontdoor.EarlyHelpEpisode": 50,
    "protection.Referral": 300,
    "protection.Assessment": 250,
    "protection.StrategyDiscussion": 60,
    "protection.Section47Enquiry": 50,
    "protection.ChildProtectionConference": 40,
    "protection.ChildProtectionPlan": 10,
    "protection.ChildInNeedPlan": 100,
    "protection.Visit": 500,
    "chronology.ChronologyEntry": 3000,
    "chronology.CaseNote": 300,
    "care.HealthAssessment": 80,
    "care.EducationRecord": 10,
    "care.PersonalEducationPlan": 50,
    "care.MissingEpisode": 3,
    "leaving_care.PathwayPlan": 3,
    "leaving_care.PathwayPlanReview": 10,
    "leaving_care.InTouch": 5,
    "leaving_care.Activity": 5,
    "leaving_care.Accommodation": 5,
    "leaving_care.HomelessPresentation": 1,
    "leaving_care.NEETBarrier": 1,
    "leaving_care.NEETOffer": 1,
    "care.PreviousPermanence": 20,
    "protection.CoreGroupMeeting": 100,
    "protection.ChildInNeedMeeting": 200,
    "protection.PrivateFosteringArrangement": 2,
    "protection.AllegationToLADO": 3,
    "protection.CareProceedings": 3,
    "care.CarePlan": 30,
    "timescales.Obligation": 3000,
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
