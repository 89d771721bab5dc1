"""Helpers for the SSDA903 tests: write tables as CSV, count every Sightline table's rows,
empty the database of people within a test."""

from __future__ import annotations

import csv
from pathlib import Path

from django.apps import apps

from sightline.people.models import Person
from sightline.returns.ssda903_tables import TABLES

EPISODE_COLUMNS = TABLES["episodes.csv"]


def write_tables(directory: Path, tables: dict[str, list[dict[str, str]]]) -> Path:
    """Every table (header row only where no rows are given), as the DfE names them."""
    directory.mkdir(parents=True, exist_ok=True)
    for name, columns in TABLES.items():
        if name == "dolo.csv":
            continue
        with (directory / name).open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(columns)
            for row in tables.get(name, []):
                writer.writerow([row.get(c, "") for c in columns])
    return directory


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model.__module__.startswith("sightline.")
    }


def wipe_people() -> None:
    """Remove every person and every record about one, inside the current transaction (the
    workforce, users and the audit trail stay)."""
    from sightline.access.models import AuditEvent
    from sightline.workforce.models import Team, Worker

    keep = {Team, Worker, AuditEvent, Person}
    apps_with_children = {
        "care",
        "leaving_care",
        "protection",
        "frontdoor",
        "chronology",
        "timescales",
        "people",
    }
    for model in apps.get_models():
        if not model.__module__.startswith("sightline.") or model in keep:
            continue
        refers = any(f.related_model is Person for f in model._meta.concrete_fields)
        if refers or model._meta.app_label in apps_with_children:
            model._default_manager.all()._raw_delete(model._default_manager.db)
    Person.objects.all()._raw_delete(Person._default_manager.db)
