"""Help and protection: the CIN episode (referral) and everything that hangs off it.

Every record carries the child as well as the referral, so that child-level and set-based
reads (returns, KPIs, caseloads) need no joins through the episode. Services keep the two
consistent; nothing else writes these rows.
"""

from __future__ import annotations

from django.db import models

from sightline.core.codes import AbuseCategory, ClosureReason, PrimaryNeed, ReferralSource
from sightline.frontdoor.models import Contact
from sightline.people.models import Person
from sightline.workforce.models import Worker


def ends_after_start(start: str, end: str, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=models.Q(**{f"{end}__isnull": True})
        | models.Q(**{f"{end}__gte": models.F(start)}),
        name=name,
    )


class Referral(models.Model):
    """A referral to children's social care: the CIN census episode of need (CINdetails)."""

    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="referrals")
    contact = models.OneToOneField(
        Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="referral"
    )
    referral_date = models.DateField()
    source = models.CharField(max_length=2, choices=ReferralSource.choices)
    primary_need = models.CharField(
        max_length=2, choices=PrimaryNeed.choices, default=PrimaryNeed.N0
    )
    nfa = models.BooleanField(
        "no further action at referral",
        default=False,
        help_text="Referral closed with no further action (CIN census ReferralNFA).",
    )
    closure_date = models.DateField(null=True, blank=True)
    closure_reason = models.CharField(max_length=3, choices=ClosureReason.choices, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["child", "referral_date"]),
            models.Index(fields=["closure_date"]),
        ]
        constraints = [
            ends_after_start("referral_date", "closure_date", "referral_closes_after_it_opens"),
            models.CheckConstraint(
                condition=models.Q(closure_date__isnull=True, closure_reason="")
                | (models.Q(closure_date__isnull=False) & ~models.Q(closure_reason="")),
                name="referral_closure_has_date_and_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Referral {self.referral_date}"

    @property
    def is_open(self) -> bool:
        return self.closure_date is None


class Assessment(models.Model):
    """A child and family assessment (single assessment under s.17 or s.47)."""

    class Outcome(models.TextChoices):
        NO_FURTHER_ACTION = "nfa", "No further action"
        EARLY_HELP = "early_help", "Step down to early help"
        CHILD_IN_NEED = "cin_plan", "Child in need plan"
        STRATEGY_DISCUSSION = "strategy", "Strategy discussion"
        CONTINUE_PLAN = "continue", "Continue the current plan"
        LOOKED_AFTER = "looked_after", "Become looked after"

    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="assessments")
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="assessments")
    started_on = models.DateField()
    child_seen_on = models.DateField(null=True, blank=True)
    internal_review_on = models.DateField(null=True, blank=True)
    authorised_on = models.DateField(null=True, blank=True)
    factors = models.JSONField(
        "factors identified at assessment",
        default=list,
        blank=True,
        help_text="CIN census AssessmentFactors codes.",
    )
    outcome = models.CharField(max_length=12, choices=Outcome.choices, blank=True)
    worker = models.ForeignKey(
        Worker, null=True, blank=True, on_delete=models.PROTECT, related_name="assessments"
    )

    class Meta:
        indexes = [models.Index(fields=["child", "started_on"])]
        constraints = [
            ends_after_start("started_on", "authorised_on", "assessment_authorised_after_start")
        ]

    def __str__(self) -> str:
        return f"Assessment started {self.started_on}"


class StrategyDiscussion(models.Model):
    class Outcome(models.TextChoices):
        SECTION_47 = "s47", "Start a section 47 enquiry"
        NO_SECTION_47 = "no_s47", "No section 47 enquiry: continue under section 17"
        NO_FURTHER_ACTION = "nfa", "No further action"

    class Agency(models.TextChoices):
        SOCIAL_CARE = "social_care", "Children's social care"
        POLICE = "police", "Police"
        HEALTH = "health", "Health"
        EDUCATION = "education", "Education"
        PROBATION = "probation", "Probation"
        OTHER = "other", "Other"

    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="strategy_discussions")
    referral = models.ForeignKey(
        Referral, on_delete=models.CASCADE, related_name="strategy_discussions"
    )
    requested_on = models.DateField(
        null=True,
        blank=True,
        help_text="When the concern needing a strategy discussion was raised.",
    )
    held_on = models.DateField()
    agencies = models.JSONField(default=list, blank=True)
    outcome = models.CharField(max_length=7, choices=Outcome.choices)
    chaired_by = models.ForeignKey(
        Worker, null=True, blank=True, on_delete=models.PROTECT, related_name="strategy_discussions"
    )

    class Meta:
        indexes = [models.Index(fields=["child", "held_on"])]
        constraints = [ends_after_start("requested_on", "held_on", "strategy_held_after_request")]

    def __str__(self) -> str:
        return f"Strategy discussion {self.held_on}"


