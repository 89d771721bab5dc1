"""Importing Ofsted's register: all or nothing, replacing the register kept before."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from sightline.access.actor import current_actor
from sightline.access.audit import record_import
from sightline.providers import register
from sightline.providers.models import Provider, RegisterImport


@transaction.atomic
def import_register(path: Path) -> RegisterImport:
    """Read the whole file first (RegisterError, nothing written, when any row is wrong), then
    replace the register with it, and record the import in the audit trail."""
    rows = register.read(path)
    Provider.objects.all().delete()
    Provider.objects.bulk_create((Provider(**asdict(r)) for r in rows), batch_size=2_000)
    done = RegisterImport.objects.create(
        imported_at=timezone.now(),
        file_name=path.name[:255],
        providers=len(rows),
        operator=current_actor().username[:150],
    )
    record_import(
        f"Ofsted provider register from {path.name}: {len(rows)} providers",
        {"command": "providers import", "path": str(path), "providers": len(rows)},
    )
    return done
