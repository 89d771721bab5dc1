"""The idle session timeout: the keep-alive URL and what the pages need for the warning.

The server side is Django's own: ``SESSION_COOKIE_AGE`` is ``SIGHTLINE_IDLE_MINUTES`` and
``SESSION_SAVE_EVERY_REQUEST`` slides the expiry forward on each request, so a session ends
that many minutes after the user's last request whatever the browser does. The browser side
(``static/web/idle.mjs``) warns ``SIGHTLINE_IDLE_WARNING_MINUTES`` before that, offers "Stay
signed in" (a POST here, which is itself a request and so slides the expiry) and signs the
user out when the time is up.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST


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
        }
    }
