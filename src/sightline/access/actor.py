"""Who is acting: the signed-in user on a web request, the operator on the command line.

The audit trail records the *current actor* with every event. A web request sets it in
``ActorMiddleware`` (installed after Django's AuthenticationMiddleware); a management command
wraps its work in ``acting_as(operator_name(options))`` so the operator (``--as USERNAME``,
default the operating-system user) is recorded (CONTRACTS.md "The authority, the database,
the operator").

Outside both (a shell, a script), the actor is the operating-system user with no address.
"""

from __future__ import annotations

import getpass
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse

ANONYMOUS = "anonymous"


@dataclass(frozen=True)
class Actor:
    """A username and, for a web request, the address it came from (else "")."""

    username: str
    ip: str = ""


_current: ContextVar[Actor | None] = ContextVar("sightline_actor", default=None)


def os_user() -> str:
    """The operating-system user running this process ("unknown" when it has no name)."""
    try:
        return getpass.getuser()
    except Exception:  # KeyError before Python 3.13, OSError from 3.13: no login name at all
        return "unknown"


def current_actor() -> Actor:
    """The actor set by ``acting_as`` or the middleware; else the operating-system user."""
    actor = _current.get()
    return actor if actor is not None else Actor(os_user())


@contextmanager
def acting_as(username: str, ip: str = "") -> Iterator[Actor]:
    """Make ``username`` (from ``ip``) the current actor inside the ``with`` block."""
    actor = Actor(username=username, ip=ip or "")
    token = _current.set(actor)
    try:
        yield actor
    finally:
        _current.reset(token)


def request_actor(request: HttpRequest) -> Actor:
    """The actor of a web request: the signed-in username (else "anonymous") and REMOTE_ADDR.

    REMOTE_ADDR is the address of whatever connected to Django; behind a reverse proxy that is
    the proxy, unless the proxy's deployment rewrites it.
    """
    user: Any = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    username = user.get_username() if signed_in else ANONYMOUS
    return Actor(username=username, ip=str(request.META.get("REMOTE_ADDR") or ""))


class ActorMiddleware:
    """Set the current actor for each request (goes after AuthenticationMiddleware)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        actor = request_actor(request)
        with acting_as(actor.username, actor.ip):
            return self.get_response(request)


def operator_name(options: Mapping[str, Any]) -> str:
    """The operator a command acts for: ``--as USERNAME`` if given, else the OS user."""
    return str(options.get("as") or os_user())
