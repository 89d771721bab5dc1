"""Write a checked CIN census return into the records, in one transaction and in bulk through
``core.bulk_write`` (the rows and the events the services would write, so the chronology entries
and record versions are theirs). It merges (decision 0013): a record the return carries that
Sightline holds (the same child and start date) is updated with the return's values; one it
does not hold is added; nothing is removed: the records the return cannot carry (meetings,
pre-proceedings, strategy discussions without an enquiry, history before the year) and those
it leaves out stay as they are."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sightline.chronology.models import ChronologyEntry
from sightline.core.bulk_write import BulkWrite, chunks
from sightline.core.events import DomainEvent
from sightline.people import events as people_events
from sightline.people.models import Person, PersonDisability
from sightline.people.names import name_keys
from sightline.protection import events as p_events
from sightline.protection.models import (
    Assessment,
    ChildInNeedPlan,
    ChildProtectionConference,
    ChildProtectionPlan,
    Referral,
    Section47Enquiry,
    StrategyDiscussion,
)
from sightline.returns.cin_xml import (
    ChildRow,
    CINReturn,
    CPPlanRow,
    EpisodeRow,
    Section47Row,
)
from sightline.returns.files import ImportResult, Problem
from sightline.returns.years import (
    CollectionYear,
)
from sightline.timescales.engine import rebuild_for

K = ChildProtectionConference.Kind
Out = ChildProtectionConference.Outcome


class _Events:
    def __init__(self) -> None:
        self.items: list[tuple[int, date, int, Callable[..., DomainEvent], tuple[Any, ...]]] = []

    def add(self, child_id: int, on: date, build: Callable[..., DomainEvent], *args: Any) -> None:
        self.items.append((child_id, on, len(self.items), build, args))

    def of(self, record: Any) -> None:
        """Every event the services emit for a record, each dated as they date it."""
        child = record.child_id
        if isinstance(record, Referral):
            self.add(child, record.referral_date, p_events.referral_opened, record)
            if record.closure_date:
                self.add(child, record.closure_date, p_events.referral_closed, record)
        elif isinstance(record, Assessment):
            self.add(child, record.started_on, p_events.assessment_started, record)
            if record.authorised_on:
                self.add(child, record.authorised_on, p_events.assessment_authorised, record)
        elif isinstance(record, StrategyDiscussion):
            self.add(child, record.held_on, p_events.strategy_discussion_held, record)
        elif isinstance(record, Section47Enquiry):
            self.add(child, record.started_on, p_events.section47_started, record)
            if record.completed_on:
                self.add(child, record.completed_on, p_events.section47_completed, record)
        elif isinstance(record, ChildProtectionConference):
            self.add(child, record.held_on, p_events.conference_held, record)
        elif isinstance(record, ChildProtectionPlan):
            self.add(child, record.started_on, p_events.cp_plan_started, record)
            if record.ended_on:
                self.add(child, record.ended_on, p_events.cp_plan_ended, record)
        elif isinstance(record, ChildInNeedPlan):
            self.add(child, record.started_on, p_events.cin_plan_started, record)
            if record.ended_on:
                self.add(child, record.ended_on, p_events.cin_plan_ended, record)


@dataclass
class _Held:
    """What Sightline already holds for the return's existing children (set-based: one query
    per kind of record, in chunks of children), keyed as the return identifies each record."""

    referrals: dict[tuple[int, date], Referral]
    assessments: dict[tuple[int, date], list[Assessment]]
    enquiries: dict[tuple[int, date], Section47Enquiry]
    initial: dict[int, ChildProtectionConference]  # by section 47 enquiry
    transfer_in: set[tuple[int, date]]  # (referral, held on)
    reviews: set[tuple[int, date]]  # (plan, held on)
    linked_plans: set[int]  # plans an initial or transfer-in conference made
    cp_plans: dict[tuple[int, date], ChildProtectionPlan]
    cin_plans: dict[tuple[int, date], ChildInNeedPlan]
    disabilities: dict[int, dict[str, int]]  # person -> code -> row

    @classmethod
    def load(cls, child_pks: list[int]) -> _Held:
        held = cls({}, defaultdict(list), {}, {}, set(), set(), set(), {}, {}, defaultdict(dict))
        for chunk in chunks(child_pks):
            for r in Referral.objects.filter(child_id__in=chunk):
                held.referrals[(r.child_id, r.referral_date)] = r
            for a in Assessment.objects.filter(child_id__in=chunk).order_by("pk"):
                held.assessments[(a.referral_id, a.started_on)].append(a)
            for q in Section47Enquiry.objects.filter(child_id__in=chunk).order_by("pk"):
                held.enquiries.setdefault((q.referral_id, q.started_on), q)
            for c in ChildProtectionConference.objects.filter(child_id__in=chunk):
                if c.kind == K.INITIAL and c.section47_id is not None:
                    held.initial.setdefault(c.section47_id, c)
                elif c.kind == K.TRANSFER_IN:
                    held.transfer_in.add((c.referral_id, c.held_on))
                elif c.kind == K.REVIEW and c.plan_id is not None:
                    held.reviews.add((c.plan_id, c.held_on))
                if c.kind in (K.INITIAL, K.TRANSFER_IN) and c.plan_id is not None:
                    held.linked_plans.add(c.plan_id)
            for cp in ChildProtectionPlan.objects.filter(child_id__in=chunk).order_by("pk"):
                held.cp_plans.setdefault((cp.referral_id, cp.started_on), cp)
            for cin in ChildInNeedPlan.objects.filter(child_id__in=chunk).order_by("pk"):
                held.cin_plans.setdefault((cin.referral_id, cin.started_on), cin)
            for row, person_id, code in PersonDisability.objects.filter(
                person_id__in=chunk
            ).values_list("pk", "person_id", "code"):
                held.disabilities[person_id][code] = row
        return held


def _as_at(given: date | None, held: date | None, last: date) -> date | None:
    """A date the return leaves blank that Sightline holds after the reference date: the
    return shows the record as it stood on 31 March, so Sightline's later date stands."""
    if given is None and held is not None and held > last:
        return held
    return given


