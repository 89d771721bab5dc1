"""Subject access requests: complete (every record type about the child, with the right counts)
and redacted (no other person's name or identifier unredacted outside the officer's list).

The child is the synthetic authority's child with the most kinds of record (a referral,
assessment, strategy discussion, section 47 enquiry, child protection plan, visits, case
notes, allocations, relationships), preferring one whose mother shares the child's family name
and whose father does not, so both name rules are exercised. Each test then adds what the
synthetic data lacks: another child who has the subject as a sibling (a relationship in the
other direction), free text naming the family, an audit row, a restriction, a break-glass grant
and its notice, and, through the services, a period of care with life in care, the child's
future as a care leaver (recorded with a later ``today``) and the records the timescales need —
so every record type holds at least one row.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import models
from django.db.models import Q
from django.utils import timezone

from sightline.access import audit
from sightline.access.actor import acting_as
from sightline.access.models import (
    AccessProfile,
    AuditEvent,
    BreakGlassAccess,
    Notice,
    RestrictedRecord,
)
from sightline.access.roles import Role
from sightline.access.sar import collect, subject_models, write_sar
from sightline.care import services as care
from sightline.care import services_in_care as in_care
from sightline.care.models import PeriodOfCare
from sightline.care.services import PlacementDetails
from sightline.chronology.models import CaseNote
from sightline.chronology.services import correct_entry, write_case_note
from sightline.frontdoor.models import Contact, EarlyHelpEpisode
from sightline.leaving_care import services as leaving
from sightline.leaving_care.eligibility import birthday
from sightline.people.models import Person, PersonDisability, Relationship
from sightline.protection import services as protection
from sightline.protection.models import (
    ChildInNeedPlan,
    ChildProtectionPlan,
    PreProceedings,
    PrivateFosteringArrangement,
    Referral,
)
from sightline.validation.models import LiveFailure, ValidationRun
from sightline.web.models import Draft
from sightline.workforce.models import Allocation, Team, Worker
from tests.factories import nhs_number
from tests.synthetic.conftest import authority_for_module

CHILDREN, SEED, AS_OF = 1500, 5, date(2026, 11, 23)
LONDON = ZoneInfo("Europe/London")
ALWAYS = (
    "protection.Referral",
    "protection.Assessment",
    "protection.StrategyDiscussion",
    "protection.Section47Enquiry",
    "protection.ChildProtectionPlan",
    "protection.Visit",
    "chronology.CaseNote",
    "workforce.Allocation",
)

pytestmark = pytest.mark.django_db


def _child_fk_models() -> list[type[models.Model]]:
    """Found here independently of sar.py: Sightline models with a `child` FK to Person."""
    return [
        m
        for m in apps.get_models()
        if m.__module__.startswith("sightline.")
        and any(
            f.name == "child" and f.is_relation and f.related_model is Person
            for f in m._meta.concrete_fields
        )
    ]


def _pick_subject() -> int:
    """A child whose mother shares the family name and whose father does not, with every
    record type in ALWAYS, and the most kinds of record; then the lowest id. One query per
    record type."""
    kinds: Counter[int] = Counter()
    always: Counter[int] = Counter()
    for model in _child_fk_models():
        for child_id in model._default_manager.values_list("child_id", flat=True).distinct():
            kinds[child_id] += 1
            always[child_id] += model._meta.label in ALWAYS
    mothers = dict(
        Relationship.objects.filter(kind="mother").values_list("person_id", "relative__family_name")
    )
    fathers = dict(
        Relationship.objects.filter(kind="father").values_list("person_id", "relative__family_name")
    )
    families = dict(Person.objects.filter(kind="child").values_list("pk", "family_name"))

    def key(pk: int) -> tuple[int, int, int, int]:
        both_rules = mothers.get(pk) == families[pk] and fathers.get(pk) not in (None, families[pk])
        return (0 if both_rules else 1, -always[pk], -kinds[pk], pk)

    # The fixture adds a period of care itself, and needs a mother and a father to redact. It
    # follows the child through care into leaving care (to 21), so the child is under 15.
    in_care = set(PeriodOfCare.objects.values_list("child_id", flat=True))
    young = set(
        Person.objects.filter(
            kind="child", birth_date__gt=AS_OF - timedelta(days=365 * 15)
        ).values_list("pk", flat=True)
    )
    candidates = [
        pk for pk in kinds if pk in mothers and pk in fathers and pk not in in_care and pk in young
    ]
    return min(candidates, key=key)


@pytest.fixture(scope="module", autouse=True)
def subject_pk(django_db_setup: None, django_db_blocker: Any) -> Iterator[int]:
    with authority_for_module(django_db_blocker, children=CHILDREN, seed=SEED, as_of=AS_OF):
        yield _pick_subject()


@dataclass
class Family:
    child: Person
    mother: Person
    father: Person
    sibling: Person  # another child, who has the subject as their sibling
    worker: Worker  # allocated to the subject
    namesake: Worker  # a worker who shares the mother's given name
    note: CaseNote  # free text naming the family


@pytest.fixture
def family(subject_pk: int) -> Family:
    child = Person.objects.get(pk=subject_pk)
    mother = Relationship.objects.get(person=child, kind="mother").relative
    father = Relationship.objects.get(person=child, kind="father").relative
    father.nhs_number = nhs_number(7)
    father.save()
    taken = Relationship.objects.filter(Q(person=child) | Q(relative=child))
    sibling = (
        # Born before the synthetic history starts, so their birth date is no record's date.
        Person.objects.filter(kind="child", birth_date__lt=date(2022, 1, 1))
        .exclude(pk=child.pk)
        .exclude(family_name__iexact=child.family_name)
        .exclude(pk__in=taken.values("relative"))
        .order_by("pk")
        .first()
    )
    assert sibling is not None
    Relationship.objects.create(person=sibling, relative=child, kind="sibling")
    PersonDisability.objects.create(person=child, code="AUT")
    allocation = Allocation.objects.filter(child=child).select_related("worker").first()
    assert allocation is not None
    worker = allocation.worker
    namesake = Worker.objects.create(
        given_name=mother.given_name,
        family_name="Okafor",
        role=Worker.Role.SOCIAL_WORKER,
        team=worker.team,
        started_on=date(2020, 1, 6),
    )
    note = CaseNote.objects.create(
        child=child,
        author=worker,
        written_on=date(2026, 11, 20),
        text=(
            f"{mother.given_name.upper()} {mother.family_name} phoned. "
            f"{father.given_name} {father.family_name} was at the flat. "
            f"{sibling.given_name} stayed with {child.given_name}. "
            f"Father's NHS number {father.nhs_number}. "
            f"Visit booked with {namesake.given_name} {namesake.family_name} and "
            f"{worker.full_name}. <script>alert(1)</script> "
            f"{mother.given_name}ville is not a name."
        ),
    )
    contact = Contact.objects.filter(child=child).order_by("pk").first()
    assert contact is not None
    contact.reason = f"Concerns raised by {father.family_name.lower()} about {child.given_name}."
    contact.save()
    user = get_user_model().objects.create_user("dpo.officer")
    now = datetime(2026, 11, 21, 10, 0, tzinfo=LONDON)
    RestrictedRecord.objects.create(
        child=child, reason="Staff family member", restricted_at=now, restricted_by=user
    ).named_users.add(user)
    BreakGlassAccess.objects.create(
        user=user,
        child=child,
        reason=f"Out of hours call about {child.given_name}",
        granted_at=now,
        expires_at=now + timedelta(hours=2),
    )
    Notice.objects.create(user=user, created_at=now, text="Break-glass access used", child=child)
    # A case note its author began and has not saved: their draft about the child.
    Draft.objects.create(
        author=user,
        child=child,
        form=f"case-note/{child.la_child_id}/",
        data={"text": "Phoned school; to follow up."},
        saved_at=now,
    )
    if not EarlyHelpEpisode.objects.filter(child=child).exists():  # setup data, not under test
        EarlyHelpEpisode.objects.create(child=child, started_on=date(2026, 10, 1))
    if not PreProceedings.objects.filter(child=child).exists():
        referral = Referral.objects.filter(child=child).latest("referral_date")
        PreProceedings.objects.create(
            child=child, referral=referral, started_on=referral.referral_date
        )
    # Care, leaving care and the records the timescales need, through the services, by a named
    # worker: every record type about a child then holds a row.
    with acting_as("bea.worker"):
        _care_and_leaving_care(child, worker)
        _timescale_records(child)
        _quality_records(child, worker)
        # A case note corrected by its author (decision 0026): what it said before, naming the
        # mother, is in the export as a correction's original, redacted as the note's text is.
        mistaken = write_case_note(
            child=child,
            author=worker,
            written_on=date(2026, 11, 19),
            kind="case_note",
            text=f"Met {mother.given_name} {mother.family_name} at the flat.",
            today=AS_OF,
        )
        correct_entry(
            entry=mistaken,
            by=worker,
            changes={"text": "Met the family at the flat."},
            reason=f"It was not {mother.given_name} but her sister",
            today=AS_OF,
        )
    # The last check of the live records against the DfE rules found one failure for the child.
    run = ValidationRun.objects.create(
        kind="cin", year=2027, rule_year=2026, checked_at=timezone.now(), seconds=1.0,
        children=1, rules=109,
    )  # fmt: skip
    LiveFailure.objects.create(
        run=run, rule="8840", level="error", child=child, fields="CPPstartDate,CPPendDate",
        message="Child Protection Plan cannot start and end on the same day",
    )  # fmt: skip
    with acting_as("alice.okafor"):
        audit.record_view(child)
    return Family(child, mother, father, sibling, worker, namesake, note)


def _quality_records(child: Person, worker: Worker) -> None:
    """Management oversight with an action, the child discussed in supervision, an audit of
    the record and the child's own feedback (decision 0034), through the services."""
    from sightline.quality import services as quality
    from sightline.quality.models import AuditQuestion, AuditTemplate, CaseAudit

    manager = Worker.objects.create(
        given_name="Rhian",
        family_name="Maddox",
        role=Worker.Role.TEAM_MANAGER,
        team=worker.team,
        started_on=date(2015, 1, 5),
    )
    quality.record_oversight(
        child=child,
        manager=manager,
        held_on=date(2026, 11, 2),
        point="regular",
        decision="Continue the plan.",
        rationale=f"{child.given_name} says home is calmer.",
        actions=[quality.ActionSpec("Visit with the school", worker, date(2026, 11, 30))],
        today=AS_OF,
    )
    quality.record_supervision(
        worker=worker,
        supervisor=manager,
        held_on=date(2026, 11, 9),
        reflection="Reflected on the family's engagement.",
        cases=[quality.CaseDiscussion(child, "Plan on track.", "Book the review")],
        today=AS_OF,
    )
    template = AuditTemplate.objects.create(name="SAR practice audit")
    question = AuditQuestion.objects.create(
        template=template, number=1, text="Is the child's voice heard?", theme="voice"
    )
    case_audit = CaseAudit.objects.create(
        template=template,
        child=child,
        month=date(2026, 11, 1),
        seed="2026-11",
        team=worker.team,
        stage="cin",
        practitioner=worker,
    )
    quality.complete_audit(
        case_audit=case_audit,
        auditor=manager,
        audited_on=date(2026, 11, 10),
        answers=[quality.Answer(question.pk, 2, "The child's words are recorded.")],
        grade=2,
        summary="Good.",
        today=AS_OF,
    )
    quality.record_feedback(
        received_on=date(2026, 11, 12),
        source="child",
        theme="voice",
        sentiment="positive",
        summary="My worker listens to me.",
        by=worker,
        child=child,
        today=AS_OF,
    )
    # A leaders' figure kept with the child among those it counts (decision 0036).
    from sightline.insight.models import StoredFigure, StoredUnit

    figure = StoredFigure.objects.create(
        kpi="RE_REFERRALS",
        version=1,
        window="2026",
        numerator=1,
        denominator=1,
        computed_at=timezone.make_aware(datetime.combine(AS_OF, time(6))),
    )
    StoredUnit.objects.create(
        figure=figure, child=child, numerator=1, denominator=1, birth_date=child.birth_date
    )


