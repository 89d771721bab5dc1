"""A child's life in care (issue 15, item 1; decision 0028): health assessments, dental checks
and the SDQ; school and personal education plans; going missing, coming back and the return
home interview; unaccompanied asylum-seeking status; the adoption journey; previous
permanence (an adoption, special guardianship or child arrangements order before this period
of care). Coming into care,
placements, reviews and ceasing care are ``children_in_care.py``; special guardianship is the
reason care ends (E45-E48) on its form there.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from sightline.access.roles import SOCIAL_WORK, VISITORS
from sightline.care import services_in_care as in_care
from sightline.care.codes import (
    AdopterLegalStatus,
    AdopterSex,
    HealthCheckKind,
    MissingKind,
    PreviousPermanenceKind,
    ReasonPlacedCeased,
    SDQReason,
)
from sightline.care.events import ADOPTION_MILESTONE_WORDS
from sightline.care.models import (
    AdoptionMilestones,
    MissingEpisode,
    PreviousPermanence,
    UnaccompaniedStatus,
)
from sightline.core.errors import JourneyError
from sightline.web.forms import DateField, TimeOfDayField
from sightline.web.journeys.children_in_care import (
    CAPTION,
    EXAMPLE,
    acting_on_period,
    open_period,
    period_in_words,
    radios,
)
from sightline.web.recording import (
    Recording,
    RecordingForm,
    UseCase,
    YesNoField,
    described,
    register,
)
from sightline.web.templatetags.sightline_web import govuk_date, govuk_datetime


def _at(day: dt.date, time: dt.time | None) -> dt.datetime:
    """A date and a time of day typed on the page, in the authority's time zone."""
    return timezone.make_aware(dt.datetime.combine(day, time or dt.time(0, 0)))


# --- Health -----------------------------------------------------------------------------------

KIND_FOR_RULE = {
    "INITIAL_HEALTH_ASSESSMENT": HealthCheckKind.INITIAL,
    "REVIEW_HEALTH_ASSESSMENT": HealthCheckKind.REVIEW,
}


class HealthForm(RecordingForm):
    kind = radios("What was done?", HealthCheckKind.choices, "Choose what was done")
    done_on = DateField(
        label="Date it was done",
        help_text=EXAMPLE,
        error_messages={"required": "Enter the date it was done"},
    )
    sdq_score = forms.IntegerField(
        label="SDQ only: the total difficulties score",
        required=False,
        min_value=0,
        max_value=40,
        help_text="0 to 40, from the carer's questionnaire.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
        error_messages={
            "invalid": "The SDQ score must be a whole number from 0 to 40",
            "min_value": "The SDQ score must be a whole number from 0 to 40",
            "max_value": "The SDQ score must be a whole number from 0 to 40",
        },
    )
    sdq_reason = radios(
        "SDQ only: if there is no score, why not?", SDQReason.choices, "", required=False
    )
    field_for_error = {"period": "__all__"}


def _health(r: Recording, data: dict[str, Any]) -> object:
    return in_care.record_health_check(
        period=open_period(r),
        kind=data["kind"],
        done_on=data["done_on"],
        sdq_score=data.get("sdq_score"),
        sdq_reason=data.get("sdq_reason") or "",
        today=r.today,
    )


HEALTH = register(
    UseCase(
        name="health-check",
        title="Record a health assessment or check",
        caption=CAPTION,
        form=HealthForm,
        save=_health,
        roles=SOCIAL_WORK,
        done="Health assessment recorded",
        meets=frozenset(KIND_FOR_RULE),
        subject="period",
        initial=lambda r: {"done_on": r.today, "kind": KIND_FOR_RULE.get(r.rule, "")},
        acting_on=acting_on_period,
    )
)


# --- Education --------------------------------------------------------------------------------


