"""SSDA903 rules on social worker episodes (sw_episodes.csv): IDs, dates, the reason a worker
changed, and episodes that cover the child's time in care."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import polars as pl

from sightline.validation.common import (
    bad_date,
    collection_end,
    is_in,
    lit_date,
    missing,
    present,
)
from sightline.validation.rules import ssda903_rule
from sightline.validation.ssda903.helpers import CHILD, dayfirst
from sightline.validation.tables import Tables

SW_REASONS = (
    "MANAGE", "FCONTA", "LEFTRL", "ORGRST", "TSPROC", "ABSENC", "CHCHAN", "PCCHAN", "SWDIED",
    "OTHERS",
)  # fmt: skip


def _a_year_before(day: date) -> date:
    """The first date on or after ``day`` less numpy's average year (365.2425 days), which is
    what the reference's ``collection_start - np.timedelta64(1, "Y")`` compares dates with."""
    moment = datetime(day.year, day.month, day.day) - timedelta(days=365.2425)
    return moment.date() + timedelta(days=1 if moment.time() != datetime.min.time() else 0)


def _sw_with_previous(t: Tables, by: tuple[str, ...], *, descending: bool = False) -> pl.DataFrame:
    """Social worker episodes ordered within the child by ``by`` (a missing date last, ties in
    file order), each with the one before it (``_DECOM_prev``, ``_DEC_prev``; ``_n`` is 0 for
    the first)."""
    return (
        t["SWEpisodes"]
        .sort([CHILD, *by], descending=descending, nulls_last=True, maintain_order=True)
        .with_columns(
            pl.col("SW_DECOM").shift(1).over(CHILD).alias("_DECOM_prev"),
            pl.col("SW_DEC").shift(1).over(CHILD).alias("_DEC_prev"),
            pl.int_range(pl.len()).over(CHILD).alias("_n"),
        )
    )


def _not_within_a_week_of_previous_end(t: Tables) -> pl.DataFrame:
    eps = _sw_with_previous(t, ("SW_DECOM", "SW_DEC"))
    decom, prev_dec = pl.col("SW_DECOM"), pl.col("_DEC_prev")
    within = (decom >= prev_dec.dt.offset_by("-7d")).fill_null(False) & (
        decom <= prev_dec.dt.offset_by("7d")
    ).fill_null(False)
    not_first_contact = (pl.col("SW_REASON") != "FCONTA").fill_null(True)
    return eps.filter((pl.col("_n") > 0) & not_first_contact & ~within)


@ssda903_rule("SW02STG1", fields=("SW_ID",))
def social_worker_id_not_sw_or_xx(t: Tables) -> pl.DataFrame:
    sw_id = pl.col("SW_ID")
    return t["SWEpisodes"].filter(
        ~sw_id.str.slice(0, 2).is_in(["SW", "XX"]).fill_null(False)
        | (sw_id.str.len_chars() < 4).fill_null(False)
    )


@ssda903_rule("SW04STG1", fields=("SW_DECOM",))
def social_worker_episode_start_not_a_valid_date(t: Tables) -> pl.DataFrame:
    return t["SWEpisodes"].filter(bad_date("SW_DECOM"))


@ssda903_rule("SW05STG1", fields=("SW_DEC",))
def social_worker_episode_end_not_a_valid_date(t: Tables) -> pl.DataFrame:
    return t["SWEpisodes"].filter(bad_date("SW_DEC"))


@ssda903_rule("SW06STG2", fields=("SW_DECOM",))
def social_worker_episode_starts_after_year_end(t: Tables) -> pl.DataFrame:
    return t["SWEpisodes"].filter(pl.col("SW_DECOM") > collection_end(t))


@ssda903_rule("SW07STG2", fields=("SW_DEC",))
def social_worker_episode_ends_outside_reporting_period(t: Tables) -> pl.DataFrame:
    # The social worker reporting period starts a year before the collection year; the
    # reference takes that as numpy's average year before it (see _a_year_before).
    earliest = lit_date(_a_year_before(t.meta.collection_start))
    return t["SWEpisodes"].filter(
        (pl.col("SW_DEC") < earliest) | (pl.col("SW_DEC") > collection_end(t))
    )


@ssda903_rule("SW08STG2", fields=("SW_DEC",))
def social_worker_episode_open_when_a_later_one_starts(t: Tables) -> pl.DataFrame:
    # Every episode but the child's last by start (an undated start counts as last) must end.
    return (
        t["SWEpisodes"]
        .filter(present(CHILD))
        .sort("SW_DECOM", nulls_last=True, maintain_order=True)
        .filter(
            (pl.int_range(pl.len()).over(CHILD) < pl.len().over(CHILD) - 1)
            & missing("SW_DEC")
            & present("SW_DECOM")
        )
    )


@ssda903_rule("SW09STG2", fields=("SW_DECOM", "SW_DEC"))
def social_worker_episode_too_short(t: Tables) -> pl.DataFrame:
    # The reference fails an episode lasting under 3 days, not 24 hours as the DfE words it.
    too_short = (dayfirst("SW_DEC") - dayfirst("SW_DECOM")) < pl.duration(days=3)
    return t["SWEpisodes"].filter(too_short)


@ssda903_rule("SW10STG2", fields=("SW_DECOM",))
def social_worker_episode_starts_before_previous_ends(t: Tables) -> pl.DataFrame:
    # The reference checks SW10STG2 exactly as SW10aSTG2 (within 7 days of the last end).
    return _not_within_a_week_of_previous_end(t)


@ssda903_rule("SW10aSTG2", fields=("SW_DECOM",))
def social_worker_episode_not_within_week_of_previous(t: Tables) -> pl.DataFrame:
    return _not_within_a_week_of_previous_end(t)