def _care_and_leaving_care(child: Person, worker: Worker) -> None:
    """A period of care now (from 1 June 2026, with life in care, to 14 September 2026), then
    the child's future, by their birthday: homeless at 16, looked after again until 18 with the
    same foster carer (substance misuse identified, then a conviction), then a care leaver who
    stays put, and asks for support to 25 at 21. The future is recorded with ``today`` after
    the 21st birthday."""
    today = AS_OF
    foster = PlacementDetails(place="U6", provider="PR1", carer="Foster household")
    period = care.start_care(
        child=child,
        started_on=date(2026, 6, 1),
        legal_status="V2",
        placement=foster,
        category_of_need="N4",
        home_postcode="GL4 6TS",
        today=today,
    )
    care.record_placement_plan(
        placement=period.placements.get(), agreed_on=date(2026, 6, 3), today=today
    )
    care.record_care_plan(period=period, agreed_on=date(2026, 6, 8), today=today)
    care.record_review(period=period, held_on=date(2026, 6, 25), participation="PN1", today=today)
    in_care.record_health_check(
        period=period, kind="sdq", done_on=date(2026, 6, 20), sdq_score=12, today=today
    )
    in_care.record_school(
        child=child, school_name="Foxmoor Primary School", started_on=date(2026, 6, 2), today=today
    )
    in_care.record_pep_review(period=period, reviewed_on=date(2026, 7, 1), today=today)
    missing = in_care.record_missing_start(
        period=period, kind="M", started_at=datetime(2026, 7, 10, 22, tzinfo=LONDON), today=today
    )
    in_care.record_return(
        episode=missing, ended_at=datetime(2026, 7, 11, 9, tzinfo=LONDON), today=today
    )
    in_care.record_unaccompanied(child=child, recorded_on=date(2026, 6, 1), today=today)
    in_care.record_adoption_milestone(
        period=period, milestone="decision_on", on=date(2026, 7, 15), today=today
    )
    in_care.record_previous_permanence(period=period, kind="Z1", today=today)
    flat = care.change_placement(
        period=period,
        started_on=date(2026, 8, 10),
        placement=PlacementDetails(place="Z12", provider="", carer="Flat, Station Road"),
        reason_previous_ended="CARPL",
        today=today,
    )
    approver = Worker.objects.create(
        given_name="Morgan",
        family_name="Ellis",
        role=Worker.Role.SERVICE_MANAGER,
        team=worker.team,
        started_on=date(2020, 1, 6),
    )
    in_care.approve_unregistered_placement(
        placement=flat,
        approved_by=approver,
        approved_on=date(2026, 8, 11),
        enhanced_visit_frequency_days=7,
        today=today,
    )
    care.end_care(period=period, ended_on=date(2026, 9, 14), reason_ceased="E8", today=today)

    assert child.birth_date is not None
    sixteen, eighteen = birthday(child.birth_date, 16), birthday(child.birth_date, 18)
    nineteen, twenty = birthday(child.birth_date, 19), birthday(child.birth_date, 20)
    twenty_one = birthday(child.birth_date, 21)
    later = twenty_one + timedelta(days=30)
    days = timedelta(days=1)
    homeless = leaving.record_homeless_presentation(
        child=child, presented_on=sixteen + 14 * days, advocacy_offered=True, today=later
    )
    leaving.start_joint_assessment(
        presentation=homeless, started_on=sixteen + 15 * days, today=later
    )
    leaving.complete_joint_assessment(
        presentation=homeless, completed_on=sixteen + 22 * days, today=later
    )
    leaving.record_homeless_outcome(
        presentation=homeless,
        outcome="accommodated_s20",
        outcome_on=sixteen + 22 * days,
        today=later,
    )
    again = care.start_care(
        child=child,
        started_on=sixteen + 22 * days,
        legal_status="V2",
        placement=foster,
        category_of_need="N4",
        home_postcode="GL4 6TS",
        today=later,
    )
    in_care.record_substance_misuse(
        child=child,
        identified_on=sixteen + 40 * days,
        intervention_offered=True,
        intervention_received=True,
        today=later,
    )
    in_care.record_conviction(
        child=child, convicted_on=sixteen + 50 * days, offence="Criminal damage", today=later
    )
    leaving.record_transition_plan(child=child, agreed_on=sixteen + 60 * days, today=later)
    eligible = sixteen + 120 * days  # looked after for 13 weeks since 14
    adviser = Worker.objects.create(
        given_name="Jordan",
        family_name="Adeyemi",
        role=Worker.Role.SOCIAL_WORKER,
        team=worker.team,
        started_on=date(2020, 1, 6),
    )
    leaving.allocate_personal_adviser(child=child, worker=adviser, on=eligible, today=later)
    plan = leaving.start_pathway_plan(child=child, started_on=eligible, today=later)
    leaving.review_pathway_plan(plan=plan, reviewed_on=eligible + 180 * days, today=later)
    care.end_care(period=again, ended_on=eighteen, reason_ceased="E8", today=later)
    staying = leaving.start_staying_put(
        child=child, started_on=eighteen, carer="Foster household", today=later
    )
    leaving.record_accommodation(child=child, from_date=eighteen, code="Z1", today=later)
    leaving.record_activity(child=child, from_date=eighteen + 30 * days, code="G5", today=later)
    leaving.record_in_touch(
        child=child, recorded_on=eighteen + 60 * days, in_touch="YES", today=later
    )
    leaving.record_neet_barrier(
        child=child, recorded_on=eighteen + 60 * days, barrier="skills", today=later
    )
    leaving.record_neet_offer(
        child=child, offered_on=eighteen + 70 * days, kind="college", today=later
    )
    leaving.update_essential_documents(
        child=child,
        updated_on=eighteen + 10 * days,
        documents={"passport": eighteen + 5 * days, "bank_account": eighteen + 10 * days},
        today=later,
    )
    leaving.record_custody(
        child=child,
        from_date=nineteen + 30 * days,
        to_date=nineteen + 60 * days,
        today=later,
    )
    leaving.record_parenthood(child=child, became_parent_on=twenty, today=later)
    leaving.end_staying_put(arrangement=staying, ended_on=twenty + 100 * days, today=later)
    leaving.request_support_to_25(child=child, requested_on=twenty_one + 7 * days, today=later)


