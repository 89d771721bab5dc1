"""Write an SSDA903 return (step 3 of ssda903_import), in one transaction and in bulk through
``core.bulk_write``: the rows and the events the services would write, so the chronology
entries and record versions are theirs. One function a table; each adds what Sightline does
not hold yet and never removes (decision 0013)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Model
from django.utils import timezone

from sightline.care import events as care_events
from sightline.care.codes import HealthCheckKind
from sightline.care.models import (
    AdoptionMilestones,
    CareEpisode,
    Conviction,
    HealthAssessment,
    LegalStatus,
    LookedAfterReview,
    MissingEpisode,
    PeriodOfCare,
    Placement,
    PreviousPermanence,
    SubstanceMisuse,
    UnaccompaniedStatus,
)
from sightline.care.social_worker_episodes import NO_REGISTRATION
from sightline.core.bulk_write import BulkWrite, chunks
from sightline.leaving_care import events as lc_events
from sightline.leaving_care.codes import accommodation_suitable
from sightline.leaving_care.eligibility import birthday
from sightline.leaving_care.models import Accommodation, Activity, InTouch, Parenthood
from sightline.people import events as people_events
from sightline.people.models import Person
from sightline.people.names import name_keys
from sightline.returns.files import ImportResult
from sightline.returns.ssda903_check import (
    PeriodPlan,
    adopted_period,
    decision_period,
    missing_period,
    oc2_day,
    period_for,
)
from sightline.returns.ssda903_read import Parsed, Row, where
from sightline.returns.ssda903_tables import (
    UPN_UNKNOWN_903,
)
from sightline.workforce import events as workforce_events
from sightline.workforce.models import Allocation, Team, Worker

IMPORTED_TEAM = "Imported social workers"


@dataclass
class Import:
    """What the write works from: the checked file, its periods of care, the children Sightline
    already holds, and the write under way."""

    parsed: Parsed
    plans: dict[str, list[PeriodPlan]]
    existing: dict[str, Person]
    year_end: date
    today: date
    bulk: BulkWrite = field(default_factory=lambda: BulkWrite(lock=True))
    people: dict[str, Person] = field(default_factory=dict)
    created: int = 0
    updated: int = 0

    @property
    def t(self) -> dict[str, list[Row]]:
        return self.parsed.tables

    @property
    def year_start(self) -> date:
        return date(self.year_end.year - 1, 4, 1)

    def period(self, plan: PeriodPlan | None) -> PeriodOfCare:
        assert plan is not None and plan.existing is not None
        return plan.existing


def write(
    parsed: Parsed,
    plans: dict[str, list[PeriodPlan]],
    existing: dict[str, Person],
    today: date,
    year_end: date,
) -> ImportResult:
    from sightline.timescales.engine import rebuild_for

    w = Import(parsed, plans, existing, year_end, today)
    for step in (
        _people,
        _periods,
        _reviews,
        _missing,
        _uasc,
        _oc2,
        _oc3,
        _adoption,
        _previous_permanence,
        _parenthood,
        _sw_episodes,
    ):
        step(w)
    rows = w.bulk.finish()
    rebuild_for([p.pk for p in w.people.values()], today)
    return ImportResult(
        children_created=w.created,
        children_updated=w.updated,
        rows={label: n for label, n in rows.items() if n},
        warnings=parsed.warnings,
    )


def _aware(day: date, at: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, at))


def _people(w: Import) -> None:
    """An existing LA child ID updates that child; the others are new children."""
    new_people: list[Person] = []
    updated: list[Person] = []
    uasc_children = {r["CHILD"] for r in w.t["uasc.csv"]}
    for row in w.t["header.csv"]:
        upn = row["UPN"]
        values = {
            "sex": row["SEX"],
            "birth_date": row["DOB"],
            "ethnicity": row["ETHNIC"],
            "upn": "" if upn in UPN_UNKNOWN_903 else upn,
            "upn_unknown": upn if upn in UPN_UNKNOWN_903 else "",
        }
        child_person = w.existing.get(row["CHILD"])
        if child_person is None:
            child_person = Person(
                kind=Person.Kind.CHILD,
                la_child_id=row["CHILD"],
                given_name="",
                family_name=f"(SSDA903 child {row['CHILD']})",
                **name_keys("", f"(SSDA903 child {row['CHILD']})"),
                is_uasc=row["CHILD"] in uasc_children,
                **values,
            )
            new_people.append(child_person)
        else:
            for name, value in values.items():
                setattr(child_person, name, value)
            child_person.is_uasc = child_person.is_uasc or row["CHILD"] in uasc_children
            updated.append(child_person)
        w.people[row["CHILD"]] = child_person
    w.bulk.create(Person, new_people)
    if updated:
        Person.objects.bulk_update(
            updated, ["sex", "birth_date", "ethnicity", "upn", "upn_unknown", "is_uasc"], 2_000
        )
    for person in new_people:
        w.bulk.emit(people_events.person_registered, person, w.today)
    w.created, w.updated = len(new_people), len(updated)


def _periods(w: Import) -> None:
    """Periods of care, legal statuses, placements and the episodes as given, for the periods
    Sightline does not hold."""
    new_plans = [p for child_plans in w.plans.values() for p in child_plans if p.existing is None]
    periods = w.bulk.create(
        PeriodOfCare,
        [
            PeriodOfCare(
                child=w.people[p.child],
                started_on=p.started_on,
                ended_on=p.ended_on,
                reason_ceased=p.reason_ceased,
                category_of_need=p.episodes[0]["CIN"],
                home_postcode=p.episodes[0]["HOME_POST"] or "",
            )
            for p in new_plans
        ],
    )
    for plan, period in zip(new_plans, periods, strict=True):
        plan.existing = period
    statuses = [s for plan in new_plans for s in _statuses(plan)]
    placements = [p for plan in new_plans for p in _placements(plan)]
    episodes = [e for plan in new_plans for e in _episodes(plan)]
    w.bulk.create(LegalStatus, statuses)
    w.bulk.create(Placement, placements)
    w.bulk.create(CareEpisode, episodes)
    first_of: dict[int, LegalStatus] = {}
    for written_status in statuses:
        if written_status.started_on == written_status.period.started_on:
            first_of.setdefault(written_status.period.pk, written_status)
        else:
            w.bulk.emit(care_events.legal_status_changed, written_status)
    for written in placements:
        if written.started_on == written.period.started_on:
            status = first_of[written.period.pk]
            w.bulk.emit(care_events.care_started, written.period, status, written)
        else:
            w.bulk.emit(care_events.placement_changed, written)
    for period in periods:
        if period.ended_on is not None:
            w.bulk.emit(care_events.care_ended, period)


def _statuses(plan: PeriodPlan) -> list[LegalStatus]:
    period = plan.existing
    assert period is not None
    return [
        LegalStatus(period=period, child=period.child, started_on=s.start, code=s.code)
        for s in plan.statuses
    ]


def _placements(plan: PeriodPlan) -> list[Placement]:
    period = plan.existing
    assert period is not None
    return [
        Placement(
            period=period,
            child=period.child,
            started_on=p.start,
            ended_on=p.end,
            place=p.place,
            provider=p.provider,
            carer=p.carer,
            urn=p.urn,
            postcode=p.postcode,
            change_reason=p.change_reason,
        )
        for p in plan.placements
    ]


def _episodes(plan: PeriodPlan) -> list[CareEpisode]:
    period = plan.existing
    assert period is not None
    return [
        CareEpisode(
            period=period,
            child=period.child,
            decom=e["DECOM"],
            rne=e["RNE"],
            ls=e["LS"],
            cin=e["CIN"],
            place=e["PLACE"],
            place_provider=e["PLACE_PROVIDER"] or "",
            dec=e["DEC"],
            rec=e["REC"] or "",
            reason_place_change=e["REASON_PLACE_CHANGE"] or "",
            home_post=e["HOME_POST"] or "",
            pl_post=e["PL_POST"] or "",
            urn=e["URN"] or "",
        )
        for e in plan.episodes
    ]


def _held(w: Import, model: type[Model], on: str) -> set[tuple[int, date]]:
    """(child, day) of the existing children's records of a table (``on``: the day field)."""
    have: set[tuple[int, date]] = set()
    for chunk in chunks(p.pk for p in w.existing.values()):
        for child_id, day in model._default_manager.filter(child_id__in=chunk).values_list(
            "child_id", on
        ):
            # A missing episode's start is a moment: the day it falls on, locally.
            have.add((child_id, timezone.localdate(day) if isinstance(day, datetime) else day))
    return have


