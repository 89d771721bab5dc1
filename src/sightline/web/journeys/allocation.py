"""Allocating a worker to a child, or reallocating (issue 14, item 5): a manager's decision,
with the reason. Allocating ends the child's current allocation of the same kind that day (the
service does it), so the form is a change to the record: saved over someone else's change it
says so and keeps what was typed."""

from __future__ import annotations

from typing import Any

from django import forms

from sightline.access.policy import viewer_for
from sightline.access.roles import MANAGEMENT
from sightline.core.codes import SocialWorkerChangeReason
from sightline.web.forms import DateField
from sightline.web.recording import Recording, RecordingForm, UseCase, register
from sightline.workforce.models import Allocation, Worker, current_on
from sightline.workforce.services import allocate


def allocatable_workers(r: Recording) -> list[Worker]:
    """The workers this manager allocates: those in their team and the teams below it who have
    not left."""
    teams = viewer_for(r.user).team_ids
    return list(
        Worker.objects.filter(team_id__in=teams)
        .exclude(left_on__lt=r.today)
        .select_related("team")
        .order_by("family_name", "given_name", "pk")
    )


class AllocationForm(RecordingForm):
    kind = forms.ChoiceField(
        label="What is the worker allocated as?",
        choices=Allocation.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the worker is allocated as"},
    )
    worker = forms.ChoiceField(
        label="Worker",
        choices=[],
        error_messages={
            "required": "Choose the worker",
            "invalid_choice": "Choose a worker from your teams",
        },
    )
    started_on = DateField(
        label="Date the allocation starts",
        help_text="For example, 6 12 2026",
        error_messages={"required": "Enter the date the allocation starts"},
    )
    reason = forms.ChoiceField(
        label="Reason for the allocation",
        help_text="Needed for a social worker (the SSDA903 reason for a change of social worker).",
        choices=SocialWorkerChangeReason.choices,
        widget=forms.RadioSelect,
        required=False,
    )

    workers: dict[str, Worker]

    def prepare(self, r: Recording) -> None:
        self.workers = {str(w.pk): w for w in allocatable_workers(r)}
        field = self.fields["worker"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "Choose a worker")] + [
            (pk, f"{w.full_name} ({w.team.name}, {w.get_role_display().lower()})")
            for pk, w in self.workers.items()
        ]
        current = (
            Allocation.objects.filter(current_on(r.today), child=r.child)
            .select_related("worker")
            .order_by("kind")
        )
        now = "; ".join(f"{a.get_kind_display()}: {a.worker.full_name}" for a in current)
        field.help_text = (
            f"Allocated now: {now}. The current allocation of the kind you choose ends on the "
            "day the new one starts."
            if now
            else "Nobody is allocated to the child now."
        )


def _save(r: Recording, data: dict[str, Any]) -> object:
    return allocate(
        child=r.child,
        worker=Worker.objects.get(pk=int(data["worker"])),
        kind=data["kind"],
        started_on=data["started_on"],
        reason=data["reason"] or "",
        today=r.today,
    )


def _initial(r: Recording) -> dict[str, Any]:
    has_social_worker = Allocation.objects.filter(
        current_on(r.today), child=r.child, kind=Allocation.Kind.SOCIAL_WORKER
    ).exists()
    return {
        "kind": Allocation.Kind.SOCIAL_WORKER,
        "started_on": r.today,
        "reason": "" if has_social_worker else SocialWorkerChangeReason.FCONTA,
    }


ALLOCATE = register(
    UseCase(
        name="allocate",
        title="Allocate a worker",
        caption="Help and protection",
        form=AllocationForm,
        save=_save,
        roles=MANAGEMENT,
        done="Worker allocated",
        changes=True,
        initial=_initial,
    )
)
