"""sightline audit --child LA_CHILD_ID [--format table|csv] [--as USERNAME] | audit verify"""

from __future__ import annotations

import csv
import io
import os
import sys
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone

from sightline.access.actor import acting_as, operator_name
from sightline.access.audit import check_chain, record_export
from sightline.access.commands import OperatorCommand
from sightline.access.models import AuditEvent
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


class Command(OperatorCommand):
    task_option = "task"

    help = (
        "The audit trail. `sightline audit --child LA_CHILD_ID [--format table|csv]` lists every "
        "event about one child, oldest first (CSV columns "
        f"{','.join(CSV_COLUMNS)}; the listing is itself recorded as an export by the operator, "
        "--as USERNAME or the operating-system user). `sightline audit verify` recomputes the "
        "hash chain: it prints 'audit trail intact: N events' and exits 0, or prints each row "
        "that breaks the chain and exits 1."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "task",
            nargs="?",
            choices=["verify"],
            help="'verify': check the whole trail's hash chain instead of listing a child's",
        )
        parser.add_argument("--child", metavar="LA_CHILD_ID", help="the child's LA child ID")
        parser.add_argument(
            "--format", choices=["table", "csv"], default="table", help="default: table"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["task"] == "verify":
            if options["child"]:
                raise CommandError("give either verify or --child LA_CHILD_ID, not both")
            self.verify()
            return
        if not options["child"]:
            raise CommandError("give --child LA_CHILD_ID to list a child's events, or verify")
        with acting_as(operator_name(options)):
            try:
                self.list_child(options["child"].strip(), options["format"])
            except BrokenPipeError:  # the reader went away (`| head`): stop quietly
                _silence_stdout()

    def verify(self) -> None:
        tty = sys.stdout.isatty()

        def progress(count: int) -> None:
            if tty:
                self.stdout.write(f"  checked {count:,} events")

        report = check_chain(progress)
        if report.problems:
            for problem in report.problems:
                self.stdout.write(str(problem))
            raise CommandError(
                f"audit trail broken: {len(report.problems)} problem(s) in {report.count:,} events",
                returncode=1,
            )
        self.stdout.write(f"audit trail intact: {report.count} events")
        self.stdout.write(f"latest entry hash: {report.last_hash}")

    def list_child(self, la_child_id: str, fmt: str) -> None:
        child = Person.objects.filter(la_child_id=la_child_id).only("pk", "la_child_id").first()
        if child is None:
            raise CommandError(f"no child with LA child ID {la_child_id!r}")
        rows = list(
            AuditEvent.objects.filter(child_id=child.pk)
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
