"""Validate all year round: the DfE rules over the live records of the year in progress.

The tables come from the same code that writes the returns (``returns.cin_census.build_return``
and ``returns.ssda903.collect_ssda903``), so what is checked here is exactly what would be
sent. The year in progress is checked with the latest DfE rule list Sightline has
(CONTRACTS.md "Collection years"). Failures are stored (``LiveFailure``), replacing the last
check in one transaction; pages read them through the access policy.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

import polars as pl
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from lxml import etree

from sightline.care.models import CareEpisode
from sightline.people.models import Person
from sightline.providers.queries import lookup
from sightline.returns.cin_census import build_return
from sightline.returns.cin_xml import to_xml
from sightline.returns.ssda903 import collect_ssda903
from sightline.returns.ssda903_tables import fmt
from sightline.returns.years import CIN_CENSUS_YEARS, SSDA903_YEARS, CollectionYear
from sightline.validation.engine import RETURN_LEVEL, Failure, run, skipped, skipped_note
from sightline.validation.files import cin_tables
from sightline.validation.models import LiveFailure, ValidationRun
from sightline.validation.tables import SSDA903, SSDA903_FILES, Meta, Tables, frame, typed

CHUNK = 5_000


def year_in_progress(today: date) -> int:
    """The collection year (ending 31 March) that ``today`` falls in."""
    return today.year + 1 if today.month >= 4 else today.year


def _rule_year(year: int, supported: tuple[int, ...]) -> int:
    return year if year in supported else max(y for y in supported if y <= year)


def _ends_on(year: int, today: date | None) -> date | None:
    """A year still in progress is judged as if it ended today."""
    return today if today is not None and today < date(year, 3, 31) else None


def cin_live_tables(year: int, today: date | None = None) -> Tables:
    ret = build_return(CollectionYear(year))
    root = etree.fromstring(to_xml(ret), etree.XMLParser(huge_tree=True))
    meta = Meta(
        year=year,
        la_code=ret.header.lea,
        rule_year=_rule_year(year, CIN_CENSUS_YEARS),
        ends_on=_ends_on(year, today),
    )
    return cin_tables(root, meta)[0]


def ssda903_live_tables(year: int, la_code: str = "", today: date | None = None) -> Tables:
    rows = collect_ssda903(year)
    frames = {t: _frame_903(t, rows[f]) for t, f in SSDA903_FILES.items() if f in rows}
    meta = Meta(
        year=year,
        la_code=la_code,
        rule_year=_rule_year(year, SSDA903_YEARS),
        ends_on=_ends_on(year, today),
    )
    previous = {t: _frame_903(t, r) for t, r in _previous_903(year).items()}
    tables = Tables(SSDA903, meta, frames, previous or None, _earlier_episodes(year))
    tables.providers = lookup()
    return tables


def _frame_903(table: str, rows: list[dict[str, str]]) -> pl.DataFrame:
    if not rows:
        return frame(SSDA903, table)
    return typed(SSDA903, table, pl.DataFrame(rows, schema=dict.fromkeys(rows[0], pl.String)))


def _earlier_episodes(year: int) -> pl.DataFrame:
    """Episodes of care that ended before last year's return began (CHILD, DECOM, DEC, LS,
    REC), for the rules that ask whether a care leaver was ever looked after."""
    before = CollectionYear(year - 1).first
    rows = CareEpisode.objects.filter(dec__lt=before).values_list(
        "child__la_child_id", "decom", "dec", "ls", "rec"
    )
    columns: dict[str, list[str]] = {n: [] for n in ("CHILD", "DECOM", "DEC", "LS", "REC")}
    for child, decom, dec, ls, rec in rows.iterator(chunk_size=CHUNK):
        columns["CHILD"].append(str(child))
        columns["DECOM"].append(fmt(decom))
        columns["DEC"].append(fmt(dec))
        columns["LS"].append(ls)
        columns["REC"].append(rec)
    return frame(SSDA903, "Episodes", columns)


def _previous_903(year: int) -> dict[str, list[dict[str, str]]]:
    """Last year's return from the database, for the rules that compare (issue 7: "for the
    live records, the previous year in the database"); none before the first supported year.
    An empty table stays (empty), as a file with its header row only would."""
    if year - 1 not in SSDA903_YEARS:
        return {}
    rows = collect_ssda903(year - 1)
    return {t: rows[f] for t, f in SSDA903_FILES.items() if f in rows}


@dataclass(frozen=True)
class Checked:
    run: ValidationRun
    failures: list[Failure]


def _person_ids(la_child_ids: Iterable[str]) -> dict[str, int]:
    wanted = sorted(set(la_child_ids) - {RETURN_LEVEL})
    out: dict[str, int] = {}
    for i in range(0, len(wanted), CHUNK):
        rows = Person.objects.filter(la_child_id__in=wanted[i : i + CHUNK]).values_list(
            "la_child_id", "pk"
        )
        out.update((str(la_child_id), pk) for la_child_id, pk in rows)
    return out


def _store(
    kind: str,
    tables: Tables,
    seconds: float,
    failures: list[Failure],
    crashed: list[str],
    rules: int,
) -> ValidationRun:
    ids = _person_ids(f.child for f in failures)
    child_table = "ChildIdentifiers" if kind == ValidationRun.Return.CIN_CENSUS else "Header"
    run_row = ValidationRun.objects.create(
        kind=kind,
        year=tables.meta.year,
        rule_year=tables.meta.rules_from,
        checked_at=timezone.now(),
        seconds=seconds,
        children=tables[child_table].height,
        rules=rules,
        crashed="\n".join(crashed),
        skipped=skipped_note(tables),
    )
    LiveFailure.objects.bulk_create(
        (
            LiveFailure(
                run=run_row,
                rule=f.rule,
                level=f.level,
                child_id=ids.get(f.child),
                fields=f.fields[:200],
                message=f.message,
            )
            for f in failures
        ),
        batch_size=2_000,
    )
    return run_row


#: Told what the check is doing: a stage in words, and how far through it (steps done, total;
#: 0, 0 when the stage has no steps to count). The background job stores it (decision 0024).
Progress = Callable[[str, int, int], None]


def _quiet(stage: str, done: int, total: int) -> None:
    return None


def check_live(today: date | None = None, progress: Progress | None = None) -> list[Checked]:
    """Check both returns of the year in progress and keep the result (replacing the last)."""
    from sightline.validation.rules import rules_for

    today = today or timezone.localdate()
    tell = progress or _quiet
    year = year_in_progress(today)
    done: list[Checked] = []
    builds = (
        (ValidationRun.Return.CIN_CENSUS, lambda: cin_live_tables(year, today)),
        (
            ValidationRun.Return.SSDA903,
            lambda: ssda903_live_tables(year, settings.AUTHORITY["ons_code"], today),
        ),
    )
    results = []
    for kind, build in builds:
        label = ValidationRun.Return(kind).label
        started = time.perf_counter()
        tell(f"Reading the records for the {label} return", 0, 0)
        tables = build()

        def checking(checked: int, total: int, label: str = label) -> None:
            tell(f"Checking the {label} rules", checked, total)

        failures, crashed = run(tables, progress=checking)
        rules = len(rules_for(tables.kind, tables.meta.rules_from)) - sum(
            len(codes) for codes in skipped(tables).values()
        )
        results.append(
            (
                kind,
                tables,
                time.perf_counter() - started,
                failures,
                [str(c) for c in crashed],
                rules,
            )
        )
    tell("Saving the results", 0, 0)
    with transaction.atomic():
        ValidationRun.objects.all().delete()
        for kind, tables, seconds, failures, crashed_rules, rules in results:
            run_row = _store(kind, tables, seconds, failures, crashed_rules, rules)
            done.append(Checked(run_row, failures))
    return done
