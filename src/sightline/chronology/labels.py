"""Plain words for each kind of chronology entry: one mapping, so that a new event cannot be
shown as its class name split into words ("N e e t barrier recorded").

``tests/chronology/test_labels.py`` requires a label for every ``EventName``: add one here with
every new event. ``MEETINGS`` are the kinds the record's "plans and meetings" tab lists.
"""

from __future__ import annotations

import re

from sightline.core.events import EventName

E = EventName

EVENT_LABELS: dict[EventName, str] = {
    E.PERSON_REGISTERED: "Registered",
    E.ADULT_REGISTERED: "Adult registered",
    E.RELATIONSHIP_RECORDED: "Relationship recorded",
    E.PERSON_DIED: "Death recorded",
    E.RECORD_RESTRICTED: "Record restricted",
    E.CONTACT_RECEIVED: "Contact received",
    E.CONTACT_DECIDED: "Contact decided",
    E.EARLY_HELP_STARTED: "Early help started",
    E.EARLY_HELP_ENDED: "Early help ended",
    E.REFERRAL_OPENED: "Referral received",
    E.REFERRAL_CLOSED: "Episode closed",
    E.ASSESSMENT_STARTED: "Assessment started",
    E.ASSESSMENT_AUTHORISED: "Assessment authorised",
    E.STRATEGY_DISCUSSION_HELD: "Strategy discussion held",
    E.SECTION47_STARTED: "Section 47 enquiry started",
    E.SECTION47_COMPLETED: "Section 47 enquiry completed",
    E.CONFERENCE_HELD: "Child protection conference held",
    E.CP_PLAN_STARTED: "Child protection plan started",
    E.CP_PLAN_ENDED: "Child protection plan ended",
    E.CIN_PLAN_STARTED: "Child in need plan started",
    E.CIN_PLAN_ENDED: "Child in need plan ended",
    E.VISIT_RECORDED: "Visit recorded",
    E.PRE_PROCEEDINGS_STARTED: "Pre-proceedings started",
    E.PRE_PROCEEDINGS_ENDED: "Pre-proceedings ended",
    E.WORKER_ALLOCATED: "Worker allocated",
    E.ALLOCATION_ENDED: "Worker's allocation ended",
    E.CASE_NOTE_WRITTEN: "Case note",
    E.CARE_STARTED: "Started to be looked after",
    E.LEGAL_STATUS_CHANGED: "Legal status changed",
    E.PLACEMENT_CHANGED: "Placement changed",
    E.CARE_ENDED: "Stopped being looked after",
    E.LOOKED_AFTER_REVIEW_HELD: "Looked-after review held",
    E.HEALTH_CHECK_RECORDED: "Health check",
    E.SCHOOL_RECORDED: "School recorded",
    E.PEP_REVIEWED: "Personal education plan reviewed",
    E.MISSING_STARTED: "Missing from care",
    E.MISSING_ENDED: "Returned after being missing",
    E.RETURN_INTERVIEW_RECORDED: "Return interview",
    E.UASC_RECORDED: "Recorded as an unaccompanied asylum-seeking child",
    E.UASC_CEASED: "No longer an unaccompanied asylum-seeking child",
    E.ADOPTION_MILESTONE_RECORDED: "Adoption step",
    E.ADOPTERS_RECORDED: "Adopters recorded",
    E.PREVIOUS_PERMANENCE_RECORDED: "Previous permanence recorded",
    E.UNREGISTERED_PLACEMENT_APPROVED: "Unregistered placement approved",
    E.PATHWAY_PLAN_STARTED: "Pathway plan started",
    E.PATHWAY_PLAN_REVIEWED: "Pathway plan reviewed",
    E.CARE_LEAVER_IN_TOUCH_RECORDED: "Keeping in touch",
    E.CARE_LEAVER_ACTIVITY_RECORDED: "Education, training or work",
    E.CARE_LEAVER_ACCOMMODATION_RECORDED: "Accommodation",
    E.HOMELESS_PRESENTED: "Presented as homeless",
    E.HOMELESS_ADVOCACY_RECORDED: "Advocacy offered (homelessness)",
    E.HOMELESS_ASSESSMENT_STARTED: "Joint homelessness assessment started",
    E.HOMELESS_ASSESSMENT_COMPLETED: "Joint homelessness assessment completed",
    E.HOMELESS_OUTCOME_RECORDED: "Homelessness outcome",
    E.NEET_BARRIER_RECORDED: "Barrier to education, training or work",
    E.NEET_OFFER_MADE: "Offer of education, training or work",
    E.NEET_OFFER_OUTCOME_RECORDED: "Outcome of an offer of education, training or work",
    E.CARE_PLAN_RECORDED: "Care plan",
    E.PLACEMENT_PLAN_RECORDED: "Placement plan",
    E.TRANSITION_PLAN_RECORDED: "Transition plan",
    E.STAYING_PUT_STARTED: "Staying put started",
    E.STAYING_PUT_ENDED: "Staying put ended",
    E.CUSTODY_RECORDED: "Custody",
    E.PARENTHOOD_RECORDED: "Became a parent",
    E.ESSENTIAL_DOCUMENTS_UPDATED: "Essential documents",
    E.SUPPORT_TO_25_REQUESTED: "Support to 25 asked for",
    E.CORE_GROUP_MEETING_HELD: "Core group meeting held",
    E.CHILD_IN_NEED_MEETING_HELD: "Child in need meeting held",
    E.LADO_ALLEGATION_RECORDED: "Allegation referred to the LADO",
    E.LADO_ALLEGATION_CONCLUDED: "Allegation to the LADO concluded",
    E.PRIVATE_FOSTERING_NOTIFIED: "Private fostering notified",
    E.PRIVATE_FOSTERING_ENDED: "Private fostering ended",
    E.CARE_PROCEEDINGS_ISSUED: "Care proceedings issued",
    E.CARE_PROCEEDINGS_CONCLUDED: "Care proceedings concluded",
    E.CONVICTION_RECORDED: "Conviction",
    E.SUBSTANCE_MISUSE_RECORDED: "Substance misuse",
    E.ENTRY_CORRECTED: "Entry corrected",
    E.ENTRY_STRUCK_OUT: "Entry struck out",
    E.OVERSIGHT_RECORDED: "Management oversight",
    E.OVERSIGHT_ACTION_DONE: "Management oversight action done",
    E.SUPERVISION_DISCUSSED: "Discussed in supervision",
    E.CASE_AUDITED: "Case audit",
    E.AUDIT_MODERATED: "Case audit moderated",
    E.AUDIT_RESPONDED: "Practitioner's response to a case audit",
    E.FEEDBACK_RECORDED: "Feedback from the child or family",
}

# Meetings and reviews held about the child: the "plans and meetings" tab lists these entries.
MEETINGS: frozenset[str] = frozenset(
    {
        E.STRATEGY_DISCUSSION_HELD,
        E.CONFERENCE_HELD,
        E.CORE_GROUP_MEETING_HELD,
        E.CHILD_IN_NEED_MEETING_HELD,
        E.LOOKED_AFTER_REVIEW_HELD,
        E.PEP_REVIEWED,
        E.PATHWAY_PLAN_REVIEWED,
    }
)


def event_label(event: str) -> str:
    """The plain words for a kind of entry. A name with no label (an entry imported from
    elsewhere) is split into words, keeping runs of capitals together ("NEET barrier")."""
    known = EVENT_LABELS.get(event)  # type: ignore[call-overload]
    if known is not None:
        return known
    words = re.findall(r"[A-Z]+(?=[A-Z][a-z]|\d|\b)|[A-Z]?[a-z]+|\d+", event or "")
    if not words:
        return event or ""
    text = " ".join(word if word.isupper() and len(word) > 1 else word.lower() for word in words)
    return text[0].upper() + text[1:]
