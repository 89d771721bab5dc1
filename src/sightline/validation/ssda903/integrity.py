"""SSDA903 rules that the tables agree with the header: every child in a table is in the header
(once), with the same date of birth and sex, and has episodes or a care leaver record."""

from __future__ import annotations

import polars as pl

from sightline.validation.common import (
    given,
    no_failures,
)
from sightline.validation.rules import ssda903_rule
from sightline.validation.ssda903.helpers import CHILD
from sightline.validation.tables import Tables


def _not_in_header(t: Tables, table: str) -> pl.DataFrame:
    if not given(t, "Header", table):
        return no_failures(t)
    return t[table].join(t["Header"].select(CHILD), on=CHILD, how="anti", nulls_equal=True)


def _differs_from_header(t: Tables, table: str, column: str) -> pl.DataFrame:
    header = t["Header"].select(CHILD, pl.col(column).alias("_header"))
    return (
        t[table]
        .join(header, on=CHILD, nulls_equal=True)
        .filter(pl.col(column) != pl.col("_header"))
    )


def _more_than_once(t: Tables, table: str) -> pl.DataFrame:
    return t[table].filter(pl.col(CHILD).count().over(CHILD) > 1)


@ssda903_rule("1012", fields=("CHILD",))
def data_for_child_without_episodes(t: Tables) -> pl.DataFrame:
    if not given(t, "Episodes"):
        return no_failures(t)
    tables = ("PlacedAdoption", "Missing", "Reviews", "AD1", "PrevPerm", "OC2")
    children = pl.concat([t[name].select("CHILD") for name in tables])
    return children.join(t["Episodes"].select("CHILD"), on="CHILD", how="anti")


@ssda903_rule("EPI", fields=("CHILD",))
def child_with_no_episodes_or_care_leaver_record(t: Tables) -> pl.DataFrame:
    return (
        t["Header"]
        .join(t["Episodes"].select(CHILD), on=CHILD, how="anti", nulls_equal=True)
        .join(t["OC3"].select(CHILD), on=CHILD, how="anti", nulls_equal=True)
    )


@ssda903_rule("INT01", fields=("CHILD",))
def adoption_child_not_in_header(t: Tables) -> pl.DataFrame:
    return _not_in_header(t, "AD1")


@ssda903_rule("INT02", fields=("CHILD",))
def placed_for_adoption_child_not_in_header(t: Tables) -> pl.DataFrame:
    return _not_in_header(t, "PlacedAdoption")


@ssda903_rule("INT03", fields=("CHILD",))
def episodes_child_not_in_header(t: Tables) -> pl.DataFrame:
    return _not_in_header(t, "Episodes")


@ssda903_rule("INT04", fields=("CHILD",))
def missing_child_not_in_header(t: Tables) -> pl.DataFrame:
    return _not_in_header(t, "Missing")


@ssda903_rule("INT05", fields=("CHILD",))
def oc2_child_not_in_header(t: Tables) -> pl.DataFrame:
    return _not_in_header(t, "OC2")


@ssda903_rule("INT06", fields=("CHILD",))
def oc3_child_not_in_header(t: Tables) -> pl.DataFrame:
    return _not_in_header(t, "OC3")


@ssda903_rule("INT07", fields=("CHILD",))
def previous_permanence_child_not_in_header(t: Tables) -> pl.DataFrame:
    return _not_in_header(t, "PrevPerm")


@ssda903_rule("INT08", fields=("CHILD",))
def reviews_child_not_in_header(t: Tables) -> pl.DataFrame:
    return _not_in_header(t, "Reviews")


@ssda903_rule("INT09", fields=("CHILD",))
def uasc_child_not_in_header(t: Tables) -> pl.DataFrame:
    return _not_in_header(t, "UASC")


@ssda903_rule("INT11", fields=("DOB",))
def adoption_birth_date_differs_from_header(t: Tables) -> pl.DataFrame:
    return _differs_from_header(t, "AD1", "DOB")


@ssda903_rule("INT12", fields=("DOB",))
def placed_for_adoption_birth_date_differs_from_header(t: Tables) -> pl.DataFrame:
    return _differs_from_header(t, "PlacedAdoption", "DOB")


@ssda903_rule("INT13", fields=("DOB",))
def missing_birth_date_differs_from_header(t: Tables) -> pl.DataFrame:
    return _differs_from_header(t, "Missing", "DOB")


@ssda903_rule("INT14", fields=("DOB",))
def oc2_birth_date_differs_from_header(t: Tables) -> pl.DataFrame:
    return _differs_from_header(t, "OC2", "DOB")


@ssda903_rule("INT15", fields=("DOB",))
def oc3_birth_date_differs_from_header(t: Tables) -> pl.DataFrame:
    return _differs_from_header(t, "OC3", "DOB")


@ssda903_rule("INT16", fields=("DOB",))
def previous_permanence_birth_date_differs_from_header(t: Tables) -> pl.DataFrame:
    return _differs_from_header(t, "PrevPerm", "DOB")


@ssda903_rule("INT17", fields=("DOB",))
def reviews_birth_date_differs_from_header(t: Tables) -> pl.DataFrame:
    return _differs_from_header(t, "Reviews", "DOB")


@ssda903_rule("INT18", fields=("DOB",))
def uasc_birth_date_differs_from_header(t: Tables) -> pl.DataFrame:
    return _differs_from_header(t, "UASC", "DOB")


@ssda903_rule("INT21", fields=("SEX",))
def uasc_sex_differs_from_header(t: Tables) -> pl.DataFrame:
    return _differs_from_header(t, "UASC", "SEX")


@ssda903_rule("INT31", fields=("CHILD",))
def child_more_than_once_in_adoption(t: Tables) -> pl.DataFrame:
    return _more_than_once(t, "AD1")


@ssda903_rule("INT32", fields=("CHILD",))
def child_more_than_once_in_header(t: Tables) -> pl.DataFrame:
    return _more_than_once(t, "Header")


@ssda903_rule("INT33", fields=("CHILD",))
def child_more_than_once_in_oc2(t: Tables) -> pl.DataFrame:
    return _more_than_once(t, "OC2")


@ssda903_rule("INT34", fields=("CHILD",))
def child_more_than_once_in_oc3(t: Tables) -> pl.DataFrame:
    return _more_than_once(t, "OC3")


@ssda903_rule("INT35", fields=("CHILD",))
def child_more_than_once_in_previous_permanence(t: Tables) -> pl.DataFrame:
    return _more_than_once(t, "PrevPerm")


@ssda903_rule("INT36", fields=("CHILD",))
def child_more_than_once_in_uasc(t: Tables) -> pl.DataFrame:
    return _more_than_once(t, "UASC")


UNIMPLEMENTED: dict[str, str] = {}
