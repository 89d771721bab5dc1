"""sightline sar --child LA_CHILD_ID --out DIR [--as USERNAME]"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.db import transaction

from sightline.access.actor import acting_as, operator_name
from sightline.access.audit import record_export
from sightline.access.commands import OperatorCommand
from sightline.access.sar import collect, file_names, write_sar
from sightline.people.models import Person


class Command(OperatorCommand):
    help = (
        "Subject access request: write everything held about one child to DIR as "
        "sar-<LA child ID>.json and sar-<LA child ID>.html, third parties redacted by rule, and "
        "the officer's list of every redaction, never released, as "
        "sar-<LA child ID>-redactions.json and .html. The export is recorded in the audit "
        "trail for the operator (--as USERNAME, default the operating-system user)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--child", required=True, metavar="LA_CHILD_ID", help="the child's LA child ID"
        )
        parser.add_argument(
            "--out", required=True, metavar="DIR", help="folder to write to (created if needed)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        la_child_id = options["child"].strip()
        child = Person.objects.filter(la_child_id=la_child_id).first()
        if child is None:
            raise CommandError(f"no child with LA child ID {la_child_id!r}")
        out = Path(options["out"]).expanduser()
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CommandError(f"cannot create the folder {str(out)!r}: {exc.strerror}") from exc
        # The export is audited in the same transaction as it is written: a failed write
        # leaves no audit row, and no file is written without one.
        with acting_as(operator_name(options)), transaction.atomic():
            data = collect(child)
            redactions = len(data["redactions"])
            record_export(
                f"Subject access request export of {la_child_id} ({redactions} redactions)",
                {
                    "command": "sar",
                    "la_child_id": la_child_id,
                    "files": list(file_names(la_child_id)),
                    "records": {k: v["count"] for k, v in data["records"].items()},
                    "redactions": redactions,
                },
                child_id=child.pk,
            )
            try:
                files = write_sar(child, out, data=data)
            except OSError as exc:
                raise CommandError(f"cannot write to {str(out)!r}: {exc.strerror}") from exc
        for path in files:
            self.stdout.write(str(path))
        self.stdout.write(f"{redactions} redaction{'s' if redactions != 1 else ''}")
