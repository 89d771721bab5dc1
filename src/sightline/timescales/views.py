"""My work and the team's overdue work: thin views over ``queries``, through the access policy."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from sightline.access import audit
from sightline.access.policy import Viewer, viewer_for, visible_children
from sightline.access.roles import AUTHORITY_WIDE, MANAGERS
from sightline.timescales import queries
from sightline.timescales.catalogue import RULES
from sightline.timescales.models import Obligation
from sightline.web.pagination import page_number, paginate_request, whole_number
from sightline.web.recording import form_link, use_case_for
from sightline.workforce.models import Team, Worker

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


@login_required
def team_work(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    today = timezone.localdate()
    if not may_see_team_work(viewer):
        return render(request, "timescales/not_a_manager.html", {"page": "team-work"}, status=403)
    if viewer.role in AUTHORITY_WIDE:
        team_ids: set[int] = set(Team.objects.values_list("pk", flat=True))
    else:
        team_ids = set(viewer.team_ids)  # the manager's team and every team below it
    unallocated = request.GET.get("worker") == "none"
    worker_id = queries.UNALLOCATED if unallocated else whole_number(request.GET.get("worker"))
    rule = request.GET.get("rule") if request.GET.get("rule") in TITLES else None
    work = queries.team_work(
        today,
        team_ids,
        visible_children(request.user),
        worker_id=worker_id,
        rule=rule,
        page=page_number(request),
        per_page=PER_PAGE,
    )
    for row in work.overdue:
        row.title = TITLES.get(row.rule, row.rule)
        _link_form(row, viewer)
    audit.record_listing("the team's overdue work", [row.child_id for row in work.overdue], request)
    teams = list(Team.objects.filter(pk__in=team_ids).order_by("name").only("name"))
    all_workers = request.GET.get("workers") == "all"
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
            "teams": teams,
            "worker_id": worker_id,
            "unallocated": unallocated,
            "rule": rule,
            "rule_title": TITLES.get(rule or "", ""),
        },
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
