"""The quality pages (issue 17, decision 0034): thin views over ``queries`` and ``services``,
for managers and leaders (``may_see_quality``), every child read through the access policy
and every list of children audited."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from sightline.access import audit
from sightline.access.policy import Viewer, viewer_for, visible_children
from sightline.access.roles import AUTHORITY_WIDE, MANAGERS, Role
from sightline.core.errors import JourneyError
from sightline.insight.catalogue import KPIS
from sightline.insight.queries import may_see_figures
from sightline.people.models import Person
from sightline.quality import queries, services
from sightline.quality.forms import (
    AuditForm,
    FeedbackForm,
    ModerationForm,
    ResponseForm,
    SampleForm,
    SupervisionForm,
)
from sightline.quality.models import CaseAudit, Feedback, Grade, Stage, Theme
from sightline.quality.rules import supervision_standard
from sightline.web.journeys.oversight import owner_choices
from sightline.web.pagination import paginate_request, whole_number
from sightline.workforce.models import Allocation, Team, Worker, current_on

LEADERS = frozenset({Role.SENIOR_LEADER, Role.PERFORMANCE_ANALYST})
WEEKS = (2, 4, 6, 8, 12)
PER_PAGE = 50


def may_see_quality(viewer: Viewer) -> bool:
    """Oversight figures, supervision, audits and board papers are for managers (of a team)
    and leaders, not for every worker (issue 17); the navigation asks the same question."""
    if not viewer.active:
        return False
    return viewer.role in LEADERS or (viewer.role in MANAGERS and bool(viewer.team_ids))


def may_draw_sample(viewer: Viewer) -> bool:
    return viewer.active and viewer.role in services.SAMPLERS and viewer.worker_id is not None


def may_audit(viewer: Viewer) -> bool:
    return viewer.active and viewer.role in services.AUDITORS and viewer.worker_id is not None


def _refused(request: HttpRequest, page: str, why: str) -> HttpResponse:
    return render(request, "quality/refused.html", {"page": page, "why": why}, status=403)


READERS_ONLY = "These pages are for team and service managers and senior leaders."


def _team_ids(viewer: Viewer) -> set[int]:
    if viewer.role in AUTHORITY_WIDE:
        return set(Team.objects.values_list("pk", flat=True))
    return set(viewer.team_ids)


def _worker(request: HttpRequest) -> Worker | None:
    return Worker.objects.filter(user_id=request.user.pk or 0).first()


def _save(form: Any, call: Any) -> Any:
    """Run one service call; its JourneyError becomes the form's error (None returned)."""
    try:
        with transaction.atomic():
            return call()
    except JourneyError as error:
        form.add_journey_error(error)
        return None


# --- Management oversight -------------------------------------------------------------------


