"""Writes for people: register a child or an adult, relate them, record a death."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import Max

from sightline.core import rules
from sightline.core.clock import today_or
from sightline.core.codes import Disability, Ethnicity, Sex, UPNUnknown
from sightline.core.errors import JourneyError
from sightline.core.events import emit
from sightline.core.writes import service
from sightline.people import events
from sightline.people.identifiers import nhs_number_is_valid, normalise_nhs_number, upn_is_valid
from sightline.people.models import Person, PersonDisability, Relationship

R = "Person"


def check_child_details(
    *,
    la_child_id: str | None,
    birth_date: date | None,
    expected_birth_date: date | None,
    sex: str,
    ethnicity: str,
    nhs_number: str,
    upn: str,
    upn_unknown: str,
    former_upn: str,
    disabilities: Iterable[str],
    today: date,
) -> None:
    """Every rule a child's identifying details must meet (pure: no database)."""
    if la_child_id is not None:
        rules.require(
            la_child_id.isalnum() and la_child_id.isascii() and 1 <= len(la_child_id) <= 20,
            R,
            "la_child_id",
            "must be 1 to 20 letters and digits",
        )
    rules.require(
        (birth_date is None) != (expected_birth_date is None),
        R,
        "birth_date",
        "give either a birth date or, for an unborn child, an expected birth date",
    )
    rules.not_future(R, "birth_date", birth_date, today)
    if expected_birth_date is not None:
        rules.require(
            sex == Sex.UNKNOWN, R, "sex", "an unborn child's sex is recorded as not known (U)"
        )
    rules.require(sex in Sex.values, R, "sex", f"{sex!r} is not a sex code (M, F or U)")
    rules.require(ethnicity in Ethnicity.values, R, "ethnicity", f"{ethnicity!r} is not a DfE code")
    if nhs_number:
        rules.require(
            nhs_number_is_valid(nhs_number),
            R,
            "nhs_number",
            f"{nhs_number!r} is not a valid NHS number (10 digits with a correct check digit)",
        )
    if upn:
        rules.require(
            upn_is_valid(upn), R, "upn", f"{upn!r} is not a valid UPN (wrong form or check letter)"
        )
        rules.require(
            not upn_unknown, R, "upn_unknown", "give a UPN or a reason it is not known, not both"
        )
    if upn_unknown:
        rules.require(
            upn_unknown in UPNUnknown.values, R, "upn_unknown", f"{upn_unknown!r} is not UN1-UN7"
        )
    if former_upn:
        rules.require(
            upn_is_valid(former_upn), R, "former_upn", f"{former_upn!r} is not a valid UPN"
        )
    codes = list(disabilities)
    for code in codes:
        rules.require(
            code in Disability.values, R, "disabilities", f"{code!r} is not a CIN disability code"
        )
    rules.require(
        not ("NONE" in codes and len(set(codes)) > 1),
        R,
        "disabilities",
        "'No disability' cannot be recorded with a disability",
    )


def next_la_child_id() -> str:
    """The next free LA child ID in Sightline's own series (C followed by nine digits)."""
    highest = Person.objects.filter(la_child_id__regex=r"^C[0-9]{9}$").aggregate(
        m=Max("la_child_id")
    )["m"]
    number = int(highest[1:]) + 1 if highest else 1
    return f"C{number:09d}"


@service
def register_child(
    *,
    given_name: str,
    family_name: str,
    sex: str = Sex.UNKNOWN,
    ethnicity: str = Ethnicity.NOBT,
    birth_date: date | None = None,
    expected_birth_date: date | None = None,
    la_child_id: str | None = None,
    nhs_number: str = "",
    upn: str = "",
    upn_unknown: str = "",
    former_upn: str = "",
    is_uasc: bool = False,
    home_postcode: str = "",
    disabilities: Iterable[str] = (),
    today: date | None = None,
) -> Person:
    today = today_or(today)
    nhs_number = normalise_nhs_number(nhs_number)
    upn, former_upn = upn.strip().upper(), former_upn.strip().upper()
    codes = list(dict.fromkeys(disabilities))
    rules.require(bool(given_name.strip()), R, "given_name", "enter the child's given name")
    rules.require(bool(family_name.strip()), R, "family_name", "enter the child's family name")
    check_child_details(
        la_child_id=la_child_id,
        birth_date=birth_date,
        expected_birth_date=expected_birth_date,
        sex=sex,
        ethnicity=ethnicity,
        nhs_number=nhs_number,
        upn=upn,
        upn_unknown=upn_unknown,
        former_upn=former_upn,
        disabilities=codes,
        today=today,
    )
    child_id = la_child_id or next_la_child_id()
    if Person.objects.filter(la_child_id=child_id).exists():
        raise JourneyError(R, "la_child_id", f"{child_id} is already used by another child")
    person = Person.objects.create(
        kind=Person.Kind.CHILD,
        la_child_id=child_id,
        given_name=given_name.strip(),
        family_name=family_name.strip(),
        birth_date=birth_date,
        expected_birth_date=expected_birth_date,
        sex=sex,
        ethnicity=ethnicity,
        nhs_number=nhs_number,
        upn=upn,
        upn_unknown=upn_unknown,
        former_upn=former_upn,
        is_uasc=is_uasc,
        home_postcode=home_postcode.strip().upper(),
    )
    PersonDisability.objects.bulk_create(PersonDisability(person=person, code=c) for c in codes)
    emit(events.person_registered(person, today))
    return person


@service
def register_adult(
    *,
    given_name: str,
    family_name: str,
    sex: str = Sex.UNKNOWN,
    birth_date: date | None = None,
    today: date | None = None,
) -> Person:
    today = today_or(today)
    rules.require(bool(family_name.strip()), R, "family_name", "enter the person's family name")
    rules.not_future(R, "birth_date", birth_date, today)
    adult = Person.objects.create(
        kind=Person.Kind.ADULT,
        given_name=given_name.strip(),
        family_name=family_name.strip(),
        sex=sex,
        birth_date=birth_date,
        ethnicity=Ethnicity.NOBT,
    )
    emit(events.adult_registered(adult, today))
    return adult


@service
def relate(
    *,
    person: Person,
    relative: Person,
    kind: str,
    has_parental_responsibility: bool = False,
    lives_with_child: bool = False,
    started_on: date | None = None,
    today: date | None = None,
) -> Relationship:
    today = today_or(today)
    rules.require(
        person.pk != relative.pk,
        "Relationship",
        "relative",
        "a person cannot be related to themselves",
    )
    rules.require(
        kind in Relationship.Kind.values, "Relationship", "kind", f"{kind!r} is not a relationship"
    )
    rules.not_future("Relationship", "started_on", started_on, today)
    relationship = Relationship.objects.create(
        person=person,
        relative=relative,
        kind=kind,
        has_parental_responsibility=has_parental_responsibility,
        lives_with_child=lives_with_child,
        started_on=started_on,
    )
    emit(events.relationship_recorded(relationship, today))
    return relationship


@service
def record_death(*, person: Person, death_date: date, today: date | None = None) -> Person:
    today = today_or(today)
    rules.not_future(R, "death_date", death_date, today)
    rules.not_before(R, "death_date", death_date, person.birth_date, "the birth date")
    rules.require(person.birth_date is not None, R, "death_date", "record the birth before a death")
    rules.require(
        not Person.objects.filter(pk=person.pk, death_date__isnull=False).exists(),
        R,
        "death_date",
        "the death is already recorded",
    )
    Person.objects.filter(pk=person.pk).update(death_date=death_date)
    person.death_date = death_date
    emit(events.person_died(person))
    return person
