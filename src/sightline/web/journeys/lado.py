"""Allegations against people who work with children, referred to the local authority
designated officer (LADO), and their conclusion (issue 14, item 5). Recorded by the child's
social workers and managers, and by the front door, where such allegations often arrive."""

from __future__ import annotations

from typing import Any

from django import forms

from sightline.access.roles import SOCIAL_WORK, Role
from sightline.core.errors import JourneyError
from sightline.protection.models import AllegationToLADO
from sightline.protection.services import conclude_allegation, record_allegation
from sightline.web.forms import DateField
from sightline.web.recording import Recording, RecordingForm, UseCase, register

LADO_ROLES = frozenset({*SOCIAL_WORK, Role.FRONT_DOOR})
EXAMPLE = "For example, 6 12 2026"


class AllegationForm(RecordingForm):
    subject_role = forms.CharField(
        label="Role of the person the allegation is about",
        help_text="For example, teacher, foster carer, sports coach",
        max_length=120,
        error_messages={"required": "Enter the role of the person the allegation is about"},
    )
    subject_employer = forms.CharField(
        label="Their employer or organisation (optional)", max_length=200, required=False
    )
    came_to_attention_on = DateField(
        label="Date the allegation came to the employer's attention",
        help_text=EXAMPLE,
        error_messages={"required": "Enter the date the allegation came to attention"},
    )
    referred_on = DateField(
        label="Date it was referred to the LADO",
        help_text=EXAMPLE,
        error_messages={"required": "Enter the date it was referred to the LADO"},
    )


def _record(r: Recording, data: dict[str, Any]) -> object:
    return record_allegation(
        child=r.child,
        subject_role=data["subject_role"],
        subject_employer=data["subject_employer"],
        came_to_attention_on=data["came_to_attention_on"],
        referred_on=data["referred_on"],
        received_by=r.worker,
        today=r.today,
    )


RECORD_ALLEGATION = register(
    UseCase(
        name="lado-allegation",
        title="Record an allegation referred to the LADO",
        caption="Help and protection",
        form=AllegationForm,
        save=_record,
        roles=LADO_ROLES,
        done="Allegation to the LADO recorded",
        initial=lambda r: {"came_to_attention_on": r.today, "referred_on": r.today},
    )
)


def open_allegation(r: Recording) -> AllegationToLADO:
    """The allegation named by the link, else the child's latest one not yet concluded."""
    found = AllegationToLADO.objects.filter(child=r.child)
    allegation = (
        found.filter(pk=r.subject_id).first()
        if r.subject_id
        else found.filter(concluded_on__isnull=True).order_by("-referred_on", "-pk").first()
    )
    if allegation is None:
        raise JourneyError(
            "Allegation to the LADO", "__all__", "the child has no allegation still open"
        )
    return allegation


class ConcludeAllegationForm(RecordingForm):
    concluded_on = DateField(
        label="Date the allegation was concluded",
        help_text=EXAMPLE,
        error_messages={"required": "Enter the date the allegation was concluded"},
    )
    outcome = forms.ChoiceField(
        label="What was the outcome?",
        choices=AllegationToLADO.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the outcome"},
    )


def _conclude(r: Recording, data: dict[str, Any]) -> object:
    return conclude_allegation(
        allegation=open_allegation(r),
        concluded_on=data["concluded_on"],
        outcome=data["outcome"],
        today=r.today,
    )


CONCLUDE_ALLEGATION = register(
    UseCase(
        name="conclude-lado-allegation",
        title="Conclude an allegation to the LADO",
        caption="Help and protection",
        form=ConcludeAllegationForm,
        save=_conclude,
        roles=LADO_ROLES,
        done="Allegation to the LADO concluded",
        changes=True,
        subject="allegation",
        initial=lambda r: {"concluded_on": r.today},
        usual="open lado",
    )
)
