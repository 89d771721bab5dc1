"""The synthetic authority's teams and workers, scaled to its size."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from faker import Faker

from sightline.workforce.models import Team, Worker

LOCALITIES = ("Gloucester", "Cheltenham", "Stroud and Cotswolds", "Forest and Tewkesbury")
# Workers per 10,000 children (each locality's teams: per locality), so that each carries
# about the caseload of its kind at as_of: a social worker about 15 children (England 2025:
# 15.2 per case-holding FTE, shared/reference/benchmarks), an IRO or child protection chair
# about 55 (the IRO handbook: 50 to 70), a personal adviser about 20, a family support worker
# about 12 families. bench/results/synth_build.md records what they come to.
PER_10K = {
    "front_door": 0.75,
    "reviewing": 2.0,
    "early_help": 6.0,
    "assessment": 1.65,
    "safeguarding": 4.2,
    "family_support": 2.4,
    "children_in_care": 2.9,
    "leaving_care": 1.55,
}
MINIMUM_TEAM = 3


@dataclass
class Staff:
    """Worker ids by purpose, for the simulation to allocate from."""

    front_door: list[int]
    assessment: dict[str, list[int]]  # by locality
    safeguarding: dict[str, list[int]]
    reviewing: list[int]
    early_help: list[int]
    managers: list[int]
    team_of: dict[int, int]
    children_in_care: list[int] = field(default_factory=list)
    personal_advisers: list[int] = field(default_factory=list)
    family_support: dict[str, list[int]] = field(default_factory=dict)  # by locality


def build_workforce(children: int, rng: random.Random, fake: Faker, started_on: date) -> Staff:
    """Create teams (a hierarchy under two services) and enough workers for the caseloads."""
    Team.objects.bulk_create(
        [
            Team(name="Help and protection service", kind=Team.Kind.SERVICE),
            Team(name="Children in care service", kind=Team.Kind.SERVICE),
        ]
    )
    services = {t.name: t for t in Team.objects.filter(kind=Team.Kind.SERVICE)}
    hp = services["Help and protection service"]
    cic = services["Children in care service"]
    teams = [Team(name="Front door (MASH)", kind=Team.Kind.FRONT_DOOR, parent=hp)]
    teams.append(Team(name="Safeguarding and reviewing", kind=Team.Kind.REVIEWING, parent=hp))
    teams.append(Team(name="Early help", kind=Team.Kind.EARLY_HELP, parent=hp))
    for place in LOCALITIES:
        teams.append(Team(name=f"Assessment team {place}", kind=Team.Kind.ASSESSMENT, parent=hp))
        teams.append(
            Team(
                name=f"Family support and safeguarding {place}",
                kind=Team.Kind.SAFEGUARDING,
                parent=hp,
            )
        )
    teams.append(Team(name="Children in care team", kind=Team.Kind.CHILDREN_IN_CARE, parent=cic))
    teams.append(Team(name="Leaving care team", kind=Team.Kind.LEAVING_CARE, parent=cic))
    teams.append(
        Team(name="Disabled children's team", kind=Team.Kind.DISABLED_CHILDREN, parent=cic)
    )
    Team.objects.bulk_create(teams)
    by_name = {t.name: t for t in Team.objects.all()}

    workers: list[Worker] = []
    swe = iter(range(100_000 + rng.randrange(800_000), 10_000_000))

    def add(team: Team, role: str, count: int, social_work: bool = True) -> None:
        for _ in range(count):
            female = rng.random() < 0.8
            workers.append(
                Worker(
                    given_name=fake.first_name_female() if female else fake.first_name_male(),
                    family_name=fake.last_name(),
                    role=role,
                    team=team,
                    swe_number=f"SW{next(swe)}" if social_work else "",
                    is_agency=rng.random() < 0.15,
                    started_on=started_on,
                )
            )

    def staffed(team: str) -> int:
        return max(MINIMUM_TEAM, round(children * PER_10K[team] / 10_000))

    R = Worker.Role
    add(by_name["Front door (MASH)"], R.FRONT_DOOR_PRACTITIONER, staffed("front_door"))
    add(by_name["Front door (MASH)"], R.TEAM_MANAGER, 1)
    add(by_name["Safeguarding and reviewing"], R.REVIEWING_OFFICER, staffed("reviewing"))
    add(by_name["Safeguarding and reviewing"], R.TEAM_MANAGER, 1)
    add(by_name["Early help"], R.FAMILY_SUPPORT_WORKER, staffed("early_help"), social_work=False)
    add(by_name["Early help"], R.TEAM_MANAGER, 1)
    for place in LOCALITIES:
        assessment = by_name[f"Assessment team {place}"]
        add(assessment, R.SOCIAL_WORKER, staffed("assessment"))
        add(assessment, R.TEAM_MANAGER, 1)
        safeguarding = by_name[f"Family support and safeguarding {place}"]
        add(safeguarding, R.SOCIAL_WORKER, staffed("safeguarding"))
        add(safeguarding, R.FAMILY_SUPPORT_WORKER, staffed("family_support"), social_work=False)
        add(safeguarding, R.TEAM_MANAGER, 1)
    add(by_name["Children in care team"], R.SOCIAL_WORKER, staffed("children_in_care"))
    add(by_name["Children in care team"], R.TEAM_MANAGER, 1)
    add(
        by_name["Leaving care team"],
        R.PERSONAL_ADVISER,
        staffed("leaving_care"),
        social_work=False,
    )
    add(by_name["Leaving care team"], R.TEAM_MANAGER, 1)
    add(hp, R.SERVICE_MANAGER, 1)
    add(cic, R.SERVICE_MANAGER, 1)
    add(hp, R.SENIOR_LEADER, 1)
    add(hp, R.PERFORMANCE_ANALYST, 1, social_work=False)
    Worker.objects.bulk_create(workers)

    rows = list(Worker.objects.values_list("pk", "role", "team__name", "team_id").order_by("pk"))

    def ids(team: str, role: str) -> list[int]:
        return [pk for pk, r, t, _ in rows if t == team and r == role]

    return Staff(
        front_door=ids("Front door (MASH)", R.FRONT_DOOR_PRACTITIONER),
        assessment={p: ids(f"Assessment team {p}", R.SOCIAL_WORKER) for p in LOCALITIES},
        safeguarding={
            p: ids(f"Family support and safeguarding {p}", R.SOCIAL_WORKER) for p in LOCALITIES
        },
        reviewing=ids("Safeguarding and reviewing", R.REVIEWING_OFFICER),
        early_help=ids("Early help", R.FAMILY_SUPPORT_WORKER),
        managers=[pk for pk, r, _, _ in rows if r == R.TEAM_MANAGER],
        team_of={pk: team_id for pk, _, _, team_id in rows},
        children_in_care=ids("Children in care team", R.SOCIAL_WORKER),
        personal_advisers=ids("Leaving care team", R.PERSONAL_ADVISER),
        family_support={
            p: ids(f"Family support and safeguarding {p}", R.FAMILY_SUPPORT_WORKER)
            for p in LOCALITIES
        },
    )
