"""Workforce: teams, workers, and the allocation of workers to children over time."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models

from sightline.core.codes import SocialWorkerChangeReason
from sightline.core.writes import refuse_second
from sightline.people.models import Person

swe_number_validator = RegexValidator(
    r"^SW\d{1,7}$", "A Social Work England registration number is SW followed by digits."
)


class Team(models.Model):
    class Kind(models.TextChoices):
        FRONT_DOOR = "front_door", "Front door (MASH)"
        ASSESSMENT = "assessment", "Assessment"
        SAFEGUARDING = "safeguarding", "Family support and safeguarding"
        CHILDREN_IN_CARE = "children_in_care", "Children in care"
        LEAVING_CARE = "leaving_care", "Leaving care"
        DISABLED_CHILDREN = "disabled_children", "Disabled children"
        EARLY_HELP = "early_help", "Early help"
        REVIEWING = "reviewing", "Safeguarding and reviewing (IROs and chairs)"
        SERVICE = "service", "Service"

    name = models.CharField(max_length=120, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # Closed by the administrator once nobody works in it and no child is allocated to it:
    # kept (past allocations name it), no longer offered for an account or as a parent.
    closed_on = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return self.name


class Worker(models.Model):
    class Role(models.TextChoices):
        FRONT_DOOR_PRACTITIONER = "front_door_practitioner", "Front-door practitioner"
        SOCIAL_WORKER = "social_worker", "Social worker"
        FAMILY_SUPPORT_WORKER = "family_support_worker", "Family support worker"
        PERSONAL_ADVISER = "personal_adviser", "Personal adviser"
        REVIEWING_OFFICER = "reviewing_officer", "Child protection chair / IRO"
        TEAM_MANAGER = "team_manager", "Team manager"
        SERVICE_MANAGER = "service_manager", "Service manager"
        SENIOR_LEADER = "senior_leader", "Senior leader"
        PERFORMANCE_ANALYST = "performance_analyst", "Performance analyst"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="worker",
    )
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    role = models.CharField(max_length=30, choices=Role.choices)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="workers")
    swe_number = models.CharField(
        "Social Work England number",
        max_length=9,
        blank=True,
        validators=[swe_number_validator],
    )
    is_agency = models.BooleanField("agency worker", default=False)
    started_on = models.DateField()
    left_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["swe_number"],
                condition=~models.Q(swe_number=""),
                name="swe_number_unique_when_given",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"


def current_on(day: date) -> models.Q:
    """The one definition of an allocation current on ``day`` (filter ``Allocation`` with it).

    Started on or before the day and not ended by it. An allocation that ends on a day hands
    over that day: the allocation starting then is the current one, so a child has at most one
    current allocation of a kind on any day, as the database's constraint has one open.
    """
    return models.Q(started_on__lte=day) & (
        models.Q(ended_on__isnull=True) | models.Q(ended_on__gt=day)
    )


class Allocation(models.Model):
    """A worker (and their team) allocated to a child, of one kind, for a period.

    One model for every kind (CONTRACTS.md): SSDA903 social worker episodes come from the
    social worker allocations only.
    """

    class Kind(models.TextChoices):
        SOCIAL_WORKER = "social_worker", "Social worker"
        FAMILY_SUPPORT_WORKER = "family_support_worker", "Family support worker"
        PERSONAL_ADVISER = "personal_adviser", "Personal adviser"
        REVIEWING_OFFICER = "reviewing_officer", "Independent reviewing officer"
        CP_CHAIR = "cp_chair", "Child protection chair"
        LEAD_PRACTITIONER = "lead_practitioner", "Lead practitioner"

    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="allocations")
    worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="allocations")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="allocations")
    kind = models.CharField(max_length=25, choices=Kind.choices)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    reason = models.CharField(
        "reason for this allocation",
        max_length=6,
        choices=SocialWorkerChangeReason.choices,
        blank=True,
    )

    class Meta:
        indexes = [
            models.Index(fields=["worker", "ended_on"]),
            models.Index(fields=["team", "ended_on"]),
            models.Index(fields=["child", "kind"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="allocation_ends_after_start",
            ),
            # One current allocation of a kind: allocating a worker ends the current one.
            models.UniqueConstraint(
                fields=["child", "kind"],
                condition=models.Q(ended_on__isnull=True),
                name="one_current_allocation_of_a_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.worker} for {self.child}"


refuse_second(
    Allocation,
    "one_current_allocation_of_a_kind",
    record="Allocation",
    field="kind",
    message="the child's allocation of this kind was changed just now by someone else: "
    "look again before allocating",
)
