"""What every field of every Sightline model may disclose in a subject access export.

One declaration per field (decision 0015), in one place: ``FIELDS["app.Model"]["field"]``.
``tests/access/test_disclosure.py`` goes over every field of every Sightline model and fails
when one is not declared here (or a declaration names a field that no longer exists), so a new
model or field cannot reach a subject access export unclassified. At run time an undeclared
field is withheld (``UNDECLARED``): the export fails closed.

- ``RELEASED``: the child's own record, codes, dates, counts, record ids and staff (workers,
  teams, user names act in their role): shown as held.
- ``FREE_TEXT``: written by people or built from records (case notes, rationales, chronology
  summaries, audit descriptions and details): shown through the one free-text redactor
  (``sar.Redactor``), which removes third parties' names, identifiers, dates of birth,
  postcodes, addresses, phone numbers and email addresses.
- ``PERSON``: a link to a person: the child's own details where it is the child, otherwise a
  third party's, withheld and labelled by what they are to the child.
- ``THIRD_PARTY``: another person's data held as a value (a carer's name, an employer, the
  adopters): always withheld.
- ``LOCATION``: where the child lives, lived or goes to school (postcodes, settings' URNs,
  school names): always withheld. A parent asking for the child's record while a placement
  order stands must never learn where the child lives; the officer may release the child's
  own locations to a requester entitled and safe to have them, from the officer's list.

Withheld values (``THIRD_PARTY``, ``LOCATION``) are also searched for in free text, wherever
the child's records mention them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.db import models


class Disclosure(StrEnum):
    RELEASED = "released"
    FREE_TEXT = "free text"
    PERSON = "person"
    THIRD_PARTY = "third party"
    LOCATION = "location"


WITHHELD = frozenset({Disclosure.THIRD_PARTY, Disclosure.LOCATION})


@dataclass(frozen=True)
class Rule:
    kind: Disclosure
    what: str = ""  # for a withheld value: what it is, as the replacement says
    names: bool = False  # a withheld value that names people: its name words go too

    @property
    def replacement(self) -> str:
        return f"[redacted: {self.what}]"


UNDECLARED = Rule(Disclosure.THIRD_PARTY, "undeclared field")


def third_party(what: str) -> Rule:
    return Rule(Disclosure.THIRD_PARTY, what)


def carer(what: str) -> Rule:
    """A carer's name: withheld, and each of its names searched for in free text."""
    return Rule(Disclosure.THIRD_PARTY, what, names=True)


def location(what: str) -> Rule:
    return Rule(Disclosure.LOCATION, what)


def _declare(
    released: str = "", text: str = "", person: str = "", **withheld: Rule
) -> dict[str, Rule]:
    declared: dict[str, Rule] = {}
    for names, kind in ((released, Disclosure.RELEASED), (text, Disclosure.FREE_TEXT)):
        declared.update({name: Rule(kind) for name in names.split()})
    declared.update({name: Rule(Disclosure.PERSON) for name in person.split()})
    declared.update(withheld)
    return declared