def _reviews(w: Import) -> None:
    """Reviews, not again where the child's record has one that day."""
    have = _held(w, LookedAfterReview, "held_on")
    reviews = []
    for row in w.t["reviews.csv"]:
        person = w.people[row["CHILD"]]
        if (person.pk, row["REVIEW"]) in have:
            continue
        reviews.append(
            LookedAfterReview(
                period=w.period(period_for(w.plans[row["CHILD"]], row["REVIEW"])),
                child=person,
                held_on=row["REVIEW"],
                participation=row["REVIEW_CODE"],
            )
        )
    w.bulk.create(LookedAfterReview, reviews)
    for r in reviews:
        w.bulk.emit(care_events.review_held, r)


def _missing(w: Import) -> None:
    """Missing episodes, not again where the child's record has one starting that day."""
    have = _held(w, MissingEpisode, "started_at")
    missing = []
    for row in w.t["missing.csv"]:
        person = w.people[row["CHILD"]]
        if (person.pk, row["MIS_START"]) in have:
            continue
        missing.append(
            MissingEpisode(
                period=w.period(missing_period(w.plans[row["CHILD"]], row)),
                child=person,
                kind=row["MISSING"],
                started_at=_aware(row["MIS_START"], time(0, 0)),
                ended_at=None if row["MIS_END"] is None else _aware(row["MIS_END"], time(23, 59)),
            )
        )
    w.bulk.create(MissingEpisode, missing)
    for m in missing:
        w.bulk.emit(care_events.missing_started, m)
        if m.ended_at is not None:
            w.bulk.emit(care_events.missing_ended, m)