def _timescale_records(child: Person) -> None:
    """Core group and child in need meetings, an allegation to the LADO, private fostering and
    care proceedings (the records the timescales issue added)."""
    today = AS_OF
    cp_plan = ChildProtectionPlan.objects.filter(child=child).order_by("started_on").first()
    assert cp_plan is not None
    protection.hold_core_group_meeting(plan=cp_plan, held_on=cp_plan.started_on, today=today)
    cin_plan = ChildInNeedPlan.objects.filter(child=child).order_by("started_on").first()
    if cin_plan is None:  # setup data, not under test
        referral = Referral.objects.filter(child=child).latest("referral_date")
        cin_plan = ChildInNeedPlan.objects.create(
            child=child, referral=referral, started_on=referral.referral_date
        )
    protection.hold_cin_meeting(plan=cin_plan, held_on=cin_plan.started_on, today=today)
    protection.record_allegation(
        child=child,
        subject_role="Football coach",
        subject_employer="Stroud Juniors FC",
        came_to_attention_on=date(2026, 5, 4),
        referred_on=date(2026, 5, 5),
        today=today,
    )
    fostered = protection.notify_private_fostering(
        child=child,
        notified_on=date(2026, 9, 21),
        arrangement_started_on=date(2026, 9, 15),
        carer_name="Hill household",
        today=today,
    )
    protection.end_private_fostering(
        arrangement=fostered,
        ended_on=date(2026, 11, 2),
        reason=PrivateFosteringArrangement.EndReason.RETURNED_HOME,
        today=today,
    )
    protection.issue_care_proceedings(child=child, issued_on=date(2026, 5, 18), today=today)


