"""Quality of practice (issue 17, decision 0034): management oversight on a child's record,
supervision, case audits, the voice of children and families, and the improvement plan with
its board.

What concerns one child (an oversight decision, a supervision's discussion of the child, an
audit of their record) names the child ``child`` and reaches the chronology through a domain
event; what concerns no one child (the improvement plan, the board) is audited by its service.
"""

from __future__ import annotations

from django.db import models

from sightline.people.models import Person
from sightline.workforce.models import Team, Worker


class Theme(models.TextChoices):
    """What audits, feedback and the improvement plan are grouped by: one list, so an audit
    finding and a family's feedback on the same theme are shown side by side."""

    VOICE = "voice", "Voice and experience of the child"
    OVERSIGHT = "oversight", "Management oversight and supervision"
    ASSESSMENT = "assessment", "Assessment and planning"
    TIMELINESS = "timeliness", "Timeliness of work"
    MULTI_AGENCY = "multi_agency", "Strategy meetings and multi-agency work"
    ACCOMMODATION = "accommodation", "Care leavers' accommodation and homelessness"
    EDUCATION = "education", "Education, employment and training"
    RECORDING = "recording", "Recording and case management systems"


class Grade(models.IntegerChoices):
    """The four-point grading, as Ofsted's (1 is the best)."""

    OUTSTANDING = 1, "Outstanding"
    GOOD = 2, "Good"
    REQUIRES_IMPROVEMENT = 3, "Requires improvement"
    INADEQUATE = 4, "Inadequate"


class Stage(models.TextChoices):
    """The stage of the child's journey an audit samples from (the child's record on the day
    the sample is drawn: the furthest stage open then)."""

    ASSESSMENT = "assessment", "Referral and assessment"
    CHILD_IN_NEED = "cin", "Child in need"
    CHILD_PROTECTION = "cp", "Child protection"
    IN_CARE = "in_care", "Children in care"
    CARE_LEAVER = "care_leaver", "Care leavers"


# --- Management oversight ---------------------------------------------------------------------


class Oversight(models.Model):
    """A manager's decision on a child's record: what was decided and why, at which point."""

    class Point(models.TextChoices):
        AFTER_ASSESSMENT = "after_assessment", "After an assessment"
        BEFORE_CLOSURE = "before_closure", "Before closing the case"
        STEP_DOWN = "step_down", "At a step-down from a plan"
        REGULAR = "regular", "Regular case review"
        OTHER = "other", "Another decision"

    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="oversights")
    manager = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="oversights")
    held_on = models.DateField()
    point = models.CharField(max_length=20, choices=Point.choices)
    decision = models.TextField()
    rationale = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["child", "held_on"])]

    def __str__(self) -> str:
        return f"Management oversight {self.held_on}"


class OversightAction(models.Model):
    """An action a manager set, with its owner and due date: an obligation until done."""

    oversight = models.ForeignKey(Oversight, on_delete=models.CASCADE, related_name="actions")
    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="oversight_actions")
    action = models.CharField(max_length=300)
    owner = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="oversight_actions")
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["child", "due_on"])]

    def __str__(self) -> str:
        return self.action


# --- Supervision ------------------------------------------------------------------------------


class Supervision(models.Model):
    """A worker's supervision: when, by whom, the reflective discussion."""

    worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="supervisions")
    supervisor = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="supervised")
    held_on = models.DateField()
    reflection = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["worker", "held_on"])]

    def __str__(self) -> str:
        return f"Supervision of {self.worker} on {self.held_on}"


class SupervisionCase(models.Model):
    """One child discussed in a supervision: the case-level note and actions (shown on the
    child's record, in its chronology)."""

    supervision = models.ForeignKey(Supervision, on_delete=models.CASCADE, related_name="cases")
    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="supervision_cases")
    note = models.TextField()
    actions = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"Case discussed in supervision {self.supervision_id}"


# --- Case audits ------------------------------------------------------------------------------


class AuditTemplate(models.Model):
    name = models.CharField(max_length=120, unique=True)

    def __str__(self) -> str:
        return self.name


class AuditQuestion(models.Model):
    template = models.ForeignKey(AuditTemplate, on_delete=models.CASCADE, related_name="questions")
    number = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=300)
    theme = models.CharField(max_length=20, choices=Theme.choices)

    class Meta:
        ordering = ["template", "number"]
        constraints = [
            models.UniqueConstraint(fields=["template", "number"], name="one_question_number")
        ]

    def __str__(self) -> str:
        return self.text


