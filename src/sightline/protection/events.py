"""The domain events of help and protection, built one way for services and bulk writers."""

from __future__ import annotations

from sightline.core import dates
from sightline.core.codes import ReferralSource, label
from sightline.core.events import DomainEvent, EventName
from sightline.core.events import record_event as _event
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


def referral_opened(r: Referral) -> DomainEvent:
    text = f"Referral received from {label(ReferralSource, r.source).lower()}"
    if r.nfa:
        text += "; no further action"
    return _event(EventName.REFERRAL_OPENED, r, r.child_id, r.referral_date, text)


def referral_closed(r: Referral) -> DomainEvent:
    assert r.closure_date is not None
    return _event(
        EventName.REFERRAL_CLOSED,
        r,
        r.child_id,
        r.closure_date,
        f"Case closed: {r.get_closure_reason_display().lower()}",
    )


def assessment_started(a: Assessment) -> DomainEvent:
    return _event(EventName.ASSESSMENT_STARTED, a, a.child_id, a.started_on, "Assessment started")


def assessment_authorised(a: Assessment) -> DomainEvent:
    assert a.authorised_on is not None
    return _event(
        EventName.ASSESSMENT_AUTHORISED,
        a,
        a.child_id,
        a.authorised_on,
        f"Assessment authorised: {a.get_outcome_display().lower()}",
    )


def strategy_discussion_held(s: StrategyDiscussion) -> DomainEvent:
    return _event(
        EventName.STRATEGY_DISCUSSION_HELD,
        s,
        s.child_id,
        s.held_on,
        f"Strategy discussion held: {s.get_outcome_display().lower()}",
    )


def section47_started(e: Section47Enquiry) -> DomainEvent:
    return _event(
        EventName.SECTION47_STARTED, e, e.child_id, e.started_on, "Section 47 enquiry started"
    )


def section47_completed(e: Section47Enquiry) -> DomainEvent:
    assert e.completed_on is not None
    outcome = e.get_outcome_display().lower() if e.outcome else "closed with the case"
    return _event(
        EventName.SECTION47_COMPLETED,
        e,
        e.child_id,
        e.completed_on,
        f"Section 47 enquiry completed: {outcome}",
    )


def conference_held(c: ChildProtectionConference) -> DomainEvent:
    return _event(
        EventName.CONFERENCE_HELD,
        c,
        c.child_id,
        c.held_on,
        f"{c.get_kind_display()} held: {c.get_outcome_display().lower()}",
    )


def cp_plan_started(p: ChildProtectionPlan) -> DomainEvent:
    return _event(
        EventName.CP_PLAN_STARTED,
        p,
        p.child_id,
        p.started_on,
        f"Child protection plan started: {p.get_initial_category_display().lower()}",
    )


def cp_plan_ended(p: ChildProtectionPlan) -> DomainEvent:
    assert p.ended_on is not None
    return _event(EventName.CP_PLAN_ENDED, p, p.child_id, p.ended_on, "Child protection plan ended")


def cin_plan_started(p: ChildInNeedPlan) -> DomainEvent:
    return _event(
        EventName.CIN_PLAN_STARTED, p, p.child_id, p.started_on, "Child in need plan started"
    )


def cin_plan_ended(p: ChildInNeedPlan) -> DomainEvent:
    assert p.ended_on is not None
    return _event(EventName.CIN_PLAN_ENDED, p, p.child_id, p.ended_on, "Child in need plan ended")


def pre_proceedings_started(p: PreProceedings) -> DomainEvent:
    return _event(
        EventName.PRE_PROCEEDINGS_STARTED,
        p,
        p.child_id,
        p.started_on,
        "Decision to enter pre-proceedings (Public Law Outline)",
    )


def pre_proceedings_ended(p: PreProceedings) -> DomainEvent:
    assert p.ended_on is not None
    outcome = p.get_outcome_display().lower() if p.outcome else "closed with the case"
    return _event(
        EventName.PRE_PROCEEDINGS_ENDED,
        p,
        p.child_id,
        p.ended_on,
        f"Pre-proceedings ended: {outcome}",
    )


def visit_recorded(v: Visit) -> DomainEvent:
    if not v.child_seen:
        seen = "child not seen"
    elif v.seen_alone:
        seen = "child seen alone"
    else:
        seen = "child seen"
    return _event(
        EventName.VISIT_RECORDED,
        v,
        v.child_id,
        v.visited_on,
        f"{label(Visit.Purpose, v.purpose)}: {seen}",
    )


# --- Records the statutory timescales need (issue 5) ----------------------------------------


def core_group_meeting_held(m: CoreGroupMeeting) -> DomainEvent:
    return _event(
        EventName.CORE_GROUP_MEETING_HELD, m, m.child_id, m.held_on, "Core group meeting held"
    )


def cin_meeting_held(m: ChildInNeedMeeting) -> DomainEvent:
    return _event(
        EventName.CHILD_IN_NEED_MEETING_HELD,
        m,
        m.child_id,
        m.held_on,
        f"{m.get_kind_display()} held",
    )


def lado_allegation_recorded(a: AllegationToLADO) -> DomainEvent:
    return _event(
        EventName.LADO_ALLEGATION_RECORDED,
        a,
        a.child_id,
        a.referred_on,
        f"Allegation against a person working with the child ({a.subject_role}) "
        "referred to the LADO",
    )


def lado_allegation_concluded(a: AllegationToLADO) -> DomainEvent:
    assert a.concluded_on is not None
    return _event(
        EventName.LADO_ALLEGATION_CONCLUDED,
        a,
        a.child_id,
        a.concluded_on,
        f"Allegation to the LADO concluded: {a.get_outcome_display().lower()}",
    )


def private_fostering_notified(p: PrivateFosteringArrangement) -> DomainEvent:
    if p.arrangement_started_on > p.notified_on:
        text = (
            "Proposed private fostering arrangement notified "
            f"(to start {dates.day(p.arrangement_started_on)})"
        )
    else:
        text = "Private fostering arrangement notified"
    return _event(EventName.PRIVATE_FOSTERING_NOTIFIED, p, p.child_id, p.notified_on, text)


def private_fostering_ended(p: PrivateFosteringArrangement) -> DomainEvent:
    assert p.ended_on is not None
    return _event(
        EventName.PRIVATE_FOSTERING_ENDED,
        p,
        p.child_id,
        p.ended_on,
        f"Private fostering arrangement ended: {p.get_end_reason_display().lower()}",
    )


def care_proceedings_issued(c: CareProceedings) -> DomainEvent:
    text = "Care proceedings issued" + (f" in {c.court}" if c.court else "")
    return _event(EventName.CARE_PROCEEDINGS_ISSUED, c, c.child_id, c.issued_on, text)


def care_proceedings_concluded(c: CareProceedings) -> DomainEvent:
    assert c.concluded_on is not None
    return _event(
        EventName.CARE_PROCEEDINGS_CONCLUDED,
        c,
        c.child_id,
        c.concluded_on,
        f"Care proceedings concluded: {c.get_outcome_display().lower()}",
    )
