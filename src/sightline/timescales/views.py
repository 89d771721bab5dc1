"""My work and the team's overdue work: thin views over ``queries``, through the access policy."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from sightline.access import audit
from sightline.access.policy import (
    Viewer,
    known_condition,
    teams_below,
    viewer_for,
    visible_children,
)
from sightline.access.roles import AUTHORITY_WIDE, MANAGEMENT, MANAGERS
from sightline.core.codes import SocialWorkerChangeReason
from sightline.core.errors import JourneyError
from sightline.quality.queries import supervision_by_worker
from sightline.timescales import queries
from sightline.timescales.catalogue import RULES
from sightline.timescales.models import Obligation
from sightline.web.forms import DateField, ErrorSummaryMixin
from sightline.web.pagination import page_number, paginate_request, whole_number
from sightline.web.recording import form_link, use_case_for
from sightline.workforce.models import Allocation, Team, Worker, current_on
from sightline.workforce.queries import STAGES, Allocated, caseload_of, caseloads
from sightline.workforce.services import reallocate

TITLES = {rule.code: rule.title for rule in RULES}
TOP_WORKERS = 25  # the team view lists the workers with most overdue first, then "show all"
PER_PAGE = 50  # rows of the oldest overdue obligations on one page


@login_required
def my_work(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    worker = Worker.objects.filter(user_id=request.user.pk or 0).select_related("team").first()
    due = (
        queries.due_list(
            today, worker_ids=[worker.pk], children=visible_children(request.user), today=True
        ).select_related("child")
        if worker is not None
        else Obligation.objects.none()
    )
    rows = paginate_request(request, due, PER_PAGE)
    viewer = viewer_for(request.user)
    for row in rows:
        row.title = TITLES.get(row.rule, row.rule)
        _link_form(row, viewer)
    overdue = due.filter(due_on__lt=today).count() if worker is not None else 0
    audit.record_listing("My work", [row.child_id for row in rows], request)
    return render(
        request,
        "timescales/my_work.html",
        {
            "page": "my-work",
            "worker": worker,
            "today": today,
            "rows": rows,
            "overdue": overdue,
        },
    )


def may_see_team_work(viewer: Viewer) -> bool:
    """The team view is for managers with a team and the authority-wide roles, the inspector
    within the dates of the visit included (read only: it offers no form to a role that may
    not record, decision 0031). The navigation asks the same question, so nobody is offered
    a 403."""
    if viewer.role in AUTHORITY_WIDE:
        return viewer.active
    return viewer.role in MANAGERS and bool(viewer.team_ids)


DAYS_OVERDUE = (7, 28, 90)  # the "overdue by at least" filter's choices


def may_reallocate(viewer: Viewer) -> bool:
    """Reallocating is a manager's decision about their own teams (the allocation form's
    roles): an authority-wide reader sees the team view but records on no child."""
    return viewer.active and viewer.role in MANAGEMENT and bool(viewer.team_ids)


def _scope(viewer: Viewer) -> set[int]:
    if viewer.role in AUTHORITY_WIDE:
        return set(Team.objects.values_list("pk", flat=True))
    return set(viewer.team_ids)  # the manager's team and every team below it


@login_required
def team_work(request: HttpRequest) -> HttpResponse:
    """The team view: each worker's caseload by stage, and what is overdue by worker, by
    timescale and by team, with filters that combine (team, worker, timescale, days overdue)."""
    viewer = viewer_for(request.user)
    today = timezone.localdate()
    if not may_see_team_work(viewer):
        return render(request, "timescales/not_a_manager.html", {"page": "team-work"}, status=403)
    allowed = _scope(viewer)
    teams = list(Team.objects.filter(pk__in=allowed).order_by("name").only("name", "parent_id"))
    team = whole_number(request.GET.get("team"))
    team = team if team in allowed else None
    team_ids = (teams_below(team) & allowed) if team is not None else allowed
    unallocated = request.GET.get("worker") == "none"
    worker_id = queries.UNALLOCATED if unallocated else whole_number(request.GET.get("worker"))
    rule = request.GET.get("rule") if request.GET.get("rule") in TITLES else None
    days = whole_number(request.GET.get("days"))
    days = days if days in DAYS_OVERDUE else None
    work = queries.team_work(
        today,
        team_ids,
        visible_children(request.user),
        worker_id=worker_id,
        rule=rule,
        min_days=days or 0,
        page=page_number(request),
        per_page=PER_PAGE,
    )
    for row in work.overdue:
        row.title = TITLES.get(row.rule, row.rule)
        _link_form(row, viewer)
    audit.record_listing("the team's overdue work", [row.child_id for row in work.overdue], request)
    loads = caseloads(today, team_ids, known_condition(request.user, "child"))
    supervision = _supervision(today, team_ids)
    all_workers = request.GET.get("workers") == "all"
    worker_name = next(
        (str(row["name"]) for row in work.by_worker if row["worker"] == worker_id), ""
    )
    return render(
        request,
        "timescales/team_work.html",
        {
            "page": "team-work",
            "today": today,
            "work": work,
            "workers": work.by_worker if all_workers else work.by_worker[:TOP_WORKERS],
            "more_workers": 0 if all_workers else max(0, len(work.by_worker) - TOP_WORKERS),
            "all_workers": all_workers and len(work.by_worker) > TOP_WORKERS,
            "top_workers": TOP_WORKERS,
            "pagination": _pagination(work),
            "teams": [t for t in teams if t.pk in team_ids],
            "team_choices": teams,
            "team": team,
            "worker_id": worker_id,
            "worker_name": worker_name,
            "unallocated": unallocated,
            "rule": rule,
            "rule_title": TITLES.get(rule or "", ""),
            "rules": sorted(TITLES.items(), key=lambda item: item[1]),
            "days": days,
            "days_choices": DAYS_OVERDUE,
            "filtered": bool(team or worker_id is not None or rule or days),
            "caseloads": loads,
            "stages": STAGES,
            "may_reallocate": may_reallocate(viewer),
            "supervision": supervision,
            "may_see_supervision": _may_see_supervision(viewer),
        },
    )


def _supervision(today: date, team_ids: set[int]) -> list[dict[str, Any]]:
    """Each practitioner's supervision in time, as the quality pages work it out (one call to
    ``supervision_by_worker``: a set-based read, the rule in one place), with the days late."""
    return [
        {"row": row, "days_late": (today - row.due.due_on).days if row.due.overdue else 0}
        for row in supervision_by_worker(team_ids, today)
    ]


def _may_see_supervision(viewer: Viewer) -> bool:
    from sightline.quality.views import may_see_quality  # the quality page's own question

    return may_see_quality(viewer)


class ReallocationForm(ErrorSummaryMixin, forms.Form):
    children = forms.MultipleChoiceField(
        label="Children to reallocate",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choose the children to reallocate",
            "invalid_choice": "Choose children from this caseload",
        },
    )
    worker = forms.ChoiceField(
        label="Reallocate to",
        choices=[],
        error_messages={
            "required": "Choose the worker to reallocate the children to",
            "invalid_choice": "Choose a worker from your teams",
        },
    )
    started_on = DateField(
        label="Date the new allocation starts",
        help_text="For example, 6 12 2026. The current allocation ends that day.",
        error_messages={"required": "Enter the date the new allocation starts"},
    )
    reason = forms.ChoiceField(
        label="Reason for the reallocation",
        choices=SocialWorkerChangeReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the reason for the reallocation"},
    )

    def __init__(
        self, *args: Any, caseload: list[Allocated], workers: list[Worker], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        children = self.fields["children"]
        assert isinstance(children, forms.MultipleChoiceField)
        children.choices = [
            (str(row.allocation.child_id), row.allocation.child.full_name) for row in caseload
        ]
        worker = self.fields["worker"]
        assert isinstance(worker, forms.ChoiceField)
        worker.choices = [("", "Choose a worker")] + [
            (str(w.pk), f"{w.full_name} ({w.team.name}, {w.get_role_display().lower()})")
            for w in workers
        ]


@login_required
def team_reallocate(request: HttpRequest, worker_id: int) -> HttpResponse:
    """Reallocate one child or many from a worker's caseload (issue 15 item 3): the manager
    ticks the children, chooses the worker, the date and the reason; one service call
    (``workforce.services.reallocate``) moves them all or, if any changed meanwhile, none."""
    viewer = viewer_for(request.user)
    today = timezone.localdate()
    if not may_reallocate(viewer):
        return render(request, "timescales/not_a_manager.html", {"page": "team-work"}, status=403)
    worker = (
        Worker.objects.filter(pk=worker_id, team_id__in=sorted(viewer.team_ids))
        .select_related("team")
        .first()
    )
    if worker is None:
        raise Http404("No such worker in your teams")
    kinds = dict(Allocation.Kind.choices)
    held = (
        Allocation.objects.filter(current_on(today), worker=worker)
        .values_list("kind", flat=True)
        .distinct()
    )
    kind_choices = [(k, kinds[k]) for k in Allocation.Kind.values if k in set(held)]
    kind = request.GET.get("kind", "")
    if kind not in dict(kind_choices):
        kind = kind_choices[0][0] if kind_choices else Allocation.Kind.SOCIAL_WORKER
    visible = visible_children(request.user)
    caseload = caseload_of(today, worker.pk, kind, visible)
    workers = [w for w in allocatable(viewer, today) if w.pk != worker.pk]
    form = ReallocationForm(
        request.POST or None,
        caseload=caseload,
        workers=workers,
        initial={"started_on": today, "children": request.GET.getlist("child")},
    )
    if request.method == "POST" and form.is_valid():
        chosen = {int(pk) for pk in form.cleaned_data["children"]}
        children = [row.allocation.child for row in caseload if row.allocation.child_id in chosen]
        to_worker = next(w for w in workers if str(w.pk) == form.cleaned_data["worker"])
        try:
            reallocate(
                children=children,
                from_worker=worker,
                to_worker=to_worker,
                kind=kind,
                started_on=form.cleaned_data["started_on"],
                reason=form.cleaned_data["reason"],
                today=today,
            )
        except JourneyError as error:
            name = error.field if error.field in form.fields else "children"
            form.add_error(name, error.text[:1].upper() + error.text[1:])
        else:
            messages.success(
                request,
                f"{len(children)} {'child' if len(children) == 1 else 'children'} reallocated "
                f"from {worker.full_name} to {to_worker.full_name}",
            )
            return redirect(f"{reverse('team-work')}?worker={to_worker.pk}")
    audit.record_listing(
        f"the caseload of {worker.full_name}",
        [row.allocation.child_id for row in caseload],
        request,
    )
    selected = set(form["children"].value() or [])
    return render(
        request,
        "timescales/reallocate.html",
        {
            "page": "team-work",
            "form": form,
            "worker": worker,
            "kind": kind,
            "kind_label": kinds.get(kind, kind),
            "kind_choices": kind_choices,
            "caseload": [
                {"row": row, "checked": str(row.allocation.child_id) in selected}
                for row in caseload
            ],
            "back": reverse("team-work"),
        },
    )


def allocatable(viewer: Viewer, today: date) -> list[Worker]:
    """The workers a manager allocates: in their team and the teams below it, not left."""
    return list(
        Worker.objects.filter(team_id__in=sorted(viewer.team_ids))
        .exclude(left_on__lt=today)
        .select_related("team")
        .order_by("family_name", "given_name", "pk")
    )


def _link_form(row: Obligation, viewer: Viewer) -> None:
    """The form that meets this obligation, if there is one this viewer may record on."""
    row.form = form_link(row, str(row.child.la_child_id), viewer)  # type: ignore[attr-defined]
    case = use_case_for(row.rule)
    row.form_title = case.title if case is not None else ""  # type: ignore[attr-defined]


def _pagination(work: queries.TeamWork) -> list[dict[str, object]]:
    """The GOV.UK pagination items for the list of oldest overdue (none for a single page):
    the first and last pages, the current one and one either side, ellipses between."""
    if work.pages <= 1:
        return []
    pages = Paginator(range(work.listed), work.per_page)
    return [
        {"ellipsis": True}
        if number == Paginator.ELLIPSIS
        else {"number": number, "current": number == work.page}
        for number in pages.get_elided_page_range(work.page, on_each_side=1, on_ends=1)
    ]
