"""Obligations kept in step with the records: by the services' domain events (in their
transaction) and by a set-based rebuild of the whole database. Both run the same pure
schedules of ``catalogue.py`` over the same facts, so they cannot disagree."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection, transaction

from sightline.core.clock import today_or
from sightline.core.events import DomainEvent, EventName, subscribe
from sightline.timescales import facts as fact_loader
from sightline.timescales.catalogue import SCHEDULES, Schedule, catalogue, obligations_for
from sightline.timescales.models import Obligation
from sightline.timescales.schedule import Due

E = EventName

# Which facts each event can change. An event not listed changes nothing a timescale reads.
CHANGES: dict[EventName, frozenset[str]] = {
    E.CONTACT_RECEIVED: frozenset({"contacts"}),
    E.CONTACT_DECIDED: frozenset({"contacts"}),
    E.REFERRAL_OPENED: frozenset({"referrals", "strategy_asks"}),
    E.REFERRAL_CLOSED: frozenset({"referrals", "strategy_asks"}),
    E.ASSESSMENT_STARTED: frozenset({"assessments"}),
    E.ASSESSMENT_AUTHORISED: frozenset({"assessments"}),
    E.STRATEGY_DISCUSSION_HELD: frozenset({"enquiries", "strategies"}),
    E.SECTION47_STARTED: frozenset({"enquiries"}),
    E.SECTION47_COMPLETED: frozenset({"enquiries"}),
    E.CONFERENCE_HELD: frozenset({"conferences", "cp_plans"}),
    E.CP_PLAN_STARTED: frozenset({"cp_plans"}),
    E.CP_PLAN_ENDED: frozenset({"cp_plans"}),
    E.CIN_PLAN_STARTED: frozenset({"cin_plans"}),
    E.CIN_PLAN_ENDED: frozenset({"cin_plans"}),
    E.VISIT_RECORDED: frozenset({"visits"}),
    # A visit corrected (its date, purpose, seen) or struck out: decision 0026.
    E.ENTRY_CORRECTED: frozenset({"visits"}),
    E.ENTRY_STRUCK_OUT: frozenset({"visits"}),
    E.WORKER_ALLOCATED: frozenset({"pa_allocations"}),
    E.ALLOCATION_ENDED: frozenset({"pa_allocations"}),
    E.CARE_STARTED: frozenset({"periods", "placements"}),
    E.LEGAL_STATUS_CHANGED: frozenset({"periods"}),
    E.PLACEMENT_CHANGED: frozenset({"placements"}),
    E.CARE_ENDED: frozenset({"periods", "placements"}),
    E.LOOKED_AFTER_REVIEW_HELD: frozenset({"reviews"}),
    E.HEALTH_CHECK_RECORDED: frozenset({"health"}),
    E.PEP_REVIEWED: frozenset({"peps"}),
    E.MISSING_STARTED: frozenset({"missing"}),
    E.MISSING_ENDED: frozenset({"missing"}),
    E.RETURN_INTERVIEW_RECORDED: frozenset({"missing"}),
    E.UNREGISTERED_PLACEMENT_APPROVED: frozenset({"placements"}),
    E.CARE_PLAN_RECORDED: frozenset({"care_plans"}),
    E.PLACEMENT_PLAN_RECORDED: frozenset({"placements"}),
    E.PATHWAY_PLAN_STARTED: frozenset({"pathway_plans"}),
    E.PATHWAY_PLAN_REVIEWED: frozenset({"pathway_reviews"}),
    E.CORE_GROUP_MEETING_HELD: frozenset({"core_groups"}),
    E.CHILD_IN_NEED_MEETING_HELD: frozenset({"cin_meetings"}),
    E.LADO_ALLEGATION_RECORDED: frozenset({"allegations"}),
    E.LADO_ALLEGATION_CONCLUDED: frozenset({"allegations"}),
    E.PRIVATE_FOSTERING_NOTIFIED: frozenset({"private_fostering"}),
    E.PRIVATE_FOSTERING_ENDED: frozenset({"private_fostering"}),
    E.CARE_PROCEEDINGS_ISSUED: frozenset({"proceedings"}),
    E.CARE_PROCEEDINGS_CONCLUDED: frozenset({"proceedings"}),
    # Management oversight (issue 17, decision 0034)
    E.OVERSIGHT_RECORDED: frozenset({"oversights", "oversight_actions"}),
    E.OVERSIGHT_ACTION_DONE: frozenset({"oversight_actions"}),
    # A death cancels every clock open then (catalogue.py): every schedule is refreshed.
    E.PERSON_DIED: frozenset().union(*(s.facts for s in SCHEDULES)),
}

_FIELDS = (
    "subject",
    "started_on",
    "due_on",
    "due_at",
    "met_on",
    "met_at",
    "met_in_time",
    "cancelled_on",
)


def affected(names: Iterable[str]) -> list[Schedule]:
    changed = set(names)
    return [s for s in SCHEDULES if s.facts & changed]


def _values(due: Due) -> dict[str, object]:
    return {
        "subject": due.subject[:120],
        "started_on": due.started_on,
        "due_on": due.due_on,
        "due_at": due.due_at,
        "met_on": due.met_on,
        "met_at": due.met_at,
        "met_in_time": due.met_in_time,
        "cancelled_on": due.cancelled_on,
    }


def refresh_child(child_id: int, schedules: Sequence[Schedule], today: date | None = None) -> None:
    """Recompute one child's obligations under the given schedules and write the difference:
    new ones opened, changed ones met, cancelled or re-dated, vanished ones removed."""
    if not schedules:
        return
    needs = frozenset().union(*(s.facts for s in schedules))
    child = fact_loader.load(needs, [child_id]).get(child_id)
    wanted = obligations_for(child, catalogue(), today_or(today), schedules) if child else []
    codes = [code for s in schedules for code in s.rules]
    existing = {
        (o.rule, o.subject_type, o.subject_id, o.sequence): o
        for o in Obligation.objects.filter(child_id=child_id, rule__in=codes)
    }
    changed: list[Obligation] = []
    new: list[Obligation] = []
    for due in wanted:
        row = existing.pop(due.key, None)
        values = _values(due)
        if row is None:
            new.append(
                Obligation(
                    child_id=child_id,
                    rule=due.rule,
                    subject_type=due.subject_type,
                    subject_id=due.subject_id,
                    sequence=due.sequence,
                    **values,
                )
            )
        elif any(getattr(row, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(row, k, v)
            changed.append(row)
    if existing:
        Obligation.objects.filter(pk__in=[o.pk for o in existing.values()]).delete()
    if changed:
        Obligation.objects.bulk_update(changed, list(_FIELDS))
    if new:
        Obligation.objects.bulk_create(new)


@subscribe()
def keep_obligations(event: DomainEvent) -> None:
    """Every domain event: reopen, meet or cancel what it touches, in the service's
    transaction (a refused change rolls this back with everything else)."""
    changed = CHANGES.get(event.name)
    if changed:
        refresh_child(event.child_id, affected(changed))


@dataclass(frozen=True)
class RebuildResult:
    children: int
    obligations: int


# The model's secondary indexes (models.Obligation.Meta.indexes), as the rebuild recreates them;
# tests/timescales checks they match the model's.
SECONDARY_INDEXES = {
    "obligation_open_due": (
        "CREATE INDEX obligation_open_due ON timescales_obligation (due_on) "
        "WHERE cancelled_on IS NULL AND met_on IS NULL"
    ),
    "obligation_rule_due_met": (
        "CREATE INDEX obligation_rule_due_met ON timescales_obligation "
        "(rule, due_on, met_in_time, cancelled_on, child_id)"
    ),
}

_INSERT = (
    "INSERT INTO timescales_obligation (child_id, rule, subject_type, subject_id, sequence, "
    "subject, started_on, due_on, due_at, met_on, met_at, met_in_time, cancelled_on) "
    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
)


def rebuild(
    today: date | None = None,
    slice_size: int = 50_000,
    progress: Callable[[int, int], None] | None = None,
) -> RebuildResult:
    """Recompute every obligation in the database in one transaction: the facts are read in
    slices of child ids (one query per kind of fact and slice), the schedules run in memory,
    and the rows are written in batches."""
    day = today_or(today)
    cat = catalogue()
    needs = frozenset().union(*(s.facts for s in SCHEDULES))
    top = _max_person_id()
    children = written = 0
    with transaction.atomic(), connection.cursor() as cursor:
        # Writing 10^5-10^6 rows is several times faster without the secondary indexes: drop
        # them, reload, and build them again once (DDL is transactional on both databases).
        for name in SECONDARY_INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")
        cursor.execute("DELETE FROM timescales_obligation")
        for start in range(0, top + 1, slice_size):
            loaded = fact_loader.load(needs, range(start, start + slice_size))
            rows = []
            for child in loaded.values():
                for due in obligations_for(child, cat, day):
                    rows.append(_row(child.child_id, due))
            _insert(cursor, rows)
            children += len(loaded)
            written += len(rows)
            if progress is not None:
                progress(min(start + slice_size, top), top)
        postgres = connection.vendor == "postgresql"
        if postgres:  # run the deferred foreign-key checks now: an index needs none pending
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for create in SECONDARY_INDEXES.values():
            cursor.execute(create)
        if postgres:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    return RebuildResult(children, written)


_COLUMNS = (
    "child_id, rule, subject_type, subject_id, sequence, subject, started_on, due_on, due_at, "
    "met_on, met_at, met_in_time, cancelled_on"
)


def _insert(cursor: Any, rows: list[tuple[object, ...]]) -> None:
    """Write rows: PostgreSQL's COPY where available (several times faster than INSERT),
    otherwise batched INSERTs."""
    if connection.vendor == "postgresql":
        with cursor.cursor.copy(f"COPY timescales_obligation ({_COLUMNS}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    for batch in range(0, len(rows), 20_000):
        cursor.executemany(_INSERT, rows[batch : batch + 20_000])


def _row(child_id: int, due: Due) -> tuple[object, ...]:
    moment = connection.ops.adapt_datetimefield_value
    return (
        child_id,
        due.rule,
        due.subject_type,
        due.subject_id,
        due.sequence,
        due.subject[:120],
        due.started_on,
        due.due_on,
        moment(due.due_at),
        due.met_on,
        moment(due.met_at),
        due.met_in_time,
        due.cancelled_on,
    )


def _max_person_id() -> int:
    from sightline.people.models import Person

    return Person.objects.order_by("-id").values_list("id", flat=True).first() or 0


def rebuild_for(child_ids: Sequence[int], today: date | None = None) -> int:
    """Recompute the obligations of the given children (an import's), set-based: one query
    per kind of fact for all of them, then their rows replaced. Returns the rows written."""
    ids = sorted(set(child_ids))
    if not ids:
        return 0
    day = today_or(today)
    cat = catalogue()
    needs = frozenset().union(*(s.facts for s in SCHEDULES))
    written = 0
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(0, len(ids), 5_000):
            chunk = ids[start : start + 5_000]
            Obligation.objects.filter(child_id__in=chunk).delete()
            # An import's children have consecutive ids: read them as a range (an indexed
            # range scan) rather than a long IN list, and keep only the ones asked for.
            dense = chunk[-1] - chunk[0] < 2 * len(chunk)
            wanted = set(chunk)
            scope = range(chunk[0], chunk[-1] + 1) if dense else chunk
            loaded = fact_loader.load(needs, scope)
            rows = [
                _row(child.child_id, due)
                for child in loaded.values()
                if child.child_id in wanted
                for due in obligations_for(child, cat, day)
            ]
            _insert(cursor, rows)
            written += len(rows)
    return written
