"""One way to build a recording page (decision 0020).

A recording page is a **use case**: a GOV.UK form, the one service call that records it, who may
record it, and what it says when it is done. Everything else is done here, once, for every
page:

- the child is read through the access policy (a child this user may not see answers 404, as
  the record does, decision 0011) and ``access.policy.may_record`` decides who may record what
  (a 403 page says why);
- a ``JourneyError(record, field)`` from the service becomes that field's error message and a
  line of the GOV.UK error summary; the form keeps what was typed;
- a form that changes a record already there carries the child's record version and is saved
  inside ``core.writes.unchanged_since``: saved over a record someone else changed since it
  was opened, it says so and keeps the user's input (the service refuses, not the page);
- drafts: the page's script posts what has been typed every few seconds and on leaving the
  page; opening the form again offers the draft back; saving deletes it (``web.models.Draft``);
- above the fields, the record the form acts on in words ("Referral received 3 April 2026":
  ``UseCase.acting_on`` with ``described``); where there is none, the service's reason
  ("The child has no open referral"), so the page says before saving what saving would say;
- success returns to the child's record with a success banner.

A use case is declared in the journey's module under ``web/journeys/`` with ``register``.
``form_link(obligation)`` is the form that meets an open obligation, prefilled.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import transaction
from django.forms.utils import ErrorDict
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from sightline.access import audit
from sightline.access.policy import NEVER_RECORD, Viewer, may_record, visible_children
from sightline.access.retention import draft_cutoff
from sightline.access.roles import Role
from sightline.core.clock import today_or
from sightline.core.errors import JourneyError
from sightline.core.writes import RecordChanged, record_version, unchanged_since
from sightline.people.models import Person
from sightline.web.addresses import form_address
from sightline.web.back import back_url
from sightline.web.forms import ErrorSummaryMixin
from sightline.web.models import Draft
from sightline.web.templatetags.sightline_web import govuk_date
from sightline.workforce.models import Worker


class RecordingForm(ErrorSummaryMixin, forms.Form):
    """The base of every recording form: GOV.UK error summary, JourneyError on its field.

    ``field_for_error`` maps a service's field name to the form's where they differ.
    """

    field_for_error: Mapping[str, str] = {}
    acting_on: str = ""  # the record the form acts on, in words, shown above the fields
    # The record as it is, as summary-list rows (label, value) under ``acting_on``: a
    # correction shows the entry it corrects.
    showing: list[tuple[str, Any]] = []

    def prepare(self, r: Recording) -> None:
        """Fit the form to this child and user (choices that depend on them); called on every
        form the page builds, before it is read."""

    def add_journey_error(self, error: JourneyError) -> None:
        name = self.field_for_error.get(error.field, error.field)
        if name == NON_FIELD_ERRORS or name not in self.fields:
            # A field the form does not show: say which record and field, in words.
            message = error.text if name == NON_FIELD_ERRORS else f"{error.record}: {error.text}"
            self.add_error(None, _sentence(message))
        else:
            self.add_error(name, _sentence(error.text))


def _sentence(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:] if text else text


class YesNoField(forms.TypedChoiceField):
    """A yes/no question as GOV.UK radios (inline), read back as True or False."""

    def __init__(self, *, label: str, required_message: str, **kwargs: Any) -> None:
        kwargs.setdefault("empty_value", None)
        super().__init__(
            label=label,
            choices=[("yes", "Yes"), ("no", "No")],
            coerce=lambda value: value == "yes",
            widget=forms.RadioSelect(attrs={"inline": True}),
            error_messages={"required": required_message},
            **kwargs,
        )

    def prepare_value(self, value: Any) -> Any:
        if value is True:
            return "yes"
        if value is False:
            return "no"
        return value


@dataclass(frozen=True)
class Recording:
    """What a use case's ``save`` and ``initial`` get: who records what, for whom, on which
    record (``subject``: the record the form acts on, named by the link that opened it)."""

    child: Person
    user: Any
    worker: Worker | None
    today: date
    subject_id: int | None
    rule: str = ""  # the obligation the link that opened the form meets, e.g. "CP_VISIT"


@dataclass(frozen=True)
class UseCase:
    name: str  # in the URL: children/<la_child_id>/record/<name>/
    title: str  # the page's heading: "Record a visit"
    form: type[RecordingForm]
    save: Callable[[Recording, dict[str, Any]], object]  # calls one service
    roles: frozenset[Role]  # who may record it (decision 0020)
    done: str  # the success banner: "Visit recorded"
    changes: bool = False  # changes a record already there: no lost update
    meets: frozenset[str] = frozenset()  # the obligation rules the form meets
    subject: str = ""  # the query parameter naming the record it acts on, e.g. "assessment"
    initial: Callable[[Recording], dict[str, Any]] | None = None
    caption: str = ""  # the section above the heading: "Help and protection"
    extra: dict[str, Any] = field(default_factory=dict)  # anything a template may want
    # A rule about the record acted on, beyond the role (a correction: its author or a manager
    # above them); False answers the 403 page with ``refused`` as the reason.
    allowed: Callable[[Recording], bool] | None = None
    refused: str = ""
    # The success banner where it depends on what was saved (``save``'s result): "Strategy
    # discussion recorded: a section 47 enquiry started on 3 April 2026"; else ``done``.
    done_for: Callable[[Any], str] | None = None
    # The record the form acts on, in words, shown above the fields ("Referral received 3 April
    # 2026", see ``described``); a JourneyError it raises (no such record) is shown instead.
    acting_on: Callable[[Recording], str] | None = None
    # Offered in the record's menu of forms (web.workspace.record_menu); False for a form
    # reached only from what it acts on.
    in_menu: bool = True
    # When the form is usual for the child (a key of web.workspace.USUAL; "" follows its
    # caption's): the menu lists the usual forms first and the others under "Other forms".
    usual: str = ""


USE_CASES: dict[str, UseCase] = {}
_MEETS: dict[str, str] = {}


def register(use_case: UseCase) -> UseCase:
    if use_case.name in USE_CASES and USE_CASES[use_case.name] != use_case:
        raise ValueError(f"two use cases named {use_case.name!r}")
    USE_CASES[use_case.name] = use_case
    for rule in use_case.meets:
        if _MEETS.get(rule, use_case.name) != use_case.name:
            raise ValueError(f"obligation {rule!r} is met by two forms")
        _MEETS[rule] = use_case.name
    return use_case


def url_for(use_case: str, la_child_id: str, subject_id: int | None = None, rule: str = "") -> str:
    url = form_address(la_child_id, use_case)
    case = USE_CASES[use_case]
    query = {}
    if subject_id is not None and case.subject:
        query[case.subject] = str(subject_id)
    if rule:
        query["for"] = rule
    return f"{url}?{urlencode(query)}" if query else url


def may_use(use_case: UseCase, viewer: Viewer) -> bool:
    """May this viewer's role record this use case at all (``may_record`` without the child:
    for lists of children the viewer may already open, so no link ends in a 403)?"""
    return (
        viewer.active
        and viewer.role is not None
        and viewer.role not in NEVER_RECORD
        and viewer.role in use_case.roles
    )


def use_case_for(rule: str) -> UseCase | None:
    """The use case whose form meets obligations of this rule, if there is one."""
    name = _MEETS.get(rule)
    return USE_CASES[name] if name is not None else None


def form_link(obligation: Any, la_child_id: str, viewer: Viewer | None = None) -> str | None:
    """The form that meets this open obligation, prefilled with the record it is about; with
    ``viewer``, None unless the viewer's role may record it."""
    name = _MEETS.get(obligation.rule)
    if name is None or (viewer is not None and not may_use(USE_CASES[name], viewer)):
        return None
    return url_for(name, la_child_id, getattr(obligation, "subject_id", None), obligation.rule)


