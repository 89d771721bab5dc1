"""Help and protection: the CIN episode (referral) and everything that hangs off it.

Every record carries the child as well as the referral, so that child-level and set-based
reads (returns, KPIs, caseloads) need no joins through the episode. Services keep the two
consistent; nothing else writes these rows.
"""

from __future__ import annotations

from django.db import models

from sightline.core.codes import AbuseCategory, ClosureReason, PrimaryNeed, ReferralSource
from sightline.core.writes import refuse_second
from sightline.frontdoor.models import Contact
from sightline.people.models import Person
from sightline.workforce.models import Worker


def one_open_per_child(end: str, name: str) -> models.UniqueConstraint:
    """At most one row of the child's without an end (a partial unique index: decision 0019)."""
    return models.UniqueConstraint(
        fields=["child"], condition=models.Q(**{f"{end}__isnull": True}), name=name
    )


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
        max_length=2,
        choices=PrimaryNeed.choices,
        default=PrimaryNeed.N0,
        blank=True,
        help_text="Blank where a CIN census imported left it out (an NFA referral may).",
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
            # the referrals of a window (the leaders' figures of the year to date)
            models.Index(fields=["referral_date"], name="referral_date"),
        ]
        constraints = [
            ends_after_start("referral_date", "closure_date", "referral_closes_after_it_opens"),
            models.CheckConstraint(
                condition=models.Q(closure_date__isnull=True, closure_reason="")
                | (models.Q(closure_date__isnull=False) & ~models.Q(closure_reason="")),
                name="referral_closure_has_date_and_reason",
            ),
            one_open_per_child("closure_date", "one_open_referral_per_child"),
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
        indexes = [
            models.Index(fields=["child", "started_on"]),
            # the assessments authorised in a window (the leaders' figures of the year to date)
            models.Index(fields=["authorised_on"], name="assessment_authorised"),
        ]
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
    previous_plans_elsewhere = models.PositiveSmallIntegerField(
        default=0,
        help_text="Earlier plans Sightline holds no record of (the CIN census's "
        "NumberOfPreviousCPP, as a return imported from another system gave it, less the "
        "earlier plans Sightline does hold).",
    )

    class Meta:
        verbose_name = "child protection plan"
        indexes = [models.Index(fields=["child", "started_on"]), models.Index(fields=["ended_on"])]
        constraints = [
            ends_after_start("started_on", "ended_on", "cp_plan_ends_after_start"),
            one_open_per_child("ended_on", "one_open_cp_plan_per_child"),
        ]

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
        constraints = [
            ends_after_start("started_on", "ended_on", "cin_plan_ends_after_start"),
            one_open_per_child("ended_on", "one_open_cin_plan_per_child"),
        ]

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
    # Struck out as a mistaken entry (``chronology.Correction`` says who, when and why): shown
    # struck through, and no longer meets a visiting timescale (decision 0026).
    struck_out = models.BooleanField(default=False)

    class Meta:
        indexes = [
            models.Index(fields=["child", "visited_on"]),
            # the visits of a window, counted from the index alone (the leaders' figures of
            # the year to date: statutory visits seen, and seen alone)
            models.Index(
                fields=["visited_on", "purpose", "child_seen", "struck_out", "seen_alone", "child"],
                name="visit_on_counted",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(child_seen=True) | models.Q(seen_alone=False),
                name="seen_alone_only_if_seen",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} {self.visited_on}"


# --- Records the statutory timescales need (issue 5) ----------------------------------------


class CoreGroupMeeting(models.Model):
    """A core group meeting of a child protection plan (WT2023: the first within 10 working
    days of the initial conference; DOMAIN.md 1.1)."""

    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="core_group_meetings")
    child_protection_plan = models.ForeignKey(
        ChildProtectionPlan, on_delete=models.PROTECT, related_name="core_group_meetings"
    )
    held_on = models.DateField()
    chair = models.ForeignKey(
        Worker,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="core_group_meetings_chaired",
    )

    class Meta:
        indexes = [models.Index(fields=["child", "held_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["child_protection_plan", "held_on"], name="one_core_group_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"Core group meeting {self.held_on}"


class ChildInNeedMeeting(models.Model):
    """A child in need meeting, or a review of the child in need plan."""

    class Kind(models.TextChoices):
        MEETING = "meeting", "Child in need meeting"
        REVIEW = "review", "Child in need plan review"

    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="cin_meetings")
    child_in_need_plan = models.ForeignKey(
        ChildInNeedPlan, on_delete=models.PROTECT, related_name="meetings"
    )
    held_on = models.DateField()
    kind = models.CharField(max_length=7, choices=Kind.choices, default=Kind.MEETING)
    chair = models.ForeignKey(
        Worker, null=True, blank=True, on_delete=models.PROTECT, related_name="cin_meetings_chaired"
    )

    class Meta:
        verbose_name = "child in need meeting"
        indexes = [models.Index(fields=["child", "held_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["child_in_need_plan", "held_on", "kind"], name="one_cin_meeting_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on}"


class AllegationToLADO(models.Model):
    """An allegation against a person who works with children, concerning this child, and its
    referral to the local authority designated officer (LADO).

    The employer should tell the LADO within 1 working day of the allegation coming to its
    attention (DOMAIN.md 1.4). The person the allegation is about is described by role and
    employer; a person record is optional.
    """

    class Outcome(models.TextChoices):
        # The outcome categories of Keeping Children Safe in Education (part 4).
        SUBSTANTIATED = "substantiated", "Substantiated"
        UNSUBSTANTIATED = "unsubstantiated", "Unsubstantiated"
        FALSE = "false", "False"
        MALICIOUS = "malicious", "Malicious"
        UNFOUNDED = "unfounded", "Unfounded"

    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="lado_allegations")
    subject_role = models.CharField(
        "role of the person the allegation is about",
        max_length=200,
        help_text="For example: teacher, foster carer, sports coach, youth worker.",
    )
    subject_employer = models.CharField("employer or organisation", max_length=200, blank=True)
    subject_person = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="lado_allegations_as_subject",
        help_text="The adult the allegation is about, when recorded as a person.",
    )
    came_to_attention_on = models.DateField(
        help_text="When the employer (or whoever referred it) became aware of the allegation."
    )
    referred_on = models.DateField("referred to the LADO on")
    received_by = models.ForeignKey(
        Worker,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lado_allegations_received",
        help_text="The LADO who received the referral.",
    )
    concluded_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=15, choices=Outcome.choices, blank=True)

    class Meta:
        verbose_name = "allegation to the LADO"
        verbose_name_plural = "allegations to the LADO"
        indexes = [models.Index(fields=["child", "referred_on"])]
        constraints = [
            ends_after_start("came_to_attention_on", "referred_on", "lado_referred_after_aware"),
            ends_after_start("referred_on", "concluded_on", "lado_concluded_after_referral"),
            models.CheckConstraint(
                condition=models.Q(concluded_on__isnull=True, outcome="")
                | (models.Q(concluded_on__isnull=False) & ~models.Q(outcome="")),
                name="lado_conclusion_has_date_and_outcome",
            ),
        ]

    def __str__(self) -> str:
        return f"Allegation to the LADO {self.referred_on}"


class PrivateFosteringArrangement(models.Model):
    """A private fostering arrangement notified to the authority (Children Act 1989 s.66;
    Children (Private Arrangements for Fostering) Regulations 2005).

    A proposed arrangement is notified at least 6 weeks before it starts, so the start may be
    after the notification (and after today); one notified late starts before it. The
    authority knows of it, and visits, from the notification until it ends.
    """

    class EndReason(models.TextChoices):
        RETURNED_HOME = (
            "returned_home",
            "Returned to a parent or person with parental responsibility",
        )
        AGE = "age", "Reached 16 (18 if disabled)"
        LOOKED_AFTER = "looked_after", "Became looked after"
        COURT_ORDER = "court_order", "Court order made for the carer"
        MOVED_AWAY = "moved_away", "Moved away from the area"
        DID_NOT_START = "did_not_start", "The proposed arrangement did not go ahead"
        OTHER = "other", "Other"

    child = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="private_fostering_arrangements"
    )
    carer_name = models.CharField("private foster carer", max_length=200, blank=True)
    carer = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="private_fostering_as_carer",
        help_text="The private foster carer, when recorded as a person.",
    )
    notified_on = models.DateField()
    arrangement_started_on = models.DateField(
        help_text="When the arrangement started, or is proposed to start."
    )
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=13, choices=EndReason.choices, blank=True)

    class Meta:
        indexes = [models.Index(fields=["child", "notified_on"])]
        constraints = [
            ends_after_start("notified_on", "ended_on", "private_fostering_ends_after_notice"),
            models.CheckConstraint(
                condition=models.Q(carer__isnull=False) | ~models.Q(carer_name=""),
                name="private_fostering_names_the_carer",
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True, end_reason="")
                | (models.Q(ended_on__isnull=False) & ~models.Q(end_reason="")),
                name="private_fostering_end_has_date_and_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Private fostering arrangement notified {self.notified_on}"


class CareProceedings(models.Model):
    """An application for a care or supervision order (Children Act 1989 s.31), from issue to
    the final order; to be completed within 26 weeks beginning with the day of issue (s.32)."""

    class Outcome(models.TextChoices):
        CARE_ORDER = "care_order", "Care order"
        SUPERVISION_ORDER = "supervision_order", "Supervision order"
        SPECIAL_GUARDIANSHIP_ORDER = "sgo", "Special guardianship order"
        CHILD_ARRANGEMENTS_ORDER = "cao", "Child arrangements order"
        PLACEMENT_ORDER = "placement_order", "Placement order"
        WITHDRAWN = "withdrawn", "Application withdrawn"
        NO_ORDER = "no_order", "No order"
        OTHER = "other", "Other"

    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="care_proceedings")
    pre_proceedings = models.ForeignKey(
        PreProceedings,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="care_proceedings",
        help_text="The pre-proceedings that led to the application, if any.",
    )
    issued_on = models.DateField()
    court = models.CharField(max_length=200, blank=True)
    concluded_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=17, choices=Outcome.choices, blank=True)

    class Meta:
        verbose_name_plural = "care proceedings"
        indexes = [models.Index(fields=["child", "issued_on"])]
        constraints = [
            ends_after_start("issued_on", "concluded_on", "care_proceedings_conclude_after_issue"),
            models.CheckConstraint(
                condition=models.Q(concluded_on__isnull=True, outcome="")
                | (models.Q(concluded_on__isnull=False) & ~models.Q(outcome="")),
                name="care_proceedings_conclusion_has_date_and_outcome",
            ),
        ]

    def __str__(self) -> str:
        return f"Care proceedings issued {self.issued_on}"


# A second open row the database refuses after a service's check passed (two people at once)
# is the service's refusal, not an IntegrityError (core/writes.py).
refuse_second(
    Referral,
    "one_open_referral_per_child",
    record="Referral",
    field="referral_date",
    message="the child already has an open referral, recorded just now: record this in it",
)
refuse_second(
    ChildProtectionPlan,
    "one_open_cp_plan_per_child",
    record="Child protection plan",
    field="started_on",
    message="the child already has a child protection plan, recorded just now",
)
refuse_second(
    ChildInNeedPlan,
    "one_open_cin_plan_per_child",
    record="Child in need plan",
    field="started_on",
    message="the child already has an open child in need plan, recorded just now",
)