def _uasc(w: Import) -> None:
    """UASC status: recorded from the first period of care (or birth), ceased on DUC."""
    old_uasc = {
        u.child_id: u
        for chunk in chunks(p.pk for p in w.people.values())
        for u in UnaccompaniedStatus.objects.filter(child_id__in=chunk)
    }
    new_uasc: list[UnaccompaniedStatus] = []
    changed_uasc: list[UnaccompaniedStatus] = []
    for row in w.t["uasc.csv"]:
        person = w.people[row["CHILD"]]
        child_plans = w.plans.get(row["CHILD"], [])
        recorded = child_plans[0].started_on if child_plans else row["DOB"]
        if row["DUC"] is not None and recorded >= row["DUC"]:
            recorded = row["DUC"] - timedelta(days=1)
        uasc = old_uasc.get(person.pk)
        if uasc is None:
            new_uasc.append(
                UnaccompaniedStatus(child=person, recorded_on=recorded, ceased_on=row["DUC"])
            )
        elif uasc.ceased_on != row["DUC"] and row["DUC"] is not None:
            uasc.ceased_on = row["DUC"]
            changed_uasc.append(uasc)
    w.bulk.create(UnaccompaniedStatus, new_uasc)
    if changed_uasc:
        UnaccompaniedStatus.objects.bulk_update(changed_uasc, ["ceased_on"])
    for u in new_uasc:
        w.bulk.emit(care_events.uasc_recorded, u)
        if u.ceased_on is not None:
            w.bulk.emit(care_events.uasc_ceased, u)


def _oc2(w: Import) -> None:
    """OC2: the year's health checks and outcomes, dated 31 March of the year (or the day
    before the period of care ends)."""
    checks: list[HealthAssessment] = []
    convictions: list[Conviction] = []
    misuse: list[SubstanceMisuse] = []
    for row in w.t["oc2.csv"]:
        person = w.people[row["CHILD"]]
        oc2_plan, day = oc2_day(w.plans[row["CHILD"]], w.year_end)
        period = w.period(oc2_plan)
        if row["CONVICTED"] == "1":
            convictions.append(Conviction(child=person, period=period, convicted_on=day))
        if row["SUBSTANCE_MISUSE"] == "1":
            received = row["INTERVENTION_RECEIVED"] == "1"
            misuse.append(
                SubstanceMisuse(
                    child=person,
                    identified_on=day,
                    intervention_offered=received or row["INTERVENTION_OFFERED"] == "1",
                    intervention_received=received,
                )
            )
        checks.extend(
            HealthAssessment(period=period, child=person, kind=kind, done_on=day, **extra)
            for kind, extra in _health_checks(row)
        )
    if w.existing:
        checks = _checks_not_in_year(checks, w.year_start, w.year_end)
        convictions = _none_in_year(
            convictions, Conviction, "convicted_on", w.year_start, w.year_end
        )
        misuse = _none_in_year(misuse, SubstanceMisuse, "identified_on", w.year_start, w.year_end)
    w.bulk.create(HealthAssessment, checks)
    for h in checks:
        w.bulk.emit(care_events.health_check_recorded, h)
    w.bulk.create(Conviction, convictions)
    w.bulk.create(SubstanceMisuse, misuse)
    for c in convictions:
        w.bulk.emit(care_events.conviction_recorded, c)
    for m in misuse:
        w.bulk.emit(care_events.substance_misuse_recorded, m)


