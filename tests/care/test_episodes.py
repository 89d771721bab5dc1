"""SSDA903 episodes derived from legal statuses and placements: RNE and REC as the DfE guide
defines them."""

from __future__ import annotations

from datetime import date

import pytest

from sightline.care.episodes import EpisodeError, LegalStatus, Placement, derive_episodes

START = date(2025, 5, 12)


def carer(
    name: str, start: date, end: date | None, *, place: str = "U6", why: str = ""
) -> Placement:
    return Placement(
        start=start,
        end=end,
        place=place,
        provider="PR1",
        carer=name,
        urn="SC123456",
        postcode="GL1 1UT",
        change_reason=why,
    )


def derive(statuses: list[LegalStatus], placements: list[Placement], **kw: object) -> list:
    return derive_episodes(
        started_on=START,
        ended_on=kw.get("ended_on"),
        reason_ceased=str(kw.get("rec", "")),
        category_of_need="N1",
        home_postcode="GL4 6TS",
        legal_statuses=statuses,
        placements=placements,
    )


def test_the_first_episode_starts_the_period_of_care_with_rne_s() -> None:
    (episode,) = derive([LegalStatus(START, "V2")], [carer("smiths", START, None)])
    assert (episode.decom, episode.rne, episode.ls, episode.place) == (START, "S", "V2", "U6")
    assert (episode.dec, episode.rec, episode.reason_place_change) == (None, "", "")


def test_a_move_to_new_carers_is_p_and_the_ceasing_episode_carries_x1_and_the_reason() -> None:
    move = date(2025, 8, 4)
    first, second = derive(
        [LegalStatus(START, "C1")],
        [carer("smiths", START, move, why="CARPL"), carer("jones", move, None)],
    )
    assert (first.dec, first.rec, first.reason_place_change) == (move, "X1", "CARPL")
    assert (second.decom, second.rne, second.ls) == (move, "P", "C1")


def test_a_new_placement_with_the_same_carers_is_t() -> None:
    move = date(2025, 8, 4)
    _, second = derive(
        [LegalStatus(START, "C1")],
        [
            carer("smiths", START, move, place="U6", why="CARPL"),
            carer("smiths", move, None, place="U4"),
        ],
    )
    assert (second.rne, second.place) == ("T", "U4")


def test_a_change_of_legal_status_only_is_l_with_no_placement_reason() -> None:
    order = date(2025, 9, 1)
    first, second = derive(
        [LegalStatus(START, "C1"), LegalStatus(order, "C2")], [carer("smiths", START, None)]
    )
    assert (first.rec, first.reason_place_change) == ("X1", "")
    assert (second.rne, second.ls, second.place) == ("L", "C2", "U6")


def test_legal_status_and_placement_changing_the_same_day_is_one_episode_b() -> None:
    day = date(2025, 9, 1)
    episodes = derive(
        [LegalStatus(START, "C1"), LegalStatus(day, "E1")],
        [carer("smiths", START, day, why="CARPL"), carer("adopters", day, None, place="A6")],
    )
    assert [e.rne for e in episodes] == ["S", "B"]
    assert (episodes[1].ls, episodes[1].place) == ("E1", "A6")


def test_legal_status_and_placement_changing_the_same_day_with_the_same_carers_is_u() -> None:
    day = date(2025, 9, 1)
    episodes = derive(
        [LegalStatus(START, "C1"), LegalStatus(day, "E1")],
        [carer("smiths", START, day, why="CARPL"), carer("smiths", day, None, place="A5")],
    )
    assert [e.rne for e in episodes] == ["S", "U"]


def test_the_last_episode_ceases_with_the_recorded_decision() -> None:
    home = date(2026, 1, 19)
    episodes = derive(
        [LegalStatus(START, "V2")], [carer("smiths", START, home)], ended_on=home, rec="E4A"
    )
    assert (episodes[-1].dec, episodes[-1].rec, episodes[-1].reason_place_change) == (
        home,
        "E4A",
        "",
    )


def test_no_reason_for_placement_change_after_a_temporary_placement() -> None:
    back, move = date(2025, 7, 1), date(2025, 7, 8)
    episodes = derive(
        [LegalStatus(START, "C1")],
        [
            carer("smiths", START, back, why="CARPL"),
            carer("hospital", back, move, place="T1", why="CARPL"),
            carer("smiths", move, None),
        ],
    )
    assert [e.rne for e in episodes] == ["S", "P", "P"]
    assert [e.reason_place_change for e in episodes] == ["CARPL", "", ""]


def test_a_status_recorded_again_with_the_same_code_makes_no_new_episode() -> None:
    episodes = derive(
        [LegalStatus(START, "C2"), LegalStatus(date(2025, 6, 1), "C2")],
        [carer("smiths", START, None)],
    )
    assert len(episodes) == 1


@pytest.mark.parametrize(
    ("statuses", "placements", "kw", "field"),
    [
        ([LegalStatus(date(2025, 5, 13), "C1")], [carer("a", START, None)], {}, "legal_status"),
        (
            [LegalStatus(START, "C1")],
            [carer("a", START, date(2025, 6, 1)), carer("b", date(2025, 6, 2), None)],
            {},
            "placement",
        ),
        ([LegalStatus(START, "C1")], [carer("a", START, date(2025, 6, 1))], {}, "placement"),
        (
            [LegalStatus(START, "C1")],
            [carer("a", START, START)],
            {"ended_on": START, "rec": "E8"},
            "ended_on",
        ),
        (
            [LegalStatus(START, "C1")],
            [carer("a", START, date(2025, 6, 1))],
            {"ended_on": date(2025, 6, 1)},
            "reason_ceased",
        ),
        (
            [LegalStatus(START, "C1"), LegalStatus(date(2025, 6, 1), "C2")],
            [carer("a", START, date(2025, 6, 1))],
            {"ended_on": date(2025, 6, 1), "rec": "E8"},
            "start",
        ),
    ],
)
def test_inconsistent_histories_are_refused_naming_the_field(
    statuses: list, placements: list, kw: dict, field: str
) -> None:
    with pytest.raises(EpisodeError) as refused:
        derive(statuses, placements, **kw)
    assert refused.value.field == field
