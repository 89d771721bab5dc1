"""Help and protection: from referral to the end of the episode (issue 14, item 5).

Each use case prefills what the record already knows (the open referral, the assessment in
progress, the open plan) and says above its fields which record it acts on. Social workers and
their managers record the social work steps; a manager authorises an assessment (decision 0023).
"""

from __future__ import annotations

from typing import Any

from django import forms

from sightline.access.roles import MANAGEMENT, SOCIAL_WORK
from sightline.core.codes import AssessmentFactor, ClosureReason, PrimaryNeed, ReferralSource, label
from sightline.core.errors import JourneyError
from sightline.protection import services as protection
from sightline.protection.models import Assessment, ChildInNeedPlan, Referral
from sightline.web.forms import DateField
from sightline.web.journeys.meetings import cin_plan
from sightline.web.recording import Recording, RecordingForm, UseCase, described, register
from sightline.web.templatetags.sightline_web import govuk_date

EXAMPLE_DATE = "For example, 6 12 2026"


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


def referral_in_words(referral: Referral) -> str:
    closed = f"closed {govuk_date(referral.closure_date)}" if referral.closure_date else ""
    return described("Referral received", referral.referral_date, closed)


def _acting_on_referral(r: Recording) -> str:
    return referral_in_words(open_referral(r))


# --- Record a referral (a child already known, not through a contact) -------------------------


class ReferralForm(RecordingForm):
    referral_date = DateField(
        label="Date the referral was received",
        help_text=EXAMPLE_DATE,
        error_messages={"required": "Enter the date the referral was received"},
    )
    source = forms.ChoiceField(
        label="Who made the referral?",
        choices=[("", "Choose who made the referral"), *ReferralSource.choices],
        error_messages={"required": "Choose who made the referral"},
    )
    primary_need = forms.ChoiceField(
        label="What is the child's main need?",
        help_text="You can change this after the assessment.",
        choices=PrimaryNeed.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the child's main need"},
    )


def _latest_referral(r: Recording) -> str:
    latest = Referral.objects.filter(child=r.child).order_by("-referral_date").first()
    if latest is None:
        return "The child has had no referral before."
    return f"Latest: {referral_in_words(latest)}."


def _record_referral(r: Recording, data: dict[str, Any]) -> object:
    return protection.open_referral(
        child=r.child,
        referral_date=data["referral_date"],
        source=data["source"],
        primary_need=data["primary_need"],
        today=r.today,
    )


RECORD_REFERRAL = register(
    UseCase(
        name="referral",
        title="Record a referral",
        caption="Help and protection",
        form=ReferralForm,
        save=_record_referral,
        roles=SOCIAL_WORK,
        done="Referral recorded",
        initial=lambda r: {"referral_date": r.today, "primary_need": PrimaryNeed.N0},
        acting_on=_latest_referral,
    )
)


# --- Assessment: started by a social worker, authorised by a manager -------------------------


class StartAssessmentForm(RecordingForm):
    started_on = DateField(
        label="Date the assessment started",
        help_text=EXAMPLE_DATE,
        error_messages={"required": "Enter the date the assessment started"},
    )
    field_for_error = {"referral": "__all__"}


def _acting_on_for_assessment(r: Recording) -> str:
    """The referral, and the assessment already in progress on it if there is one (the
    obligation's link still leads here until the assessment is authorised)."""
    referral = open_referral(r)
    started = (
        referral.assessments.filter(authorised_on__isnull=True)
        .values_list("started_on", flat=True)
        .first()
    )
    in_progress = (
        f"an assessment started {govuk_date(started)} is in progress: a manager authorises it"
        if started
        else ""
    )
    return described("Referral received", referral.referral_date, in_progress)


def _start_assessment(r: Recording, data: dict[str, Any]) -> object:
    return protection.start_assessment(
        referral=open_referral(r), started_on=data["started_on"], worker=r.worker, today=r.today
    )


START_ASSESSMENT = register(
    UseCase(
        name="start-assessment",
        title="Start an assessment",
        caption="Help and protection",
        form=StartAssessmentForm,
        save=_start_assessment,
        roles=SOCIAL_WORK,
        done="Assessment started",
        # The obligation is met when the assessment is authorised; its link opens the social
        # worker's step, starting it, for the referral the obligation is about (decision 0023).
        meets=frozenset({"ASSESSMENT"}),
        subject="referral",
        initial=lambda r: {"started_on": r.today},
        acting_on=_acting_on_for_assessment,
    )
)


def assessment_in_progress(r: Recording) -> Assessment:
    """The assessment the form acts on: the one the link names, else the one in progress."""
    assessments = Assessment.objects.filter(child=r.child).select_related("referral")
    found = (
        assessments.filter(pk=r.subject_id).first()
        if r.subject_id
        else assessments.filter(authorised_on__isnull=True).order_by("-started_on").first()
    )
    if found is None:
        raise JourneyError("Assessment", "__all__", "the child has no assessment in progress")
    return found


# The CIN census assessment factors, grouped as a manager reads down them; "no factors" is
# the exclusive answer after the others (DOMAIN.md, AssessmentFactors).
NO_FACTORS = AssessmentFactor.F21.value
FACTOR_GROUPS: list[tuple[str, list[str]]] = [
    ("Alcohol and drug misuse", ["1A", "1B", "1C", "2A", "2B", "2C"]),
    ("Domestic abuse", ["3A", "3B", "3C"]),
    ("Health and disability", ["4A", "4B", "4C", "5A", "5B", "5C", "6A", "6B", "6C"]),
    ("Abuse and neglect", ["16A", "17A", "18B", "18C", "19B", "19C", "22A", "23A"]),
    ("Exploitation and going missing", ["10A", "11A", "24A", "12A", "13A"]),
    ("The child's behaviour", ["14A", "15A"]),
    ("Caring and living arrangements", ["7A", "8B", "8C", "8D", "8E", "8F", "9A"]),
    ("Anything else", ["20"]),
]