def _health_checks(row: Row) -> list[tuple[str, dict[str, Any]]]:
    """The kinds of health check an OC2 row reports, each with its other fields."""
    found: list[tuple[str, dict[str, Any]]] = []
    if row["HEALTH_ASSESSMENT"] == "1" or row["HEALTH_CHECK"] == "1":
        found.append((HealthCheckKind.REVIEW, {}))
    if row["IMMUNISATIONS"] == "1":
        found.append((HealthCheckKind.IMMUNISATIONS, {}))
    if row["TEETH_CHECK"] == "1":
        found.append((HealthCheckKind.DENTAL, {}))
    if row["SDQ_SCORE"] is not None or row["SDQ_REASON"] is not None:
        reason = "" if row["SDQ_SCORE"] is not None else row["SDQ_REASON"]
        found.append((HealthCheckKind.SDQ, {"sdq_score": row["SDQ_SCORE"], "sdq_reason": reason}))
    return found


def _oc3(w: Import) -> None:
    """OC3: in touch, activity and accommodation on the birthday in the year."""
    touches, activities, accommodations = [], [], []
    for row in w.t["oc3.csv"]:
        person = w.people[row["CHILD"]]
        day = _birthday_in_year(row["DOB"], w.year_end)
        if row["IN_TOUCH"] is not None:
            touches.append(InTouch(child=person, recorded_on=day, in_touch=row["IN_TOUCH"]))
        if row["ACTIV"] is not None:
            activities.append(Activity(child=person, from_date=day, code=row["ACTIV"]))
        if row["ACCOM"] is not None:
            accommodations.append(
                Accommodation(
                    child=person,
                    from_date=day,
                    code=row["ACCOM"],
                    suitable=accommodation_suitable(row["ACCOM"]),
                )
            )
    for rows, model, on, value, event in (
        (touches, InTouch, "recorded_on", "in_touch", lc_events.in_touch_recorded),
        (activities, Activity, "from_date", "code", lc_events.activity_recorded),
        (accommodations, Accommodation, "from_date", "code", lc_events.accommodation_recorded),
    ):
        if w.existing:
            rows = _not_recorded(rows, model, on)
            rows = _not_reported(rows, model, on, value, w.year_end)
        w.bulk.create(model, rows)
        for x in rows:
            w.bulk.emit(event, x)


def _adoption(w: Import) -> None:
    """One adoption milestones row per period, from placed_for_adoption and AD1."""
    milestones: dict[int, AdoptionMilestones] = {}
    for row in w.t["placed_for_adoption.csv"]:
        period = w.period(decision_period(w.plans[row["CHILD"]], row["DATE_PLACED"]))
        milestones[period.pk] = AdoptionMilestones(
            period=period,
            child=w.people[row["CHILD"]],
            decision_on=row["DATE_PLACED"],
            reversed_on=row["DATE_PLACED_CEASED"],
            reversed_reason=row["REASON_PLACED_CEASED"] or "",
        )
    for row in w.t["ad1.csv"]:
        adopted = adopted_period(w.plans[row["CHILD"]])
        period = w.period(adopted)
        assert adopted is not None
        found = milestones.get(period.pk)
        if found is None:
            found = milestones[period.pk] = AdoptionMilestones(
                period=period,
                child=w.people[row["CHILD"]],
                decision_on=row["DATE_INT"] or adopted.started_on,
            )
        elif row["DATE_INT"] is not None and row["DATE_INT"] != found.decision_on:
            w.parsed.warnings.append(
                where(row, "DATE_INT", "differs from DATE_PLACED: the DATE_PLACED is kept")
            )
        found.matched_on = row["DATE_MATCH"]
        found.adoption_order_on = adopted.ended_on
        found.foster_care = None if row["FOSTER_CARE"] is None else row["FOSTER_CARE"] == "1"
        found.number_of_adopters = None if row["NB_ADOPTR"] is None else int(row["NB_ADOPTR"])
        found.sex_of_adopters = row["SEX_ADOPTR"] or ""
        found.legal_status_of_adopters = row["LS_ADOPTR"] or ""
    had = _periods_with(w, AdoptionMilestones, list(milestones))
    adoption = w.bulk.create(AdoptionMilestones, [m for k, m in milestones.items() if k not in had])
    for m in adoption:
        for milestone in ("decision_on", "matched_on", "adoption_order_on", "reversed_on"):
            if getattr(m, milestone) is not None:
                w.bulk.emit(care_events.adoption_milestone_recorded, m, milestone)


