"""sightline inspection-pack --as-of YYYY-MM-DD --out DIR/"""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from sightline.access.actor import acting_as, operator_name
from sightline.access.audit import record_export
from sightline.access.commands import OperatorCommand


class Command(OperatorCommand):
    # An export reads the records and writes a file: Django's system checks (models, URLs,
    # templates; a developer's concern) cost more than half a second of every run, as for
    # `validate`.
    requires_system_checks: list[str] = []

    help = (
        "Write the inspection-readiness pack on a date into DIR/: the pack as HTML and PDF "
        "(self-evaluation around Ofsted's three questions, the figures with benchmarks and "
        "trend, overdue work by timescale and team, the records failing the DfE rules, Annex "
        "A's row counts), its figures as xlsx, and Ofsted's Annex A workbook. The export is "
        "recorded in the audit trail."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as-of", type=date.fromisoformat, required=True, metavar="YYYY-MM-DD")
        parser.add_argument("--out", required=True, metavar="DIR")

    def handle(self, *args: Any, **options: Any) -> None:
        from sightline.inspection.pack import build_pack, write_pack

        as_of, out = options["as_of"], Path(options["out"])
        started = time.perf_counter()
        with acting_as(operator_name(options)):
            pack = build_pack(as_of)
            try:
                written = write_pack(pack, out)
            except OSError as error:
                raise CommandError(f"cannot write {out}: {error.strerror or error}") from None
            record_export(
                f"Inspection readiness pack on {as_of:%Y-%m-%d} ({written.children} children "
                f"in its Annex A) to {out}",
                {
                    "command": "inspection-pack",
                    "as_of": as_of.isoformat(),
                    "out": str(out),
                    "files": [p.name for p in written.files],
                    "children": written.children,
                },
            )
        seconds = time.perf_counter() - started
        for path in written.files:
            self.stdout.write(str(path))
        self.stdout.write(f"inspection pack {as_of:%Y-%m-%d}: written in {seconds:.1f} s")
