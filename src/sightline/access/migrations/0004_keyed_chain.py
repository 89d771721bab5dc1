"""The keyed chain, erasure in place, and append-only protection in the database (decision 0012).

1. ``content_hash`` and ``pruned_on`` are added; the ``checkpoint`` action is new.
2. Rows written before this migration carry the old unkeyed SHA-256 chain. It is checked as it
   was; if intact, every row is re-hashed under the audit key (SIGHTLINE_AUDIT_KEY), once, before
   the database starts refusing changes. A broken old chain stops the migration, naming the
   first bad row: it must be looked into before the evidence is re-hashed.
3. A trigger refuses UPDATE and DELETE on the audit table (PostgreSQL: one plpgsql function;
   SQLite: two triggers). The one update let through is the retention schedule's erasure: a row
   naming no child has its username, what, detail and address emptied and ``pruned_on`` set,
   every other column unchanged.
"""

import hashlib
import json
from datetime import UTC

from django.db import migrations, models

TABLE = "access_auditevent"

# The erasure the trigger lets through (the same condition on both databases).
ERASURE = """
    OLD.pruned_on IS NULL AND NEW.pruned_on IS NOT NULL
    AND OLD.child_id IS NULL AND NEW.child_id IS NULL
    AND NEW.id = OLD.id AND NEW.at = OLD.at AND NEW.action = OLD.action
    AND NEW.previous_hash = OLD.previous_hash AND NEW.content_hash = OLD.content_hash
    AND NEW.entry_hash = OLD.entry_hash
    AND NEW.username = '' AND NEW.what = '' AND NEW.ip_address = ''
    AND NEW.detail = {empty}
"""

POSTGRESQL = f"""
CREATE OR REPLACE FUNCTION {TABLE}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND ({ERASURE.format(empty="'{}'::jsonb")}) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit events are append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION {TABLE}_append_only();
"""
POSTGRESQL_REVERSE = f"""
DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE};
DROP FUNCTION IF EXISTS {TABLE}_append_only();
"""

SQLITE = [
    f"""CREATE TRIGGER {TABLE}_no_update BEFORE UPDATE ON {TABLE}
    WHEN NOT ({ERASURE.format(empty="'{}'")})
    BEGIN SELECT RAISE(ABORT, 'audit events are append-only: UPDATE refused'); END""",
    f"""CREATE TRIGGER {TABLE}_no_delete BEFORE DELETE ON {TABLE}
    BEGIN SELECT RAISE(ABORT, 'audit events are append-only: DELETE refused'); END""",
]
SQLITE_REVERSE = [f"DROP TRIGGER IF EXISTS {TABLE}_no_update", f"DROP TRIGGER IF EXISTS {TABLE}_no_delete"]


def _unkeyed(previous, row):
    """The hash of decision 0006 (before 0012): SHA-256 of the previous hash and the content."""
    content = json.dumps(
        {
            "at": row.at.astimezone(UTC).isoformat(timespec="microseconds"),
            "username": row.username,
            "action": str(row.action),
            "child_id": row.child_id,
            "what": row.what,
            "detail": row.detail,
            "ip": row.ip_address,
        },
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=True,
    )
    return hashlib.sha256((previous + content).encode("ascii")).hexdigest()


def rekey(apps, schema_editor):
    from sightline.access.audit import GENESIS_HASH, audit_key, content_hash, link_hash

    AuditEvent = apps.get_model("access", "AuditEvent")
    key = audit_key()
    old_previous = new_previous = GENESIS_HASH
    batch = []
    for row in AuditEvent.objects.using(schema_editor.connection.alias).order_by("id").iterator(
        chunk_size=2000
    ):
        if row.previous_hash != old_previous or _unkeyed(row.previous_hash, row) != row.entry_hash:
            raise RuntimeError(
                f"audit trail row {row.id} breaks the old (unkeyed) chain: look into it before "
                "migrating (`sightline audit verify` on the previous release names every problem)"
            )
        old_previous = row.entry_hash
        row.content_hash = content_hash(
            username=row.username, what=row.what, detail=row.detail, ip=row.ip_address, key=key
        )
        row.previous_hash = new_previous
        row.entry_hash = link_hash(
            new_previous, at=row.at, action=row.action, child_id=row.child_id,
            content=row.content_hash, key=key,
        )
        new_previous = row.entry_hash
        batch.append(row)
        if len(batch) == 2000:
            AuditEvent.objects.bulk_update(batch, ["content_hash", "previous_hash", "entry_hash"])
            batch = []
    if batch:
        AuditEvent.objects.bulk_update(batch, ["content_hash", "previous_hash", "entry_hash"])


def add_guard(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL, None)
    elif vendor == "sqlite":
        for statement in SQLITE:
            schema_editor.execute(statement)


def drop_guard(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_REVERSE, None)
    elif vendor == "sqlite":
        for statement in SQLITE_REVERSE:
            schema_editor.execute(statement)


class Migration(migrations.Migration):

    dependencies = [
        ('access', '0003_search_listing'),
    ]

    operations = [
        migrations.AddField(
            model_name='auditevent',
            name='content_hash',
            field=models.CharField(default='', max_length=64),
        ),
        migrations.AddField(
            model_name='auditevent',
            name='pruned_on',
            field=models.DateField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name='auditevent',
            name='action',
            field=models.CharField(choices=[('view', 'Viewed a record'), ('search', 'Searched'), ('change', 'Changed a record'), ('export', 'Exported'), ('import', 'Imported'), ('break_glass', 'Break-glass access'), ('sign_in', 'Signed in'), ('sign_in_failed', 'Failed sign-in'), ('checkpoint', 'Checkpoint of the audit trail')], max_length=15),
        ),
        migrations.RunPython(rekey, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(add_guard, drop_guard, elidable=False),
    ]
