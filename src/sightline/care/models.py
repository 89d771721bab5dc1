"""Children in care: periods of care, legal statuses, placements, reviews, and the SSDA903
episodes derived from them (care/episodes.py) by the services, never typed in."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models

from sightline.care.codes import (
    SDQ_MAX_SCORE,
    AdopterLegalStatus,
    AdopterSex,
    CategoryOfNeed,
    HealthCheckKind,
    LegalStatusCode,
    MissingKind,
    PlacementProvider,
    PlacementType,
    PreviousPermanenceKind,
    ReasonCeased,
    ReasonPlacedCeased,
    ReasonPlacementChanged,
    ResidentialSettingKind,
    ReviewParticipation,
    SDQReason,
)
from sightline.core import dates
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
    placement_plan_on = models.DateField(
        "placement plan agreed",
        null=True,
        blank=True,
        help_text="Regulation 9: before the placement, or within 5 working days of its start.",
    )

    class Meta:
        indexes = [models.Index(fields=["child", "started_on"])]
        constraints = [ends_after_start("started_on", "ended_on", "placement_ends_after_start")]

    def __str__(self) -> str:
        return f"{self.get_place_display()} from {self.started_on}"


class CarePlan(models.Model):
    """One version of the child's care plan (regulation 4: before the first placement, or within
    10 working days of its start; then kept under review). A period may have several."""

    period = models.ForeignKey(PeriodOfCare, on_delete=models.CASCADE, related_name="care_plans")
    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="care_plans")
    agreed_on = models.DateField()

    class Meta:
        indexes = [models.Index(fields=["child", "agreed_on"])]
        constraints = [
            models.UniqueConstraint(fields=["period", "agreed_on"], name="one_care_plan_a_day")
        ]

    def __str__(self) -> str:
        return f"Care plan agreed {self.agreed_on}"


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
    recommendations = models.TextField(
        "the IRO's recommendations",
        blank=True,
        help_text="What the independent reviewing officer recommended, one to a line.",
    )
    escalation = models.TextField(
        "the IRO's escalation",
        blank=True,
        help_text="A concern the IRO escalated (dispute resolution), and to whom; blank: none.",
    )

    class Meta:
        indexes = [models.Index(fields=["child", "held_on"])]

    def __str__(self) -> str:
        return f"Review {self.held_on}"

    @property
    def recommendation_lines(self) -> list[str]:
        return [line.strip() for line in self.recommendations.splitlines() if line.strip()]


# --- In care: health, education, missing, UASC, permanence, carers and settings ---------------

school_urn_validator = RegexValidator(r"^\d{6,7}$", "A school's URN is 6 or 7 digits.")
ofsted_urn_validator = RegexValidator(
    r"^(SC\d{6}|\d{7}|XXXXXXX)$", "An Ofsted URN is SC and 6 digits, 7 digits, or XXXXXXX."
)


class HealthAssessment(models.Model):
    """A health check while looked after; OC2's health fields are derived from these."""

    period = models.ForeignKey(
        PeriodOfCare, on_delete=models.CASCADE, related_name="health_assessments"
    )
    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="health_assessments")
    kind = models.CharField(max_length=13, choices=HealthCheckKind.choices)
    done_on = models.DateField()
    sdq_score = models.PositiveSmallIntegerField("SDQ score", null=True, blank=True)
    sdq_reason = models.CharField(
        "reason no SDQ score", max_length=4, choices=SDQReason.choices, blank=True
    )

    class Meta:
        indexes = [models.Index(fields=["child", "kind", "done_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(sdq_score__isnull=True)
                | models.Q(sdq_score__gte=0, sdq_score__lte=SDQ_MAX_SCORE),
                name="sdq_score_0_to_40",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(kind=HealthCheckKind.SDQ)
                    & (
                        (models.Q(sdq_score__isnull=False) & models.Q(sdq_reason=""))
                        | (models.Q(sdq_score__isnull=True) & ~models.Q(sdq_reason=""))
                    )
                )
                | (
                    ~models.Q(kind=HealthCheckKind.SDQ)
                    & models.Q(sdq_score__isnull=True, sdq_reason="")
                ),
                name="sdq_score_or_reason_only_for_sdq",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.done_on}"


class EducationRecord(models.Model):
    """The school a child attends, from a day until another school (or the end)."""

    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="education_records")
    school_name = models.CharField(max_length=200)
    school_urn = models.CharField(
        "school URN", max_length=7, blank=True, validators=[school_urn_validator]
    )
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["child", "started_on"])]
        constraints = [
            ends_after_start("started_on", "ended_on", "school_ends_after_start"),
            models.UniqueConstraint(
                fields=["child"],
                condition=models.Q(ended_on__isnull=True),
                name="one_current_school",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school_name} from {self.started_on}"


class PersonalEducationPlan(models.Model):
    """A personal education plan review (termly while looked after)."""

    period = models.ForeignKey(
        PeriodOfCare, on_delete=models.CASCADE, related_name="education_plans"
    )
    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="education_plans")
    reviewed_on = models.DateField()

    class Meta:
        indexes = [models.Index(fields=["child", "reviewed_on"])]
        constraints = [
            models.UniqueConstraint(fields=["period", "reviewed_on"], name="one_pep_review_a_day")
        ]

    def __str__(self) -> str:
        return f"PEP reviewed {self.reviewed_on}"


