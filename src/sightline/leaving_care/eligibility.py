"""Care leaver eligibility, computed from the care history by the statutory rule.

Children Act 1989 Sch. 2 para 19B and s.23A-23C, Care Planning, Placement and Case Review
(England) Regulations 2010 reg. 40, Care Leavers (England) Regulations 2010 (DOMAIN.md 1.3):

* **eligible**: aged 16 or 17, looked after, and looked after for periods totalling at least
  13 weeks which began after their 14th birthday and ended after their 16th;
* **relevant**: aged 16 or 17, no longer looked after, and eligible immediately before ceasing;
* **former relevant**: aged 18 to 24 (support to 25 on request), and eligible or relevant
  immediately before their 18th birthday;
* **qualifying**: under 21, looked after at any time on or after their 16th birthday, and none
  of the above.

Counting, stated once: a period of care runs from its start date up to the day before it ended
(the end date is the first day not looked after), or through ``on`` while open. Days are counted
from the 14th birthday; 13 weeks is 91 days. Short-break periods (legal status V3/V4) do not
count and must not be passed in. Pure: no database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from sightline.core.calendar import add_months

THIRTEEN_WEEKS = timedelta(weeks=13)


class Eligibility(StrEnum):
    ELIGIBLE = "eligible"
    RELEVANT = "relevant"
    FORMER_RELEVANT = "former_relevant"
    QUALIFYING = "qualifying"


@dataclass(frozen=True)
class CarePeriod:
    start: date
    end: date | None  # the first day no longer looked after; None while looked after


def birthday(birth_date: date, years: int) -> date:
    return add_months(birth_date, 12 * years)  # 29 February -> 28 February


def looked_after_on(periods: Sequence[CarePeriod], day: date) -> bool:
    return any(p.start <= day and (p.end is None or day < p.end) for p in periods)


def days_looked_after(periods: Sequence[CarePeriod], since: date, through: date) -> int:
    """Days looked after from ``since`` to ``through`` inclusive."""
    total = 0
    for p in periods:
        first = max(p.start, since)
        last = through if p.end is None else min(through, p.end - timedelta(days=1))
        if last >= first:
            total += (last - first).days + 1
    return total


def eligible_on(birth_date: date, periods: Sequence[CarePeriod], day: date) -> bool:
    if not birthday(birth_date, 16) <= day < birthday(birth_date, 18):
        return False
    if not looked_after_on(periods, day):
        return False
    return days_looked_after(periods, birthday(birth_date, 14), day) >= THIRTEEN_WEEKS.days


def relevant_on(birth_date: date, periods: Sequence[CarePeriod], day: date) -> bool:
    if not birthday(birth_date, 16) <= day < birthday(birth_date, 18):
        return False
    if looked_after_on(periods, day):
        return False
    ended = [p.end for p in periods if p.end is not None and p.end <= day]
    if not ended:
        return False
    last_day_in_care = max(ended) - timedelta(days=1)
    return eligible_on(birth_date, periods, last_day_in_care)


def eligibility(birth_date: date, periods: Sequence[CarePeriod], on: date) -> Eligibility | None:
    """The young person's category on ``on``, or None (not a care leaver, or too old)."""
    if on < birthday(birth_date, 16) or on >= birthday(birth_date, 25):
        return None
    if eligible_on(birth_date, periods, on):
        return Eligibility.ELIGIBLE
    if relevant_on(birth_date, periods, on):
        return Eligibility.RELEVANT
    eighteen = birthday(birth_date, 18)
    if on >= eighteen:
        eve = eighteen - timedelta(days=1)
        if eligible_on(birth_date, periods, eve) or relevant_on(birth_date, periods, eve):
            return Eligibility.FORMER_RELEVANT
    sixteen = birthday(birth_date, 16)
    looked_after_since_16 = any(
        (p.end is None or p.end > sixteen) and p.start <= on for p in periods
    )
    if looked_after_since_16 and on < birthday(birth_date, 21):
        return Eligibility.QUALIFYING
    return None