def form_links(
    obligations: list[Any], la_child_id: str, viewer: Viewer | None = None
) -> dict[int, str]:
    return {
        o.pk: link for o in obligations if (link := form_link(o, la_child_id, viewer)) is not None
    }


def described(what: str, on: date | None, *more: str) -> str:
    """A record in words for the line above a form: ``described("Referral received",
    date(2026, 4, 3))`` is "Referral received 3 April 2026"; ``more`` adds clauses after
    commas ("closed 5 May 2026")."""
    text = f"{what} {govuk_date(on)}" if on is not None else what
    return ", ".join([text, *(m for m in more if m)])


def _acting_on(use_case: UseCase, r: Recording) -> str:
    if use_case.acting_on is None:
        return ""
    try:
        return use_case.acting_on(r)
    except JourneyError as error:
        return _sentence(error.text).rstrip(".") + "."


# --- The one view -----------------------------------------------------------------------------


def _subject_id(request: HttpRequest, use_case: UseCase) -> int | None:
    if not use_case.subject:
        return None
    raw = request.GET.get(use_case.subject) or request.POST.get("_subject") or ""
    return int(raw) if raw.isdigit() else None


def _draft_key(use_case: UseCase, child: Person, subject_id: int | None) -> str:
    return f"{use_case.name}/{child.la_child_id}/{subject_id or ''}"


