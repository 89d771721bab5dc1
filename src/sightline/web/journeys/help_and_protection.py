"""Help and protection: from referral to the end of the episode (issue 14, item 5).

Each use case prefills what the record already knows: the open referral, the strategy
discussion an enquiry follows, the plan a review conference reviews.
"""

from __future__ import annotations

from typing import Any

from django import forms

from sightline.access.roles import SOCIAL_WORK
from sightline.core.codes import ClosureReason
from sightline.core.errors import JourneyError
from sightline.protection.models import Referral
from sightline.protection.services import close_referral
from sightline.web.forms import DateField
from sightline.web.recording import Recording, RecordingForm, UseCase, register


def open_referral(r: Recording) -> Referral:
    """The record the form acts on: the referral named by the link, else the open one."""
    referrals = Referral.objects.filter(child=r.child)
    found = (
        referrals.filter(pk=r.subject_id).first()
        if r.subject_id
        else referrals.filter(closure_date__isnull=True).first()
    )
    if found is None:
        raise JourneyError("Referral", "__all__", "the child has no open referral")
    return found


class CloseReferralForm(RecordingForm):
    closure_date = DateField(
        label="Date the episode closed",
        help_text="For example, 6 12 2026",
        error_messages={"required": "Enter the date the episode closed"},
    )
    reason = forms.ChoiceField(
        label="Why is the episode closing?",
        choices=ClosureReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose why the episode is closing"},
    )
    field_for_error = {"closure_reason": "reason"}


def _close(r: Recording, data: dict[str, Any]) -> object:
    return close_referral(
        referral=open_referral(r),
        closure_date=data["closure_date"],
        reason=data["reason"],
        today=r.today,
    )


CLOSE_REFERRAL = register(
    UseCase(
        name="close-referral",
        title="Close the episode",
        caption="Help and protection",
        form=CloseReferralForm,
        save=_close,
        roles=SOCIAL_WORK,
        done="Episode closed",
        changes=True,
        subject="referral",
        initial=lambda r: {"closure_date": r.today},
    )
)
