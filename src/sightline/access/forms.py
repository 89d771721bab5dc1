"""GOV.UK forms for the administrator's and the data protection officer's pages (decision
0031). They check what was typed; the rules are the services'."""

from __future__ import annotations

from typing import Any

from django import forms

from sightline.access.roles import ROLE_LABELS, Role
from sightline.web.forms import DateField, ErrorSummaryMixin
from sightline.workforce.models import Team

ROLE_CHOICES = [(role.value, ROLE_LABELS[role]) for role in Role]


def team_choices() -> list[tuple[str, str]]:
    return [
        ("", "No team"),
        *(
            (str(pk), name)
            for pk, name in Team.objects.filter(closed_on__isnull=True)
            .order_by("name")
            .values_list("pk", "name")
        ),
    ]


class RoleFields(forms.Form):
    role = forms.ChoiceField(
        label="Role",
        choices=ROLE_CHOICES,
        widget=forms.RadioSelect(attrs={"small": True}),
        help_text="What they do here decides which children's records they may open.",
        error_messages={"required": "Choose a role", "invalid_choice": "Choose a role"},
    )
    team = forms.ChoiceField(
        label="Team",
        required=False,
        help_text="Practitioners and managers see their team's children (a manager, the teams "
        "below theirs too). The data protection officer, administrators and inspectors have no "
        "team.",
    )
    visit_starts = DateField(
        label="First day of the inspection",
        required=False,
        help_text="Inspectors only: their account opens records on these days and no others. "
        "For example, 12 1 2027",
    )
    visit_ends = DateField(label="Last day of the inspection", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["team"]
        field.choices = team_choices()

    def team_object(self) -> Team | None:
        chosen = self.cleaned_data.get("team")
        return Team.objects.filter(pk=int(chosen)).first() if chosen else None


class AccountForm(ErrorSummaryMixin, RoleFields):
    username = forms.CharField(
        label="Username",
        max_length=150,
        help_text="What they type to sign in, for example jo.bloggs",
        error_messages={"required": "Enter a username"},
    )
    given_name = forms.CharField(
        label="Given name", max_length=150, error_messages={"required": "Enter their given name"}
    )
    family_name = forms.CharField(
        label="Family name", max_length=150, error_messages={"required": "Enter their family name"}
    )
    email = forms.EmailField(
        label="Work email address (optional)",
        required=False,
        help_text="Where notices about break-glass access to their children are sent.",
        error_messages={"invalid": "Enter an email address like name@example.gov.uk"},
    )

    field_order = ["username", "given_name", "family_name", "email", "role", "team"]


class ChangeRoleForm(ErrorSummaryMixin, RoleFields):
    pass


class NewPasswordForm(ErrorSummaryMixin, forms.Form):
    new_password1 = forms.CharField(
        label="New password",
        strip=False,
        help_text="At least 12 characters. Not a common password, not all numbers and not like "
        "your name or username. Three or four random words are easy to remember.",
        widget=forms.PasswordInput,
        error_messages={"required": "Enter a new password"},
    )
    new_password2 = forms.CharField(
        label="Confirm the new password",
        strip=False,
        widget=forms.PasswordInput,
        error_messages={"required": "Enter the new password again"},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, second = data.get("new_password1"), data.get("new_password2")
        if first and second and first != second:
            self.add_error("new_password2", "The passwords do not match: enter the same twice")
        return data


class FindChildByIdForm(ErrorSummaryMixin, forms.Form):
    la_child_id = forms.CharField(
        label="LA child ID",
        max_length=20,
        help_text="The subject's LA child ID, from their record or from Find a child.",
        error_messages={"required": "Enter the LA child ID"},
    )


class UsernameForm(ErrorSummaryMixin, forms.Form):
    username = forms.CharField(
        label="Username",
        max_length=150,
        error_messages={"required": "Enter a username"},
    )


class TeamForm(ErrorSummaryMixin, forms.Form):
    name = forms.CharField(
        label="Name of the team",
        max_length=120,
        error_messages={"required": "Enter the team's name"},
    )
    kind = forms.ChoiceField(
        label="What the team does",
        choices=Team.Kind.choices,
        widget=forms.RadioSelect(attrs={"small": True}),
        error_messages={"required": "Choose what the team does"},
    )
    parent = forms.ChoiceField(
        label="The team it is part of",
        required=False,
        help_text="Its managers see this team's children too. Choose none for a team at the top.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["parent"]
        field.choices = [("", "None"), *team_choices()[1:]]

    def parent_team(self) -> Team | None:
        chosen = self.cleaned_data.get("parent")
        return Team.objects.filter(pk=int(chosen)).first() if chosen else None


class RenameTeamForm(ErrorSummaryMixin, forms.Form):
    name = forms.CharField(
        label="New name of the team",
        max_length=120,
        error_messages={"required": "Enter the team's new name"},
    )


class MoveTeamForm(ErrorSummaryMixin, forms.Form):
    parent = forms.ChoiceField(
        label="The team it is part of",
        required=False,
        help_text="Its managers see this team's children too. Choose none for a team at the top.",
    )

    def __init__(self, *args: Any, team: Team, **kwargs: Any) -> None:
        """Offers every open team but this one and those under it (it cannot be part of them)."""
        from sightline.access.policy import teams_below

        super().__init__(*args, **kwargs)
        below = {str(pk) for pk in teams_below(team.pk)}
        field: Any = self.fields["parent"]
        field.choices = [("", "None"), *(c for c in team_choices()[1:] if c[0] not in below)]

    def parent_team(self) -> Team | None:
        chosen = self.cleaned_data.get("parent")
        return Team.objects.filter(pk=int(chosen)).first() if chosen else None


class CloseTeamForm(ErrorSummaryMixin, forms.Form):
    """Nothing to fill in: the button confirms; a refusal is an error on the whole form."""
