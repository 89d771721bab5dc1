"""The audit trail: append a hash-chained event; changes come from the domain events."""

from __future__ import annotations
