"""What the web app keeps of its own: drafts of recording forms (decision 0020)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from sightline.people.models import Person


class Draft(models.Model):
    """What one user has typed into one recording form and not yet saved.

    It belongs to its author alone (no one else reads it, managers included), is offered back
    when the author opens the same form again, is deleted when the form is saved, and expires
    after 30 days (the retention schedule, access/retention.py). ``form`` names the form: the
    use case, the child and the record it acts on (``visit/SL000123/``,
    ``close-referral/SL000123/45``).
    """

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    child = models.ForeignKey(
        Person, on_delete=models.CASCADE, null=True, blank=True, related_name="drafts"
    )
    form = models.CharField(max_length=200)
    data = models.JSONField(default=dict)
    record_version = models.PositiveIntegerField(default=0)
    saved_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["author", "form"], name="one_draft_per_author_form")
        ]
        indexes = [models.Index(fields=["saved_at"], name="draft_saved_at")]

    def __str__(self) -> str:
        return f"Draft of {self.form} by user {self.author_id}"
