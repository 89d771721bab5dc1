"""Pre-proceedings under the Public Law Outline (issue 14, item 5): the decision to enter them,
during the open referral, and their end with its outcome."""

from __future__ import annotations

from typing import Any

from django import forms

from sightline.access.roles import SOCIAL_WORK
from sightline.core.errors import JourneyError
from sightline.protection.models import PreProceedings, Referral
from sightline.protection.services import end_pre_proceedings, start_pre_proceedings
from sightline.web.forms import DateField
from sightline.web.recording import Recording, RecordingForm, UseCase, register

EXAMPLE = "For example, 6 12 2026"


def referral_for(r: Recording) -> Referral:
    """The referral named by the link, else the child's open referral."""
    referrals = Referral.objects.filter(child=r.child)
    found = (
        referrals.filter(pk=r.subject_id).first()
        if r.subject_id
        else referrals.filter(closure_date__isnull=True).order_by("-referral_date").first()
    )
    if found is None:
        raise JourneyError("Pre-proceedings", "__all__", "the child has no open referral")
    return found


def open_pre_proceedings(r: Recording) -> PreProceedings:
    found = PreProceedings.objects.filter(child=r.child)
    pre = (
        found.filter(pk=r.subject_id).first()
        if r.subject_id
        else found.filter(ended_on__isnull=True).order_by("-started_on").first()
    )
    if pre is None:
        raise JourneyError("Pre-proceedings", "__all__", "the child is not in pre-proceedings")
    return pre


class StartPreProceedingsForm(RecordingForm):
    started_on = DateField(
        label="Date of the decision to enter pre-proceedings",
        help_text=EXAMPLE,
        error_messages={"required": "Enter the date of the decision"},
    )
    letter_sent_on = DateField(
        label="Date the letter before proceedings was sent (if it has been)",
        help_text=EXAMPLE,
        required=False,
    )
    meeting_on = DateField(
        label="Date of the pre-proceedings meeting (if one is held or planned)",
        help_text=EXAMPLE,
        required=False,
    )
    field_for_error = {"referral": "__all__"}


def _start(r: Recording, data: dict[str, Any]) -> object:
    return start_pre_proceedings(
        referral=referral_for(r),
        started_on=data["started_on"],
        letter_sent_on=data["letter_sent_on"],
        meeting_on=data["meeting_on"],
        today=r.today,
    )


START_PRE_PROCEEDINGS = register(
    UseCase(
        name="start-pre-proceedings",
        title="Start pre-proceedings",
        caption="Help and protection",
        form=StartPreProceedingsForm,
        save=_start,
        roles=SOCIAL_WORK,
        done="Pre-proceedings started",
        subject="referral",
        initial=lambda r: {"started_on": r.today},
    )
)


class EndPreProceedingsForm(RecordingForm):
    ended_on = DateField(
        label="Date pre-proceedings ended",
        help_text=EXAMPLE,
        error_messages={"required": "Enter the date pre-proceedings ended"},
    )
    outcome = forms.ChoiceField(
        label="What was the outcome?",
        choices=PreProceedings.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the outcome"},
    )


def _end(r: Recording, data: dict[str, Any]) -> object:
    return end_pre_proceedings(
        pre=open_pre_proceedings(r),
        ended_on=data["ended_on"],
        outcome=data["outcome"],
        today=r.today,
    )


END_PRE_PROCEEDINGS = register(
    UseCase(
        name="end-pre-proceedings",
        title="End pre-proceedings",
        caption="Help and protection",
        form=EndPreProceedingsForm,
        save=_end,
        roles=SOCIAL_WORK,
        done="Pre-proceedings ended",
        changes=True,
        subject="pre",
        initial=lambda r: {"ended_on": r.today},
        usual="open pre_proceedings",
    )
)