class _Changes:
    """Records the import updates: each model's changed fields, written with bulk_update, and
    their chronology entries rebuilt from the same events."""

    def __init__(self) -> None:
        self.records: dict[Any, dict[int, Any]] = defaultdict(dict)
        self.fields: dict[Any, set[str]] = defaultdict(set)

    def set(self, record: Any, **values: Any) -> None:
        changed = [k for k, v in values.items() if getattr(record, k) != v]
        for name in changed:
            setattr(record, name, values[name])
        if changed:
            self.records[type(record)][record.pk] = record
            self.fields[type(record)].update(changed)

    def write(self, ev: _Events, bulk: BulkWrite) -> int:
        count = 0
        for model, records in self.records.items():
            rows = list(records.values())
            bulk.save_changes(model, rows, self.fields[model])
            for record in rows:
                ev.of(record)
            count += len(rows)
        return count


def _person_values(p: Person, c: ChildRow, last: date) -> dict[str, Any]:
    """The fields the return carries for an existing child, as at the reference date: a child
    Sightline holds as born after it (the return: unborn, expected then, sex U) keeps their
    birth date and sex; a born child's expected date (the return never carries it) and a
    death after the reference date stand."""
    values: dict[str, Any] = {
        "upn": c.upn,
        "former_upn": c.former_upn,
        "upn_unknown": c.upn_unknown,
        "birth_date": c.birth_date,
        "expected_birth_date": c.expected_birth_date,
        "sex": c.sex,
        "ethnicity": c.ethnicity,
        "death_date": _as_at(c.death_date, p.death_date, last),
    }
    born_later = p.birth_date is not None and p.birth_date > last
    if (
        c.birth_date is None
        and born_later
        and c.expected_birth_date
        in (
            p.expected_birth_date,
            p.birth_date,
        )
    ):
        values.update(birth_date=p.birth_date, expected_birth_date=p.expected_birth_date, sex=p.sex)
    elif c.birth_date is not None and c.expected_birth_date is None:
        values["expected_birth_date"] = p.expected_birth_date
    return values


