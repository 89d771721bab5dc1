"""CIN census rules on disabilities (the Disabilities codes of a child)."""

from __future__ import annotations

import polars as pl

from sightline.validation.cin.helpers import CHILD, FALSE
from sightline.validation.common import (
    is_in,
    present,
)
from sightline.validation.rules import cin_rule
from sightline.validation.tables import Tables

DISABILITIES = (
    "NONE", "MOB", "HAND", "PC", "INC", "COMM", "LD", "HEAR", "VIS", "BEH", "CON", "AUT", "DDA",
)  # fmt: skip


@cin_rule("2887Q", fields=("Disability",), scope="return")
def fewer_than_8_disability_codes_used(t: Tables) -> pl.DataFrame:
    """Departs from the reference, which counts the rows holding NONE (its own test counts
    the distinct codes other than NONE, as the DfE's wording does)."""
    used = t["Disabilities"].filter(pl.col("Disability") != "NONE")
    return used.select(codes=pl.col("Disability").n_unique()).filter(pl.col("codes") <= 7)


@cin_rule("2888Q", fields=("Disability",), scope="return")
def only_one_disability_per_child(t: Tables) -> pl.DataFrame:
    counts = (
        t["Disabilities"]
        .filter((pl.col("Disability") != "NONE").fill_null(True))
        .filter(pl.col("LAchildID").is_not_null())
        .group_by(CHILD)
        .agg(n=pl.col("Disability").count())
    )
    return counts.select(most=pl.col("n").max()).filter(pl.col("most") <= 1)


@cin_rule("8540", fields=("Disability",))
def disability_missing_or_invalid(t: Tables) -> pl.DataFrame:
    """A born child with a referral that led to further action must have valid disability
    codes (a child with no disability recorded fails)."""
    born = t["ChildIdentifiers"].filter(pl.col("PersonBirthDate").is_not_null())
    acted_on = t["CINdetails"].filter(is_in("ReferralNFA", FALSE)).select(CHILD)
    disabilities = t["Disabilities"].select(*CHILD, "Disability")
    return (
        born.select(CHILD)
        .join(acted_on, on=CHILD, how="semi", nulls_equal=True)
        .join(disabilities, on=CHILD, how="left", nulls_equal=True)
        .filter(~is_in("Disability", DISABILITIES))
    )


@cin_rule("8790", fields=("Disability",))
def disability_none_with_other_values(t: Tables) -> pl.DataFrame:
    d = t["Disabilities"]
    none = d.filter((pl.col("Disability").str.to_uppercase() == "NONE").fill_null(False))
    others = d.filter((pl.col("Disability").str.to_uppercase() != "NONE").fill_null(True))
    return others.join(none.select(CHILD).unique(), on=CHILD, how="semi")


@cin_rule("8794", fields=("Disability",))
def disability_code_repeated(t: Tables) -> pl.DataFrame:
    return t["Disabilities"].filter(
        present("Disability") & (pl.len().over(*CHILD, "Disability") > 1)
    )


UNIMPLEMENTED: dict[str, str] = {}
