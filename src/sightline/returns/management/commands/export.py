"""sightline export cin-census --year YYYY --out FILE.xml
sightline export ssda903 --year YYYY --out DIR/
sightline export annex-a --as-of YYYY-MM-DD --out FILE.xlsx"""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from sightline.access.actor import acting_as, operator_name
from sightline.access.audit import record_export
from sightline.access.commands import OperatorCommand
from sightline.returns.years import UnsupportedYear


class Command(OperatorCommand):
    # An export reads the records and writes a file: Django's system checks (models, URLs,
    # templates; a developer's concern) cost more than half a second of every run, as for
    # `validate`.
    requires_system_checks: list[str] = []

    help = (
        "Export a statutory return from the records: `cin-census --year YYYY --out FILE.xml` "
        "(the CIN census for the year ending 31 March YYYY, valid against that year's DfE "
        "schema), `ssda903 --year YYYY --out DIR/` (one CSV per SSDA903 table) or `annex-a "
        "--as-of YYYY-MM-DD --out FILE.xlsx` (Ofsted's Annex A lists 1 to 11 on that date, "
        "one sheet each). Only "
        "authority-wide roles may export; the export is recorded in the audit trail."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=["cin-census", "ssda903", "annex-a"])
        parser.add_argument("--year", type=int, metavar="YYYY", help="a return's year")
        parser.add_argument(
            "--as-of",
            type=date.fromisoformat,
            metavar="YYYY-MM-DD",
            help="Annex A's date (the inspection's first day); its windows end on it",
        )
        parser.add_argument("--out", required=True, metavar="PATH")

    def handle(self, *args: Any, **options: Any) -> None:
        operator = operator_name(options)
        kind, year, out = options["kind"], options["year"], Path(options["out"])
        if kind == "annex-a":
            self.annex_a(operator, options["as_of"], out)
            return
        if year is None:
            raise CommandError(f"export {kind} needs --year YYYY")
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

    def annex_a(self, operator: str, as_of: date | None, out: Path) -> None:
        if as_of is None:
            raise CommandError("export annex-a needs --as-of YYYY-MM-DD")
        from sightline.returns.annex_a import export_annex_a

        started = time.perf_counter()
        with acting_as(operator):
            try:
                result = export_annex_a(as_of, out)
            except OSError as error:
                raise CommandError(f"cannot write {out}: {error.strerror or error}") from None
            record_export(
                f"Annex A on {as_of:%Y-%m-%d} ({result.children} children) to {out}",
                {
                    "command": "export",
                    "return": "annex-a",
                    "as_of": as_of.isoformat(),
                    "out": str(out),
                    "children": result.children,
                    "rows": result.rows,
                },
            )
        seconds = time.perf_counter() - started
        rows = sum(result.rows.values())
        self.stdout.write(
            f"annex-a {as_of:%Y-%m-%d}: {rows:,} rows about {result.children:,} children "
            f"written to {result.path} in {seconds:.1f} s"
        )
