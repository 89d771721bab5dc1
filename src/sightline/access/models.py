"""Access and audit: each user's role, restricted records, break-glass grants, notices, and
the append-only, hash-chained audit trail."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models

from sightline.access.roles import ROLE_LABELS, Role
from sightline.people.models import Person

ROLE_CHOICES = [(role.value, ROLE_LABELS[role]) for role in Role]


class AccessProfile(models.Model):
    """A user's role; an inspector's account works only inside its window."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_profile"
    )
    role = models.CharField(max_length=30, choices=ROLE_CHOICES)
    valid_from = models.DateTimeField(null=True, blank=True)
    valid_until = models.DateTimeField(null=True, blank=True)
    # Set when an administrator creates the account or resets its password (a one-time
    # password, shown once): the next sign-in goes to "Choose a new password" first.
    must_change_password = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class RestrictedRecord(models.Model):
    """A child's record only named users may see (a staff member's family, a sealed adoption).

    Break-glass does not open it and searches do not reveal it.
    """

    child = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="restriction")
    reason = models.TextField()
    named_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="restricted_records"
    )
    restricted_at = models.DateTimeField()
    restricted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"Restricted record {self.child_id}"


class BreakGlassAccess(models.Model):
    """Emergency access to a child the user has no other reason to see, for a limited time."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="break_glass"
    )
    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="break_glass")
    reason = models.TextField()
    granted_at = models.DateTimeField()
    expires_at = models.DateTimeField()

    class Meta:
        verbose_name = "break-glass access"
        verbose_name_plural = "break-glass access"
        indexes = [models.Index(fields=["user", "expires_at"])]

    def __str__(self) -> str:
        return f"Break-glass by {self.user} to {self.child_id} until {self.expires_at}"


class Notice(models.Model):
    """An in-app notice to a user (break-glass notifications)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices"
    )
    created_at = models.DateTimeField()
    text = models.TextField()
    child = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.text[:60]


class AuditQuerySet(models.QuerySet["AuditEvent"]):
    """Audit rows are written only by ``sightline.access.audit.record`` and never changed:
    ``update()``, ``delete()`` and the bulk writers refuse (the database refuses too: a trigger
    added by migration 0003). The one change allowed is ``erase_content``: the retention
    schedule's erasure, which keeps every hash, so the chain still verifies (decision 0012)."""

    def update(self, **kwargs: object) -> int:
        raise PermissionError("audit events are append-only: update() refused")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("audit events are append-only: delete() refused")

    def bulk_update(self, *args: object, **kwargs: object) -> int:
        raise PermissionError("audit events are append-only: bulk_update() refused")

    def bulk_create(self, *args: object, **kwargs: object) -> list[AuditEvent]:
        raise PermissionError("audit events are appended one by one by audit.record()")

    def erase_content(self, on: date) -> int:
        """Erase what these rows say (who, what, detail, address), keeping their place and
        hashes in the chain; only rows naming no child (the trigger refuses any other)."""
        return super().update(username="", what="", detail={}, ip_address="", pruned_on=on)


class AuditEvent(models.Model):
    """One row per read, search, change, export or break-glass; append-only, hash-chained.

    ``content_hash`` is a keyed hash (HMAC) of what the row says (username, what, detail, ip);
    ``entry_hash`` a keyed hash of the previous row's ``entry_hash``, the row's time, action,
    child and ``content_hash``. Changing, deleting or reordering a row breaks the chain from
    there on (`sightline audit verify`), and without the key nobody can recompute it. A row
    whose content was erased under the retention schedule keeps its hashes (``pruned_on``).
    """

    class Action(models.TextChoices):
        VIEW = "view", "Viewed a record"
        SEARCH = "search", "Searched"
        CHANGE = "change", "Changed a record"
        EXPORT = "export", "Exported"
        IMPORT = "import", "Imported"
        BREAK_GLASS = "break_glass", "Break-glass access"
        SIGN_IN = "sign_in", "Signed in"
        SIGN_IN_FAILED = "sign_in_failed", "Failed sign-in"
        CHECKPOINT = "checkpoint", "Checkpoint of the audit trail"

    at = models.DateTimeField()
    username = models.CharField(max_length=150)
    action = models.CharField(max_length=15, choices=Action.choices)
    child = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    what = models.CharField(max_length=300)
    detail = models.JSONField(default=dict, blank=True)
    ip_address = models.CharField(max_length=45, blank=True)
    previous_hash = models.CharField(max_length=64)
    content_hash = models.CharField(max_length=64, default="")
    entry_hash = models.CharField(max_length=64, unique=True)
    pruned_on = models.DateField(null=True, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["child", "at"]), models.Index(fields=["username", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.what}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise PermissionError("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise PermissionError("audit events are append-only")


class SearchListing(models.Model):
    """A child a search listed in its results: one row per child shown, written with the
    search's audit row (``audit.record_search``), whose hashed ``detail`` also holds the ids.

    Indexed by child, so a child's audit trail ("who has seen this record", ``sightline
    audit --child``) finds the searches that showed them in one join.
    """

    event = models.ForeignKey(
        AuditEvent, on_delete=models.CASCADE, db_constraint=False, related_name="listings"
    )
    # Not named ``child``: the row is about the search, kept and removed with its audit row,
    # not a record about the child (retention and the subject access export read the search).
    listed = models.ForeignKey(
        Person, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["listed", "event"])]  # serves "by child" too

    def __str__(self) -> str:
        return f"Search {self.event_id} listed {self.listed_id}"
