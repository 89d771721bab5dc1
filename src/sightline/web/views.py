"""Thin views: read through ``queries``, validate through ``forms``, render a GOV.UK template."""

from __future__ import annotations

import re

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.templatetags.static import static

from sightline.web import queries
from sightline.web.forms import ChildSearchForm, SignInForm


class SignInView(auth_views.LoginView):
    template_name = "web/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "web/home.html", {"worker": queries.worker_for(request.user)})


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
    return render(request, "web/find_child.html", {"form": form, "results": results})


@login_required
def child_record(request: HttpRequest, la_child_id: str) -> HttpResponse:
    record = queries.child_record(request.user, la_child_id)
    if record is None:
        raise Http404("No child with that LA child ID")
    return render(request, "web/child_record.html", {"record": record, "child": record.child})


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