@login_required
def oversight(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    if not may_see_quality(viewer):
        return _refused(request, "quality-oversight", READERS_ONLY)
    today = timezone.localdate()
    default = int(getattr(settings, "SIGHTLINE_OVERSIGHT_WEEKS", 4))
    weeks = whole_number(request.GET.get("weeks")) or default
    weeks = weeks if weeks in WEEKS else default
    found = queries.without_oversight(visible_children(request.user), today, weeks)
    rows = paginate_request(request, found.children, PER_PAGE)
    audit.record_listing("children without management oversight", [c.pk for c in rows], request)
    return render(
        request,
        "quality/oversight.html",
        {"found": found, "rows": rows, "weeks": weeks, "choices": WEEKS, "today": today},
    )


# --- Supervision ----------------------------------------------------------------------------


@login_required
def supervision(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    if not may_see_quality(viewer):
        return _refused(request, "quality-supervision", READERS_ONLY)
    today = timezone.localdate()
    rows = queries.supervision_by_worker(_team_ids(viewer), today)
    may_record = viewer.role in MANAGERS
    for row in rows:
        row.may_record = may_record and row.worker.pk != viewer.worker_id  # type: ignore[attr-defined]
    return render(
        request,
        "quality/supervision.html",
        {
            "rows": rows,
            "figures": queries.supervision_figures(rows),
            "standard": supervision_standard().describe(),
            "today": today,
        },
    )


@login_required
def record_supervision(request: HttpRequest, worker_id: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    worker = Worker.objects.filter(pk=worker_id).select_related("team").first()
    if worker is None or not may_see_quality(viewer):
        if worker is None:
            raise Http404("No such worker")
        return _refused(request, "quality-supervision", READERS_ONLY)
    if viewer.role not in MANAGERS or worker.team_id not in viewer.team_ids:
        return _refused(
            request,
            "quality-supervision",
            "Supervision is recorded by a manager of the worker's team.",
        )
    today = timezone.localdate()
    allocated = Allocation.objects.filter(current_on(today), worker=worker).values("child_id")
    children = list(
        visible_children(request.user)
        .filter(pk__in=allocated)
        .order_by("family_name", "given_name", "pk")
    )
    supervisor = _worker(request)
    form = SupervisionForm(request.POST or None, children=children, initial={"held_on": today})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        cases = [
            services.CaseDiscussion(c, data[f"note_{c.pk}"], data[f"actions_{c.pk}"])
            for c in children
            if data.get(f"note_{c.pk}", "").strip() or data.get(f"actions_{c.pk}", "").strip()
        ]
        saved = _save(
            form,
            lambda: services.record_supervision(
                worker=worker,
                supervisor=supervisor,
                held_on=data["held_on"],
                reflection=data["reflection"],
                cases=cases,
                today=today,
            ),
        )
        if saved is not None:
            n = len(cases)
            messages.success(
                request,
                f"Supervision of {worker.full_name} recorded, {n} "
                f"{'child' if n == 1 else 'children'} discussed",
            )
            return redirect("quality-supervision")
    audit.record_listing(
        f"the supervision form for {worker.full_name}", [c.pk for c in children], request
    )
    return render(
        request,
        "quality/form.html",
        {
            "page": "quality-supervision",
            "form": form,
            "title": f"Record supervision of {worker.full_name}",
            "caption": f"Supervision · {worker.team.name}",
            "intro": "Write the reflective discussion, then a note for each child you discussed "
            "(it goes on the child's record). Children not discussed stay empty.",
            "back": reverse("quality-supervision"),
        },
    )


# --- Case audits ----------------------------------------------------------------------------


def _month(request: HttpRequest) -> date:
    raw = request.GET.get("month", "")
    try:
        year, month = (int(x) for x in raw.split("-"))
        return date(year, month, 1)
    except (ValueError, TypeError):
        return timezone.localdate().replace(day=1)


@login_required
def audits(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    if not may_see_quality(viewer):
        return _refused(request, "quality-audits", READERS_ONLY)
    today = timezone.localdate()
    month = _month(request)
    form = SampleForm(
        request.POST or None,
        initial={"month": month, "size": getattr(settings, "SIGHTLINE_AUDIT_SAMPLE", 20)},
    )
    if request.method == "POST":
        if not may_draw_sample(viewer):
            return _refused(
                request,
                "quality-audits",
                "The audit sample is drawn by a service manager or a senior leader.",
            )
        if form.is_valid():
            data = form.cleaned_data
            drawn = _save(
                form,
                lambda: services.draw_audit_sample(
                    template=None,
                    month=data["month"],
                    size=data["size"],
                    by=_worker(request),
                    seed=data["seed"],
                    today=today,
                ),
            )
            if drawn is not None:
                messages.success(request, f"Sample drawn: {len(drawn)} children to audit")
                return redirect(f"{reverse('quality-audits')}?month={data['month']:%Y-%m}")
    sample = (
        CaseAudit.objects.filter(month=month, child__in=visible_children(request.user))
        .select_related("child", "team", "practitioner", "auditor", "moderator")
        .order_by("team__name", "stage", "child__family_name", "pk")
    )
    rows = paginate_request(request, sample, PER_PAGE)
    audit.record_listing(
        f"the case audit sample for {month:%B %Y}", [a.child_id for a in rows], request
    )
    return render(
        request,
        "quality/audits.html",
        {
            "month": month,
            "rows": rows,
            "form": form,
            "may_draw": may_draw_sample(viewer),
            "may_audit": may_audit(viewer),
            "previous": _shift(month, -1),
            "next": _shift(month, 1) if _shift(month, 1) <= today else None,
        },
    )


def _shift(month: date, n: int) -> date:
    from sightline.core.calendar import add_months

    return add_months(month, n)


def _case_audit(request: HttpRequest, pk: int) -> CaseAudit:
    found = (
        CaseAudit.objects.filter(pk=pk, child__in=visible_children(request.user))
        .select_related("child", "team", "practitioner", "auditor", "moderator", "template")
        .first()
    )
    if found is None:
        raise Http404("No such audit")
    return found


def _audit_context(case_audit: CaseAudit) -> dict[str, Any]:
    return {
        "audit": case_audit,
        "answers": list(case_audit.answers.select_related("question").order_by("question__number")),
        "learning": list(case_audit.learning.select_related("owner").order_by("due_on", "pk")),
        "grades": dict(Grade.choices),
    }


@login_required
def audit_page(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    if not may_see_quality(viewer):
        return _refused(request, "quality-audits", READERS_ONLY)
    case_audit = _case_audit(request, pk)
    today = timezone.localdate()
    questions = list(case_audit.template.questions.order_by("number"))
    form = None
    if case_audit.status == CaseAudit.Status.SAMPLED and may_audit(viewer):
        auditor = _worker(request)
        form = AuditForm(
            request.POST or None,
            questions=questions,
            owners=owner_choices(case_audit.practitioner or auditor),
            initial={"audited_on": today},
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            from sightline.web.journeys.oversight import _actions

            saved = _save(
                form,
                lambda: services.complete_audit(
                    case_audit=case_audit,
                    auditor=auditor,
                    audited_on=data["audited_on"],
                    answers=[
                        services.Answer(q.pk, data.get(f"grade_{q.pk}"), data[f"finding_{q.pk}"])
                        for q in questions
                    ],
                    grade=data.get("grade"),
                    summary=data["summary"],
                    learning=_actions(data),
                    today=today,
                ),
            )
            if saved is not None:
                messages.success(request, "Audit completed: it is ready for moderation")
                return redirect("quality-audit", pk=case_audit.pk)
    elif request.method == "POST":
        return _refused(request, "quality-audits", "This audit cannot be completed by you now.")
    audit.record_view(case_audit.child, request)
    return render(
        request,
        "quality/audit.html",
        {
            **_audit_context(case_audit),
            "form": form,
            "may_moderate": case_audit.status == CaseAudit.Status.AUDITED
            and may_audit(viewer)
            and viewer.worker_id != case_audit.auditor_id,
            "may_respond": case_audit.status != CaseAudit.Status.SAMPLED
            and not case_audit.response
            and viewer.role in MANAGERS,
        },
    )


@login_required
def moderate(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    if not may_see_quality(viewer):
        return _refused(request, "quality-audits", READERS_ONLY)
    case_audit = _case_audit(request, pk)
    if not may_audit(viewer) or case_audit.status != CaseAudit.Status.AUDITED:
        return _refused(
            request,
            "quality-audits",
            "A completed audit is moderated by a second manager or senior leader.",
        )
    today = timezone.localdate()
    form = ModerationForm(
        request.POST or None, initial={"moderated_on": today, "grade": case_audit.grade}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = _save(
            form,
            lambda: services.moderate_audit(
                case_audit=case_audit,
                moderator=_worker(request),
                moderated_on=data["moderated_on"],
                grade=data["grade"],
                note=data["note"],
                today=today,
            ),
        )
        if saved is not None:
            messages.success(request, "Moderation recorded")
            return redirect("quality-audit", pk=case_audit.pk)
    audit.record_view(case_audit.child, request)
    return render(
        request,
        "quality/form.html",
        {
            **_audit_context(case_audit),
            "page": "quality-audits",
            "form": form,
            "title": "Moderate the audit",
            "caption": f"Case audit · {case_audit.child.given_name} {case_audit.child.family_name}",
            "intro": f"Audited by {case_audit.auditor} on {case_audit.audited_on:%-d %B %Y}, "
            f"graded {case_audit.get_grade_display()}. A second auditor agrees the grade or "
            "changes it, and says why.",
            "show_audit": True,
            "back": reverse("quality-audit", args=[case_audit.pk]),
        },
    )


@login_required
def respond(request: HttpRequest, pk: int) -> HttpResponse:
    """The practitioner's response: the practitioner whose work was audited, or a manager."""
    viewer = viewer_for(request.user)
    found = (
        CaseAudit.objects.filter(pk=pk)
        .select_related("child", "practitioner", "auditor", "moderator", "template", "team")
        .first()
    )
    if found is None or not visible_children(request.user).filter(pk=found.child_id).exists():
        raise Http404("No such audit")
    case_audit = found
    own = viewer.worker_id is not None and viewer.worker_id == case_audit.practitioner_id
    if not (own or (may_see_quality(viewer) and viewer.role in MANAGERS)):
        return _refused(
            request,
            "quality-audits",
            "The practitioner whose work was audited, or their manager, records the response.",
        )
    if case_audit.status == CaseAudit.Status.SAMPLED or case_audit.response:
        return _refused(request, "quality-audits", "There is no audit to respond to here now.")
    today = timezone.localdate()
    form = ResponseForm(request.POST or None, initial={"responded_on": today})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = _save(
            form,
            lambda: services.respond_to_audit(
                case_audit=case_audit,
                by=_worker(request),
                responded_on=data["responded_on"],
                response=data["response"],
                today=today,
            ),
        )
        if saved is not None:
            messages.success(request, "Response recorded")
            return redirect("child-record", la_child_id=case_audit.child.la_child_id)
    audit.record_view(case_audit.child, request)
    return render(
        request,
        "quality/form.html",
        {
            **_audit_context(case_audit),
            "page": "quality-audits",
            "form": form,
            "title": "Respond to the audit",
            "caption": f"Case audit · {case_audit.child.given_name} {case_audit.child.family_name}",
            "intro": "What the practitioner whose work was audited says about the findings.",
            "show_audit": True,
            "back": reverse("child-record", args=[case_audit.child.la_child_id]),
        },
    )


@login_required
def findings(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    if not may_see_quality(viewer):
        return _refused(request, "quality-findings", READERS_ONLY)
    last = _month(request)
    return render(
        request,
        "quality/findings.html",
        {"roll": queries.roll_up(last), "grades": dict(Grade.choices), "last": last},
    )


# --- Voice of children and families -----------------------------------------------------------


@login_required
def feedback(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    if not may_see_quality(viewer):
        return _refused(request, "quality-feedback", READERS_ONLY)
    today = timezone.localdate()
    may_record = viewer.role in MANAGERS
    form = FeedbackForm(request.POST or None, initial={"received_on": today})
    if request.method == "POST":
        if not may_record:
            return _refused(request, "quality-feedback", "Feedback is recorded by managers.")
        if form.is_valid():
            data = form.cleaned_data
            child: Person | None = None
            if data["la_child_id"].strip():
                child = (
                    visible_children(request.user)
                    .filter(la_child_id=data["la_child_id"].strip())
                    .first()
                )
                if child is None:
                    form.add_error("la_child_id", "No child with this LA child ID is yours to see")
            if not form.errors:
                saved = _save(
                    form,
                    lambda: services.record_feedback(
                        received_on=data["received_on"],
                        source=data["source"],
                        theme=data["theme"],
                        sentiment=data["sentiment"],
                        summary=data["summary"],
                        by=_worker(request),
                        child=child,
                        today=today,
                    ),
                )
                if saved is not None:
                    messages.success(request, "Feedback recorded")
                    return redirect("quality-feedback")
    recent = paginate_request(request, Feedback.objects.order_by("-received_on", "-pk"), PER_PAGE)
    return render(
        request,
        "quality/feedback.html",
        {"form": form if may_record else None, "rows": recent, "themes": dict(Theme.choices)},
    )


STAGES = dict(Stage.choices)


# --- The improvement plan and the board pack ----------------------------------------------------


@login_required
def plan(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    if not may_see_quality(viewer):
        return _refused(request, "quality-plan", READERS_ONLY)
    return render(
        request,
        "quality/plan.html",
        {
            "inspections": queries.improvement_plan(),
            "meetings": queries.board_meetings(),
            "themes": dict(Theme.choices),
            # Each linked figure by its name, a link to its page where the reader sees figures.
            "figure_names": {code: kpi.name for code, kpi in KPIS.items()},
            "figure_links": may_see_figures(viewer),
        },
    )


def _pack_date(request: HttpRequest) -> date:
    raw = request.GET.get("as_of", "")
    try:
        return min(date.fromisoformat(raw), timezone.localdate())
    except ValueError:
        return timezone.localdate()


def _pack_context(request: HttpRequest) -> dict[str, Any]:
    return {
        "pack": queries.board_pack(_pack_date(request)),
        "themes": dict(Theme.choices),
        "stages": STAGES,
    }


@login_required
def board_pack(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    if not may_see_quality(viewer):
        return _refused(request, "quality-board-pack", READERS_ONLY)
    return render(request, "quality/board_pack.html", {**_pack_context(request), "web": True})


@login_required
def board_pack_pdf(request: HttpRequest) -> HttpResponse:
    """The same pack as a PDF, through WeasyPrint; its download is audited (an export)."""
    from django.template.loader import render_to_string
    from weasyprint import HTML

    viewer = viewer_for(request.user)
    if not may_see_quality(viewer):
        return _refused(request, "quality-board-pack", READERS_ONLY)
    context = _pack_context(request)
    html = render_to_string("quality/board_pack_document.html", context, request=request)
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    as_of = context["pack"].as_of
    audit.record_export(f"Improvement board pack {as_of} (PDF)", {"as_of": as_of})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="board-pack-{as_of}.pdf"'
    return response