class SchoolForm(RecordingForm):
    school_name = forms.CharField(
        label="Name of the school",
        max_length=200,
        error_messages={"required": "Enter the name of the school"},
    )
    school_urn = forms.CharField(
        label="The school's URN (if known)",
        required=False,
        max_length=7,
        help_text="6 or 7 digits, from Get Information about Schools.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "inputmode": "numeric"}),
    )
    started_on = DateField(
        label="Date the child started at the school",
        help_text="The previous school ends that day. " + EXAMPLE,
        error_messages={"required": "Enter the date the child started at the school"},
    )


def _school(r: Recording, data: dict[str, Any]) -> object:
    return in_care.record_school(
        child=r.child,
        school_name=data["school_name"],
        school_urn=(data.get("school_urn") or "").strip(),
        started_on=data["started_on"],
        today=r.today,
    )


SCHOOL = register(
    UseCase(
        name="school",
        title="Record a change of school",
        caption=CAPTION,
        form=SchoolForm,
        save=_school,
        roles=SOCIAL_WORK,
        done="School recorded",
        initial=lambda r: {"started_on": r.today},
    )
)


class PepForm(RecordingForm):
    reviewed_on = DateField(
        label="Date the personal education plan was reviewed",
        help_text=EXAMPLE,
        error_messages={"required": "Enter the date the personal education plan was reviewed"},
    )
    field_for_error = {"period": "__all__"}


def _pep(r: Recording, data: dict[str, Any]) -> object:
    return in_care.record_pep_review(
        period=open_period(r), reviewed_on=data["reviewed_on"], today=r.today
    )


PEP = register(
    UseCase(
        name="pep-review",
        title="Record a personal education plan review",
        caption=CAPTION,
        form=PepForm,
        save=_pep,
        roles=SOCIAL_WORK,
        done="Personal education plan review recorded",
        meets=frozenset({"PEP_REVIEW"}),
        subject="period",
        initial=lambda r: {"reviewed_on": r.today},
        acting_on=acting_on_period,
    )
)


# --- Missing from care ------------------------------------------------------------------------


class MissingForm(RecordingForm):
    kind = radios(
        "Is the child missing, or away without permission?",
        MissingKind.choices,
        "Choose whether the child is missing or away",
    )
    started_on = DateField(
        label="Date the child went missing or was last seen",
        help_text=EXAMPLE,
        error_messages={"required": "Enter the date the child went missing"},
    )
    started_time = TimeOfDayField(
        label="Time the child went missing or was last seen",
        error_messages={"required": "Enter the time the child went missing"},
    )
    field_for_error = {"started_at": "started_on", "period": "__all__"}


def _missing_start(r: Recording, data: dict[str, Any]) -> object:
    return in_care.record_missing_start(
        period=open_period(r),
        kind=data["kind"],
        started_at=_at(data["started_on"], data["started_time"]),
        today=r.today,
    )


MISSING = register(
    UseCase(
        name="missing",
        title="Record that the child is missing",
        caption=CAPTION,
        form=MissingForm,
        save=_missing_start,
        roles=SOCIAL_WORK,
        done="Missing episode recorded",
        initial=lambda r: {"started_on": r.today},
        acting_on=acting_on_period,
    )
)


def episode_for(r: Recording, *, returned: bool) -> MissingEpisode:
    """The missing episode the link names, else the one still open (``returned`` False) or the
    latest the child has come back from (True)."""
    episodes = MissingEpisode.objects.filter(child=r.child)
    if r.subject_id:
        found = episodes.filter(pk=r.subject_id).first()
    elif returned:
        found = episodes.filter(ended_at__isnull=False).order_by("-ended_at", "-id").first()
    else:
        found = episodes.filter(ended_at__isnull=True).first()
    if found is None:
        raise JourneyError(
            "Missing episode",
            "__all__",
            "the child has not come back from going missing"
            if returned
            else "the child is not recorded as missing now",
        )
    return found


