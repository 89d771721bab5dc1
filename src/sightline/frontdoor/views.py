"""The front door's pages (decision 0025): the queue of contacts waiting for a decision, and a
new contact, which starts with a search for the person so that no child is recorded twice.

Thin views: reads through ``frontdoor.queries`` and the access policy, writes through one
service call each (``receive_contact``, ``receive_contact_for_new_child``); the decision
itself is a recording page (``web/journeys/front_door.py``). Every page that names children is
audited as a view of them.
"""

from __future__ import annotations

import contextlib
from dataclasses import replace
from datetime import datetime, time
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from sightline.access import audit
from sightline.access.models import AuditEvent
from sightline.access.policy import (
    Viewer,
    findable_children,
    may_receive_contact,
    viewer_for,
)
from sightline.access.roles import FRONT_DOOR_DECISIONS, Role
from sightline.core.errors import JourneyError
from sightline.frontdoor import queries
from sightline.frontdoor.forms import ContactForm, NewChildContactForm, PersonSearchForm
from sightline.frontdoor.models import Contact
from sightline.frontdoor.services import receive_contact, receive_contact_for_new_child
from sightline.web.pagination import paginate_request
from sightline.web.recording import url_for

PER_PAGE = 50


def works_at_front_door(viewer: Viewer) -> bool:
    """The front door's pages are for the roles that decide contacts (decision 0020)."""
    return viewer.active and viewer.role in FRONT_DOOR_DECISIONS


def _refused(request: HttpRequest) -> HttpResponse:
    return render(request, "frontdoor/refused.html", status=403)


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    if not works_at_front_door(viewer_for(request.user)):
        return _refused(request)
    now = queries.now()
    contacts = queries.awaiting_decision(request.user)
    page = paginate_request(request, contacts, PER_PAGE)
    rows = [
        replace(row, decide_url=decide_url(row.contact, reverse("frontdoor-queue")))
        for row in queries.waiting(list(page), now)
    ]
    # Every contact's status for the counts above the table: one query for the times alone.
    received = list(contacts.values_list("received_at", flat=True))
    counts = queries.status_counts(received, now)
    audit.record_listing(
        "the front door's contacts waiting for a decision",
        [row.contact.child_id for row in rows],
        request,
    )
    return render(
        request,
        "frontdoor/queue.html",
        {
            "rows": rows,
            "pages": page,
            "total": len(received),
            "overdue": counts.get("overdue", 0),
            "due_today": counts.get("due today", 0),
            "hours_text": _hours_text(),
        },
    )


def decide_url(contact: Contact, back: str) -> str:
    """The decision form for this contact, returning to ``back`` (the queue, the home page)
    when saved."""
    form = url_for("decide-contact", str(contact.child.la_child_id), contact.pk)
    return f"{form}&{urlencode({'back': back})}"


def _hours_text() -> str:
    opens, closes = queries.working_hours()
    return f"{_clock(opens)} to {_clock(closes)}"


def _clock(moment: time) -> str:
    hour = moment.hour % 12 or 12
    minutes = f":{moment.minute:02d}" if moment.minute else ""
    return f"{hour}{minutes}{'am' if moment.hour < 12 else 'pm'}"


@login_required
def search(request: HttpRequest) -> HttpResponse:
    """New contact, step 1: who is it about? Possible matches, or register a new child."""
    viewer = viewer_for(request.user)
    if not works_at_front_door(viewer):
        return _refused(request)
    form = PersonSearchForm(request.GET or None)
    matches = None
    why: dict[int, str] = {}
    if form.is_bound and form.is_valid():
        terms = form.cleaned_data
        matches = queries.possible_matches(
            request.user,
            name=terms["name"],
            birth_date=terms["birth_date"],
            nhs_number=terms["nhs_number"],
        )
        why = queries.reasons(
            [*matches.children, *matches.others],
            name=terms["name"],
            birth_date=terms["birth_date"],
            nhs_number=terms["nhs_number"],
        )
        for child in (*matches.children, *matches.others):
            child.why = why.get(child.pk, "")  # type: ignore[attr-defined]
        searched = {k: str(v) for k, v in terms.items() if v}
        audit.record_search({**searched, "for": "new contact"}, matches.count, matches.listed)
        _audit_hidden_match(matches, terms)
    return render(
        request,
        "frontdoor/search.html",
        {
            "form": form,
            "matches": matches,
            "may_record_others": viewer.role == Role.FRONT_DOOR,
            "new_child_url": _new_child_url(form),
        },
    )


