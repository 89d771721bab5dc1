"""A canonical picture of every Sightline table that does not depend on primary key values.

Two builds of the same data differ in their primary keys when the database's sequences do not
restart after a delete (PostgreSQL), so each table is read in primary-key order and every key
(the row's own, each foreign key, and a chronology entry's ``record_type``/``record_id``) is
replaced by its rank: the row's position within the table it points to. Automatic timestamps
(``auto_now``/``auto_now_add``) are left out: they say when the row was written, not what.
The audit trail is left out too: it records who did what (building through the services is
audited, the bulk writer is not), not the children's records.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.db import connection, models

from sightline.access.models import AuditEvent
from sightline.chronology.models import ChronologyEntry
from sightline.timescales.models import Obligation

Snapshot = dict[str, tuple[tuple[str, ...], list[tuple[Any, ...]]]]

# Columns that point at a row of any model: (model, type column, id column).
GENERIC_REFERENCES: dict[type[models.Model], tuple[str, str]] = {
    ChronologyEntry: ("record_type", "record_id"),
    Obligation: ("subject_type", "subject_id"),
}


def sightline_models() -> list[type[models.Model]]:
    """Every model of the project's own apps, in the app registry's order."""
    return [m for m in apps.get_models() if m.__module__.startswith("sightline.")]


def _is_auto_timestamp(field: models.Field) -> bool:
    return bool(getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False))


def _columns(model: type[models.Model]) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if not _is_auto_timestamp(f)]


class _Ranks:
    """pk -> 1-based position in pk order, per model, read once each."""

    def __init__(self) -> None:
        self._ranks: dict[type[models.Model], dict[Any, int]] = {}

    def of(self, model: type[models.Model]) -> dict[Any, int]:
        model = model._meta.concrete_model or model
        if model not in self._ranks:
            pks = model._default_manager.order_by("pk").values_list("pk", flat=True)
            self._ranks[model] = {pk: i for i, pk in enumerate(pks, 1)}
        return self._ranks[model]


def snapshot(model_list: Iterable[type[models.Model]] | None = None) -> Snapshot:
    """{model label: (column names, rows in pk order with keys replaced by ranks)}."""
    ranks = _Ranks()
    result: Snapshot = {}
    default = [m for m in sightline_models() if m is not AuditEvent]
    for model in model_list or default:
        fields = _columns(model)
        generic = GENERIC_REFERENCES.get(model)
        raw = model._default_manager.order_by("pk").values_list(*(f.attname for f in fields))
        rows: list[tuple[Any, ...]] = []
        for values in raw:
            row = dict(zip((f.attname for f in fields), values, strict=True))
            out: list[Any] = []
            for field in fields:
                value = row[field.attname]
                if field.primary_key:
                    value = ranks.of(model)[value]
                elif field.is_relation and value is not None:
                    target = field.target_field  # type: ignore[attr-defined]
                    assert target.primary_key, f"{model._meta.label}.{field.name}: to_field"
                    value = ranks.of(field.related_model)[value]  # type: ignore[arg-type]
                elif generic is not None and field.attname == generic[1]:
                    label = row[generic[0]]
                    value = ranks.of(apps.get_model(label)).get(value, f"missing {label}")
                out.append(value)
            rows.append(tuple(out))
        result[model._meta.label] = (tuple(f.attname for f in fields), rows)
    return result


def first_difference(before: Snapshot, after: Snapshot) -> str | None:
    """A message naming the first table and row that differ, or None when they are equal."""
    if before.keys() != after.keys():
        return f"different tables: {sorted(before)} != {sorted(after)}"
    for label, (columns, rows) in before.items():
        other_columns, other_rows = after[label]
        if columns != other_columns:
            return f"{label}: different columns {columns} != {other_columns}"
        if rows == other_rows:
            continue
        for i, (a, b) in enumerate(zip(rows, other_rows, strict=False)):
            if a != b:
                diff = {c: (x, y) for c, x, y in zip(columns, a, b, strict=True) if x != y}
                return (
                    f"{label}: row {i + 1} (in pk order) of {len(rows)} / {len(other_rows)} "
                    f"differs in {diff} (first, second)\n"
                    f"  first:  {dict(zip(columns, a, strict=True))}\n"
                    f"  second: {dict(zip(columns, b, strict=True))}"
                )
        shorter, longer = (rows, other_rows) if len(rows) < len(other_rows) else (other_rows, rows)
        extra = dict(zip(columns, longer[len(shorter)], strict=True))
        return (
            f"{label}: {len(rows)} rows in the first, {len(other_rows)} in the second; "
            f"the first extra row: {extra}"
        )
    return None


def row_counts(snap: Snapshot) -> dict[str, int]:
    return {label: len(rows) for label, (_, rows) in snap.items()}


def deletion_order(model_list: Iterable[type[models.Model]]) -> list[type[models.Model]]:
    """The models ordered so that each comes before every model it points to."""
    remaining = list(model_list)
    ordered: list[type[models.Model]] = []
    while remaining:
        for model in remaining:
            pointed_to_by_others = any(
                f.is_relation and f.related_model is model
                for other in remaining
                if other is not model
                for f in other._meta.concrete_fields
            )
            if not pointed_to_by_others:
                ordered.append(model)
                remaining.remove(model)
                break
        else:
            raise AssertionError(f"foreign keys form a cycle among {remaining}")
    return ordered


def delete_everything() -> None:
    """Empty every Sightline table (self-references such as a team's parent go in one go)."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in deletion_order(sightline_models()):
            cursor.execute(f"DELETE FROM {quote(model._meta.db_table)}")
    leftover = {m._meta.label: m._default_manager.count() for m in sightline_models()}
    assert not any(leftover.values()), f"rows left after delete: {leftover}"
