"""The synthetic authority's teams and workers, scaled to its size."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from faker import Faker

from sightline.workforce.models import Team, Worker

LOCALITIES = ("Gloucester", "Cheltenham", "Stroud and Cotswolds", "Forest and Tewkesbury")


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

    scale = max(1.0, children / 135_000)
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

    R = Worker.Role
    add(by_name["Front door (MASH)"], R.FRONT_DOOR_PRACTITIONER, round(10 * scale))
    add(by_name["Front door (MASH)"], R.TEAM_MANAGER, 1)
    add(by_name["Safeguarding and reviewing"], R.REVIEWING_OFFICER, round(12 * scale))
    add(by_name["Early help"], R.FAMILY_SUPPORT_WORKER, round(12 * scale), social_work=False)
    for place in LOCALITIES:
        add(by_name[f"Assessment team {place}"], R.SOCIAL_WORKER, round(8 * scale))
        add(by_name[f"Assessment team {place}"], R.TEAM_MANAGER, 1)
        add(by_name[f"Family support and safeguarding {place}"], R.SOCIAL_WORKER, round(16 * scale))
        add(by_name[f"Family support and safeguarding {place}"], R.TEAM_MANAGER, 1)
    add(by_name["Children in care team"], R.SOCIAL_WORKER, round(10 * scale))
    add(by_name["Leaving care team"], R.PERSONAL_ADVISER, round(8 * scale), social_work=False)
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
    )
