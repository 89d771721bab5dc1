"""sightline timescales due --as-of D [--team T] [--worker W] [--all] [--format table|csv]
sightline timescales rebuild [--as-of D]
sightline timescales timeliness --from D --to D [--format table|csv]
sightline timescales rules"""

from __future__ import annotations

import contextlib
import csv
import io
import sys
import time
from collections.abc import Sequence
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sightline.access.actor import acting_as, operator_name
from sightline.access.audit import record_export
from sightline.access.commands import OperatorCommand
from sightline.access.policy import teams_below
from sightline.timescales.catalogue import RULES, catalogue
from sightline.timescales.engine import rebuild
from sightline.timescales.queries import due_list, timeliness
from sightline.workforce.models import Team, Worker

CSV_COLUMNS = (
    "la_child_id",
    "rule",
    "title",
    "subject",
    "started_on",
    "due_on",
    "met_on",
    "status",
)
TITLES = {rule.code: rule.title for rule in RULES}


def _day(value: str | None, name: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{name} must be a date YYYY-MM-DD; got {value!r}") from None


def _team_ids(value: str) -> set[int]:
    team = Team.objects.filter(name=value).first()
    if team is None and value.isdigit():
        team = Team.objects.filter(pk=int(value)).first()
    if team is None:
        raise CommandError(f"no team named {value!r} (give a team's name or id)")
    return teams_below(team.pk)


def _worker_ids(value: str) -> set[int]:
    worker = Worker.objects.filter(user__username=value).values_list("pk", flat=True).first()
    if worker is None:
        raise CommandError(f"no worker with the username {value!r}")
    return {worker}


def _table(rows: Sequence[Sequence[str]], header: Sequence[str]) -> str:
    table = [header, *rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in table
    )


def _write(
    command: BaseCommand, rows: Sequence[Sequence[str]], header: Sequence[str], fmt: str
) -> None:
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
        command.stdout.write(out.getvalue(), ending="")
    else:
        command.stdout.write(_table(rows, header))


class Command(OperatorCommand):
    task_option = "task"

    help = (
        "Statutory timescales. `due --as-of D` lists the obligations open at D (due or overdue; "
        "--all adds those met or cancelled by D), optionally for a --team (name or id, with the "
        "teams below it) or a --worker (username); CSV columns "
        f"{','.join(CSV_COLUMNS)}. `rebuild` recomputes every obligation from the records. "
        "`timeliness --from D --to D` gives, per rule, the share met in time of those that fell "
        "due. `rules` lists the catalogue."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("task", choices=["due", "rebuild", "timeliness", "rules"])
        parser.add_argument("--as-of", metavar="YYYY-MM-DD")
        parser.add_argument("--team", metavar="TEAM")
        parser.add_argument("--worker", metavar="USERNAME")
        parser.add_argument("--all", action="store_true", help="also met and cancelled")
        parser.add_argument("--from", dest="first", metavar="YYYY-MM-DD")
        parser.add_argument("--to", dest="last", metavar="YYYY-MM-DD")
        parser.add_argument("--format", choices=["table", "csv"], default="table")

    def handle(self, *args: Any, **options: Any) -> None:
        task = options["task"]
        if task == "rebuild":
            self.rebuild(_day(options["as_of"], "--as-of"))
        elif task == "due":
            day = _day(options["as_of"], "--as-of")
            if day is None:
                raise CommandError("give --as-of YYYY-MM-DD")
            with acting_as(operator_name(options)):
                self.due(day, options)
        elif task == "timeliness":
            first = _day(options["first"], "--from")
            last = _day(options["last"], "--to")
            if first is None or last is None or last < first:
                raise CommandError("give --from and --to dates, --to not before --from")
            rows: list[tuple[str, ...]] = [
                (t.rule, t.title, str(t.fell_due), str(t.met_in_time), _percent(t.share))
                for t in timeliness(first, last)
            ]
            header = ("rule", "title", "fell_due", "met_in_time", "share")
            _write(self, rows, header, options["format"])
        else:
            catalogue_rows: list[tuple[str, ...]] = [
                (r.code, r.title, r.kind, str(r.offset), str(r.then or ""), r.basis)
                for r in catalogue().rules.values()
            ]
            _write(
                self,
                catalogue_rows,
                ("rule", "title", "kind", "within", "then every", "basis"),
                options["format"],
            )

    def rebuild(self, day: date | None) -> None:
        tty = sys.stdout.isatty()
        began = time.perf_counter()

        def progress(done: int, total: int) -> None:
            if tty:
                self.stderr.write(f"  children up to id {done:,} of {total:,}")

        result = rebuild(today=day, progress=progress)
        seconds = time.perf_counter() - began
        self.stdout.write(
            f"rebuilt {result.obligations:,} obligations for {result.children:,} children "
            f"in {seconds:.1f} s"
        )

    def due(self, day: date, options: dict[str, Any]) -> None:
        team_ids = _team_ids(options["team"]) if options["team"] else None
        worker_ids = _worker_ids(options["worker"]) if options["worker"] else None
        listed: Any = due_list(  # annotated with la_child_id and status
            day, worker_ids=worker_ids, team_ids=team_ids, include_closed=options["all"]
        )
        found = listed.values_list(
            "child__la_child_id", "rule", "subject", "started_on", "due_on", "met_on", "status"
        )
        rows = [
            (
                la_child_id or "",
                rule,
                TITLES.get(rule, rule),
                subject,
                started.isoformat(),
                due.isoformat(),
                met.isoformat() if met and met <= day else "",
                status,
            )
            for la_child_id, rule, subject, started, due, met, status in found.iterator()
        ]
        record_export(
            f"Timescales due at {day.isoformat()} ({len(rows)} obligations)",
            {
                "command": "timescales due",
                "as_of": day.isoformat(),
                "team": options["team"],
                "worker": options["worker"],
                "all": options["all"],
                "rows": len(rows),
            },
        )
        with contextlib.suppress(BrokenPipeError):
            _write(self, rows, CSV_COLUMNS, options["format"])


def _percent(share: float | None) -> str:
    return "" if share is None else f"{share:.1%}"