class MissingEpisode(models.Model):
    """Missing or away from placement; datetimes because the return interview is due within
    72 hours of the recorded return."""

    period = models.ForeignKey(
        PeriodOfCare, on_delete=models.CASCADE, related_name="missing_episodes"
    )
    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="missing_episodes")
    kind = models.CharField(max_length=1, choices=MissingKind.choices)
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    return_interview_offered = models.BooleanField(default=False)
    return_interview_accepted = models.BooleanField(default=False)
    return_interview_held_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["child", "started_at"])]
        constraints = [
            ends_after_start("started_at", "ended_at", "missing_ends_after_start"),
            models.UniqueConstraint(
                fields=["child"],
                condition=models.Q(ended_at__isnull=True),
                name="one_open_missing_episode",
            ),
            models.CheckConstraint(
                condition=models.Q(return_interview_accepted=False)
                | models.Q(return_interview_offered=True),
                name="return_interview_accepted_only_if_offered",
            ),
            models.CheckConstraint(
                condition=models.Q(return_interview_held_at__isnull=True)
                | models.Q(
                    return_interview_accepted=True,
                    return_interview_held_at__gte=models.F("ended_at"),
                ),
                name="return_interview_held_if_accepted_after_return",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_kind_display()} from {dates.day(self.started_at)} {self.started_at:%H:%M}"
        )


class UnaccompaniedStatus(models.Model):
    """The child is an unaccompanied asylum-seeking child; ``ceased_on`` is SSDA903 DUC."""

    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="uasc_statuses")
    recorded_on = models.DateField()
    ceased_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "unaccompanied statuses"
        constraints = [
            models.UniqueConstraint(fields=["child"], name="one_uasc_status_per_child"),
            ends_after_start("recorded_on", "ceased_on", "uasc_ceases_after_recorded"),
        ]

    def __str__(self) -> str:
        return "UASC" + (f" until {self.ceased_on}" if self.ceased_on else "")


class AdoptionMilestones(models.Model):
    """The adoption journey of one period of care: PlacedAdoption (decision, reversal) and AD1
    (matched, adopters) are derived from it."""

    MILESTONES = (
        "decision_on",
        "placement_order_on",
        "matched_on",
        "placed_on",
        "adoption_order_on",
    )

    period = models.OneToOneField(PeriodOfCare, on_delete=models.CASCADE, related_name="adoption")
    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="adoption_milestones")
    decision_on = models.DateField("decision that the child should be placed for adoption")
    placement_order_on = models.DateField(null=True, blank=True)
    matched_on = models.DateField("matched with adopters", null=True, blank=True)
    placed_on = models.DateField("placed for adoption", null=True, blank=True)
    adoption_order_on = models.DateField(null=True, blank=True)
    reversed_on = models.DateField(
        "decision that the child should no longer be placed", null=True, blank=True
    )
    reversed_reason = models.CharField(max_length=3, choices=ReasonPlacedCeased.choices, blank=True)
    foster_care = models.BooleanField("adopted by former foster carer", null=True, blank=True)
    number_of_adopters = models.PositiveSmallIntegerField(null=True, blank=True)
    sex_of_adopters = models.CharField(max_length=2, choices=AdopterSex.choices, blank=True)
    legal_status_of_adopters = models.CharField(
        max_length=3, choices=AdopterLegalStatus.choices, blank=True
    )

    class Meta:
        verbose_name_plural = "adoption milestones"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(reversed_on__isnull=True, reversed_reason="")
                | (models.Q(reversed_on__isnull=False) & ~models.Q(reversed_reason="")),
                name="adoption_reversal_has_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(number_of_adopters__isnull=True)
                | models.Q(number_of_adopters__in=[1, 2]),
                name="one_or_two_adopters",
            ),
        ]

    def __str__(self) -> str:
        return f"Adoption decision {self.decision_on}"


