"""Visits: one form for every purpose (CONTRACTS.md: one Visit model), meeting the visiting
obligations of each plan."""

from __future__ import annotations

from typing import Any

from django import forms

from sightline.access.roles import VISITORS
from sightline.protection.models import Visit
from sightline.protection.services import record_visit
from sightline.web.forms import DateField
from sightline.web.recording import Recording, RecordingForm, UseCase, YesNoField, register

# Which purpose a link from an obligation opens the form with.
PURPOSE_FOR_RULE = {
    "CP_VISIT": Visit.Purpose.CHILD_PROTECTION,
    "CIN_VISIT": Visit.Purpose.CHILD_IN_NEED,
    "LAC_VISIT": Visit.Purpose.LOOKED_AFTER,
    "PRIVATE_FOSTERING_FIRST_VISIT": Visit.Purpose.PRIVATE_FOSTERING,
    "PRIVATE_FOSTERING_VISIT": Visit.Purpose.PRIVATE_FOSTERING,
}


class VisitForm(RecordingForm):
    purpose = forms.ChoiceField(
        label="What was the visit for?",
        choices=Visit.Purpose.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the visit was for"},
    )
    visited_on = DateField(
        label="Date of the visit",
        help_text="For example, 6 12 2026",
        error_messages={"required": "Enter the date of the visit"},
    )
    child_seen = YesNoField(
        label="Was the child seen?", required_message="Say whether the child was seen"
    )
    seen_alone = YesNoField(
        label="Was the child seen alone?",
        required_message="Say whether the child was seen alone",
    )
    bedroom_seen = YesNoField(
        label="Was the child's bedroom seen?",
        required_message="Say whether the child's bedroom was seen",
        required=False,
    )
    note = forms.CharField(
        label="What the child said, and what you saw",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Write the child's words as they said them.",
    )
    field_for_error = {"worker": "__all__"}


def _save(r: Recording, data: dict[str, Any]) -> object:
    return record_visit(
        child=r.child,
        purpose=data["purpose"],
        visited_on=data["visited_on"],
        worker=r.worker,
        child_seen=data["child_seen"],
        seen_alone=data["seen_alone"],
        bedroom_seen=data["bedroom_seen"] if data.get("bedroom_seen") is not None else None,
        note=data["note"],
        today=r.today,
    )


def _initial(r: Recording) -> dict[str, Any]:
    initial: dict[str, Any] = {"visited_on": r.today}
    if r.rule in PURPOSE_FOR_RULE:
        initial["purpose"] = PURPOSE_FOR_RULE[r.rule]
    return initial


VISIT = register(
    UseCase(
        name="visit",
        title="Record a visit",
        form=VisitForm,
        save=_save,
        roles=VISITORS,
        done="Visit recorded",
        meets=frozenset(PURPOSE_FOR_RULE),
        initial=_initial,
    )
)