def _expected_counts(child: Person) -> dict[str, int]:
    """Rows about the child per record type, counted here without sar.py."""
    counts = {
        "people.Person": 1,
        "people.PersonDisability": PersonDisability.objects.filter(person=child).count(),
        "people.Relationship": Relationship.objects.filter(
            Q(person=child) | Q(relative=child)
        ).count(),
    }
    for model in _child_fk_models():
        counts[model._meta.label] = model._default_manager.filter(child=child).count()
    return counts


def _third_party_terms(family: Family) -> set[str]:
    """Every other person's names and identifiers linked to the child, minus the child's own
    names (a relative who shares the child's family name cannot take it away)."""
    own = {family.child.given_name.casefold(), family.child.family_name.casefold()}
    terms: set[str] = set()
    others = Person.objects.filter(
        Q(relationships_to__person=family.child) | Q(relationships__relative=family.child)
    ).distinct()
    for person in others:
        for name in (person.given_name, person.family_name):
            if name.casefold() not in own:
                terms.add(name)
        for detail in (person.nhs_number, person.upn, person.la_child_id, person.birth_date):
            if detail:
                terms.add(str(detail))
    return terms


def _staff_phrases() -> list[str]:
    """Every worker's full name and team name: kept by rule wherever they appear."""
    names = [w.full_name for w in Worker.objects.all()]
    names += list(Team.objects.values_list("name", flat=True))
    return sorted(set(names), key=len, reverse=True)