def _factor_choices() -> list[Any]:
    grouped: list[Any] = [
        (heading, [(code, label(AssessmentFactor, code)) for code in codes])
        for heading, codes in FACTOR_GROUPS
    ]
    return [*grouped, (NO_FACTORS, label(AssessmentFactor, NO_FACTORS))]


class AuthoriseAssessmentForm(RecordingForm):
    authorised_on = DateField(
        label="Date you authorised the assessment",
        help_text=EXAMPLE_DATE,
        error_messages={"required": "Enter the date you authorised the assessment"},
    )
    child_seen_on = DateField(
        label="Date the child was seen during the assessment (optional)",
        help_text=EXAMPLE_DATE,
        required=False,
    )
    factors = forms.MultipleChoiceField(
        label="Factors identified at the assessment",
        help_text="Select all that apply.",
        choices=_factor_choices(),
        widget=forms.CheckboxSelectMultiple(attrs={"small": True, "exclusive": NO_FACTORS}),
        error_messages={
            "required": "Select the factors identified at the assessment, or "
            "'No factors identified'"
        },
    )
    outcome = forms.ChoiceField(
        label="What happens next?",
        choices=Assessment.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what happens next"},
    )
    field_for_error = {"referral": "__all__"}


def _assessment_in_words(r: Recording) -> str:
    a = assessment_in_progress(r)
    authorised = f"authorised {govuk_date(a.authorised_on)}" if a.authorised_on else ""
    return described(
        "Assessment started",
        a.started_on,
        authorised,
        f"for the referral received {govuk_date(a.referral.referral_date)}",
    )


def _authorise_initial(r: Recording) -> dict[str, Any]:
    initial: dict[str, Any] = {"authorised_on": r.today}
    try:
        a = assessment_in_progress(r)
    except JourneyError:
        return initial
    return {**initial, "child_seen_on": a.child_seen_on, "factors": a.factors}


def _authorise(r: Recording, data: dict[str, Any]) -> object:
    return protection.authorise_assessment(
        assessment=assessment_in_progress(r),
        authorised_on=data["authorised_on"],
        outcome=data["outcome"],
        factors=data["factors"],
        child_seen_on=data["child_seen_on"],
        today=r.today,
    )


AUTHORISE_ASSESSMENT = register(
    UseCase(
        name="authorise-assessment",
        title="Authorise an assessment",
        caption="Help and protection",
        form=AuthoriseAssessmentForm,
        save=_authorise,
        roles=MANAGEMENT,
        done="Assessment authorised",
        changes=True,
        subject="assessment",
        initial=_authorise_initial,
        acting_on=_assessment_in_words,
    )
)


# --- Child in need plans ----------------------------------------------------------------------


class StartChildInNeedPlanForm(RecordingForm):
    started_on = DateField(
        label="Date the plan started",
        help_text=EXAMPLE_DATE,
        error_messages={"required": "Enter the date the plan started"},
    )
    field_for_error = {"referral": "__all__"}


def _start_cin_plan(r: Recording, data: dict[str, Any]) -> object:
    return protection.start_cin_plan(
        referral=open_referral(r), started_on=data["started_on"], today=r.today
    )


START_CIN_PLAN = register(
    UseCase(
        name="start-cin-plan",
        title="Start a child in need plan",
        caption="Help and protection",
        form=StartChildInNeedPlanForm,
        save=_start_cin_plan,
        roles=SOCIAL_WORK,
        done="Child in need plan started",
        subject="referral",
        initial=lambda r: {"started_on": r.today},
        acting_on=_acting_on_referral,
    )
)


def open_cin_plan(r: Recording) -> ChildInNeedPlan:
    """The plan the form ends: the one the link names, else the child's open plan."""
    plan = cin_plan(r)
    if plan is None:
        raise JourneyError(
            "Child in need plan", "__all__", "the child has no open child in need plan"
        )
    return plan


class EndChildInNeedPlanForm(RecordingForm):
    ended_on = DateField(
        label="Date the plan ended",
        help_text=EXAMPLE_DATE,
        error_messages={"required": "Enter the date the plan ended"},
    )


def _end_cin_plan(r: Recording, data: dict[str, Any]) -> object:
    return protection.end_cin_plan(plan=open_cin_plan(r), ended_on=data["ended_on"], today=r.today)


def _cin_plan_in_words(r: Recording) -> str:
    plan = open_cin_plan(r)
    ended = f"ended {govuk_date(plan.ended_on)}" if plan.ended_on else ""
    return described("Child in need plan started", plan.started_on, ended)


END_CIN_PLAN = register(
    UseCase(
        name="end-cin-plan",
        title="End a child in need plan",
        caption="Help and protection",
        form=EndChildInNeedPlanForm,
        save=_end_cin_plan,
        roles=SOCIAL_WORK,
        done="Child in need plan ended",
        changes=True,
        subject="plan",
        initial=lambda r: {"ended_on": r.today},
        acting_on=_cin_plan_in_words,
        usual="open cin_plan",
    )
)


# --- Close the episode ------------------------------------------------------------------------


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
    return protection.close_referral(
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
        acting_on=_acting_on_referral,
        usual="open referral",
    )
)
