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

    class Meta:
        indexes = [models.Index(fields=["child", "written_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.written_on}"
