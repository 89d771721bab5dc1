"""Supervision (issue 17 item 2) and case audits (item 3): the supervisor's obligation per
worker, the case-level part on each child's record; the monthly sample drawn reproducibly and
stratified, moderation by a second auditor, the practitioner's response, roll-ups with trend,
and feedback beside the audit findings of its theme (item 4)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from sightline.access.roles import Role
from sightline.chronology.models import ChronologyEntry
from sightline.people.models import Person
from sightline.quality import services as quality
from sightline.quality.models import AuditTemplate, CaseAudit, Supervision
from sightline.quality.queries import roll_up, sample_population, supervision_by_worker
from sightline.quality.templates_default import default_template
from sightline.workforce.models import Allocation, Team, Worker
from tests.factories import ChildFactory, TeamFactory, WorkerFactory
from tests.web.factories import ChildProtectionPlanFactory, ReferralFactory
from tests.web.recording_helpers import date_fields, staff

D = date.fromisoformat
TODAY = D("2026-11-23")


def allocate(child: Person, worker: Worker) -> None:
    Allocation.objects.create(
        child=child,
        worker=worker,
        team=worker.team,
        kind=Allocation.Kind.SOCIAL_WORKER,
        started_on=D("2026-01-05"),
        reason="FCONTA",
    )


@pytest.fixture
def manager(team: Team) -> Worker:
    return WorkerFactory(team=team, role=Worker.Role.TEAM_MANAGER, started_on=D("2012-01-02"))


# --- Supervision ------------------------------------------------------------------------------


def test_supervision_covering_children_puts_each_child_s_part_on_their_record_and_meets_the_due(
    team: Team, manager: Worker, worker: Worker
) -> None:
    children = [ChildFactory(given_name=n) for n in ("Ava", "Ben", "Cal")]
    before = {r.worker.pk: r for r in supervision_by_worker({team.pk}, TODAY)}
    assert before[worker.pk].last_held is None
    assert before[worker.pk].due.overdue  # started in 2018, never supervised here
    quality.record_supervision(
        worker=worker,
        supervisor=manager,
        held_on=D("2026-11-16"),
        reflection="Talked about the weight of the court work.",
        cases=[
            quality.CaseDiscussion(c, f"{c.given_name}: plan on track.", "Review") for c in children
        ],
        today=TODAY,
    )
    for child in children:
        [entry] = ChronologyEntry.objects.filter(child=child, event="DiscussedInSupervision")
        assert entry.occurred_on == D("2026-11-16")
        assert f"{child.given_name}: plan on track." in entry.summary
        assert f"{worker.full_name}'s supervision" in entry.summary
    after = {r.worker.pk: r for r in supervision_by_worker({team.pk}, TODAY)}
    row = after[worker.pk]
    assert (row.last_held, row.cases_discussed, row.due.overdue) == (D("2026-11-16"), 3, False)
    assert row.due.due_on == D("2026-12-28")  # six weeks: an experienced worker


def test_a_worker_is_not_their_own_supervisor_and_a_social_worker_supervises_no_one(
    team: Team, worker: Worker, manager: Worker, refused: Callable[..., Any]
) -> None:
    other = WorkerFactory(team=team)
    common: dict[str, Any] = {"held_on": D("2026-11-16"), "reflection": "x", "today": TODAY}
    with refused("Supervision", "__all__"):
        quality.record_supervision(worker=manager, supervisor=manager, **common)
    with refused("Supervision", "__all__"):
        quality.record_supervision(worker=other, supervisor=worker, **common)


@pytest.mark.django_db
def test_a_manager_records_supervision_covering_three_children_from_the_supervision_page(
    team: Team,
) -> None:
    user, manager = staff("tm.super", Role.TEAM_MANAGER, team)
    _, practitioner = staff("sw.super", Role.SOCIAL_WORKER, team)
    children = [ChildFactory(given_name=n) for n in ("Ava", "Ben", "Cal", "Dot")]
    for child in children:
        allocate(child, practitioner)
    client = Client()
    client.force_login(user)
    listing = client.get(reverse("quality-supervision")).content.decode()
    url = reverse("quality-record-supervision", args=[practitioner.pk])
    assert url in listing
    form = client.get(url)
    assert form.status_code == 200
    data = {**date_fields("held_on", TODAY), "reflection": "Reflective discussion."}
    for child in children[:3]:
        data[f"note_{child.pk}"] = f"Discussed {child.given_name}."
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    supervision = Supervision.objects.get(worker=practitioner)
    assert supervision.supervisor == manager
    assert sorted(c.child.given_name for c in supervision.cases.all()) == ["Ava", "Ben", "Cal"]
    empty = client.post(url, {**date_fields("held_on", TODAY), "reflection": ""})
    assert "Write the reflective discussion" in empty.content.decode()


# --- Case audits ------------------------------------------------------------------------------


@pytest.fixture
def authority(db: None) -> dict[str, Any]:
    """Three teams, 24 children with an open case across stages, a senior leader who draws
    the sample and two managers who audit and moderate."""
    teams = [TeamFactory(name=f"Team {n}") for n in "ABC"]
    workers = [WorkerFactory(team=t) for t in teams]
    children = []
    for n in range(24):
        child = ChildFactory()
        allocate(child, workers[n % 3])
        if n % 4 == 0:
            ChildProtectionPlanFactory(referral=ReferralFactory(child=child))
        children.append(child)
    leader = WorkerFactory(team=teams[0], role=Worker.Role.SENIOR_LEADER)
    first = WorkerFactory(team=teams[0], role=Worker.Role.TEAM_MANAGER)
    second = WorkerFactory(team=teams[1], role=Worker.Role.SERVICE_MANAGER)
    return {"teams": teams, "workers": workers, "leader": leader, "first": first, "second": second}


def draw(a: dict[str, Any], seed: str = "", month: str = "2026-11-01") -> list[CaseAudit]:
    return quality.draw_audit_sample(
        template=None, month=D(month), size=6, by=a["leader"], seed=seed, today=TODAY
    )


def test_the_monthly_sample_is_stratified_across_teams_and_stages_and_reproducible(
    authority: dict[str, Any],
) -> None:
    population = sample_population(TODAY)
    assert {(p.stage) for p in population} == {"cp", "assessment"}
    sample = draw(authority)
    assert len(sample) == 6
    strata = {(a.team_id, a.stage) for a in sample}
    assert strata == {(p.team_id, p.stage) for p in population}  # all six strata
    chosen = sorted(a.child_id for a in sample)
    CaseAudit.objects.all().delete()
    assert sorted(a.child_id for a in draw(authority)) == chosen  # the same seed: the same
    assert sorted(a.child_id for a in draw(authority, month="2026-10-01")) != chosen


def test_a_month_s_sample_is_drawn_once_and_only_by_a_service_manager_or_senior_leader(
    authority: dict[str, Any], refused: Callable[..., Any]
) -> None:
    draw(authority)
    with refused("Case audit", "month"):
        draw(authority)
    with refused("Case audit", "__all__"):
        quality.draw_audit_sample(
            template=None, month=D("2026-10-01"), size=3, by=authority["first"], today=TODAY
        )


def complete(case_audit: CaseAudit, auditor: Worker, grade: int, on: str = "2026-11-10") -> None:
    quality.complete_audit(
        case_audit=case_audit,
        auditor=auditor,
        audited_on=D(on),
        answers=[
            quality.Answer(q.pk, grade, f"Finding {q.number}")
            for q in case_audit.template.questions.all()
        ],
        grade=grade,
        summary="What the audit found.",
        learning=[quality.ActionSpec("Reflective session", case_audit.practitioner, D(on))],
        today=TODAY,
    )


def test_an_audit_is_moderated_by_a_second_auditor_who_may_change_the_grade(
    authority: dict[str, Any], refused: Callable[..., Any]
) -> None:
    case_audit = draw(authority)[0]
    complete(case_audit, authority["first"], 3)
    with refused("Moderation", "__all__"):  # not the auditor
        quality.moderate_audit(
            case_audit=case_audit,
            moderator=authority["first"],
            moderated_on=D("2026-11-12"),
            grade=2,
            note="x",
            today=TODAY,
        )
    quality.moderate_audit(
        case_audit=case_audit,
        moderator=authority["second"],
        moderated_on=D("2026-11-12"),
        grade=2,
        note="The plan's actions are dated: good.",
        today=TODAY,
    )
    case_audit.refresh_from_db()
    assert (case_audit.status, case_audit.grade, case_audit.final_grade) == ("moderated", 3, 2)
    summaries = ChronologyEntry.objects.filter(child=case_audit.child).values_list(
        "summary", flat=True
    )
    assert any("grade changed from requires improvement to good" in s for s in summaries)
    quality.respond_to_audit(
        case_audit=case_audit,
        by=case_audit.practitioner,
        responded_on=D("2026-11-13"),
        response="I agree with the findings.",
        today=TODAY,
    )
    with refused("Practitioner's response", "__all__"):  # once
        quality.respond_to_audit(
            case_audit=case_audit,
            by=case_audit.practitioner,
            responded_on=D("2026-11-14"),
            response="Again.",
            today=TODAY,
        )


def test_every_question_needs_a_grade_and_a_finding(
    authority: dict[str, Any], refused: Callable[..., Any]
) -> None:
    case_audit = draw(authority)[0]
    questions = list(case_audit.template.questions.all())
    with refused("Case audit", f"grade_{questions[1].pk}"):
        quality.complete_audit(
            case_audit=case_audit,
            auditor=authority["first"],
            audited_on=D("2026-11-10"),
            answers=[quality.Answer(questions[0].pk, 2, "ok")],
            grade=2,
            summary="x",
            today=TODAY,
        )


def test_findings_roll_up_by_theme_team_stage_and_month_with_the_moderated_grade_and_trend(
    authority: dict[str, Any],
) -> None:
    october = draw(authority, month="2026-10-01")
    november = draw(authority)
    for a in october:
        complete(a, authority["first"], 3, "2026-10-20")  # requires improvement
    for n, a in enumerate(november):
        complete(a, authority["first"], 2 if n < 4 else 4)  # 4 good, 2 inadequate
    quality.moderate_audit(
        case_audit=november[5],
        moderator=authority["second"],
        moderated_on=D("2026-11-12"),
        grade=2,
        note="Better than graded.",
        today=TODAY,
    )
    quality.record_feedback(
        received_on=D("2026-11-05"),
        source="participation",
        theme="voice",
        sentiment="negative",
        summary="We don't always know who our worker is.",
        by=authority["first"],
        today=TODAY,
    )
    roll = roll_up(D("2026-11-01"), months=3)
    assert roll.months == [D("2026-09-01"), D("2026-10-01"), D("2026-11-01")]
    assert roll.overall.by_month == [None, 0.0, 5 / 6]
    assert (roll.overall.audits, roll.overall.trend) == (12, "improving")
    voice = next(r for r in roll.by_theme if r.key == "voice")
    assert voice.by_month == [None, 0.0, 4 / 6]  # answers keep the auditor's grade
    assert roll.feedback["voice"]["negative"] == 1
    assert sum(r.audits for r in roll.by_team) == 12 and len(roll.by_team) == 3
    assert {r.key for r in roll.by_stage} == {"cp", "assessment"}


@pytest.mark.django_db
def test_an_auditor_completes_an_audit_and_a_second_moderates_it_through_the_pages(
    authority: dict[str, Any],
) -> None:
    from django.contrib.auth import get_user_model

    from sightline.access.models import AccessProfile

    def user_for(worker: Worker, role: Role) -> Client:
        user = get_user_model().objects.create_user(f"u{worker.pk}")
        worker.user = user
        worker.save()
        AccessProfile.objects.create(user=user, role=role.value)
        client = Client()
        client.force_login(user)
        return client

    leader = user_for(authority["leader"], Role.SENIOR_LEADER)
    response = leader.post(
        reverse("quality-audits"), {**date_fields("month", D("2026-11-01")), "size": "6"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    # an audit of a child of the auditor's own team: the only children they may read
    case_audit = CaseAudit.objects.filter(team=authority["teams"][1]).order_by("pk").first()
    assert case_audit is not None
    template = AuditTemplate.objects.get(pk=default_template().pk)
    auditor = user_for(authority["second"], Role.SERVICE_MANAGER)
    url = reverse("quality-audit", args=[case_audit.pk])
    data = {**date_fields("audited_on", TODAY), "grade": "2", "summary": "Good practice."}
    for q in template.questions.all():
        data |= {f"grade_{q.pk}": "2", f"finding_{q.pk}": f"Seen: {q.number}"}
    assert auditor.post(url, data).status_code == 302
    moderator = leader
    page = reverse("quality-audit-moderate", args=[case_audit.pk])
    response = moderator.post(
        page, {**date_fields("moderated_on", TODAY), "grade": "1", "note": "Outstanding."}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    case_audit.refresh_from_db()
    assert (case_audit.grade, case_audit.moderated_grade) == (2, 1)
    findings = leader.get(reverse("quality-findings")).content.decode()
    assert "Management oversight and supervision" in findings
