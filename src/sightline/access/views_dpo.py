"""The data protection officer's pages (decision 0031): subject access requests exported with
a download, the audit trail of a child and of a user, the audit chain's verification, the
retention report and the restricted records.

Each page calls the code its server command runs (``access/sar.py``, ``access/audit.py``,
``access/retention.py``), and is open to the roles the command table allows
(``access.commands.COMMAND_ROLES``), so a page and its command never disagree about who may.
Children are reached through the access policy like everywhere else: a restricted record the
officer is not named on is not found here (the command on the server still reaches it).
"""

from __future__ import annotations

import csv
import io
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from sightline.access import audit, sar
from sightline.access.actor import request_actor
from sightline.access.commands import COMMAND_ROLES, RECORDS_OFFICERS
from sightline.access.forms import FindChildByIdForm, UsernameForm
from sightline.access.models import AuditEvent, RestrictedRecord
from sightline.access.policy import (
    Viewer,
    known_condition,
    unknown_people,
    viewer_for,
    visible_children,
)
from sightline.access.queries import events_about
from sightline.access.retention import ReportDayOutOfRange, due_for_review
from sightline.jobs import queries as job_queries
from sightline.jobs import rules as job_rules
from sightline.jobs.models import Job
from sightline.jobs.services import start_job
from sightline.people.models import Person
from sightline.web.forms import DateField, ErrorSummaryMixin
from sightline.web.pagination import paginate_request

EVENTS_PER_PAGE = 50
EXPORTS_PER_PAGE = 25
HIDDEN = "An event about a record you are not named on (restricted)"


def _may(viewer: Viewer, operation: str) -> bool:
    return viewer.active and viewer.role in COMMAND_ROLES[operation]


def may_answer_subject_access(viewer: Viewer) -> bool:
    return _may(viewer, "sar")


def may_read_audit(viewer: Viewer) -> bool:
    return _may(viewer, "audit")


def may_verify_audit(viewer: Viewer) -> bool:
    return _may(viewer, "audit verify")


def may_see_retention(viewer: Viewer) -> bool:
    return _may(viewer, "retention report")


def may_see_restrictions(viewer: Viewer) -> bool:
    return viewer.active and viewer.role in RECORDS_OFFICERS


def _refused(request: HttpRequest, what: str, who: str) -> HttpResponse:
    return render(request, "access/not_allowed.html", {"what": what, "who": who}, status=403)


def _child(request: HttpRequest, la_child_id: str) -> Person:
    """The child, through the access policy; the record's one 404 otherwise (decision 0011)."""
    child = visible_children(request.user).filter(la_child_id=la_child_id).first()
    if child is None:
        raise Http404("No child with that ID whose record you may open")
    return child


NOT_FOUND = (
    "There is no child with this LA child ID whose record you may open. A restricted record "
    "you are not named on is exported on the server (sightline sar)"
)


# --- Subject access requests ----------------------------------------------------------------


@login_required
def subject_access(request: HttpRequest) -> HttpResponse:
    """Start a subject access request from the child's LA child ID; the exports made so far
    (from the audit trail: every export is one of its rows), newest first."""
    if not may_answer_subject_access(viewer_for(request.user)):
        return _refused(request, "Subject access requests", "the data protection officer")
    form = FindChildByIdForm(request.GET or None)
    if form.is_bound and form.is_valid():
        la_child_id = form.cleaned_data["la_child_id"].strip()
        if visible_children(request.user).filter(la_child_id=la_child_id).exists():
            return redirect("subject-access-child", la_child_id=la_child_id)
        form.add_error("la_child_id", NOT_FOUND)
    exports = (
        AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT, detail__command="sar")
        .filter(known_condition(request.user, "child"))
        .order_by("-at", "-id")
    )
    return render(
        request,
        "access/dpo/subject_access.html",
        {"form": form, "exports": paginate_request(request, exports, EXPORTS_PER_PAGE)},
    )


@login_required
def subject_access_child(request: HttpRequest, la_child_id: str) -> HttpResponse:
    if not may_answer_subject_access(viewer_for(request.user)):
        return _refused(request, "Subject access requests", "the data protection officer")
    child = _child(request, la_child_id)
    audit.record_view(child, request)
    return render(
        request, "access/dpo/subject_access_child.html", {"child": child, "rules": sar.RULES}
    )


