"""Every Sightline table's rows by value, to show that an import changed nothing."""

from __future__ import annotations

from typing import Any

from django.apps import apps

from sightline.access.models import AuditEvent
from sightline.timescales.models import Obligation


def table_contents() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every Sightline table but the audit trail, by value (obligations are
    rebuilt, so their keys are left out)."""
    out = {}
    for model in apps.get_models():
        if not model.__module__.startswith("sightline.") or model is AuditEvent:
            continue
        names = [f.attname for f in model._meta.concrete_fields]
        if model is Obligation:
            names = [n for n in names if n != "id"]
        out[model._meta.label] = sorted(model._default_manager.values_list(*names), key=repr)
    return out
