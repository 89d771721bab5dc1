"""The same (children, seed, as_of) gives the same authority; its people look real enough.

CONTRACTS.md "Sizes and dates for the synthetic authority": NHS numbers from the 999 test
range with valid check digits, UPNs with the authority's LA number and a valid check letter,
real postcodes in and around the authority; synth refuses a database that already has data.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from datetime import date
from importlib import resources
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from sightline.people.identifiers import nhs_number_is_valid, upn_is_valid
from sightline.people.models import Person
from sightline.synthetic.authority import NotEmpty, build_authority
from tests.synthetic.conftest import authority_for_module
from tests.synthetic.snapshot import delete_everything, first_difference, row_counts, snapshot

CHILDREN, SEED, AS_OF = 1500, 7, date(2026, 11, 23)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def authority(django_db_setup: None, django_db_blocker: Any) -> Iterator[dict[str, int]]:
    with authority_for_module(django_db_blocker, children=CHILDREN, seed=SEED, as_of=AS_OF) as c:
        yield c


def children() -> Any:
    return Person.objects.filter(kind=Person.Kind.CHILD)


def test_the_same_inputs_give_the_same_data() -> None:
    first = snapshot()
    assert row_counts(first)["protection.Referral"] > 200
    delete_everything()
    build_authority(children=CHILDREN, seed=SEED, as_of=AS_OF)
    difference = first_difference(first, snapshot())
    assert difference is None, f"two builds of seed {SEED} differ: {difference}"


def test_a_different_seed_gives_different_data() -> None:
    first = snapshot()
    delete_everything()
    build_authority(children=CHILDREN, seed=SEED + 1, as_of=AS_OF)
    assert first_difference(first, snapshot()) is not None


def test_nhs_numbers_are_valid_and_in_the_test_range() -> None:
    numbers = list(children().exclude(nhs_number="").values_list("la_child_id", "nhs_number"))
    assert len(numbers) > 300
    bad = [(c, n) for c, n in numbers if not (nhs_number_is_valid(n) and n.startswith("999"))]
    assert not bad, f"NHS numbers not valid in the 999 range: {bad[:20]}"
    duplicated = len(numbers) - len({n for _, n in numbers})
    assert duplicated == 0, f"{duplicated} NHS numbers are used twice"


def test_upns_are_valid_with_the_authoritys_la_number() -> None:
    la_number = settings.AUTHORITY["la_number"]
    assert la_number == "916"
    upns = list(children().exclude(upn="").values_list("la_child_id", "upn", "upn_unknown"))
    assert len(upns) > 100
    bad = [(c, u, why) for c, u, why in upns if not upn_is_valid(u) or u[1:4] != "916" or why != ""]
    assert not bad, f"UPNs not valid for LA 916 (child, upn, upn_unknown): {bad[:20]}"
    unexplained = children().filter(upn="", upn_unknown="")
    assert not unexplained.exists(), f"no UPN and no reason: {list(unexplained.values('pk'))[:20]}"


def test_la_child_ids_are_at_most_20_letters_and_digits() -> None:
    ids = list(children().values_list("la_child_id", flat=True))
    bad = [i for i in ids if i is None or not re.fullmatch(r"[A-Za-z0-9]{1,20}", i)]
    assert not bad, f"LA child IDs not 1-20 letters and digits: {bad[:20]}"
    assert len(set(ids)) == len(ids)


def test_home_postcodes_are_real_ones_from_the_reference_list() -> None:
    text = resources.files("sightline.synthetic").joinpath("data/postcodes.csv").read_text()
    known = {row["postcode"] for row in csv.DictReader(text.splitlines())}
    used = set(children().values_list("home_postcode", flat=True))
    unknown = sorted(used - known)
    assert not unknown, f"home postcodes not in data/postcodes.csv: {unknown[:20]}"


def test_synth_refuses_a_database_that_is_not_empty_and_writes_nothing() -> None:
    before = snapshot()
    with pytest.raises(NotEmpty):
        build_authority(children=CHILDREN, seed=SEED + 1, as_of=AS_OF)
    difference = first_difference(before, snapshot())
    assert difference is None, f"a refused build changed the database: {difference}"


def test_synth_command_names_a_bad_as_of_flag() -> None:
    with pytest.raises(CommandError, match="--as-of"):
        call_command("synth", "--children", "100", "--seed", "1", "--as-of", "2026-13-01")