def _periods_with(w: Import, model: type[Model], period_ids: list[int]) -> set[int]:
    """The periods of care (of existing children) that already have a row of ``model``."""
    if not w.existing:
        return set()
    return {
        pk
        for chunk in chunks(period_ids)
        for pk in model._default_manager.filter(period_id__in=chunk).values_list(
            "period_id", flat=True
        )
    }


def _previous_permanence(w: Import) -> None:
    """Previous permanence: on the child's latest period in the file."""
    permanence = []
    for row in w.t["previous_permanence.csv"]:
        if row["PREV_PERM"] is None:
            continue
        year, month, day_ = row["DATE_PERM"] or (None, None, None)
        permanence.append(
            PreviousPermanence(
                period=w.period(w.plans[row["CHILD"]][-1]),
                child=w.people[row["CHILD"]],
                kind=row["PREV_PERM"],
                la=row["LA_PERM"] or "",
                order_year=year,
                order_month=month,
                order_day=day_,
            )
        )
    had = _periods_with(w, PreviousPermanence, [p.period.pk for p in permanence])
    permanence = [p for p in permanence if p.period.pk not in had]
    w.bulk.create(PreviousPermanence, permanence)
    for p in permanence:
        w.bulk.emit(care_events.previous_permanence_recorded, p, p.period.started_on)


def _parenthood(w: Import) -> None:
    """MOTHER: a parenthood on the mother's child's date of birth."""
    parents = [
        Parenthood(child=w.people[r["CHILD"]], became_parent_on=r["MC_DOB"])
        for r in w.t["header.csv"]
        if r["MOTHER"] == "1" and r["MC_DOB"] is not None
    ]
    if w.existing:
        parents = _not_recorded(parents, Parenthood, "became_parent_on")
    w.bulk.create(Parenthood, parents)
    for p in parents:
        w.bulk.emit(lc_events.parenthood_recorded, p)


def _sw_episodes(w: Import) -> None:
    """Social worker episodes: allocations (an existing child's in the year are updated)."""
    rows = w.t["sw_episodes.csv"]
    people, existing, year_end = w.people, w.existing, w.year_end
    if not rows:
        return
    social_worker = Allocation.Kind.SOCIAL_WORKER
    # An existing child's allocation that starts on a row's SW_DECOM is that row: its end and
    # reason are updated; the rest are added and none is removed (decision 0013).
    known = sorted({people[r["CHILD"]].pk for r in rows if r["CHILD"] in existing})
    held: dict[tuple[int, date], Allocation] = {}
    for chunk in chunks(known):
        for one in Allocation.objects.filter(child_id__in=chunk, kind=social_worker).order_by("pk"):
            held.setdefault((one.child_id, one.started_on), one)
    changed: list[Allocation] = []
    remaining: list[Row] = []
    for row in rows:
        allocation = held.get((people[row["CHILD"]].pk, row["SW_DECOM"]))
        if allocation is None:
            remaining.append(row)
            continue
        reason, ended = row["SW_REASON"] or "", row["SW_DEC"]
        if ended is None and allocation.ended_on is not None and allocation.ended_on > year_end:
            ended = allocation.ended_on  # the return shows it as it stood on 31 March
        if (allocation.ended_on, allocation.reason) != (ended, reason):
            allocation.ended_on, allocation.reason = ended, reason
            changed.append(allocation)
    w.bulk.save_changes(Allocation, changed, ["ended_on", "reason"])
    for a in changed:
        w.bulk.emit(workforce_events.worker_allocated, a)
        if a.ended_on is not None:
            w.bulk.emit(workforce_events.allocation_ended, a)
    rows = remaining
    if not rows:
        return
    given = sorted({r["SW_ID"] for r in rows} - {NO_REGISTRATION})
    workers: dict[tuple[str, str], Worker] = {
        ("", w.swe_number): w
        for chunk in chunks(given)
        for w in Worker.objects.filter(swe_number__in=chunk).select_related("team")
    }

    def key(row: Row) -> tuple[str, str]:
        """A registered worker by number; a worker without one (XX) per child."""
        sw_id = row["SW_ID"]
        return (row["CHILD"], sw_id) if sw_id == NO_REGISTRATION else ("", sw_id)

    earliest: dict[tuple[str, str], date] = {}
    for row in rows:
        k = key(row)
        if k not in workers:
            earliest[k] = min(earliest.get(k, row["SW_DECOM"]), row["SW_DECOM"])
    if earliest:
        team, _ = Team.objects.get_or_create(
            name=IMPORTED_TEAM, defaults={"kind": Team.Kind.CHILDREN_IN_CARE}
        )
        made = {
            k: Worker(
                given_name="",
                family_name=f"Social worker {k[1]}",
                role=Worker.Role.SOCIAL_WORKER,
                team=team,
                swe_number="" if k[1] == NO_REGISTRATION else k[1],
                started_on=day,
            )
            for k, day in earliest.items()
        }
        w.bulk.create(Worker, list(made.values()))
        workers.update(made)
    allocations = []
    for row in rows:
        worker = workers[key(row)]
        allocations.append(
            Allocation(
                child=people[row["CHILD"]],
                worker=worker,
                team=worker.team,
                kind=social_worker,
                started_on=row["SW_DECOM"],
                ended_on=row["SW_DEC"],
                reason=row["SW_REASON"] or "",
            )
        )
    w.bulk.create(Allocation, allocations)
    for a in allocations:
        w.bulk.emit(workforce_events.worker_allocated, a)
        if a.ended_on is not None:
            w.bulk.emit(workforce_events.allocation_ended, a)