class CaseAudit(models.Model):
    """One child's record audited: drawn into a month's sample, graded by an auditor (a grade
    and finding per question), moderated by a second auditor, answered by the practitioner."""

    class Status(models.TextChoices):
        SAMPLED = "sampled", "To audit"
        AUDITED = "audited", "Audited, to moderate"
        MODERATED = "moderated", "Moderated"

    template = models.ForeignKey(AuditTemplate, on_delete=models.PROTECT, related_name="audits")
    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="case_audits")
    month = models.DateField()  # the first day of the sample's month
    seed = models.CharField(max_length=40)
    team = models.ForeignKey(Team, null=True, on_delete=models.PROTECT, related_name="+")
    stage = models.CharField(max_length=20, choices=Stage.choices)
    practitioner = models.ForeignKey(
        Worker, null=True, on_delete=models.PROTECT, related_name="audits_of_work"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SAMPLED)
    auditor = models.ForeignKey(
        Worker, null=True, blank=True, on_delete=models.PROTECT, related_name="audits_done"
    )
    audited_on = models.DateField(null=True, blank=True)
    grade = models.PositiveSmallIntegerField(choices=Grade.choices, null=True, blank=True)
    summary = models.TextField(blank=True)
    moderator = models.ForeignKey(
        Worker, null=True, blank=True, on_delete=models.PROTECT, related_name="audits_moderated"
    )
    moderated_on = models.DateField(null=True, blank=True)
    moderated_grade = models.PositiveSmallIntegerField(choices=Grade.choices, null=True, blank=True)
    moderation_note = models.TextField(blank=True)
    response = models.TextField(blank=True)
    responded_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["template", "child", "month"], name="one_audit_of_a_child_a_month"
            )
        ]
        indexes = [models.Index(fields=["month", "status"])]

    def __str__(self) -> str:
        return f"Case audit {self.month:%B %Y}"

    @property
    def final_grade(self) -> int | None:
        """The moderated grade where a second auditor changed it, else the auditor's."""
        return self.moderated_grade or self.grade


class AuditAnswer(models.Model):
    audit = models.ForeignKey(CaseAudit, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(AuditQuestion, on_delete=models.PROTECT, related_name="+")
    theme = models.CharField(max_length=20, choices=Theme.choices)
    grade = models.PositiveSmallIntegerField(choices=Grade.choices)
    finding = models.TextField()

    def __str__(self) -> str:
        return f"{self.get_theme_display()}: {self.get_grade_display()}"


class LearningAction(models.Model):
    audit = models.ForeignKey(CaseAudit, on_delete=models.CASCADE, related_name="learning")
    action = models.CharField(max_length=300)
    owner = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="learning_actions")
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return self.action


# --- Voice of children and families -----------------------------------------------------------


class Feedback(models.Model):
    class Source(models.TextChoices):
        CHILD = "child", "A child or young person"
        PARENT = "parent", "A parent"
        CARER = "carer", "A carer"
        PARTICIPATION = "participation", "The participation group (children in care council)"
        COMPLAINT = "complaint", "A complaint"
        COMPLIMENT = "compliment", "A compliment"

    class Sentiment(models.TextChoices):
        POSITIVE = "positive", "Positive"
        MIXED = "mixed", "Mixed"
        NEGATIVE = "negative", "Negative"

    received_on = models.DateField()
    source = models.CharField(max_length=20, choices=Source.choices)
    theme = models.CharField(max_length=20, choices=Theme.choices)
    sentiment = models.CharField(max_length=10, choices=Sentiment.choices)
    summary = models.TextField()
    child = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.CASCADE, related_name="feedback"
    )
    recorded_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["theme", "received_on"])]

    def __str__(self) -> str:
        return f"Feedback {self.received_on}"


# --- The improvement plan and its board ---------------------------------------------------------


class Inspection(models.Model):
    framework = models.CharField(max_length=120)
    inspected_on = models.DateField()
    published_on = models.DateField(null=True, blank=True)
    overall = models.CharField(max_length=60)

    class Meta:
        ordering = ["inspected_on"]

    def __str__(self) -> str:
        return f"{self.framework} {self.inspected_on:%B %Y}"


class Judgement(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="judgements")
    area = models.CharField(max_length=200)
    grade = models.CharField(max_length=60)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["inspection", "order"]

    def __str__(self) -> str:
        return f"{self.area}: {self.grade}"


class Recommendation(models.Model):
    class Kind(models.TextChoices):
        RECOMMENDATION = "recommendation", "Recommendation"
        AREA_TO_IMPROVE = "area_to_improve", "Area to improve"

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="recommendations"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    number = models.PositiveSmallIntegerField()
    text = models.TextField()
    kpi_codes = models.JSONField(default=list)  # the insight catalogue's KPI codes
    themes = models.JSONField(default=list)  # Theme values

    class Meta:
        ordering = ["inspection", "number"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"


class ImprovementAction(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        ON_TRACK = "on_track", "On track"
        AT_RISK = "at_risk", "At risk"
        OFF_TRACK = "off_track", "Off track"
        COMPLETE = "complete", "Complete"

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="actions"
    )
    title = models.CharField(max_length=300)
    owner = models.CharField(max_length=120)
    due_on = models.DateField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    evidence = models.TextField(blank=True)

    class Meta:
        ordering = ["recommendation", "due_on", "id"]

    def __str__(self) -> str:
        return self.title


class Milestone(models.Model):
    action = models.ForeignKey(
        ImprovementAction, on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(max_length=300)
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["action", "due_on", "id"]

    def __str__(self) -> str:
        return self.title


class BoardMeeting(models.Model):
    held_on = models.DateField(unique=True)
    chair = models.CharField(max_length=120)
    attendees = models.JSONField(default=list)  # names and roles, as minuted

    class Meta:
        ordering = ["held_on"]

    def __str__(self) -> str:
        return f"Improvement board {self.held_on}"


class BoardDecision(models.Model):
    meeting = models.ForeignKey(BoardMeeting, on_delete=models.CASCADE, related_name="decisions")
    recommendation = models.ForeignKey(
        Recommendation, null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions"
    )
    decision = models.TextField()

    def __str__(self) -> str:
        return self.decision[:60]
