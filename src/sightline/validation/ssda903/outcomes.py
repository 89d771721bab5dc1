"""SSDA903 rules on outcomes for children looked after all year (oc2.csv): strengths and
difficulties (SDQ), convictions, health checks and substance misuse."""

from __future__ import annotations

import polars as pl

from sightline.validation.common import (
    collection_end,
    collection_start,
    given,
    is_in,
    lit_date,
    looked_after_all_year,
    missing,
    no_failures,
    present,
    years_after,
)
from sightline.validation.rules import ssda903_rule
from sightline.validation.ssda903.helpers import (
    CHILD,
    any_given,
    children,
    holds,
    invalid_code,
    with_cla,
)
from sightline.validation.tables import Tables

OC2_FLAGS = (
    "CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT",
    "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED",
)  # fmt: skip


OC2_HEALTH = ("IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE")


OC2_OTHERS = ("CONVICTED", "HEALTH_CHECK", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED")


SDQ_REASONS = ("SDQ1", "SDQ2", "SDQ3", "SDQ4", "SDQ5")


#: OC2 items for children looked after for 12 months (rules 190 and 215).
OC2_ITEMS = (
    "CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT",
    "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED",
)  # fmt: skip


def _oc2_with_cla(t: Tables) -> pl.DataFrame:
    return (
        t["OC2"]
        .join(looked_after_all_year(t), on=CHILD, how="left")
        .with_columns(pl.col("CLA").fill_null(False).alias("cla"))
    )


@ssda903_rule("158", fields=("INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"))
def intervention_offered_given_though_received(t: Tables) -> pl.DataFrame:
    return t["OC2"].filter(
        (pl.col("INTERVENTION_RECEIVED") == "1").fill_null(False) & present("INTERVENTION_OFFERED")
    )


@ssda903_rule("159", fields=("SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"))
def intervention_offered_missing_though_not_received(t: Tables) -> pl.DataFrame:
    return t["OC2"].filter(
        (pl.col("SUBSTANCE_MISUSE") == "1").fill_null(False)
        & (pl.col("INTERVENTION_RECEIVED") == "0").fill_null(False)
        & missing("INTERVENTION_OFFERED")
    )


@ssda903_rule("180", fields=("SDQ_SCORE",))
def sdq_score_invalid(t: Tables) -> pl.DataFrame:
    score = pl.col("SDQ_SCORE").str.strip_chars().cast(pl.Float64, strict=False)
    valid = (score >= 0) & (score <= 40) & (score == score.floor())
    return t["OC2"].filter(present("SDQ_SCORE") & ~valid.fill_null(False))


@ssda903_rule("181", fields=OC2_FLAGS)
def outcome_flag_not_0_or_1(t: Tables) -> pl.DataFrame:
    return t["OC2"].filter(pl.any_horizontal(invalid_code(n, ("0", "1")) for n in OC2_FLAGS))


@ssda903_rule("182", fields=OC2_FLAGS)
def health_items_missing_though_other_outcomes_given(t: Tables) -> pl.DataFrame:
    return t["OC2"].filter(
        pl.any_horizontal(missing(n) for n in OC2_HEALTH) & any_given(*OC2_OTHERS)
    )


@ssda903_rule("157", fields=("SDQ_REASON", "DOB"))
def sdq_reason_sdq1_for_child_of_sdq_age(t: Tables) -> pl.DataFrame:
    if not (given(t, "OC2") and given(t, "Episodes")):
        return no_failures(t)
    return (
        t["OC2"]
        .join(looked_after_all_year(t).filter(pl.col("CLA")), on="CHILD", how="semi")
        .filter(
            (years_after("DOB", 4) <= collection_start(t)).fill_null(False)
            & (years_after("DOB", 16) >= collection_end(t)).fill_null(False)
            & missing("SDQ_SCORE")
            & (pl.col("SDQ_REASON") == "SDQ1").fill_null(False)
        )
    )


@ssda903_rule("185", fields=("SDQ_SCORE",))
def sdq_score_for_child_not_looked_after_12_months(t: Tables) -> pl.DataFrame:
    if not (given(t, "OC2") and given(t, "Episodes")):
        return no_failures(t)
    return (
        t["OC2"]
        .filter(present("SDQ_SCORE"))
        .join(looked_after_all_year(t).filter(pl.col("CLA")), on="CHILD", how="anti")
    )


@ssda903_rule("186", fields=("SDQ_SCORE",))
def sdq_score_missing_for_child_looked_after_all_year(t: Tables) -> pl.DataFrame:
    oc2 = with_cla(t, "OC2")
    return oc2.filter(
        (years_after("DOB", 4) <= collection_start(t))
        & (years_after("DOB", 17) > collection_end(t))
        & pl.col("CLA")
        & pl.col("SDQ_SCORE").is_null()
        & pl.col("SDQ_REASON").is_null()
    )


@ssda903_rule("188", fields=("SDQ_SCORE", "SDQ_REASON"))
def sdq_given_for_child_under_4(t: Tables) -> pl.DataFrame:
    return t["OC2"].filter(
        (years_after("DOB", 4) > collection_end(t)) & any_given("SDQ_SCORE", "SDQ_REASON")
    )


@ssda903_rule("189", fields=("DOB", "SDQ_SCORE", "SDQ_REASON"))
def sdq_given_for_child_17_or_over(t: Tables) -> pl.DataFrame:
    return t["OC2"].filter(
        (years_after("DOB", 17) < collection_start(t)) & any_given("SDQ_SCORE", "SDQ_REASON")
    )


@ssda903_rule("190", fields=OC2_ITEMS)
def oc2_items_given_for_child_not_looked_after_all_year(t: Tables) -> pl.DataFrame:
    if not given(t, "OC2", "Episodes"):
        return no_failures(t)
    return with_cla(t, "OC2").filter(~pl.col("CLA") & any_given(*OC2_ITEMS))


@ssda903_rule(
    "191", fields=("IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE", "CHILD")
)
def oc2_items_missing_for_child_looked_after_all_year(t: Tables) -> pl.DataFrame:
    if not given(t, "OC2", "Episodes"):
        return no_failures(t)
    needed = ("IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE")
    blank = with_cla(t, "OC2").filter(
        pl.col("CLA") & pl.any_horizontal([pl.col(n).is_null() for n in needed])
    )
    no_oc2 = (
        looked_after_all_year(t)
        .filter(pl.col("CLA"))
        .join(t["OC2"].select("CHILD"), on="CHILD", how="anti")
    )
    return children(blank, no_oc2)


@ssda903_rule("192", fields=("SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED"))
def substance_misuse_without_intervention_received(t: Tables) -> pl.DataFrame:
    return t["OC2"].filter(
        is_in("SUBSTANCE_MISUSE", ["1"]) & pl.col("INTERVENTION_RECEIVED").is_null()
    )


@ssda903_rule("193", fields=("SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"))
def intervention_given_without_substance_misuse(t: Tables) -> pl.DataFrame:
    no_misuse = pl.col("SUBSTANCE_MISUSE").is_null() | is_in("SUBSTANCE_MISUSE", ["0"])
    return t["OC2"].filter(no_misuse & any_given("INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"))


@ssda903_rule("196", fields=("SDQ_REASON",))
def sdq_reason_invalid(t: Tables) -> pl.DataFrame:
    return t["OC2"].filter(pl.col("SDQ_REASON").is_not_null() & ~is_in("SDQ_REASON", SDQ_REASONS))


@ssda903_rule("197B", fields=("SDQ_REASON", "DOB"))
def sdq_missing_for_child_turning_4_or_17(t: Tables) -> pl.DataFrame:
    start, end = collection_start(t), collection_end(t)
    turns = years_after("DOB", 4).is_between(start, end) | years_after("DOB", 17).is_between(
        start, end
    )
    return with_cla(t, "OC2").filter(
        turns & pl.col("CLA") & pl.col("SDQ_SCORE").is_null() & pl.col("SDQ_REASON").is_null()
    )


@ssda903_rule("197a", fields=("SDQ_SCORE", "SDQ_REASON"))
def sdq_reason_given_with_score(t: Tables) -> pl.DataFrame:
    return t["OC2"].filter(pl.col("SDQ_SCORE").is_not_null() & pl.col("SDQ_REASON").is_not_null())


@ssda903_rule("198", fields=("SDQ_REASON",))
def sdq_reason_for_child_not_looked_after_all_year(t: Tables) -> pl.DataFrame:
    if not given(t, "OC2", "Episodes"):
        return no_failures(t)
    return with_cla(t, "OC2").filter(pl.col("SDQ_REASON").is_not_null() & ~pl.col("CLA"))


@ssda903_rule("215", fields=OC2_ITEMS)
def care_leaver_with_oc2_items(t: Tables) -> pl.DataFrame:
    return (
        t["OC3"]
        .join(t["OC2"].select("CHILD", *OC2_ITEMS), on="CHILD", how="inner")
        .filter(any_given("IN_TOUCH", "ACTIV", "ACCOM") & any_given(*OC2_ITEMS))
    )


@ssda903_rule("542", fields=("CONVICTED",))
def conviction_given_for_child_under_10(t: Tables) -> pl.DataFrame:
    end = lit_date(t.meta.collection_end)
    return t["OC2"].filter(holds(years_after("DOB", 10) > end) & pl.col("CONVICTED").is_not_null())


@ssda903_rule("543", fields=("DOB", "CONVICTED"))
def conviction_missing_for_child_10_or_over(t: Tables) -> pl.DataFrame:
    end = lit_date(t.meta.collection_end)
    return _oc2_with_cla(t).filter(
        holds(end > years_after("DOB", 10)) & pl.col("cla") & pl.col("CONVICTED").is_null()
    )


@ssda903_rule(
    "544",
    fields=("CONVICTED", "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE"),
)
def convicted_without_health_fields(t: Tables) -> pl.DataFrame:
    return t["OC2"].filter(
        holds(pl.col("CONVICTED") == "1")
        & pl.any_horizontal(pl.col(c).is_null() for c in OC2_HEALTH)
    )


@ssda903_rule("545", fields=("DOB", "HEALTH_CHECK"))
def health_check_missing_for_child_under_5(t: Tables) -> pl.DataFrame:
    end = lit_date(t.meta.collection_end)
    return _oc2_with_cla(t).filter(
        holds(end < years_after("DOB", 5)) & pl.col("cla") & pl.col("HEALTH_CHECK").is_null()
    )


@ssda903_rule("546", fields=("DOB", "HEALTH_CHECK"))
def health_check_given_for_child_5_or_over(t: Tables) -> pl.DataFrame:
    end = lit_date(t.meta.collection_end)
    return _oc2_with_cla(t).filter(
        holds(end >= years_after("DOB", 5)) & pl.col("cla") & pl.col("HEALTH_CHECK").is_not_null()
    )


@ssda903_rule(
    "547",
    fields=(
        "HEALTH_CHECK",
        "IMMUNISATIONS",
        "TEETH_CHECK",
        "HEALTH_ASSESSMENT",
        "SUBSTANCE_MISUSE",
    ),
)
def health_check_without_health_fields(t: Tables) -> pl.DataFrame:
    return t["OC2"].filter(
        holds(pl.col("HEALTH_CHECK") == "1")
        & pl.any_horizontal(pl.col(c).is_null() for c in OC2_HEALTH)
    )


UNIMPLEMENTED: dict[str, str] = {}
