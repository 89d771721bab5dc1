"""sightline import cin-census FILE.xml
sightline import ssda903 DIR/"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from sightline.access.actor import acting_as, operator_name
from sightline.access.audit import record_import
from sightline.access.commands import OperatorCommand
from sightline.returns.files import ReturnFileError

MAX_LISTED = 50


class Command(OperatorCommand):
    help = (
        "Import a statutory return, all or nothing: `cin-census FILE.xml` or `ssda903 DIR/`. A "
        "child whose LA child ID exists is updated, others are created; what is derived from "
        "the records (episodes, obligations, chronology) is rebuilt. A file with any problem "
        "imports nothing and every problem is listed (file, line or element, field)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=["cin-census", "ssda903"])
        parser.add_argument("path", metavar="FILE_OR_DIR")

    def handle(self, *args: Any, **options: Any) -> None:
        operator = operator_name(options)
        kind, path = options["kind"], Path(options["path"])
        if not path.exists():
            raise CommandError(f"{path}: no such file or directory")
        started = time.perf_counter()
        with acting_as(operator):
            try:
                if kind == "cin-census":
                    from sightline.returns.cin_census import import_cin_census

                    result = import_cin_census(path)
                else:
                    from sightline.returns.ssda903 import import_ssda903

                    result = import_ssda903(path)
            except ReturnFileError as error:
                self.refuse(path, error.problems, MAX_LISTED)
            record_import(
                f"{kind} return from {path}: {result.children_created} children created, "
                f"{result.children_updated} updated",
                {
                    "command": "import",
                    "return": kind,
                    "path": str(path),
                    "created": result.children_created,
                    "updated": result.children_updated,
                    "rows": result.rows,
                    "warnings": len(result.warnings),
                },
            )
        for warning in result.warnings[:MAX_LISTED]:
            self.stderr.write(f"warning: {warning}")
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"{kind}: {result.children_created:,} children created, "
            f"{result.children_updated:,} updated, from {path} in {seconds:.1f} s"
        )
