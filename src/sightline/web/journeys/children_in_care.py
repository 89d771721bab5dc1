"""Children in care (issue 15, item 1; decision 0028): coming into care, a placement move, a
legal status change, the care plan and placement plan, the looked-after review held by the IRO,
and ceasing care. The child's life in care (health, school, missing episodes, UASC status,
adoption) is ``life_in_care.py``; statutory visits are the visit form (``visits.py``, purpose
looked after, meeting ``LAC_VISIT``).

A placement is asked for in plain words (where the child lives, whether it is meant to last
until 18, who provides it, the setting's Ofsted URN); the SSDA903 codes are chosen behind the
scenes by ``care.placement_words`` with the provider from Ofsted's register where the URN is in
it. Each form acts on the child's current period of care (or the one its link names), said
above its fields in words.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings

from sightline.access.roles import CHAIRING, SOCIAL_WORK, Role
from sightline.care import services as care
from sightline.care.codes import (
    CategoryOfNeed,
    LegalStatusCode,
    PlacementType,
    ReasonCeased,
    ReasonPlacementChanged,
    ReviewParticipation,
)
from sightline.care.models import LegalStatus, PeriodOfCare, Placement
from sightline.care.placement_words import (
    PROVIDER_WORDS,
    PlacementAnswers,
    Setting,
    placement_details,
)
from sightline.core.codes import label
from sightline.core.errors import JourneyError
from sightline.providers.queries import provider_for
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

CAPTION = "Children in care"
EXAMPLE = "For example, 6 12 2026"


# --- The record each form acts on -------------------------------------------------------------


def _missing(record: str, text: str) -> JourneyError:
    return JourneyError(record, "__all__", text)


def period_for(r: Recording) -> PeriodOfCare | None:
    """The period of care the link names, else the child's current one."""
    periods = PeriodOfCare.objects.filter(child=r.child)
    if r.subject_id:
        return periods.filter(pk=r.subject_id).first()
    return periods.filter(ended_on__isnull=True).order_by("-started_on", "-id").first()


def open_period(r: Recording) -> PeriodOfCare:
    period = period_for(r)
    if period is None:
        raise _missing("Period of care", "the child is not looked after")
    return period


def _lower(text: str) -> str:
    return text[:1].lower() + text[1:]


def placement_in_words(placement: Placement) -> str:
    return (
        f"{_lower(label(PlacementType, placement.place))} with {placement.carer} "
        f"since {govuk_date(placement.started_on)}"
    )


def period_in_words(period: PeriodOfCare) -> str:
    """ "Looked after since 3 April 2026, legal status: full care order, placement: foster
    placement with other carer, not long term with Smith household since 3 April 2026"."""
    status = (
        LegalStatus.objects.filter(period=period).order_by("-started_on", "-id").first()
        if period.ended_on is None
        else None
    )
    placement = (
        Placement.objects.filter(period=period, ended_on__isnull=True)
        .order_by("-started_on", "-id")
        .first()
    )
    return described(
        "Looked after since",
        period.started_on,
        f"legal status: {_lower(label(LegalStatusCode, status.code))}" if status else "",
        f"placement: {placement_in_words(placement)}" if placement else "",
        f"ceased {govuk_date(period.ended_on)}" if period.ended_on else "",
    )


def acting_on_period(r: Recording) -> str:
    return period_in_words(open_period(r))


def _acting_on_child_not_in_care(r: Recording) -> str:
    current = (
        PeriodOfCare.objects.filter(child=r.child, ended_on__isnull=True)
        .values_list("started_on", flat=True)
        .first()
    )
    if current is not None:
        raise _missing(
            "Period of care",
            f"the child is already looked after (since {govuk_date(current)}): record a "
            "placement move or a legal status change instead",
        )
    last = (
        PeriodOfCare.objects.filter(child=r.child)
        .order_by("-ended_on")
        .values_list("ended_on", flat=True)
        .first()
    )
    if last is not None:
        return f"The child was last looked after until {govuk_date(last)}."
    return "The child has not been looked after before."


# --- The placement, in plain words ------------------------------------------------------------


