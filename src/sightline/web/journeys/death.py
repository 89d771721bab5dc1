"""Recording a child's death (issue 14, item 5). The service cancels every open obligation of
the child in the same transaction (decision 0016); the form is a change to the record, so one
saved over someone else's change says so."""

from __future__ import annotations

from typing import Any

from sightline.access.roles import SOCIAL_WORK
from sightline.people.services import record_death
from sightline.web.forms import DateField
from sightline.web.recording import Recording, RecordingForm, UseCase, register


class DeathForm(RecordingForm):
    death_date = DateField(
        label="Date of death",
        help_text=(
            "Every task still due for the child ends when the death is recorded. "
            "For example, 6 12 2026"
        ),
        error_messages={"required": "Enter the date of death"},
    )


def _save(r: Recording, data: dict[str, Any]) -> object:
    return record_death(person=r.child, death_date=data["death_date"], today=r.today)


RECORD_DEATH = register(
    UseCase(
        name="death",
        title="Record the child's death",
        form=DeathForm,
        save=_save,
        roles=SOCIAL_WORK,
        done="The child's death is recorded",
        changes=True,
    )
)
