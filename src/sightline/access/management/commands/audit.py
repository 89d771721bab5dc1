"""sightline audit --child LA_CHILD_ID [--format table|csv] [--as USERNAME]
sightline audit verify [--expect HASH] | audit checkpoint | audit prune [--as-of YYYY-MM-DD]"""

from __future__ import annotations

import csv
import io
import os
import sys
from datetime import date
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import CommandError, CommandParser
from django.utils import timezone

from sightline.access.actor import acting_as, operator_name
from sightline.access.audit import check_chain, checkpoint, prune, record_export
from sightline.access.commands import OperatorCommand
from sightline.access.queries import events_about
from sightline.access.retention import ReportDayOutOfRange
from sightline.people.models import Person

CSV_COLUMNS = ("at", "username", "action", "la_child_id", "what", "ip_address")
TABLE_COLUMNS = ("at", "username", "action", "what", "ip")


def _silence_stdout() -> None:
    """Point standard output at /dev/null so the interpreter's final flush cannot fail."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # not a real file (tests capture output in memory)
        pass


def _expected_head(value: str | None) -> str | None:
    if value is None:
        return None
    head = value.strip().lower()
    if len(head) != 64 or any(c not in "0123456789abcdef" for c in head):
        raise CommandError(
            f"--expect must be the 64-character hex head a verify printed; got {value!r}"
        )
    return head


class Command(OperatorCommand):
    task_option = "task"

    help = (
        "The audit trail. `sightline audit --child LA_CHILD_ID [--format table|csv]` lists every "
        "event about one child, oldest first (CSV columns "
        f"{','.join(CSV_COLUMNS)}; the listing is itself recorded as an export by the operator, "
        "--as USERNAME or the operating-system user). `sightline audit verify [--expect HASH]` "
        "recomputes the keyed hash chain: it prints 'audit trail intact: N events' and the "
        "head, and exits 0, or prints each row that breaks the chain and exits 1; --expect "
        "gives a head kept elsewhere, which must be in the chain. `sightline audit checkpoint` "
        "appends a checkpoint row and prints the head to keep. `sightline audit prune "
        "[--as-of YYYY-MM-DD]` erases the content of the rows naming no child that the "
        "retention schedule erases, keeping their hashes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "task",
            nargs="?",
            choices=["verify", "checkpoint", "prune"],
            help="'verify': check the whole trail's hash chain; 'checkpoint': record the head; "
            "'prune': erase the content of rows the retention schedule erases",
        )
        parser.add_argument(
            "--expect",
            metavar="HASH",
            help="verify: a head printed earlier and kept elsewhere; it must be in the chain",
        )
        parser.add_argument(
            "--as-of", metavar="YYYY-MM-DD", help="prune: the day to prune as of (default today)"
        )
        parser.add_argument("--child", metavar="LA_CHILD_ID", help="the child's LA child ID")
        parser.add_argument(
            "--format", choices=["table", "csv"], default="table", help="default: table"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        task = options["task"]
        if task and options["child"]:
            raise CommandError(f"give either {task} or --child LA_CHILD_ID, not both")
        if options["expect"] is not None and task != "verify":
            raise CommandError("--expect goes with verify")
        if options["as_of"] is not None and task != "prune":
            raise CommandError("--as-of goes with prune")
        if task == "verify":
            self.verify(_expected_head(options["expect"]))
            return
        if task == "checkpoint":
            with acting_as(operator_name(options)):
                row = checkpoint("sightline audit checkpoint")
            self.stdout.write(f"checkpoint written: row {row.pk}")
            self.stdout.write(f"head to keep elsewhere: {row.entry_hash}")
            return
        if task == "prune":
            self.prune(options)
            return
        if not options["child"]:
            raise CommandError("give --child LA_CHILD_ID to list a child's events, or verify")
        with acting_as(operator_name(options)):
            try:
                self.list_child(options["child"].strip(), options["format"])
            except BrokenPipeError:  # the reader went away (`| head`): stop quietly
                _silence_stdout()

    def verify(self, expect: str | None) -> None:
        tty = sys.stdout.isatty()

        def progress(count: int) -> None:
            if tty:
                self.stderr.write(f"  checked {count:,} events")

        report = check_chain(progress, expect=expect)
        if report.problems:
            for problem in report.problems:
                self.stdout.write(str(problem))
            raise CommandError(
                f"audit trail broken: {len(report.problems)} problem(s) in {report.count:,} events",
                returncode=1,
            )
        self.stdout.write(f"audit trail intact: {report.count} events")
        if report.erased:
            self.stdout.write(f"{report.erased:,} rows erased under the retention schedule, as due")
        if expect is not None:
            self.stdout.write(
                f"expected head found: row {report.expected_row} "
                f"({report.after_expected:,} rows after it)"
            )
        else:
            self.stdout.write(
                "the end of the trail is checked against a head kept elsewhere: give --expect HASH"
            )
        self.stdout.write(f"latest entry hash: {report.last_hash}")

    def prune(self, options: dict[str, Any]) -> None:
        raw = options["as_of"]
        try:
            as_of = date.fromisoformat(raw) if raw else timezone.localdate()
        except ValueError:
            raise CommandError(f"--as-of must be a date as YYYY-MM-DD; got {raw!r}") from None
        try:
            with acting_as(operator_name(options)):
                result = prune(as_of)
        except (ValueError, ReportDayOutOfRange) as error:
            raise CommandError(f"--as-of {error}") from None
        except ImproperlyConfigured as error:
            raise CommandError(f"retention schedule: {error}") from None
        for action, count in sorted(result.erased.items()):
            self.stdout.write(f"{action}: {count:,} rows erased")
        self.stdout.write(f"checkpoint before erasing: row {result.checkpoint.pk}")
        self.stdout.write(f"head to keep elsewhere: {result.checkpoint.entry_hash}")

    def list_child(self, la_child_id: str, fmt: str) -> None:
        child = Person.objects.filter(la_child_id=la_child_id).only("pk", "la_child_id").first()
        if child is None:
            raise CommandError(f"no child with LA child ID {la_child_id!r}")
        rows = list(
            events_about(child.pk)  # with the searches that listed the child
            .order_by("at", "id")
            .values_list("at", "username", "action", "what", "ip_address")
        )
        record_export(
            f"Audit trail of {la_child_id} ({len(rows)} events, {fmt})",
            {"command": "audit", "la_child_id": la_child_id, "format": fmt, "rows": len(rows)},
            child_id=child.pk,
        )
        listed = [
            (timezone.localtime(at).isoformat(timespec="seconds"), user, action, what, ip)
            for at, user, action, what, ip in rows
        ]
        if fmt == "csv":
            out = io.StringIO()
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(CSV_COLUMNS)
            for at, user, action, what, ip in listed:
                writer.writerow((at, user, action, la_child_id, what, ip))
            self.stdout.write(out.getvalue(), ending="")
            return
        table = [TABLE_COLUMNS, *listed]
        widths = [max(len(str(row[i])) for row in table) for i in range(len(TABLE_COLUMNS) - 1)]
        for row in table:
            cells = [str(cell).ljust(width) for cell, width in zip(row, widths, strict=False)]
            self.stdout.write("  ".join([*cells, str(row[-1])]).rstrip())
        if not rows:
            self.stdout.write(f"no audit events for {la_child_id}")