def episode_in_words(m: MissingEpisode) -> str:
    returned = (
        f"came back {govuk_datetime(m.ended_at)}" if m.ended_at is not None else "not back yet"
    )
    return described(f"{m.get_kind_display()} from {govuk_datetime(m.started_at)}", None, returned)


class InterviewFields(RecordingForm):
    offered = YesNoField(
        label="Was the child offered a return home interview?",
        required_message="Say whether the child was offered a return home interview",
    )
    accepted = YesNoField(
        label="Did the child accept it?",
        required_message="",
        required=False,
    )
    held_on = DateField(
        label="Date the interview was held (if it was)",
        help_text="Within 72 hours of the child coming back. " + EXAMPLE,
        required=False,
    )
    held_time = TimeOfDayField(label="Time the interview was held", required=False)
    field_for_error = {
        "return_interview_accepted": "accepted",
        "return_interview_held_at": "held_on",
        "ended_at": "__all__",
    }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("held_time") and not cleaned.get("held_on"):
            self.add_error("held_on", "Enter the date the interview was held")
        return cleaned


def _held_at(data: dict[str, Any]) -> dt.datetime | None:
    return _at(data["held_on"], data.get("held_time")) if data.get("held_on") else None


class ReturnForm(InterviewFields):
    returned_on = DateField(
        label="Date the child came back or was found",
        help_text=EXAMPLE,
        error_messages={"required": "Enter the date the child came back"},
    )
    returned_time = TimeOfDayField(
        label="Time the child came back or was found",
        error_messages={"required": "Enter the time the child came back"},
    )
    field_order = ["returned_on", "returned_time", "offered", "accepted", "held_on", "held_time"]
    field_for_error = {**InterviewFields.field_for_error, "ended_at": "returned_on"}


def _return(r: Recording, data: dict[str, Any]) -> object:
    return in_care.record_return(
        episode=episode_for(r, returned=False),
        ended_at=_at(data["returned_on"], data["returned_time"]),
        return_interview_offered=bool(data["offered"]),
        return_interview_accepted=bool(data.get("accepted")),
        return_interview_held_at=_held_at(data),
        today=r.today,
    )


RETURNED = register(
    UseCase(
        name="missing-return",
        title="Record that the child has come back",
        caption=CAPTION,
        form=ReturnForm,
        save=_return,
        roles=SOCIAL_WORK,
        done="Return recorded",
        changes=True,
        subject="episode",
        initial=lambda r: {"returned_on": r.today},
        acting_on=lambda r: episode_in_words(episode_for(r, returned=False)),
    )
)


def _interview(r: Recording, data: dict[str, Any]) -> object:
    return in_care.record_return_interview(
        episode=episode_for(r, returned=True),
        offered=bool(data["offered"]),
        accepted=bool(data.get("accepted")),
        held_at=_held_at(data),
        today=r.today,
    )


def _interview_initial(r: Recording) -> dict[str, Any]:
    try:
        m = episode_for(r, returned=True)
    except JourneyError:
        return {}
    initial: dict[str, Any] = {}
    if m.return_interview_offered:
        initial["offered"] = True
        initial["accepted"] = m.return_interview_accepted
    if m.return_interview_held_at is not None:
        held = timezone.localtime(m.return_interview_held_at)
        initial["held_on"], initial["held_time"] = held.date(), held.time()
    return initial


RETURN_INTERVIEW = register(
    UseCase(
        name="return-interview",
        title="Record the return home interview",
        caption=CAPTION,
        form=InterviewFields,
        save=_interview,
        # Return home interviews are often held by a family support worker or an independent
        # worker the social worker asks: everyone who visits records them.
        roles=VISITORS,
        done="Return home interview recorded",
        changes=True,
        meets=frozenset({"RETURN_INTERVIEW"}),
        subject="episode",
        initial=_interview_initial,
        acting_on=lambda r: episode_in_words(episode_for(r, returned=True)),
    )
)


