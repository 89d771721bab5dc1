"""factory_boy factories for the foundation's models.

Factories write rows directly (no services, no domain events): use them for the people and
staff a test needs around it, and the services for the journey the test is about.
Identifiers are valid: NHS numbers in the 999 range the NHS reserves for testing, UPNs for
LA 916 (the authority the demo and the tests use).
"""

from __future__ import annotations

from datetime import date

import factory
from factory.django import DjangoModelFactory

from sightline.core.codes import Ethnicity, Sex
from sightline.people.identifiers import make_upn, nhs_number_check_digit
from sightline.people.models import Person
from sightline.workforce.models import Team, Worker

_NHS_TEST_RANGE_START = 999_000_000


_nhs_numbers: list[str] = []


def nhs_number(n: int) -> str:
    """The n-th (from 0) valid NHS number in the 999 test range; distinct for each n."""
    while len(_nhs_numbers) <= n:
        first_nine = int(_nhs_numbers[-1][:9]) + 1 if _nhs_numbers else _NHS_TEST_RANGE_START
        # Skip the nine digits no valid number can end (their check would be 10).
        while (check := nhs_number_check_digit(f"{first_nine:09d}")) is None:
            first_nine += 1
        _nhs_numbers.append(f"{first_nine:09d}{check}")
    return _nhs_numbers[n]


def upn(n: int) -> str:
    """A valid permanent UPN for LA 916, distinct for each n below ten million."""
    return make_upn("916", f"{n // 1000 % 10000:04d}", "24", f"{n % 1000:03d}")


class TeamFactory(DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Safeguarding team {n}")
    kind = Team.Kind.SAFEGUARDING


class WorkerFactory(DjangoModelFactory):
    class Meta:
        model = Worker

    given_name = factory.Faker("first_name", locale="en_GB")
    family_name = factory.Faker("last_name", locale="en_GB")
    role = Worker.Role.SOCIAL_WORKER
    team = factory.SubFactory(TeamFactory)
    swe_number = factory.Sequence(lambda n: f"SW{100000 + n}")
    started_on = date(2018, 9, 3)


class ChildFactory(DjangoModelFactory):
    """A born child with an LA child ID outside Sightline's own C-series."""

    class Meta:
        model = Person

    kind = Person.Kind.CHILD
    la_child_id = factory.Sequence(lambda n: f"F{n:09d}")
    given_name = factory.Faker("first_name", locale="en_GB")
    family_name = factory.Faker("last_name", locale="en_GB")
    birth_date = date(2017, 6, 14)
    sex = Sex.FEMALE
    ethnicity = Ethnicity.WBRI
    nhs_number = factory.Sequence(nhs_number)
    upn = factory.Sequence(upn)


class AdultFactory(DjangoModelFactory):
    class Meta:
        model = Person

    kind = Person.Kind.ADULT
    la_child_id = None
    given_name = factory.Faker("first_name", locale="en_GB")
    family_name = factory.Faker("last_name", locale="en_GB")
    birth_date = date(1990, 2, 1)
    sex = Sex.FEMALE
    ethnicity = Ethnicity.NOBT