class PreviousPermanence(models.Model):
    """PrevPerm for a period of care. The order date may be partial, as the DfE allows
    (zz/MM/YYYY, zz/zz/YYYY, zz/zz/zzzz): the parts are stored, never coerced to a date."""

    period = models.OneToOneField(
        PeriodOfCare, on_delete=models.CASCADE, related_name="previous_permanence"
    )
    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="previous_permanences")
    kind = models.CharField(max_length=2, choices=PreviousPermanenceKind.choices)
    la = models.CharField("local authority that made the order", max_length=100, blank=True)
    order_year = models.PositiveSmallIntegerField(null=True, blank=True)
    order_month = models.PositiveSmallIntegerField(null=True, blank=True)
    order_day = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "previous permanence"
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(order_day__isnull=True) | models.Q(order_month__isnull=False))
                & (models.Q(order_month__isnull=True) | models.Q(order_year__isnull=False)),
                name="previous_permanence_partial_date_from_the_year",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.date_perm})"

    @property
    def date_perm(self) -> str:
        """DATE_PERM as SSDA903 writes it (``zz`` for an unknown part)."""
        day = f"{self.order_day:02d}" if self.order_day else "zz"
        month = f"{self.order_month:02d}" if self.order_month else "zz"
        year = f"{self.order_year:04d}" if self.order_year else "zzzz"
        return f"{day}/{month}/{year}"


class Conviction(models.Model):
    """A conviction (or youth caution or conditional caution) while looked after: OC2's
    CONVICTED is derived from these. Only from the age of criminal responsibility (10)."""

    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="convictions")
    period = models.ForeignKey(
        PeriodOfCare,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="convictions",
        help_text="The period of care the child was in when convicted.",
    )
    convicted_on = models.DateField()
    offence = models.TextField("offence", blank=True)

    class Meta:
        indexes = [models.Index(fields=["child", "convicted_on"])]

    def __str__(self) -> str:
        return f"Convicted {self.convicted_on}"


class SubstanceMisuse(models.Model):
    """A substance misuse problem identified, and whether an intervention was offered and
    received: OC2's SUBSTANCE_MISUSE and INTERVENTION_* are derived from these."""

    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="substance_misuse")
    identified_on = models.DateField()
    intervention_offered = models.BooleanField(default=False)
    intervention_received = models.BooleanField(default=False)

    class Meta:
        verbose_name_plural = "substance misuse"
        constraints = [
            models.UniqueConstraint(
                fields=["child", "identified_on"], name="one_substance_misuse_a_day"
            ),
            models.CheckConstraint(
                condition=models.Q(intervention_received=False)
                | models.Q(intervention_offered=True),
                name="intervention_received_only_if_offered",
            ),
        ]

    def __str__(self) -> str:
        return f"Substance misuse identified {self.identified_on}"


class FosteringHousehold(models.Model):
    name = models.CharField(max_length=200)
    approved_on = models.DateField()
    capacity = models.PositiveSmallIntegerField(help_text="Children the household may look after.")
    in_house = models.BooleanField(
        "the authority's own carers", default=True, help_text="Otherwise through an agency."
    )
    agency = models.CharField("fostering agency", max_length=200, blank=True)
    urn = models.CharField(
        "Ofsted URN", max_length=8, blank=True, validators=[ofsted_urn_validator]
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(in_house=True, agency="") | models.Q(in_house=False),
                name="in_house_carers_have_no_agency",
            )
        ]

    def __str__(self) -> str:
        return self.name


class ResidentialSetting(models.Model):
    name = models.CharField(max_length=200)
    urn = models.CharField(
        "Ofsted URN", max_length=8, blank=True, validators=[ofsted_urn_validator]
    )
    registered = models.BooleanField("registered with Ofsted", default=True)
    kind = models.CharField(max_length=23, choices=ResidentialSettingKind.choices)

    class Meta:
        indexes = [models.Index(fields=["urn"])]

    def __str__(self) -> str:
        return self.name


class UnregisteredPlacementApproval(models.Model):
    """A senior manager's approval of a placement in unregistered provision, with the more
    frequent visits it requires."""

    placement = models.ForeignKey(
        Placement, on_delete=models.CASCADE, related_name="unregistered_approvals"
    )
    child = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="unregistered_placement_approvals"
    )
    approved_by = models.ForeignKey(
        Worker, on_delete=models.PROTECT, related_name="unregistered_placements_approved"
    )
    approved_on = models.DateField()
    enhanced_visit_frequency_days = models.PositiveSmallIntegerField(
        help_text="Visit at least this often (days) while the child lives there."
    )

    class Meta:
        indexes = [models.Index(fields=["child", "approved_on"])]

    def __str__(self) -> str:
        return f"Unregistered placement approved {self.approved_on}"
