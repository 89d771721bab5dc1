"""Check an SSDA903 return before anything is written (step 2 of ssda903_import): pure checks
of the rows, the periods of care rebuilt from the episodes, and how the file meets the records
Sightline already holds."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise
from typing import Any

from django.utils import timezone

from sightline.care import episodes as derivation
from sightline.care.models import (
    CareEpisode,
    PeriodOfCare,
)
from sightline.care.social_worker_episodes import NO_REGISTRATION
from sightline.core.bulk_write import CHUNK, chunks
from sightline.leaving_care.eligibility import birthday
from sightline.people.models import Person
from sightline.returns import fields
from sightline.returns.ssda903_read import Parsed, Row, where
from sightline.returns.ssda903_tables import (
    DATES,
    ROW_KEYS,
)
from sightline.workforce.models import Worker

# --- 2. check -------------------------------------------------------------------------------

MOVES = frozenset({"P", "T", "B", "U"})
SAME_CARER = frozenset({"T", "U"})
AGE_OF_CRIMINAL_RESPONSIBILITY = 10


@dataclass
class PeriodPlan:
    child: str
    episodes: list[Row]
    started_on: date
    ended_on: date | None
    reason_ceased: str
    statuses: list[derivation.LegalStatus]
    placements: list[derivation.Placement]
    existing: PeriodOfCare | None = None

    def contains(self, day: date) -> bool:
        return self.started_on <= day and (self.ended_on is None or day <= self.ended_on)


def _periods(child: str, rows: list[Row], parsed: Parsed) -> list[PeriodPlan]:
    """A child's episodes (in date order) grouped into periods of care, checked."""
    rows = sorted(rows, key=lambda r: r["DECOM"])
    groups: list[list[Row]] = []
    ok = True
    for index, row in enumerate(rows):
        if (row["DEC"] is None) != (row["REC"] is None):
            parsed.problems.append(where(row, "DEC", "DEC and REC must both be given or blank"))
            ok = False
        if row["DEC"] is not None and row["DEC"] <= row["DECOM"]:
            parsed.problems.append(where(row, "DEC", "an episode must end after the day it starts"))
            ok = False
        previous = rows[index - 1] if index else None
        if previous is None:
            groups.append([row])
            continue
        if previous["DEC"] is None or row["DECOM"] < previous["DEC"]:
            parsed.problems.append(
                where(
                    row,
                    "DECOM",
                    f"overlaps the episode from {previous['DECOM']:%d/%m/%Y} "
                    f"(line {previous['_line']})",
                )
            )
            ok = False
            continue
        if previous["REC"] == "X1":
            if row["DECOM"] != previous["DEC"]:
                parsed.problems.append(
                    where(
                        row,
                        "DECOM",
                        f"the episode before ceased X1 on {previous['DEC']:%d/%m/%Y}: the next "
                        "must start that day",
                    )
                )
                ok = False
            groups[-1].append(row)
        else:
            groups.append([row])
    if rows and rows[-1]["REC"] == "X1":
        parsed.problems.append(
            where(rows[-1], "REC", "X1 (a new episode begins) but no episode follows")
        )
        ok = False
    if not ok:
        return []
    plans = []
    for group in groups:
        first, last = group[0], group[-1]
        statuses = [derivation.LegalStatus(first["DECOM"], first["LS"])]
        placements: list[dict[str, Any]] = []
        carers = 0
        for index, e in enumerate(group):
            fields = (e["PLACE"], e["PLACE_PROVIDER"] or "", e["URN"] or "", e["PL_POST"] or "")
            if index and e["LS"] != group[index - 1]["LS"]:
                statuses.append(derivation.LegalStatus(e["DECOM"], e["LS"]))
            before = placements[-1] if placements else None
            if before is None or e["RNE"] in MOVES or fields != before["fields"]:
                if before is not None:
                    before["end"] = e["DECOM"]
                    before["change_reason"] = group[index - 1]["REASON_PLACE_CHANGE"] or ""
                if before is not None and e["RNE"] in SAME_CARER:
                    carer = before["carer"]
                else:
                    carers += 1
                    carer = f"Carer {carers} (from the SSDA903 return)"
                placements.append(
                    {
                        "start": e["DECOM"],
                        "end": None,
                        "fields": fields,
                        "carer": carer,
                        "change_reason": "",
                    }
                )
        ended_on = last["DEC"] if last["REC"] not in (None, "X1") else None
        placements[-1]["end"] = ended_on
        plans.append(
            PeriodPlan(
                child=child,
                episodes=group,
                started_on=first["DECOM"],
                ended_on=ended_on,
                reason_ceased=last["REC"] if ended_on else "",
                statuses=statuses,
                placements=[
                    derivation.Placement(
                        start=p["start"],
                        end=p["end"],
                        place=p["fields"][0],
                        provider=p["fields"][1],
                        carer=p["carer"],
                        urn=p["fields"][2],
                        postcode=p["fields"][3],
                        change_reason=p["change_reason"],
                    )
                    for p in placements
                ],
            )
        )
    return plans


