"""Carry out the simulated actions through the real services, one call each (the reference)."""

from __future__ import annotations

from datetime import date

from sightline.care import services as care
from sightline.care import services_in_care as in_care
from sightline.care.models import Placement
from sightline.chronology import services as notes
from sightline.frontdoor import services as frontdoor
from sightline.leaving_care import services as leaving
from sightline.people import services as people
from sightline.protection import services as protection
from sightline.quality import services as quality
from sightline.synthetic import actions as a
from sightline.workforce import services as workforce
from sightline.workforce.models import Worker


def replay(plans: list[list[a.Action]], as_of: date) -> None:
    workers = {w.pk: w for w in Worker.objects.select_related("team")}
    for actions in plans:
        for action in actions:
            run(action, workers, as_of)


def worker(workers: dict[int, Worker], pk: int | None) -> Worker | None:
    return None if pk is None else workers[pk]


def run(x: a.Action, workers: dict[int, Worker], today: date) -> None:
    match x:
        case a.RegisterChild():
            x.ref.obj = people.register_child(
                la_child_id=x.la_child_id,
                given_name=x.given_name,
                family_name=x.family_name,
                sex=x.sex,
                ethnicity=x.ethnicity,
                birth_date=x.birth_date,
                expected_birth_date=x.expected_birth_date,
                nhs_number=x.nhs_number,
                upn=x.upn,
                upn_unknown=x.upn_unknown,
                home_postcode=x.home_postcode,
                disabilities=x.disabilities,
                today=x.on,
            )
        case a.RegisterAdult():
            x.ref.obj = people.register_adult(
                given_name=x.given_name,
                family_name=x.family_name,
                sex=x.sex,
                birth_date=x.birth_date,
                today=today,
            )
        case a.Relate():
            people.relate(
                person=x.child.obj,
                relative=x.relative.obj,
                kind=x.kind,
                has_parental_responsibility=x.has_parental_responsibility,
                lives_with_child=x.lives_with_child,
            )
        case a.ReceiveContact():
            x.ref.obj = frontdoor.receive_contact(
                child=x.child.obj,
                received_at=x.received_at,
                source=x.source,
                reason=x.reason,
                today=today,
            )
        case a.DecideContact():
            contact = frontdoor.decide_contact(
                contact=x.contact.obj,
                decision=x.decision,
                decided_at=x.decided_at,
                decided_by=workers[x.decided_by],
                rationale=x.rationale,
                consent=x.consent,
                consent_dispensed_reason=x.consent_dispensed_reason,
                primary_need=x.primary_need,
                referral_nfa=x.referral_nfa,
                lead_worker=worker(workers, x.lead_worker),
                threshold=x.threshold,
                today=today,
            )
            if x.referral is not None:
                x.referral.obj = contact.referral
            if x.early_help is not None:
                x.early_help.obj = contact.early_help.get()
        case a.Allocate():
            x.ref.obj = workforce.allocate(
                child=x.child.obj,
                worker=workers[x.worker],
                kind=x.kind,
                started_on=x.started_on,
                reason=x.reason,
                today=today,
            )
        case a.EndAllocation():
            workforce.end_allocation(allocation=x.allocation.obj, ended_on=x.ended_on, today=today)
        case a.RecordSupervision():
            quality.record_supervision(
                worker=workers[x.worker],
                supervisor=workers[x.supervisor],
                held_on=x.held_on,
                reflection=x.reflection,
                cases=[quality.CaseDiscussion(child.obj, note) for child, note in x.cases],
                today=today,
            )
        case a.RecordOversight():
            quality.record_oversight(
                child=x.child.obj,
                manager=workers[x.manager],
                held_on=x.held_on,
                point=x.point,
                decision=x.decision,
                rationale=x.rationale,
                today=today,
            )
        case _:
            run_protection(x, workers, today)