FIELDS: dict[str, dict[str, Rule]] = {
    # people
    "people.Person": _declare(
        "id kind la_child_id given_name family_name given_name_key family_name_key birth_date "
        "expected_birth_date sex "
        "ethnicity nhs_number upn upn_unknown former_upn death_date is_uasc created_at "
        "record_version",
        home_postcode=location("home postcode"),
    ),
    "people.PersonDisability": _declare("id code", person="person"),
    "people.Relationship": _declare(
        "id kind has_parental_responsibility lives_with_child started_on ended_on",
        person="person relative",
    ),
    # workforce (staff act in their role)
    "workforce.Team": _declare("id name kind parent closed_on"),
    "workforce.Worker": _declare(
        "id user given_name family_name role team swe_number is_agency started_on left_on"
    ),
    "workforce.Allocation": _declare(
        "id worker team kind started_on ended_on reason", person="child"
    ),
    # front door
    "frontdoor.Contact": _declare(
        "id received_at source decision threshold decided_at decided_by consent",
        "reason threshold_rationale consent_dispensed_reason",
        person="child",
    ),
    "frontdoor.EarlyHelpEpisode": _declare(
        "id contact started_on ended_on end_reason lead_worker", "reason", person="child"
    ),
    # protection
    "protection.Referral": _declare(
        "id contact referral_date source primary_need nfa closure_date closure_reason",
        person="child",
    ),
    "protection.Assessment": _declare(
        "id referral started_on child_seen_on internal_review_on authorised_on outcome worker",
        "factors",
        person="child",
    ),
    "protection.StrategyDiscussion": _declare(
        "id referral requested_on held_on outcome chaired_by", "agencies", person="child"
    ),
    "protection.Section47Enquiry": _declare(
        "id referral strategy_discussion started_on completed_on outcome icpc_not_required",
        person="child",
    ),
    "protection.ChildProtectionPlan": _declare(
        "id referral started_on ended_on initial_category latest_category previous_plans_elsewhere",
        person="child",
    ),
    "protection.ChildProtectionConference": _declare(
        "id referral kind section47 plan held_on outcome chair", person="child"
    ),
    "protection.ChildInNeedPlan": _declare("id referral started_on ended_on", person="child"),
    "protection.PreProceedings": _declare(
        "id referral started_on letter_sent_on meeting_on ended_on outcome", person="child"
    ),
    "protection.Visit": _declare(
        "id purpose visited_on worker child_seen seen_alone bedroom_seen struck_out",
        "note",
        person="child",
    ),
    "protection.CoreGroupMeeting": _declare(
        "id child_protection_plan held_on chair", person="child"
    ),
    "protection.ChildInNeedMeeting": _declare(
        "id child_in_need_plan held_on kind chair", person="child"
    ),
    "protection.AllegationToLADO": _declare(
        "id subject_role came_to_attention_on referred_on received_by concluded_on outcome",
        person="child subject_person",
        subject_employer=third_party("employer of the person the allegation is about"),
    ),
    "protection.PrivateFosteringArrangement": _declare(
        "id notified_on arrangement_started_on ended_on end_reason",
        person="child carer",
        carer_name=carer("private foster carer"),
    ),
    "protection.CareProceedings": _declare(
        "id pre_proceedings issued_on court concluded_on outcome", person="child"
    ),
    # chronology
    "chronology.ChronologyEntry": _declare(
        "id occurred_on event record_type record_id", "summary", person="child"
    ),
    "chronology.CaseNote": _declare(
        "id author written_on kind created_at struck_out", "text", person="child"
    ),
    # a mistaken entry corrected or struck out: what it said before is the entry's free text
    # and codes, redacted as the entry's own free text is (decision 0026)
    "chronology.Correction": _declare(
        "id record_type record_id kind by at", "reason before after", person="child"
    ),
    # what a worker typed into a recording form and has not saved yet (decision 0020)
    "web.Draft": _declare("id author form record_version saved_at", "data", person="child"),
    # access and audit
    "access.AccessProfile": _declare("id user role valid_from valid_until must_change_password"),
    "access.RestrictedRecord": _declare(
        "id restricted_at restricted_by named_users", "reason", person="child"
    ),
    "access.BreakGlassAccess": _declare("id user granted_at expires_at", "reason", person="child"),
    # a search that listed the child: who searched is in the audit row it points at
    "access.SearchListing": _declare("id event", person="listed"),
    "access.Notice": _declare("id user created_at read_at", "text", person="child"),
    "access.AuditEvent": _declare(
        "id at username action ip_address previous_hash entry_hash content_hash pruned_on",
        "what detail",
        person="child",
    ),
    # care
    "care.PeriodOfCare": _declare(
        "id started_on ended_on reason_ceased category_of_need",
        person="child",
        home_postcode=location("home postcode"),
    ),
    "care.LegalStatus": _declare("id period started_on code", person="child"),
    "care.Placement": _declare(
        "id period started_on ended_on place provider intended_until_18 change_reason "
        "placement_plan_on",
        person="child",
        carer=carer("carer"),
        urn=location("placement URN"),
        postcode=location("placement postcode"),
    ),
    "care.CarePlan": _declare("id period agreed_on", person="child"),
    "care.CareEpisode": _declare(
        "id period decom rne ls cin place place_provider dec rec reason_place_change",
        person="child",
        home_post=location("home postcode"),
        pl_post=location("placement postcode"),
        urn=location("placement URN"),
    ),
    "care.LookedAfterReview": _declare(
        "id period held_on participation chaired_by",
        "recommendations escalation",
        person="child",
    ),
    "care.HealthAssessment": _declare(
        "id period kind done_on sdq_score sdq_reason", person="child"
    ),
    "care.EducationRecord": _declare(
        "id started_on ended_on",
        person="child",
        school_name=location("school"),
        school_urn=location("school URN"),
    ),
    "care.PersonalEducationPlan": _declare("id period reviewed_on", person="child"),
    "care.MissingEpisode": _declare(
        "id period kind started_at ended_at return_interview_offered "
        "return_interview_accepted return_interview_held_at",
        person="child",
    ),
    "care.UnaccompaniedStatus": _declare("id recorded_on ceased_on", person="child"),
    "care.AdoptionMilestones": _declare(
        "id period decision_on placement_order_on matched_on placed_on adoption_order_on "
        "reversed_on reversed_reason foster_care",
        person="child",
        number_of_adopters=third_party("adopters"),
        sex_of_adopters=third_party("adopters"),
        legal_status_of_adopters=third_party("adopters"),
    ),
    "care.PreviousPermanence": _declare(
        "id period kind la order_year order_month order_day", person="child"
    ),
    "care.Conviction": _declare("id period convicted_on", "offence", person="child"),
    "care.SubstanceMisuse": _declare(
        "id identified_on intervention_offered intervention_received", person="child"
    ),
    "care.FosteringHousehold": _declare(
        "id capacity in_house agency",
        name=carer("foster carer"),
        approved_on=third_party("foster carer"),
        urn=location("fostering household URN"),
    ),
    "care.ResidentialSetting": _declare(
        "id registered kind",
        name=location("residential setting"),
        urn=location("residential setting URN"),
    ),
    "care.UnregisteredPlacementApproval": _declare(
        "id placement approved_by approved_on enhanced_visit_frequency_days", person="child"
    ),
    # leaving care
    "leaving_care.PathwayPlan": _declare("id started_on", person="child"),
    "leaving_care.PathwayPlanReview": _declare("id plan reviewed_on", person="child"),
    "leaving_care.TransitionPlan": _declare("id agreed_on", person="child"),
    "leaving_care.InTouch": _declare("id recorded_on in_touch", person="child"),
    "leaving_care.Activity": _declare("id from_date code", person="child"),
    "leaving_care.Accommodation": _declare("id from_date code suitable", person="child"),
    "leaving_care.StayingPut": _declare(
        "id started_on ended_on", person="child", carer=carer("staying put carer")
    ),
    "leaving_care.Custody": _declare("id from_date to_date", person="child"),
    "leaving_care.Parenthood": _declare("id became_parent_on", person="child"),
    "leaving_care.EssentialDocuments": _declare(
        "id bank_account provisional_licence passport national_insurance_number "
        "health_passport birth_certificate updated_on",
        person="child",
    ),
    "leaving_care.SupportTo25Request": _declare("id requested_on outcome", person="child"),
    "leaving_care.HomelessPresentation": _declare(
        "id presented_on joint_assessment_started_on joint_assessment_completed_on "
        "advocacy_offered advocacy_taken_up outcome outcome_on is_bed_and_breakfast",
        person="child",
        accommodation_used=location("accommodation"),
    ),
    "leaving_care.NEETBarrier": _declare("id recorded_on barrier", "note", person="child"),
    "leaving_care.NEETOffer": _declare("id offered_on kind outcome outcome_on", person="child"),
    # timescales and validation
    "timescales.Obligation": _declare(
        "id rule subject_type subject_id sequence started_on due_on due_at met_on met_at "
        "met_in_time cancelled_on",
        "subject",
        person="child",
    ),
    "validation.ValidationRun": _declare(
        "id kind year rule_year checked_at seconds children rules skipped", "crashed"
    ),
    # Ofsted's register: reference data about settings, never about a child; a setting's
    # name and postcode would say where a child lives, so they are withheld if ever reached
    "providers.Provider": _declare(
        "id provider_type provider_subtype sector registration_status registered_on "
        "deregistered_on local_authority la_code place_codes provider_codes",
        name=location("a setting's name"),
        postcode=location("a setting's postcode"),
        urn=location("a setting's URN"),
    ),
    "providers.RegisterImport": _declare("id imported_at file_name providers operator"),
    "validation.LiveFailure": _declare("id run rule level fields", "message", person="child"),
    # the leaders' figures of complete years, kept (decision 0036): counts, and the children
    # each counts
    "insight.StoredFigure": _declare(
        "id kpi version window numerator denominator total divisor computed_at"
    ),
    "insight.StoredUnit": _declare(
        "id figure numerator denominator total birth_date", person="child"
    ),
    # background jobs (decision 0024): who started which check, its progress and its counts;
    # about no child
    "jobs.Job": _declare(
        "id kind state task_id started_by started_by_name queued_at started_at finished_at "
        "reported_at stage done total result message"
    ),
    # quality of practice (decision 0034): managers' decisions, supervision, audits and
    # feedback are part of the child's record (free text redacted as case notes are); the
    # improvement plan and its board are about no child
    "quality.Oversight": _declare(
        "id manager held_on point created_at", "decision rationale", person="child"
    ),
    "quality.OversightAction": _declare(
        "id oversight owner due_on done_on", "action", person="child"
    ),
    "quality.Supervision": _declare("id worker supervisor held_on created_at", "reflection"),
    "quality.SupervisionCase": _declare("id supervision", "note actions", person="child"),
    "quality.AuditTemplate": _declare("id name"),
    "quality.AuditQuestion": _declare("id template number text theme"),
    "quality.CaseAudit": _declare(
        "id template month seed team stage practitioner status auditor audited_on grade "
        "moderator moderated_on moderated_grade responded_on",
        "summary moderation_note response",
        person="child",
    ),
    "quality.AuditAnswer": _declare("id audit question theme grade", "finding"),
    "quality.LearningAction": _declare("id audit owner due_on done_on", "action"),
    "quality.Feedback": _declare(
        "id received_on source theme sentiment recorded_by", "summary", person="child"
    ),
    "quality.Inspection": _declare("id framework inspected_on published_on overall"),
    "quality.Judgement": _declare("id inspection area grade order"),
    "quality.Recommendation": _declare("id inspection kind number text kpi_codes themes"),
    "quality.ImprovementAction": _declare("id recommendation title owner due_on status evidence"),
    "quality.Milestone": _declare("id action title due_on done_on"),
    "quality.BoardMeeting": _declare("id held_on chair attendees"),
    "quality.BoardDecision": _declare("id meeting recommendation decision"),
}


def declared_fields(model: type[models.Model]) -> list[Any]:
    """The fields a declaration is needed for: every stored field and many-to-many link."""
    return [*model._meta.concrete_fields, *model._meta.many_to_many]


def rule_for(model: type[models.Model], field_name: str) -> Rule:
    """The declaration of one field; ``UNDECLARED`` (withheld) when there is none."""
    return FIELDS.get(model._meta.label, {}).get(field_name, UNDECLARED)
