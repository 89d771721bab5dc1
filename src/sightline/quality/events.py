"""The domain events of quality of practice: what reaches the child's chronology."""

from __future__ import annotations

from sightline.core.codes import label
from sightline.core.events import DomainEvent, EventName
from sightline.core.events import record_event as _event
from sightline.quality.models import (
    CaseAudit,
    Feedback,
    Grade,
    Oversight,
    OversightAction,
    SupervisionCase,
)


def _short(text: str, n: int = 180) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def oversight_recorded(o: Oversight, actions: int) -> DomainEvent:
    text = f"{label(Oversight.Point, o.point)} by {o.manager.full_name}: {_short(o.decision)}"
    if actions:
        text += f" ({actions} action{'s' if actions != 1 else ''} set)"
    return _event(EventName.OVERSIGHT_RECORDED, o, o.child_id, o.held_on, text)


def oversight_action_done(a: OversightAction) -> DomainEvent:
    assert a.done_on is not None
    text = f"Done: {_short(a.action)} ({a.owner.full_name})"
    return _event(EventName.OVERSIGHT_ACTION_DONE, a, a.child_id, a.done_on, text)


def supervision_discussed(case: SupervisionCase) -> DomainEvent:
    s = case.supervision
    text = (
        f"Discussed in {s.worker.full_name}'s supervision with {s.supervisor.full_name}: "
        f"{_short(case.note)}"
    )
    if case.actions.strip():
        text += f" Actions: {_short(case.actions, 80)}"
    return _event(EventName.SUPERVISION_DISCUSSED, case, case.child_id, s.held_on, text)


def case_audited(a: CaseAudit) -> DomainEvent:
    assert a.audited_on is not None and a.auditor is not None
    text = f"Case audit by {a.auditor.full_name}: graded {label(Grade, a.grade).lower()}"
    return _event(EventName.CASE_AUDITED, a, a.child_id, a.audited_on, text)


def audit_moderated(a: CaseAudit) -> DomainEvent:
    assert a.moderated_on is not None and a.moderator is not None
    agreed = a.moderated_grade == a.grade
    text = f"Case audit moderated by {a.moderator.full_name}: " + (
        f"grade agreed ({label(Grade, a.grade).lower()})"
        if agreed
        else f"grade changed from {label(Grade, a.grade).lower()} to "
        f"{label(Grade, a.moderated_grade).lower()}"
    )
    return _event(EventName.AUDIT_MODERATED, a, a.child_id, a.moderated_on, text)


def audit_responded(a: CaseAudit) -> DomainEvent:
    assert a.responded_on is not None
    text = f"Practitioner's response to the case audit: {_short(a.response)}"
    return _event(EventName.AUDIT_RESPONDED, a, a.child_id, a.responded_on, text)


def feedback_recorded(f: Feedback) -> DomainEvent:
    assert f.child_id is not None
    text = f"{label(Feedback.Source, f.source)}: {_short(f.summary)}"
    return _event(EventName.FEEDBACK_RECORDED, f, f.child_id, f.received_on, text)
