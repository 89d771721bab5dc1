"""Back links that go back: to the page the user came from, on this host, else a default.

The page asked for with ``?back=`` (or a form's ``_back`` field) comes first, then the
browser's ``Referer`` (sent for pages of this site: Referrer-Policy is same-origin). Another
host, a scheme change or the page itself is never a back link; ``within`` names pages (by path
prefix) a back link should skip, such as the other tabs of the same record; signing in and
other pages in ``NEVER_BACK`` are never back.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.http import HttpRequest
from django.urls import Resolver404, resolve
from django.utils.http import url_has_allowed_host_and_scheme

# Pages a back link never goes to: signing in or out (the page before a sign-in is not where
# the user was working), the session's keep-alive, break-glass (it leads on to the record).
NEVER_BACK = frozenset({"login", "logout", "keep-alive", "break-glass", "govuk-asset"})


def _local(request: HttpRequest, url: str) -> str | None:
    """``url`` as a path on this host (with its query), or None when it is not one."""
    if not url or not url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return None
    parts = urlsplit(url)
    if not parts.path.startswith("/"):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def back_url(request: HttpRequest, default: str, *, within: str = "") -> str:
    """Where the back link goes: the page asked for or the page the user came from, if it is
    on this host and neither this page nor under ``within``; otherwise ``default``."""
    wanted = request.POST.get("_back") if request.method == "POST" else None
    for candidate in (wanted, request.GET.get("back"), request.headers.get("referer")):
        path = _local(request, candidate or "")
        if path is None:
            continue
        if urlsplit(path).path == request.path:
            continue
        try:
            page = resolve(urlsplit(path).path).url_name
        except Resolver404:
            continue  # not a page of Sightline's
        if page in NEVER_BACK:
            continue
        if within and path.startswith(within):
            continue
        return path
    return default
