"""Write many records at once and leave what a service's write leaves (decision 0035).

A service writes one record and emits its domain events; the subscribers then add the
chronology entry (decision 0019) and move the child's record version (core/writes.py). The
synthetic authority and the two DfE imports write tens of thousands of records at a time,
where a query per record is too slow. ``BulkWrite`` is their one way of doing it:

- ``add`` keeps a row to insert, giving it the primary key the database would give it (so
  rows that point at it can be built before any insert); ``create`` inserts rows at once;
- ``emit`` keeps an event the service would have emitted for the row, built at the end from
  the rows as they then stand (``emit_now``: built from the row as it is now);
- ``save_changes`` writes records changed in place and drops their chronology entries, which
  the events emitted again for them rebuild;
- ``finish`` turns the events into chronology entries with the same ``entry_values`` the
  chronology's subscriber uses, moves each child's record version by one per event (as
  ``core.writes`` does for a service, so a form opened before the write sees the change),
  inserts what is left and moves the sequences past the keys given.

``tests/synthetic/test_bulk_matches_services.py`` proves a synthetic authority written this way
equal, table for table and entry for entry, to the same authority written by the services.
Inserts go through ``insert_rows``: one ``executemany`` a table, each value adapted as the ORM
would adapt it; Django's ``bulk_create`` compiles SQL per object and is several times slower.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models
from django.db.models import NOT_PROVIDED, F, Max, signals
from django.db.models.base import ModelState
from django.utils import timezone

from sightline.chronology.handlers import entry_values
from sightline.chronology.models import ChronologyEntry
from sightline.core.events import DomainEvent
from sightline.people.models import Person

#: How many keys one ``IN`` list holds.
CHUNK = 5_000

Pending = tuple[Callable[..., DomainEvent], tuple[Any, ...]]


def _built(event: DomainEvent) -> DomainEvent:
    return event


def chunks(ids: Iterable[Any], size: int = CHUNK) -> Iterable[list[Any]]:
    """Keys in sorted runs of ``size``, for queries with an ``IN`` list."""
    ordered = sorted(set(ids))
    for start in range(0, len(ordered), size):
        yield ordered[start : start + size]


class BulkWrite:
    """One write of many records (see the module's text). ``lock``: no other writer may add
    rows to a table this write adds to until the transaction commits (PostgreSQL; a SQLite
    write transaction is already exclusive), for a write beside the running system (an
    import). ``order``: the tables whose rows ``finish`` inserts, in the order they point at
    each other; rows of other tables are inserted after, in the order first added."""

    def __init__(self, *, lock: bool = False, order: Sequence[type[models.Model]] = ()) -> None:
        self.lock = lock
        self.order = tuple(order)
        self.rows: dict[type[models.Model], list[models.Model]] = {m: [] for m in order}
        self.events: list[Pending] = []
        self.next_pk: dict[type[models.Model], int] = {}
        self.counts: Counter[str] = Counter()
        self.touched: list[type[models.Model]] = []
        self.now = timezone.now()

    def _start(self, model: type[models.Model]) -> int:
        if self.lock and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    f"LOCK TABLE {connection.ops.quote_name(model._meta.db_table)} "
                    "IN SHARE ROW EXCLUSIVE MODE"
                )
        self.touched.append(model)
        return model._default_manager.aggregate(m=Max("pk"))["m"] or 0

    def add(self, row: Any) -> Any:
        """Keep a row for insertion, giving it the primary key the database would give it."""
        model = type(row)
        pk = self.next_pk.get(model)
        if pk is None:
            pk = self._start(model)
        self.next_pk[model] = row.pk = pk + 1
        pending = self.rows.get(model)
        if pending is None:
            pending = self.rows[model] = []
        pending.append(row)
        return row

    def create(self, model: type[models.Model], rows: list[Any]) -> list[Any]:
        """Insert ``rows`` (and any others of the table kept so far) now."""
        if rows:
            for row in rows:
                self.add(row)
            self._insert(model)
        return rows

    def _insert(self, model: type[models.Model]) -> None:
        rows = self.rows.get(model) or []
        stamped = [
            f.attname
            for f in model._meta.concrete_fields
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        ]
        if stamped:
            for row in rows:
                for attname in stamped:
                    if getattr(row, attname) is None:
                        setattr(row, attname, self.now)
        insert_rows(model, [row_values(model, row) for row in rows])
        self.counts[model._meta.label] += len(rows)  # a table of ``order``: even 0
        self.rows[model] = []

    def emit(self, constructor: Callable[..., DomainEvent], *args: Any) -> None:
        """An event the service emits for this write, built when the write finishes."""
        self.events.append((constructor, args))

    def emit_now(self, event: DomainEvent) -> None:
        """An event built now, from the record as it is at this step (its summary may read
        fields that a later step changes)."""
        self.events.append((_built, (event,)))

    def save_changes(
        self, model: type[models.Model], rows: list[Any], fields: Iterable[str]
    ) -> None:
        """Write records changed in place; their chronology entries are dropped, for the
        events emitted again for them to rebuild."""
        if not rows:
            return
        model._default_manager.bulk_update(rows, sorted(set(fields)), batch_size=2_000)
        for chunk in chunks(row.pk for row in rows):
            ChronologyEntry.objects.filter(
                record_type=model._meta.label, record_id__in=chunk
            ).delete()

    def finish(self, progress: Callable[[str], None] | None = None) -> dict[str, int]:
        """Build the events and their chronology entries, move the record versions, insert
        every row still kept, and move the sequences past the keys given. Returns the rows
        inserted by table label."""
        entries: list[dict[str, Any]] = []
        changes: Counter[int] = Counter()
        for constructor, args in self.events:
            event = constructor(*args)
            changes[event.child_id] += 1
            values = entry_values(event)
            if values is not None:
                entries.append(values)
        self.events = []
        self._move_record_versions(changes)
        for model, rows in list(self.rows.items()):
            if rows or model in self.order:
                count = len(rows)
                self._insert(model)
                if progress:
                    progress(f"{model._meta.verbose_name_plural}: {count:,}")
        top = self.next_pk.get(ChronologyEntry)
        if top is None:
            top = self._start(ChronologyEntry)
        for pk, entry in enumerate(entries, start=top + 1):
            entry["id"] = pk
        self.next_pk[ChronologyEntry] = top + len(entries)
        insert_rows(ChronologyEntry, entries)
        self.counts[ChronologyEntry._meta.label] += len(entries)
        if progress:
            progress(f"chronology entries: {len(entries):,}")
        reset_sequences(list(dict.fromkeys(self.touched)))
        return dict(self.counts)

    def _move_record_versions(self, changes: Counter[int]) -> None:
        """One more a child for each event about them: on the rows not yet inserted, and in
        one UPDATE per count and chunk for the children already in the database."""
        waiting = {row.pk: row for row in self.rows.get(Person, [])}
        stored: dict[int, list[int]] = {}
        for child_id, n in changes.items():
            row = waiting.get(child_id)
            if row is not None:
                row.record_version += n  # type: ignore[attr-defined]
            else:
                stored.setdefault(n, []).append(child_id)
        for n, ids in stored.items():
            for chunk in chunks(ids):
                Person.objects.filter(pk__in=chunk).update(record_version=F("record_version") + n)


# --- Rows without the ORM's per-object cost ----------------------------------------------------


@dataclass(frozen=True)
class _Layout:
    names: frozenset[str]
    constants: dict[str, Any]  # defaults that are values: the same object every time
    made: tuple[models.Field[Any, Any], ...]  # defaults made by a callable, one per row
    plain: bool  # no post_init receivers: the row can be built without Model.__init__
    relations: dict[str, models.Field[Any, Any]]  # foreign keys by name (``child``)


_LAYOUTS: dict[type[models.Model], _Layout] = {}


def _layout(model: type[models.Model]) -> _Layout:
    fields = list(model._meta.concrete_fields)
    made = tuple(f for f in fields if f.has_default() and callable(f.default))
    return _Layout(
        names=frozenset(f.attname for f in fields),
        constants={f.attname: f.get_default() for f in fields if f not in made},
        made=made,
        plain=not signals.post_init.has_listeners(model)
        and all(getattr(f, "db_default", NOT_PROVIDED) is NOT_PROVIDED for f in fields),
        relations={f.name: f for f in fields if f.is_relation},
    )


def fast(model: type[models.Model], **values: Any) -> Any:
    """An unsaved row for a table without related objects to cache, its fields set directly.

    Django's keyword ``__init__`` resolves each name and related object; even the positional
    form goes through every field's descriptor. A new row needs neither: its attributes are
    written to the instance dictionary, which is what ``__init__`` leaves there (a model with
    ``post_init`` receivers or database defaults still goes through ``__init__``). Missing
    fields take their defaults.
    """
    layout = _LAYOUTS.get(model)
    if layout is None:
        layout = _LAYOUTS[model] = _layout(model)
    if not layout.names.issuperset(values):
        raise TypeError(f"{model.__name__} has no field {sorted(set(values) - layout.names)}")
    if not layout.plain:
        return model(**{**layout.constants, **values})
    row = model.__new__(model)
    row._state = ModelState()
    state = row.__dict__
    state.update(layout.constants)
    for f in layout.made:
        if f.attname not in values:
            state[f.attname] = f.get_default()
    state.update(values)
    return row


def linked(model: type[models.Model], **values: Any) -> Any:
    """``fast``, for a row given its related objects by name (``child=person``), as the keyword
    ``__init__`` takes them: each one's key is set and the object cached on the row (and, for a
    one-to-one relation, the row on the object), so later steps read ``row.child`` as before."""
    layout = _LAYOUTS.get(model)
    if layout is None:
        layout = _LAYOUTS[model] = _layout(model)
    related = {name: values.pop(name) for name in list(values) if name in layout.relations}
    for name, obj in related.items():
        values[layout.relations[name].attname] = None if obj is None else obj.pk
    row = fast(model, **values)
    cache = row._state.fields_cache
    for name, obj in related.items():
        cache[name] = obj
        field = layout.relations[name]
        remote = field.remote_field
        if obj is not None and field.one_to_one and remote is not None:
            remote.set_cached_value(obj, row)
    return row


def row_values(model: type[models.Model], row: models.Model) -> dict[str, Any]:
    """A row's column values by attribute name, foreign keys taken from their related rows."""
    values: dict[str, Any] = {}
    cache = row._state.fields_cache
    for field in model._meta.concrete_fields:
        value = getattr(row, field.attname)
        if value is None and field.is_relation and field.name in cache:
            related = cache[field.name]
            value = None if related is None else related.pk
        values[field.attname] = value
    return values


