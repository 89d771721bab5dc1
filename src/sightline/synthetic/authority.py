"""Build a synthetic authority: workforce, then every child's journey, in one transaction."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date

from django.conf import settings
from django.db import transaction
from faker import Faker

from sightline.people.models import Person
from sightline.synthetic.bulk import BulkWriter
from sightline.synthetic.practice import practice
from sightline.synthetic.replay import replay
from sightline.synthetic.simulate import SimConfig, Simulation
from sightline.synthetic.workforce import build_workforce
from sightline.timescales.engine import rebuild
from sightline.workforce.models import Team


class NotEmpty(Exception):
    pass


def build_authority(
    *,
    children: int,
    seed: int,
    as_of: date,
    via_services: bool = False,
    progress: Callable[[str], None] | None = None,
) -> dict[str, int]:
    """Populate an empty database; returns the rows written by model label."""
    say = progress or (lambda _message: None)
    with transaction.atomic():
        if Person.objects.exists() or Team.objects.exists():
            raise NotEmpty("the database already holds people or teams: synth needs an empty one")
        cfg = SimConfig(children=children, seed=seed, as_of=as_of)
        rng = random.Random(seed)
        fake = Faker("en_GB")
        fake.seed_instance(seed + 1)
        staff = build_workforce(children, rng, fake, cfg.start)
        say("workforce built")
        plans = Simulation(cfg, staff, settings.AUTHORITY["la_number"]).run()
        journeys = [[action for _, _, action in plan.actions] for plan in plans]
        say(f"simulated {len(journeys):,} children's journeys")
        # Supervision and management oversight of the last year, after every journey: they
        # name the children the journeys register (decision 0039).
        journeys.append(practice(journeys, as_of, seed))
        if via_services:
            replay(journeys, as_of)
            written: dict[str, int] = {}
        else:
            written = BulkWriter(as_of).write(journeys, say)
        # Obligations are derived by the same engine the services use (decision 0008), as at
        # --as-of: one set-based rebuild, whichever way the records were written.
        written["timescales.Obligation"] = rebuild(today=as_of).obligations
        say(f"{written['timescales.Obligation']:,} obligations from the timescale rules")
        return written