def run_protection(x: a.Action, workers: dict[int, Worker], today: date) -> None:
    """Assessments, enquiries, conferences, plans, visits and early help; care's own steps."""
    match x:
        case a.StartAssessment():
            x.ref.obj = protection.start_assessment(
                referral=x.referral.obj,
                started_on=x.started_on,
                worker=workers[x.worker],
                today=today,
            )
        case a.AuthoriseAssessment():
            protection.authorise_assessment(
                assessment=x.assessment.obj,
                authorised_on=x.authorised_on,
                outcome=x.outcome,
                factors=x.factors,
                child_seen_on=x.child_seen_on,
                today=today,
            )
        case a.HoldStrategyDiscussion():
            discussion = protection.hold_strategy_discussion(
                referral=x.referral.obj,
                held_on=x.held_on,
                outcome=x.outcome,
                agencies=x.agencies,
                requested_on=x.requested_on,
                today=today,
            )
            x.ref.obj = discussion
            if x.outcome == "s47":
                x.section47.obj = discussion.section47_enquiry
        case a.CompleteSection47():
            protection.complete_section47(
                enquiry=x.enquiry.obj,
                completed_on=x.completed_on,
                outcome=x.outcome,
                icpc_not_required=x.icpc_not_required,
                today=today,
            )
        case a.HoldConference():
            conference = protection.hold_conference(
                kind=x.kind,
                held_on=x.held_on,
                outcome=x.outcome,
                section47=x.section47.obj if x.section47 else None,
                plan=x.plan.obj if x.plan else None,
                referral=x.referral.obj if x.referral else None,
                category=x.category,
                chair=worker(workers, x.chair),
                today=today,
            )
            x.ref.obj = conference
            if x.outcome == "plan":
                x.new_plan.obj = conference.plan
        case a.StartCINPlan():
            x.ref.obj = protection.start_cin_plan(
                referral=x.referral.obj, started_on=x.started_on, today=today
            )
        case a.EndCINPlan():
            protection.end_cin_plan(plan=x.plan.obj, ended_on=x.ended_on, today=today)
        case a.StartPreProceedings():
            x.ref.obj = protection.start_pre_proceedings(
                referral=x.referral.obj,
                started_on=x.started_on,
                letter_sent_on=x.letter_sent_on,
                meeting_on=x.meeting_on,
                today=today,
            )
        case a.EndPreProceedings():
            protection.end_pre_proceedings(
                pre=x.pre.obj, ended_on=x.ended_on, outcome=x.outcome, today=today
            )
        case a.RecordVisit():
            protection.record_visit(
                child=x.child.obj,
                purpose=x.purpose,
                visited_on=x.visited_on,
                worker=workers[x.worker],
                child_seen=x.child_seen,
                seen_alone=x.seen_alone,
                today=today,
            )
        case a.WriteCaseNote():
            notes.write_case_note(
                child=x.child.obj,
                author=workers[x.author],
                written_on=x.written_on,
                kind=x.kind,
                text=x.text,
                today=today,
            )
        case a.StartEarlyHelp():
            x.ref.obj = frontdoor.start_early_help(
                child=x.child.obj,
                started_on=x.started_on,
                lead_worker=worker(workers, x.lead_worker),
                today=today,
            )
        case a.EndEarlyHelp():
            frontdoor.end_early_help(
                episode=x.episode.obj, ended_on=x.ended_on, end_reason=x.end_reason, today=today
            )
        case a.CloseReferral():
            protection.close_referral(
                referral=x.referral.obj, closure_date=x.closure_date, reason=x.reason, today=today
            )
        case a.StartCare():
            x.ref.obj = care.start_care(
                child=x.child.obj,
                started_on=x.started_on,
                legal_status=x.legal_status,
                placement=x.placement,
                category_of_need=x.category_of_need,
                home_postcode=x.home_postcode,
                today=today,
            )
        case a.ChangeLegalStatus():
            care.change_legal_status(
                period=x.period.obj, started_on=x.started_on, code=x.code, today=today
            )
        case a.ChangePlacement():
            care.change_placement(
                period=x.period.obj,
                started_on=x.started_on,
                placement=x.placement,
                reason_previous_ended=x.reason_previous_ended,
                today=today,
            )
        case a.EndCare():
            # The service ends a fresh, locked copy: later steps read the period as it now is.
            x.period.obj = care.end_care(
                period=x.period.obj, ended_on=x.ended_on, reason_ceased=x.reason_ceased, today=today
            )
        case a.RecordReview():
            care.record_review(
                period=x.period.obj,
                held_on=x.held_on,
                participation=x.participation,
                chaired_by=worker(workers, x.chaired_by),
                today=today,
            )
        case _:
            run_care(x, workers, today)


