"""SSDA903 rules on care leavers (oc3.csv): in touch, activity and accommodation around the
17th to 21st birthdays."""

from __future__ import annotations

import polars as pl

from sightline.validation.common import (
    age_on,
    collection_end,
    collection_start,
    given,
    given_last,
    is_in,
    missing,
    no_failures,
    present,
    years_after,
)
from sightline.validation.rules import ssda903_rule
from sightline.validation.ssda903.helpers import (
    ACCOM,
    ACTIV,
    CARE_LEAVER,
    IN_TOUCH,
    SHORT_BREAKS,
    all_given,
    any_given,
    last_episode,
)
from sightline.validation.tables import Tables


def _every_episode(t: Tables) -> list[pl.DataFrame]:
    """This year's and last year's episodes, and, for the live records, every earlier one
    (the reference sees two years only: its messages say so, docs/reference-validators.md
    903-5)."""
    earlier = [] if t.earlier_episodes is None else [t.earlier_episodes]
    return [t["Episodes"], t.previous("Episodes"), *earlier]


@ssda903_rule("131", fields=("IN_TOUCH",))
def in_touch_invalid(t: Tables) -> pl.DataFrame:
    return t["OC3"].filter(~is_in("IN_TOUCH", IN_TOUCH))


@ssda903_rule("132", fields=("ACTIV",))
def activity_invalid(t: Tables) -> pl.DataFrame:
    return t["OC3"].filter(~is_in("ACTIV", ACTIV))


@ssda903_rule("133", fields=("ACCOM",))
def accommodation_invalid(t: Tables) -> pl.DataFrame:
    return t["OC3"].filter(~is_in("ACCOM", ACCOM))


@ssda903_rule("153", fields=CARE_LEAVER)
def care_leaver_items_partly_given(t: Tables) -> pl.DataFrame:
    return t["OC3"].filter(any_given(*CARE_LEAVER) & ~all_given(*CARE_LEAVER))


@ssda903_rule("1000", fields=CARE_LEAVER)
def care_leaver_info_for_child_who_died_in_care(t: Tables) -> pl.DataFrame:
    died = pl.col("REC").str.to_uppercase() == "E2"
    children = t["Episodes"].filter(died).select("CHILD")
    if given_last(t, "Episodes"):
        children = pl.concat([children, t.previous("Episodes").filter(died).select("CHILD")])
    return t["OC3"].join(children.unique(), on="CHILD", how="semi")


@ssda903_rule("1001", fields=CARE_LEAVER)
def care_leaver_info_for_child_not_relevant(t: Tables) -> pl.DataFrame:
    """Care leaver information for a child not looked after 13 weeks (91 days) since 14 with a
    day since 16, over this year's and last year's episodes, or whose last episode ended in
    adoption (E11/E12). As the reference, the check needs last year's episodes, and a child it
    cannot measure (no valid date of birth, on a file 20 or over at the year's end, only short
    breaks, no episodes) counts as not looked after long enough."""
    needed = ("Episodes", "OC3", "Header")
    if not all(given(t, n) and t[n].height for n in needed):
        return no_failures(t)
    if not (given_last(t, "Episodes") and t.previous("Episodes").height):
        return no_failures(t)
    end = collection_end(t)
    columns = ["CHILD", "DECOM", "DEC", "LS", "REC"]
    episodes = (
        pl.concat([e.select(columns) for e in _every_episode(t)])
        .sort("DEC", nulls_last=True, maintain_order=True)
        .unique(subset=["CHILD", "DECOM"], keep="first", maintain_order=True)
        .with_row_index("_row")
    )
    latest = last_episode(episodes)
    # The open last episode of a child runs to the end of the collection year.
    episodes = episodes.with_columns(
        DEC=pl.when(pl.col("_row").is_in(latest.get_column("_row").implode()) & missing("DEC"))
        .then(end)
        .otherwise(pl.col("DEC"))
    )
    # On a file (two years of episodes) the reference leaves out young people of 20 or over
    # at the year's end, whose care would be older than the file; it then counts them as not
    # looked after long enough. The live records hold the whole care history
    # (``earlier_episodes``), so there every care leaver is measured.
    measurable = present("DOB")
    if t.earlier_episodes is None:
        measurable = measurable & (years_after("DOB", 20) > end)
    header = (
        t["Header"]
        .filter(measurable)
        .select("CHILD", DOB14=years_after("DOB", 14), DOB16=years_after("DOB", 16))
    )
    measured = episodes.join(header, on="CHILD", how="inner").filter(
        ~(pl.col("LS").str.to_uppercase().is_in(SHORT_BREAKS).fill_null(False))
    )
    if measured.height == 0:
        return no_failures(t)

    def days_since(birthday: str) -> pl.Expr:
        begun = pl.max_horizontal("DECOM", birthday)
        return (pl.col("DEC") - begun).dt.total_days().clip(lower_bound=0)

    totals = measured.group_by("CHILD").agg(
        TOTAL14=days_since("DOB14").sum(), TOTAL16=days_since("DOB16").sum()
    )
    adopted = latest.filter(pl.col("REC").str.to_uppercase().is_in(["E11", "E12"]).fill_null(False))
    relevant = (pl.col("TOTAL14") >= 91).fill_null(False) & (pl.col("TOTAL16") >= 1).fill_null(
        False
    )
    return (
        t["OC3"]
        .join(totals, on="CHILD", how="left")
        .filter(pl.col("CHILD").is_in(adopted.get_column("CHILD").implode()) | ~relevant)
    )


