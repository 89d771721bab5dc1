"""sightline synth --children N --seed S [--as-of YYYY-MM-DD]"""

from __future__ import annotations

import sys
import time
from datetime import date
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.db import connection
from django.utils import timezone

from sightline.access.commands import OperatorCommand
from sightline.core.errors import JourneyError
from sightline.synthetic.authority import NotEmpty, build_authority


def iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--as-of must be a date as YYYY-MM-DD; got {value!r}") from exc


class Command(OperatorCommand):
    help = "Populate the configured database with a synthetic local authority."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--children",
            type=int,
            default=135_000,
            help="child population aged 0-17 (the per-10,000 denominator)",
        )
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--as-of",
            type=iso_date,
            default=None,
            help="the day the history runs up to (default today)",
        )
        parser.add_argument(
            "--via-services",
            action="store_true",
            help="write through the services one record at a time (slow; for checks)",
        )
        parser.add_argument(
            "--no-figures",
            action="store_true",
            help="do not store the leaders' figures (`sightline figures store` does it later)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        children = options["children"]
        if children < 100 or children > 5_000_000:
            raise CommandError("--children must be between 100 and 5,000,000")
        as_of = options["as_of"] or timezone.localdate()
        started = time.perf_counter()
        tty = sys.stdout.isatty()

        def progress(message: str) -> None:
            if tty or options["verbosity"] > 1:
                self.stdout.write(f"  {message} ({time.perf_counter() - started:.1f} s)")

        try:
            counts = build_authority(
                children=children,
                seed=options["seed"],
                as_of=as_of,
                via_services=options["via_services"],
                progress=progress,
            )
        except NotEmpty as exc:
            raise CommandError(
                f"{exc} (run `sightline flush` first, or use another DATABASE_URL)"
            ) from exc
        except JourneyError as exc:
            raise CommandError(f"synthetic journey refused by a service: {exc}") from exc
        total = sum(counts.values())
        self.stdout.write(
            f"Synthetic authority: {children:,} children, seed {options['seed']}, as of {as_of}: "
            f"{total:,} rows in {time.perf_counter() - started:.1f} s"
        )
        # A bulk load leaves the planner's statistics empty or stale: gather them once, so the
        # first pages read the new rows through their indexes.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        if not options["no_figures"]:
            from sightline.insight.store import store

            stored = time.perf_counter()
            found = store(as_of)
            self.stdout.write(
                f"Leaders' figures of {', '.join(found['labels'])} stored: "
                f"{found['children']:,} children counted in {time.perf_counter() - stored:.1f} s"
            )
