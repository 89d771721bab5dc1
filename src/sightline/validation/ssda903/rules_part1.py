"""SSDA903 rules 1000 to 185 (the first fifth of the 2025-26 and 2026-27 lists, by code)."""

from __future__ import annotations

import polars as pl

from sightline.validation.common import is_in
from sightline.validation.rules import ssda903_rule
from sightline.validation.tables import Tables

ETHNIC = (
    "WBRI", "WIRI", "WOTH", "WIRT", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN",
    "ABAN", "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT",
)  # fmt: skip


@ssda903_rule("103", fields=("ETHNIC",))
def ethnicity_code_invalid(t: Tables) -> pl.DataFrame:
    return t["Header"].filter(~is_in("ETHNIC", ETHNIC))


#: Rules of this part not checked, with the reason (listed in docs/validation-rules.md).
UNIMPLEMENTED: dict[str, str] = {}
