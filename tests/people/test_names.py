"""How a name sounds (people/names.py, decision 0025): the key the front door's search compares,
kept on every Person by the write path and filled for people recorded before it existed."""

from __future__ import annotations

import importlib
from datetime import date

import pytest
from django.apps import apps

from sightline.people.models import Person
from sightline.people.names import sound_key
from tests.factories import ChildFactory


@pytest.mark.parametrize(
    "spellings",
    [
        ("Mohamed", "Mohammed", "Muhammad", "Mohammad"),
        ("Catherine", "Katherine", "Kathryn"),
        ("Smith", "Smyth"),
        ("Stephen", "Steven"),
        ("Zoe", "Zoë", "ZOE"),
        ("Mary-Jane", "Mary Jane", "maryjane"),
    ],
)
def test_names_spelt_differently_that_sound_alike_have_one_key(spellings: tuple[str, ...]) -> None:
    assert len({sound_key(name) for name in spellings}) == 1


def test_names_that_sound_different_have_different_keys() -> None:
    assert sound_key("Mohamed") != sound_key("Mahmoud Ali")
    assert sound_key("Ava") != sound_key("Eva Morgan")


def test_a_name_with_no_letters_has_the_empty_key() -> None:
    assert sound_key("") == sound_key("123 ()") == ""


@pytest.mark.django_db
def test_saving_a_person_keeps_the_keys_of_their_names() -> None:
    child = ChildFactory(given_name="Mohamed", family_name="Smith")
    assert (child.given_name_key, child.family_name_key) == ("MHMT", "SM0")
    child.given_name = "Katherine"
    child.save(update_fields=["given_name"])
    child.refresh_from_db()
    assert (child.given_name_key, child.family_name_key) == ("K0RN", "SM0")


@pytest.mark.django_db
def test_the_migration_fills_the_keys_of_people_recorded_before_them() -> None:
    a = ChildFactory(given_name="Mohammed", family_name="Khan", birth_date=date(2015, 4, 3))
    b = ChildFactory(given_name="Zoë", family_name="O'Brien")
    Person.objects.update(given_name_key="", family_name_key="")  # as they were before 0003
    migration = importlib.import_module("sightline.people.migrations.0003_name_sound_keys")
    migration.fill_sound_keys(apps, None)
    keys = dict(Person.objects.values_list("pk", "given_name_key"))
    assert keys == {a.pk: "MHMT", b.pk: "S"}
    assert Person.objects.get(pk=b.pk).family_name_key == "OBRN"
