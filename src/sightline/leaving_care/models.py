"""Care leavers' records over time: pathway plans, OC3 status (in touch, activity,
accommodation), staying put, custody, parenthood, essential documents, support to 25, and the
response to homeless 16/17-year-olds and to care leavers not in education, employment or
training (the 2025 inspection's two areas for improvement).

Personal adviser allocation is a ``workforce.Allocation`` of kind ``personal_adviser``, and PA
contacts are ``protection.Visit`` rows with purpose ``pa``: neither has a model here. Every
model has a ``child`` foreign key so subject access and retention find it.
"""

from __future__ import annotations

from django.db import models

from sightline.leaving_care.codes import (
    AccommodationCode,
    ActivityCode,
    HomelessOutcome,
    InTouchCode,
    NEETBarrierCode,
    NEETOfferKind,
    NEETOfferOutcome,
    SupportTo25Outcome,
)
from sightline.people.models import Person


def not_before(later: str, earlier: str, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=models.Q(**{f"{later}__isnull": True})
        | models.Q(**{f"{earlier}__isnull": True})
        | models.Q(**{f"{later}__gte": models.F(earlier)}),
        name=name,
    )


class PathwayPlan(models.Model):
    """The young person's pathway plan (one per child; reviewed at least every 6 months)."""

    child = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="pathway_plan")
    started_on = models.DateField()

    def __str__(self) -> str:
        return f"Pathway plan from {self.started_on}"


class PathwayPlanReview(models.Model):
    plan = models.ForeignKey(PathwayPlan, on_delete=models.CASCADE, related_name="reviews")
    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="pathway_plan_reviews")
    reviewed_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["plan", "reviewed_on"], name="one_pathway_review_a_day")
        ]

    def __str__(self) -> str:
        return f"Pathway plan review {self.reviewed_on}"


class TransitionPlan(models.Model):
    """The plan for a disabled young person's move to adult services."""

    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="transition_plans")
    agreed_on = models.DateField()

    def __str__(self) -> str:
        return f"Transition plan agreed {self.agreed_on}"


class InTouch(models.Model):
    """Whether the authority is in touch with the care leaver (OC3 IN_TOUCH), as recorded."""

    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="in_touch")
    recorded_on = models.DateField()
    in_touch = models.CharField(max_length=4, choices=InTouchCode.choices)

    class Meta:
        verbose_name_plural = "in touch"
        indexes = [models.Index(fields=["child", "recorded_on"])]

    def __str__(self) -> str:
        return f"{self.get_in_touch_display()} ({self.recorded_on})"


class Activity(models.Model):
    """The care leaver's main activity from a date (OC3 ACTIV); EET/NEET in codes.py."""

    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="activities")
    from_date = models.DateField()
    code = models.CharField(max_length=2, choices=ActivityCode.choices)

    class Meta:
        verbose_name_plural = "activities"
        constraints = [
            models.UniqueConstraint(fields=["child", "from_date"], name="one_activity_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.get_code_display()} from {self.from_date}"


class Accommodation(models.Model):
    """The care leaver's accommodation from a date (OC3 ACCOM). ``suitable`` is derived from the
    code's digit by the service (1 suitable, 2 unsuitable, ``0`` unknown), never typed in."""

    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="accommodations")
    from_date = models.DateField()
    code = models.CharField(max_length=2, choices=AccommodationCode.choices)
    suitable = models.BooleanField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["child", "from_date"], name="one_accommodation_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.get_code_display()} from {self.from_date}"


class StayingPut(models.Model):
    """A former relevant young person staying with their former foster carer (s.23CZA)."""

    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="staying_put")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    carer = models.CharField(max_length=200)

    class Meta:
        verbose_name_plural = "staying put arrangements"
        constraints = [not_before("ended_on", "started_on", "staying_put_ends_after_start")]

    def __str__(self) -> str:
        return f"Staying put with {self.carer} from {self.started_on}"


