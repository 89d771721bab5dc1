"""Thin views: read through ``queries``, validate through ``forms``, render a GOV.UK template."""

from __future__ import annotations

import re

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.templatetags.static import static

from sightline.access import audit
from sightline.access.models import Notice
from sightline.access.policy import known_condition, viewer_for
from sightline.access.roles import SEES_RECORD_READERS
from sightline.web import navigation, queries
from sightline.web.forms import ChildSearchForm, SignInForm
from sightline.web.pagination import page_number


class SignInView(auth_views.LoginView):
    template_name = "web/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


@login_required
def home(request: HttpRequest) -> HttpResponse:
    unread = (
        Notice.objects.filter(user_id=request.user.pk or 0, read_at__isnull=True)
        .filter(known_condition(request.user, "child"))
        .count()
    )
    return render(
        request,
        "web/home.html",
        {
            "worker": queries.worker_for(request.user),
            "unread": unread,
            "role_home": navigation.role_home(request.user),
            "role": viewer_for(request.user).role,
        },
    )


@login_required
def find_child(request: HttpRequest) -> HttpResponse:
    form = ChildSearchForm(request.GET or None)
    results = None
    if form.is_bound and form.is_valid():
        results = queries.search_children(
            request.user,
            name=form.cleaned_data["name"],
            birth_date=form.cleaned_data["birth_date"],
            identifier=form.cleaned_data["identifier"],
        )
        listed = [child.pk for child in (*results.children, *results.others)]
        audit.record_search(
            {k: str(v) for k, v in form.cleaned_data.items() if v}, len(listed), listed
        )
    return render(request, "web/find_child.html", {"form": form, "results": results})


@login_required
def child_record(request: HttpRequest, la_child_id: str) -> HttpResponse:
    record = queries.child_record(
        request.user,
        la_child_id,
        pages={name: page_number(request, name) for name in queries.RECORD_LISTS},
        query=request.GET,
    )
    viewer = viewer_for(request.user)
    if record is None:
        # The same answer whether the child exists and this user has no reason to see the
        # record, is a restricted record, or does not exist: nothing about the child, and
        # break-glass offered to those who read only their own and their team's children.
        return no_record(request, la_child_id)
    audit.record_view(record.child, request)
    return render(
        request,
        "web/child_record.html",
        {
            "record": record,
            "child": record.child,
            "can_see_readers": viewer.role in SEES_RECORD_READERS,
        },
    )


def no_record(request: HttpRequest, la_child_id: str) -> HttpResponse:
    """A record this user cannot open, however that is so: the same page and status for a
    child they have no reason to see, a restricted record and an ID no child has."""
    return render(
        request,
        "access/no_access.html",
        {
            "la_child_id": la_child_id,
            "break_glass": not viewer_for(request.user).authority_wide,
        },
        status=404,
    )


# GOV.UK Frontend's precompiled CSS asks for its fonts and images at /assets/…; they are static
# files under /static/govuk/assets/…, so send the browser there (a permanent, cacheable redirect).
_GOVUK_ASSET = re.compile(r"^(?:rebrand/)?(?:fonts|images)/[A-Za-z0-9][A-Za-z0-9._-]*$")


def govuk_asset(request: HttpRequest, path: str) -> HttpResponse:
    if not _GOVUK_ASSET.match(path):
        raise Http404("Not a GOV.UK Frontend asset")
    try:
        url = static(f"govuk/assets/{path}")
    except ValueError as exc:  # a manifest storage that does not know the file
        raise Http404("Not a GOV.UK Frontend asset") from exc
    return HttpResponsePermanentRedirect(url)
