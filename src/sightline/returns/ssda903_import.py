"""Import an SSDA903 return, all or nothing (CONTRACTS.md "Command-line outputs").

1. Read: each file in the directory is recognised by its header row, whatever it is called.
   Every problem is collected (file, ``line N``, column, message): not a CSV, an unknown or
   wrong header, a blank required field, an invalid code or dd/mm/yyyy date.
2. Check (pure, before writing): each child in the header once and every other table's child
   in it with the same DOB; a child's episodes in date order without overlap, each continuing
   episode (REC X1) followed by one starting on its DEC; the periods of care, legal statuses and
   placements rebuilt from the episodes and passed through ``care.episodes.derive_episodes``:
   an episode derivation cannot produce (one that changes nothing) is a problem; RNE, REC or
   another field that derivation would set differently is kept as given with a warning; reviews
   and missing episodes within a period of care, missing episodes not overlapping; one previous
   permanence row per child; an existing child's period of care that the file overlaps but does
   not start on the same day.
3. Write, in one transaction and in bulk: people (an existing LA child ID updates that child),
   periods of care, legal statuses, placements, the episodes as given, reviews, missing
   episodes, UASC, OC2 health checks, convictions and substance misuse (dated 31 March of the
   year, or the day before the period of care ends if earlier), OC3 in-touch / activity /
   accommodation (dated the birthday in the year), adoption milestones, previous permanence,
   parenthood (MOTHER); then chronology entries from the same event constructors the services
   use and the children's obligations (timescales.engine.rebuild_for).

An existing child's period of care that starts on the day the file's does is kept as
recorded (Sightline's records are the source): its episodes are not replaced, and reviews and
missing episodes already recorded on the same day are not added again.

OC2's outcomes: CONVICTED 1 is a conviction (refused for a child under 10 that day, the age of
criminal responsibility: DfE rule 542); SUBSTANCE_MISUSE 1 is substance misuse identified, with
INTERVENTION_RECEIVED (required: rule 192) and INTERVENTION_OFFERED (required when RECEIVED is
0: rule 159; blank when RECEIVED is 1, which implies it: rule 158, so 1 is kept with a warning
and 0 is refused); 0 records nothing. An existing child who already has one in the year gets
no other. Intervention items given when SUBSTANCE_MISUSE is not 1 (rule 193) are not imported
(a warning).

sw_episodes: each row is a social worker allocation for the child (started SW_DECOM, ended
SW_DEC or open, reason SW_REASON), to the worker whose Social Work England number is SW_ID, or
one made for it in the team "Imported social workers" (from the earliest SW_DECOM); SW_ID XX (no
registration) is one such worker per child. SW_ID must start with SW or be XX (DfE rule SW02) and
a new worker's must be a registration number; SW_DEC may not be before SW_DECOM. An existing
child's social worker allocation that starts on SW_DECOM is that row (its end and reason are
updated); others are added.

Nothing is removed (decision 0013), and a return's values Sightline already holds add nothing:
a period of care the file shows from an episode Sightline holds is that period; OC2's checks
of a kind the child has in the year and OC3's values Sightline would report are not added
again, so importing the authority's own export changes nothing.

Not stored (listed as a warning): dolo (deprivation of liberty orders are not yet recorded).
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.db.models import Max, Model
from django.utils import timezone

from sightline.care import episodes as derivation
from sightline.care import events as care_events
from sightline.care.codes import HealthCheckKind
from sightline.care.models import (
    AdoptionMilestones,
    CareEpisode,
    Conviction,
    HealthAssessment,
    LegalStatus,
    LookedAfterReview,
    MissingEpisode,
    PeriodOfCare,
    Placement,
    PreviousPermanence,
    SubstanceMisuse,
    UnaccompaniedStatus,
)
from sightline.care.social_worker_episodes import NO_REGISTRATION
from sightline.chronology.handlers import entry_values
from sightline.chronology.models import ChronologyEntry
from sightline.core.events import DomainEvent
from sightline.leaving_care import events as lc_events
from sightline.leaving_care.codes import accommodation_suitable
from sightline.leaving_care.eligibility import birthday
from sightline.leaving_care.models import Accommodation, Activity, InTouch, Parenthood
from sightline.people import events as people_events
from sightline.people.models import Person
from sightline.people.names import name_keys
from sightline.returns import fields
from sightline.returns.files import ImportResult, Problem, ReturnFileError
from sightline.returns.ssda903_tables import (
    BIRTH_DATES,
    CODES,
    DATES,
    FORMS,
    MAX_LENGTH,
    REQUIRED,
    ROW_KEYS,
    TABLES,
    UPN_UNKNOWN_903,
    parse_partial_date,
)
from sightline.synthetic.bulk import insert_rows, reset_sequences, row_values
from sightline.workforce import events as workforce_events
from sightline.workforce.models import Allocation, Team, Worker

Row = dict[str, Any]
CHUNK = 5_000
MOVES = frozenset({"P", "T", "B", "U"})
SAME_CARER = frozenset({"T", "U"})
AGE_OF_CRIMINAL_RESPONSIBILITY = 10
IMPORTED_TEAM = "Imported social workers"


@dataclass
class Parsed:
    """The typed rows of each table (values parsed; ``_file`` and ``_line`` say where)."""

    tables: dict[str, list[Row]] = field(default_factory=lambda: {name: [] for name in TABLES})
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


# --- 1. read --------------------------------------------------------------------------------


def _names(names: list[str], shown: int = 10) -> str:
    """Column names for a problem: the first ``shown`` (a header row may hold a million)."""
    listed = ", ".join(n if len(n) <= 30 else n[:30] + "..." for n in names[:shown])
    return listed + (f" and {len(names) - shown:,} more" if len(names) > shown else "")


def recognise(header: list[str]) -> tuple[str | None, str]:
    """The table a header row is, or (closest table or None, what is wrong). Linear in the
    number of columns: a header row of a million commas is refused at once."""
    cleaned = [h.strip().upper() for h in header]
    twice = sorted(name for name, n in Counter(cleaned).items() if n > 1)
    if twice:
        return None, "column(s) named twice (names are read in capitals): " + _names(twice)
    for name, columns in TABLES.items():
        if cleaned == list(columns):
            return name, ""
    for name, columns in TABLES.items():
        if set(cleaned) == set(columns):
            return name, ""
    best, overlap = None, 0
    for name, columns in TABLES.items():
        common = len(set(cleaned) & set(columns))
        if common > overlap:
            best, overlap = name, common
    if best is None or overlap < max(2, len(TABLES[best]) // 2) or len(TABLES[best]) == 0:
        return None, "unknown header row: not one of the SSDA903 tables"
    missing = [c for c in TABLES[best] if c not in cleaned]
    extra = [c for c in cleaned if c not in TABLES[best]]
    parts = []
    if missing:
        parts.append("missing column(s) " + _names(missing))
    if extra:
        parts.append("unexpected column(s) " + _names(extra))
    return best, f"{best} header: " + "; ".join(parts)


def _value(table: str, column: str, text: str) -> tuple[Any, str]:
    """(parsed value, problem or '')."""
    if not text:
        if column in REQUIRED[table]:
            return None, "required, but blank"
        return None, ""
    try:
        if column in DATES:
            return fields.dmy_date(text, birth=column in BIRTH_DATES), ""
        if column == "DATE_PERM":
            return parse_partial_date(text), ""
        if column == "SDQ_SCORE":
            return fields.whole_number(text, 0, 40), ""
        if column == "UPN":
            return (text if text in UPN_UNKNOWN_903 else fields.upn(text)), ""
        form = FORMS.get(column)
        if form is not None:
            form(text)
    except ValueError as error:
        return None, str(error)
    codes = CODES.get(column)
    if codes is not None and text not in codes:
        return None, f"{fields.shown(text)} is not a valid code"
    limit = MAX_LENGTH.get(column)
    if limit is not None and len(text) > limit:
        return None, f"{fields.shown(text)} is longer than {limit} characters"
    return text, ""


class _NulByte(ValueError):
    def __str__(self) -> str:
        return "a NUL byte"


def _read_table(
    name: str,
    records: Iterator[list[str]],
    parsed: Parsed,
    seen: dict[str, str],
    problem: Callable[[str, str, str], None],
) -> None:
    """One file's records, read as they come (blank lines are skipped, never held), into
    ``parsed``; the reader's errors (not UTF-8, a field past the CSV limit) reach the caller."""
    header = next(records, None)
    if header is None:
        problem("line 1", "", "empty file: no header row")
        return
    if any("\x00" in c for c in header):
        raise _NulByte
    table, wrong = recognise(header)
    if table is None or wrong:
        problem("line 1", "", wrong)
        return
    if table in seen:
        problem("line 1", "", f"a second {table} table (the first is {seen[table]})")
        return
    seen[table] = name
    columns = [h.strip().upper() for h in header]
    for number, cells in enumerate(records, start=2):
        if not cells:  # a blank line
            continue
        if any("\x00" in c for c in cells):
            raise _NulByte
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(columns):
            problem(f"line {number}", "", f"{len(cells)} fields, the header has {len(columns)}")
            continue
        row: Row = {"_file": name, "_line": number}
        ok = True
        for column, cell in zip(columns, cells, strict=True):
            value, message = _value(table, column, cell.strip())
            if message:
                problem(f"line {number}", column, message)
                ok = False
            row[column] = value
        if ok:
            parsed.tables[table].append(row)


