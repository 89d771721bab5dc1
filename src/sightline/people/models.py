"""People: children and the adults around them, their identifiers and relationships."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.validators import RegexValidator
from django.db import models

from sightline.core.codes import Disability, Ethnicity, Sex, UPNUnknown
from sightline.people.names import name_keys

la_child_id_validator = RegexValidator(
    r"^[A-Za-z0-9]{1,20}$", "An LA child ID is 1 to 20 letters and digits (CIN rules 1570, 1580)."
)


class Person(models.Model):
    class Kind(models.TextChoices):
        CHILD = "child", "Child"
        ADULT = "adult", "Adult"

    kind = models.CharField(max_length=5, choices=Kind.choices, default=Kind.CHILD)
    la_child_id = models.CharField(
        "LA child ID",
        max_length=20,
        unique=True,
        null=True,
        blank=True,
        validators=[la_child_id_validator],
        help_text="Stable across years and never reused; the CHILD / LAchildID of the returns.",
    )
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    # How each name sounds (people/names.py): kept by ``save`` and by the bulk writers, compared
    # by the front door's search for near matches ("Mohamed" / "Mohammed"), decision 0025.
    given_name_key = models.CharField(max_length=100, blank=True, editable=False)
    family_name_key = models.CharField(max_length=100, blank=True, editable=False)
    birth_date = models.DateField(null=True, blank=True)
    expected_birth_date = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    ethnicity = models.CharField(max_length=4, choices=Ethnicity.choices, default=Ethnicity.NOBT)
    nhs_number = models.CharField("NHS number", max_length=10, blank=True, db_index=True)
    upn = models.CharField("UPN", max_length=13, blank=True, db_index=True)
    upn_unknown = models.CharField(
        "reason UPN not known", max_length=3, choices=UPNUnknown.choices, blank=True
    )
    former_upn = models.CharField("former UPN", max_length=13, blank=True)
    death_date = models.DateField(null=True, blank=True)
    is_uasc = models.BooleanField("unaccompanied asylum-seeking child", default=False)
    home_postcode = models.CharField(max_length=8, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # One more with every domain event about this person: the version a form saw (decision 0020).
    record_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        indexes = [
            models.Index(fields=["family_name", "given_name"]),
            models.Index(fields=["birth_date"]),
            models.Index(fields=["family_name_key"], name="person_family_sound"),
            models.Index(fields=["given_name_key"], name="person_given_sound"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="adult") | models.Q(la_child_id__isnull=False),
                name="child_has_la_child_id",
            ),
            models.CheckConstraint(
                condition=models.Q(death_date__isnull=True)
                | models.Q(birth_date__isnull=True)
                | models.Q(death_date__gte=models.F("birth_date")),
                name="death_not_before_birth",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The sound keys follow the names on every save, whoever saves (decision 0025).
        keys = name_keys(self.given_name, self.family_name)
        for name, value in keys.items():
            setattr(self, name, value)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"given_name", "family_name"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, *keys}
        super().save(*args, **kwargs)

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()

    @property
    def is_unborn(self) -> bool:
        return self.birth_date is None and self.expected_birth_date is not None

    def age_on(self, day: date) -> int | None:
        if self.birth_date is None:
            return None
        years = day.year - self.birth_date.year
        if (day.month, day.day) < (self.birth_date.month, self.birth_date.day):
            years -= 1
        return years


class PersonDisability(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="disabilities")
    code = models.CharField(max_length=4, choices=Disability.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "code"], name="one_disability_code_each")
        ]

    def __str__(self) -> str:
        return self.get_code_display()


class Relationship(models.Model):
    """How one person stands to another: read as "relative is the <kind> of person"."""

    class Kind(models.TextChoices):
        MOTHER = "mother", "Mother"
        FATHER = "father", "Father"
        STEP_PARENT = "step_parent", "Step-parent"
        PARENT_PARTNER = "parent_partner", "Parent's partner"
        GRANDPARENT = "grandparent", "Grandparent"
        SIBLING = "sibling", "Sibling"
        HALF_SIBLING = "half_sibling", "Half-sibling"
        AUNT_UNCLE = "aunt_uncle", "Aunt or uncle"
        CARER = "carer", "Carer"
        OTHER_RELATIVE = "other_relative", "Other relative"
        FAMILY_FRIEND = "family_friend", "Family friend"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relationships")
    relative = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relationships_to")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    has_parental_responsibility = models.BooleanField(default=False)
    lives_with_child = models.BooleanField(default=False)
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(person=models.F("relative")), name="not_related_to_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.relative} is the {self.get_kind_display().lower()} of {self.person}"