@dataclass
class _Import:
    """What the write works from, and what it has written so far."""

    ret: CINReturn
    last: date
    existing: dict[str, Person]
    day: date
    elsewhere: dict[int, int]
    held: _Held
    ev: _Events = field(default_factory=_Events)
    changes: _Changes = field(default_factory=_Changes)
    bulk: BulkWrite = field(default_factory=lambda: BulkWrite(lock=True))
    people: dict[str, Person] = field(default_factory=dict)
    new_people: list[Person] = field(default_factory=list)
    disabilities: list[PersonDisability] = field(default_factory=list)
    referrals: list[tuple[Referral, EpisodeRow]] = field(default_factory=list)
    new_referrals: list[Referral] = field(default_factory=list)
    assessments: list[Assessment] = field(default_factory=list)
    discussions: list[tuple[StrategyDiscussion, Section47Row, Referral]] = field(
        default_factory=list
    )
    enquiries: list[tuple[Section47Enquiry, Section47Row, Referral]] = field(default_factory=list)
    matched_enquiries: list[tuple[Section47Enquiry, Section47Row, Referral]] = field(
        default_factory=list
    )
    cp_plans: list[tuple[ChildProtectionPlan, CPPlanRow, Referral]] = field(default_factory=list)
    new_cp_plans: list[ChildProtectionPlan] = field(default_factory=list)
    cin_plans: list[ChildInNeedPlan] = field(default_factory=list)
    conferences: list[ChildProtectionConference] = field(default_factory=list)


def write(
    ret: CINReturn,
    cy: CollectionYear,
    existing: dict[str, Person],
    day: date,
    warnings: list[Problem],
    elsewhere: dict[int, int],
) -> ImportResult:
    """Merge the return into the records (see the module's text)."""
    held = _Held.load([p.pk for p in existing.values()])
    w = _Import(ret, cy.last, existing, day, elsewhere, held)
    _people(w)
    _disabilities(w)
    _referrals(w)
    for r, e in w.referrals:
        _assessments(w, r, e)
        _section47s(w, r, e)
        _cp_plans(w, r, e)
        _cin_plans(w, r, e)
    _insert_records(w)
    _conferences(w)
    return ImportResult(
        children_created=len(w.new_people),
        children_updated=len(existing),
        rows=_events_and_counts(w),
        warnings=warnings,
    )


def _people(w: _Import) -> None:
    """Update the children Sightline holds, create the rest."""
    changed_people: list[Person] = []
    person_fields: set[str] = set()
    for c in w.ret.children:
        known = w.existing.get(c.la_child_id)
        if known is None:
            p = Person(
                kind=Person.Kind.CHILD,
                la_child_id=c.la_child_id,
                given_name="",
                family_name=f"LA child ID {c.la_child_id}",
                **name_keys("", f"LA child ID {c.la_child_id}"),
                created_at=w.bulk.now,
                upn=c.upn,
                former_upn=c.former_upn,
                upn_unknown=c.upn_unknown,
                birth_date=c.birth_date,
                expected_birth_date=c.expected_birth_date,
                sex=c.sex,
                ethnicity=c.ethnicity,
                death_date=c.death_date,
            )
            w.new_people.append(p)
        else:
            p = known
            values = _person_values(p, c, w.last)
            changed = [k for k, v in values.items() if getattr(p, k) != v]
            for k in changed:
                setattr(p, k, values[k])
            if changed:
                person_fields.update(changed)
                changed_people.append(p)
        w.people[c.la_child_id] = p
    if changed_people:
        Person.objects.bulk_update(changed_people, sorted(person_fields), batch_size=2_000)
    w.bulk.create(Person, w.new_people)
    for p in w.new_people:
        w.ev.add(p.pk, w.day, people_events.person_registered, p, w.day)


def _disabilities(w: _Import) -> None:
    """The return carries a child's disabilities: their list, as it is."""
    gone: list[int] = []
    for c in w.ret.children:
        pk = w.people[c.la_child_id].pk
        have, want = w.held.disabilities.get(pk, {}), set(c.disabilities)
        gone += [row for code, row in have.items() if code not in want]
        w.disabilities += [
            PersonDisability(person_id=pk, code=code) for code in sorted(want - set(have))
        ]
    for chunk in chunks(gone):
        PersonDisability.objects.filter(pk__in=chunk).delete()
    w.bulk.create(PersonDisability, w.disabilities)