@login_required
@require_POST
def subject_access_download(request: HttpRequest, la_child_id: str, part: str) -> HttpResponse:
    """The documents for release, or the officer's redaction list, as a zip: collected now and
    audited as an export (``sar.download``)."""
    if not may_answer_subject_access(viewer_for(request.user)):
        return _refused(request, "Subject access requests", "the data protection officer")
    if part not in (sar.RELEASE, sar.REDACTIONS):
        raise Http404("No such part of an export")
    child = _child(request, la_child_id)
    name, content, _redactions = sar.download(child, part)
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


# --- The audit trail ------------------------------------------------------------------------


@login_required
def audit_trail(request: HttpRequest) -> HttpResponse:
    """Find the audit trail of a child or of a user; verify the chain."""
    viewer = viewer_for(request.user)
    if not may_read_audit(viewer):
        return _refused(
            request, "Audit trail", "the data protection officer and system administrators"
        )
    child_form = FindChildByIdForm(request.GET if "la_child_id" in request.GET else None)
    user_form = UsernameForm(request.GET if "username" in request.GET else None)
    if child_form.is_bound and child_form.is_valid():
        la_child_id = child_form.cleaned_data["la_child_id"].strip()
        if visible_children(request.user).filter(la_child_id=la_child_id).exists():
            return redirect("audit-child", la_child_id=la_child_id)
        child_form.add_error("la_child_id", NOT_FOUND.replace("exported", "listed"))
        child_form.fields["la_child_id"].help_text = ""
    if user_form.is_bound and user_form.is_valid():
        return redirect("audit-user", username=user_form.cleaned_data["username"].strip())
    kind = Job.Kind.AUDIT_VERIFICATION
    return render(
        request,
        "access/dpo/audit.html",
        {
            "child_form": child_form,
            "user_form": user_form,
            "form": child_form if child_form.errors else user_form,
            "may_verify": may_verify_audit(viewer),
            "running": job_queries.active_job(kind),
            "latest": job_queries.latest_finished(kind),
        },
    )


@login_required
def audit_child(request: HttpRequest, la_child_id: str) -> HttpResponse:
    """Every event about one child, newest first (views, searches and lists that showed them,
    changes, exports, break-glass), as `sightline audit --child` lists them; ``?format=csv``
    downloads them, audited as an export."""
    if not may_read_audit(viewer_for(request.user)):
        return _refused(
            request, "Audit trail", "the data protection officer and system administrators"
        )
    child = _child(request, la_child_id)
    events = events_about(child.pk)
    if request.GET.get("format") == "csv":
        listed = list(
            events.order_by("at", "id").values_list(
                "at", "username", "action", "what", "ip_address"
            )
        )
        audit.record_export(
            f"Audit trail of {la_child_id} ({len(listed)} events, csv)",
            {
                "page": "audit trail",
                "la_child_id": la_child_id,
                "format": "csv",
                "rows": len(listed),
            },
            child_id=child.pk,
        )
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(("at", "username", "action", "la_child_id", "what", "ip_address"))
        for at, user, action, what, ip in listed:
            when = timezone.localtime(at).isoformat(timespec="seconds")
            writer.writerow((when, user, action, la_child_id, what, ip))
        response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="audit-{la_child_id}.csv"'
        return response
    audit.record_view(child, request)
    page = paginate_request(request, events.order_by("-at", "-id"), EVENTS_PER_PAGE)
    rows = [(event, False) for event in page]  # the child is one the reader may open
    return render(
        request, "access/dpo/audit_child.html", {"child": child, "events": page, "rows": rows}
    )


@login_required
def audit_user(request: HttpRequest, username: str) -> HttpResponse:
    """What one account did (every row it wrote, newest first) and what was done to it (the
    administrator's changes to the account). An event about a restricted record the reader is
    not named on is listed without saying what it was."""
    if not may_read_audit(viewer_for(request.user)):
        return _refused(
            request, "Audit trail", "the data protection officer and system administrators"
        )
    username = username[:150]
    hidden = set(unknown_people(request.user) or [])
    page = paginate_request(
        request,
        AuditEvent.objects.filter(username=username).order_by("-at", "-id"),
        EVENTS_PER_PAGE,
    )
    changes = list(
        AuditEvent.objects.filter(
            action=AuditEvent.Action.CHANGE, child__isnull=True, detail__account=username
        ).order_by("-at", "-id")[:EVENTS_PER_PAGE]
    )
    audit.record(
        audit.Action.VIEW,
        f"Read the audit trail of the account {username}",
        detail={"account": username, "path": request.get_full_path()},
        actor=request_actor(request),
    )
    rows = [(event, event.child_id in hidden) for event in page]
    return render(
        request,
        "access/dpo/audit_user.html",
        {"username": username, "events": page, "rows": rows, "changes": changes, "hidden": HIDDEN},
    )


