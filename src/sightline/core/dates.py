from __future__ import annotations

from datetime import date


def day(value: date) -> str:
    """A date as people write it in a record: 3 March 2026."""
    return f"{value.day} {value:%B %Y}"
