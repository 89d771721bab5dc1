"""The idle session timeout: the keep-alive URL and what the pages need for the warning.

The server side is Django's own: ``SESSION_COOKIE_AGE`` is ``SIGHTLINE_IDLE_MINUTES`` and
``SESSION_SAVE_EVERY_REQUEST`` slides the expiry forward on each request, so a session ends
that many minutes after the user's last request whatever the browser does. The browser side
(``static/web/idle.mjs``) warns ``SIGHTLINE_IDLE_WARNING_MINUTES`` before that, offers "Stay
signed in" (a POST here, which is itself a request and so slides the expiry) and signs the
user out when the time is up.

Beside it, an absolute lifetime: whatever the activity, a session ends
``SIGHTLINE_SESSION_MAX_HOURS`` after sign-in. The time of sign-in is kept in the session
(``SIGNED_IN_AT``, set by the ``user_logged_in`` signal) and ``SessionLifetimeMiddleware`` signs
out a session older than that, before any view runs, and sends the user to sign in again.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

SIGNED_IN_AT = "sightline_signed_in_at"  # seconds since the epoch, in the session


@receiver(user_logged_in, dispatch_uid="sightline.access.session.signed_in_at")
def _note_sign_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    session = getattr(request, "session", None)
    if session is not None:
        session[SIGNED_IN_AT] = time.time()


def session_expired(signed_in_at: object, now: float) -> bool:
    """Whether a session signed in at ``signed_in_at`` has outlived the absolute lifetime (a
    session with no readable time of sign-in has: it cannot show it has not)."""
    if not isinstance(signed_in_at, int | float):
        return True
    return now - float(signed_in_at) >= settings.SIGHTLINE_SESSION_MAX_HOURS * 3600


class SessionLifetimeMiddleware:
    """Sign out a session older than ``SIGHTLINE_SESSION_MAX_HOURS`` (after authentication)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and session_expired(request.session.get(SIGNED_IN_AT), time.time())
        ):
            logout(request)
            return redirect(f"{reverse('login')}?expired=1")
        return self.get_response(request)


@login_required
@require_POST
def keep_alive(request: HttpRequest) -> HttpResponse:
    """Nothing to do: reaching a view saves the session, which moves its expiry on."""
    return HttpResponse(status=204)


def idle_timeout(request: HttpRequest) -> dict[str, Any]:
    """Template context: the idle timeout in minutes and how long before it the warning shows."""
    return {
        "idle_timeout": {
            "minutes": settings.SIGHTLINE_IDLE_MINUTES,
            "warning_minutes": settings.SIGHTLINE_IDLE_WARNING_MINUTES,
        },
        "session_max_hours": settings.SIGHTLINE_SESSION_MAX_HOURS,
    }
