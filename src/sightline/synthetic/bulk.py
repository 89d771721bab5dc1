"""Carry out the simulated actions in bulk: the same rows and events the services write.

Each branch below mirrors one service function's writes and the events it emits, in the same
order; ``tests/synthetic/test_bulk_matches_services.py`` runs this and ``replay`` on the same
small authority and requires identical tables and chronologies. The events are built by the
same constructors and the chronology entries by the same ``entry_for`` the services use.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.db import models
from django.utils import timezone

from sightline.care import episodes as derivation
from sightline.care import events as care_events
from sightline.care.models import (
    AdoptionMilestones,
    CareEpisode,
    CarePlan,
    EducationRecord,
    HealthAssessment,
    LegalStatus,
    LookedAfterReview,
    MissingEpisode,
    PeriodOfCare,
    PersonalEducationPlan,
    Placement,
    PreviousPermanence,
)
from sightline.chronology import events as chronology_events
from sightline.chronology.models import CaseNote
from sightline.core.bulk_write import BulkWrite, fast, linked
from sightline.frontdoor import events as fd_events
from sightline.frontdoor.models import Contact, EarlyHelpEpisode
from sightline.leaving_care import events as lc_events
from sightline.leaving_care.codes import accommodation_suitable
from sightline.leaving_care.models import (
    Accommodation,
    Activity,
    HomelessPresentation,
    InTouch,
    NEETBarrier,
    NEETOffer,
    PathwayPlan,
    PathwayPlanReview,
)
from sightline.people import events as people_events
from sightline.people.identifiers import normalise_nhs_number
from sightline.people.models import Person, PersonDisability, Relationship
from sightline.people.names import name_keys
from sightline.protection import events as p_events
from sightline.protection.models import (
    AllegationToLADO,
    Assessment,
    CareProceedings,
    ChildInNeedMeeting,
    ChildInNeedPlan,
    ChildProtectionConference,
    ChildProtectionPlan,
    CoreGroupMeeting,
    PreProceedings,
    PrivateFosteringArrangement,
    Referral,
    Section47Enquiry,
    StrategyDiscussion,
    Visit,
)
from sightline.protection.services import NFA_CLOSURE_REASON, no_conference_needed
from sightline.quality import events as quality_events
from sightline.quality.models import Oversight, Supervision, SupervisionCase
from sightline.synthetic import actions as a
from sightline.workforce import events as wf_events
from sightline.workforce.models import Allocation, Worker

# Insert order: a table's rows after the rows they point to.
MODELS: tuple[type[models.Model], ...] = (
    Person,
    PersonDisability,
    Relationship,
    PeriodOfCare,
    LegalStatus,
    Placement,
    CareEpisode,
    CarePlan,
    PreviousPermanence,
    AdoptionMilestones,
    LookedAfterReview,
    HealthAssessment,
    EducationRecord,
    PersonalEducationPlan,
    MissingEpisode,
    PathwayPlan,
    PathwayPlanReview,
    InTouch,
    Activity,
    Accommodation,
    HomelessPresentation,
    NEETBarrier,
    NEETOffer,
    Contact,
    Referral,
    EarlyHelpEpisode,
    Allocation,
    Assessment,
    StrategyDiscussion,
    Section47Enquiry,
    ChildProtectionPlan,
    ChildProtectionConference,
    ChildInNeedPlan,
    PreProceedings,
    Visit,
    CaseNote,
    CoreGroupMeeting,
    ChildInNeedMeeting,
    PrivateFosteringArrangement,
    AllegationToLADO,
    CareProceedings,
    Supervision,
    SupervisionCase,
    Oversight,
)


class BulkWriter(BulkWrite):
    """The simulated actions as rows and events (``core.bulk_write`` inserts them)."""

    def __init__(self, as_of: date) -> None:
        super().__init__(order=MODELS)
        self.as_of = as_of
        self.workers = {w.pk: w for w in Worker.objects.select_related("team")}
        self.open_allocations: dict[tuple[int, str], Allocation] = {}
        self.care_history: dict[int, tuple[list[LegalStatus], list[Placement]]] = {}
        self.new_periods: list[PeriodOfCare] = []
        self.open_schools: dict[int, EducationRecord] = {}
        self.adoptions: dict[int, AdoptionMilestones] = {}  # by id() of the period of care

    def worker(self, pk: int | None) -> Worker | None:
        return None if pk is None else self.workers[pk]

    def allocate(
        self, child: Person, worker_pk: int, kind: str, started_on: date, reason: str
    ) -> Allocation:
        """What workforce.services.allocate writes: the current allocation of the kind ends."""
        key = (id(child), kind)
        current = self.open_allocations.get(key)
        if current is not None:
            current.ended_on = started_on
            self.emit(wf_events.allocation_ended, current)
        worker = self.workers[worker_pk]
        new = self.add(
            linked(
                Allocation,
                child=child,
                worker=worker,
                team=worker.team,
                kind=kind,
                started_on=started_on,
                reason=reason,
            )
        )
        self.open_allocations[key] = new
        self.emit(wf_events.worker_allocated, new)
        return new

    def write(
        self, plans: list[list[a.Action]], progress: Callable[[str], None] | None = None
    ) -> dict[str, int]:
        for actions in plans:
            for action in actions:
                self.apply(action)
            self.derive_episodes()  # after each child: as the services' last rebuild left them
        # The events are built from the rows in memory, before any is inserted.
        return self.finish(progress)

    def apply(self, x: a.Action) -> None:
        """People, the front door and allocations (people, frontdoor and workforce services);
        the rest goes on to ``protection``."""
        match x:
            case a.RegisterChild():
                p = self.add(
                    fast(
                        Person,
                        kind=Person.Kind.CHILD,
                        la_child_id=x.la_child_id,
                        given_name=x.given_name,
                        family_name=x.family_name,
                        **name_keys(x.given_name, x.family_name),
                        birth_date=x.birth_date,
                        expected_birth_date=x.expected_birth_date,
                        sex=x.sex,
                        ethnicity=x.ethnicity,
                        nhs_number=normalise_nhs_number(x.nhs_number),
                        upn=x.upn.upper(),
                        upn_unknown=x.upn_unknown,
                        home_postcode=x.home_postcode.upper(),
                        created_at=self.now,
                    )
                )
                for code in dict.fromkeys(x.disabilities):
                    self.add(fast(PersonDisability, person_id=p.pk, code=code))
                x.ref.obj = p
                self.emit(people_events.person_registered, p, x.on)
            case a.RegisterAdult():
                x.ref.obj = self.add(
                    fast(
                        Person,
                        kind=Person.Kind.ADULT,
                        given_name=x.given_name,
                        family_name=x.family_name,
                        **name_keys(x.given_name, x.family_name),
                        sex=x.sex,
                        birth_date=x.birth_date,
                        ethnicity="NOBT",
                        created_at=self.now,
                    )
                )
                self.emit(people_events.adult_registered, x.ref.obj, self.as_of)
            case a.Relate():
                relationship = self.add(
                    linked(
                        Relationship,
                        person=x.child.obj,
                        relative=x.relative.obj,
                        kind=x.kind,
                        has_parental_responsibility=x.has_parental_responsibility,
                        lives_with_child=x.lives_with_child,
                    )
                )
                self.emit(people_events.relationship_recorded, relationship, self.as_of)
            case a.ReceiveContact():
                x.ref.obj = self.add(
                    linked(
                        Contact,
                        child=x.child.obj,
                        received_at=x.received_at,
                        source=x.source,
                        reason=x.reason,
                    )
                )
                self.emit(fd_events.contact_received, x.ref.obj)
            case a.DecideContact():
                c: Contact = x.contact.obj
                c.decision, c.decided_at, c.decided_by_id = x.decision, x.decided_at, x.decided_by
                c.threshold_rationale, c.consent = x.rationale, x.consent
                c.consent_dispensed_reason, c.threshold = x.consent_dispensed_reason, x.threshold
                self.emit(fd_events.contact_decided, c)
                decided_on = timezone.localdate(x.decided_at)
                if x.decision in (Contact.Decision.REFERRAL, Contact.Decision.STRATEGY):
                    assert x.referral is not None
                    r = self.add(
                        linked(
                            Referral,
                            child=c.child,
                            contact=c,
                            referral_date=decided_on,
                            source=c.source,
                            primary_need=x.primary_need,
                            nfa=x.referral_nfa,
                            closure_date=decided_on if x.referral_nfa else None,
                            closure_reason=NFA_CLOSURE_REASON if x.referral_nfa else "",
                        )
                    )
                    x.referral.obj = r
                    self.emit(p_events.referral_opened, r)
                    if x.referral_nfa:
                        self.emit(p_events.referral_closed, r)
                elif x.decision == Contact.Decision.EARLY_HELP:
                    assert x.early_help is not None
                    x.early_help.obj = self.add(
                        linked(
                            EarlyHelpEpisode,
                            child=c.child,
                            contact=c,
                            started_on=decided_on,
                            lead_worker=self.worker(x.lead_worker),
                        )
                    )
                    self.emit(fd_events.early_help_started, x.early_help.obj)
            case a.Allocate():
                x.ref.obj = self.allocate(x.child.obj, x.worker, x.kind, x.started_on, x.reason)
            case a.EndAllocation():
                alloc: Allocation = x.allocation.obj
                alloc.ended_on = x.ended_on
                self.open_allocations.pop((id(alloc.child), alloc.kind), None)
                self.emit(wf_events.allocation_ended, alloc)
            case _:
                self.protection(x)

    def protection(self, x: a.Action) -> None:
        """Assessments, enquiries, conferences, plans and visits (protection.services), early
        help (frontdoor.services); care's own steps go to ``care``."""
        match x:
            case a.StartAssessment():
                r = x.referral.obj
                x.ref.obj = self.add(
                    linked(
                        Assessment,
                        child=r.child,
                        referral=r,
                        started_on=x.started_on,
                        worker_id=x.worker,
                    )
                )
                self.emit(p_events.assessment_started, x.ref.obj)
            case a.AuthoriseAssessment():
                asmt: Assessment = x.assessment.obj
                asmt.factors = list(dict.fromkeys(x.factors))
                asmt.authorised_on, asmt.outcome = x.authorised_on, x.outcome
                asmt.child_seen_on = x.child_seen_on or asmt.child_seen_on
                self.emit(p_events.assessment_authorised, asmt)
            case a.HoldStrategyDiscussion():
                r = x.referral.obj
                sd = self.add(
                    linked(
                        StrategyDiscussion,
                        child=r.child,
                        referral=r,
                        held_on=x.held_on,
                        outcome=x.outcome,
                        agencies=list(dict.fromkeys(x.agencies)),
                        requested_on=x.requested_on,
                    )
                )
                x.ref.obj = sd
                self.emit(p_events.strategy_discussion_held, sd)
                if x.outcome == StrategyDiscussion.Outcome.SECTION_47:
                    enquiry = self.add(
                        linked(
                            Section47Enquiry,
                            child=r.child,
                            referral=r,
                            strategy_discussion=sd,
                            started_on=x.held_on,
                        )
                    )
                    x.section47.obj = enquiry
                    self.emit(p_events.section47_started, enquiry)
            case a.CompleteSection47():
                e: Section47Enquiry = x.enquiry.obj
                e.completed_on, e.outcome, e.icpc_not_required = (
                    x.completed_on,
                    x.outcome,
                    no_conference_needed(x.outcome, x.icpc_not_required),
                )
                self.emit(p_events.section47_completed, e)
            case a.HoldConference():
                self.conference(x)
            case a.StartCINPlan():
                r = x.referral.obj
                x.ref.obj = self.add(
                    linked(ChildInNeedPlan, child=r.child, referral=r, started_on=x.started_on)
                )
                self.emit(p_events.cin_plan_started, x.ref.obj)
            case a.EndCINPlan():
                x.plan.obj.ended_on = x.ended_on
                self.emit(p_events.cin_plan_ended, x.plan.obj)
            case a.StartPreProceedings():
                r = x.referral.obj
                x.ref.obj = self.add(
                    linked(
                        PreProceedings,
                        child=r.child,
                        referral=r,
                        started_on=x.started_on,
                        letter_sent_on=x.letter_sent_on,
                        meeting_on=x.meeting_on,
                    )
                )
                self.emit(p_events.pre_proceedings_started, x.ref.obj)
            case a.EndPreProceedings():
                x.pre.obj.ended_on, x.pre.obj.outcome = x.ended_on, x.outcome
                self.emit(p_events.pre_proceedings_ended, x.pre.obj)
            case a.RecordVisit():
                v = self.add(
                    fast(
                        Visit,
                        child_id=x.child.obj.pk,
                        purpose=x.purpose,
                        visited_on=x.visited_on,
                        worker_id=x.worker,
                        child_seen=x.child_seen,
                        seen_alone=x.seen_alone,
                    )
                )
                self.emit(p_events.visit_recorded, v)
            case a.WriteCaseNote():
                note = self.add(
                    fast(
                        CaseNote,
                        child_id=x.child.obj.pk,
                        author_id=x.author,
                        written_on=x.written_on,
                        kind=x.kind,
                        text=x.text,
                        created_at=self.now,
                    )
                )
                self.emit(chronology_events.case_note_written, note)
            case a.StartEarlyHelp():
                x.ref.obj = self.add(
                    linked(
                        EarlyHelpEpisode,
                        child=x.child.obj,
                        started_on=x.started_on,
                        lead_worker=self.worker(x.lead_worker),
                    )
                )
                self.emit(fd_events.early_help_started, x.ref.obj)
            case a.EndEarlyHelp():
                x.episode.obj.ended_on, x.episode.obj.end_reason = x.ended_on, x.end_reason
                self.emit(fd_events.early_help_ended, x.episode.obj)
            case a.CloseReferral():
                r = x.referral.obj
                r.closure_date, r.closure_reason = x.closure_date, x.reason
                self.emit(p_events.referral_closed, r)
            case (
                a.StartCare()
                | a.ChangeLegalStatus()
                | a.ChangePlacement()
                | a.EndCare()
                | a.RecordReview()
            ):
                self.care(x)
            case _:
                self.in_care(x)

    def in_care(self, x: a.Action) -> None:
        """Life in care (care.services_in_care) and leaving care (leaving_care.services)."""
        match x:
            case a.RecordMissingStart():
                period = x.period.obj
                m = self.add(
                    fast(
                        MissingEpisode,
                        period_id=period.pk,
                        child_id=period.child_id,
                        kind=x.kind,
                        started_at=x.started_at,
                    )
                )
                x.ref.obj = m
                self.emit_now(care_events.missing_started(m))
            case a.RecordReturn():
                m = x.episode.obj
                m.ended_at = x.ended_at
                m.return_interview_offered = x.offered
                m.return_interview_accepted = x.accepted
                m.return_interview_held_at = None
                self.emit_now(care_events.missing_ended(m))
                if x.offered:
                    self.emit_now(care_events.return_interview_recorded(m))
            case a.RecordReturnInterview():
                m = x.episode.obj
                m.return_interview_offered = x.offered
                m.return_interview_accepted = x.accepted
                m.return_interview_held_at = x.held_at
                self.emit_now(care_events.return_interview_recorded(m))
            case a.RecordHealthCheck():
                period = x.period.obj
                h = self.add(
                    fast(
                        HealthAssessment,
                        period_id=period.pk,
                        child_id=period.child_id,
                        kind=x.kind,
                        done_on=x.done_on,
                        sdq_score=x.sdq_score,
                        sdq_reason=x.sdq_reason,
                    )
                )
                self.emit_now(care_events.health_check_recorded(h))
            case a.RecordSchool():
                child_pk = x.child.obj.pk
                current = self.open_schools.get(child_pk)
                if current is not None:
                    current.ended_on = x.started_on
                school = self.add(
                    fast(
                        EducationRecord,
                        child_id=child_pk,
                        school_name=x.school_name.strip(),
                        school_urn=x.school_urn,
                        started_on=x.started_on,
                    )
                )
                self.open_schools[child_pk] = school
                self.emit_now(care_events.school_recorded(school))
            case a.RecordPEPReview():
                period = x.period.obj
                pep = self.add(
                    fast(
                        PersonalEducationPlan,
                        period_id=period.pk,
                        child_id=period.child_id,
                        reviewed_on=x.reviewed_on,
                    )
                )
                self.emit_now(care_events.pep_reviewed(pep))
            case a.AllocatePersonalAdviser():
                x.ref.obj = self.allocate(
                    x.child.obj, x.worker, Allocation.Kind.PERSONAL_ADVISER, x.on, ""
                )
            case a.StartPathwayPlan():
                plan = self.add(fast(PathwayPlan, child_id=x.child.obj.pk, started_on=x.started_on))
                x.ref.obj = plan
                self.emit_now(lc_events.pathway_plan_started(plan))
            case a.ReviewPathwayPlan():
                plan = x.plan.obj
                review = self.add(
                    fast(
                        PathwayPlanReview,
                        plan_id=plan.pk,
                        child_id=plan.child_id,
                        reviewed_on=x.reviewed_on,
                    )
                )
                self.emit_now(lc_events.pathway_plan_reviewed(review))
            case a.RecordInTouch():
                touch = self.add(
                    fast(
                        InTouch,
                        child_id=x.child.obj.pk,
                        recorded_on=x.recorded_on,
                        in_touch=x.in_touch,
                    )
                )
                self.emit_now(lc_events.in_touch_recorded(touch))
            case a.RecordActivity():
                activity = self.add(
                    fast(Activity, child_id=x.child.obj.pk, from_date=x.from_date, code=x.code)
                )
                self.emit_now(lc_events.activity_recorded(activity))
            case a.RecordAccommodation():
                accommodation = self.add(
                    fast(
                        Accommodation,
                        child_id=x.child.obj.pk,
                        from_date=x.from_date,
                        code=x.code,
                        suitable=accommodation_suitable(x.code),
                    )
                )
                self.emit_now(lc_events.accommodation_recorded(accommodation))
            case a.RecordHomelessPresentation():
                h = self.add(
                    fast(
                        HomelessPresentation,
                        child_id=x.child.obj.pk,
                        presented_on=x.presented_on,
                        advocacy_offered=x.advocacy_offered,
                        advocacy_taken_up=x.advocacy_taken_up,
                        accommodation_used=x.accommodation_used.strip(),
                        is_bed_and_breakfast=x.is_bed_and_breakfast,
                    )
                )
                x.ref.obj = h
                self.emit_now(lc_events.homeless_presented(h))
            case a.RecordAdvocacy():
                h = x.presentation.obj
                h.advocacy_offered, h.advocacy_taken_up = x.offered, x.taken_up
                self.emit_now(lc_events.homeless_advocacy_recorded(h, x.on))
            case a.StartJointAssessment():
                h = x.presentation.obj
                h.joint_assessment_started_on = x.started_on
                self.emit_now(lc_events.homeless_assessment_started(h))
            case a.CompleteJointAssessment():
                h = x.presentation.obj
                h.joint_assessment_completed_on = x.completed_on
                self.emit_now(lc_events.homeless_assessment_completed(h))
            case a.RecordHomelessOutcome():
                h = x.presentation.obj
                used = x.accommodation_used
                if used is None:
                    used = h.accommodation_used
                bnb = (
                    h.is_bed_and_breakfast
                    if x.is_bed_and_breakfast is None
                    else x.is_bed_and_breakfast
                )
                h.outcome, h.outcome_on = x.outcome, x.outcome_on
                h.accommodation_used, h.is_bed_and_breakfast = used.strip(), bnb
                self.emit_now(lc_events.homeless_outcome_recorded(h))
            case a.RecordNEETBarrier():
                barrier = self.add(
                    fast(
                        NEETBarrier,
                        child_id=x.child.obj.pk,
                        recorded_on=x.recorded_on,
                        barrier=x.barrier,
                        note=x.note.strip(),
                    )
                )
                self.emit_now(lc_events.neet_barrier_recorded(barrier))
            case a.RecordNEETOffer():
                offer = self.add(
                    fast(NEETOffer, child_id=x.child.obj.pk, offered_on=x.offered_on, kind=x.kind)
                )
                x.ref.obj = offer
                self.emit_now(lc_events.neet_offer_made(offer))
            case a.RecordNEETOfferOutcome():
                offer = x.offer.obj
                offer.outcome, offer.outcome_on = x.outcome, x.outcome_on
                self.emit_now(lc_events.neet_offer_outcome_recorded(offer))
            case _:
                self.records(x)

    def records(self, x: a.Action) -> None:
        """The records the timescales read: meetings, care and placement plans, private
        fostering, allegations to the LADO and care proceedings (protection.services and
        care.services)."""
        match x:
            case a.HoldCoreGroup():
                cp = x.plan.obj
                meeting = self.add(
                    fast(
                        CoreGroupMeeting,
                        child_id=cp.child_id,
                        child_protection_plan_id=cp.pk,
                        held_on=x.held_on,
                    )
                )
                self.emit_now(p_events.core_group_meeting_held(meeting))
            case a.HoldCINMeeting():
                cin = x.plan.obj
                cin_meeting = self.add(
                    fast(
                        ChildInNeedMeeting,
                        child_id=cin.child_id,
                        child_in_need_plan_id=cin.pk,
                        held_on=x.held_on,
                        kind=x.kind,
                    )
                )
                self.emit_now(p_events.cin_meeting_held(cin_meeting))
            case a.RecordPreviousPermanence():
                period = x.period.obj
                previous = self.add(
                    fast(
                        PreviousPermanence,
                        period_id=period.pk,
                        child_id=period.child_id,
                        kind=x.kind,
                        la=x.la,
                        order_year=x.order_year,
                        order_month=x.order_month,
                        order_day=x.order_day,
                    )
                )
                self.emit_now(care_events.previous_permanence_recorded(previous, period.started_on))
            case a.RecordAdoptionMilestone():
                period = x.period.obj
                if x.milestone == "decision_on":
                    self.adoptions[id(period)] = self.add(
                        fast(
                            AdoptionMilestones,
                            period_id=period.pk,
                            child_id=period.child_id,
                            decision_on=x.on,
                        )
                    )
                adoption = self.adoptions[id(period)]
                setattr(adoption, x.milestone, x.on)
                self.emit_now(care_events.adoption_milestone_recorded(adoption, x.milestone))
            case a.RecordAdopters():
                period = x.period.obj
                adoption = self.adoptions[id(period)]
                adoption.foster_care = x.foster_care
                adoption.number_of_adopters = x.number_of_adopters
                adoption.sex_of_adopters = x.sex_of_adopters
                adoption.legal_status_of_adopters = x.legal_status_of_adopters
                on = min(self.as_of, period.ended_on or self.as_of)
                self.emit_now(care_events.adopters_recorded(adoption, on))
            case a.RecordCarePlan():
                period = x.period.obj
                care_plan = self.add(
                    fast(
                        CarePlan,
                        period_id=period.pk,
                        child_id=period.child_id,
                        agreed_on=x.agreed_on,
                    )
                )
                self.emit_now(care_events.care_plan_recorded(care_plan))
            case a.RecordPlacementPlan():
                period = x.period.obj
                placement = next(
                    p
                    for p in self.care_history[id(period)][1]
                    if p.started_on == x.placement_started_on
                )
                placement.placement_plan_on = x.agreed_on
                self.emit_now(care_events.placement_plan_recorded(placement))
            case a.NotifyPrivateFostering():
                arrangement = self.add(
                    fast(
                        PrivateFosteringArrangement,
                        child_id=x.child.obj.pk,
                        carer_name=x.carer_name.strip(),
                        notified_on=x.notified_on,
                        arrangement_started_on=x.arrangement_started_on,
                    )
                )
                x.ref.obj = arrangement
                self.emit_now(p_events.private_fostering_notified(arrangement))
            case a.EndPrivateFostering():
                arrangement = x.arrangement.obj
                arrangement.ended_on, arrangement.end_reason = x.ended_on, x.reason
                self.emit_now(p_events.private_fostering_ended(arrangement))
            case a.RecordAllegation():
                allegation = self.add(
                    fast(
                        AllegationToLADO,
                        child_id=x.child.obj.pk,
                        subject_role=x.subject_role.strip(),
                        subject_employer=x.subject_employer.strip(),
                        came_to_attention_on=x.came_to_attention_on,
                        referred_on=x.referred_on,
                    )
                )
                x.ref.obj = allegation
                self.emit_now(p_events.lado_allegation_recorded(allegation))
            case a.ConcludeAllegation():
                allegation = x.allegation.obj
                allegation.concluded_on, allegation.outcome = x.concluded_on, x.outcome
                self.emit_now(p_events.lado_allegation_concluded(allegation))
            case a.IssueCareProceedings():
                proceedings = self.add(
                    fast(
                        CareProceedings,
                        child_id=x.child.obj.pk,
                        issued_on=x.issued_on,
                        court=x.court.strip(),
                    )
                )
                x.ref.obj = proceedings
                self.emit_now(p_events.care_proceedings_issued(proceedings))
            case a.ConcludeCareProceedings():
                proceedings = x.proceedings.obj
                proceedings.concluded_on, proceedings.outcome = x.concluded_on, x.outcome
                self.emit_now(p_events.care_proceedings_concluded(proceedings))
            case a.RecordSupervision():
                # What quality.services.record_supervision writes and emits.
                supervision = self.add(
                    linked(
                        Supervision,
                        worker=self.workers[x.worker],
                        supervisor=self.workers[x.supervisor],
                        held_on=x.held_on,
                        reflection=x.reflection,
                        created_at=self.now,
                    )
                )
                for child, note in x.cases:
                    case = self.add(
                        linked(
                            SupervisionCase,
                            supervision=supervision,
                            child=child.obj,
                            note=note,
                            actions="",
                        )
                    )
                    self.emit(quality_events.supervision_discussed, case)
            case a.RecordOversight():
                # What quality.services.record_oversight writes and emits (no actions set).
                oversight = self.add(
                    linked(
                        Oversight,
                        child=x.child.obj,
                        manager=self.workers[x.manager],
                        held_on=x.held_on,
                        point=x.point,
                        decision=x.decision,
                        rationale=x.rationale,
                        created_at=self.now,
                    )
                )
                self.emit(quality_events.oversight_recorded, oversight, 0)
            case _:
                raise TypeError(f"unknown action {x!r}")

    def derive_episodes(self) -> None:
        """The SSDA903 episodes of the periods of care just written, from their final history:
        what ``care.services.rebuild_episodes`` leaves after the last change."""
        for period in self.new_periods:
            statuses = self.care_history[id(period)][0]
            moves = self.care_history[id(period)][1]
            derived = derivation.derive_episodes(
                started_on=period.started_on,
                ended_on=period.ended_on,
                reason_ceased=period.reason_ceased,
                category_of_need=period.category_of_need,
                home_postcode=period.home_postcode,
                legal_statuses=[derivation.LegalStatus(s.started_on, s.code) for s in statuses],
                placements=[
                    derivation.Placement(
                        start=p.started_on,
                        end=p.ended_on,
                        place=p.place,
                        provider=p.provider,
                        carer=p.carer,
                        urn=p.urn,
                        postcode=p.postcode,
                        change_reason=p.change_reason,
                    )
                    for p in moves
                ],
            )
            for episode in derived:
                self.add(
                    fast(
                        CareEpisode, period_id=period.pk, child_id=period.child_id, **vars(episode)
                    )
                )
        self.new_periods.clear()

    def care(self, x: a.Action) -> None:
        match x:
            case a.StartCare():
                period = self.add(
                    linked(
                        PeriodOfCare,
                        child=x.child.obj,
                        started_on=x.started_on,
                        category_of_need=x.category_of_need,
                        home_postcode=x.home_postcode.strip().upper(),
                    )
                )
                status = self.add(
                    linked(
                        LegalStatus,
                        period=period,
                        child=x.child.obj,
                        started_on=x.started_on,
                        code=x.legal_status,
                    )
                )
                placement = self.add(
                    linked(
                        Placement,
                        period=period,
                        child=x.child.obj,
                        started_on=x.started_on,
                        **vars(x.placement),
                    )
                )
                self.care_history[id(period)] = ([status], [placement])
                self.new_periods.append(period)
                x.ref.obj = period
                self.emit(care_events.care_started, period, status, placement)
            case a.ChangeLegalStatus():
                period = x.period.obj
                status = self.add(
                    linked(
                        LegalStatus,
                        period=period,
                        child_id=period.child_id,
                        started_on=x.started_on,
                        code=x.code,
                    )
                )
                self.care_history[id(period)][0].append(status)
                self.emit(care_events.legal_status_changed, status)
            case a.ChangePlacement():
                period = x.period.obj
                moves = self.care_history[id(period)][1]
                current = moves[-1]
                temporary = current.place in derivation.TEMPORARY_PLACEMENTS
                current.ended_on = x.started_on
                current.change_reason = "" if temporary else x.reason_previous_ended
                new = self.add(
                    linked(
                        Placement,
                        period=period,
                        child_id=period.child_id,
                        started_on=x.started_on,
                        **vars(x.placement),
                    )
                )
                moves.append(new)
                self.emit(care_events.placement_changed, new)
            case a.EndCare():
                period = x.period.obj
                for placement in self.care_history[id(period)][1]:
                    if placement.ended_on is None:
                        placement.ended_on = x.ended_on
                period.ended_on, period.reason_ceased = x.ended_on, x.reason_ceased
                self.emit(care_events.care_ended, period)
            case a.RecordReview():
                period = x.period.obj
                review = self.add(
                    linked(
                        LookedAfterReview,
                        period=period,
                        child_id=period.child_id,
                        held_on=x.held_on,
                        participation=x.participation,
                        chaired_by=self.worker(x.chaired_by),
                    )
                )
                self.emit(care_events.review_held, review)

    def conference(self, x: a.HoldConference) -> None:
        if x.kind == ChildProtectionConference.Kind.INITIAL:
            assert x.section47 is not None
            referral = x.section47.obj.referral
        elif x.kind == ChildProtectionConference.Kind.REVIEW:
            assert x.plan is not None
            referral = x.plan.obj.referral
        else:
            assert x.referral is not None
            referral = x.referral.obj
        conf = self.add(
            linked(
                ChildProtectionConference,
                child=referral.child,
                referral=referral,
                kind=x.kind,
                section47=x.section47.obj if x.section47 else None,
                plan=x.plan.obj if x.plan else None,
                held_on=x.held_on,
                outcome=x.outcome,
                chair=self.worker(x.chair),
            )
        )
        x.ref.obj = conf
        self.emit(p_events.conference_held, conf)
        if x.outcome == ChildProtectionConference.Outcome.PLAN:
            plan = self.add(
                linked(
                    ChildProtectionPlan,
                    child=referral.child,
                    referral=referral,
                    started_on=x.held_on,
                    initial_category=x.category,
                    latest_category=x.category,
                )
            )
            conf.plan = plan
            x.new_plan.obj = plan
            self.emit(p_events.cp_plan_started, plan)
        elif x.kind == ChildProtectionConference.Kind.REVIEW:
            assert x.plan is not None
            plan = x.plan.obj
            if x.category:
                plan.latest_category = x.category
            if x.outcome == ChildProtectionConference.Outcome.END:
                plan.ended_on = x.held_on
                self.emit(p_events.cp_plan_ended, plan)