def _without_staff(text: str, staff: list[str]) -> str:
    for phrase in staff:
        text = re.sub(re.escape(phrase), " ", text, flags=re.IGNORECASE)
    return text


def _outputs(family: Family, tmp_path: Path) -> tuple[dict[str, Any], str]:
    """The released JSON with the officer's list of redactions and details kept added under
    ``redactions`` and ``kept``, and the released HTML page."""
    files = write_sar(family.child, tmp_path)
    assert files.json.name == f"sar-{family.child.la_child_id}.json"
    assert files.html.name == f"sar-{family.child.la_child_id}.html"
    data = json.loads(files.json.read_text(encoding="utf-8"))
    assert "redactions" not in data and "kept" not in data  # only in the officer's file
    officer = json.loads(files.redactions_json.read_text(encoding="utf-8"))
    assert data["redaction_count"] == len(officer["redactions"])
    data |= {"redactions": officer["redactions"], "kept": officer["kept"]}
    return data, files.html.read_text(encoding="utf-8")


# --- Completeness ---------------------------------------------------------------------------


def test_every_model_with_a_child_foreign_key_to_person_is_covered() -> None:
    covered = {m._meta.label for m in subject_models()}
    missing = {m._meta.label for m in _child_fk_models()} - covered
    assert not missing, f"record types about a child missing from the SAR: {sorted(missing)}"
    assert {"people.Person", "people.PersonDisability", "people.Relationship"} <= covered


