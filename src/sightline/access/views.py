"""Access pages: break-glass access, who has seen a record, notices."""

from __future__ import annotations

from typing import cast

from django import forms
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from sightline.access import services
from sightline.access.models import AuditEvent, Notice
from sightline.access.policy import findable_children, viewer_for, visible_children
from sightline.access.roles import BREAK_GLASS_MINUTES, SEES_RECORD_READERS
from sightline.core.errors import JourneyError
from sightline.people.models import Person


class BreakGlassForm(forms.Form):
    reason = forms.CharField(
        label="Why do you need to see this record now?",
        help_text="Recorded, and shown to the child's allocated workers and their managers.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter why you need to see this record"},
    )


def findable_or_404(request: HttpRequest, la_child_id: str) -> Person:
    child = findable_children(request.user).filter(la_child_id=la_child_id).first()
    if child is None:
        raise Http404("No child with that LA child ID")
    return child


@login_required
def break_glass(request: HttpRequest, la_child_id: str) -> HttpResponse:
    child = findable_or_404(request, la_child_id)
    if visible_children(request.user).filter(pk=child.pk).exists():
        return redirect("child-record", la_child_id=child.la_child_id)
    form = BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.break_glass(
                user=cast(User, request.user), child=child, reason=form.cleaned_data["reason"]
            )
        except JourneyError as error:
            form.add_error("reason" if error.field == "reason" else None, error.text)
        else:
            return redirect("child-record", la_child_id=child.la_child_id)
    return render(
        request,
        "access/break_glass.html",
        {"form": form, "child": child, "minutes": BREAK_GLASS_MINUTES},
        status=400 if form.errors else 200,
    )


@login_required
def seen_by(request: HttpRequest, la_child_id: str) -> HttpResponse:
    """Who has seen this record: for the data protection officer and managers."""
    viewer = viewer_for(request.user)
    child = visible_children(request.user).filter(la_child_id=la_child_id).first()
    if child is None:
        raise Http404("No child with that LA child ID")
    if viewer.role not in SEES_RECORD_READERS:
        raise PermissionDenied("Only the data protection officer and managers see this page")
    events = (
        AuditEvent.objects.filter(child=child)
        .exclude(action=AuditEvent.Action.CHANGE)
        .order_by("-at", "-id")[:500]
    )
    return render(request, "access/seen_by.html", {"child": child, "events": events})


@login_required
def notices(request: HttpRequest) -> HttpResponse:
    mine = Notice.objects.filter(user_id=request.user.pk or 0).order_by("-created_at")[:100]
    page = render(request, "access/notices.html", {"notices": list(mine)})
    Notice.objects.filter(user_id=request.user.pk or 0, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    return page
