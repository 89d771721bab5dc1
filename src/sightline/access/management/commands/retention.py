"""sightline retention report [--as-of YYYY-MM-DD] [--format table|csv]"""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import CommandError, CommandParser
from django.utils import timezone

from sightline.access.commands import OperatorCommand
from sightline.access.retention import (
    ReportDayOutOfRange,
    due_for_review,
    erase_expired_drafts,
)

CSV_COLUMNS = ("record_type", "count_due", "earliest_due", "action", "rule", "basis")
TABLE_COLUMNS = ("record type", "due", "earliest due", "action", "rule")


def iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--as-of must be a date as YYYY-MM-DD; got {value!r}") from exc


class Command(OperatorCommand):
    task_option = "task"

    help = (
        "Retention: `sightline retention report --as-of YYYY-MM-DD [--format table|csv]` lists, "
        "per record type, how many records are due for review or erasure on that day, the "
        "earliest due date, the action and the rule (CSV columns "
        f"{','.join(CSV_COLUMNS)}; dates ISO). The schedule is sightline.access.retention."
        "SCHEDULE, overridden by the SIGHTLINE_RETENTION setting."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "task",
            choices=["report", "erase-drafts"],
            help="'report': records due by record type; 'erase-drafts': delete expired drafts",
        )
        parser.add_argument(
            "--as-of", metavar="YYYY-MM-DD", help="the day to report on (default today)"
        )
        parser.add_argument(
            "--format", choices=["table", "csv"], default="table", help="default: table"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        as_of = iso_date(options["as_of"]) if options["as_of"] else timezone.localdate()
        if options["task"] == "erase-drafts":
            erased = erase_expired_drafts(as_of)
            self.stdout.write(f"{erased} expired draft(s) erased")
            return
        try:
            rows = due_for_review(as_of)
        except ImproperlyConfigured as exc:
            raise CommandError(f"retention schedule: {exc}") from exc
        except ReportDayOutOfRange as exc:
            raise CommandError(f"--as-of {exc}") from None
        if options["format"] == "csv":
            out = io.StringIO()
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(CSV_COLUMNS)
            for row in rows:
                writer.writerow(
                    (
                        row.record_type,
                        row.count_due,
                        row.earliest_due.isoformat() if row.earliest_due else "",
                        row.action,
                        row.rule,
                        row.basis,
                    )
                )
            self.stdout.write(out.getvalue(), ending="")
            return
        table: list[tuple[str, ...]] = [
            TABLE_COLUMNS,
            *(
                (
                    r.record_type,
                    str(r.count_due),
                    r.earliest_due.isoformat() if r.earliest_due else "-",
                    r.action,
                    r.rule,
                )
                for r in rows
            ),
        ]
        widths = [max(len(row[i]) for row in table) for i in range(len(TABLE_COLUMNS) - 1)]
        self.stdout.write(f"Records due for review or erasure on {as_of.isoformat()}")
        for line in table:
            cells = [cell.ljust(width) for cell, width in zip(line, widths, strict=False)]
            self.stdout.write("  ".join([*cells, line[-1]]).rstrip())
        total = sum(r.count_due for r in rows if r.action != "no rule")
        self.stdout.write(
            f"{total:,} records due; the basis of each rule is in --format csv and in "
            "sightline.access.retention"
        )
