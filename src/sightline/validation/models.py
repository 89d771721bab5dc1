"""The last check of the live records against the DfE rules (decision 0010).

``sightline validate live`` (and the "Check again" button) runs every rule over the year in
progress and replaces the stored failures in one transaction; the performance page and each
child's record read them from here.
"""

from __future__ import annotations

from django.db import models

from sightline.people.models import Person


class ValidationRun(models.Model):
    class Return(models.TextChoices):
        CIN_CENSUS = "cin", "CIN census"
        SSDA903 = "ssda903", "SSDA903"

    kind = models.CharField(max_length=10, choices=Return.choices)
    year = models.PositiveIntegerField(help_text="collection year ending 31 March of this year")
    rule_year = models.PositiveIntegerField(help_text="the year of the DfE rule list applied")
    checked_at = models.DateTimeField()
    seconds = models.FloatField()
    children = models.PositiveIntegerField(help_text="children in the return")
    rules = models.PositiveIntegerField(help_text="rules checked")
    crashed = models.TextField(blank=True, help_text="rules that could not run, one per line")
    skipped = models.TextField(
        blank=True, help_text="rules skipped for want of reference data, and why"
    )

    class Meta:
        ordering = ("-checked_at",)

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year} checked {self.checked_at:%Y-%m-%d %H:%M}"


class LiveFailure(models.Model):
    run = models.ForeignKey(ValidationRun, on_delete=models.CASCADE, related_name="failures")
    rule = models.CharField(max_length=12)
    level = models.CharField(max_length=5)
    child = models.ForeignKey(
        Person, null=True, on_delete=models.CASCADE, related_name="validation_failures"
    )
    fields = models.CharField(max_length=200)
    message = models.TextField()

    class Meta:
        indexes = [models.Index(fields=["run", "rule"], name="live_failure_run_rule")]

    def __str__(self) -> str:
        return f"{self.rule} {self.child_id or '-'}"
