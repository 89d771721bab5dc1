"""Child protection (issue 14, item 5; decision 0027): the strategy discussion, the section 47
enquiry it starts and its outcome, the initial and review conferences, and with them the start
and end of the child protection plan.

Each form acts on a record the child already has, shown above its fields in words: the
strategy discussion on the open referral, the enquiry's outcome on the open enquiry, the initial
conference on the enquiry it follows, the review on the plan it reviews (the record the link
names, else the open one). A child arriving on another authority's plan has a transfer-in
conference on the open referral instead of an initial one. The enquiry has no form of its own
to start it: the strategy discussion that decides on one starts it that day. The plan has none
either: the initial (or transfer-in) conference that decides on one starts it that day, and a
review that decides to end it ends it; closing the episode ends it too (a child who moves to
another authority).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from sightline.access.roles import CHAIRING, SOCIAL_WORK
from sightline.core.codes import AbuseCategory
from sightline.core.errors import JourneyError
from sightline.frontdoor.models import Contact
from sightline.protection.models import (
    ChildProtectionConference,
    ChildProtectionPlan,
    Referral,
    Section47Enquiry,
    StrategyDiscussion,
)
from sightline.protection.services import (
    complete_section47,
    hold_conference,
    hold_strategy_discussion,
)
from sightline.web.forms import DateField
from sightline.web.recording import (
    Recording,
    RecordingForm,
    UseCase,
    YesNoField,
    described,
    register,
)
from sightline.web.templatetags.sightline_web import govuk_date

CAPTION = "Child protection"
EXAMPLE = "For example, 6 12 2026"
Out = ChildProtectionConference.Outcome
S47 = Section47Enquiry.Outcome


# --- The record each form acts on -------------------------------------------------------------


def referral_for(r: Recording) -> Referral | None:
    """The referral named by the link, else the child's open referral."""
    referrals = Referral.objects.filter(child=r.child).select_related("contact")
    if r.subject_id:
        return referrals.filter(pk=r.subject_id).first()
    return referrals.filter(closure_date__isnull=True).order_by("-referral_date").first()


def enquiry_for(r: Recording) -> Section47Enquiry | None:
    """The enquiry named by the link, else the child's latest enquiry not yet completed."""
    enquiries = Section47Enquiry.objects.filter(child=r.child).select_related("strategy_discussion")
    if r.subject_id:
        return enquiries.filter(pk=r.subject_id).first()
    return enquiries.filter(completed_on__isnull=True).order_by("-started_on").first()


def enquiry_for_conference(r: Recording) -> Section47Enquiry | None:
    """The enquiry an initial conference follows: the one the link names, else the latest
    enquiry that ended in (or has not yet ruled out) a conference."""
    if r.subject_id:
        return enquiry_for(r)
    return (
        Section47Enquiry.objects.filter(
            child=r.child,
            outcome__in=("", Section47Enquiry.Outcome.CONFERENCE),
            icpc_not_required=False,
        )
        .exclude(conferences__kind=ChildProtectionConference.Kind.INITIAL)
        .select_related("strategy_discussion")
        .order_by("-started_on")
        .first()
    )


def plan_for(r: Recording) -> ChildProtectionPlan | None:
    """The plan a review conference reviews: the one the link names, else the open plan."""
    plans = ChildProtectionPlan.objects.filter(child=r.child)
    if r.subject_id:
        return plans.filter(pk=r.subject_id).first()
    return plans.filter(ended_on__isnull=True).order_by("-started_on").first()


def _missing(record: str, text: str) -> JourneyError:
    return JourneyError(record, "__all__", text)


def referral_in_words(referral: Referral) -> str:
    """ "Referral received 3 April 2026, with a strategy discussion decided at the front door on
    3 April 2026" (and "closed …" once closed)."""
    contact = referral.contact
    decided = ""
    if contact is not None and contact.decision == Contact.Decision.STRATEGY:
        decided = "with a strategy discussion decided at the front door"
        if contact.decided_at is not None:
            decided += f" on {govuk_date(timezone.localdate(contact.decided_at))}"
    closed = f"closed {govuk_date(referral.closure_date)}" if referral.closure_date else ""
    return described("Referral received", referral.referral_date, decided, closed)


