"""sightline quality load-history: the seeds' improvement journey (decision 0034)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser
from django.utils import timezone

from sightline.access.actor import acting_as, operator_name
from sightline.access.commands import OperatorCommand
from sightline.quality import history


class Command(OperatorCommand):
    task_option = "task"
    help = (
        "Quality of practice. `load-history` records the 2017, 2022 and 2025 inspections "
        "(judgements, the five 2022 recommendations, the two 2025 areas to improve, their KPIs "
        "and themes) with synthetic improvement actions and board meetings; once."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("task", choices=["load-history"])

    def handle(self, *args: Any, **options: Any) -> None:
        with acting_as(operator_name(options)):
            loaded = history.load(timezone.localdate())
        if loaded:
            self.stdout.write(f"Loaded {loaded} inspections and the improvement plan")
        else:
            self.stdout.write("The inspection history is loaded already: nothing changed")
