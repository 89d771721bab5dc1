"""sightline validate cin-census FILE.xml
sightline validate ssda903 DIR/ [--year YYYY] [--previous DIR/] [--la CODE]
sightline validate live [--as-of YYYY-MM-DD] [--as USERNAME]   (the live records; stored for
    the validation page and each child's record)
sightline validate rules   (the rule catalogue, as docs/validation-rules.md holds it)

CONTRACTS.md "Command-line outputs": one tab-separated line per failure (rule, level, LA child
ID or -, fields, message), then a one-line summary. Exit 0 when no error-level rule fails, 1
when one does, 2 when the input cannot be read at all."""

from __future__ import annotations

import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError, CommandParser

from sightline.access.commands import OperatorCommand
from sightline.returns.years import SSDA903_YEARS
from sightline.validation import catalogue
from sightline.validation.engine import Failure, has_errors, run, skipped_note
from sightline.validation.files import Unreadable, read_cin_census, read_ssda903


class Command(OperatorCommand):
    task_option = "kind"

    # A file check needs no database or URL checks: Django's system checks would double the
    # time of a whole command.
    requires_system_checks: list[str] = []

    help = (
        "Check a return file against the DfE rules of its collection year: "
        "`cin-census FILE.xml` (the year from its ReferenceDate) or `ssda903 DIR/ [--year YYYY] "
        "[--previous DIR/]` (last year's tables for the rules that compare). One line per "
        "failure, then a summary; exit 0 when no error-level rule fails, 1 when one does, 2 "
        "when the input cannot be read. `rules` lists every rule and whether Sightline checks it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=["cin-census", "ssda903", "live", "rules"])
        parser.add_argument("path", nargs="?", metavar="FILE.xml|DIR/")
        parser.add_argument("--year", type=int, metavar="YYYY", default=max(SSDA903_YEARS))
        parser.add_argument("--previous", metavar="DIR/")
        parser.add_argument("--as-of", metavar="YYYY-MM-DD", help="live: the day (default today)")
        parser.add_argument(
            "--la",
            default=None,
            metavar="CODE",
            help="SSDA903: the authority's ONS code, for placements in and out of area "
            "(default: the configured authority's, SIGHTLINE_ONS_CODE)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        kind = options["kind"]
        if kind == "rules":
            self.stdout.write(catalogue.markdown(), ending="")
            return
        if kind == "live":
            self._live(options)
            return
        if not options["path"]:
            raise CommandError(f"validate {kind}: give the file or directory to check")
        started = time.perf_counter()
        path = Path(options["path"])
        try:
            if kind == "cin-census":
                tables, failures = read_cin_census(path)
            else:
                previous = Path(options["previous"]) if options["previous"] else None
                tables = read_ssda903(
                    path, options["year"], previous, options["la"] or settings.AUTHORITY["ons_code"]
                )
                failures = []
        except Unreadable as error:
            raise CommandError(str(error), returncode=2) from None
        if kind == "ssda903":
            from sightline.providers.queries import lookup

            tables.providers = lookup()
        found, crashed = run(tables)
        failures += found
        for failure in failures:
            self.stdout.write(failure.line())
        for crash in crashed:
            self.stderr.write(f"validate: {crash}")
        summary = self._summary(kind, tables.meta.year, failures, time.perf_counter() - started)
        note = skipped_note(tables)
        self.stdout.write(f"{summary}; {note}" if note else summary)
        if has_errors(failures) or crashed:
            sys.exit(1)

    def _live(self, options: dict[str, Any]) -> None:
        from sightline.access.actor import acting_as, operator_name
        from sightline.access.audit import record_export
        from sightline.validation.live import check_live

        operator = operator_name(options)
        try:
            today = date.fromisoformat(options["as_of"]) if options["as_of"] else None
        except ValueError:
            raise CommandError(
                f"--as-of must be a date as YYYY-MM-DD; got {options['as_of']!r}"
            ) from None
        if today is not None:
            from sightline.returns.years import UnsupportedYear, collection_year
            from sightline.validation.live import year_in_progress

            try:  # the live check builds both returns of the year in progress
                collection_year(year_in_progress(today), SSDA903_YEARS, "collection year")
            except UnsupportedYear as error:
                message = str(error).removeprefix("collection year: ")
                raise CommandError(f"--as-of {today.isoformat()}: {message}") from None
        started = time.perf_counter()
        with acting_as(operator):
            checked = check_live(today)
            record_export(
                "validation of the live records against the DfE rules",
                {"command": "validate live", "runs": [str(c.run) for c in checked]},
            )
        failures = [f for c in checked for f in c.failures]
        for failure in failures:
            self.stdout.write(failure.line())
        for c in checked:
            for line in c.run.crashed.splitlines():
                self.stderr.write(f"validate: {line}")
            self.stdout.write(
                self._summary(c.run.get_kind_display(), c.run.year, c.failures, c.run.seconds)
                + f" ({c.run.children:,} children, {c.run.rules} rules of the "
                f"{c.run.rule_year - 1}-{c.run.rule_year % 100:02d} list)"
                + (f"; {c.run.skipped}" if c.run.skipped else "")
            )
        self.stdout.write(f"live records checked in {time.perf_counter() - started:.1f} s")
        if has_errors(failures) or any(c.run.crashed for c in checked):
            sys.exit(1)

    @staticmethod
    def _summary(kind: str, year: int, failures: list[Failure], seconds: float) -> str:
        levels = Counter(f.level for f in failures)
        rules = len({f.rule for f in failures})
        children = len({f.child for f in failures if f.child != "-"})
        return (
            f"{kind} {year}: {levels['error']:,} error and {levels['query']:,} query failures "
            f"of {rules} rules for {children:,} children, in {seconds:.1f} s"
        )
