"""CIN census rules on the return as a whole (the header): the reference date."""

from __future__ import annotations

import polars as pl

from sightline.validation.rules import cin_rule
from sightline.validation.tables import Tables


@cin_rule("100", fields=("ReferenceDate",), scope="return")
def reference_date_not_31_march_of_year(t: Tables) -> pl.DataFrame:
    header = t["Header"]
    expected = pl.concat_str(pl.col("Year"), pl.lit("-03-31")).str.strptime(
        pl.Date, "%Y-%m-%d", strict=False
    )
    return header.filter((pl.col("ReferenceDate") == expected).fill_null(False).not_())


UNIMPLEMENTED: dict[str, str] = {}
