"""The front door: contacts, the threshold decision, consent, and early help."""

from __future__ import annotations

from django.db import models

from sightline.core.codes import ReferralSource
from sightline.people.models import Person
from sightline.workforce.models import Worker


class Contact(models.Model):
    class Decision(models.TextChoices):
        NO_FURTHER_ACTION = "nfa", "No further action"
        ADVICE = "advice", "Information and advice"
        EARLY_HELP = "early_help", "Early help"
        REFERRAL = "referral", "Referral to children's social care"
        # A referral, and a strategy discussion to be held because there is reasonable cause
        # to suspect significant harm (Working Together 2023): the referral opens now.
        STRATEGY = "strategy", "Referral and a strategy discussion"

    class Threshold(models.TextChoices):
        """The level of need the contact shows, in the words of a continuum of need."""

        UNIVERSAL = "universal", "Universal: needs met by universal services"
        EARLY_HELP = "early_help", "Additional needs: early help"
        CHILD_IN_NEED = "child_in_need", "Complex needs: a child in need (section 17)"
        SIGNIFICANT_HARM = "significant_harm", "Significant harm suspected (section 47)"

    class Consent(models.TextChoices):
        OBTAINED = "obtained", "Parental consent obtained"
        DISPENSED_WITH = "dispensed_with", "Consent dispensed with"
        NOT_NEEDED = "not_needed", "Not needed (no information shared)"

    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="contacts")
    received_at = models.DateTimeField()
    source = models.CharField(max_length=2, choices=ReferralSource.choices)
    reason = models.TextField("what the contact is about", blank=True)
    decision = models.CharField(max_length=10, choices=Decision.choices, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        Worker, null=True, blank=True, on_delete=models.PROTECT, related_name="contact_decisions"
    )
    threshold = models.CharField(max_length=16, choices=Threshold.choices, blank=True)
    threshold_rationale = models.TextField(blank=True)
    consent = models.CharField(max_length=15, choices=Consent.choices, blank=True)
    consent_dispensed_reason = models.TextField("why consent was dispensed with", blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["child", "received_at"]),
            models.Index(fields=["received_at"]),
            models.Index(
                fields=["child"], condition=models.Q(decision=""), name="contact_undecided"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(decided_at__isnull=True)
                | models.Q(decided_at__gte=models.F("received_at")),
                name="contact_decided_after_received",
            ),
        ]

    def __str__(self) -> str:
        return f"Contact received {self.received_at:%Y-%m-%d}"


class EarlyHelpEpisode(models.Model):
    class EndReason(models.TextChoices):
        NEEDS_MET = "needs_met", "Needs met"
        STEPPED_UP = "stepped_up", "Stepped up to children's social care"
        DISENGAGED = "disengaged", "Family withdrew consent or disengaged"
        MOVED_AWAY = "moved_away", "Moved out of the area"
        OTHER = "other", "Other"

    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="early_help_episodes")
    contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="early_help"
    )
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    reason = models.TextField(blank=True)
    end_reason = models.CharField(max_length=12, choices=EndReason.choices, blank=True)
    lead_worker = models.ForeignKey(
        Worker, null=True, blank=True, on_delete=models.PROTECT, related_name="early_help_led"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="early_help_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"Early help from {self.started_on}"