def _referrals(w: _Import) -> None:
    """Episodes: matched by child and referral date, or added."""
    for c in w.ret.children:
        child = w.people[c.la_child_id]
        for e in c.episodes:
            assert e.referral_date is not None
            r = w.held.referrals.get((child.pk, e.referral_date))
            closure = e.closure_date
            reason = e.closure_reason
            if r is None:
                r = Referral(child_id=child.pk, referral_date=e.referral_date)
                w.new_referrals.append(r)
            elif closure is None and r.closure_date is not None and r.closure_date > w.last:
                closure, reason = r.closure_date, r.closure_reason
            values = {
                "source": e.source,
                "primary_need": e.primary_need,  # left out stays out
                "nfa": e.nfa,
                "closure_date": closure,
                "closure_reason": reason,
            }
            if r.pk is None:
                for k, v in values.items():
                    setattr(r, k, v)
            else:
                w.changes.set(r, **values)
            w.referrals.append((r, e))
    w.bulk.create(Referral, w.new_referrals)


def _assessments(w: _Import, r: Referral, e: EpisodeRow) -> None:
    for a in e.assessments:
        assert a.start is not None
        candidates = w.held.assessments.get((r.pk, a.start))
        if candidates:
            old = candidates.pop(0)
            authorised = _as_at(a.authorised, old.authorised_on, w.last)
            w.changes.set(
                old,
                internal_review_on=_as_at(a.internal_review, old.internal_review_on, w.last),
                authorised_on=authorised,
                factors=list(a.factors) if authorised == a.authorised else old.factors,
            )
            continue
        w.assessments.append(
            Assessment(
                child_id=r.child_id,
                referral=r,
                started_on=a.start,
                internal_review_on=a.internal_review,
                authorised_on=a.authorised,
                factors=list(a.factors),
            )
        )


def _section47s(w: _Import, r: Referral, e: EpisodeRow) -> None:
    """An enquiry Sightline holds is updated; a new one comes with its strategy discussion."""
    for s in e.section47s:
        assert s.start is not None
        enquiry = w.held.enquiries.get((r.pk, s.start))
        if enquiry is not None:
            w.changes.set(enquiry, icpc_not_required=s.icpc_not_required)
            w.matched_enquiries.append((enquiry, s, r))
            continue
        sd = StrategyDiscussion(
            child_id=r.child_id,
            referral=r,
            held_on=s.start,
            outcome=StrategyDiscussion.Outcome.SECTION_47,
            agencies=[],
        )
        w.discussions.append((sd, s, r))


def _cp_plans(w: _Import, r: Referral, e: EpisodeRow) -> None:
    for cp in e.cp_plans:
        assert cp.start is not None
        plan = w.held.cp_plans.get((r.pk, cp.start))
        more = w.elsewhere.get(id(cp), 0)
        if plan is not None:
            w.changes.set(
                plan,
                ended_on=_as_at(cp.end, plan.ended_on, w.last),
                initial_category=cp.initial_category,
                latest_category=cp.latest_category,
                previous_plans_elsewhere=more,
            )
        else:
            plan = ChildProtectionPlan(
                child_id=r.child_id,
                referral=r,
                started_on=cp.start,
                ended_on=cp.end,
                initial_category=cp.initial_category,
                latest_category=cp.latest_category,
                previous_plans_elsewhere=more,
            )
        w.cp_plans.append((plan, cp, r))


def _cin_plans(w: _Import, r: Referral, e: EpisodeRow) -> None:
    for cin_row in e.cin_plans:
        assert cin_row.start is not None
        cin_plan = w.held.cin_plans.get((r.pk, cin_row.start))
        if cin_plan is not None:
            w.changes.set(cin_plan, ended_on=_as_at(cin_row.end, cin_plan.ended_on, w.last))
            continue
        w.cin_plans.append(
            ChildInNeedPlan(
                child_id=r.child_id,
                referral=r,
                started_on=cin_row.start,
                ended_on=cin_row.end,
            )
        )


