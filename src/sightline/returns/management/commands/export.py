"""sightline export cin-census --year YYYY --out FILE.xml
sightline export ssda903 --year YYYY --out DIR/"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from sightline.access.actor import acting_as, operator_name
from sightline.access.audit import record_export
from sightline.access.commands import OperatorCommand
from sightline.returns.years import UnsupportedYear


class Command(OperatorCommand):
    help = (
        "Export a statutory return from the records: `cin-census --year YYYY --out FILE.xml` "
        "(the CIN census for the year ending 31 March YYYY, valid against that year's DfE "
        "schema) or `ssda903 --year YYYY --out DIR/` (one CSV per SSDA903 table). Only "
        "authority-wide roles may export; the export is recorded in the audit trail."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=["cin-census", "ssda903"])
        parser.add_argument("--year", type=int, required=True, metavar="YYYY")
        parser.add_argument("--out", required=True, metavar="PATH")

    def handle(self, *args: Any, **options: Any) -> None:
        operator = operator_name(options)
        kind, year, out = options["kind"], options["year"], Path(options["out"])
        started = time.perf_counter()
        with acting_as(operator):
            try:
                if kind == "cin-census":
                    from sightline.returns.cin_census import export_cin_census

                    result = export_cin_census(year, out)
                else:
                    from sightline.returns.ssda903 import export_ssda903

                    result = export_ssda903(year, out)
            except UnsupportedYear as error:
                raise CommandError(str(error)) from None
            except OSError as error:
                raise CommandError(f"cannot write {out}: {error.strerror or error}") from None
            record_export(
                f"{kind} return {year} ({result.children} children) to {out}",
                {
                    "command": "export",
                    "return": kind,
                    "year": year,
                    "out": str(out),
                    "children": result.children,
                    "rows": result.rows,
                },
            )
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"{kind} {year}: {result.children:,} children written to {result.path} "
            f"in {seconds:.1f} s"
        )
