"""Private fostering (issue 14, item 5): a notified arrangement, proposed or started, and its
end. Visits to a privately fostered child are the visit form (``visits.py``)."""

from __future__ import annotations

from typing import Any

from django import forms

from sightline.access.roles import SOCIAL_WORK, Role
from sightline.core.errors import JourneyError
from sightline.protection.models import PrivateFosteringArrangement
from sightline.protection.services import end_private_fostering, notify_private_fostering
from sightline.web.forms import DateField
from sightline.web.recording import Recording, RecordingForm, UseCase, register

# Notifications arrive at the front door as often as with the child's social worker.
PRIVATE_FOSTERING_ROLES = frozenset({*SOCIAL_WORK, Role.FRONT_DOOR})
EXAMPLE = "For example, 6 12 2026"


class NotificationForm(RecordingForm):
    carer_name = forms.CharField(
        label="Name of the private foster carer",
        max_length=200,
        error_messages={"required": "Enter the private foster carer's name"},
    )
    notified_on = DateField(
        label="Date the authority was notified",
        help_text=EXAMPLE,
        error_messages={"required": "Enter the date the authority was notified"},
    )
    arrangement_started_on = DateField(
        label="Date the arrangement started, or is to start",
        help_text="A proposed arrangement starts after the notification. " + EXAMPLE,
        error_messages={"required": "Enter the date the arrangement started or is to start"},
    )
    field_for_error = {"carer": "carer_name", "child": "__all__"}


def _notify(r: Recording, data: dict[str, Any]) -> object:
    return notify_private_fostering(
        child=r.child,
        carer_name=data["carer_name"],
        notified_on=data["notified_on"],
        arrangement_started_on=data["arrangement_started_on"],
        today=r.today,
    )


NOTIFY_PRIVATE_FOSTERING = register(
    UseCase(
        name="private-fostering",
        title="Record a private fostering notification",
        caption="Help and protection",
        form=NotificationForm,
        save=_notify,
        roles=PRIVATE_FOSTERING_ROLES,
        done="Private fostering arrangement recorded",
        initial=lambda r: {"notified_on": r.today},
    )
)


def open_arrangement(r: Recording) -> PrivateFosteringArrangement:
    found = PrivateFosteringArrangement.objects.filter(child=r.child)
    arrangement = (
        found.filter(pk=r.subject_id).first()
        if r.subject_id
        else found.filter(ended_on__isnull=True).first()
    )
    if arrangement is None:
        raise JourneyError(
            "Private fostering arrangement",
            "__all__",
            "the child has no open private fostering arrangement",
        )
    return arrangement


class EndArrangementForm(RecordingForm):
    ended_on = DateField(
        label="Date the arrangement ended",
        help_text=EXAMPLE,
        error_messages={"required": "Enter the date the arrangement ended"},
    )
    end_reason = forms.ChoiceField(
        label="Why did it end?",
        choices=PrivateFosteringArrangement.EndReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose why the arrangement ended"},
    )


def _end(r: Recording, data: dict[str, Any]) -> object:
    return end_private_fostering(
        arrangement=open_arrangement(r),
        ended_on=data["ended_on"],
        reason=data["end_reason"],
        today=r.today,
    )


END_PRIVATE_FOSTERING = register(
    UseCase(
        name="end-private-fostering",
        title="End a private fostering arrangement",
        caption="Help and protection",
        form=EndArrangementForm,
        save=_end,
        roles=PRIVATE_FOSTERING_ROLES,
        done="Private fostering arrangement ended",
        changes=True,
        subject="arrangement",
        initial=lambda r: {"ended_on": r.today},
        usual="open private_fostering",
    )
)