def insert_rows(model: type[models.Model], rows: list[dict[str, Any]]) -> None:
    """INSERT many rows at once, adapting each value exactly as the ORM would for this database.

    Django's bulk_create spends most of its time compiling SQL per object; the values here go
    through the same ``get_db_prep_save`` only for the field types that need adapting.
    """
    if not rows:
        return
    fields = list(model._meta.concrete_fields)
    ops = connection.ops
    adapters: list[Callable[[Any], Any] | None] = []
    for field in fields:
        kind = field.get_internal_type()
        if kind == "DateField":  # what DateField.get_db_prep_value does for a date
            adapters.append(ops.adapt_datefield_value)
        elif kind == "DateTimeField":
            adapters.append(ops.adapt_datetimefield_value)
        elif kind == "JSONField":
            adapters.append(partial(field.get_db_prep_save, connection=connection))
        else:
            adapters.append(None)
    quote = ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"
    names = [f.attname for f in fields]
    adapted = [(i, adapt) for i, adapt in enumerate(adapters) if adapt is not None]
    params = []
    for row in rows:
        values = [row[name] for name in names]
        for i, adapt in adapted:
            if values[i] is not None:
                values[i] = adapt(values[i])
        params.append(tuple(values))
    with connection.cursor() as cursor:
        for start in range(0, len(params), 20_000):
            cursor.executemany(sql, params[start : start + 20_000])


def reset_sequences(model_list: list[type[models.Model]]) -> None:
    """Move the tables' sequences past the keys given (PostgreSQL)."""
    statements = connection.ops.sequence_reset_sql(no_style(), model_list)
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