@ssda903_rule("1002", fields=CARE_LEAVER)
def care_leaver_info_without_any_episodes(t: Tables) -> pl.DataFrame:
    if not (given(t, "Episodes") and given_last(t, "Episodes")):
        return no_failures(t)
    ever = pl.concat([e.select("CHILD") for e in _every_episode(t)])
    return t["OC3"].join(ever, on="CHILD", how="anti")


@ssda903_rule("1007", fields=CARE_LEAVER)
def care_leaver_info_while_looked_after_on_birthday(t: Tables) -> pl.DataFrame:
    """Departs from the reference, which compares DEC with the birthday and so never flags an
    open episode (a blank DEC compares False): the DfE's rule is about a young person still
    looked after on their 17th or 18th birthday, so an open episode begun by then fails too."""
    end = collection_end(t)
    birthday = pl.col("DOB").dt.offset_by(
        pl.format("{}y", pl.lit(t.meta.collection_end.year) - pl.col("DOB").dt.year())
    )
    birthday = pl.when(birthday > end).then(birthday.dt.offset_by("-1y")).otherwise(birthday)
    merged = (
        t["Episodes"]
        .select("CHILD", "DECOM", "DEC")
        .join(t["OC3"].select("CHILD", "DOB", *CARE_LEAVER), on="CHILD", how="inner")
        .with_columns(_birthday=birthday)
    )
    aged_17_or_18 = (years_after("DOB", 17) <= end) & (years_after("DOB", 19) > end)
    in_care = (pl.col("DECOM") <= pl.col("_birthday")) & (
        (pl.col("DEC") > pl.col("_birthday")) | missing("DEC")
    )
    return merged.filter(aged_17_or_18 & in_care & any_given(*CARE_LEAVER))


@ssda903_rule("1010", fields=CARE_LEAVER)
def care_leaver_info_without_episodes_though_in_care_last_year(t: Tables) -> pl.DataFrame:
    if not (given(t, "Episodes") and given_last(t, "Episodes")):
        return no_failures(t)
    still_open = (
        t.previous("Episodes")
        .filter(present("DECOM"))
        .sort(["CHILD", "DECOM"], maintain_order=True)
        .unique(subset="CHILD", keep="last", maintain_order=True)
        .filter(missing("DEC_raw"))
        .select("CHILD")
    )
    return (
        t["OC3"]
        .join(t["Episodes"].select("CHILD"), on="CHILD", how="anti")
        .join(still_open, on="CHILD", how="semi")
    )


@ssda903_rule("1011", fields=CARE_LEAVER)
def care_leaver_info_after_transfer_to_another_la(t: Tables) -> pl.DataFrame:
    transferred = last_episode(t["Episodes"]).filter(pl.col("REC") == "E3").select("CHILD")
    return t["OC3"].filter(any_given(*CARE_LEAVER)).join(transferred, on="CHILD", how="semi")


