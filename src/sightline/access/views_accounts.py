"""The administrator's pages (decision 0031): staff accounts, their roles and teams.

GOV.UK pages instead of Django's admin site (which is not installed: it would show people's
records as database rows, with no access policy and no audit trail). Every change is a service
in ``access/services_accounts.py``, audited; these views only read, validate and render. A
one-time password is shown once, in the response to the POST that made it, never stored
readable and never put in a URL; the page is not cached.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from sightline.access import passwords, queries, services_accounts
from sightline.access.forms import (
    AccountForm,
    ChangeRoleForm,
    CloseTeamForm,
    MoveTeamForm,
    NewPasswordForm,
    RenameTeamForm,
    TeamForm,
)
from sightline.access.policy import Viewer, role_of, viewer_for
from sightline.access.roles import ROLE_LABELS, Role
from sightline.core.errors import JourneyError
from sightline.web.pagination import paginate_request

ACCOUNTS_PER_PAGE = 50


def may_administer(viewer: Viewer) -> bool:
    return viewer.active and viewer.role == Role.SYSTEM_ADMINISTRATOR


def _refused(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "access/not_allowed.html",
        {"what": "Staff accounts", "who": "system administrators"},
        status=403,
    )


def _account_or_404(user_id: int) -> Any:
    user = queries.account(user_id)
    if user is None:
        raise Http404("No such account")
    return user


def _form_error(form: Any, error: JourneyError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.text)


def _role_label(person: Any) -> str:
    value = person.profile_role or person.worker_role
    return ROLE_LABELS[Role(value)] if value in Role._value2member_map_ else "No role"


@login_required
def accounts(request: HttpRequest) -> HttpResponse:
    if not may_administer(viewer_for(request.user)):
        return _refused(request)
    words = request.GET.get("words", "").strip()[:100]
    role = request.GET.get("role", "") if request.GET.get("role") in Role._value2member_map_ else ""
    state = (
        request.GET.get("state", "")
        if request.GET.get("state") in ("active", "deactivated")
        else ""
    )
    found = queries.accounts(words, role, state)
    page = paginate_request(request, found, ACCOUNTS_PER_PAGE)
    return render(
        request,
        "access/accounts/list.html",
        {
            "accounts": page,
            "words": words,
            "role": role,
            "state": state,
            "rows": [(person, _role_label(person)) for person in page],
            "roles": [(r.value, ROLE_LABELS[r]) for r in Role],
        },
    )


@login_required
@never_cache
def new_account(request: HttpRequest) -> HttpResponse:
    if not may_administer(viewer_for(request.user)):
        return _refused(request)
    form = AccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user, password = services_accounts.create_account(
                username=data["username"],
                given_name=data["given_name"],
                family_name=data["family_name"],
                email=data["email"],
                role=data["role"],
                team=form.team_object(),
                visit_starts=data["visit_starts"],
                visit_ends=data["visit_ends"],
            )
        except JourneyError as error:
            _form_error(form, error)
        else:
            return _one_time_password(request, user, password, "created")
    return render(
        request,
        "access/accounts/form.html",
        {"form": form, "new": True},
    )


def _one_time_password(request: HttpRequest, user: Any, password: str, done: str) -> HttpResponse:
    """The one time the password is shown: in the answer to the POST, not cached."""
    response = render(
        request,
        "access/accounts/password_issued.html",
        {"account": user, "password": password, "done": done},
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
def account(request: HttpRequest, user_id: int) -> HttpResponse:
    if not may_administer(viewer_for(request.user)):
        return _refused(request)
    user = _account_or_404(user_id)
    role = role_of(user)
    return render(
        request,
        "access/accounts/account.html",
        {
            "account": user,
            "role": role,
            "profile": getattr(user, "access_profile", None),
            "worker": getattr(user, "worker", None),
            "allocated": queries.open_allocations(user.pk),
            "own": user.pk == request.user.pk,
        },
    )


@login_required
@never_cache
def change_role(request: HttpRequest, user_id: int) -> HttpResponse:
    if not may_administer(viewer_for(request.user)):
        return _refused(request)
    user = _account_or_404(user_id)
    profile = getattr(user, "access_profile", None)
    worker = getattr(user, "worker", None)
    initial: dict[str, Any] = {
        "role": (role_of(user) or "") and str(role_of(user)),
        "team": str(worker.team_id) if worker is not None and worker.left_on is None else "",
    }
    if profile is not None and profile.valid_from and profile.valid_until:
        initial["visit_starts"] = timezone.localtime(profile.valid_from).date()
        initial["visit_ends"] = timezone.localtime(profile.valid_until).date()
    form = ChangeRoleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services_accounts.change_role(
                user=user,
                role=data["role"],
                team=form.team_object(),
                by=request.user,
                visit_starts=data["visit_starts"],
                visit_ends=data["visit_ends"],
            )
        except JourneyError as error:
            _form_error(form, error)
        else:
            messages.success(request, f"The role of {user.get_username()} was changed")
            return redirect("account", user_id=user.pk)
    return render(
        request,
        "access/accounts/form.html",
        {"form": form, "new": False, "account": user},
    )


def _confirm(
    request: HttpRequest, user_id: int, action: str, template: str
) -> tuple[Any, HttpResponse | None, str | None]:
    """The account and, for a GET, its confirmation page."""
    user = _account_or_404(user_id)
    if request.method != "POST":
        return (
            user,
            render(
                request,
                template,
                {"account": user, "action": action, "allocated": queries.open_allocations(user.pk)},
            ),
            None,
        )
    return user, None, None


@login_required
@never_cache
def deactivate(request: HttpRequest, user_id: int) -> HttpResponse:
    if not may_administer(viewer_for(request.user)):
        return _refused(request)
    user, page, _ = _confirm(request, user_id, "deactivate", "access/accounts/confirm.html")
    if page is not None:
        return page
    try:
        services_accounts.deactivate_account(user=user, by=request.user)
    except JourneyError as error:
        return _action_refused(request, user, "deactivate", error)
    messages.success(request, f"{user.get_username()} was deactivated: they can no longer sign in")
    return redirect("account", user_id=user.pk)


@login_required
@never_cache
def reactivate(request: HttpRequest, user_id: int) -> HttpResponse:
    if not may_administer(viewer_for(request.user)):
        return _refused(request)
    user, page, _ = _confirm(request, user_id, "reactivate", "access/accounts/confirm.html")
    if page is not None:
        return page
    try:
        user, password = services_accounts.reactivate_account(user=user, by=request.user)
    except JourneyError as error:
        return _action_refused(request, user, "reactivate", error)
    return _one_time_password(request, user, password, "reactivated")


@login_required
@never_cache
def reset_password(request: HttpRequest, user_id: int) -> HttpResponse:
    if not may_administer(viewer_for(request.user)):
        return _refused(request)
    user, page, _ = _confirm(request, user_id, "reset", "access/accounts/confirm.html")
    if page is not None:
        return page
    try:
        password = services_accounts.reset_password(user=user, by=request.user)
    except JourneyError as error:
        return _action_refused(request, user, "reset", error)
    return _one_time_password(request, user, password, "reset")


def _action_refused(
    request: HttpRequest, user: Any, action: str, error: JourneyError
) -> HttpResponse:
    return render(
        request,
        "access/accounts/confirm.html",
        {
            "account": user,
            "action": action,
            "allocated": queries.open_allocations(user.pk),
            "refused": error.text,
        },
    )


@login_required
@never_cache
def change_password(request: HttpRequest) -> HttpResponse:
    """Choose a new password: after signing in with a one-time password (required), or any
    time (from the account's link)."""
    form = NewPasswordForm(request.POST or None)
    required = passwords.must_change(request)
    if request.method == "POST" and form.is_valid():
        try:
            user = services_accounts.change_own_password(
                user=request.user, password=form.cleaned_data["new_password1"]
            )
        except JourneyError as error:
            _form_error(form, error)
        else:
            update_session_auth_hash(request, cast(Any, user))  # stay signed in here only
            passwords.changed(request)
            messages.success(request, "Your password was changed")
            return redirect("home")
    return render(
        request,
        "access/change_password.html",
        {"form": form, "required": required},
    )


@login_required
def teams(request: HttpRequest) -> HttpResponse:
    if not may_administer(viewer_for(request.user)):
        return _refused(request)
    return render(request, "access/accounts/teams.html", {"teams": list(queries.teams())})


@login_required
def new_team(request: HttpRequest) -> HttpResponse:
    if not may_administer(viewer_for(request.user)):
        return _refused(request)
    form = TeamForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            team = services_accounts.create_team(
                name=form.cleaned_data["name"],
                kind=form.cleaned_data["kind"],
                parent=form.parent_team(),
            )
        except JourneyError as error:
            _form_error(form, error)
        else:
            messages.success(request, f"The team {team.name} was created")
            return redirect("teams")
    return render(request, "access/accounts/team_form.html", {"form": form})


def _open_team(team_id: int) -> Any:
    from sightline.workforce.models import Team

    return get_object_or_404(Team, pk=team_id, closed_on__isnull=True)


@login_required
def rename_team(request: HttpRequest, team_id: int) -> HttpResponse:
    if not may_administer(viewer_for(request.user)):
        return _refused(request)
    team = _open_team(team_id)
    form = RenameTeamForm(request.POST or None, initial={"name": team.name})
    if request.method == "POST" and form.is_valid():
        old = team.name
        try:
            services_accounts.rename_team(team=team, name=form.cleaned_data["name"])
        except JourneyError as error:
            _form_error(form, error)
        else:
            messages.success(request, f"The team {old} is now called {team.name}")
            return redirect("teams")
    return render(request, "access/accounts/team_rename.html", {"form": form, "team": team})


@login_required
def move_team(request: HttpRequest, team_id: int) -> HttpResponse:
    if not may_administer(viewer_for(request.user)):
        return _refused(request)
    team = _open_team(team_id)
    form = MoveTeamForm(request.POST or None, team=team, initial={"parent": team.parent_id or ""})
    if request.method == "POST" and form.is_valid():
        try:
            services_accounts.move_team(team=team, parent=form.parent_team())
        except JourneyError as error:
            _form_error(form, error)
        else:
            where = f"part of {team.parent.name}" if team.parent else "a team at the top"
            messages.success(request, f"The team {team.name} is now {where}")
            return redirect("teams")
    return render(request, "access/accounts/team_move.html", {"form": form, "team": team})


@login_required
def close_team(request: HttpRequest, team_id: int) -> HttpResponse:
    """Asks before closing, and says at once (before the button) why the team cannot be
    closed yet, as the service would refuse it."""
    if not may_administer(viewer_for(request.user)):
        return _refused(request)
    team = _open_team(team_id)
    form = CloseTeamForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services_accounts.close_team(team=team)
        except JourneyError as error:
            _form_error(form, error)
        else:
            messages.success(request, f"The team {team.name} was closed")
            return redirect("teams")
    problem = queries.team_close_problem(team, timezone.localdate())
    return render(
        request,
        "access/accounts/team_close.html",
        {"form": form, "team": team, "problem": problem},
    )
