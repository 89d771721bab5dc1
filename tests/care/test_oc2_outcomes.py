"""The OC2 outcomes Sightline records for a looked-after child: convictions (from the age of
criminal responsibility, while looked after) and substance misuse with the interventions offered
and received. Each service writes its record and a chronology entry; a refused change names the
record and field and writes nothing."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import date
from typing import Any

import pytest

from sightline.care import services
from sightline.care import services_in_care as in_care
from sightline.care.models import Conviction, PeriodOfCare, SubstanceMisuse
from sightline.care.services import PlacementDetails
from sightline.chronology.models import ChronologyEntry
from sightline.core.codes import Ethnicity, Sex
from sightline.people.models import Person
from sightline.people.services import register_adult, register_child

TODAY = date(2026, 11, 23)
FOSTER = PlacementDetails(place="U6", provider="PR1", carer="Smith household", postcode="GL1 1UT")
BORN = date(2014, 6, 15)  # 10 on 15 June 2024
TENTH = date(2024, 6, 15)

Refused = Callable[[str, str], AbstractContextManager[pytest.ExceptionInfo[Any]]]


def teenager(born: date = BORN, family_name: str = "Hughes") -> Person:
    return register_child(
        given_name="Kai",
        family_name=family_name,
        sex=Sex.MALE,
        ethnicity=Ethnicity.WBRI,
        birth_date=born,
        today=TODAY,
    )


def looked_after(child: Person, started_on: date, ended_on: date | None = None) -> PeriodOfCare:
    period = services.start_care(
        child=child,
        started_on=started_on,
        legal_status="C2",
        placement=FOSTER,
        category_of_need="N1",
        home_postcode="GL4 6TS",
        today=TODAY,
    )
    if ended_on is not None:
        services.end_care(period=period, ended_on=ended_on, reason_ceased="E8", today=TODAY)
    return period


@pytest.fixture
def kai(db: None) -> Person:
    return teenager()


@pytest.fixture
def period(kai: Person) -> PeriodOfCare:
    """Looked after from age 9, still looked after."""
    return looked_after(kai, date(2024, 1, 10))


def logged(child: Person, event: str) -> list[str]:
    return list(
        ChronologyEntry.objects.filter(child=child, event=event).values_list("summary", flat=True)
    )


# --- Convictions ------------------------------------------------------------------------------


def test_a_conviction_while_looked_after_is_recorded_against_the_period(
    kai: Person, period: PeriodOfCare
) -> None:
    conviction = in_care.record_conviction(
        child=kai, convicted_on=date(2025, 9, 3), offence="  Criminal damage ", today=TODAY
    )
    assert (conviction.child_id, conviction.period_id, conviction.offence) == (
        kai.pk,
        period.pk,
        "Criminal damage",
    )
    assert logged(kai, "ConvictionRecorded") == ["Convicted: Criminal damage"]
    entry = ChronologyEntry.objects.get(child=kai, event="ConvictionRecorded")
    assert (entry.occurred_on, entry.record_type, entry.record_id) == (
        date(2025, 9, 3),
        "care.Conviction",
        conviction.pk,
    )


def test_a_conviction_without_an_offence_described_and_on_the_tenth_birthday(
    kai: Person, period: PeriodOfCare
) -> None:
    in_care.record_conviction(child=kai, convicted_on=TENTH, today=TODAY)
    assert logged(kai, "ConvictionRecorded") == ["Convicted of an offence"]


def test_a_conviction_on_the_last_day_of_care_counts_and_one_after_it_is_refused(
    refused: Refused,
) -> None:
    child = teenager()
    looked_after(child, date(2025, 1, 6), date(2025, 8, 1))
    in_care.record_conviction(child=child, convicted_on=date(2025, 8, 1), today=TODAY)
    with refused("Conviction", "convicted_on") as info:
        in_care.record_conviction(child=child, convicted_on=date(2025, 8, 2), today=TODAY)
    assert "not looked after on 2 August 2025" in str(info.value)


def test_a_conviction_in_a_later_period_of_care_belongs_to_that_period(db: None) -> None:
    child = teenager()
    looked_after(child, date(2024, 7, 1), date(2024, 12, 1))
    later = looked_after(child, date(2025, 3, 1))
    conviction = in_care.record_conviction(child=child, convicted_on=date(2025, 4, 2), today=TODAY)
    assert conviction.period_id == later.pk


def test_a_conviction_under_the_age_of_criminal_responsibility_is_refused(
    kai: Person, period: PeriodOfCare, refused: Refused
) -> None:
    with refused("Conviction", "convicted_on") as info:
        in_care.record_conviction(child=kai, convicted_on=date(2024, 6, 14), today=TODAY)
    assert "age of criminal responsibility, until 15 June 2024" in str(info.value)


def test_a_child_born_on_29_february_is_10_on_1_march(refused: Refused) -> None:
    child = teenager(born=date(2012, 2, 29))
    looked_after(child, date(2022, 1, 4))
    with refused("Conviction", "convicted_on"):
        in_care.record_conviction(child=child, convicted_on=date(2022, 2, 28), today=TODAY)
    in_care.record_conviction(child=child, convicted_on=date(2022, 3, 1), today=TODAY)


def test_a_future_conviction_is_refused(
    kai: Person, period: PeriodOfCare, refused: Refused
) -> None:
    with refused("Conviction", "convicted_on"):
        in_care.record_conviction(child=kai, convicted_on=date(2026, 11, 24), today=TODAY)


def test_a_conviction_before_care_or_never_looked_after_is_refused(
    kai: Person, period: PeriodOfCare, refused: Refused
) -> None:
    older = teenager(born=date(2010, 1, 1), family_name="Price")
    with refused("Conviction", "convicted_on"):
        in_care.record_conviction(child=older, convicted_on=date(2025, 1, 8), today=TODAY)
    looked_after(older, date(2025, 2, 1))
    with refused("Conviction", "convicted_on"):
        in_care.record_conviction(child=older, convicted_on=date(2025, 1, 31), today=TODAY)


def test_a_conviction_for_a_child_without_a_date_of_birth_is_refused(refused: Refused) -> None:
    unborn = register_child(
        given_name="Sam", family_name="Lee", expected_birth_date=date(2027, 2, 1), today=TODAY
    )
    with refused("Conviction", "child"):
        in_care.record_conviction(child=unborn, convicted_on=date(2025, 1, 8), today=TODAY)


def test_a_conviction_for_an_adult_is_refused(refused: Refused) -> None:
    adult = register_adult(
        given_name="Dee",
        family_name="Hughes",
        birth_date=date(1990, 1, 1),
        today=TODAY,
    )
    with refused("Conviction", "child"):
        in_care.record_conviction(child=adult, convicted_on=date(2025, 1, 8), today=TODAY)


# --- Substance misuse -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("offered", "received", "summary"),
    [
        (True, True, "an intervention offered and received"),
        (True, False, "an intervention offered, not received"),
        (False, False, "no intervention offered"),
    ],
)
def test_substance_misuse_is_recorded_with_the_interventions(
    kai: Person, period: PeriodOfCare, offered: bool, received: bool, summary: str
) -> None:
    record = in_care.record_substance_misuse(
        child=kai,
        identified_on=date(2025, 10, 1),
        intervention_offered=offered,
        intervention_received=received,
        today=TODAY,
    )
    assert (record.child_id, record.intervention_offered, record.intervention_received) == (
        kai.pk,
        offered,
        received,
    )
    assert logged(kai, "SubstanceMisuseRecorded") == [
        f"Substance misuse problem identified; {summary}"
    ]


def test_an_intervention_received_but_not_offered_is_refused(kai: Person, refused: Refused) -> None:
    with refused("Substance misuse", "intervention_received"):
        in_care.record_substance_misuse(
            child=kai,
            identified_on=date(2025, 10, 1),
            intervention_offered=False,
            intervention_received=True,
            today=TODAY,
        )


def test_the_database_refuses_an_intervention_received_but_not_offered(kai: Person) -> None:
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        SubstanceMisuse.objects.create(
            child=kai,
            identified_on=date(2025, 10, 1),
            intervention_offered=False,
            intervention_received=True,
        )


def test_substance_misuse_in_the_future_or_before_birth_is_refused(
    kai: Person, refused: Refused
) -> None:
    for day in (date(2026, 11, 24), date(2014, 6, 14)):
        with refused("Substance misuse", "identified_on"):
            in_care.record_substance_misuse(
                child=kai,
                identified_on=day,
                intervention_offered=True,
                intervention_received=False,
                today=TODAY,
            )


def test_substance_misuse_twice_the_same_day_is_refused(kai: Person, refused: Refused) -> None:
    in_care.record_substance_misuse(
        child=kai,
        identified_on=date(2025, 10, 1),
        intervention_offered=True,
        intervention_received=False,
        today=TODAY,
    )
    with refused("Substance misuse", "identified_on"):
        in_care.record_substance_misuse(
            child=kai,
            identified_on=date(2025, 10, 1),
            intervention_offered=True,
            intervention_received=True,
            today=TODAY,
        )
    assert SubstanceMisuse.objects.filter(child=kai).count() == 1
    assert Conviction.objects.count() == 0
