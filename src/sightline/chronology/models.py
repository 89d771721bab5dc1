"""The child's chronology (significant events) and case notes (what people write).

Kept apart from the audit trail (STYLE.md habit 5): the chronology is part of the child's
record; the audit log says who did what to the record.
"""

from __future__ import annotations

from django.db import models

from sightline.people.models import Person
from sightline.workforce.models import Worker


class ChronologyEntry(models.Model):
    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="chronology")
    occurred_on = models.DateField()
    event = models.CharField(max_length=40)
    summary = models.CharField(max_length=300)
    record_type = models.CharField(max_length=60)
    record_id = models.BigIntegerField()

    class Meta:
        verbose_name_plural = "chronology entries"
        ordering = ["occurred_on", "id"]
        indexes = [models.Index(fields=["child", "occurred_on", "id"])]

    def __str__(self) -> str:
        return f"{self.occurred_on}: {self.summary}"


class CaseNote(models.Model):
    class Kind(models.TextChoices):
        CASE_NOTE = "case_note", "Case note"
        DIRECT_WORK = "direct_work", "Direct work with the child"
        CHILDS_WORDS = "childs_words", "The child's own words"
        PHONE_CALL = "phone_call", "Telephone call"
        MANAGEMENT_OVERSIGHT = "management_oversight", "Management oversight"
        MULTI_AGENCY = "multi_agency", "Multi-agency information"

    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="case_notes")
    author = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="case_notes")
    written_on = models.DateField()
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.CASE_NOTE)
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    # Struck out by its author or a manager (a ``Correction`` row says who, when and why): still
    # shown, struck through, to those who may read the record (decision 0026).
    struck_out = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["child", "written_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.written_on}"


class Correction(models.Model):
    """A mistaken entry corrected or struck out, with the reason and what it said before.

    The entry itself holds the current truth (the corrected values, or its ``struck_out``
    flag), so every read shows it without looking here; these rows are its history, oldest
    first: each holds the values the entry had just before that correction (decision 0026).
    Which entries can be corrected, and which of their fields: ``chronology.corrections``.
    """

    class Kind(models.TextChoices):
        CORRECTED = "corrected", "Corrected"
        STRUCK_OUT = "struck_out", "Struck out"

    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="corrections")
    record_type = models.CharField(max_length=60)  # the entry's model, e.g. "chronology.CaseNote"
    record_id = models.BigIntegerField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    reason = models.TextField()
    before = models.JSONField(help_text="The entry's values just before this correction.")
    after = models.JSONField(
        default=dict, blank=True, help_text="The values this correction gave (none: struck out)."
    )
    by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="corrections_made")
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["record_type", "record_id", "at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.record_type} {self.record_id}"