def run_care(x: a.Action, workers: dict[int, Worker], today: date) -> None:
    """Life in care and leaving care."""
    match x:
        case a.RecordMissingStart():
            x.ref.obj = in_care.record_missing_start(
                period=x.period.obj, kind=x.kind, started_at=x.started_at, today=today
            )
        case a.RecordReturn():
            x.episode.obj = in_care.record_return(
                episode=x.episode.obj,
                ended_at=x.ended_at,
                return_interview_offered=x.offered,
                return_interview_accepted=x.accepted,
                today=today,
            )
        case a.RecordReturnInterview():
            x.episode.obj = in_care.record_return_interview(
                episode=x.episode.obj,
                offered=x.offered,
                accepted=x.accepted,
                held_at=x.held_at,
                today=today,
            )
        case a.RecordHealthCheck():
            in_care.record_health_check(
                period=x.period.obj,
                kind=x.kind,
                done_on=x.done_on,
                sdq_score=x.sdq_score,
                sdq_reason=x.sdq_reason,
                today=today,
            )
        case a.RecordSchool():
            in_care.record_school(
                child=x.child.obj,
                school_name=x.school_name,
                started_on=x.started_on,
                school_urn=x.school_urn,
                today=today,
            )
        case a.RecordPEPReview():
            in_care.record_pep_review(period=x.period.obj, reviewed_on=x.reviewed_on, today=today)
        case a.AllocatePersonalAdviser():
            x.ref.obj = leaving.allocate_personal_adviser(
                child=x.child.obj, worker=workers[x.worker], on=x.on, today=today
            )
        case a.StartPathwayPlan():
            x.ref.obj = leaving.start_pathway_plan(
                child=x.child.obj, started_on=x.started_on, today=today
            )
        case a.ReviewPathwayPlan():
            leaving.review_pathway_plan(plan=x.plan.obj, reviewed_on=x.reviewed_on, today=today)
        case a.RecordInTouch():
            leaving.record_in_touch(
                child=x.child.obj, recorded_on=x.recorded_on, in_touch=x.in_touch, today=today
            )
        case a.RecordActivity():
            leaving.record_activity(
                child=x.child.obj, from_date=x.from_date, code=x.code, today=today
            )
        case a.RecordAccommodation():
            leaving.record_accommodation(
                child=x.child.obj, from_date=x.from_date, code=x.code, today=today
            )
        case a.RecordHomelessPresentation():
            x.ref.obj = leaving.record_homeless_presentation(
                child=x.child.obj,
                presented_on=x.presented_on,
                advocacy_offered=x.advocacy_offered,
                advocacy_taken_up=x.advocacy_taken_up,
                accommodation_used=x.accommodation_used,
                is_bed_and_breakfast=x.is_bed_and_breakfast,
                today=today,
            )
        case a.RecordAdvocacy():
            x.presentation.obj = leaving.record_advocacy(
                presentation=x.presentation.obj,
                offered=x.offered,
                taken_up=x.taken_up,
                today=x.on,
            )
        case a.StartJointAssessment():
            x.presentation.obj = leaving.start_joint_assessment(
                presentation=x.presentation.obj, started_on=x.started_on, today=today
            )
        case a.CompleteJointAssessment():
            x.presentation.obj = leaving.complete_joint_assessment(
                presentation=x.presentation.obj, completed_on=x.completed_on, today=today
            )
        case a.RecordHomelessOutcome():
            x.presentation.obj = leaving.record_homeless_outcome(
                presentation=x.presentation.obj,
                outcome=x.outcome,
                outcome_on=x.outcome_on,
                accommodation_used=x.accommodation_used,
                is_bed_and_breakfast=x.is_bed_and_breakfast,
                today=today,
            )
        case a.RecordNEETBarrier():
            leaving.record_neet_barrier(
                child=x.child.obj,
                recorded_on=x.recorded_on,
                barrier=x.barrier,
                note=x.note,
                today=today,
            )
        case a.RecordNEETOffer():
            x.ref.obj = leaving.record_neet_offer(
                child=x.child.obj, offered_on=x.offered_on, kind=x.kind, today=today
            )
        case a.RecordNEETOfferOutcome():
            x.offer.obj = leaving.record_neet_offer_outcome(
                offer=x.offer.obj, outcome=x.outcome, outcome_on=x.outcome_on, today=today
            )
        case _:
            run_records(x, today)


