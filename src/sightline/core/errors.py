"""The one error a service raises when a change would break the child's journey."""

from __future__ import annotations

from django.core.exceptions import ValidationError


class JourneyError(ValidationError):
    """A refused change, naming the record and the field at fault.

    It is a Django ValidationError keyed by field, so a form can show it beside the field and
    in the GOV.UK error summary; commands print ``str(error)``.
    """

    def __init__(self, record: str, field: str, message: str) -> None:
        self.record = record
        self.field = field
        self.text = message
        super().__init__({field: [message]})

    def __str__(self) -> str:
        return f"{self.record} {self.field}: {self.text}"