def _not_recorded(rows: list[Any], model: type[Model], on: str) -> list[Any]:
    ids = sorted({r.child.pk for r in rows})
    have: set[tuple[int, date]] = set()
    for chunk in chunks(ids):
        have |= set(model._default_manager.filter(child_id__in=chunk).values_list("child_id", on))
    return [r for r in rows if (r.child.pk, getattr(r, on)) not in have]


# OC2's HEALTH_ASSESSMENT (and HEALTH_CHECK) reports an initial or a review health assessment.
_SAME_CHECK: dict[str, str] = {HealthCheckKind.INITIAL: HealthCheckKind.REVIEW}


def _checks_not_in_year(
    rows: list[HealthAssessment], first: date, last: date
) -> list[HealthAssessment]:
    """The health checks of kinds the child has none of in the year already (what OC2 says
    of a child who has one is what Sightline holds)."""
    ids = sorted({r.child.pk for r in rows})
    have: set[tuple[int, str]] = set()
    for chunk in chunks(ids):
        for child_id, kind in HealthAssessment.objects.filter(
            child_id__in=chunk, done_on__range=(first, last)
        ).values_list("child_id", "kind"):
            have.add((child_id, _SAME_CHECK.get(kind, kind)))
    return [r for r in rows if (r.child.pk, r.kind) not in have]


def _not_reported(
    rows: list[Any], model: type[Model], on: str, value: str, year_end: date
) -> list[Any]:
    """OC3's rows whose value differs from what Sightline holds for the child on that day (the
    value the export reports: ``ssda903._nearest``), so a return's own values add nothing."""
    from sightline.returns.ssda903 import _nearest

    ids = sorted({r.child.pk for r in rows})
    held: dict[int, list[tuple[date, str]]] = defaultdict(list)
    for chunk in chunks(ids):
        for child_id, day, code in model._default_manager.filter(
            child_id__in=chunk, **{f"{on}__lte": year_end}
        ).values_list("child_id", on, value):
            held[child_id].append((day, code))
    return [
        r
        for r in rows
        if _nearest(held.get(r.child.pk, []), getattr(r, on), year_end) != getattr(r, value)
    ]


def _none_in_year(
    rows: list[Any], model: type[Model], on: str, first: date, last: date
) -> list[Any]:
    """The rows for children who have none recorded in the year already."""
    ids = sorted({r.child.pk for r in rows})
    have: set[int] = set()
    for chunk in chunks(ids):
        have |= set(
            model._default_manager.filter(
                child_id__in=chunk, **{f"{on}__range": (first, last)}
            ).values_list("child_id", flat=True)
        )
    return [r for r in rows if r.child.pk not in have]


def _birthday_in_year(born: date, year_end: date) -> date:
    first = date(year_end.year - 1, 4, 1)
    for age in range(16, 27):
        day = birthday(born, age)
        if first <= day <= year_end:
            return day
    return year_end