def _audit_hidden_match(matches: queries.Matches, terms: dict[str, Any]) -> None:
    """A search matched a restricted record the user may not know of: the user is told only
    that a possible match exists and whom to ask; that child's trail says so (decision 0025)."""
    for child_id in matches.hidden_ids:
        audit.record(
            AuditEvent.Action.SEARCH,
            "A search for the person a new contact is about matched this restricted record; "
            "the user was told only that a possible match exists and whom to ask",
            child_id=child_id,
            detail={"params": {k: str(v) for k, v in terms.items() if v}},
        )


def _new_child_url(form: PersonSearchForm) -> str:
    if not form.is_bound or not form.is_valid():
        return reverse("frontdoor-new-child")
    terms = {k: form.data.get(k, "") for k in ("name", "birth_date", "nhs_number")}
    return f"{reverse('frontdoor-new-child')}?{urlencode(terms)}"


def _received_at(data: dict[str, Any]) -> datetime:
    return timezone.make_aware(datetime.combine(data["received_on"], data["received_time"]))


def _now_initial() -> dict[str, Any]:
    now = timezone.localtime()
    return {"received_on": now.date(), "received_time": now.strftime("%H:%M")}


@login_required
def contact_for_child(request: HttpRequest, la_child_id: str) -> HttpResponse:
    """New contact, step 2 for a child already recorded: the contact goes on their record."""
    if not works_at_front_door(viewer_for(request.user)):
        return _refused(request)
    child = findable_children(request.user).filter(la_child_id=la_child_id).first()
    if child is None or not may_receive_contact(request.user, child):
        from sightline.web.views import no_record

        return no_record(request, la_child_id)
    form = ContactForm(request.POST or None, initial=_now_initial())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            receive_contact(
                child=child,
                received_at=_received_at(data),
                source=data["source"],
                reason=data["reason"],
            )
        except JourneyError as error:
            form.add_journey_error(error)
        else:
            messages.success(
                request, f"Contact recorded for {child.full_name}: it is waiting for a decision"
            )
            return redirect("frontdoor-queue")
    audit.record_view(child, request)
    return render(
        request,
        "frontdoor/contact.html",
        {"form": form, "child": child, "back": reverse("frontdoor-search")},
    )


@login_required
def contact_for_new_child(request: HttpRequest) -> HttpResponse:
    """New contact, step 2 when nobody matched: register the child and receive the contact,
    in one transaction."""
    if not works_at_front_door(viewer_for(request.user)):
        return _refused(request)
    form = NewChildContactForm(request.POST or None, initial=_new_child_initial(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            contact = receive_contact_for_new_child(
                given_name=data["given_name"],
                family_name=data["family_name"],
                birth_date=data["birth_date"],
                expected_birth_date=data["expected_birth_date"],
                sex=data["sex"],
                nhs_number=data["nhs_number"],
                home_postcode=data["home_postcode"],
                received_at=_received_at(data),
                source=data["source"],
                reason=data["reason"],
            )
        except JourneyError as error:
            form.add_journey_error(error)
        else:
            messages.success(
                request,
                f"{contact.child.full_name} registered ({contact.child.la_child_id}) and the "
                "contact recorded: it is waiting for a decision",
            )
            return redirect("frontdoor-queue")
    return render(
        request,
        "frontdoor/new_child.html",
        {"form": form, "back": reverse("frontdoor-search")},
    )


def _new_child_initial(request: HttpRequest) -> dict[str, Any]:
    """What the search already typed, carried into the registration form."""
    initial = _now_initial()
    words = request.GET.get("name", "").split()
    if words:
        initial["given_name"] = words[0]
        if len(words) > 1:
            initial["family_name"] = " ".join(words[1:])
    typed = request.GET.get("birth_date", "")
    if typed:
        from sightline.frontdoor.forms import TypedDateError, parse_typed_date

        with contextlib.suppress(TypedDateError):
            initial["birth_date"] = parse_typed_date(typed)
    if request.GET.get("nhs_number"):
        initial["nhs_number"] = request.GET["nhs_number"]
    return initial