# --- Unaccompanied asylum-seeking children ----------------------------------------------------


class UascForm(RecordingForm):
    recorded_on = DateField(
        label="Date the child was recorded as unaccompanied and seeking asylum",
        help_text=EXAMPLE,
        error_messages={"required": "Enter the date"},
    )
    field_for_error = {"child": "recorded_on"}


UASC = register(
    UseCase(
        name="uasc",
        title="Record that the child is an unaccompanied asylum-seeking child",
        caption=CAPTION,
        form=UascForm,
        save=lambda r, data: in_care.record_unaccompanied(
            child=r.child, recorded_on=data["recorded_on"], today=r.today
        ),
        roles=SOCIAL_WORK,
        done="Unaccompanied status recorded",
        initial=lambda r: {"recorded_on": r.today},
    )
)


def _uasc_in_words(r: Recording) -> str:
    status = UnaccompaniedStatus.objects.filter(child=r.child).first()
    if status is None:
        raise JourneyError("Unaccompanied status", "__all__", "the child is not recorded as UASC")
    return described(
        "Unaccompanied asylum-seeking child since",
        status.recorded_on,
        f"ceased {govuk_date(status.ceased_on)}" if status.ceased_on else "",
    )


class EndUascForm(RecordingForm):
    ceased_on = DateField(
        label="Date the child stopped being an unaccompanied asylum-seeking child",
        help_text="For example, the day a decision on their claim was made. " + EXAMPLE,
        error_messages={"required": "Enter the date"},
    )
    field_for_error = {"child": "__all__"}


END_UASC = register(
    UseCase(
        name="end-uasc",
        title="Record that unaccompanied status has ended",
        caption=CAPTION,
        form=EndUascForm,
        save=lambda r, data: in_care.end_unaccompanied_status(
            child=r.child, ceased_on=data["ceased_on"], today=r.today
        ),
        roles=SOCIAL_WORK,
        done="End of unaccompanied status recorded",
        changes=True,
        initial=lambda r: {"ceased_on": r.today},
        acting_on=_uasc_in_words,
    )
)


# --- Adoption ---------------------------------------------------------------------------------

STEPS = (*AdoptionMilestones.MILESTONES, "reversed_on")


class AdoptionForm(RecordingForm):
    milestone = radios(
        "Which step of the adoption journey?",
        [(step, ADOPTION_MILESTONE_WORDS[step]) for step in STEPS],
        "Choose the step",
    )
    on = DateField(
        label="Date of the step", help_text=EXAMPLE, error_messages={"required": "Enter the date"}
    )
    reversed_reason = radios(
        "Only if the plan for adoption changed: why?",
        ReasonPlacedCeased.choices,
        "",
        required=False,
    )
    field_for_error = {**dict.fromkeys(STEPS, "on"), "period": "__all__"}


def _adoption(r: Recording, data: dict[str, Any]) -> object:
    return in_care.record_adoption_milestone(
        period=open_period(r),
        milestone=data["milestone"],
        on=data["on"],
        reversed_reason=data.get("reversed_reason") or "",
        today=r.today,
    )


def _adoption_in_words(r: Recording) -> str:
    period_words = acting_on_period(r)
    adoption = AdoptionMilestones.objects.filter(period=open_period(r)).first()
    if adoption is None:
        return period_words + ". No step of an adoption journey is recorded yet"
    done = [
        f"{ADOPTION_MILESTONE_WORDS[step].lower()} {govuk_date(getattr(adoption, step))}"
        for step in STEPS
        if getattr(adoption, step)
    ]
    return period_words + ". Recorded so far: " + "; ".join(done)


ADOPTION = register(
    UseCase(
        name="adoption",
        title="Record a step of the adoption journey",
        caption=CAPTION,
        form=AdoptionForm,
        save=_adoption,
        roles=SOCIAL_WORK,
        done="Adoption step recorded",
        subject="period",
        initial=lambda r: {"on": r.today},
        acting_on=_adoption_in_words,
    )
)


