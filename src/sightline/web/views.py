"""Thin views: read through ``queries``, validate through ``forms``, render a GOV.UK template."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse

from sightline.access import audit
from sightline.access.models import Notice
from sightline.access.policy import Viewer, known_condition, viewer_for
from sightline.chronology.corrections import CASE_NOTE, VISIT
from sightline.chronology.labels import event_label
from sightline.chronology.models import CaseNote
from sightline.chronology.queries import CaseNoteSearch, ChronologySearch, kinds_in_chronology
from sightline.timescales.catalogue import RULES
from sightline.timescales.models import Obligation
from sightline.web import homes, navigation, queries, queries_care, workspace
from sightline.web.back import back_url
from sightline.web.forms import (
    CaseNoteSearchForm,
    ChildSearchForm,
    ChronologyFilterForm,
    SignInForm,
)
from sightline.web.journeys.children_in_care import CAPTION as CARE_CAPTION
from sightline.web.journeys.corrections import correction_links
from sightline.web.pagination import page_number, paginate_request
from sightline.web.recording import form_links, use_case_for

RULE_TITLES = {rule.code: rule.title for rule in RULES}
TABS_BY_NAME = {tab.name: tab for tab in workspace.TABS}


@dataclass(frozen=True)
class Due:
    """An open obligation as the record lists it."""

    obligation: Obligation
    title: str
    form: str | None  # the form that meets it, prefilled; None: none this user may record
    form_title: str


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
    worker = queries.worker_for(request.user)
    return render(
        request,
        "web/home.html",
        {
            "worker": worker,
            "work": homes.work_for(request, worker),
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


# --- The child's record: one view per tab (decision 0022) ---------------------------------------


def record_tab(
    request: HttpRequest,
    la_child_id: str,
    tab: str,
    template: str,
    read: Callable[[queries.RecordHeader], dict[str, Any]] | None = None,
    *,
    prefetch: Sequence[Any] = (),
) -> HttpResponse:
    """Render one tab of the child's record: the header, the tabs, and what ``read`` returns.

    A child this user may not open answers as the record always has (``no_record``: the same
    404 whether hidden, restricted or unknown); a tab the user's role may not open answers 403;
    every tab shown is audited as a view of the record."""
    header = queries.record_header(request.user, la_child_id, prefetch=prefetch)
    if header is None:
        return no_record(request, la_child_id)
    viewer = viewer_for(request.user)
    if not TABS_BY_NAME[tab].may_open(viewer):
        raise PermissionDenied("This tab of the record is not open to your role")
    audit.record_view(header.child, request)
    record = reverse("child-record", args=[la_child_id])
    context = {
        "header": header,
        "child": header.child,
        "tabs": workspace.tabs_for(viewer, la_child_id, tab),
        "back": back_url(request, reverse("find-child"), within=record),
        **(read(header) if read is not None else {}),
    }
    return render(request, template, context)


@login_required
def child_record(request: HttpRequest, la_child_id: str) -> HttpResponse:
    """The overview: what is due (each linked to the form that meets it), what happened
    lately, the child's details and the forms this user may record."""

    def read(header: queries.RecordHeader) -> dict[str, Any]:
        viewer = viewer_for(request.user)
        overview = queries.overview(request.user, header)
        menu = workspace.record_menu(viewer, la_child_id, situation=workspace.Situation.of(header))
        usual, other = workspace.split_menu(menu)
        return {
            "overview": overview,
            "due": _with_forms(overview.due, la_child_id, viewer),
            "menu": usual,
            "other_forms": other,
        }

    return record_tab(
        request,
        la_child_id,
        "child-record",
        "web/record/overview.html",
        read,
        prefetch=["disabilities"],
    )


@login_required
def child_due(request: HttpRequest, la_child_id: str) -> HttpResponse:
    def read(header: queries.RecordHeader) -> dict[str, Any]:
        rows = paginate_request(
            request, queries.due_for(header.child, header.today), queries.DUE_PER_PAGE
        )
        return {"rows": rows, "due": _with_forms(rows.items, la_child_id, viewer_for(request.user))}

    return record_tab(request, la_child_id, "child-due", "web/record/due.html", read)


