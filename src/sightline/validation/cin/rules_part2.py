"""CIN census rules 8614 to 8950Q (the second half of the 2025-26 list, by code)."""

from __future__ import annotations

import polars as pl

from sightline.validation.rules import cin_rule
from sightline.validation.tables import Tables


@cin_rule("8840", fields=("CPPstartDate", "CPPendDate"))
def cpp_starts_and_ends_same_day(t: Tables) -> pl.DataFrame:
    return t["ChildProtectionPlans"].filter(pl.col("CPPstartDate") == pl.col("CPPendDate"))


#: Rules of this part not checked, with the reason (listed in docs/validation-rules.md).
UNIMPLEMENTED: dict[str, str] = {}