def radios(label_text: str, choices: Any, message: str, **kwargs: Any) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label_text,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": message},
        **kwargs,
    )


class PlacementFields(RecordingForm):
    """Where the child lives, asked in words; the codes are chosen from the answers."""

    setting = radios("Where does the child live?", Setting.choices, "Choose where the child lives")
    until_18 = YesNoField(
        label="Is it intended to last until the child is 18?",
        required_message="Say whether it is intended to last until the child is 18",
        help_text="A long-term foster placement is one intended to last until 18.",
    )
    approved_adopter = YesNoField(
        label="Foster care only: is the foster carer also approved to adopt the child?",
        required_message="",
        required=False,
    )
    with_current_carer = YesNoField(
        label="Placed for adoption only: is it with the child's current foster carer?",
        required_message="",
        required=False,
    )
    placement_order = YesNoField(
        label="Placed for adoption only: is it under a placement order?",
        required_message="",
        required=False,
        help_text="No: placed for adoption with the parents' consent.",
    )
    carer = forms.CharField(
        label="Name of the carer or setting",
        required=False,
        max_length=200,
        help_text="Leave blank to use the name Ofsted's register gives the setting.",
    )
    urn = forms.CharField(
        label="Ofsted URN of the setting or fostering agency (if it has one)",
        required=False,
        max_length=8,
        help_text="For example, SC123456. Who provides it is then taken from Ofsted's register.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )
    provider = radios(
        "Who provides the placement?",
        PROVIDER_WORDS,
        "",
        required=False,
        help_text="Not needed with a parent, or where the URN is in Ofsted's register.",
    )
    postcode = forms.CharField(
        label="Postcode of the placement",
        required=False,
        max_length=8,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )
    field_for_error = {"place": "setting"}


def placement_from(data: dict[str, Any]) -> care.PlacementDetails:
    """The placement the answers describe, its codes chosen by ``care.placement_words`` with
    the register's row for the URN."""
    answers = PlacementAnswers(
        setting=data["setting"],
        until_18=bool(data["until_18"]),
        carer=data.get("carer") or "",
        provider=data.get("provider") or "",
        urn=data.get("urn") or "",
        postcode=data.get("postcode") or "",
        approved_adopter=data.get("approved_adopter"),
        with_current_carer=data.get("with_current_carer"),
        placement_order=data.get("placement_order"),
    )
    return placement_details(
        answers, provider_for(answers.urn), str(settings.AUTHORITY["ons_code"])
    )


PLACEMENT_FIELDS = list(PlacementFields.base_fields)


# --- Coming into care -------------------------------------------------------------------------


class ComeIntoCareForm(PlacementFields):
    started_on = DateField(
        label="Date the child started to be looked after",
        help_text=EXAMPLE,
        error_messages={"required": "Enter the date the child started to be looked after"},
    )
    legal_status = radios(
        "Legal status", LegalStatusCode.choices, "Choose the child's legal status"
    )
    category_of_need = radios(
        "Main reason the child is looked after",
        CategoryOfNeed.choices,
        "Choose the main reason the child is looked after",
    )
    home_postcode = forms.CharField(
        label="The child's home postcode when care started",
        max_length=8,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
        error_messages={"required": "Enter the child's home postcode"},
    )
    care_plan_agreed_on = DateField(
        label="Date the care plan was agreed (if it is agreed)",
        help_text="Required within 10 working days of the first placement. " + EXAMPLE,
        required=False,
    )
    field_order = [
        "started_on",
        "legal_status",
        "category_of_need",
        "home_postcode",
        *PLACEMENT_FIELDS,
        "care_plan_agreed_on",
    ]
    field_for_error = {
        "place": "setting",
        "child": "__all__",
        "agreed_on": "care_plan_agreed_on",
    }


def _come_into_care(r: Recording, data: dict[str, Any]) -> object:
    return care.come_into_care(
        child=r.child,
        started_on=data["started_on"],
        legal_status=data["legal_status"],
        placement=placement_from(data),
        category_of_need=data["category_of_need"],
        home_postcode=data["home_postcode"],
        care_plan_agreed_on=data.get("care_plan_agreed_on"),
        today=r.today,
    )


COME_INTO_CARE = register(
    UseCase(
        name="come-into-care",
        title="Record a child coming into care",
        caption=CAPTION,
        form=ComeIntoCareForm,
        save=_come_into_care,
        roles=SOCIAL_WORK,
        done="Coming into care recorded",
        initial=lambda r: {"started_on": r.today, "home_postcode": r.child.home_postcode},
        acting_on=_acting_on_child_not_in_care,
        usual="not_looked_after",
    )
)


# --- A placement move -------------------------------------------------------------------------


class PlacementMoveForm(PlacementFields):
    started_on = DateField(
        label="Date the child moved",
        help_text="The current placement ends that day. " + EXAMPLE,
        error_messages={"required": "Enter the date the child moved"},
    )
    reason_previous_ended = radios(
        "Why did the current placement end?",
        ReasonPlacementChanged.choices,
        "",
        required=False,
        help_text="Not asked when the child is coming back from a temporary stay.",
    )
    field_order = ["started_on", "reason_previous_ended", *PLACEMENT_FIELDS]
    field_for_error = {"place": "setting", "period": "__all__"}


def _move(r: Recording, data: dict[str, Any]) -> object:
    return care.change_placement(
        period=open_period(r),
        started_on=data["started_on"],
        placement=placement_from(data),
        reason_previous_ended=data.get("reason_previous_ended") or "",
        today=r.today,
    )


PLACEMENT_MOVE = register(
    UseCase(
        name="placement-move",
        title="Record a placement move",
        caption=CAPTION,
        form=PlacementMoveForm,
        save=_move,
        roles=SOCIAL_WORK,
        done="Placement move recorded",
        changes=True,
        subject="period",
        initial=lambda r: {"started_on": r.today},
        acting_on=acting_on_period,
    )
)


# --- Legal status -----------------------------------------------------------------------------


class LegalStatusForm(RecordingForm):
    started_on = DateField(
        label="Date the new legal status began",
        help_text=EXAMPLE,
        error_messages={"required": "Enter the date the new legal status began"},
    )
    code = radios("New legal status", LegalStatusCode.choices, "Choose the new legal status")
    field_for_error = {"period": "__all__"}


def _legal_status(r: Recording, data: dict[str, Any]) -> object:
    return care.change_legal_status(
        period=open_period(r), started_on=data["started_on"], code=data["code"], today=r.today
    )


LEGAL_STATUS = register(
    UseCase(
        name="legal-status",
        title="Record a change of legal status",
        caption=CAPTION,
        form=LegalStatusForm,
        save=_legal_status,
        roles=SOCIAL_WORK,
        done="Legal status recorded",
        changes=True,
        subject="period",
        initial=lambda r: {"started_on": r.today},
        acting_on=acting_on_period,
    )
)


# --- Care plan and placement plan -------------------------------------------------------------


class CarePlanForm(RecordingForm):
    agreed_on = DateField(
        label="Date the care plan was agreed",
        help_text=EXAMPLE,
        error_messages={"required": "Enter the date the care plan was agreed"},
    )


def _care_plan(r: Recording, data: dict[str, Any]) -> object:
    return care.record_care_plan(period=open_period(r), agreed_on=data["agreed_on"], today=r.today)


CARE_PLAN = register(
    UseCase(
        name="care-plan",
        title="Record the care plan",
        caption=CAPTION,
        form=CarePlanForm,
        save=_care_plan,
        roles=SOCIAL_WORK,
        done="Care plan recorded",
        meets=frozenset({"CARE_PLAN"}),
        subject="period",
        initial=lambda r: {"agreed_on": r.today},
        acting_on=acting_on_period,
    )
)


def placement_for(r: Recording) -> Placement:
    """The placement the link names, else the child's current placement."""
    placements = Placement.objects.filter(child=r.child)
    found = (
        placements.filter(pk=r.subject_id).first()
        if r.subject_id
        else placements.filter(ended_on__isnull=True).order_by("-started_on", "-id").first()
    )
    if found is None:
        raise _missing("Placement", "the child has no current placement")
    return found


class PlacementPlanForm(RecordingForm):
    agreed_on = DateField(
        label="Date the placement plan was agreed",
        help_text=EXAMPLE,
        error_messages={"required": "Enter the date the placement plan was agreed"},
    )


def _placement_plan(r: Recording, data: dict[str, Any]) -> object:
    return care.record_placement_plan(
        placement=placement_for(r), agreed_on=data["agreed_on"], today=r.today
    )


PLACEMENT_PLAN = register(
    UseCase(
        name="placement-plan",
        title="Record the placement plan",
        caption=CAPTION,
        form=PlacementPlanForm,
        save=_placement_plan,
        roles=SOCIAL_WORK,
        done="Placement plan recorded",
        changes=True,
        meets=frozenset({"PLACEMENT_PLAN"}),
        subject="placement",
        initial=lambda r: {"agreed_on": r.today},
        acting_on=lambda r: "Placement: " + placement_in_words(placement_for(r)),
    )
)


# --- The looked-after review, held by the IRO -------------------------------------------------


class ReviewForm(RecordingForm):
    held_on = DateField(
        label="Date the review was held",
        help_text=EXAMPLE,
        error_messages={"required": "Enter the date the review was held"},
    )
    participation = radios(
        "How did the child take part?",
        ReviewParticipation.choices,
        "Choose how the child took part in the review",
    )
    recommendations = forms.CharField(
        label="Your recommendations",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="One recommendation to a line, each with who will do it and by when.",
    )
    escalated = YesNoField(
        label="Did you escalate a concern about the child's care plan?",
        required_message="Say whether you escalated a concern",
        help_text="The dispute resolution process: raised with the social worker's manager or "
        "higher.",
    )
    escalation = forms.CharField(
        label="The concern you escalated, and to whom",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    field_for_error = {"period": "__all__"}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        text = (cleaned.get("escalation") or "").strip()
        if cleaned.get("escalated") and not text:
            self.add_error("escalation", "Enter the concern you escalated, and to whom")
        if cleaned.get("escalated") is False and text:
            self.add_error("escalated", "You described a concern: answer yes, or remove it")
        return cleaned


def _review(r: Recording, data: dict[str, Any]) -> object:
    iro = r.worker if r.worker is not None and r.worker.role == Role.REVIEWING_OFFICER else None
    return care.record_review(
        period=open_period(r),
        held_on=data["held_on"],
        participation=data["participation"],
        chaired_by=iro,
        recommendations=data.get("recommendations") or "",
        escalation=(data.get("escalation") or "") if data.get("escalated") else "",
        today=r.today,
    )


LOOKED_AFTER_REVIEW = register(
    UseCase(
        name="looked-after-review",
        title="Record a looked-after review",
        caption=CAPTION,
        form=ReviewForm,
        save=_review,
        roles=CHAIRING,
        done="Looked-after review recorded",
        meets=frozenset({"LAC_REVIEW_FIRST", "LAC_REVIEW_SECOND", "LAC_REVIEW"}),
        subject="period",
        initial=lambda r: {"held_on": r.today},
        acting_on=acting_on_period,
    )
)


# --- Ceasing care -----------------------------------------------------------------------------


class EndCareForm(RecordingForm):
    ended_on = DateField(
        label="Date the child stopped being looked after",
        help_text=EXAMPLE,
        error_messages={"required": "Enter the date the child stopped being looked after"},
    )
    reason_ceased = radios(
        "Why did care end?",
        ReasonCeased.choices,
        "Choose why care ended",
        help_text="A special guardianship order is chosen by who the special guardian is.",
    )


def _end_care(r: Recording, data: dict[str, Any]) -> object:
    return care.end_care(
        period=open_period(r),
        ended_on=data["ended_on"],
        reason_ceased=data["reason_ceased"],
        today=r.today,
    )


END_CARE = register(
    UseCase(
        name="end-care",
        title="Record that care has ended",
        caption=CAPTION,
        form=EndCareForm,
        save=_end_care,
        roles=SOCIAL_WORK,
        done="End of care recorded",
        changes=True,
        subject="period",
        initial=lambda r: {"ended_on": r.today},
        acting_on=acting_on_period,
    )
)