COMPARED = (
    ("RNE", "rne"),
    ("REC", "rec"),
    ("REASON_PLACE_CHANGE", "reason_place_change"),
    ("CIN", "cin"),
    ("HOME_POST", "home_post"),
)


def _derive(plan: PeriodPlan, parsed: Parsed) -> None:
    first = plan.episodes[0]
    try:
        derived = derivation.derive_episodes(
            started_on=plan.started_on,
            ended_on=plan.ended_on,
            reason_ceased=plan.reason_ceased,
            category_of_need=first["CIN"],
            home_postcode=first["HOME_POST"] or "",
            legal_statuses=plan.statuses,
            placements=plan.placements,
        )
    except derivation.EpisodeError as error:
        parsed.problems.append(where(first, "DECOM", f"the period of care: {error}"))
        return
    by_day = {e.decom: e for e in derived}
    for row in plan.episodes:
        match = by_day.get(row["DECOM"])
        if match is None:
            parsed.problems.append(
                where(
                    row,
                    "RNE",
                    "this episode changes neither the legal status nor the placement",
                )
            )
            continue
        for column, attribute in COMPARED:
            given, ours = row[column] or "", getattr(match, attribute)
            if given != ours:
                parsed.warnings.append(
                    where(
                        row,
                        column,
                        f"{given or 'blank'} kept as given; Sightline derives {ours or 'blank'}",
                    )
                )


def period_for(plans: list[PeriodPlan], day: date) -> PeriodPlan | None:
    for plan in plans:
        if plan.contains(day):
            return plan
    return None


def check(parsed: Parsed) -> dict[str, list[PeriodPlan]]:
    """Every problem of the rows as a whole (see the module's text); returns each child's
    periods of care rebuilt from the episodes."""
    t = parsed.tables
    _no_row_twice(parsed)
    header = _check_header(parsed)
    by_child: dict[str, list[Row]] = defaultdict(list)
    for row in t["episodes.csv"]:
        by_child[row["CHILD"]].append(row)
    plans = {child: _periods(child, rows, parsed) for child, rows in by_child.items()}
    # A child whose episodes are refused: what depends on them is not checked again.
    broken = {child for child, child_plans in plans.items() if not child_plans}
    header = {child: row for child, row in header.items() if child not in broken}
    for child_plans in plans.values():
        for plan in child_plans:
            _derive(plan, parsed)
    _check_reviews(parsed, header, plans)
    _check_missing(parsed, header, plans)
    _check_adoption_and_outcomes(parsed, header, plans)
    return plans