@ssda903_rule("SW10bSTG2", fields=("SW_DECOM", "SW_REASON"))
def first_contact_episode_starts_before_previous_ends(t: Tables) -> pl.DataFrame:
    return _sw_with_previous(t, ("SW_DECOM", "SW_DEC")).filter(
        (pl.col("_n") > 0)
        & (pl.col("SW_REASON") == "FCONTA").fill_null(False)
        & (pl.col("SW_DECOM") <= pl.col("_DEC_prev")).fill_null(False)
    )


@ssda903_rule("SW11bSTG2", fields=("SW_DEC",))
def social_worker_episode_ends_near_year_end_with_none_after(t: Tables) -> pl.DataFrame:
    # The reference's three checks, for an episode ending in the last five days of March:
    # the next episode has no start; it is the child's only episode; or it is not the child's
    # first episode (it fails even when another episode follows it). The last pairs episodes
    # in order of start, latest first, with episodes starting the same day in file order.
    end = t.meta.collection_end
    in_last_days = lit_date(end - timedelta(days=5)), collection_end(t)
    prev_ended_late = pl.col("_DEC_prev").is_between(*in_last_days).fill_null(False)
    ended_late = pl.col("SW_DEC").is_between(*in_last_days).fill_null(False)
    next_has_no_start = (pl.col("_n") > 0) & prev_ended_late & missing("SW_DECOM")
    only_episode = (pl.col(CHILD).count().over(CHILD) == 1) & ended_late
    earlier_episode = (
        (pl.col("_n") > 0)
        & (pl.col("SW_DECOM") < pl.col("_DEC_prev")).fill_null(False)
        & prev_ended_late
    )
    return pl.concat(
        [
            _sw_with_previous(t, ("SW_DECOM",)).filter(next_has_no_start | only_episode),
            _sw_with_previous(t, ("SW_DECOM",), descending=True).filter(earlier_episode),
        ]
    )


@ssda903_rule("SW12STG2", fields=("SW_DECOM",))
def social_worker_episodes_not_reported_for_care(t: Tables) -> pl.DataFrame:
    """A child looked after on 31 March must have social worker episodes reported for the
    whole year (or, for a child first in care during it, from the first day of care in the
    year, an earlier spell included: episodes while not looked after count too): the earliest
    SW_DECOM is on or before the later of 1 April and that day; a child with none fails.
    Short breaks (V3/V4) do not count as care.

    Not the reference's logic: it fails every pair of episode and social worker episode that
    does not match, so a social worker allocated before care, which the DfE's message asks to
    be reported, fails (docs/reference-validators.md, 903-4)."""
    start, end = lit_date(t.meta.collection_start), collection_end(t)
    care = t["Episodes"].filter(
        ~is_in("LS", ("V3", "V4"))
        & (pl.col("DECOM") <= end).fill_null(False)
        & (pl.col("DEC").is_null() | (pl.col("DEC") >= start).fill_null(False))
    )
    at_year_end = (
        care.filter(pl.col("DEC").is_null() | (pl.col("DEC") > end).fill_null(False))
        .select(CHILD)
        .unique()
    )
    needed_from = (
        care.join(at_year_end, on=CHILD, how="semi")
        .group_by(CHILD)
        .agg(pl.col("DECOM").min().alias("care_from"))
        .with_columns(pl.max_horizontal(pl.col("care_from"), start).alias("needed_from"))
    )
    reported_from = (
        t["SWEpisodes"].group_by(CHILD).agg(pl.col("SW_DECOM").min().alias("reported_from"))
    )
    return needed_from.join(reported_from, on=CHILD, how="left").filter(
        pl.col("reported_from").is_null() | (pl.col("reported_from") > pl.col("needed_from"))
    )


@ssda903_rule("SW13STG1", fields=("SW_REASON",))
def social_worker_change_reason_invalid(t: Tables) -> pl.DataFrame:
    # The reference requires a reason for episodes starting from 1 April 2023. It stops with
    # an error on any SW_DECOM that is not a date (it parses them without errors="coerce");
    # here such an episode is judged on its reason alone, as the DfE words the rule.
    return t["SWEpisodes"].filter(
        (present("SW_REASON") & ~is_in("SW_REASON", SW_REASONS))
        | (
            missing("SW_REASON")
            & (pl.col("SW_DECOM") >= lit_date(date(2023, 4, 1))).fill_null(False)
        )
    )


@ssda903_rule("SW17STG2", fields=("SW_DEC", "SW_DECOM"))
def no_social_worker_episode_open_at_year_end(t: Tables) -> pl.DataFrame:
    # The child's latest episode by start (as the reference: one undated only when all are).
    return (
        t["SWEpisodes"]
        .sort(dayfirst("SW_DECOM"), descending=True, nulls_last=True, maintain_order=True)
        .filter((pl.int_range(pl.len()).over(CHILD) == 0) & present("SW_DEC_raw"))
    )


@ssda903_rule("SW18STG2", fields=("SW_DEC", "SW_DECOM"))
def social_worker_episode_ends_on_or_before_start(t: Tables) -> pl.DataFrame:
    return t["SWEpisodes"].filter(dayfirst("SW_DEC") <= dayfirst("SW_DECOM"))


@ssda903_rule("SW19STG2", fields=("SW_DEC", "SW_DECOM"))
def two_social_worker_episodes_start_same_day(t: Tables) -> pl.DataFrame:
    # As the reference, the start dates are compared as the text given.
    return t["SWEpisodes"].filter(pl.len().over([CHILD, "SW_DECOM_raw"]) > 1)


UNIMPLEMENTED: dict[str, str] = {}
