"""sightline figures store [--as-of YYYY-MM-DD] [--year-to-date] [--as USERNAME]

Compute every KPI of the leaders' dashboard for the windows it shows on the date (default
today: the three complete collection years and the year to date, the whole authority and the
children each figure counts) and keep them, replacing what was kept for those windows and any
earlier year to date (decision 0036). Run it on a schedule: with ``--year-to-date`` (the year
to date alone) every 15 minutes, and whole every night so a correction to an earlier year
shows the next morning. The dashboard reads what was kept and says when it was computed."""

from __future__ import annotations

import time
from datetime import date
from typing import Any

from django.core.management.base import CommandParser
from django.utils import timezone

from sightline.access.actor import acting_as, operator_name
from sightline.access.audit import record_export
from sightline.access.commands import OperatorCommand


class Command(OperatorCommand):
    task_option = "task"
    help = (
        "`store`: compute the leaders' figures the dashboard shows on the date (every KPI, the "
        "three complete collection years and the year to date, the whole authority and the "
        "children each counts) and keep them for the dashboard, replacing those kept. "
        "`--year-to-date`: the year to date alone (every 15 minutes; the whole store nightly)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("task", choices=["store"])
        parser.add_argument(
            "--as-of", type=date.fromisoformat, metavar="YYYY-MM-DD", help="default today"
        )
        parser.add_argument(
            "--year-to-date", action="store_true", help="the year to date alone (quicker)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from sightline.insight.store import store

        as_of = options["as_of"] or timezone.localdate()
        started = time.perf_counter()
        with acting_as(operator_name(options)):
            found = store(as_of, complete=not options["year_to_date"])
            record_export(
                "stored the leaders' figures",
                {"command": "figures store", "as_of": as_of.isoformat(), **found},
            )
        self.stdout.write(
            f"figures stored for {'; '.join(found['labels'])}: {found['figures']} figures, "
            f"{found['children']} children counted, in {time.perf_counter() - started:.1f} s"
        )