@login_required
def child_chronology(request: HttpRequest, la_child_id: str) -> HttpResponse:
    def read(header: queries.RecordHeader) -> dict[str, Any]:
        kinds = kinds_in_chronology(header.child.pk)
        choices = sorted(((kind, event_label(kind)) for kind in kinds), key=lambda c: c[1])
        form = ChronologyFilterForm(request.GET or None, kinds=choices)
        search = ChronologySearch()
        if form.is_bound and form.is_valid():
            search = ChronologySearch(
                kinds=frozenset(form.cleaned_data["kind"]),
                since=form.cleaned_data["since"],
                until=form.cleaned_data["until"],
            )
        entries = queries.chronology_page(
            request.user, header, search, page_number(request), request.GET
        )
        return {"form": form, "search": search, "entries": entries}

    return record_tab(request, la_child_id, "child-chronology", "web/record/chronology.html", read)


@login_required
def child_case_notes(request: HttpRequest, la_child_id: str) -> HttpResponse:
    def read(header: queries.RecordHeader) -> dict[str, Any]:
        form = CaseNoteSearchForm(request.GET or None, kinds=list(CaseNote.Kind.choices))
        search = CaseNoteSearch()
        if form.is_bound and form.is_valid():
            search = CaseNoteSearch(
                words=tuple(form.cleaned_data["words"].split()), kind=form.cleaned_data["kind"]
            )
        notes = queries.case_notes_page(
            request.user, header, search, page_number(request), request.GET
        )
        correction_links(notes, CASE_NOTE, request.user, la_child_id)
        return {"form": form, "search": search, "notes": notes}

    return record_tab(request, la_child_id, "child-case-notes", "web/record/case_notes.html", read)


@login_required
def child_visits(request: HttpRequest, la_child_id: str) -> HttpResponse:
    def read(header: queries.RecordHeader) -> dict[str, Any]:
        visits = queries.visits_page(request.user, header, page_number(request), request.GET)
        correction_links(visits, VISIT, request.user, la_child_id)
        return {"visits": visits}

    return record_tab(request, la_child_id, "child-visits", "web/record/visits.html", read)


@login_required
def child_plans(request: HttpRequest, la_child_id: str) -> HttpResponse:
    def read(header: queries.RecordHeader) -> dict[str, Any]:
        pages = {name: page_number(request, name) for name in ("placements", "meetings")}
        return {"plans": queries.plans(request.user, header, pages, request.GET)}

    return record_tab(
        request,
        la_child_id,
        "child-plans",
        "web/record/plans.html",
        read,
        prefetch=queries.INVOLVEMENT_PREFETCH,
    )


@login_required
def child_care(request: HttpRequest, la_child_id: str) -> HttpResponse:
    """Care: placements as a timeline, legal status, the IRO's footprint, health and education
    at a glance (decision 0028), and the children-in-care forms this user may record."""

    def read(header: queries.RecordHeader) -> dict[str, Any]:
        viewer = viewer_for(request.user)
        menu = workspace.record_menu(viewer, la_child_id, CARE_CAPTION)
        return {"care": queries_care.care_tab(header), "menu": menu}

    return record_tab(request, la_child_id, "child-care", "web/record/care.html", read)


@login_required
def child_people(request: HttpRequest, la_child_id: str) -> HttpResponse:
    def read(header: queries.RecordHeader) -> dict[str, Any]:
        return {
            "relationships": queries.relationships_page(
                request.user, header, page_number(request), request.GET
            )
        }

    return record_tab(request, la_child_id, "child-people", "web/record/people.html", read)


@login_required
def child_data_checks(request: HttpRequest, la_child_id: str) -> HttpResponse:
    return record_tab(
        request,
        la_child_id,
        "child-data-checks",
        "web/record/data_checks.html",
        prefetch=[queries.DATA_CHECKS_PREFETCH],
    )


def _with_forms(obligations: Sequence[Obligation], la_child_id: str, viewer: Viewer) -> list[Due]:
    """Each obligation with its rule's title and the form that meets it, if this viewer may
    record it (``recording.form_links``: prefilled with the record it is about)."""
    links = form_links(list(obligations), la_child_id, viewer)
    rows = []
    for obligation in obligations:
        case = use_case_for(obligation.rule)
        rows.append(
            Due(
                obligation,
                RULE_TITLES.get(obligation.rule, obligation.rule),
                links.get(obligation.pk),
                case.title if case is not None else "",
            )
        )
    return rows


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
