"""Deployment guards that settings alone cannot express.

``LoopbackOnlyMiddleware``: while a public development key is in use outside development and
the tests (``SIGHTLINE_LOOPBACK_ONLY``, set by settings: the demo), every request that does not
come from this computer is refused, whatever address the server was told to listen on. The
demo (`sightline demo`) serves http://127.0.0.1:8000, so it never sees such a request; a demo
exposed on a network by mistake answers nothing but this refusal.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden

REFUSAL = (
    "This Sightline demo uses public keys and answers only to this computer. "
    "To serve it to others, set SECRET_KEY and SIGHTLINE_AUDIT_KEY (see the README)."
)


def is_loopback(address: str) -> bool:
    """Whether a REMOTE_ADDR is this computer (127.0.0.0/8 or ::1)."""
    try:
        return ipaddress.ip_address(address.strip()).is_loopback
    except ValueError:
        return False


class LoopbackOnlyMiddleware:
    """Refuse requests from other computers while the demo's public keys are in use."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.SIGHTLINE_LOOPBACK_ONLY and not is_loopback(
            str(request.META.get("REMOTE_ADDR") or "")
        ):
            return HttpResponseForbidden(REFUSAL, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
