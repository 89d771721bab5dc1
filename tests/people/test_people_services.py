"""Registering children and recording deaths: the rules on a child's identifying details."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from sightline.access.models import AuditEvent
from sightline.chronology.models import ChronologyEntry
from sightline.core.codes import Disability, Sex, UPNUnknown
from sightline.people.models import Person, PersonDisability
from sightline.people.services import record_death, register_child
from sightline.protection.services import open_referral
from sightline.timescales.models import Obligation

pytestmark = pytest.mark.django_db


def register(today: date, **details: Any) -> Person:
    details.setdefault("given_name", "Leo")
    details.setdefault("family_name", "Baker")
    if "expected_birth_date" not in details:
        details.setdefault("birth_date", date(2018, 1, 30))
    return register_child(today=today, **details)


def test_registering_a_child_assigns_the_next_la_child_id_and_records_it(today: date) -> None:
    first = register(
        today,
        sex=Sex.MALE,
        nhs_number="999 000 0018",
        upn="b801200005001",
        disabilities=[Disability.AUT, Disability.COMM, Disability.AUT],
    )
    second = register(today, given_name="Mia")

    assert (first.la_child_id, second.la_child_id) == ("C000000001", "C000000002")
    first.refresh_from_db()
    assert first.kind == Person.Kind.CHILD
    assert first.nhs_number == "9990000018"  # stored without spaces
    assert first.upn == "B801200005001"  # stored in capitals
    assert sorted(first.disabilities.values_list("code", flat=True)) == ["AUT", "COMM"]
    entry = ChronologyEntry.objects.get(child=first)
    assert (entry.event, entry.occurred_on, entry.record_id) == (
        "PersonRegistered",
        today,
        first.pk,
    )


def test_a_given_la_child_id_is_kept_and_does_not_move_the_series(today: date) -> None:
    assert register(today, la_child_id="GLOS123").la_child_id == "GLOS123"
    assert register(today).la_child_id == "C000000001"


def test_a_duplicate_la_child_id_is_refused(today: date, refused) -> None:
    register(today, la_child_id="GLOS123")
    with refused("Person", "la_child_id"):
        register(today, la_child_id="GLOS123")


def test_both_a_birth_date_and_an_expected_birth_date_is_refused(today: date, refused) -> None:
    with refused("Person", "birth_date"):
        register(today, birth_date=date(2026, 1, 5), expected_birth_date=date(2026, 1, 9))


def test_neither_a_birth_date_nor_an_expected_birth_date_is_refused(today: date, refused) -> None:
    with refused("Person", "birth_date"):
        register_child(given_name="Leo", family_name="Baker", today=today)


def test_a_birth_date_in_the_future_is_refused(today: date, refused) -> None:
    with refused("Person", "birth_date"):
        register(today, birth_date=today + timedelta(days=1))


def test_an_unborn_child_may_have_an_expected_birth_date_in_the_future(today: date) -> None:
    unborn = register(today, given_name="Baby", expected_birth_date=today + timedelta(days=70))
    assert unborn.is_unborn
    assert unborn.sex == Sex.UNKNOWN
    assert unborn.age_on(today) is None


def test_an_unborn_child_recorded_as_male_is_refused(today: date, refused) -> None:
    with refused("Person", "sex"):
        register(today, expected_birth_date=today + timedelta(days=70), sex=Sex.MALE)


@pytest.mark.parametrize(
    ("details", "field"),
    [
        ({"nhs_number": "9990000019"}, "nhs_number"),
        ({"nhs_number": "999000001"}, "nhs_number"),
        ({"upn": "A801200005001"}, "upn"),
        ({"upn": "B8012000050"}, "upn"),
        ({"former_upn": "A801200005001"}, "former_upn"),
    ],
)
def test_an_invalid_identifier_is_refused_naming_its_field(
    today: date, refused, details: dict[str, str], field: str
) -> None:
    with refused("Person", field):
        register(today, **details)


def test_a_upn_and_a_reason_it_is_unknown_together_are_refused(today: date, refused) -> None:
    with refused("Person", "upn_unknown"):
        register(today, upn="B801200005001", upn_unknown=UPNUnknown.UN1)


def test_a_reason_the_upn_is_unknown_is_enough_without_a_upn(today: date) -> None:
    assert register(today, upn_unknown=UPNUnknown.UN2).upn_unknown == "UN2"


def test_no_disability_recorded_with_a_disability_is_refused(today: date, refused) -> None:
    with refused("Person", "disabilities"):
        register(today, disabilities=[Disability.NONE, Disability.HEAR])


def test_no_disability_on_its_own_is_recorded(today: date) -> None:
    child = register(today, disabilities=[Disability.NONE])
    assert list(PersonDisability.objects.filter(person=child).values_list("code", flat=True)) == [
        "NONE"
    ]


def test_recording_a_death_before_the_birth_is_refused(child: Person, today: date, refused) -> None:
    assert child.birth_date is not None
    with refused("Person", "death_date"):
        record_death(person=child, death_date=child.birth_date - timedelta(days=1), today=today)


def test_recording_a_death_in_the_future_is_refused(child: Person, today: date, refused) -> None:
    with refused("Person", "death_date"):
        record_death(person=child, death_date=today + timedelta(days=1), today=today)


def test_recording_a_death_sets_the_death_date(child: Person, today: date) -> None:
    record_death(person=child, death_date=date(2026, 10, 2), today=today)
    child.refresh_from_db()
    assert child.death_date == date(2026, 10, 2)


def test_recording_a_death_is_in_the_chronology_and_cancels_open_obligations_at_once(
    child: Person, today: date
) -> None:
    """The death's event reaches every subscriber in the same transaction: no stale
    obligations until the nightly rebuild."""
    open_referral(child=child, referral_date=date(2026, 9, 1), source="1A", today=today)
    open_before = Obligation.objects.filter(child=child, cancelled_on__isnull=True, met_on=None)
    assert open_before.exists()
    record_death(person=child, death_date=date(2026, 10, 2), today=today)
    entry = ChronologyEntry.objects.get(child=child, event="PersonDied")
    assert (entry.occurred_on, entry.record_id) == (date(2026, 10, 2), child.pk)
    assert AuditEvent.objects.filter(child_id=child.pk, what__startswith="PersonDied").exists()
    still_open = Obligation.objects.filter(child=child, cancelled_on__isnull=True, met_on=None)
    assert not still_open.exists(), list(still_open.values_list("rule", "due_on"))
