"""Access pages: break-glass access, who has seen a record, notices."""

from __future__ import annotations

from typing import cast

from django import forms
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from sightline.access import services
from sightline.access.models import AuditEvent, Notice
from sightline.access.policy import (
    findable_children,
    known_condition,
    visible_children,
)
from sightline.access.queries import events_about
from sightline.access.roles import BREAK_GLASS_MINUTES
from sightline.core.errors import JourneyError
from sightline.web.forms import ErrorSummaryMixin
from sightline.web.pagination import paginate_request
from sightline.web.queries import RecordHeader
from sightline.web.views import record_tab


class BreakGlassForm(ErrorSummaryMixin, forms.Form):
    reason = forms.CharField(
        label="Why do you need to see this record now?",
        help_text="Recorded, and shown to the child's allocated workers and their managers.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter why you need to see this record"},
    )

    def clean_reason(self) -> str:
        # Checked before anything about the child, so that the answer to a short reason is the
        # same whether or not there is a child the user could open.
        reason = str(self.cleaned_data["reason"]).strip()
        if len(reason) < services.MIN_REASON:
            raise forms.ValidationError(
                f"Give the reason you need to see this record (at least {services.MIN_REASON} "
                "characters)"
            )
        return reason


NO_RECORD = "You cannot open a record with this LA child ID"


@login_required
def break_glass(request: HttpRequest, la_child_id: str) -> HttpResponse:
    """Ask for break-glass access. Nothing about the child is shown before access is granted,
    and the page answers the same for a child the user may not know exists (a restricted
    record) and an ID no child has. Every view of the page and every refusal is audited."""
    child = findable_children(request.user).filter(la_child_id=la_child_id).first()
    if child is not None and visible_children(request.user).filter(pk=child.pk).exists():
        return redirect("child-record", la_child_id=child.la_child_id)
    form = BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        try:
            if child is None:
                raise JourneyError("Break-glass access", "child", "no child the user may open")
            services.break_glass(user=cast(User, request.user), child=child, reason=reason)
        except JourneyError as error:
            services.break_glass_refused(la_child_id, reason, error.text)
            form.add_error(None, error.text if error.field == "user" else NO_RECORD)
        else:
            return redirect("child-record", la_child_id=child.la_child_id)
    elif request.method == "POST":
        services.break_glass_refused(la_child_id, request.POST.get("reason", ""), "no reason")
    else:
        services.break_glass_page_viewed(la_child_id)
    return render(
        request,
        "access/break_glass.html",
        {"form": form, "la_child_id": la_child_id, "minutes": BREAK_GLASS_MINUTES},
    )


SEEN_BY_PER_PAGE = 50
NOTICES_PER_PAGE = 25


@login_required
def seen_by(request: HttpRequest, la_child_id: str) -> HttpResponse:
    """Who has seen this record (opened it, or seen the child listed in a search's results),
    newest first: for the data protection officer and managers. A tab of the child's record
    (decision 0022): its header and tabs, the record's answer for a child the user may not
    open, 403 for another role."""

    def read(header: RecordHeader) -> dict[str, object]:
        events = (
            events_about(header.child.pk)
            .exclude(action=AuditEvent.Action.CHANGE)
            .order_by("-at", "-id")
        )
        return {"events": paginate_request(request, events, SEEN_BY_PER_PAGE)}

    return record_tab(request, la_child_id, "seen-by", "access/seen_by.html", read)


@login_required
def notices(request: HttpRequest) -> HttpResponse:
    """The user's notices, newest first. Reading them changes nothing; marking them read is a
    POST (with the CSRF token), then back here."""
    if request.method == "POST":
        services.mark_notices_read(cast(User, request.user))
        return redirect("notices")
    mine = (
        Notice.objects.filter(user_id=request.user.pk or 0)
        .filter(known_condition(request.user, "child"))
        .order_by("-created_at", "-id")
    )
    page = paginate_request(request, mine, NOTICES_PER_PAGE)
    unread = any(notice.read_at is None for notice in page)
    return render(request, "access/notices.html", {"notices": page, "unread": unread})
