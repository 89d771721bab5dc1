"""SSDA903 rules on reviews (reviews.csv): the review date and the child's participation code."""

from __future__ import annotations

import polars as pl

from sightline.validation.common import (
    is_in,
    missing,
    present,
    years_after,
)
from sightline.validation.rules import ssda903_rule
from sightline.validation.ssda903.helpers import REVIEW_CODE
from sightline.validation.tables import Tables


@ssda903_rule("166", fields=("REVIEW",))
def review_date_missing_or_invalid(t: Tables) -> pl.DataFrame:
    return t["Reviews"].filter(missing("REVIEW"))


@ssda903_rule("167", fields=("REVIEW_CODE",))
def participation_code_invalid_or_blank(t: Tables) -> pl.DataFrame:
    return t["Reviews"].filter(
        ~(
            (present("REVIEW_raw") & is_in("REVIEW_CODE", REVIEW_CODE))
            | (missing("REVIEW_raw") & missing("REVIEW_CODE"))
        )
    )


@ssda903_rule("440", fields=("DOB", "REVIEW", "REVIEW_CODE"))
def review_code_under_4_but_child_4_or_over(t: Tables) -> pl.DataFrame:
    return t["Reviews"].filter(
        (pl.col("REVIEW_CODE") == "PN0") & (pl.col("REVIEW") > years_after("DOB", 4))
    )


@ssda903_rule("441", fields=("DOB", "REVIEW", "REVIEW_CODE"))
def review_code_4_or_over_but_child_under_4(t: Tables) -> pl.DataFrame:
    return t["Reviews"].filter(
        is_in("REVIEW_CODE", [f"PN{n}" for n in range(1, 8)])
        & (pl.col("REVIEW") < years_after("DOB", 4))
    )


UNIMPLEMENTED: dict[str, str] = {}