def _check_header(parsed: Parsed) -> dict[str, Row]:
    """Motherhood as a whole, and every other table's child in the header with its DOB;
    returns the header's row of each child."""
    t = parsed.tables
    header: dict[str, Row] = {}
    for row in t["header.csv"]:
        header.setdefault(row["CHILD"], row)
        if row["MOTHER"] == "1" and row["MC_DOB"] is None:
            parsed.problems.append(where(row, "MC_DOB", "blank, but the child is a mother"))
        if row["MC_DOB"] is not None and row["MOTHER"] != "1":
            parsed.problems.append(where(row, "MOTHER", "MC_DOB given, but MOTHER is not 1"))
    for name, rows in t.items():
        if name == "header.csv":
            continue
        for row in rows:
            head = header.get(row["CHILD"])
            if head is None:
                parsed.problems.append(where(row, "CHILD", "not in the header table"))
            elif "DOB" in row and row["DOB"] != head["DOB"]:
                parsed.problems.append(where(row, "DOB", "differs from the header's DOB"))
    return header


def _check_reviews(
    parsed: Parsed, header: dict[str, Row], plans: dict[str, list[PeriodPlan]]
) -> None:
    for row in parsed.tables["reviews.csv"]:
        if (
            row["CHILD"] in header
            and period_for(plans.get(row["CHILD"], []), row["REVIEW"]) is None
        ):
            parsed.problems.append(where(row, "REVIEW", "not within a period of care"))


def _check_missing(
    parsed: Parsed, header: dict[str, Row], plans: dict[str, list[PeriodPlan]]
) -> None:
    """Missing episodes within a period of care, not overlapping."""
    missing: dict[str, list[Row]] = defaultdict(list)
    for row in parsed.tables["missing.csv"]:
        missing[row["CHILD"]].append(row)
        if row["MIS_END"] is not None and row["MIS_END"] < row["MIS_START"]:
            parsed.problems.append(where(row, "MIS_END", "before MIS_START"))
        elif row["CHILD"] in header and missing_period(plans.get(row["CHILD"], []), row) is None:
            parsed.problems.append(where(row, "MIS_START", "not within a period of care"))
    for rows in missing.values():
        rows.sort(key=lambda r: r["MIS_START"])
        for before, after in pairwise(rows):
            if before["MIS_END"] is None or after["MIS_START"] < before["MIS_END"]:
                parsed.problems.append(
                    where(after, "MIS_START", "overlaps another missing episode")
                )


def _check_adoption_and_outcomes(
    parsed: Parsed, header: dict[str, Row], plans: dict[str, list[PeriodPlan]]
) -> None:
    """The tables that belong to a period of care have one; adoption rows have theirs."""
    t = parsed.tables
    for row in t["previous_permanence.csv"] + t["ad1.csv"] + t["oc2.csv"]:
        if row["CHILD"] in header and not plans.get(row["CHILD"]):
            parsed.problems.append(where(row, "CHILD", "no episodes: no period of care for it"))
    for row in t["placed_for_adoption.csv"]:
        if (row["DATE_PLACED_CEASED"] is None) != (row["REASON_PLACED_CEASED"] is None):
            parsed.problems.append(
                where(row, "REASON_PLACED_CEASED", "give both the date and the reason, or neither")
            )
        if row["CHILD"] in header and not plans.get(row["CHILD"]):
            parsed.problems.append(where(row, "CHILD", "no episodes: no period of care for it"))
    for row in t["ad1.csv"]:
        if row["CHILD"] in header and adopted_period(plans.get(row["CHILD"], [])) is None:
            parsed.problems.append(
                where(row, "CHILD", "AD1, but no period of care ends in adoption (E11, E12)")
            )


def _no_row_twice(parsed: Parsed) -> None:
    """A row whose key (``ROW_KEYS``) an earlier row of its table has is refused, naming that
    row: a return holds each child, review, missing episode … once."""
    for name, rows in parsed.tables.items():
        key = ROW_KEYS[name]
        first: dict[tuple[Any, ...], Row] = {}
        for row in rows:
            values = tuple(row[c] for c in key)
            earlier = first.setdefault(values, row)
            if earlier is not row:
                parsed.problems.append(
                    where(
                        row,
                        key[-1],
                        f"the same {' and '.join(key)} as line {earlier['_line']}: "
                        "a row may be given once",
                    )
                )