def _insert_records(w: _Import) -> None:
    w.bulk.create(Assessment, w.assessments)
    w.bulk.create(StrategyDiscussion, [sd for sd, _, _ in w.discussions])
    for sd, s, r in w.discussions:
        completed = s.icpc or r.closure_date
        enquiry = Section47Enquiry(
            child_id=r.child_id,
            referral=r,
            strategy_discussion=sd,
            started_on=sd.held_on,
            completed_on=completed,
            outcome=Section47Enquiry.Outcome.CONFERENCE if s.icpc else "",
            icpc_not_required=s.icpc_not_required,
        )
        w.enquiries.append((enquiry, s, r))
    w.bulk.create(Section47Enquiry, [q for q, _, _ in w.enquiries])
    w.new_cp_plans = [plan for plan, _, _ in w.cp_plans if plan.pk is None]
    w.bulk.create(ChildProtectionPlan, w.new_cp_plans)
    w.bulk.create(ChildInNeedPlan, w.cin_plans)


def _conferences(w: _Import) -> None:
    """The initial conference of each enquiry that had one (making the plan that started that
    day), a transfer-in one for CINdetails/DateOfInitialCPC, and each plan's reviews; those
    Sightline holds already are kept as they are."""
    plan_on: dict[tuple[int, date], ChildProtectionPlan] = {
        (r.pk, plan.started_on): plan
        for plan, _, r in w.cp_plans
        if plan.pk not in w.held.linked_plans
    }
    for q, s, r in [*w.enquiries, *w.matched_enquiries]:
        if s.icpc is None:
            continue
        initial = w.held.initial.get(q.pk)
        if initial is not None:
            w.changes.set(initial, held_on=s.icpc)
            continue
        made = plan_on.pop((r.pk, s.icpc), None)
        w.conferences.append(
            ChildProtectionConference(
                child_id=r.child_id,
                referral=r,
                kind=K.INITIAL,
                section47=q,
                plan=made,
                held_on=s.icpc,
                outcome=Out.PLAN if made else Out.NO_PLAN,
            )
        )
        if q.completed_on is None:
            w.changes.set(q, completed_on=s.icpc, outcome=Section47Enquiry.Outcome.CONFERENCE)
    for r, e in w.referrals:
        if e.icpc is not None and (r.pk, e.icpc) not in w.held.transfer_in:
            made = plan_on.pop((r.pk, e.icpc), None)
            w.conferences.append(
                ChildProtectionConference(
                    child_id=r.child_id,
                    referral=r,
                    kind=K.TRANSFER_IN,
                    plan=made,
                    held_on=e.icpc,
                    outcome=Out.PLAN if made else Out.NO_PLAN,
                )
            )
    for plan, cp, r in w.cp_plans:
        w.conferences.extend(
            ChildProtectionConference(
                child_id=r.child_id,
                referral=r,
                kind=K.REVIEW,
                plan=plan,
                held_on=d,
                outcome=Out.END if d == plan.ended_on else Out.CONTINUE,
            )
            for d in cp.reviews
            if (plan.pk, d) not in w.held.reviews
        )
    w.bulk.create(ChildProtectionConference, w.conferences)


def _events_and_counts(w: _Import) -> dict[str, int]:
    """The events the services would have emitted for every record added, and again for every
    record updated (its chronology entries are rebuilt), in order of child and date; then the
    obligations. Returns the rows written by table."""

    for record in [
        *w.new_referrals,
        *w.assessments,
        *(sd for sd, _, _ in w.discussions),
        *(q for q, _, _ in w.enquiries),
        *w.conferences,
        *w.new_cp_plans,
        *w.cin_plans,
    ]:
        w.ev.of(record)
    updated_records = w.changes.write(w.ev, w.bulk)
    for _, _, _, build, args in sorted(w.ev.items, key=lambda x: x[:3]):
        w.bulk.emit(build, *args)
    written = w.bulk.finish()
    obligations = rebuild_for([p.pk for p in w.people.values()], w.day)
    return {
        "people.Person": len(w.new_people),
        "people.PersonDisability": len(w.disabilities),
        "protection.Referral": len(w.new_referrals),
        "protection.Assessment": len(w.assessments),
        "protection.StrategyDiscussion": len(w.discussions),
        "protection.Section47Enquiry": len(w.enquiries),
        "protection.ChildProtectionPlan": len(w.new_cp_plans),
        "protection.ChildProtectionConference": len(w.conferences),
        "protection.ChildInNeedPlan": len(w.cin_plans),
        "records updated": updated_records,
        "chronology.ChronologyEntry": written.get(ChronologyEntry._meta.label, 0),
        "timescales.Obligation": obligations,
    }
