"""A one-time password is good for one sign-in: the account must choose its own first.

When an account whose ``AccessProfile.must_change_password`` is set signs in, the session is
marked; until the user has chosen a new password, every page but "Choose a new password" (and
signing out, the idle timeout's keep-alive and static files) redirects there. The mark lives in
the session, so the check costs no query on other requests.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from sightline.access.models import AccessProfile

SESSION_KEY = "sightline_must_change_password"
ALWAYS_OPEN = ("change-password", "logout", "keep-alive", "govuk-asset")


@receiver(user_logged_in, dispatch_uid="sightline.access.passwords.signed_in")
def _mark_session(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is None or not hasattr(request, "session"):
        return
    if AccessProfile.objects.filter(user_id=user.pk, must_change_password=True).exists():
        request.session[SESSION_KEY] = True


def must_change(request: HttpRequest) -> bool:
    session = getattr(request, "session", None)
    return bool(session is not None and session.get(SESSION_KEY))


def changed(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)


class PasswordChangeRequiredMiddleware:
    """Send a user who signed in with a one-time password to choose their own first."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if must_change(request) and request.user.is_authenticated:
            allowed = {reverse(name) for name in ALWAYS_OPEN if name != "govuk-asset"}
            if request.path not in allowed and not request.path.startswith(
                ("/static/", "/assets/")
            ):
                return redirect("change-password")
        return self.get_response(request)
