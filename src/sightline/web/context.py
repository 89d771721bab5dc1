from typing import Any

from django.conf import settings
from django.http import HttpRequest


def authority(request: HttpRequest) -> dict[str, Any]:
    """The configured authority, for the header and the synthetic-data banner on every page."""
    return {"authority": settings.AUTHORITY}