def read_directory(directory: Path) -> Parsed:
    parsed = Parsed()
    files = sorted(p for p in directory.iterdir() if p.is_file()) if directory.is_dir() else []
    if directory.is_file():
        files = [directory]
    seen: dict[str, str] = {}
    for path in files:
        problem = lambda loc, col, msg, f=path.name: parsed.problems.append(  # noqa: E731
            Problem(f, loc, col, msg)
        )
        try:
            with path.open(encoding="utf-8-sig", newline="") as handle:
                _read_table(path.name, csv.reader(handle), parsed, seen, problem)
        except (UnicodeDecodeError, csv.Error, _NulByte) as error:
            problem("", "", f"not a readable CSV file ({error})")
    if not files:
        parsed.problems.append(Problem(str(directory), "", "", "no SSDA903 files found"))
    elif "header.csv" not in seen and not parsed.problems:
        parsed.problems.append(Problem(str(directory), "", "", "no header table (CHILD, SEX, …)"))
    return parsed


# --- 2. check -------------------------------------------------------------------------------


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


def _where(row: Row, column: str, message: str) -> Problem:
    return Problem(row["_file"], f"line {row['_line']}", column, message)


def _periods(child: str, rows: list[Row], parsed: Parsed) -> list[PeriodPlan]:
    """A child's episodes (in date order) grouped into periods of care, checked."""
    rows = sorted(rows, key=lambda r: r["DECOM"])
    groups: list[list[Row]] = []
    ok = True
    for index, row in enumerate(rows):
        if (row["DEC"] is None) != (row["REC"] is None):
            parsed.problems.append(_where(row, "DEC", "DEC and REC must both be given or blank"))
            ok = False
        if row["DEC"] is not None and row["DEC"] <= row["DECOM"]:
            parsed.problems.append(
                _where(row, "DEC", "an episode must end after the day it starts")
            )
            ok = False
        previous = rows[index - 1] if index else None
        if previous is None:
            groups.append([row])
            continue
        if previous["DEC"] is None or row["DECOM"] < previous["DEC"]:
            parsed.problems.append(
                _where(
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
                    _where(
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
            _where(rows[-1], "REC", "X1 (a new episode begins) but no episode follows")
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
        parsed.problems.append(_where(first, "DECOM", f"the period of care: {error}"))
        return
    by_day = {e.decom: e for e in derived}
    for row in plan.episodes:
        match = by_day.get(row["DECOM"])
        if match is None:
            parsed.problems.append(
                _where(
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
                    _where(
                        row,
                        column,
                        f"{given or 'blank'} kept as given; Sightline derives {ours or 'blank'}",
                    )
                )


def _period_for(plans: list[PeriodPlan], day: date) -> PeriodPlan | None:
    for plan in plans:
        if plan.contains(day):
            return plan
    return None


def check(parsed: Parsed) -> dict[str, list[PeriodPlan]]:
    t = parsed.tables
    _no_row_twice(parsed)
    header: dict[str, Row] = {}
    for row in t["header.csv"]:
        header.setdefault(row["CHILD"], row)
        if row["MOTHER"] == "1" and row["MC_DOB"] is None:
            parsed.problems.append(_where(row, "MC_DOB", "blank, but the child is a mother"))
        if row["MC_DOB"] is not None and row["MOTHER"] != "1":
            parsed.problems.append(_where(row, "MOTHER", "MC_DOB given, but MOTHER is not 1"))
    for name, rows in t.items():
        if name == "header.csv":
            continue
        for row in rows:
            head = header.get(row["CHILD"])
            if head is None:
                parsed.problems.append(_where(row, "CHILD", "not in the header table"))
            elif "DOB" in row and row["DOB"] != head["DOB"]:
                parsed.problems.append(_where(row, "DOB", "differs from the header's DOB"))
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
    for row in t["reviews.csv"]:
        if (
            row["CHILD"] in header
            and _period_for(plans.get(row["CHILD"], []), row["REVIEW"]) is None
        ):
            parsed.problems.append(_where(row, "REVIEW", "not within a period of care"))
    missing: dict[str, list[Row]] = defaultdict(list)
    for row in t["missing.csv"]:
        missing[row["CHILD"]].append(row)
        if row["MIS_END"] is not None and row["MIS_END"] < row["MIS_START"]:
            parsed.problems.append(_where(row, "MIS_END", "before MIS_START"))
        elif row["CHILD"] in header and _missing_period(plans.get(row["CHILD"], []), row) is None:
            parsed.problems.append(_where(row, "MIS_START", "not within a period of care"))
    for rows in missing.values():
        rows.sort(key=lambda r: r["MIS_START"])
        for before, after in pairwise(rows):
            if before["MIS_END"] is None or after["MIS_START"] < before["MIS_END"]:
                parsed.problems.append(
                    _where(after, "MIS_START", "overlaps another missing episode")
                )
    for row in t["previous_permanence.csv"] + t["ad1.csv"] + t["oc2.csv"]:
        if row["CHILD"] in header and not plans.get(row["CHILD"]):
            parsed.problems.append(_where(row, "CHILD", "no episodes: no period of care for it"))
    for row in t["placed_for_adoption.csv"]:
        if (row["DATE_PLACED_CEASED"] is None) != (row["REASON_PLACED_CEASED"] is None):
            parsed.problems.append(
                _where(row, "REASON_PLACED_CEASED", "give both the date and the reason, or neither")
            )
        if row["CHILD"] in header and not plans.get(row["CHILD"]):
            parsed.problems.append(_where(row, "CHILD", "no episodes: no period of care for it"))
    for row in t["ad1.csv"]:
        if row["CHILD"] in header and _adopted_period(plans.get(row["CHILD"], [])) is None:
            parsed.problems.append(
                _where(row, "CHILD", "AD1, but no period of care ends in adoption (E11, E12)")
            )
    return plans


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
                    _where(
                        row,
                        key[-1],
                        f"the same {' and '.join(key)} as line {earlier['_line']}: "
                        "a row may be given once",
                    )
                )


def _missing_period(plans: list[PeriodPlan], row: Row) -> PeriodPlan | None:
    found = _period_for(plans, row["MIS_START"])
    if found is None and row["MIS_END"] is not None:
        found = _period_for(plans, row["MIS_END"])
    if found is None:
        found = next((p for p in plans if p.started_on >= row["MIS_START"]), None)
    return found


def _adopted_period(plans: list[PeriodPlan]) -> PeriodPlan | None:
    return next((p for p in reversed(plans) if p.reason_ceased in {"E11", "E12"}), None)


def _decision_period(plans: list[PeriodPlan], day: date) -> PeriodPlan:
    return _period_for(plans, day) or next((p for p in plans if p.started_on >= day), plans[-1])


def _oc2_day(plans: list[PeriodPlan], year_end: date) -> tuple[PeriodPlan, date]:
    """The period of care OC2's records belong to and their date: 31 March of the year, or the
    day before that period ends if earlier."""
    plan = _period_for(plans, year_end) or plans[-1]
    ended = plan.ended_on
    return plan, min(year_end, ended - timedelta(days=1)) if ended else year_end


def check_oc2(parsed: Parsed, plans: dict[str, list[PeriodPlan]], year_end: date) -> None:
    """OC2's outcomes as the records can hold them (see the module's docstring)."""
    for row in parsed.tables["oc2.csv"]:
        child_plans = plans.get(row["CHILD"])
        if row["CONVICTED"] == "1" and child_plans:
            _, day = _oc2_day(child_plans, year_end)
            tenth = birthday(row["DOB"], AGE_OF_CRIMINAL_RESPONSIBILITY)
            if day < tenth:
                parsed.problems.append(
                    _where(
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
                    _where(
                        row,
                        "INTERVENTION_RECEIVED" if received is not None else "INTERVENTION_OFFERED",
                        "not imported: SUBSTANCE_MISUSE is not 1 (an intervention is recorded only "
                        "for a substance misuse problem)",
                    )
                )
        elif received is None:
            parsed.problems.append(
                _where(row, "INTERVENTION_RECEIVED", "required when SUBSTANCE_MISUSE is 1")
            )
        elif received == "0" and offered is None:
            parsed.problems.append(
                _where(row, "INTERVENTION_OFFERED", "required when INTERVENTION_RECEIVED is 0")
            )
        elif received == "1" and offered == "0":
            parsed.problems.append(
                _where(row, "INTERVENTION_OFFERED", "0, but an intervention received was offered")
            )
        elif received == "1" and offered == "1":
            parsed.warnings.append(
                _where(
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
                _where(row, "SW_ID", f"{sw_id!r} neither starts with SW nor is XX (rule SW02)")
            )
        elif sw_id != NO_REGISTRATION and sw_id not in registered and not _is_swe_number(sw_id):
            parsed.problems.append(
                _where(
                    row,
                    "SW_ID",
                    f"{sw_id!r} is not a Social Work England number (SW and 1 to 7 digits)",
                )
            )
        if row["SW_DEC"] is not None and row["SW_DEC"] < row["SW_DECOM"]:
            parsed.problems.append(_where(row, "SW_DEC", "before SW_DECOM"))


# --- 3. write -------------------------------------------------------------------------------


def _aware(day: date, at: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, at))


def _ids(rows: Iterable[str]) -> Iterable[list[str]]:
    ordered = sorted(set(rows))
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start : start + CHUNK]


def import_return(
    directory: Path, today: date | None = None, year: int | None = None
) -> ImportResult:
    parsed = read_directory(directory)
    if parsed.problems:
        raise ReturnFileError(parsed.problems)
    plans = check(parsed)
    t = parsed.tables
    existing: dict[str, Person] = {}
    for chunk in _ids(r["CHILD"] for r in t["header.csv"]):
        for person in Person.objects.filter(la_child_id__in=chunk):
            existing[str(person.la_child_id)] = person
    old_periods: dict[int, list[PeriodOfCare]] = defaultdict(list)
    old_decoms: set[tuple[int, date]] = set()  # (period, an episode's DECOM)
    for chunk_ids in _chunks([p.pk for p in existing.values()]):
        for period in PeriodOfCare.objects.filter(child_id__in=chunk_ids).order_by("started_on"):
            old_periods[period.child_id].append(period)
        old_decoms |= set(
            CareEpisode.objects.filter(child_id__in=chunk_ids).values_list("period_id", "decom")
        )
    for child, child_plans in plans.items():
        known = existing.get(child)
        if known is None:
            continue
        for plan in child_plans:
            for old in old_periods.get(known.pk, []):
                # The same period: it starts that day, or the file shows it from an episode
                # Sightline holds (a return carries a period's episodes from its year only).
                if old.started_on == plan.started_on or (old.pk, plan.started_on) in old_decoms:
                    plan.existing = old
                elif old.started_on < (plan.ended_on or date.max) and plan.started_on < (
                    old.ended_on or date.max
                ):
                    parsed.problems.append(
                        _where(
                            plan.episodes[0],
                            "DECOM",
                            f"overlaps the period of care recorded from {old.started_on:%d/%m/%Y}",
                        )
                    )
    year_end = date(year, 3, 31) if year else _year_end(parsed.tables)
    check_oc2(parsed, plans, year_end)
    given_ids = sorted({r["SW_ID"] for r in t["sw_episodes.csv"]} - {NO_REGISTRATION})
    registered = {
        number
        for chunk in _ids(given_ids)
        for number in Worker.objects.filter(swe_number__in=chunk).values_list(
            "swe_number", flat=True
        )
    }
    check_sw_episodes(parsed, registered)
    if parsed.problems:
        raise ReturnFileError(parsed.problems)
    for name, column, why in (
        ("dolo.csv", "DOLO_START", "deprivation of liberty orders are not yet recorded"),
    ):
        given = [r for r in t[name] if r[column] is not None]
        if given:
            parsed.warnings.append(
                Problem(given[0]["_file"], "", "", f"{len(given)} rows not imported: {why}")
            )
    with transaction.atomic():
        result = _write(parsed, plans, existing, today or timezone.localdate(), year_end)
    return result


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def _write(
    parsed: Parsed,
    plans: dict[str, list[PeriodPlan]],
    existing: dict[str, Person],
    today: date,
    year_end: date,
) -> ImportResult:
    from sightline.timescales.engine import rebuild_for

    t = parsed.tables
    events: list[tuple[Callable[..., DomainEvent], tuple[Any, ...]]] = []
    counts: dict[str, int] = defaultdict(int)

    def create(model: type[Model], rows: list[Any]) -> list[Any]:
        """Insert in bulk, as synthetic.bulk does: primary keys given in order from the
        table's highest (the table is locked on PostgreSQL for the transaction), then one
        executemany; Django's bulk_create compiles SQL per object and is several times slower.
        The sequences are moved past the keys at the end."""
        if rows:
            _lock(model)
            start = model._default_manager.aggregate(m=Max("pk"))["m"] or 0
            stamped = [
                f.attname
                for f in model._meta.concrete_fields
                if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
            ]
            now = timezone.now()
            for offset, row in enumerate(rows, start=1):
                row.pk = start + offset
                for attname in stamped:
                    setattr(row, attname, now)
            insert_rows(model, [row_values(model, row) for row in rows])
            counts[model._meta.label] += len(rows)
            inserted.append(model)
        return rows

    inserted: list[type[Model]] = []

    # People.
    people: dict[str, Person] = {}
    new_people: list[Person] = []
    updated: list[Person] = []
    uasc_children = {r["CHILD"] for r in t["uasc.csv"]}
    for row in t["header.csv"]:
        upn = row["UPN"]
        values = {
            "sex": row["SEX"],
            "birth_date": row["DOB"],
            "ethnicity": row["ETHNIC"],
            "upn": "" if upn in UPN_UNKNOWN_903 else upn,
            "upn_unknown": upn if upn in UPN_UNKNOWN_903 else "",
        }
        child_person = existing.get(row["CHILD"])
        if child_person is None:
            child_person = Person(
                kind=Person.Kind.CHILD,
                la_child_id=row["CHILD"],
                given_name="",
                family_name=f"(SSDA903 child {row['CHILD']})",
                **name_keys("", f"(SSDA903 child {row['CHILD']})"),
                is_uasc=row["CHILD"] in uasc_children,
                **values,
            )
            new_people.append(child_person)
        else:
            for name, value in values.items():
                setattr(child_person, name, value)
            child_person.is_uasc = child_person.is_uasc or row["CHILD"] in uasc_children
            updated.append(child_person)
        people[row["CHILD"]] = child_person
    create(Person, new_people)
    if updated:
        Person.objects.bulk_update(
            updated, ["sex", "birth_date", "ethnicity", "upn", "upn_unknown", "is_uasc"], 2_000
        )
    for person in new_people:
        events.append((people_events.person_registered, (person, today)))

    # Periods of care, legal statuses, placements, episodes.
    new_plans = [p for child_plans in plans.values() for p in child_plans if p.existing is None]
    periods = create(
        PeriodOfCare,
        [
            PeriodOfCare(
                child=people[p.child],
                started_on=p.started_on,
                ended_on=p.ended_on,
                reason_ceased=p.reason_ceased,
                category_of_need=p.episodes[0]["CIN"],
                home_postcode=p.episodes[0]["HOME_POST"] or "",
            )
            for p in new_plans
        ],
    )
    for plan, period in zip(new_plans, periods, strict=True):
        plan.existing = period
    statuses: list[LegalStatus] = []
    placements: list[Placement] = []
    episodes: list[CareEpisode] = []
    first_of: dict[int, LegalStatus] = {}
    for plan in new_plans:
        period = plan.existing
        assert period is not None
        for s in plan.statuses:
            statuses.append(
                LegalStatus(period=period, child=period.child, started_on=s.start, code=s.code)
            )
        for p in plan.placements:
            placements.append(
                Placement(
                    period=period,
                    child=period.child,
                    started_on=p.start,
                    ended_on=p.end,
                    place=p.place,
                    provider=p.provider,
                    carer=p.carer,
                    urn=p.urn,
                    postcode=p.postcode,
                    change_reason=p.change_reason,
                )
            )
        for e in plan.episodes:
            episodes.append(
                CareEpisode(
                    period=period,
                    child=period.child,
                    decom=e["DECOM"],
                    rne=e["RNE"],
                    ls=e["LS"],
                    cin=e["CIN"],
                    place=e["PLACE"],
                    place_provider=e["PLACE_PROVIDER"] or "",
                    dec=e["DEC"],
                    rec=e["REC"] or "",
                    reason_place_change=e["REASON_PLACE_CHANGE"] or "",
                    home_post=e["HOME_POST"] or "",
                    pl_post=e["PL_POST"] or "",
                    urn=e["URN"] or "",
                )
            )
    create(LegalStatus, statuses)
    create(Placement, placements)
    create(CareEpisode, episodes)
    for written_status in statuses:
        if written_status.started_on == written_status.period.started_on:
            first_of.setdefault(written_status.period.pk, written_status)
        else:
            events.append((care_events.legal_status_changed, (written_status,)))
    for written in placements:
        if written.started_on == written.period.started_on:
            status = first_of[written.period.pk]
            events.append((care_events.care_started, (written.period, status, written)))
        else:
            events.append((care_events.placement_changed, (written,)))
    for period in periods:
        if period.ended_on is not None:
            events.append((care_events.care_ended, (period,)))

    # Reviews and missing episodes (not again where the child's record has them).
    child_pks = [p.pk for p in people.values()]
    have_reviews: set[tuple[int, date]] = set()
    have_missing: set[tuple[int, date]] = set()
    if existing:
        old_ids = [p.pk for p in existing.values()]
        for chunk in _chunks(old_ids):
            have_reviews |= set(
                LookedAfterReview.objects.filter(child_id__in=chunk).values_list(
                    "child_id", "held_on"
                )
            )
            for child_id, started in MissingEpisode.objects.filter(child_id__in=chunk).values_list(
                "child_id", "started_at"
            ):
                have_missing.add((child_id, timezone.localdate(started)))
    reviews = []
    for row in t["reviews.csv"]:
        person = people[row["CHILD"]]
        if (person.pk, row["REVIEW"]) in have_reviews:
            continue
        review_plan = _period_for(plans[row["CHILD"]], row["REVIEW"])
        assert review_plan is not None and review_plan.existing is not None
        reviews.append(
            LookedAfterReview(
                period=review_plan.existing,
                child=person,
                held_on=row["REVIEW"],
                participation=row["REVIEW_CODE"],
            )
        )
    create(LookedAfterReview, reviews)
    events.extend((care_events.review_held, (r,)) for r in reviews)
    missing = []
    for row in t["missing.csv"]:
        person = people[row["CHILD"]]
        if (person.pk, row["MIS_START"]) in have_missing:
            continue
        missing_plan = _missing_period(plans[row["CHILD"]], row)
        assert missing_plan is not None and missing_plan.existing is not None
        missing.append(
            MissingEpisode(
                period=missing_plan.existing,
                child=person,
                kind=row["MISSING"],
                started_at=_aware(row["MIS_START"], time(0, 0)),
                ended_at=None if row["MIS_END"] is None else _aware(row["MIS_END"], time(23, 59)),
            )
        )
    create(MissingEpisode, missing)
    for m in missing:
        events.append((care_events.missing_started, (m,)))
        if m.ended_at is not None:
            events.append((care_events.missing_ended, (m,)))

    # UASC.
    old_uasc = {
        u.child_id: u
        for chunk in _chunks(child_pks)
        for u in UnaccompaniedStatus.objects.filter(child_id__in=chunk)
    }
    new_uasc: list[UnaccompaniedStatus] = []
    changed_uasc: list[UnaccompaniedStatus] = []
    for row in t["uasc.csv"]:
        person = people[row["CHILD"]]
        child_plans = plans.get(row["CHILD"], [])
        recorded = child_plans[0].started_on if child_plans else row["DOB"]
        if row["DUC"] is not None and recorded >= row["DUC"]:
            recorded = row["DUC"] - timedelta(days=1)
        uasc = old_uasc.get(person.pk)
        if uasc is None:
            new_uasc.append(
                UnaccompaniedStatus(child=person, recorded_on=recorded, ceased_on=row["DUC"])
            )
        elif uasc.ceased_on != row["DUC"] and row["DUC"] is not None:
            uasc.ceased_on = row["DUC"]
            changed_uasc.append(uasc)
    create(UnaccompaniedStatus, new_uasc)
    if changed_uasc:
        UnaccompaniedStatus.objects.bulk_update(changed_uasc, ["ceased_on"])
    for u in new_uasc:
        events.append((care_events.uasc_recorded, (u,)))
        if u.ceased_on is not None:
            events.append((care_events.uasc_ceased, (u,)))

    # OC2: the year's health checks and outcomes, dated 31 March of the year.
    checks = []
    convictions: list[Conviction] = []
    misuse: list[SubstanceMisuse] = []
    for row in t["oc2.csv"]:
        person = people[row["CHILD"]]
        oc2_plan, day = _oc2_day(plans[row["CHILD"]], year_end)
        assert oc2_plan.existing is not None
        period = oc2_plan.existing
        if row["CONVICTED"] == "1":
            convictions.append(Conviction(child=person, period=period, convicted_on=day))
        if row["SUBSTANCE_MISUSE"] == "1":
            received = row["INTERVENTION_RECEIVED"] == "1"
            misuse.append(
                SubstanceMisuse(
                    child=person,
                    identified_on=day,
                    intervention_offered=received or row["INTERVENTION_OFFERED"] == "1",
                    intervention_received=received,
                )
            )

        def check_of(
            kind: str,
            period: PeriodOfCare = period,
            person: Person = person,
            day: date = day,
            **extra: Any,
        ) -> HealthAssessment:
            return HealthAssessment(period=period, child=person, kind=kind, done_on=day, **extra)

        if row["HEALTH_ASSESSMENT"] == "1" or row["HEALTH_CHECK"] == "1":
            checks.append(check_of(HealthCheckKind.REVIEW))
        if row["IMMUNISATIONS"] == "1":
            checks.append(check_of(HealthCheckKind.IMMUNISATIONS))
        if row["TEETH_CHECK"] == "1":
            checks.append(check_of(HealthCheckKind.DENTAL))
        if row["SDQ_SCORE"] is not None or row["SDQ_REASON"] is not None:
            checks.append(
                check_of(
                    HealthCheckKind.SDQ,
                    sdq_score=row["SDQ_SCORE"],
                    sdq_reason="" if row["SDQ_SCORE"] is not None else row["SDQ_REASON"],
                )
            )
    if existing:
        checks = _checks_not_in_year(checks, date(year_end.year - 1, 4, 1), year_end)
    create(HealthAssessment, checks)
    events.extend((care_events.health_check_recorded, (h,)) for h in checks)
    if existing:
        year_start = date(year_end.year - 1, 4, 1)
        convictions = _none_in_year(convictions, Conviction, "convicted_on", year_start, year_end)
        misuse = _none_in_year(misuse, SubstanceMisuse, "identified_on", year_start, year_end)
    create(Conviction, convictions)
    create(SubstanceMisuse, misuse)
    events.extend((care_events.conviction_recorded, (c,)) for c in convictions)
    events.extend((care_events.substance_misuse_recorded, (m,)) for m in misuse)

    # OC3: in touch, activity, accommodation on the birthday in the year.
    touches, activities, accommodations = [], [], []
    for row in t["oc3.csv"]:
        person = people[row["CHILD"]]
        day = _birthday_in_year(row["DOB"], year_end)
        if row["IN_TOUCH"] is not None:
            touches.append(InTouch(child=person, recorded_on=day, in_touch=row["IN_TOUCH"]))
        if row["ACTIV"] is not None:
            activities.append(Activity(child=person, from_date=day, code=row["ACTIV"]))
        if row["ACCOM"] is not None:
            accommodations.append(
                Accommodation(
                    child=person,
                    from_date=day,
                    code=row["ACCOM"],
                    suitable=accommodation_suitable(row["ACCOM"]),
                )
            )
    if existing:
        touches = _not_recorded(touches, InTouch, "recorded_on")
        activities = _not_recorded(activities, Activity, "from_date")
        accommodations = _not_recorded(accommodations, Accommodation, "from_date")
        touches = _not_reported(touches, InTouch, "recorded_on", "in_touch", year_end)
        activities = _not_reported(activities, Activity, "from_date", "code", year_end)
        accommodations = _not_reported(accommodations, Accommodation, "from_date", "code", year_end)
    create(InTouch, touches)
    create(Activity, activities)
    create(Accommodation, accommodations)
    events.extend((lc_events.in_touch_recorded, (x,)) for x in touches)
    events.extend((lc_events.activity_recorded, (x,)) for x in activities)
    events.extend((lc_events.accommodation_recorded, (x,)) for x in accommodations)

    # Adoption: one milestones row per period, from placed_for_adoption and AD1.
    milestones: dict[int, AdoptionMilestones] = {}
    for row in t["placed_for_adoption.csv"]:
        plan = _decision_period(plans[row["CHILD"]], row["DATE_PLACED"])
        assert plan.existing is not None
        milestones[plan.existing.pk] = AdoptionMilestones(
            period=plan.existing,
            child=people[row["CHILD"]],
            decision_on=row["DATE_PLACED"],
            reversed_on=row["DATE_PLACED_CEASED"],
            reversed_reason=row["REASON_PLACED_CEASED"] or "",
        )
    for row in t["ad1.csv"]:
        adopted = _adopted_period(plans[row["CHILD"]])
        assert adopted is not None and adopted.existing is not None
        found = milestones.get(adopted.existing.pk)
        if found is None:
            found = milestones[adopted.existing.pk] = AdoptionMilestones(
                period=adopted.existing,
                child=people[row["CHILD"]],
                decision_on=row["DATE_INT"] or adopted.started_on,
            )
        elif row["DATE_INT"] is not None and row["DATE_INT"] != found.decision_on:
            parsed.warnings.append(
                _where(row, "DATE_INT", "differs from DATE_PLACED: the DATE_PLACED is kept")
            )
        found.matched_on = row["DATE_MATCH"]
        found.adoption_order_on = adopted.ended_on
        found.foster_care = None if row["FOSTER_CARE"] is None else row["FOSTER_CARE"] == "1"
        found.number_of_adopters = None if row["NB_ADOPTR"] is None else int(row["NB_ADOPTR"])
        found.sex_of_adopters = row["SEX_ADOPTR"] or ""
        found.legal_status_of_adopters = row["LS_ADOPTR"] or ""
    had = (
        set(
            AdoptionMilestones.objects.filter(period_id__in=list(milestones)).values_list(
                "period_id", flat=True
            )
        )
        if existing
        else set()
    )
    adoption = create(AdoptionMilestones, [m for k, m in milestones.items() if k not in had])
    for m in adoption:
        for milestone in ("decision_on", "matched_on", "adoption_order_on", "reversed_on"):
            if getattr(m, milestone) is not None:
                events.append((care_events.adoption_milestone_recorded, (m, milestone)))

    # Previous permanence: the child's latest period in the file.
    permanence = []
    for row in t["previous_permanence.csv"]:
        if row["PREV_PERM"] is None:
            continue
        plan = plans[row["CHILD"]][-1]
        assert plan.existing is not None
        year, month, day_ = row["DATE_PERM"] or (None, None, None)
        permanence.append(
            PreviousPermanence(
                period=plan.existing,
                child=people[row["CHILD"]],
                kind=row["PREV_PERM"],
                la=row["LA_PERM"] or "",
                order_year=year,
                order_month=month,
                order_day=day_,
            )
        )
    if existing:
        had = set(
            PreviousPermanence.objects.filter(
                period_id__in=[p.period.pk for p in permanence]
            ).values_list("period_id", flat=True)
        )
        permanence = [p for p in permanence if p.period.pk not in had]
    create(PreviousPermanence, permanence)
    events.extend(
        (care_events.previous_permanence_recorded, (p, p.period.started_on)) for p in permanence
    )

    # MOTHER: a parenthood on the mother's child's date of birth.
    parents = [
        Parenthood(child=people[r["CHILD"]], became_parent_on=r["MC_DOB"])
        for r in t["header.csv"]
        if r["MOTHER"] == "1" and r["MC_DOB"] is not None
    ]
    if existing:
        parents = _not_recorded(parents, Parenthood, "became_parent_on")
    create(Parenthood, parents)
    events.extend((lc_events.parenthood_recorded, (p,)) for p in parents)

    # Social worker episodes: allocations (an existing child's in the year are replaced).
    _write_sw_episodes(t["sw_episodes.csv"], people, existing, year_end, create, events)

    # Chronology, then obligations.
    entries = [
        ChronologyEntry(**entry)
        for constructor, args in events
        if (entry := entry_values(constructor(*args))) is not None
    ]
    create(ChronologyEntry, entries)
    reset_sequences(inserted)
    rebuild_for(child_pks, today)
    return ImportResult(
        children_created=len(new_people),
        children_updated=len(updated),
        rows=dict(counts),
        warnings=parsed.warnings,
    )


def _write_sw_episodes(
    rows: list[Row],
    people: dict[str, Person],
    existing: dict[str, Person],
    year_end: date,
    create: Callable[[type[Model], list[Any]], list[Any]],
    events: list[tuple[Callable[..., DomainEvent], tuple[Any, ...]]],
) -> None:
    if not rows:
        return
    social_worker = Allocation.Kind.SOCIAL_WORKER
    # An existing child's allocation that starts on a row's SW_DECOM is that row: its end and
    # reason are updated; the rest are added and none is removed (decision 0013).
    known = sorted({people[r["CHILD"]].pk for r in rows if r["CHILD"] in existing})
    held: dict[tuple[int, date], Allocation] = {}
    for chunk in _chunks(known):
        for one in Allocation.objects.filter(child_id__in=chunk, kind=social_worker).order_by("pk"):
            held.setdefault((one.child_id, one.started_on), one)
    changed: list[Allocation] = []
    remaining: list[Row] = []
    for row in rows:
        allocation = held.get((people[row["CHILD"]].pk, row["SW_DECOM"]))
        if allocation is None:
            remaining.append(row)
            continue
        reason, ended = row["SW_REASON"] or "", row["SW_DEC"]
        if ended is None and allocation.ended_on is not None and allocation.ended_on > year_end:
            ended = allocation.ended_on  # the return shows it as it stood on 31 March
        if (allocation.ended_on, allocation.reason) != (ended, reason):
            allocation.ended_on, allocation.reason = ended, reason
            changed.append(allocation)
    if changed:
        Allocation.objects.bulk_update(changed, ["ended_on", "reason"], batch_size=2_000)
        for chunk in _chunks([a.pk for a in changed]):
            ChronologyEntry.objects.filter(
                record_type=Allocation._meta.label, record_id__in=chunk
            ).delete()
        for a in changed:
            events.append((workforce_events.worker_allocated, (a,)))
            if a.ended_on is not None:
                events.append((workforce_events.allocation_ended, (a,)))
    rows = remaining
    if not rows:
        return
    given = sorted({r["SW_ID"] for r in rows} - {NO_REGISTRATION})
    workers: dict[tuple[str, str], Worker] = {
        ("", w.swe_number): w
        for chunk in _ids(given)
        for w in Worker.objects.filter(swe_number__in=chunk).select_related("team")
    }

    def key(row: Row) -> tuple[str, str]:
        """A registered worker by number; a worker without one (XX) per child."""
        sw_id = row["SW_ID"]
        return (row["CHILD"], sw_id) if sw_id == NO_REGISTRATION else ("", sw_id)

    earliest: dict[tuple[str, str], date] = {}
    for row in rows:
        k = key(row)
        if k not in workers:
            earliest[k] = min(earliest.get(k, row["SW_DECOM"]), row["SW_DECOM"])
    if earliest:
        team, _ = Team.objects.get_or_create(
            name=IMPORTED_TEAM, defaults={"kind": Team.Kind.CHILDREN_IN_CARE}
        )
        made = {
            k: Worker(
                given_name="",
                family_name=f"Social worker {k[1]}",
                role=Worker.Role.SOCIAL_WORKER,
                team=team,
                swe_number="" if k[1] == NO_REGISTRATION else k[1],
                started_on=day,
            )
            for k, day in earliest.items()
        }
        create(Worker, list(made.values()))
        workers.update(made)
    allocations = []
    for row in rows:
        worker = workers[key(row)]
        allocations.append(
            Allocation(
                child=people[row["CHILD"]],
                worker=worker,
                team=worker.team,
                kind=social_worker,
                started_on=row["SW_DECOM"],
                ended_on=row["SW_DEC"],
                reason=row["SW_REASON"] or "",
            )
        )
    create(Allocation, allocations)
    for a in allocations:
        events.append((workforce_events.worker_allocated, (a,)))
        if a.ended_on is not None:
            events.append((workforce_events.allocation_ended, (a,)))


def _lock(model: type[Model]) -> None:
    """No other writer may add rows to the table until the import commits (PostgreSQL; a
    SQLite write transaction is already exclusive)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"LOCK TABLE {connection.ops.quote_name(model._meta.db_table)} "
                "IN SHARE ROW EXCLUSIVE MODE"
            )


def _not_recorded(rows: list[Any], model: type[Model], on: str) -> list[Any]:
    ids = sorted({r.child.pk for r in rows})
    have: set[tuple[int, date]] = set()
    for chunk in _chunks(ids):
        have |= set(model._default_manager.filter(child_id__in=chunk).values_list("child_id", on))
    return [r for r in rows if (r.child.pk, getattr(r, on)) not in have]


# OC2's HEALTH_ASSESSMENT (and HEALTH_CHECK) reports an initial or a review health assessment.
_SAME_CHECK: dict[str, str] = {HealthCheckKind.INITIAL: HealthCheckKind.REVIEW}


def _checks_not_in_year(
    rows: list[HealthAssessment], first: date, last: date
) -> list[HealthAssessment]:
    """The health checks of kinds the child has none of in the year already (what OC2 says
    of a child who has one is what Sightline holds)."""
    ids = sorted({r.child.pk for r in rows})
    have: set[tuple[int, str]] = set()
    for chunk in _chunks(ids):
        for child_id, kind in HealthAssessment.objects.filter(
            child_id__in=chunk, done_on__range=(first, last)
        ).values_list("child_id", "kind"):
            have.add((child_id, _SAME_CHECK.get(kind, kind)))
    return [r for r in rows if (r.child.pk, r.kind) not in have]


def _not_reported(
    rows: list[Any], model: type[Model], on: str, value: str, year_end: date
) -> list[Any]:
    """OC3's rows whose value differs from what Sightline holds for the child on that day (the
    value the export reports: ``ssda903._nearest``), so a return's own values add nothing."""
    from sightline.returns.ssda903 import _nearest

    ids = sorted({r.child.pk for r in rows})
    held: dict[int, list[tuple[date, str]]] = defaultdict(list)
    for chunk in _chunks(ids):
        for child_id, day, code in model._default_manager.filter(
            child_id__in=chunk, **{f"{on}__lte": year_end}
        ).values_list("child_id", on, value):
            held[child_id].append((day, code))
    return [
        r
        for r in rows
        if _nearest(held.get(r.child.pk, []), getattr(r, on), year_end) != getattr(r, value)
    ]


def _none_in_year(
    rows: list[Any], model: type[Model], on: str, first: date, last: date
) -> list[Any]:
    """The rows for children who have none recorded in the year already."""
    ids = sorted({r.child.pk for r in rows})
    have: set[int] = set()
    for chunk in _chunks(ids):
        have |= set(
            model._default_manager.filter(
                child_id__in=chunk, **{f"{on}__range": (first, last)}
            ).values_list("child_id", flat=True)
        )
    return [r for r in rows if r.child.pk not in have]


def _year_end(tables: dict[str, list[Row]]) -> date:
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


def _birthday_in_year(born: date, year_end: date) -> date:
    first = date(year_end.year - 1, 4, 1)
    for age in range(16, 27):
        day = birthday(born, age)
        if first <= day <= year_end:
            return day
    return year_end