def missing_period(plans: list[PeriodPlan], row: Row) -> PeriodPlan | None:
    found = period_for(plans, row["MIS_START"])
    if found is None and row["MIS_END"] is not None:
        found = period_for(plans, row["MIS_END"])
    if found is None:
        found = next((p for p in plans if p.started_on >= row["MIS_START"]), None)
    return found


def adopted_period(plans: list[PeriodPlan]) -> PeriodPlan | None:
    return next((p for p in reversed(plans) if p.reason_ceased in {"E11", "E12"}), None)


def decision_period(plans: list[PeriodPlan], day: date) -> PeriodPlan:
    return period_for(plans, day) or next((p for p in plans if p.started_on >= day), plans[-1])


def oc2_day(plans: list[PeriodPlan], year_end: date) -> tuple[PeriodPlan, date]:
    """The period of care OC2's records belong to and their date: 31 March of the year, or the
    day before that period ends if earlier."""
    plan = period_for(plans, year_end) or plans[-1]
    ended = plan.ended_on
    return plan, min(year_end, ended - timedelta(days=1)) if ended else year_end


def check_oc2(parsed: Parsed, plans: dict[str, list[PeriodPlan]], year_end: date) -> None:
    """OC2's outcomes as the records can hold them (see the module's docstring)."""
    for row in parsed.tables["oc2.csv"]:
        child_plans = plans.get(row["CHILD"])
        if row["CONVICTED"] == "1" and child_plans:
            _, day = oc2_day(child_plans, year_end)
            tenth = birthday(row["DOB"], AGE_OF_CRIMINAL_RESPONSIBILITY)
            if day < tenth:
                parsed.problems.append(
                    where(
                        row,
                        "CONVICTED",
                        f"1, but the child is under 10 (the age of criminal responsibility) on "
                        f"{day:%d/%m/%Y}",
                    )
                )
        received, offered = row["INTERVENTION_RECEIVED"], row["INTERVENTION_OFFERED"]
        if row["SUBSTANCE_MISUSE"] != "1":
            if received is not None or offered is not None:
                parsed.warnings.append(
                    where(
                        row,
                        "INTERVENTION_RECEIVED" if received is not None else "INTERVENTION_OFFERED",
                        "not imported: SUBSTANCE_MISUSE is not 1 (an intervention is recorded only "
                        "for a substance misuse problem)",
                    )
                )
        elif received is None:
            parsed.problems.append(
                where(row, "INTERVENTION_RECEIVED", "required when SUBSTANCE_MISUSE is 1")
            )
        elif received == "0" and offered is None:
            parsed.problems.append(
                where(row, "INTERVENTION_OFFERED", "required when INTERVENTION_RECEIVED is 0")
            )
        elif received == "1" and offered == "0":
            parsed.problems.append(
                where(row, "INTERVENTION_OFFERED", "0, but an intervention received was offered")
            )
        elif received == "1" and offered == "1":
            parsed.warnings.append(
                where(
                    row,
                    "INTERVENTION_OFFERED",
                    "1 kept, but a return leaves it blank when the intervention was received",
                )
            )


def _is_swe_number(text: str) -> bool:
    try:
        fields.swe_number(text)
    except ValueError:
        return False
    return True