def test_the_chosen_child_has_every_kind_of_journey_record(family: Family) -> None:
    counts = _expected_counts(family.child)
    assert all(counts[label] > 0 for label in ALWAYS), counts
    assert family.mother.family_name == family.child.family_name
    assert family.father.family_name != family.child.family_name


def test_export_holds_every_record_type_with_the_right_counts(
    family: Family, tmp_path: Path
) -> None:
    data, page = _outputs(family, tmp_path)
    expected = _expected_counts(family.child)
    assert set(data["records"]) == {m._meta.label for m in subject_models()}
    assert set(expected) <= set(data["records"])
    for label, count in expected.items():
        section = data["records"][label]
        assert section["count"] == count == len(section["rows"]), label
        assert count > 0, f"{label}: the fixture gives every record type a row"
        assert f'data-record-type="{label}" data-count="{count}"' in page, label


def test_sections_follow_the_journey_order(family: Family, tmp_path: Path) -> None:
    data, page = _outputs(family, tmp_path)
    labels = list(data["records"])
    journey = [
        "people.Person",
        "people.Relationship",
        "frontdoor.Contact",
        "protection.Referral",
        "protection.Assessment",
        "protection.StrategyDiscussion",
        "protection.Section47Enquiry",
        "protection.ChildProtectionPlan",
        "protection.CoreGroupMeeting",
        "protection.ChildInNeedMeeting",
        "protection.CareProceedings",
        "protection.Visit",
        "care.PeriodOfCare",
        "care.CarePlan",
        "leaving_care.PathwayPlan",
        "leaving_care.SupportTo25Request",
        "chronology.ChronologyEntry",
        "access.AuditEvent",
    ]
    assert [label for label in labels if label in journey] == journey
    positions = [page.index(f'data-record-type="{label}"') for label in labels]
    assert positions == sorted(positions)


def test_collect_reads_each_record_type_once(
    family: Family, django_assert_max_num_queries: Any
) -> None:
    # One query per record type, one per many-to-many field, one per kind of record pointed
    # at (people, workers, teams, users), two for every staff name (workers, teams) kept in
    # free text and one for the other people the free text names (per 900 words: here
    # fewer): never one per row or per child.
    many_to_many = sum(len(m._meta.many_to_many) for m in subject_models())
    with django_assert_max_num_queries(len(subject_models()) + many_to_many + 7):
        collect(family.child)


# --- Redaction ------------------------------------------------------------------------------


