"""The validation page for performance officers and managers: the last check of the live
records against the DfE rules, by rule, team and child, through the access policy."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from sightline.access.audit import record_listing
from sightline.access.policy import Viewer, viewer_for, visible_children
from sightline.access.roles import AUTHORITY_WIDE, MANAGERS, Role
from sightline.jobs import queries as job_queries
from sightline.jobs import rules as job_rules
from sightline.jobs.models import Job
from sightline.jobs.services import start_job
from sightline.validation import queries
from sightline.validation.models import ValidationRun
from sightline.web.pagination import paginate_request

#: May see the page (each sees only the children the access policy gives them).
SEES_PAGE = AUTHORITY_WIDE | MANAGERS  # the inspector reads it, within the visit (0031)
#: May run the check again (it reads every child's record).
MAY_RECHECK = AUTHORITY_WIDE - {Role.INSPECTOR}
KINDS = {k.value for k in ValidationRun.Return}


def may_see_data_checks(viewer: Viewer) -> bool:
    return viewer.active and viewer.role in SEES_PAGE


def may_check_again(viewer: Viewer) -> bool:
    return viewer.role in MAY_RECHECK


@login_required
def failures(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    if not may_see_data_checks(viewer):
        return render(request, "validation/not_allowed.html", {"page": "validation"}, status=403)
    kind = request.GET.get("return") if request.GET.get("return") in KINDS else None
    page = queries.failures_page(
        visible_children(request.user),
        timezone.localdate(),
        rule=request.GET.get("rule") or None,
        team=request.GET.get("team") or None,
        kind=kind,
        return_level=viewer.role in MAY_RECHECK,
    )
    rows = paginate_request(request, page.rows, queries.PER_PAGE, anchor="failing")
    record_listing("the data checks page", [f.child_id for f in rows if f.child_id], request)
    return render(
        request,
        "validation/failures.html",
        {
            "page": "validation",
            "data": page,
            "rows": rows,
            "rule": request.GET.get("rule") or "",
            "team": request.GET.get("team") or "",
            "kind": kind or "",
            "may_recheck": viewer.role in MAY_RECHECK,
            "check_running": job_queries.active_job(Job.Kind.LIVE_VALIDATION),
        },
    )


@login_required
@require_POST
def check_again(request: HttpRequest) -> HttpResponse:
    """Queue the live validation as a background job (decision 0024), or join the one waiting
    or running, and go to its page."""
    if not may_check_again(viewer_for(request.user)):
        return render(request, "validation/not_allowed.html", {"page": "validation"}, status=403)
    job, _started = start_job(kind=Job.Kind.LIVE_VALIDATION, user=request.user)
    return redirect("validation-job", job_id=job.pk)


@login_required
def check_progress(request: HttpRequest, job_id: int) -> HttpResponse:
    """One check's page: waiting, running (how far), finished (what it found) or failed."""
    if not may_check_again(viewer_for(request.user)):
        return render(request, "validation/not_allowed.html", {"page": "validation"}, status=403)
    job = job_queries.job_of_kind(Job.Kind.LIVE_VALIDATION, job_id)
    if job is None:
        raise Http404("No such check")
    now = timezone.now()
    stopped = job_rules.has_stopped(job.state, job.reported_at, now)
    latest = job_queries.latest_finished(Job.Kind.LIVE_VALIDATION)
    return render(
        request,
        "validation/check.html",
        {
            "page": "validation",
            "job": job,
            "stopped": stopped,
            "stopped_message": job_rules.stopped_message("check", job.pk),
            "waiting_long": job_rules.waiting_long(job.state, job.queued_at, now),
            "percent": job_rules.percent(job.done, job.total),
            "polling": job.active and not stopped,
            "superseded": latest if latest is not None and latest.pk != job.pk else None,
        },
    )