def check_sw_episodes(parsed: Parsed, registered: set[str]) -> None:
    """SW_ID (rule SW02; a worker to be made needs a valid registration number) and the dates;
    ``registered``: the SW_IDs of workers already recorded."""
    for row in parsed.tables["sw_episodes.csv"]:
        sw_id = row["SW_ID"]
        if sw_id != NO_REGISTRATION and not sw_id.startswith("SW"):
            parsed.problems.append(
                where(row, "SW_ID", f"{sw_id!r} neither starts with SW nor is XX (rule SW02)")
            )
        elif sw_id != NO_REGISTRATION and sw_id not in registered and not _is_swe_number(sw_id):
            parsed.problems.append(
                where(
                    row,
                    "SW_ID",
                    f"{sw_id!r} is not a Social Work England number (SW and 1 to 7 digits)",
                )
            )
        if row["SW_DEC"] is not None and row["SW_DEC"] < row["SW_DECOM"]:
            parsed.problems.append(where(row, "SW_DEC", "before SW_DECOM"))


# --- How the file meets the records ------------------------------------------------------------


def _ids(rows: Iterable[str]) -> Iterable[list[str]]:
    ordered = sorted(set(rows))
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start : start + CHUNK]


def match_existing(parsed: Parsed, plans: dict[str, list[PeriodPlan]]) -> dict[str, Person]:
    """The children Sightline holds by LA child ID; each plan that is a period of care they
    have is marked as that period (``existing``), and one the file overlaps but does not start
    on the same day is a problem."""
    existing: dict[str, Person] = {}
    for chunk in _ids(r["CHILD"] for r in parsed.tables["header.csv"]):
        for person in Person.objects.filter(la_child_id__in=chunk):
            existing[str(person.la_child_id)] = person
    old_periods: dict[int, list[PeriodOfCare]] = defaultdict(list)
    old_decoms: set[tuple[int, date]] = set()  # (period, an episode's DECOM)
    for chunk_ids in chunks(p.pk for p in existing.values()):
        for period in PeriodOfCare.objects.filter(child_id__in=chunk_ids).order_by("started_on"):
            old_periods[period.child_id].append(period)
        old_decoms |= set(
            CareEpisode.objects.filter(child_id__in=chunk_ids).values_list("period_id", "decom")
        )
    for child, child_plans in plans.items():
        known = existing.get(child)
        if known is not None:
            for plan in child_plans:
                _match_period(parsed, plan, old_periods.get(known.pk, []), old_decoms)
    return existing


def _match_period(
    parsed: Parsed,
    plan: PeriodPlan,
    old_periods: list[PeriodOfCare],
    old_decoms: set[tuple[int, date]],
) -> None:
    for old in old_periods:
        # The same period: it starts that day, or the file shows it from an episode Sightline
        # holds (a return carries a period's episodes from its year only).
        if old.started_on == plan.started_on or (old.pk, plan.started_on) in old_decoms:
            plan.existing = old
        elif old.started_on < (plan.ended_on or date.max) and plan.started_on < (
            old.ended_on or date.max
        ):
            parsed.problems.append(
                where(
                    plan.episodes[0],
                    "DECOM",
                    f"overlaps the period of care recorded from {old.started_on:%d/%m/%Y}",
                )
            )


def registered_workers(parsed: Parsed) -> set[str]:
    """The SW_IDs of the file that are recorded workers' Social Work England numbers."""
    given = sorted({r["SW_ID"] for r in parsed.tables["sw_episodes.csv"]} - {NO_REGISTRATION})
    return {
        number
        for chunk in _ids(given)
        for number in Worker.objects.filter(swe_number__in=chunk).values_list(
            "swe_number", flat=True
        )
    }


def year_end_of(tables: dict[str, list[Row]]) -> date:
    """31 March of the return's year: every date a return carries (other than dates of birth)
    falls on or before it, and the latest of them falls in the year."""
    days = [
        value
        for rows in tables.values()
        for row in rows
        for column, value in row.items()
        if column in DATES and column not in {"DOB", "MC_DOB"} and value is not None
    ]
    latest = max(days) if days else timezone.localdate()
    return date(latest.year + (1 if latest.month > 3 else 0), 3, 31)
