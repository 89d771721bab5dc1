"""SSDA903 social worker episodes, derived from social worker allocations (CONTRACTS.md: "SSDA903
social worker episodes come from social worker allocations only"); never typed.

The return's SWEpisodes table (from 2023-24) has one row per social worker episode: SW_ID (the
Social Work England number, or "XX" where the worker has none), SW_DECOM, SW_DEC (blank while
it continues past the year) and SW_REASON. The table is for children looked after at 31 March:
rule SW12 asks for every episode in their full year, including those while the child was not
yet looked after, and SW17 expects each such child's latest episode still open at 31 March (a
child who left care in the year, whose social worker then closed the case, would break it).
One query; the SSDA903 export writes these rows to sw_episodes.csv.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, OuterRef, Q

from sightline.care.models import PeriodOfCare
from sightline.workforce.models import Allocation

NO_REGISTRATION = "XX"


@dataclass(frozen=True)
class SocialWorkerEpisode:
    child_id: int
    sw_id: str
    sw_decom: date
    sw_dec: date | None
    sw_reason: str


def social_worker_episodes(first: date, last: date) -> list[SocialWorkerEpisode]:
    """The episodes overlapping ``first``..``last`` for children looked after on ``last``
    (31 March), by child then start date."""
    in_care = PeriodOfCare.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=last),
        child_id=OuterRef("child_id"),
        started_on__lte=last,
    )
    rows = (
        Allocation.objects.filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=first),
            Exists(in_care),
            kind=Allocation.Kind.SOCIAL_WORKER,
            started_on__lte=last,
        )
        .order_by("child_id", "started_on", "id")
        .values_list("child_id", "worker__swe_number", "started_on", "ended_on", "reason")
    )
    return [
        SocialWorkerEpisode(
            child_id,
            swe_number or NO_REGISTRATION,
            started,
            ended if ended is not None and ended <= last else None,
            reason,
        )
        for child_id, swe_number, started, ended, reason in rows
    ]
