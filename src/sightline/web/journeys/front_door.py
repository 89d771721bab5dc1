"""The front door's decision on a contact (issue 14, item 4; decision 0025).

One form: the level of need, why, consent, and what happens next. ``decide_contact`` records it
and opens the referral (for a referral or a strategy discussion) or early help in the same
transaction; a refusal of either leaves the contact undecided. It meets the contact-decision
obligation, so My work and the record link each waiting contact to this form.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from sightline.access.roles import FRONT_DOOR_DECISIONS
from sightline.core.codes import ReferralSource, label
from sightline.core.errors import JourneyError
from sightline.frontdoor.models import Contact
from sightline.frontdoor.services import decide_contact
from sightline.web.recording import Recording, RecordingForm, UseCase, register


def contact_to_decide(r: Recording) -> Contact:
    """The contact the form decides: the one named by the link, else the oldest undecided."""
    contacts = Contact.objects.filter(child=r.child)
    found = (
        contacts.filter(pk=r.subject_id).first()
        if r.subject_id
        else contacts.filter(decision="").order_by("received_at", "pk").first()
    )
    if found is None:
        raise JourneyError("Contact", "__all__", "the child has no contact waiting for a decision")
    return found


class DecisionForm(RecordingForm):
    threshold = forms.ChoiceField(
        label="What level of need does the contact show?",
        choices=Contact.Threshold.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the level of need the contact shows"},
    )
    rationale = forms.CharField(
        label="Why does it meet this level?",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What you know, what you checked, and why that decides the next step.",
        error_messages={"required": "Enter why the contact meets this level of need"},
    )
    consent = forms.ChoiceField(
        label="Parental consent",
        choices=Contact.Consent.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether parental consent was obtained"},
    )
    consent_dispensed_reason = forms.CharField(
        label="If consent was dispensed with, why",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    decision = forms.ChoiceField(
        label="What happens next?",
        choices=Contact.Decision.choices,
        widget=forms.RadioSelect,
        help_text="A referral or a strategy discussion opens a referral now; early help starts "
        "early help now.",
        error_messages={"required": "Choose what happens next"},
    )
    field_for_error = {"threshold_rationale": "rationale", "decided_at": "__all__"}


def _decide(r: Recording, data: dict[str, Any]) -> object:
    return decide_contact(
        contact=contact_to_decide(r),
        decision=data["decision"],
        decided_at=timezone.now(),
        decided_by=r.worker,
        rationale=data["rationale"],
        consent=data["consent"],
        consent_dispensed_reason=data["consent_dispensed_reason"],
        threshold=data["threshold"],
        today=r.today,
    )


def describe(contact: Contact) -> str:
    """The contact in words, for the top of the form."""
    received = timezone.localtime(contact.received_at)
    source = label(ReferralSource, contact.source)
    said = f"Contact received {received:%-d %B %Y} at {received:%H:%M} from {source.lower()}"
    if contact.decision:
        said += f"; already decided: {contact.get_decision_display().lower()}"
    return f"{said}. {contact.reason}".strip() if contact.reason else f"{said}."


DECIDE_CONTACT = register(
    UseCase(
        name="decide-contact",
        title="Decide what happens next",
        caption="Front door",
        form=DecisionForm,
        save=_decide,
        roles=FRONT_DOOR_DECISIONS,
        done="Decision recorded",
        changes=True,
        meets=frozenset({"CONTACT_DECISION"}),
        subject="contact",
    )
)