def test_no_third_party_name_or_identifier_appears_outside_the_redaction_list(
    family: Family, tmp_path: Path
) -> None:
    data, page = _outputs(family, tmp_path)
    terms = _third_party_terms(family)
    assert {family.mother.given_name, family.father.family_name, family.sibling.given_name} <= (
        terms
    )
    originals = {str(item["original"]) for item in data["redactions"]}
    for term in terms:
        assert any(term.casefold() in o.casefold() for o in originals), f"{term} never redacted"

    staff = _staff_phrases()
    released = (tmp_path / f"sar-{family.child.la_child_id}.json").read_text(encoding="utf-8")
    json_text = _without_staff(released, staff)
    page_text = _without_staff(html.unescape(page), staff)
    for term in terms:
        word = re.compile(rf"(?<!\w){re.escape(term)}(?!\w)", re.IGNORECASE)
        assert not word.search(json_text), f"{term!r} unredacted in the JSON"
        assert not word.search(page_text), f"{term!r} unredacted in the HTML"
    officer_page = tmp_path / f"sar-{family.child.la_child_id}-redactions.html"
    assert html.escape(family.father.family_name) in officer_page.read_text(encoding="utf-8")


def test_a_relative_sharing_the_childs_family_name_keeps_it_and_loses_their_given_name(
    family: Family, tmp_path: Path
) -> None:
    data, _ = _outputs(family, tmp_path)
    child, mother = family.child, family.mother
    rows = data["records"]["people.Relationship"]["rows"]
    mother_row = next(r for r in rows if r["kind"] == "Mother")
    assert mother_row["relative_given_name"] == "[redacted: mother]"
    assert mother_row["relative_family_name"] == child.family_name
    assert mother_row["relative_birth_date"] == "[redacted: mother]"
    assert any(
        k["field"] == "relative_family_name" and k["value"] == child.family_name
        for k in data["kept"]
    )
    person = data["records"]["people.Person"]["rows"][0]
    assert (person["given_name"], person["family_name"]) == (child.given_name, child.family_name)
    note = next(
        r for r in data["records"]["chronology.CaseNote"]["rows"] if r["id"] == family.note.pk
    )
    assert note["text"].startswith(f"[redacted: mother] {mother.family_name} phoned.")
    assert f"stayed with {child.given_name}." in note["text"]


def test_other_relatives_and_other_children_are_redacted_by_relationship(
    family: Family, tmp_path: Path
) -> None:
    data, _ = _outputs(family, tmp_path)
    rows = data["records"]["people.Relationship"]["rows"]
    father_row = next(r for r in rows if r["kind"] == "Father")
    assert father_row["relative_given_name"] == "[redacted: father]"
    assert father_row["relative_family_name"] == "[redacted: father]"
    assert father_row["relative_nhs_number"] == "[redacted: father]"
    sibling_row = next(r for r in rows if r["kind"] == "Sibling")
    # Read as "relative is the sibling of person": here the child is the relative.
    assert sibling_row["relative_la_child_id"] == family.child.la_child_id
    for detail in ("given_name", "family_name", "birth_date", "upn", "la_child_id"):
        if getattr(family.sibling, detail):
            assert sibling_row[f"person_{detail}"] == "[redacted: sibling]", detail


def test_free_text_is_redacted_as_whole_words_in_any_case(family: Family, tmp_path: Path) -> None:
    data, _ = _outputs(family, tmp_path)
    mother, father, sibling, child = family.mother, family.father, family.sibling, family.child
    note = next(
        r for r in data["records"]["chronology.CaseNote"]["rows"] if r["id"] == family.note.pk
    )
    text = note["text"]
    assert f"{mother.given_name.upper()} " not in text
    assert "[redacted: father] was at the flat." in text
    assert f"[redacted: sibling] stayed with {child.given_name}." in text
    assert "Father's NHS number [redacted: father]." in text
    assert f"{mother.given_name}ville is not a name." in text  # not a whole word
    contact = data["records"]["frontdoor.Contact"]["rows"][0]
    assert contact["reason"] == f"Concerns raised by [redacted: father] about {child.given_name}."
    listed = [r for r in data["redactions"] if r["record_type"] == "chronology.CaseNote"]
    assert {(r["record_id"], r["field"], r["original"], r["replacement"]) for r in listed} >= {
        (family.note.pk, "text", mother.given_name.upper(), "[redacted: mother]"),
        (family.note.pk, "text", f"{father.given_name} {father.family_name}", "[redacted: father]"),
        (family.note.pk, "text", sibling.given_name, "[redacted: sibling]"),
        (family.note.pk, "text", father.nhs_number, "[redacted: father]"),
    }
    assert all(r["rule"] for r in data["redactions"])


