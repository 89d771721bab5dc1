"""sightline providers import FILE [--as USERNAME]   (Ofsted's register of children's social
care providers, CSV or xlsx: all or nothing, replacing the register kept before)"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from sightline.access.actor import acting_as, operator_name
from sightline.access.commands import OperatorCommand
from sightline.providers.register import RegisterError

MAX_LISTED = 50


class Command(OperatorCommand):
    task_option = "action"

    help = (
        "Import Ofsted's register of children's social care providers (the provider-level "
        "list, CSV or xlsx): the SSDA903 rules that look a URN up (1008, 219, 221, 224, 227, "
        "228, 229, 241) run once it is loaded. A file with any problem imports nothing and "
        "every problem is listed (line, field)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["import"])
        parser.add_argument("path", metavar="FILE")

    def handle(self, *args: Any, **options: Any) -> None:
        from sightline.providers.services import import_register

        operator = operator_name(options)
        path = Path(options["path"])
        started = time.perf_counter()
        with acting_as(operator):
            try:
                done = import_register(path)
            except RegisterError as error:
                self.refuse(path, error.problems, MAX_LISTED)
        self.stdout.write(
            f"Ofsted provider register: {done.providers:,} providers from {path} "
            f"in {time.perf_counter() - started:.1f} s"
        )