class Section47Enquiry(models.Model):
    class Outcome(models.TextChoices):
        CONFERENCE = "icpc", "Initial child protection conference"
        CHILD_IN_NEED = "cin", "Concerns not substantiated: child in need"
        NO_FURTHER_ACTION = "nfa", "No further action"

    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="section47_enquiries")
    referral = models.ForeignKey(
        Referral, on_delete=models.CASCADE, related_name="section47_enquiries"
    )
    strategy_discussion = models.OneToOneField(
        StrategyDiscussion, on_delete=models.PROTECT, related_name="section47_enquiry"
    )
    started_on = models.DateField(help_text="The date of the strategy discussion that started it.")
    completed_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=4, choices=Outcome.choices, blank=True)
    icpc_not_required = models.BooleanField(
        "initial conference not required",
        default=False,
        help_text="Set when concerns were substantiated but no conference is needed.",
    )

    class Meta:
        verbose_name = "section 47 enquiry"
        verbose_name_plural = "section 47 enquiries"
        indexes = [models.Index(fields=["child", "started_on"])]
        constraints = [ends_after_start("started_on", "completed_on", "s47_completed_after_start")]

    def __str__(self) -> str:
        return f"Section 47 enquiry started {self.started_on}"


class ChildProtectionPlan(models.Model):
    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="cp_plans")
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="cp_plans")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    initial_category = models.CharField(max_length=3, choices=AbuseCategory.choices)
    latest_category = models.CharField(max_length=3, choices=AbuseCategory.choices)

    class Meta:
        verbose_name = "child protection plan"
        indexes = [models.Index(fields=["child", "started_on"]), models.Index(fields=["ended_on"])]
        constraints = [ends_after_start("started_on", "ended_on", "cp_plan_ends_after_start")]

    def __str__(self) -> str:
        return f"Child protection plan from {self.started_on}"


class ChildProtectionConference(models.Model):
    class Kind(models.TextChoices):
        INITIAL = "initial", "Initial child protection conference"
        REVIEW = "review", "Review child protection conference"
        TRANSFER_IN = "transfer_in", "Transfer-in conference"

    class Outcome(models.TextChoices):
        PLAN = "plan", "Child protection plan"
        NO_PLAN = "no_plan", "No child protection plan"
        CONTINUE = "continue", "Continue the plan"
        END = "end", "End the plan"

    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="cp_conferences")
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="cp_conferences")
    kind = models.CharField(max_length=11, choices=Kind.choices)
    section47 = models.ForeignKey(
        Section47Enquiry,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="conferences",
    )
    plan = models.ForeignKey(
        ChildProtectionPlan,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="conferences",
        help_text=(
            "For a review, the plan reviewed; for an initial or transfer-in conference, "
            "the plan it made."
        ),
    )
    held_on = models.DateField()
    outcome = models.CharField(max_length=8, choices=Outcome.choices)
    chair = models.ForeignKey(
        Worker, null=True, blank=True, on_delete=models.PROTECT, related_name="conferences_chaired"
    )

    class Meta:
        verbose_name = "child protection conference"
        indexes = [models.Index(fields=["child", "held_on"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="initial") | models.Q(section47__isnull=False),
                name="initial_conference_needs_enquiry",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="review") | models.Q(plan__isnull=False),
                name="review_conference_needs_plan",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on}"


class ChildInNeedPlan(models.Model):
    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="cin_plans")
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="cin_plans")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = "child in need plan"
        indexes = [models.Index(fields=["child", "started_on"])]
        constraints = [ends_after_start("started_on", "ended_on", "cin_plan_ends_after_start")]

    def __str__(self) -> str:
        return f"Child in need plan from {self.started_on}"


class PreProceedings(models.Model):
    """Public Law Outline pre-proceedings: from the decision to the outcome."""

    class Outcome(models.TextChoices):
        STEPPED_DOWN = "stepped_down", "Concerns reduced: pre-proceedings ended"
        PROCEEDINGS_ISSUED = "proceedings", "Care proceedings issued"
        CONTINUED_ELSEWHERE = "other", "Other"

    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="pre_proceedings")
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="pre_proceedings")
    started_on = models.DateField(help_text="Date of the decision to enter pre-proceedings.")
    letter_sent_on = models.DateField("letter before proceedings sent", null=True, blank=True)
    meeting_on = models.DateField("pre-proceedings meeting", null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=12, choices=Outcome.choices, blank=True)

    class Meta:
        verbose_name_plural = "pre-proceedings"
        constraints = [
            ends_after_start("started_on", "ended_on", "pre_proceedings_end_after_start")
        ]

    def __str__(self) -> str:
        return f"Pre-proceedings from {self.started_on}"


class Visit(models.Model):
    """Any visit to a child (one model for all purposes: CONTRACTS.md)."""

    class Purpose(models.TextChoices):
        CHILD_PROTECTION = "cp", "Child protection visit"
        CHILD_IN_NEED = "cin", "Child in need visit"
        LOOKED_AFTER = "lac", "Looked-after child statutory visit"
        PERSONAL_ADVISER = "pa", "Personal adviser contact"
        PRIVATE_FOSTERING = "private_fostering", "Private fostering visit"
        ASSESSMENT = "assessment", "Assessment visit"

    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="visits")
    purpose = models.CharField(max_length=17, choices=Purpose.choices)
    visited_on = models.DateField()
    worker = models.ForeignKey(
        Worker, null=True, blank=True, on_delete=models.PROTECT, related_name="visits"
    )
    child_seen = models.BooleanField(default=True)
    seen_alone = models.BooleanField(default=False)
    bedroom_seen = models.BooleanField(null=True, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["child", "visited_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(child_seen=True) | models.Q(seen_alone=False),
                name="seen_alone_only_if_seen",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} {self.visited_on}"
