"""Writes of quality of practice, each one ``@service`` (decision 0019).

What concerns a child emits a domain event (audit trail, chronology and obligations follow
through their subscribers); what concerns no one child (drawing a sample, the improvement plan
and its board, feedback not about one child) appends its own audit row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sightline.access import audit
from sightline.access.models import AuditEvent
from sightline.access.roles import MANAGERS, Role
from sightline.core import rules as journey
from sightline.core.clock import today_or
from sightline.core.events import emit
from sightline.core.writes import service
from sightline.people.models import Person
from sightline.quality import events
from sightline.quality.models import (
    AuditAnswer,
    AuditTemplate,
    BoardDecision,
    BoardMeeting,
    CaseAudit,
    Feedback,
    Grade,
    ImprovementAction,
    Inspection,
    Judgement,
    LearningAction,
    Milestone,
    Oversight,
    OversightAction,
    Recommendation,
    Supervision,
    SupervisionCase,
    Theme,
)
from sightline.quality.queries import sample_population
from sightline.quality.rules import draw_sample, month_seed
from sightline.workforce.models import Worker

OVERSIGHT = "Management oversight"
SUPERVISION = "Supervision"
AUDIT = "Case audit"
FEEDBACK = "Feedback"
PLAN = "Improvement plan"
# Who audits and moderates: managers and senior leaders (quality assurance is theirs).
AUDITORS = frozenset({*MANAGERS, Role.SENIOR_LEADER})
SAMPLERS = frozenset({Role.SERVICE_MANAGER, Role.SENIOR_LEADER})


@dataclass(frozen=True)
class ActionSpec:
    """An action with its owner and due date, as a form gives it."""

    action: str
    owner: Worker | None
    due_on: date | None


def _check_actions(
    record: str, actions: Sequence[ActionSpec], earliest: date, field: str = "actions"
) -> None:
    for n, a in enumerate(actions, start=1):
        journey.require(bool(a.action.strip()), record, f"action_{n}", "describe the action")
        journey.require(a.owner is not None, record, f"owner_{n}", "choose who owns the action")
        journey.require(a.due_on is not None, record, f"due_{n}", "enter the date it is due by")
        journey.not_before(record, f"due_{n}", a.due_on, earliest, "the day it was set")


def _due(a: ActionSpec) -> date:
    assert a.due_on is not None  # _check_actions has refused an action without one
    return a.due_on


def _role(worker: Worker) -> str:
    return str(worker.role)


# --- Management oversight -----------------------------------------------------------------------


@service
def record_oversight(
    *,
    child: Person,
    manager: Worker | None,
    held_on: date,
    point: str,
    decision: str,
    rationale: str,
    actions: Sequence[ActionSpec] = (),
    today: date | None = None,
) -> Oversight:
    today = today_or(today)
    r = OVERSIGHT
    journey.require(
        manager is not None and _role(manager) in MANAGERS,
        r,
        "__all__",
        "only a team or service manager records management oversight",
    )
    assert manager is not None
    journey.require(point in Oversight.Point.values, r, "point", "choose when this oversight is")
    journey.not_future(r, "held_on", held_on, today)
    journey.require(bool(decision.strip()), r, "decision", "write what was decided")
    journey.require(bool(rationale.strip()), r, "rationale", "write why it was decided")
    _check_actions(r, actions, held_on)
    oversight = Oversight.objects.create(
        child=child,
        manager=manager,
        held_on=held_on,
        point=point,
        decision=decision.strip(),
        rationale=rationale.strip(),
    )
    OversightAction.objects.bulk_create(
        OversightAction(
            oversight=oversight,
            child=child,
            action=a.action.strip()[:300],
            owner=a.owner,
            due_on=_due(a),
        )
        for a in actions
    )
    emit(events.oversight_recorded(oversight, len(actions)))
    return oversight


@service
def complete_oversight_action(
    *, action: OversightAction, done_on: date, by: Worker, today: date | None = None
) -> OversightAction:
    today = today_or(today)
    r = "Oversight action"
    journey.require(action.done_on is None, r, "__all__", "the action is already done")
    journey.require(
        by.pk == action.owner_id or _role(by) in MANAGERS,
        r,
        "__all__",
        "only the action's owner or a manager records it done",
    )
    journey.not_future(r, "done_on", done_on, today)
    journey.not_before(r, "done_on", done_on, action.oversight.held_on, "the day it was set")
    action.done_on = done_on
    action.save(update_fields=["done_on"])
    emit(events.oversight_action_done(action))
    return action


# --- Supervision --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseDiscussion:
    child: Person
    note: str
    actions: str = ""


@service
def record_supervision(
    *,
    worker: Worker,
    supervisor: Worker | None,
    held_on: date,
    reflection: str,
    cases: Sequence[CaseDiscussion] = (),
    today: date | None = None,
) -> Supervision:
    today = today_or(today)
    r = SUPERVISION
    journey.require(
        supervisor is not None and _role(supervisor) in MANAGERS,
        r,
        "__all__",
        "only a team or service manager records supervision",
    )
    assert supervisor is not None
    journey.require(supervisor.pk != worker.pk, r, "__all__", "a worker cannot supervise themself")
    journey.not_future(r, "held_on", held_on, today)
    journey.not_before(r, "held_on", held_on, worker.started_on, "the worker started")
    journey.require(bool(reflection.strip()), r, "reflection", "write the reflective discussion")
    journey.require(
        len({c.child.pk for c in cases}) == len(cases), r, "__all__", "a child is listed twice"
    )
    for c in cases:
        journey.require(bool(c.note.strip()), r, f"note_{c.child.pk}", "write what was discussed")
    supervision = Supervision.objects.create(
        worker=worker, supervisor=supervisor, held_on=held_on, reflection=reflection.strip()
    )
    for c in cases:
        case = SupervisionCase.objects.create(
            supervision=supervision, child=c.child, note=c.note.strip(), actions=c.actions.strip()
        )
        emit(events.supervision_discussed(case))
    if not cases:  # about no one child: the supervision is audited as itself
        audit.record(
            AuditEvent.Action.CHANGE,
            f"Supervision of {worker.full_name} by {supervisor.full_name} on {held_on} recorded",
            detail={"record_type": "quality.Supervision", "record_id": supervision.pk},
        )
    return supervision


# --- Case audits --------------------------------------------------------------------------------


@service
def draw_audit_sample(
    *,
    template: AuditTemplate | None,
    month: date,
    size: int,
    by: Worker | None,
    seed: str = "",
    today: date | None = None,
) -> list[CaseAudit]:
    """The month's sample: ``size`` children with an open case on the day it is drawn,
    stratified across teams and stages, random but the same for the same seed (the month by
    default)."""
    today = today_or(today)
    r = AUDIT
    journey.require(
        by is not None and _role(by) in SAMPLERS,
        r,
        "__all__",
        "only a service manager or senior leader draws the audit sample",
    )
    journey.require(size > 0, r, "size", "the sample needs at least one child")
    month = month.replace(day=1)
    journey.not_future(r, "month", month, today)
    if template is None:
        from sightline.quality.templates_default import default_template

        template = default_template()
    journey.require(
        not CaseAudit.objects.filter(template=template, month=month).exists(),
        r,
        "month",
        f"the sample for {month:%B %Y} has been drawn already",
    )
    seed = seed.strip() or month_seed(month)
    population = sample_population(today)
    strata = [((p.team_id, p.stage), p.child_id) for p in population]
    chosen = {child for _, child in draw_sample(strata, size, seed)}
    journey.require(bool(chosen), r, "__all__", "no child has an open case to audit")
    audits = [
        CaseAudit(
            template=template,
            child_id=p.child_id,
            month=month,
            seed=seed,
            team_id=p.team_id,
            stage=p.stage,
            practitioner_id=p.worker_id,
        )
        for p in population
        if p.child_id in chosen
    ]
    CaseAudit.objects.bulk_create(audits)
    audit.record(
        AuditEvent.Action.CHANGE,
        f"Drew the case audit sample for {month:%B %Y}: {len(audits)} children (seed {seed})",
        detail={"seed": seed, "size": size, "listed": sorted(chosen)},
    )
    return list(CaseAudit.objects.filter(template=template, month=month).order_by("pk"))


@dataclass(frozen=True)
class Answer:
    question_id: int
    grade: int | None
    finding: str


@service
def complete_audit(
    *,
    case_audit: CaseAudit,
    auditor: Worker | None,
    audited_on: date,
    answers: Sequence[Answer],
    grade: int | None,
    summary: str,
    learning: Sequence[ActionSpec] = (),
    today: date | None = None,
) -> CaseAudit:
    today = today_or(today)
    r = AUDIT
    journey.require(
        auditor is not None and _role(auditor) in AUDITORS,
        r,
        "__all__",
        "only a manager or senior leader audits a case",
    )
    assert auditor is not None
    journey.require(
        case_audit.status == CaseAudit.Status.SAMPLED, r, "__all__", "the case has been audited"
    )
    journey.require(
        auditor.pk != case_audit.practitioner_id, r, "__all__", "no one audits their own work"
    )
    journey.not_future(r, "audited_on", audited_on, today)
    journey.not_before(r, "audited_on", audited_on, case_audit.month, "the sample's month")
    questions = {q.pk: q for q in case_audit.template.questions.all()}
    given = {a.question_id: a for a in answers}
    for pk in questions:
        a = given.get(pk)
        journey.require(
            a is not None and a.grade in Grade.values, r, f"grade_{pk}", "choose a grade"
        )
        assert a is not None
        journey.require(bool(a.finding.strip()), r, f"finding_{pk}", "write the finding")
    journey.require(grade in Grade.values, r, "grade", "choose the overall grade")
    journey.require(bool(summary.strip()), r, "summary", "write the audit's findings")
    _check_actions(r, learning, audited_on)
    AuditAnswer.objects.bulk_create(
        AuditAnswer(
            audit=case_audit,
            question=questions[pk],
            theme=questions[pk].theme,
            grade=int(given[pk].grade or 0),
            finding=given[pk].finding.strip(),
        )
        for pk in questions
    )
    LearningAction.objects.bulk_create(
        LearningAction(
            audit=case_audit,
            action=a.action.strip()[:300],
            owner=a.owner,
            due_on=_due(a),
        )
        for a in learning
    )
    case_audit.auditor = auditor
    case_audit.audited_on = audited_on
    case_audit.grade = grade
    case_audit.summary = summary.strip()
    case_audit.status = CaseAudit.Status.AUDITED
    case_audit.save(update_fields=["auditor", "audited_on", "grade", "summary", "status"])
    emit(events.case_audited(case_audit))
    return case_audit


@service
def moderate_audit(
    *,
    case_audit: CaseAudit,
    moderator: Worker | None,
    moderated_on: date,
    grade: int | None,
    note: str,
    today: date | None = None,
) -> CaseAudit:
    today = today_or(today)
    r = "Moderation"
    journey.require(
        moderator is not None and _role(moderator) in AUDITORS,
        r,
        "__all__",
        "only a manager or senior leader moderates an audit",
    )
    assert moderator is not None
    journey.require(
        case_audit.status == CaseAudit.Status.AUDITED,
        r,
        "__all__",
        "only an audit completed and not yet moderated can be moderated",
    )
    journey.require(
        moderator.pk != case_audit.auditor_id,
        r,
        "__all__",
        "a second auditor moderates: not the one who audited the case",
    )
    journey.not_future(r, "moderated_on", moderated_on, today)
    journey.not_before(r, "moderated_on", moderated_on, case_audit.audited_on, "the audit")
    journey.require(grade in Grade.values, r, "grade", "choose the moderated grade")
    journey.require(bool(note.strip()), r, "note", "say why the grade stands or changes")
    case_audit.moderator = moderator
    case_audit.moderated_on = moderated_on
    case_audit.moderated_grade = grade
    case_audit.moderation_note = note.strip()
    case_audit.status = CaseAudit.Status.MODERATED
    case_audit.save(
        update_fields=["moderator", "moderated_on", "moderated_grade", "moderation_note", "status"]
    )
    emit(events.audit_moderated(case_audit))
    return case_audit


@service
def respond_to_audit(
    *,
    case_audit: CaseAudit,
    by: Worker | None,
    responded_on: date,
    response: str,
    today: date | None = None,
) -> CaseAudit:
    today = today_or(today)
    r = "Practitioner's response"
    journey.require(
        by is not None and (by.pk == case_audit.practitioner_id or _role(by) in MANAGERS),
        r,
        "__all__",
        "the practitioner whose work was audited, or their manager, records the response",
    )
    journey.require(
        case_audit.status != CaseAudit.Status.SAMPLED,
        r,
        "__all__",
        "the case has not been audited yet",
    )
    journey.require(not case_audit.response, r, "__all__", "the practitioner has responded")
    journey.not_future(r, "responded_on", responded_on, today)
    journey.not_before(r, "responded_on", responded_on, case_audit.audited_on, "the audit")
    journey.require(bool(response.strip()), r, "response", "write the practitioner's response")
    case_audit.response = response.strip()
    case_audit.responded_on = responded_on
    case_audit.save(update_fields=["response", "responded_on"])
    emit(events.audit_responded(case_audit))
    return case_audit


# --- Voice of children and families -------------------------------------------------------------


@service
def record_feedback(
    *,
    received_on: date,
    source: str,
    theme: str,
    sentiment: str,
    summary: str,
    by: Worker | None,
    child: Person | None = None,
    today: date | None = None,
) -> Feedback:
    today = today_or(today)
    r = FEEDBACK
    journey.require(by is not None, r, "__all__", "only a worker records feedback")
    assert by is not None
    journey.require(source in Feedback.Source.values, r, "source", "choose who it is from")
    journey.require(theme in Theme.values, r, "theme", "choose the theme")
    journey.require(
        sentiment in Feedback.Sentiment.values, r, "sentiment", "choose what it says overall"
    )
    journey.not_future(r, "received_on", received_on, today)
    journey.require(bool(summary.strip()), r, "summary", "write what they said")
    feedback = Feedback.objects.create(
        received_on=received_on,
        source=source,
        theme=theme,
        sentiment=sentiment,
        summary=summary.strip(),
        child=child,
        recorded_by=by,
    )
    if child is not None:
        emit(events.feedback_recorded(feedback))
    else:
        audit.record(
            AuditEvent.Action.CHANGE,
            f"Feedback recorded ({feedback.get_source_display()}, {received_on})",
            detail={"record_type": "quality.Feedback", "record_id": feedback.pk},
        )
    return feedback


# --- The improvement plan and its board (about no one child: audited as themselves) ------------


def _audit_plan(what: str, record: Any) -> None:
    audit.record(
        AuditEvent.Action.CHANGE,
        what,
        detail={"record_type": record._meta.label, "record_id": record.pk},
    )


@dataclass(frozen=True)
class RecommendationSpec:
    kind: str
    number: int
    text: str
    kpi_codes: Sequence[str] = ()
    themes: Sequence[str] = ()


@service
def record_inspection(
    *,
    framework: str,
    inspected_on: date,
    published_on: date | None,
    overall: str,
    judgements: Sequence[tuple[str, str]],
    recommendations: Sequence[RecommendationSpec] = (),
) -> Inspection:
    r = "Inspection"
    journey.require(bool(framework.strip()), r, "framework", "name the inspection framework")
    journey.require(bool(overall.strip()), r, "overall", "give the overall grade")
    journey.not_before(r, "published_on", published_on, inspected_on, "the inspection")
    for spec in recommendations:
        journey.require(
            spec.kind in Recommendation.Kind.values, r, "kind", "a recommendation's kind"
        )
        journey.require(
            all(t in Theme.values for t in spec.themes), r, "themes", "an unknown theme"
        )
    inspection = Inspection.objects.create(
        framework=framework.strip(),
        inspected_on=inspected_on,
        published_on=published_on,
        overall=overall.strip(),
    )
    Judgement.objects.bulk_create(
        Judgement(inspection=inspection, area=area, grade=grade, order=n)
        for n, (area, grade) in enumerate(judgements)
    )
    Recommendation.objects.bulk_create(
        Recommendation(
            inspection=inspection,
            kind=spec.kind,
            number=spec.number,
            text=spec.text,
            kpi_codes=list(spec.kpi_codes),
            themes=list(spec.themes),
        )
        for spec in recommendations
    )
    _audit_plan(f"Recorded the inspection {inspection}: {inspection.overall}", inspection)
    return inspection


@service
def add_improvement_action(
    *,
    recommendation: Recommendation,
    title: str,
    owner: str,
    due_on: date,
    status: str = ImprovementAction.Status.NOT_STARTED,
    evidence: str = "",
    milestones: Sequence[tuple[str, date, date | None]] = (),
) -> ImprovementAction:
    r = "Improvement action"
    journey.require(bool(title.strip()), r, "title", "describe the action")
    journey.require(bool(owner.strip()), r, "owner", "name who owns it")
    journey.require(status in ImprovementAction.Status.values, r, "status", "choose a status")
    action = ImprovementAction.objects.create(
        recommendation=recommendation,
        title=title.strip(),
        owner=owner.strip(),
        due_on=due_on,
        status=status,
        evidence=evidence.strip(),
    )
    Milestone.objects.bulk_create(
        Milestone(action=action, title=t, due_on=d, done_on=done) for t, d, done in milestones
    )
    _audit_plan(f"Added the improvement action {action.title!r} to {recommendation}", action)
    return action


@service
def update_improvement_action(
    *, action: ImprovementAction, status: str, evidence: str
) -> ImprovementAction:
    r = "Improvement action"
    journey.require(status in ImprovementAction.Status.values, r, "status", "choose a status")
    action.status = status
    action.evidence = evidence.strip()
    action.save(update_fields=["status", "evidence"])
    _audit_plan(f"Improvement action {action.title!r} now {action.get_status_display()}", action)
    return action


@service
def record_board_meeting(
    *,
    held_on: date,
    chair: str,
    attendees: Sequence[str],
    decisions: Sequence[tuple[Recommendation | None, str]] = (),
    today: date | None = None,
) -> BoardMeeting:
    today = today_or(today)
    r = "Improvement board"
    journey.not_future(r, "held_on", held_on, today)
    journey.require(bool(chair.strip()), r, "chair", "name the chair")
    journey.require(
        not BoardMeeting.objects.filter(held_on=held_on).exists(),
        r,
        "held_on",
        "a meeting on this day is recorded already",
    )
    meeting = BoardMeeting.objects.create(
        held_on=held_on, chair=chair.strip(), attendees=[a.strip() for a in attendees if a.strip()]
    )
    BoardDecision.objects.bulk_create(
        BoardDecision(meeting=meeting, recommendation=rec, decision=text) for rec, text in decisions
    )
    _audit_plan(f"Recorded the improvement board of {held_on}", meeting)
    return meeting
