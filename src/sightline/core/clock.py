from __future__ import annotations

from datetime import date

from django.utils import timezone


def today_or(today: date | None) -> date:
    """Services take an explicit ``today`` (tests, synthetic history); otherwise the real one."""
    return today if today is not None else timezone.localdate()