def enquiry_in_words(enquiry: Section47Enquiry) -> str:
    completed = (
        f"completed {govuk_date(enquiry.completed_on)}: {enquiry.get_outcome_display().lower()}"
        if enquiry.completed_on
        else ""
    )
    return described(
        "Section 47 enquiry started",
        enquiry.started_on,
        f"after the strategy discussion held {govuk_date(enquiry.strategy_discussion.held_on)}",
        completed,
    )


def plan_in_words(plan: ChildProtectionPlan) -> str:
    reviewed = (
        plan.conferences.filter(kind=ChildProtectionConference.Kind.REVIEW)
        .order_by("-held_on")
        .values_list("held_on", flat=True)
        .first()
    )
    return described(
        "Child protection plan started",
        plan.started_on,
        f"category: {plan.get_latest_category_display().lower()}",
        f"last reviewed {govuk_date(reviewed)}" if reviewed else "not yet reviewed",
        f"ended {govuk_date(plan.ended_on)}" if plan.ended_on else "",
    )


def _acting_on_referral(r: Recording) -> str:
    referral = referral_for(r)
    if referral is None:
        raise _missing("Referral", "the child has no open referral")
    return referral_in_words(referral)


def _acting_on_enquiry(r: Recording) -> str:
    enquiry = enquiry_for(r)
    if enquiry is None:
        raise _missing("Section 47 enquiry", "the child has no open section 47 enquiry")
    return enquiry_in_words(enquiry)


def _acting_on_enquiry_for_conference(r: Recording) -> str:
    enquiry = enquiry_for_conference(r)
    if enquiry is None:
        raise _missing(
            "Section 47 enquiry", "the child has no section 47 enquiry needing a conference"
        )
    return enquiry_in_words(enquiry)


def _acting_on_plan(r: Recording) -> str:
    plan = plan_for(r)
    if plan is None:
        raise _missing("Child protection plan", "the child has no open child protection plan")
    return plan_in_words(plan)


# --- Strategy discussion ----------------------------------------------------------------------


