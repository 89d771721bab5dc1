"""Children in care: periods of care, legal statuses, placements, reviews, and the SSDA903
episodes derived from them (care/episodes.py) by the services, never typed in."""

from __future__ import annotations

from django.db import models

from sightline.care.codes import (
    CategoryOfNeed,
    LegalStatusCode,
    PlacementProvider,
    PlacementType,
    ReasonCeased,
    ReasonPlacementChanged,
    ReviewParticipation,
)
from sightline.people.models import Person
from sightline.workforce.models import Worker


def ends_after_start(start: str, end: str, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=models.Q(**{f"{end}__isnull": True})
        | models.Q(**{f"{end}__gt": models.F(start)}),
        name=name,
    )


class PeriodOfCare(models.Model):
    """From the day a child starts to be looked after to the day they stop."""

    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="periods_of_care")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    reason_ceased = models.CharField(max_length=3, choices=ReasonCeased.choices, blank=True)
    category_of_need = models.CharField(max_length=2, choices=CategoryOfNeed.choices)
    home_postcode = models.CharField(
        max_length=8, help_text="The child's home postcode when care started (HOME_POST)."
    )

    class Meta:
        indexes = [models.Index(fields=["child", "started_on"]), models.Index(fields=["ended_on"])]
        constraints = [ends_after_start("started_on", "ended_on", "care_ends_after_it_starts")]

    def __str__(self) -> str:
        return f"Looked after from {self.started_on}"


class LegalStatus(models.Model):
    period = models.ForeignKey(
        PeriodOfCare, on_delete=models.CASCADE, related_name="legal_statuses"
    )
    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="legal_statuses")
    started_on = models.DateField()
    code = models.CharField(max_length=2, choices=LegalStatusCode.choices)

    class Meta:
        verbose_name_plural = "legal statuses"
        constraints = [
            models.UniqueConstraint(fields=["period", "started_on"], name="one_legal_status_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.code} from {self.started_on}"


class Placement(models.Model):
    period = models.ForeignKey(PeriodOfCare, on_delete=models.CASCADE, related_name="placements")
    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="placements")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    place = models.CharField("placement type", max_length=3, choices=PlacementType.choices)
    provider = models.CharField(max_length=3, choices=PlacementProvider.choices, blank=True)
    carer = models.CharField(
        "carer or setting",
        max_length=200,
        help_text="Who looks after the child; the same carer in a new placement is RNE T or U.",
    )
    urn = models.CharField("Ofsted URN", max_length=8, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    intended_until_18 = models.BooleanField(
        "intended to last until the child is 18",
        default=False,
        help_text="Regulation 28(2): visits may then be 3-monthly after the first year.",
    )
    change_reason = models.CharField(
        "reason the placement ended",
        max_length=6,
        choices=ReasonPlacementChanged.choices,
        blank=True,
    )

    class Meta:
        indexes = [models.Index(fields=["child", "started_on"])]
        constraints = [ends_after_start("started_on", "ended_on", "placement_ends_after_start")]

    def __str__(self) -> str:
        return f"{self.get_place_display()} from {self.started_on}"


class CareEpisode(models.Model):
    """One SSDA903 episode, derived; rebuilt by the services whenever the period changes."""

    period = models.ForeignKey(PeriodOfCare, on_delete=models.CASCADE, related_name="episodes")
    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="care_episodes")
    decom = models.DateField()
    rne = models.CharField(max_length=1)
    ls = models.CharField(max_length=2)
    cin = models.CharField(max_length=2)
    place = models.CharField(max_length=3)
    place_provider = models.CharField(max_length=3, blank=True)
    dec = models.DateField(null=True, blank=True)
    rec = models.CharField(max_length=3, blank=True)
    reason_place_change = models.CharField(max_length=6, blank=True)
    home_post = models.CharField(max_length=8, blank=True)
    pl_post = models.CharField(max_length=8, blank=True)
    urn = models.CharField(max_length=8, blank=True)

    class Meta:
        ordering = ["decom"]
        indexes = [models.Index(fields=["child", "decom"]), models.Index(fields=["dec"])]

    def __str__(self) -> str:
        return f"Episode {self.rne} from {self.decom}"


class LookedAfterReview(models.Model):
    period = models.ForeignKey(PeriodOfCare, on_delete=models.CASCADE, related_name="reviews")
    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="looked_after_reviews")
    held_on = models.DateField()
    participation = models.CharField(max_length=3, choices=ReviewParticipation.choices)
    chaired_by = models.ForeignKey(
        Worker, null=True, blank=True, on_delete=models.PROTECT, related_name="reviews_chaired"
    )

    class Meta:
        indexes = [models.Index(fields=["child", "held_on"])]

    def __str__(self) -> str:
        return f"Review {self.held_on}"