def test_staff_names_are_kept_even_where_a_relative_shares_a_given_name(
    family: Family, tmp_path: Path
) -> None:
    data, page = _outputs(family, tmp_path)
    note = next(
        r for r in data["records"]["chronology.CaseNote"]["rows"] if r["id"] == family.note.pk
    )
    assert (
        f"Visit booked with {family.namesake.full_name} and {family.worker.full_name}."
        in (note["text"])
    )
    assert note["author"] == family.worker.full_name
    text = html.unescape(page)
    allocated = Worker.objects.filter(allocations__child=family.child).distinct()
    for worker in allocated:
        assert worker.full_name in text
    audit_rows = data["records"]["access.AuditEvent"]["rows"]
    # The changes recorded by the worker (care, leaving care, ...), then Alice's read.
    usernames = [r["username"] for r in audit_rows]
    assert usernames[-1] == "alice.okafor"
    assert len(usernames) > 30 and set(usernames[:-1]) == {"bea.worker"}
    restriction = data["records"]["access.RestrictedRecord"]["rows"][0]
    assert restriction["restricted_by"] == "dpo.officer"
    assert restriction["named_users"] == ["dpo.officer"]
    assert "Staff are professionals acting in their role and are not redacted" in text


def test_html_is_escaped_self_contained_and_says_the_data_are_synthetic(
    family: Family, tmp_path: Path
) -> None:
    _, page = _outputs(family, tmp_path)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script" not in page and "<link" not in page and "src=" not in page
    assert "Synthetic data." in page
    assert "Appendix" not in page and "Original" not in page  # the officer's list is apart


def test_json_dates_are_iso(family: Family, tmp_path: Path) -> None:
    data, _ = _outputs(family, tmp_path)
    person = data["records"]["people.Person"]["rows"][0]
    assert person["birth_date"] == family.child.birth_date.isoformat()  # type: ignore[union-attr]
    visit = data["records"]["protection.Visit"]["rows"][0]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", visit["visited_on"])
    contact = data["records"]["frontdoor.Contact"]["rows"][0]
    assert datetime.fromisoformat(contact["received_at"]).tzinfo is not None


# --- The command ----------------------------------------------------------------------------


def test_sar_command_writes_both_files_and_records_the_export(
    family: Family, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "requests" / "2026-001"
    # Only the data protection officer may run `sightline sar` (access/commands.py).
    officer = get_user_model().objects.get(username="dpo.officer")
    AccessProfile.objects.create(user=officer, role=Role.DATA_PROTECTION_OFFICER.value)
    call_command("sar", child=family.child.la_child_id, out=str(out), **{"as": "dpo.officer"})
    lines = capsys.readouterr().out.splitlines()
    stem = f"sar-{family.child.la_child_id}"
    names = [f"{stem}.json", f"{stem}.html", f"{stem}-redactions.json", f"{stem}-redactions.html"]
    assert lines[:4] == [str(out / name) for name in names]
    data = json.loads((out / f"{stem}-redactions.json").read_text(encoding="utf-8"))
    assert lines[4] == f"{len(data['redactions'])} redactions"
    export = AuditEvent.objects.filter(action="export", child=family.child).get()
    assert export.username == "dpo.officer"
    assert export.detail["redactions"] == len(data["redactions"])


def test_sar_command_refuses_an_unknown_child_in_one_line(tmp_path: Path) -> None:
    with pytest.raises(CommandError) as error:
        call_command("sar", child="NOSUCHCHILD", out=str(tmp_path))
    assert str(error.value) == "no child with LA child ID 'NOSUCHCHILD'"
    assert not list(tmp_path.iterdir())


def test_a_search_that_listed_the_child_is_in_their_export(family: Family, tmp_path: Path) -> None:
    with acting_as("front.door"):
        search = audit.record_search({"family_name": "Zz"}, 1, listed=[family.child.pk])
    data, _ = _outputs(family, tmp_path)
    rows = data["records"]["access.AuditEvent"]["rows"]
    assert search.pk in {row["id"] for row in rows}
