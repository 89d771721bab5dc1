"""Management oversight on a child's record (issue 17, decision 0034): a manager's decision,
its rationale and up to three actions with owners and due dates. Saving meets the oversight
obligations of the set points (after an assessment, before closure, at a step-down); each
action is an obligation of its own until its owner records it done (``oversight-action-done``,
reached from the obligation or the chronology, in no menu)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import Http404

from sightline.access.policy import teams_below, viewer_for
from sightline.access.roles import CASE_WORKERS, MANAGEMENT, MANAGERS
from sightline.quality.models import Oversight, OversightAction
from sightline.quality.services import ActionSpec, complete_oversight_action, record_oversight
from sightline.web.forms import DateField
from sightline.web.recording import Recording, RecordingForm, UseCase, described, register
from sightline.workforce.models import Worker

CAPTION = "Management oversight"
ACTIONS = 3  # action rows offered; an empty row is not an action
POINT_FOR_RULE = {
    "OVERSIGHT_AFTER_ASSESSMENT": Oversight.Point.AFTER_ASSESSMENT,
    "OVERSIGHT_BEFORE_CLOSURE": Oversight.Point.BEFORE_CLOSURE,
    "OVERSIGHT_STEP_DOWN": Oversight.Point.STEP_DOWN,
}


def owner_choices(worker: Worker | None) -> list[tuple[str, str]]:
    """The workers of the manager's teams (and the teams below), current, by name."""
    if worker is None:
        return [("", "Choose who owns the action")]
    teams = teams_below(worker.team_id)
    workers = (
        Worker.objects.filter(team_id__in=teams, left_on__isnull=True)
        .order_by("family_name", "given_name", "pk")
        .values_list("pk", "given_name", "family_name")
    )
    return [("", "Choose who owns the action")] + [
        (str(pk), f"{given} {family}") for pk, given, family in workers
    ]


class OversightForm(RecordingForm):
    held_on = DateField(
        label="Date of the decision",
        help_text="For example, 6 12 2026",
        error_messages={"required": "Enter the date of the decision"},
    )
    point = forms.ChoiceField(
        label="When is this oversight?",
        choices=Oversight.Point.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose when this oversight is"},
    )
    decision = forms.CharField(
        label="What did you decide?",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Write what was decided"},
    )
    rationale = forms.CharField(
        label="Why? The rationale for the decision",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Say what you weighed: the child's experience, risks and what has changed.",
        error_messages={"required": "Write why it was decided"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for n in range(1, ACTIONS + 1):
            self.fields[f"action_{n}"] = forms.CharField(
                label=f"Action {n} (optional)", required=False, max_length=300
            )
            self.fields[f"owner_{n}"] = forms.ChoiceField(
                label=f"Who owns action {n}?", required=False, choices=[]
            )
            self.fields[f"due_{n}"] = DateField(
                label=f"Action {n} due by", required=False, help_text="For example, 20 12 2026"
            )

    def prepare(self, r: Recording) -> None:
        choices = owner_choices(r.worker)
        for n in range(1, ACTIONS + 1):
            self.fields[f"owner_{n}"].choices = choices  # type: ignore[attr-defined]


def _actions(data: dict[str, Any]) -> list[ActionSpec]:
    found = []
    owners = {
        int(v): None for n in range(1, ACTIONS + 1) if (v := data.get(f"owner_{n}")) and v.isdigit()
    }
    workers = Worker.objects.in_bulk(list(owners))
    for n in range(1, ACTIONS + 1):
        text = (data.get(f"action_{n}") or "").strip()
        owner = data.get(f"owner_{n}") or ""
        due = data.get(f"due_{n}")
        if not text and not owner and due is None:
            continue
        found.append(ActionSpec(text, workers.get(int(owner)) if owner.isdigit() else None, due))
    return found


def _save(r: Recording, data: dict[str, Any]) -> object:
    return record_oversight(
        child=r.child,
        manager=r.worker,
        held_on=data["held_on"],
        point=data["point"],
        decision=data["decision"],
        rationale=data["rationale"],
        actions=_actions(data),
        today=r.today,
    )


def _initial(r: Recording) -> dict[str, Any]:
    initial: dict[str, Any] = {"held_on": r.today}
    if r.rule in POINT_FOR_RULE:
        initial["point"] = POINT_FOR_RULE[r.rule]
    return initial


OVERSIGHT = register(
    UseCase(
        name="management-oversight",
        title="Record management oversight",
        form=OversightForm,
        save=_save,
        roles=MANAGEMENT,
        done="Management oversight recorded",
        meets=frozenset(POINT_FOR_RULE),
        initial=_initial,
        caption=CAPTION,
    )
)


# --- An action done ---------------------------------------------------------------------------


def action_for(r: Recording) -> OversightAction:
    """The action the link names, on this child's record; 404 otherwise."""
    found = (
        OversightAction.objects.filter(child=r.child, pk=r.subject_id or 0)
        .select_related("owner", "oversight")
        .first()
    )
    if found is None:
        raise Http404("No such action")
    return found


def _may_complete(r: Recording) -> bool:
    action = action_for(r)
    viewer = viewer_for(r.user)
    return viewer.worker_id == action.owner_id or (
        viewer.role in MANAGERS and action.owner.team_id in viewer.team_ids
    )


class ActionDoneForm(RecordingForm):
    done_on = DateField(
        label="Date the action was done",
        help_text="For example, 6 12 2026",
        error_messages={"required": "Enter the date the action was done"},
    )


def _done(r: Recording, data: dict[str, Any]) -> object:
    if r.worker is None:
        from sightline.core.errors import JourneyError

        raise JourneyError("Oversight action", "__all__", "only a worker records an action done")
    return complete_oversight_action(
        action=action_for(r), done_on=data["done_on"], by=r.worker, today=r.today
    )


def _acting_on_action(r: Recording) -> str:
    a = action_for(r)
    return described(f"{a.action}: owned by {a.owner.full_name}, due", a.due_on)


ACTION_DONE = register(
    UseCase(
        name="oversight-action-done",
        title="Record an oversight action done",
        form=ActionDoneForm,
        save=_done,
        roles=CASE_WORKERS,
        done="Action recorded done",
        changes=True,
        meets=frozenset({"OVERSIGHT_ACTION"}),
        subject="action",
        initial=lambda r: {"done_on": r.today},
        caption=CAPTION,
        allowed=_may_complete,
        refused="Only the action's owner, or a manager of their team, records it done.",
        acting_on=_acting_on_action,
        in_menu=False,
    )
)