@login_required
@require_POST
def audit_verify(request: HttpRequest) -> HttpResponse:
    """Queue the chain's verification as a background job (or join the one running)."""
    if not may_verify_audit(viewer_for(request.user)):
        return _refused(
            request, "Audit trail", "the data protection officer and system administrators"
        )
    job, _started = start_job(kind=Job.Kind.AUDIT_VERIFICATION, user=request.user)
    return redirect("audit-verification", job_id=job.pk)


@login_required
def audit_verification(request: HttpRequest, job_id: int) -> HttpResponse:
    if not may_verify_audit(viewer_for(request.user)):
        return _refused(
            request, "Audit trail", "the data protection officer and system administrators"
        )
    job = job_queries.job_of_kind(Job.Kind.AUDIT_VERIFICATION, job_id)
    if job is None:
        raise Http404("No such verification")
    now = timezone.now()
    stopped = job_rules.has_stopped(job.state, job.reported_at, now)
    return render(
        request,
        "access/dpo/verification.html",
        {
            "job": job,
            "stopped": stopped,
            "stopped_message": job_rules.stopped_message("verification", job.pk),
            "waiting_long": job_rules.waiting_long(job.state, job.queued_at, now),
            "percent": job_rules.percent(job.done, job.total),
            "polling": job.active and not stopped,
        },
    )


# --- Retention and restricted records -------------------------------------------------------


class RetentionForm(ErrorSummaryMixin, forms.Form):
    as_of = DateField(
        label="Records due on or before",
        required=False,
        help_text="For example, 31 3 2027. Leave it empty for today.",
    )


@login_required
def retention(request: HttpRequest) -> HttpResponse:
    """The retention report (`sightline retention report`): per record type, how many records
    are due for review or erasure on a day, the rule and its basis."""
    if not may_see_retention(viewer_for(request.user)):
        return _refused(
            request,
            "Retention",
            "the data protection officer, system administrators and senior leaders",
        )
    # The report runs when asked for (it counts every kind of record: seconds on a large
    # authority); the page opens with today's date ready to ask.
    asked = any(key.startswith("as_of") for key in request.GET)
    today = timezone.localdate()
    form = RetentionForm(request.GET if asked else None, initial={"as_of": today})
    as_of = today
    if form.is_bound and form.is_valid() and form.cleaned_data["as_of"]:
        as_of = form.cleaned_data["as_of"]
    rows: list[Any] = []
    problem = ""
    if asked and not form.errors:
        try:
            rows = due_for_review(as_of)
        except ReportDayOutOfRange as error:
            form.add_error("as_of", f"Choose a later day: {error}")
        except ImproperlyConfigured as error:
            problem = f"The retention schedule's setting is wrong: {error}"
    total = sum(row.count_due for row in rows if row.action != "no rule")
    return render(
        request,
        "access/dpo/retention.html",
        {
            "form": form,
            "rows": rows,
            "as_of": as_of,
            "total": total,
            "problem": problem,
            "asked": asked,
        },
    )


@login_required
def restricted_records(request: HttpRequest) -> HttpResponse:
    """Every restricted record: when and by whom it was restricted and who is named on it; the
    child and the reason only for a reader named on it (to anyone else it must stay unknown)."""
    if not may_see_restrictions(viewer_for(request.user)):
        return _refused(
            request,
            "Restricted records",
            "the data protection officer and system administrators",
        )
    hidden = set(unknown_people(request.user) or [])
    records = (
        RestrictedRecord.objects.select_related("child", "restricted_by")
        .prefetch_related("named_users")
        .annotate(named=Count("named_users"))
        .order_by("-restricted_at", "-pk")
    )
    page = paginate_request(request, records, EVENTS_PER_PAGE)
    rows = [(record, record.child_id not in hidden) for record in page]
    shown = [record.child_id for record, known in rows if known]
    audit.record_listing("the restricted records page", shown, request)
    return render(
        request,
        "access/dpo/restricted.html",
        {"records": page, "rows": rows, "hidden_count": sum(1 for _, k in rows if not k)},
    )
