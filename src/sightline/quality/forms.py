"""The forms of the quality pages: GOV.UK fields through ``web/_field.html``, each service's
``JourneyError`` shown on its field (``RecordingForm.add_journey_error``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms

from sightline.people.models import Person
from sightline.quality.models import AuditQuestion, Feedback, Grade, Theme
from sightline.web.forms import DateField
from sightline.web.recording import RecordingForm

GRADE_CHOICES = [(str(value), label) for value, label in Grade.choices]


def grade_field(label: str, message: str, **kwargs: Any) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=GRADE_CHOICES,
        coerce=int,
        widget=forms.RadioSelect(attrs={"inline": True}),
        error_messages={"required": message},
        **kwargs,
    )


def add_actions(form: forms.Form, count: int, owners: list[tuple[str, str]], what: str) -> None:
    for n in range(1, count + 1):
        form.fields[f"action_{n}"] = forms.CharField(
            label=f"{what} {n} (optional)", required=False, max_length=300
        )
        form.fields[f"owner_{n}"] = forms.ChoiceField(
            label=f"Who owns {what.lower()} {n}?", required=False, choices=owners
        )
        form.fields[f"due_{n}"] = DateField(
            label=f"{what} {n} due by", required=False, help_text="For example, 20 12 2026"
        )


class SupervisionForm(RecordingForm):
    held_on = DateField(
        label="Date of the supervision",
        help_text="For example, 6 12 2026",
        error_messages={"required": "Enter the date of the supervision"},
    )
    reflection = forms.CharField(
        label="Reflective discussion",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="The worker's wellbeing, learning and reflection on their practice.",
        error_messages={"required": "Write the reflective discussion"},
    )

    def __init__(self, *args: Any, children: Iterable[Person] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.children = list(children)
        for child in self.children:
            name = f"{child.given_name} {child.family_name}"
            self.fields[f"note_{child.pk}"] = forms.CharField(
                label=f"Discussion of {name} ({child.la_child_id})",
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text="Leave empty if this child was not discussed.",
            )
            self.fields[f"actions_{child.pk}"] = forms.CharField(
                label=f"Actions for {name}", required=False, max_length=1000
            )


class SampleForm(RecordingForm):
    month = DateField(
        label="Month of the sample (any day in it)",
        help_text="For example, 1 11 2026",
        error_messages={"required": "Enter the month of the sample"},
    )
    size = forms.IntegerField(
        label="How many children",
        min_value=1,
        max_value=500,
        error_messages={"required": "Enter how many children to sample"},
    )
    seed = forms.CharField(
        label="Seed (optional)",
        required=False,
        max_length=40,
        help_text="The same seed draws the same children. Left empty, the month is the seed.",
    )


class AuditForm(RecordingForm):
    audited_on = DateField(
        label="Date of the audit",
        help_text="For example, 6 12 2026",
        error_messages={"required": "Enter the date of the audit"},
    )

    def __init__(
        self,
        *args: Any,
        questions: Iterable[AuditQuestion] = (),
        owners: list[tuple[str, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for q in self.questions:
            self.fields[f"grade_{q.pk}"] = grade_field(
                f"{q.number}. {q.text}", "Choose a grade", required=False
            )
            self.fields[f"finding_{q.pk}"] = forms.CharField(
                label=f"Finding for question {q.number}",
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        self.fields["grade"] = grade_field(
            "Overall grade", "Choose the overall grade", required=False
        )
        self.fields["summary"] = forms.CharField(
            label="What the audit found",
            widget=forms.Textarea(attrs={"rows": 5}),
            error_messages={"required": "Write the audit's findings"},
        )
        add_actions(self, 2, owners or [("", "Choose who owns the action")], "Learning action")


class ModerationForm(RecordingForm):
    moderated_on = DateField(
        label="Date of the moderation",
        help_text="For example, 6 12 2026",
        error_messages={"required": "Enter the date of the moderation"},
    )
    grade = grade_field("Moderated grade", "Choose the moderated grade")
    note = forms.CharField(
        label="Why the grade stands or changes",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Say why the grade stands or changes"},
    )


class ResponseForm(RecordingForm):
    responded_on = DateField(
        label="Date of the response",
        help_text="For example, 6 12 2026",
        error_messages={"required": "Enter the date of the response"},
    )
    response = forms.CharField(
        label="The practitioner's response",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Write the practitioner's response"},
    )


class FeedbackForm(RecordingForm):
    received_on = DateField(
        label="Date received",
        help_text="For example, 6 12 2026",
        error_messages={"required": "Enter the date it was received"},
    )
    source = forms.ChoiceField(
        label="Who is it from?",
        choices=Feedback.Source.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who it is from"},
    )
    theme = forms.ChoiceField(
        label="Theme",
        choices=[("", "Choose a theme"), *Theme.choices],
        error_messages={"required": "Choose the theme"},
    )
    sentiment = forms.ChoiceField(
        label="What does it say overall?",
        choices=Feedback.Sentiment.choices,
        widget=forms.RadioSelect(attrs={"inline": True}),
        error_messages={"required": "Choose what it says overall"},
    )
    summary = forms.CharField(
        label="What they said",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="In their words where you can.",
        error_messages={"required": "Write what they said"},
    )
    la_child_id = forms.CharField(
        label="LA child ID of the child it is about (optional)",
        required=False,
        max_length=20,
        help_text="Leave empty for feedback about the service, not one child.",
    )
    field_for_error = {"child": "la_child_id"}
