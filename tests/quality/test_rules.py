"""The pure rules of quality of practice: the audit sample (random, reproducible, stratified),
the supervision standard and the roll-up's trend."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from sightline.quality.rules import (
    allocate,
    draw_sample,
    good_or_better,
    supervision_due,
    supervision_standard,
    trend,
)

D = date.fromisoformat
# 3 teams x 2 stages, of different sizes: 60 + 30 + 10 + 5 + 3 + 2 = 110 children
SIZES = {("A", "cp"): 60, ("A", "cin"): 30, ("B", "cp"): 10, ("B", "in_care"): 5,
         ("C", "cin"): 3, ("C", "care_leaver"): 2}  # fmt: skip


def population() -> list[tuple[tuple[str, str], int]]:
    rows, n = [], 1000
    for stratum, size in SIZES.items():
        for _ in range(size):
            rows.append((stratum, n))
            n += 1
    return rows


def test_the_same_seed_draws_the_same_children_and_another_seed_others() -> None:
    first = draw_sample(population(), 20, "2026-11")
    again = draw_sample(list(reversed(population())), 20, "2026-11")
    assert first == again  # nor does the order the population is read in matter
    other = draw_sample(population(), 20, "2026-12")
    assert {c for _, c in other} != {c for _, c in first}
    assert len({c for _, c in first}) == 20


def test_every_stratum_is_represented_and_the_rest_is_proportional() -> None:
    counts = Counter(stratum for stratum, _ in draw_sample(population(), 20, "2026-11"))
    assert set(counts) == set(SIZES)  # every team and stage has at least one
    assert counts == allocate(SIZES, 20)
    assert counts[("A", "cp")] > counts[("A", "cin")] > counts[("B", "cp")]
    assert sum(counts.values()) == 20


def test_the_allocation_never_takes_more_than_a_stratum_holds_nor_more_than_there_are() -> None:
    assert allocate({"x": 2, "y": 1}, 10) == {"x": 2, "y": 1}
    assert sum(allocate(SIZES, 110).values()) == 110
    # fewer places than strata: the largest strata get one each
    assert allocate(SIZES, 2) == {("A", "cp"): 1, ("A", "cin"): 1}
    assert allocate({}, 5) == {}


def test_a_stratum_s_children_are_a_random_choice_not_the_first_ids() -> None:
    chosen = sorted(c for s, c in draw_sample(population(), 20, "2026-11") if s == ("A", "cp"))
    assert chosen != list(range(1000, 1000 + len(chosen)))


def test_supervision_is_due_more_often_in_a_worker_s_first_year() -> None:
    standard = supervision_standard()
    newly = supervision_due(D("2026-06-01"), D("2026-11-02"), D("2026-11-23"), standard)
    assert (newly.due_on, newly.overdue, str(newly.interval)) == (D("2026-11-30"), False, "4 weeks")
    seasoned = supervision_due(D("2015-01-05"), D("2026-10-01"), D("2026-11-23"), standard)
    assert (seasoned.due_on, seasoned.overdue) == (D("2026-11-12"), True)
    never = supervision_due(D("2026-11-02"), None, D("2026-11-23"), standard)
    assert never.due_on == D("2026-11-30")  # the first from the day they started


@override_settings(SIGHTLINE_SUPERVISION_STANDARD={"experienced": "8 weeks"})
def test_the_supervision_standard_is_local_configuration() -> None:
    standard = supervision_standard()
    assert (str(standard.newly_qualified), str(standard.experienced)) == ("4 weeks", "8 weeks")


@override_settings(SIGHTLINE_SUPERVISION_STANDARD={"experienced": "often"})
def test_a_bad_supervision_standard_names_the_setting() -> None:
    with pytest.raises(
        ImproperlyConfigured, match=r"SIGHTLINE_SUPERVISION_STANDARD\['experienced'\]"
    ):
        supervision_standard()


def test_the_trend_compares_the_latest_month_with_audits_to_the_one_before() -> None:
    assert good_or_better([1, 2, 3, 4]) == 0.5
    assert good_or_better([]) is None
    assert trend([0.5, None, 0.8]) == "improving"
    assert trend([0.8, 0.5, None]) == "declining"
    assert trend([0.5, 0.52]) == "steady"
    assert trend([None, 0.5]) == "not enough audits"
