from __future__ import annotations

from django import template

from sightline.inspection.pack import shown

register = template.Library()
MINUS = "\u2212"  # the typographic minus sign


@register.filter
def figure(value: float | None, measure: str = "") -> str:
    return shown(value, measure)


@register.filter
def signed(value: float | None, measure: str = "") -> str:
    """A change, with its sign."""
    if value is None:
        return "not available"
    text = shown(abs(value), "count" if measure == "count" else "")
    points = " points" if measure == "percent" else ""
    sign = "+" if value > 0 else MINUS if value < 0 else ""
    return f"{sign}{text}{points}"