class Custody(models.Model):
    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="custody_periods")
    from_date = models.DateField()
    to_date = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "custody periods"
        constraints = [not_before("to_date", "from_date", "custody_ends_after_start")]

    def __str__(self) -> str:
        return f"In custody from {self.from_date}"


class Parenthood(models.Model):
    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="parenthoods")
    became_parent_on = models.DateField()

    def __str__(self) -> str:
        return f"Became a parent {self.became_parent_on}"


class EssentialDocuments(models.Model):
    """The date each essential document was in the young person's hands (null: not yet)."""

    child = models.OneToOneField(
        Person, on_delete=models.CASCADE, related_name="essential_documents"
    )
    bank_account = models.DateField(null=True, blank=True)
    provisional_licence = models.DateField(null=True, blank=True)
    passport = models.DateField(null=True, blank=True)
    national_insurance_number = models.DateField(null=True, blank=True)
    health_passport = models.DateField(null=True, blank=True)
    birth_certificate = models.DateField(null=True, blank=True)
    updated_on = models.DateField()

    class Meta:
        verbose_name_plural = "essential documents"

    def __str__(self) -> str:
        return f"Essential documents (updated {self.updated_on})"


class SupportTo25Request(models.Model):
    """A former relevant young person's request for personal adviser support to 25."""

    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="support_requests")
    requested_on = models.DateField()
    outcome = models.CharField(
        max_length=10, choices=SupportTo25Outcome.choices, default=SupportTo25Outcome.PENDING
    )

    def __str__(self) -> str:
        return f"Support to 25 requested {self.requested_on}"


class HomelessPresentation(models.Model):
    """A 16/17-year-old presenting as homeless, the joint housing and children's services
    assessment, advocacy, and the outcome (DOMAIN.md 1.4). Bed and breakfast is never
    suitable for under-18s: ``unsuitable`` flags it."""

    child = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="homeless_presentations"
    )
    presented_on = models.DateField()
    joint_assessment_started_on = models.DateField(null=True, blank=True)
    joint_assessment_completed_on = models.DateField(null=True, blank=True)
    advocacy_offered = models.BooleanField(default=False)
    advocacy_taken_up = models.BooleanField(default=False)
    outcome = models.CharField(max_length=16, choices=HomelessOutcome.choices, blank=True)
    outcome_on = models.DateField(null=True, blank=True)
    accommodation_used = models.CharField(max_length=200, blank=True)
    is_bed_and_breakfast = models.BooleanField("bed and breakfast", default=False)

    class Meta:
        indexes = [models.Index(fields=["child", "presented_on"])]
        constraints = [
            not_before(
                "joint_assessment_started_on",
                "presented_on",
                "homeless_assessment_after_presenting",
            ),
            not_before(
                "joint_assessment_completed_on",
                "joint_assessment_started_on",
                "homeless_assessment_completed_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(advocacy_offered=True) | models.Q(advocacy_taken_up=False),
                name="homeless_advocacy_taken_up_only_if_offered",
            ),
        ]

    def __str__(self) -> str:
        return f"Presented as homeless {self.presented_on}"

    @property
    def unsuitable(self) -> bool:
        return self.is_bed_and_breakfast


class NEETBarrier(models.Model):
    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="neet_barriers")
    recorded_on = models.DateField()
    barrier = models.CharField(max_length=20, choices=NEETBarrierCode.choices)
    note = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"{self.get_barrier_display()} ({self.recorded_on})"


class NEETOffer(models.Model):
    """An offer of education, employment or training to a NEET care leaver, and how it went."""

    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="neet_offers")
    offered_on = models.DateField()
    kind = models.CharField(max_length=20, choices=NEETOfferKind.choices)
    outcome = models.CharField(
        max_length=12, choices=NEETOfferOutcome.choices, default=NEETOfferOutcome.PENDING
    )
    outcome_on = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["offered_on", "kind"])]
        constraints = [not_before("outcome_on", "offered_on", "neet_outcome_after_offer")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} offered {self.offered_on}"
