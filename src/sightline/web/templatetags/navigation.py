"""``{% offered_destinations as items %}``: the pages this user may open (web.navigation)."""

from __future__ import annotations

from typing import Any

from django import template

from sightline.web.navigation import Offered, offered

register = template.Library()


@register.simple_tag(takes_context=True)
def offered_destinations(context: Any) -> list[Offered]:
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    if user is None or not user.is_authenticated:
        return []
    cached: list[Offered] | None = getattr(request, "_sightline_offered", None)
    if cached is None:
        cached = offered(user)
        if request is not None:
            request._sightline_offered = cached
    return cached


@register.filter
def is_current_for(page: str | None, item: Offered) -> bool:
    """Is ``page`` (the URL name being shown) this destination or a page under it?"""
    return item.is_current(page)
