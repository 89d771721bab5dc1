"""Obligations: every statutory timescale and local standard as a dated row per child."""

from __future__ import annotations

from django.db import models

from sightline.people.models import Person


class Obligation(models.Model):
    """What one rule of the catalogue asks for one child: started, due, then met or cancelled.

    Written only by ``timescales.engine`` (from the services' domain events, in their
    transaction, or by a rebuild); every figure about timeliness reads these rows.
    """

    # The unique constraint below starts with (child, rule): it is the child's index.
    child = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="obligations", db_index=False
    )
    rule = models.CharField(max_length=40)
    subject_type = models.CharField(max_length=60)
    subject_id = models.BigIntegerField()
    subject = models.CharField(max_length=120)
    sequence = models.PositiveIntegerField(default=0)
    started_on = models.DateField()
    due_on = models.DateField()
    due_at = models.DateTimeField(null=True, blank=True)
    met_on = models.DateField(null=True, blank=True)
    met_at = models.DateTimeField(null=True, blank=True)
    met_in_time = models.BooleanField(null=True, blank=True)
    cancelled_on = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["due_on"],
                name="obligation_open_due",
                condition=models.Q(met_on__isnull=True, cancelled_on__isnull=True),
            ),
            # Timeliness by rule over a window, counted from the index alone (the leaders'
            # figures of the year to date; the team view's due lists read its first columns).
            models.Index(
                fields=["rule", "due_on", "met_in_time", "cancelled_on", "child"],
                name="obligation_rule_due_met",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "rule", "subject_type", "subject_id", "sequence"],
                name="one_obligation_per_rule_subject_and_place",
            ),
            models.CheckConstraint(
                condition=models.Q(due_on__gte=models.F("started_on")),
                name="obligation_due_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rule} for child {self.child_id}, due {self.due_on}"
