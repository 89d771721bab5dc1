"""Template filters of the quality pages."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def percent(value: float | None) -> str:
    """A share as a whole percentage; a dash where nothing was graded."""
    return "\u2013" if value is None else f"{round(value * 100)}%"


@register.filter
def get(mapping: Any, key: str) -> Any:
    return mapping.get(key) if mapping else None


@register.filter
def sections(roll: Any) -> list[tuple[str, Any, str]]:
    return [
        ("All audits", [roll.overall], "rollup-all"),
        ("By theme", roll.by_theme, "rollup-theme"),
        ("By team", roll.by_team, "rollup-team"),
        ("By stage of the journey", roll.by_stage, "rollup-stage"),
    ]


@register.filter
def figure(value: float | None, unit: str = "") -> str:
    """A KPI's value as the pack shows it: one decimal place, its unit; "Not available" where
    there is none."""
    if value is None:
        return "Not available"
    text = f"{value:,.1f}"
    return f"{text}%" if unit == "%" else f"{text} {unit}".strip()