class AdoptersForm(RecordingForm):
    number_of_adopters = forms.TypedChoiceField(
        label="How many adopters?",
        choices=[("1", "One"), ("2", "Two (a couple)")],
        coerce=int,
        widget=forms.RadioSelect(attrs={"inline": True}),
        error_messages={"required": "Choose how many adopters"},
    )
    sex_of_adopters = radios(
        "Who are the adopters?", AdopterSex.choices, "Choose who the adopters are"
    )
    legal_status_of_adopters = radios(
        "The adopters' legal status",
        AdopterLegalStatus.choices,
        "Choose the adopters' legal status",
    )
    foster_care = YesNoField(
        label="Were they the child's foster carers before?",
        required_message="Say whether the adopters were the child's foster carers",
    )
    field_for_error = {"matched_on": "__all__", "reversed_on": "__all__", "period": "__all__"}


def _adopters(r: Recording, data: dict[str, Any]) -> object:
    return in_care.record_adopters(
        period=open_period(r),
        foster_care=bool(data["foster_care"]),
        number_of_adopters=data["number_of_adopters"],
        sex_of_adopters=data["sex_of_adopters"],
        legal_status_of_adopters=data["legal_status_of_adopters"],
        today=r.today,
    )


ADOPTERS = register(
    UseCase(
        name="adopters",
        title="Record the adopters' details",
        caption=CAPTION,
        form=AdoptersForm,
        save=_adopters,
        roles=SOCIAL_WORK,
        done="Adopters' details recorded",
        changes=True,
        subject="period",
        acting_on=_adoption_in_words,
    )
)


# --- Previous permanence ----------------------------------------------------------------------


def _order_part(label_text: str, width: int, high: int, message: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label_text,
        required=False,
        min_value=1,
        max_value=high,
        widget=forms.TextInput(
            attrs={"class": f"govuk-input--width-{width}", "inputmode": "numeric"}
        ),
        error_messages={"invalid": message, "min_value": message, "max_value": message},
    )


class PreviousPermanenceForm(RecordingForm):
    kind = radios(
        "Before this period of care, was the child adopted or under a permanence order?",
        PreviousPermanenceKind.choices,
        "Choose whether the child had a permanence order before",
    )
    la = forms.CharField(
        label="Local authority that made the order (if known)",
        required=False,
        max_length=100,
        help_text="Leave blank if not known, or if there was no previous permanence.",
    )
    order_year = _order_part(
        "Year the order was made (if known)", 4, 9999, "Enter the year as 4 digits, like 2019"
    )
    order_month = _order_part("Month (if known)", 2, 12, "The month must be a number from 1 to 12")
    order_day = _order_part("Day (if known)", 2, 31, "The day must be a number from 1 to 31")
    field_for_error = {"period": "__all__"}


def _previous_permanence(r: Recording, data: dict[str, Any]) -> object:
    return in_care.record_previous_permanence(
        period=open_period(r),
        kind=data["kind"],
        la=data.get("la") or "",
        order_year=data.get("order_year"),
        order_month=data.get("order_month"),
        order_day=data.get("order_day"),
        today=r.today,
    )


def _previous_permanence_in_words(r: Recording) -> str:
    period = open_period(r)
    done = PreviousPermanence.objects.filter(period=period).first()
    if done is not None:
        raise JourneyError(
            "Previous permanence",
            "period",
            f"previous permanence is already recorded for this period of care: {done}",
        )
    return period_in_words(period)


PREVIOUS_PERMANENCE = register(
    UseCase(
        name="previous-permanence",
        title="Record previous permanence",
        caption=CAPTION,
        form=PreviousPermanenceForm,
        save=_previous_permanence,
        roles=SOCIAL_WORK,
        done="Previous permanence recorded",
        subject="period",
        acting_on=_previous_permanence_in_words,
    )
)
