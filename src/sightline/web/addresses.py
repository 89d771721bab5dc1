"""The addresses of a child's pages, for lists: ``reverse`` once per page name (per process
and script prefix) with a marker where the child goes, then the child's ID put in its place.
A ``reverse`` per row (``{% url %}`` in a loop) costs more than the rest of the row; these give
the same address (tests/web/test_display_filters.py holds them to ``reverse``)."""

from __future__ import annotations

import functools
from typing import Any
from urllib.parse import quote

from django.urls import get_script_prefix, reverse

MARKER = "child-id-marker"  # stands for the LA child ID in a reversed address
SAFE = "!$&'()*+,;=~:@"  # what reverse leaves unquoted in a path segment (RFC 3986)


@functools.cache
def _address(script_prefix: str, name: str, use_case: str | None) -> str:
    if use_case is None:
        return reverse(name, args=[MARKER])
    return reverse("record", kwargs={"la_child_id": MARKER, "use_case": use_case})


def _put(address: str, la_child_id: Any) -> str:
    return address.replace(MARKER, quote(str(la_child_id), safe=SAFE))


def child_address(la_child_id: Any, name: str = "child-record") -> str:
    """``reverse(name, args=[la_child_id])`` for a page about one child."""
    return _put(_address(get_script_prefix(), name, None), la_child_id)


def form_address(la_child_id: Any, use_case: str) -> str:
    """``reverse("record", args=[la_child_id, use_case])``: a recording form for the child."""
    return _put(_address(get_script_prefix(), "record", use_case), la_child_id)