def run_records(x: a.Action, today: date) -> None:
    """The records the timescales read: meetings, plans, private fostering, the LADO,
    proceedings."""
    match x:
        case a.HoldCoreGroup():
            protection.hold_core_group_meeting(plan=x.plan.obj, held_on=x.held_on, today=today)
        case a.HoldCINMeeting():
            protection.hold_cin_meeting(
                plan=x.plan.obj, held_on=x.held_on, kind=x.kind, today=today
            )
        case a.RecordPreviousPermanence():
            in_care.record_previous_permanence(
                period=x.period.obj,
                kind=x.kind,
                la=x.la,
                order_year=x.order_year,
                order_month=x.order_month,
                order_day=x.order_day,
                today=today,
            )
        case a.RecordAdoptionMilestone():
            in_care.record_adoption_milestone(
                period=x.period.obj, milestone=x.milestone, on=x.on, today=today
            )
        case a.RecordAdopters():
            in_care.record_adopters(
                period=x.period.obj,
                foster_care=x.foster_care,
                number_of_adopters=x.number_of_adopters,
                sex_of_adopters=x.sex_of_adopters,
                legal_status_of_adopters=x.legal_status_of_adopters,
                today=today,
            )
        case a.RecordCarePlan():
            care.record_care_plan(period=x.period.obj, agreed_on=x.agreed_on, today=today)
        case a.RecordPlacementPlan():
            placement = Placement.objects.get(
                period=x.period.obj, started_on=x.placement_started_on
            )
            care.record_placement_plan(placement=placement, agreed_on=x.agreed_on, today=today)
        case a.NotifyPrivateFostering():
            x.ref.obj = protection.notify_private_fostering(
                child=x.child.obj,
                notified_on=x.notified_on,
                arrangement_started_on=x.arrangement_started_on,
                carer_name=x.carer_name,
                today=today,
            )
        case a.EndPrivateFostering():
            x.arrangement.obj = protection.end_private_fostering(
                arrangement=x.arrangement.obj, ended_on=x.ended_on, reason=x.reason, today=today
            )
        case a.RecordAllegation():
            x.ref.obj = protection.record_allegation(
                child=x.child.obj,
                subject_role=x.subject_role,
                subject_employer=x.subject_employer,
                came_to_attention_on=x.came_to_attention_on,
                referred_on=x.referred_on,
                today=today,
            )
        case a.ConcludeAllegation():
            x.allegation.obj = protection.conclude_allegation(
                allegation=x.allegation.obj,
                concluded_on=x.concluded_on,
                outcome=x.outcome,
                today=today,
            )
        case a.IssueCareProceedings():
            x.ref.obj = protection.issue_care_proceedings(
                child=x.child.obj, issued_on=x.issued_on, court=x.court, today=today
            )
        case a.ConcludeCareProceedings():
            x.proceedings.obj = protection.conclude_care_proceedings(
                proceedings=x.proceedings.obj,
                concluded_on=x.concluded_on,
                outcome=x.outcome,
                today=today,
            )
        case _:
            raise TypeError(f"unknown action {x!r}")
