"""Core group meetings and child in need meetings (issue 14, item 5): each recorded against the
plan it serves, the open plan unless the link that opened the form names one, and each meeting
the obligations of its plan (the first core group within 10 working days, then every 6 weeks;
child in need reviews every 3 months, the meeting after a step-down)."""

from __future__ import annotations

from typing import Any

from django import forms

from sightline.access.roles import MANAGERS, SOCIAL_WORK, Role
from sightline.core.errors import JourneyError
from sightline.protection.models import ChildInNeedMeeting, ChildInNeedPlan, ChildProtectionPlan
from sightline.protection.services import hold_cin_meeting, hold_core_group_meeting
from sightline.web.forms import DateField
from sightline.web.recording import Recording, RecordingForm, UseCase, YesNoField, register
from sightline.web.templatetags.sightline_web import govuk_date

# A family support worker on a child in need case holds its meetings and reviews.
CIN_MEETING_ROLES = frozenset({Role.SOCIAL_WORKER, Role.FAMILY_SUPPORT_WORKER, *MANAGERS})


def cp_plan(r: Recording) -> ChildProtectionPlan | None:
    """The plan the meeting serves: the one the link names, else the child's open plan."""
    plans = ChildProtectionPlan.objects.filter(child=r.child)
    if r.subject_id:
        return plans.filter(pk=r.subject_id).first()
    return plans.filter(ended_on__isnull=True).order_by("-started_on").first()


def cin_plan(r: Recording) -> ChildInNeedPlan | None:
    plans = ChildInNeedPlan.objects.filter(child=r.child)
    if r.subject_id:
        return plans.filter(pk=r.subject_id).first()
    return plans.filter(ended_on__isnull=True).order_by("-started_on").first()


def _plan_hint(plan: Any, what: str) -> str:
    if plan is None:
        return f"The child has no open {what}."
    return f"For the {what} that started on {govuk_date(plan.started_on)}."


class CoreGroupMeetingForm(RecordingForm):
    held_on = DateField(
        label="Date of the meeting",
        error_messages={"required": "Enter the date of the meeting"},
    )
    chaired = YesNoField(
        label="Did you chair the meeting?",
        required_message="Say whether you chaired the meeting",
    )
    field_for_error = {"chair": "chaired", "plan": "__all__"}

    def prepare(self, r: Recording) -> None:
        self.fields[
            "held_on"
        ].help_text = f"{_plan_hint(cp_plan(r), 'child protection plan')} For example, 6 12 2026"


def _core_group(r: Recording, data: dict[str, Any]) -> object:
    plan = cp_plan(r)
    if plan is None:
        raise JourneyError("Core group meeting", "plan", "the child has no open protection plan")
    return hold_core_group_meeting(
        plan=plan,
        held_on=data["held_on"],
        chair=r.worker if data["chaired"] else None,
        today=r.today,
    )


CORE_GROUP_MEETING = register(
    UseCase(
        name="core-group-meeting",
        title="Record a core group meeting",
        caption="Help and protection",
        form=CoreGroupMeetingForm,
        save=_core_group,
        roles=SOCIAL_WORK,
        done="Core group meeting recorded",
        meets=frozenset({"CORE_GROUP_FIRST", "CORE_GROUP"}),
        subject="plan",
        initial=lambda r: {"held_on": r.today},
        usual="open cp_plan",
    )
)


class ChildInNeedMeetingForm(RecordingForm):
    kind = forms.ChoiceField(
        label="Was it a meeting or a review of the plan?",
        choices=ChildInNeedMeeting.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a meeting or a review of the plan"},
    )
    held_on = DateField(
        label="Date of the meeting",
        error_messages={"required": "Enter the date of the meeting"},
    )
    chaired = YesNoField(
        label="Did you chair the meeting?",
        required_message="Say whether you chaired the meeting",
    )
    field_for_error = {"chair": "chaired", "plan": "__all__"}

    def prepare(self, r: Recording) -> None:
        self.fields[
            "held_on"
        ].help_text = f"{_plan_hint(cin_plan(r), 'child in need plan')} For example, 6 12 2026"


def _cin_meeting(r: Recording, data: dict[str, Any]) -> object:
    plan = cin_plan(r)
    if plan is None:
        raise JourneyError(
            "Child in need meeting", "plan", "the child has no open child in need plan"
        )
    return hold_cin_meeting(
        plan=plan,
        held_on=data["held_on"],
        kind=data["kind"],
        chair=r.worker if data["chaired"] else None,
        today=r.today,
    )


def _cin_initial(r: Recording) -> dict[str, Any]:
    kind = ChildInNeedMeeting.Kind
    return {"held_on": r.today, "kind": kind.REVIEW if r.rule == "CIN_REVIEW" else kind.MEETING}


CIN_MEETING = register(
    UseCase(
        name="cin-meeting",
        title="Record a child in need meeting or review",
        caption="Help and protection",
        form=ChildInNeedMeetingForm,
        save=_cin_meeting,
        roles=CIN_MEETING_ROLES,
        done="Child in need meeting recorded",
        meets=frozenset({"CIN_REVIEW", "CIN_STEP_DOWN_MEETING"}),
        subject="plan",
        initial=_cin_initial,
        usual="open cin_plan",
    )
)
