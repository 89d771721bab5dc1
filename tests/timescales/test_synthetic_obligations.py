"""The obligations of a synthetic authority are real work (issue 13): nothing overdue that
the simulated practice did, and the records the timescales ask for simulated for every child
they ask them of."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from django.conf import settings
from faker import Faker

from sightline.leaving_care.eligibility import birthday
from sightline.synthetic.simulate import SimConfig, Simulation
from sightline.synthetic.workforce import build_workforce
from sightline.timescales.models import Obligation
from sightline.timescales.queries import due_list
from tests.synthetic.conftest import authority_for_module

CHILDREN, SEED, AS_OF = 6000, 11, date(2026, 11, 23)
THIRTEEN_WEEKS = timedelta(weeks=13)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def authority(django_db_setup: None, django_db_blocker: Any) -> Iterator[dict[str, int]]:
    with authority_for_module(django_db_blocker, children=CHILDREN, seed=SEED, as_of=AS_OF) as c:
        yield c


def test_the_demo_authority_simulates_although_care_started_after_as_of_runs_past_2035() -> None:
    # The demo people try (synth --children 20000 --seed 31 --as-of 2026-12-06) simulated a
    # care journey starting in 2027 with placement moves to 2037, past the working-day
    # calendar, and stopped with a traceback; what lies after --as-of is dropped anyway.
    cfg = SimConfig(children=20000, seed=31, as_of=date(2026, 12, 6))
    rng = random.Random(cfg.seed)
    fake = Faker("en_GB")
    fake.seed_instance(cfg.seed + 1)
    staff = build_workforce(cfg.children, rng, fake, cfg.start)
    plans = Simulation(cfg, staff, settings.AUTHORITY["la_number"]).run()
    assert all(day <= cfg.as_of for plan in plans for day, _, _ in plan.actions)


def test_pep_reviews_are_simulated_for_every_age_the_timescale_asks_them_of(
    authority: dict[str, int],
) -> None:
    # PEP reviews are due each term from 3 to 17 (catalogue); the simulated practice holds
    # most of them at every age, not only in the school years (reception to year 11). Three
    # years, so that a 6,000-child authority has enough 3- and 4-year-olds in care to judge.
    rows = Obligation.objects.filter(
        rule="PEP_REVIEW", due_on__range=(AS_OF - timedelta(days=1095), AS_OF)
    ).values_list("child__birth_date", "due_on", "met_on")
    bands: dict[str, list[bool]] = {"3-4": [], "5-15": [], "16-17": []}
    for born, due_on, met_on in rows:
        band = (
            "3-4"
            if due_on < birthday(born, 5)
            else "16-17"
            if due_on >= birthday(born, 16)
            else "5-15"
        )
        bands[band].append(met_on is not None)
    for band, met in bands.items():
        assert len(met) >= 15, f"too few PEP reviews due at {band} to judge"
        assert sum(met) / len(met) >= 0.8, f"ages {band}: {sum(met)} of {len(met)} held"


def test_little_is_overdue_by_more_than_13_weeks_and_nothing_kept_from_before_the_history(
    authority: dict[str, int],
) -> None:
    # Only what the simulated practice really left undone (a placement plan never recorded,
    # a review health assessment skipped, two PEP terms missed running) stays overdue long.
    open_now = due_list(AS_OF, today=True)
    overdue = open_now.filter(due_on__lt=AS_OF)
    long_overdue = overdue.filter(due_on__lt=AS_OF - THIRTEEN_WEEKS)
    assert open_now.count() > 300
    assert long_overdue.count() <= 0.02 * open_now.count()
    # From before the history starts, only a placement plan never recorded for a placement
    # that is still going (as 2% of them are) can still be open.
    history_from = SimConfig(children=CHILDREN, seed=SEED, as_of=AS_OF).start
    older = overdue.filter(due_on__lt=history_from)
    assert set(older.values_list("rule", flat=True)) <= {"PLACEMENT_PLAN"}
