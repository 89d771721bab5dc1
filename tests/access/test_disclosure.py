"""Every field of every Sightline model is declared released or redacted (decision 0015), so a
new model or field cannot reach a subject access export unclassified."""

from __future__ import annotations

import re

from django.apps import apps
from django.db import models

from sightline.access.disclosure import FIELDS, WITHHELD, Disclosure, declared_fields
from sightline.people.models import Person


def _sightline_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if m.__module__.startswith("sightline.")]


def test_every_field_of_every_sightline_model_is_declared_released_or_redacted() -> None:
    undeclared = [
        f"{model._meta.label}.{f.name}"
        for model in _sightline_models()
        for f in declared_fields(model)
        if f.name not in FIELDS.get(model._meta.label, {})
    ]
    assert not undeclared, (
        "declare these fields in sightline/access/disclosure.py (released, free text, person, "
        f"third party or location): {undeclared}"
    )


def test_no_declaration_names_a_model_or_field_that_does_not_exist() -> None:
    fields = {
        model._meta.label: {f.name for f in declared_fields(model)} for model in _sightline_models()
    }
    stale = [
        f"{label}.{name}"
        for label, declared in FIELDS.items()
        for name in declared
        if name not in fields.get(label, set())
    ]
    assert not stale, stale


def test_a_link_to_a_person_is_declared_as_a_person_and_only_such_a_link() -> None:
    for model in _sightline_models():
        for f in declared_fields(model):
            kind = FIELDS[model._meta.label][f.name].kind
            is_person = f.is_relation and f.related_model is Person
            assert (kind == Disclosure.PERSON) == is_person, f"{model._meta.label}.{f.name}"


PLACE_OR_THIRD_PARTY = re.compile(
    r"(?:^|_)(?:post|postcode|carer|address|urn|school|phone|email|accommodation)(?:_|$)"
)
# Staff act in their role: the address a member of staff read the record from is released.
STAFF = {"access.AuditEvent.ip_address"}


def test_fields_named_for_a_place_or_a_carer_are_withheld() -> None:
    released = [
        f"{model._meta.label}.{f.name}"
        for model in _sightline_models()
        for f in declared_fields(model)
        if PLACE_OR_THIRD_PARTY.search(f.name)
        and not f.is_relation
        and f"{model._meta.label}.{f.name}" not in STAFF
        and FIELDS[model._meta.label][f.name].kind not in WITHHELD
    ]
    assert not released, released


def test_every_withheld_value_says_what_it_was() -> None:
    for label, declared in FIELDS.items():
        for name, rule in declared.items():
            if rule.kind in WITHHELD:
                assert rule.what, f"{label}.{name}"