class StrategyDiscussionForm(RecordingForm):
    requested_on = DateField(
        label="Date the strategy discussion was asked for (if known)",
        help_text=EXAMPLE,
        required=False,
    )
    held_on = DateField(
        label="Date the strategy discussion was held",
        help_text=EXAMPLE,
        error_messages={"required": "Enter the date the strategy discussion was held"},
    )
    agencies = forms.MultipleChoiceField(
        label="Which agencies took part?",
        help_text="Select all that apply.",
        choices=StrategyDiscussion.Agency.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    outcome = forms.ChoiceField(
        label="What did the strategy discussion decide?",
        help_text="A section 47 enquiry starts on the day of the discussion.",
        choices=StrategyDiscussion.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the strategy discussion decided"},
    )
    chaired = YesNoField(
        label="Did you chair the strategy discussion?",
        required_message="Say whether you chaired the strategy discussion",
    )
    field_for_error = {"chaired_by": "chaired"}


def _strategy_discussion(r: Recording, data: dict[str, Any]) -> StrategyDiscussion:
    referral = referral_for(r)
    if referral is None:
        raise JourneyError("Strategy discussion", "referral", "the child has no open referral")
    return hold_strategy_discussion(
        referral=referral,
        held_on=data["held_on"],
        outcome=data["outcome"],
        agencies=data["agencies"],
        requested_on=data["requested_on"],
        chaired_by=r.worker if data["chaired"] else None,
        today=r.today,
    )


def _strategy_initial(r: Recording) -> dict[str, Any]:
    """Today as the day held; the day the front door decided on a strategy discussion, where
    it did, as the day it was asked for."""
    initial: dict[str, Any] = {"held_on": r.today}
    referral = referral_for(r)
    contact = referral.contact if referral is not None else None
    if (
        contact is not None
        and contact.decision == Contact.Decision.STRATEGY
        and contact.decided_at is not None
    ):
        initial["requested_on"] = timezone.localdate(contact.decided_at)
    return initial


def _strategy_done(discussion: StrategyDiscussion) -> str:
    if discussion.outcome == StrategyDiscussion.Outcome.SECTION_47:
        return (
            "Strategy discussion recorded: a section 47 enquiry started on "
            f"{govuk_date(discussion.held_on)}"
        )
    return f"Strategy discussion recorded: {discussion.get_outcome_display().lower()}"


STRATEGY_DISCUSSION = register(
    UseCase(
        name="strategy-discussion",
        title="Record a strategy discussion",
        caption=CAPTION,
        form=StrategyDiscussionForm,
        save=_strategy_discussion,
        roles=SOCIAL_WORK,
        done="Strategy discussion recorded",
        done_for=_strategy_done,
        subject="referral",
        initial=_strategy_initial,
        acting_on=_acting_on_referral,
        meets=frozenset({"STRATEGY_DISCUSSION"}),
    )
)


# --- Section 47 enquiry: its outcome ----------------------------------------------------------


class Section47OutcomeForm(RecordingForm):
    completed_on = DateField(
        label="Date the enquiry was completed",
        help_text=EXAMPLE,
        error_messages={"required": "Enter the date the enquiry was completed"},
    )
    outcome = forms.ChoiceField(
        label="What did the enquiry conclude?",
        help_text=(
            "An initial child protection conference is needed where the concerns are "
            "substantiated and the child is judged likely to suffer significant harm."
        ),
        choices=[
            (S47.CONFERENCE, "Concerns substantiated: hold an initial conference"),
            (S47.CHILD_IN_NEED, "Concerns not substantiated: child in need"),
            (S47.NO_FURTHER_ACTION, "No further action"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the enquiry concluded"},
    )
    field_for_error = {"icpc_not_required": "outcome"}


def _section47_outcome(r: Recording, data: dict[str, Any]) -> Section47Enquiry:
    enquiry = enquiry_for(r)
    if enquiry is None:
        raise JourneyError(
            "Section 47 enquiry", "enquiry", "the child has no open section 47 enquiry"
        )
    return complete_section47(
        enquiry=enquiry, completed_on=data["completed_on"], outcome=data["outcome"], today=r.today
    )


def _section47_done(enquiry: Section47Enquiry) -> str:
    if enquiry.icpc_not_required:
        return "Section 47 enquiry completed: no initial conference is needed"
    return "Section 47 enquiry completed: an initial child protection conference is needed"


SECTION47_OUTCOME = register(
    UseCase(
        name="section-47-outcome",
        title="Record the outcome of a section 47 enquiry",
        caption=CAPTION,
        form=Section47OutcomeForm,
        save=_section47_outcome,
        roles=SOCIAL_WORK,
        done="Section 47 enquiry completed",
        done_for=_section47_done,
        changes=True,
        subject="enquiry",
        initial=lambda r: {"completed_on": r.today},
        acting_on=_acting_on_enquiry,
        usual="open section47",
    )
)


# --- Conferences: the plan starts at the initial conference and ends at a review -------------


def _category_field(label: str, help_text: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        help_text=help_text,
        choices=AbuseCategory.choices,
        widget=forms.RadioSelect,
        required=False,
    )


class InitialConferenceForm(RecordingForm):
    held_on = DateField(
        label="Date of the conference",
        help_text=EXAMPLE,
        error_messages={"required": "Enter the date of the conference"},
    )
    outcome = forms.ChoiceField(
        label="What did the conference decide?",
        choices=[
            (Out.PLAN, "A child protection plan: it starts on the day of the conference"),
            (Out.NO_PLAN, "No child protection plan"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the conference decided"},
    )
    category = _category_field(
        "Category of abuse",
        "The category the plan is made under. Leave it out if there is no plan.",
    )
    chaired = YesNoField(
        label="Did you chair the conference?",
        required_message="Say whether you chaired the conference",
    )
    field_for_error = {"chair": "chaired"}


def _initial_conference(r: Recording, data: dict[str, Any]) -> ChildProtectionConference:
    enquiry = enquiry_for_conference(r)
    if enquiry is None:
        raise JourneyError(
            "Child protection conference",
            "section47",
            "the child has no section 47 enquiry needing a conference",
        )
    return hold_conference(
        kind=ChildProtectionConference.Kind.INITIAL,
        section47=enquiry,
        held_on=data["held_on"],
        outcome=data["outcome"],
        category=data["category"],
        chair=r.worker if data["chaired"] else None,
        today=r.today,
    )


def _initial_done(conference: ChildProtectionConference) -> str:
    plan = conference.plan
    if conference.outcome == Out.PLAN and plan is not None:
        return (
            "Initial child protection conference recorded: a child protection plan started on "
            f"{govuk_date(plan.started_on)} ({plan.get_initial_category_display().lower()})"
        )
    return "Initial child protection conference recorded: no child protection plan"


INITIAL_CONFERENCE = register(
    UseCase(
        name="initial-conference",
        title="Record an initial child protection conference",
        caption=CAPTION,
        form=InitialConferenceForm,
        save=_initial_conference,
        roles=CHAIRING,
        done="Initial child protection conference recorded",
        done_for=_initial_done,
        meets=frozenset({"ICPC"}),
        subject="enquiry",
        initial=lambda r: {"held_on": r.today},
        acting_on=_acting_on_enquiry_for_conference,
    )
)


class TransferInConferenceForm(InitialConferenceForm):
    """A child on another authority's protection plan who moves here: the plan is made (or
    not) at a transfer-in conference on the open referral, with no section 47 enquiry here."""


def _transfer_in_conference(r: Recording, data: dict[str, Any]) -> ChildProtectionConference:
    referral = referral_for(r)
    if referral is None:
        raise JourneyError(
            "Child protection conference", "referral", "the child has no open referral"
        )
    return hold_conference(
        kind=ChildProtectionConference.Kind.TRANSFER_IN,
        referral=referral,
        held_on=data["held_on"],
        outcome=data["outcome"],
        category=data["category"],
        chair=r.worker if data["chaired"] else None,
        today=r.today,
    )


def _transfer_in_done(conference: ChildProtectionConference) -> str:
    return _initial_done(conference).replace(
        "Initial child protection conference", "Transfer-in conference", 1
    )


TRANSFER_IN_CONFERENCE = register(
    UseCase(
        name="transfer-in-conference",
        title="Record a transfer-in child protection conference",
        caption=CAPTION,
        form=TransferInConferenceForm,
        save=_transfer_in_conference,
        roles=CHAIRING,
        done="Transfer-in conference recorded",
        done_for=_transfer_in_done,
        subject="referral",
        initial=lambda r: {"held_on": r.today},
        acting_on=_acting_on_referral,
    )
)


class ReviewConferenceForm(RecordingForm):
    held_on = DateField(
        label="Date of the review conference",
        help_text=EXAMPLE,
        error_messages={"required": "Enter the date of the review conference"},
    )
    outcome = forms.ChoiceField(
        label="What did the review conference decide?",
        help_text=(
            "If the child has moved to another authority, close the episode instead: "
            "closing it ends the plan."
        ),
        choices=[
            (Out.CONTINUE, "Continue the child protection plan"),
            (Out.END, "End the child protection plan: it ends on the day of the conference"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the review conference decided"},
    )
    category = _category_field(
        "Category of abuse now",
        "The plan's latest category: change it if the conference changed it.",
    )
    chaired = YesNoField(
        label="Did you chair the review conference?",
        required_message="Say whether you chaired the review conference",
    )
    field_for_error = {"chair": "chaired"}


def _review_conference(r: Recording, data: dict[str, Any]) -> ChildProtectionConference:
    plan = plan_for(r)
    if plan is None:
        raise JourneyError(
            "Child protection conference", "plan", "the child has no open child protection plan"
        )
    return hold_conference(
        kind=ChildProtectionConference.Kind.REVIEW,
        plan=plan,
        held_on=data["held_on"],
        outcome=data["outcome"],
        category=data["category"],
        chair=r.worker if data["chaired"] else None,
        today=r.today,
    )


def _review_initial(r: Recording) -> dict[str, Any]:
    plan = plan_for(r)
    initial: dict[str, Any] = {"held_on": r.today}
    if plan is not None:
        initial["category"] = plan.latest_category
    return initial


def _review_done(conference: ChildProtectionConference) -> str:
    if conference.outcome == Out.END:
        return (
            "Review conference recorded: the child protection plan ended on "
            f"{govuk_date(conference.held_on)}"
        )
    return "Review conference recorded: the child protection plan continues"


REVIEW_CONFERENCE = register(
    UseCase(
        name="review-conference",
        title="Record a child protection review conference",
        caption=CAPTION,
        form=ReviewConferenceForm,
        save=_review_conference,
        roles=CHAIRING,
        done="Review conference recorded",
        done_for=_review_done,
        changes=True,
        meets=frozenset({"CP_REVIEW_FIRST", "CP_REVIEW"}),
        subject="plan",
        initial=_review_initial,
        acting_on=_acting_on_plan,
    )
)