@ssda903_rule("1016", fields=CARE_LEAVER)
def care_leaver_info_for_child_leaving_care_after_birthday(t: Tables) -> pl.DataFrame:
    """Departs from the reference only in how it ages a young person at the year's end: the
    reference divides days by a mean year of 365.2425 days, which is a day out for some whose
    birthday falls on 30 or 31 March; this takes their age in whole years, as the DfE means."""
    age = age_on("DOB", collection_end(t))
    dec = pl.col("DEC")
    return (
        t["OC3"]
        .select("CHILD", "DOB", *CARE_LEAVER)
        .join(t["Episodes"].select("CHILD", "DEC"), on="CHILD", how="inner")
        .filter(
            (
                ((age == 17) & (dec >= years_after("DOB", 17)))
                | ((age == 18) & (dec >= years_after("DOB", 18)))
            ).fill_null(False)
            & any_given(*CARE_LEAVER)
        )
    )


@ssda903_rule("3001", fields=("ACCOM",))
def care_leaver_turning_17_with_former_foster_carers(t: Tables) -> pl.DataFrame:
    seventeenth = years_after("DOB", 17)
    return (
        t["OC3"]
        .select("CHILD", "ACCOM")
        .join(t["Header"].select("CHILD", "DOB"), on="CHILD", how="inner")
        .filter(
            pl.col("ACCOM").str.to_uppercase().is_in(["Z1", "Z2"]).fill_null(False)
            & seventeenth.is_between(collection_start(t), collection_end(t))
        )
    )


@ssda903_rule("344", fields=("IN_TOUCH", "ACTIV", "ACCOM"))
def activity_or_accommodation_for_care_leaver_died_or_home(t: Tables) -> pl.DataFrame:
    # As the reference: a blank ACTIV or ACCOM is not "0", so it fails too.
    return t["OC3"].filter(
        is_in("IN_TOUCH", ["DIED", "RHOM"])
        & (pl.col("ACTIV").ne_missing("0") | pl.col("ACCOM").ne_missing("0"))
    )


@ssda903_rule("345", fields=("IN_TOUCH", "ACTIV", "ACCOM"))
def activity_or_accommodation_zero_when_in_touch(t: Tables) -> pl.DataFrame:
    return t["OC3"].filter(
        is_in("IN_TOUCH", ["YES"]) & (is_in("ACTIV", ["0"]) | is_in("ACCOM", ["0"]))
    )


@ssda903_rule("347", fields=("ACCOM", "DOB"))
def care_leaver_under_18_in_foyer(t: Tables) -> pl.DataFrame:
    # The reference compares the days since birth with numpy's 18 "years" of 365.2425 days,
    # so a child 18 on 1 April with four leap days in between (a 2027 return) fails, and it
    # crashes on a malformed DOB: the DfE's whole years of age are used.
    return t["OC3"].filter(is_in("ACCOM", ["T"]) & (age_on("DOB", collection_start(t)) < 18))


@ssda903_rule("348", fields=("IN_TOUCH",))
def care_leaver_reported_as_died_last_year(t: Tables) -> pl.DataFrame:
    last = t.previous("OC3").select("CHILD", IN_TOUCH_last="IN_TOUCH")
    return (
        t["OC3"]
        .join(last, on="CHILD", how="inner")
        .filter(is_in("IN_TOUCH_last", ["DIED"]) & pl.col("IN_TOUCH").ne_missing("DIED"))
    )


@ssda903_rule("391", fields=("DOB", "IN_TOUCH", "ACTIV", "ACCOM"))
def care_leaver_outcomes_for_under_17(t: Tables) -> pl.DataFrame:
    return t["OC3"].filter(
        (years_after("DOB", 17) > collection_end(t))
        & pl.any_horizontal(pl.col(c).is_not_null() for c in ("IN_TOUCH", "ACTIV", "ACCOM"))
    )


UNIMPLEMENTED: dict[str, str] = {}
