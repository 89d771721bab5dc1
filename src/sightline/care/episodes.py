"""SSDA903 episodes derived from a period of care's legal statuses and placements (pure).

A new episode starts whenever the legal status or the placement changes (DOMAIN.md 2.2, 2.3;
CONTRACTS.md "SSDA903 episodes"). Its reason for new episode (RNE) is derived from what changed:

    S  the period of care starts
    L  legal status only
    P  placement and carer(s)
    T  placement, same carer(s)
    B  legal status and placement and carer(s)
    U  legal status and placement, same carer(s)

Changes on the same day make one new episode. An episode that continues into the next ceases
with REC ``X1``; the last one ceases with the worker's recorded decision (E11 adopted, E4A
returned home, …) when the period ends. REASON_PLACE_CHANGE sits on the episode that ceases
because the placement changed, except after a temporary placement (T0-T4, rule 226). An
episode cannot start and end on the same day.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from itertools import pairwise

TEMPORARY_PLACEMENTS = frozenset({"T0", "T1", "T2", "T3", "T4"})


class EpisodeError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(f"{field}: {message}")


@dataclass(frozen=True)
class LegalStatus:
    start: date
    code: str  # C1, C2, E1, V2, V3, V4, L1, L2, L3, J1, J2, J3


@dataclass(frozen=True)
class Placement:
    start: date
    end: date | None  # the day the child left it (the next placement's start); None if current
    place: str  # PLACE code for the collection year
    provider: str  # PR0-PR5, blank where the year's rules say so
    carer: str  # who cares for the child: the same carer in a new placement gives T or U
    urn: str = ""
    postcode: str = ""
    change_reason: str = ""  # REASON_PLACE_CHANGE when the child moved on from it


@dataclass(frozen=True)
class Episode:
    decom: date
    rne: str
    ls: str
    cin: str
    place: str
    place_provider: str
    dec: date | None
    rec: str
    reason_place_change: str
    home_post: str
    pl_post: str
    urn: str


def _at(items: Sequence[LegalStatus], day: date) -> LegalStatus:
    return [item for item in items if item.start <= day][-1]


def derive_episodes(
    *,
    started_on: date,
    ended_on: date | None,
    reason_ceased: str,
    category_of_need: str,
    home_postcode: str,
    legal_statuses: Sequence[LegalStatus],
    placements: Sequence[Placement],
) -> list[Episode]:
    """The SSDA903 episodes of one period of care, oldest first."""
    statuses = sorted(legal_statuses, key=lambda s: s.start)
    moves = sorted(placements, key=lambda p: p.start)
    if not statuses or statuses[0].start != started_on:
        raise EpisodeError("legal_status", "the first legal status must start with the care")
    if not moves or moves[0].start != started_on:
        raise EpisodeError("placement", "the first placement must start with the care")
    for before, after in pairwise(moves):
        if before.end != after.start:
            raise EpisodeError(
                "placement",
                f"placements must follow on without gap or overlap ({before.end} / {after.start})",
            )
    if ended_on is not None:
        if ended_on <= started_on:
            raise EpisodeError("ended_on", "care cannot end on or before the day it starts")
        if moves[-1].end not in (None, ended_on):
            raise EpisodeError("placement", "the last placement must end when care ends")
        if not reason_ceased:
            raise EpisodeError("reason_ceased", "record why care ended")
    elif moves[-1].end is not None:
        raise EpisodeError("placement", "the child is in care but the last placement has ended")
    change_days = [s.start for s in statuses] + [p.start for p in moves]
    for day in change_days:
        if ended_on is not None and day >= ended_on:
            raise EpisodeError("start", f"a change on {day} is not within the care")

    def placement_on(day: date) -> Placement:
        return [p for p in moves if p.start <= day][-1]

    starts = sorted({s.start for s in statuses} | {p.start for p in moves})
    episodes: list[dict[str, object]] = []
    previous: tuple[LegalStatus, Placement] | None = None
    for day in starts:
        status, placement = _at(statuses, day), placement_on(day)
        if previous is None:
            rne = "S"
        else:
            status_changed = status.code != previous[0].code
            moved = placement is not previous[1]
            same_carer = moved and placement.carer == previous[1].carer
            if status_changed and moved:
                rne = "U" if same_carer else "B"
            elif moved:
                rne = "T" if same_carer else "P"
            elif status_changed:
                rne = "L"
            else:
                continue  # a status recorded again with the same code: nothing changed
        episodes.append(
            {
                "decom": day,
                "rne": rne,
                "ls": status.code,
                "cin": category_of_need,
                "place": placement.place,
                "place_provider": placement.provider,
                "home_post": home_postcode,
                "pl_post": placement.postcode,
                "urn": placement.urn,
                "placement": placement,
            }
        )
        previous = (status, placement)

    result: list[Episode] = []
    for index, current in enumerate(episodes):
        following = episodes[index + 1] if index + 1 < len(episodes) else None
        if following is not None:
            dec: date | None = following["decom"]  # type: ignore[assignment]
            rec = "X1"
            ceasing: Placement = current["placement"]  # type: ignore[assignment]
            moved_on = following["rne"] in {"P", "T", "B", "U"}
            reason = (
                ceasing.change_reason
                if moved_on and ceasing.place not in TEMPORARY_PLACEMENTS
                else ""
            )
        else:
            dec, rec, reason = ended_on, reason_ceased if ended_on else "", ""
        if dec is not None and dec == current["decom"]:
            raise EpisodeError("start", f"an episode would start and end on {dec}")
        fields = {k: v for k, v in current.items() if k != "placement"}
        result.append(Episode(dec=dec, rec=rec, reason_place_change=reason, **fields))  # type: ignore[arg-type]
    return result