def _back(request: HttpRequest, child: Person) -> str:
    """The page the user came from (``?back=``, the form's ``_back``, or the referring page on
    this host), else the child's record (``web.back``)."""
    return back_url(request, reverse("child-record", args=[child.la_child_id]))


def _draft_data(request: HttpRequest, form: RecordingForm) -> dict[str, list[str]]:
    names = {
        f"{form[name].html_name}{suffix}"
        for name, f in form.fields.items()
        for suffix in (getattr(f.widget, "widgets_names", None) or [""])
    }
    return {k: request.POST.getlist(k) for k in request.POST if k in names}


@login_required
def record(request: HttpRequest, la_child_id: str, use_case: str) -> HttpResponse:
    case = USE_CASES.get(use_case)
    child = visible_children(request.user).filter(la_child_id=la_child_id).first()
    if case is None or child is None:
        raise Http404("No such page")
    if not may_record(request.user, child, case.roles):
        return render(
            request,
            "web/recording/refused.html",
            {"child": child, "use_case": case},
            status=403,
        )
    worker = Worker.objects.filter(user_id=request.user.pk or 0).first()
    subject_id = _subject_id(request, case)
    rule = request.GET.get("for", "")
    context = Recording(
        child, request.user, worker, today_or(None), subject_id, rule if rule in _MEETS else ""
    )
    if case.allowed is not None and not case.allowed(context):
        return render(
            request,
            "web/recording/refused.html",
            {"child": child, "use_case": case},
            status=403,
        )
    key = _draft_key(case, child, subject_id)
    drafts = Draft.objects.filter(author_id=request.user.pk, form=key)
    fresh = draft_cutoff(timezone.localdate())

    if request.method == "POST" and request.POST.get("_draft") == "1":
        form = _prepared(case.form(request.POST), context)
        Draft.objects.update_or_create(
            author_id=request.user.pk,
            form=key,
            defaults={
                "child": child,
                "data": _draft_data(request, form),
                "record_version": _version(request.POST.get("_version")),
                "saved_at": timezone.now(),
            },
        )
        return HttpResponse(status=204)

    if request.method == "POST" and request.POST.get("_discard") == "1":
        drafts.delete()
        return redirect(request.get_full_path())

    draft = None
    if request.method == "POST":
        form = _prepared(case.form(request.POST), context)
        version = _version(request.POST.get("_version"))
        if form.is_valid():
            try:
                with transaction.atomic():
                    if case.changes:
                        with unchanged_since(child.pk, version):
                            saved = case.save(context, form.cleaned_data)
                    else:
                        saved = case.save(context, form.cleaned_data)
                    drafts.delete()
            except RecordChanged as changed:
                form.add_journey_error(changed)
                version = changed.current
            except JourneyError as error:
                form.add_journey_error(error)
            else:
                messages.success(request, case.done_for(saved) if case.done_for else case.done)
                return redirect(_back(request, child))
    else:
        draft = drafts.filter(saved_at__gte=fresh).first()
        if draft is not None:
            form = _prepared(case.form(_as_query(draft.data)), context)
            # Offered back as typed, not judged until it is saved.
            form._errors = ErrorDict()  # type: ignore[attr-defined]
            version = draft.record_version
        else:
            initial = case.initial(context) if case.initial else None
            form = _prepared(case.form(initial=initial), context)
            version = record_version(child.pk)
    audit.record_view(child, request)
    return render(
        request,
        "web/recording/form.html",
        {
            "child": child,
            "use_case": case,
            "form": form,
            "version": version,
            "draft": draft,
            "subject_id": subject_id,
            "acting_on": _acting_on(case, context) or form.acting_on,
            "back": _back(request, child),
        },
    )


def _prepared(form: RecordingForm, r: Recording) -> RecordingForm:
    form.prepare(r)
    return form


def _as_query(data: dict[str, list[str]]) -> QueryDict:
    query = QueryDict(mutable=True)
    for name, values in data.items():
        query.setlist(name, values)
    return query


def _version(raw: str | None) -> int:
    return int(raw) if raw and raw.isdigit() else 0
