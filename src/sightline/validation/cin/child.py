"""CIN census rules on the child (ChildIdentifiers, ChildCharacteristics): UPN, LA child ID,
sex, ethnicity, dates of birth, expected birth and death, and age."""

from __future__ import annotations

from datetime import timedelta

import polars as pl

from sightline.validation.cin.helpers import CHILD, in_year
from sightline.validation.common import (
    collection_end,
    is_in,
    lit_date,
    missing,
    present,
)
from sightline.validation.rules import cin_rule
from sightline.validation.tables import Tables

_CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"


def _la_codes() -> list[str]:
    ranges = [
        (201, 213), (301, 320), (330, 336), (340, 344), (350, 359), (370, 373), (380, 384),
        (390, 394), (660, 681), (701, 708), (800, 803), (805, 808), (810, 813), (820, 823),
        (835, 839), (850, 852), (855, 857), (865, 896), (935, 938), (940, 941),
    ]  # fmt: skip
    singles = [
        420, 815, 816, 825, 826, 830, 831, 840, 841, 845, 846, 860, 861, 908, 909, 916, 919,
        921, 925, 926, 928, 929, 931, 933, 942, 943,
    ]  # fmt: skip
    codes = [f"00{x}" for x in range(1, 6)]
    codes += [str(x) for lo, hi in ranges for x in range(lo, hi + 1)]
    return codes + [str(x) for x in singles]


UPN_LA_CODES = tuple(_la_codes())


UPN_LAST_CHARACTERS = tuple("ABCDEFGHJKLMNPQRTUVWYXZ0123456789")


ETHNICITY = (
    "ABAN", "AIND", "AOTH", "APKN", "BAFR", "BCRB", "BOTH", "CHNE", "MOTH", "MWAS", "MWBA",
    "MWBC", "NOBT", "OOTH", "REFU", "WBRI", "WIRI", "WIRT", "WOTH", "WROM",
)  # fmt: skip


@cin_rule("1510", fields=("UPN",))
def upn_check_letter_wrong(t: Tables) -> pl.DataFrame:
    upn = pl.col("UPN")
    candidates = t["ChildIdentifiers"].filter(
        (upn.str.len_chars() == 13) & upn.str.slice(1).str.contains(r"^[0-9]{12}$")
    )
    total = pl.sum_horizontal([upn.str.slice(i, 1).cast(pl.Int64) * (i + 1) for i in range(1, 13)])
    check = pl.lit(list(_CHECK_LETTERS)).list.get(total % 23)
    return candidates.filter(check != upn.str.slice(0, 1))


@cin_rule("1520", fields=("UPN",))
def upn_shared_by_more_than_one_child(t: Tables) -> pl.DataFrame:
    ids = t["ChildIdentifiers"].filter(pl.col("UPN").is_not_null())
    return ids.filter(pl.len().over("UPN") > 1)


@cin_rule("1530", fields=("UPN",))
def upn_la_code_not_recognised(t: Tables) -> pl.DataFrame:
    upn = pl.col("UPN")
    return t["ChildIdentifiers"].filter(
        (upn.str.len_chars() == 13) & ~upn.str.slice(1, 3).is_in(UPN_LA_CODES)
    )


@cin_rule("1540", fields=("UPN",))
def upn_characters_5_to_12_not_numeric(t: Tables) -> pl.DataFrame:
    upn = pl.col("UPN")
    return t["ChildIdentifiers"].filter(
        upn.is_not_null() & ~upn.str.slice(4, 8).str.contains(r"^\d+$")
    )


@cin_rule("1550", fields=("UPN",))
def upn_character_13_not_recognised(t: Tables) -> pl.DataFrame:
    upn = pl.col("UPN")
    return t["ChildIdentifiers"].filter(
        (upn.str.len_chars() == 13) & ~upn.str.slice(12, 1).is_in(UPN_LAST_CHARACTERS)
    )


@cin_rule("1560Q", fields=("FormerUPN",))
def former_upn_wrongly_formatted(t: Tables) -> pl.DataFrame:
    former = pl.col("FormerUPN")
    return t["ChildIdentifiers"].filter(
        former.is_not_null()
        & (
            (former.str.len_chars() != 13)
            | ~former.str.slice(1).str.contains(r"^\d+$")
            | ~former.str.contains(r"^\p{L}")
        )
    )


@cin_rule("1570", fields=("LAchildID",))
def la_child_id_longer_than_20_characters(t: Tables) -> pl.DataFrame:
    return t["ChildIdentifiers"].filter(pl.col("LAchildID").str.len_chars() > 20)


@cin_rule("1580", fields=("LAchildID",))
def la_child_id_not_alphanumeric(t: Tables) -> pl.DataFrame:
    return t["ChildIdentifiers"].filter(~pl.col("LAchildID").str.contains(r"^[\p{L}\p{N}]+$"))


@cin_rule("2886Q", fields=("Sex", "ExpectedPersonBirthDate"), scope="return")
def more_than_2_percent_without_sex(t: Tables) -> pl.DataFrame:
    ids = t["ChildIdentifiers"]
    unknown = (pl.col("Sex").is_null() | (pl.col("Sex") == "U")) & pl.col(
        "ExpectedPersonBirthDate"
    ).is_null()
    share = unknown.sum() / pl.len()
    return ids.select(n=pl.len(), share=share).filter((pl.col("n") > 0) & (pl.col("share") > 0.02))


@cin_rule("4180", fields=("Sex",))
def sex_missing_or_invalid(t: Tables) -> pl.DataFrame:
    return t["ChildIdentifiers"].filter(~is_in("Sex", ("M", "F", "U")))


@cin_rule("4220", fields=("Ethnicity",))
def ethnicity_missing_or_invalid(t: Tables) -> pl.DataFrame:
    return t["ChildCharacteristics"].filter(~is_in("Ethnicity", ETHNICITY))


@cin_rule("8500", fields=("LAchildID",))
def la_child_id_missing(t: Tables) -> pl.DataFrame:
    return t["ChildIdentifiers"].filter(pl.col("LAchildID").is_null())


@cin_rule("8510", fields=("LAchildID",))
def la_child_id_shared_by_more_than_one_child(t: Tables) -> pl.DataFrame:
    return t["ChildIdentifiers"].filter(pl.len().over("LAchildID") > 1)


@cin_rule("8520", fields=("PersonBirthDate",))
def born_after_collection_year(t: Tables) -> pl.DataFrame:
    return t["ChildIdentifiers"].filter(pl.col("PersonBirthDate") > lit_date(t.meta.collection_end))


@cin_rule("8525Q", fields=("PersonBirthDate", "ExpectedPersonBirthDate"))
def birth_date_and_expected_birth_date_both_or_neither(t: Tables) -> pl.DataFrame:
    born = pl.col("PersonBirthDate").is_not_null()
    expected = pl.col("ExpectedPersonBirthDate").is_not_null()
    return t["ChildIdentifiers"].filter(born == expected)


@cin_rule("8530Q", fields=("ExpectedPersonBirthDate",))
def expected_birth_date_out_of_range(t: Tables) -> pl.DataFrame:
    end = t.meta.collection_end
    expected = pl.col("ExpectedPersonBirthDate")
    return t["ChildIdentifiers"].filter(
        (expected >= lit_date(end).dt.offset_by("9mo"))
        | (expected <= lit_date(end - timedelta(days=30)))
    )


@cin_rule("8535Q", fields=("PersonDeathDate", "PersonBirthDate"))
def death_before_birth(t: Tables) -> pl.DataFrame:
    birth = pl.col("PersonBirthDate")
    return t["ChildIdentifiers"].filter(
        pl.col("PersonDeathDate").is_not_null()
        & ((birth > pl.col("PersonDeathDate")).fill_null(False) | birth.is_null())
    )


@cin_rule("8545Q", fields=("PersonDeathDate",))
def death_outside_collection_year(t: Tables) -> pl.DataFrame:
    death = pl.col("PersonDeathDate")
    return t["ChildIdentifiers"].filter(death.is_not_null() & ~in_year(t, "PersonDeathDate"))


@cin_rule("8590", fields=("LAchildID",))
def child_without_cin_episode(t: Tables) -> pl.DataFrame:
    return t["ChildIdentifiers"].join(t["CINdetails"], on=CHILD, how="anti", nulls_equal=True)


@cin_rule("8750", fields=("Sex", "PersonBirthDate", "ExpectedPersonBirthDate"))
def unborn_child_sex_not_u(t: Tables) -> pl.DataFrame:
    return t["ChildIdentifiers"].filter(
        missing("PersonBirthDate")
        & present("ExpectedPersonBirthDate")
        & (pl.col("Sex") != "U").fill_null(True)
    )


@cin_rule("8770Q", fields=("UPN", "UPNunknown"))
def school_age_child_without_upn_or_reason(t: Tables) -> pl.DataFrame:
    # School age: born on or before 31 August six years before the September after the census.
    born_by = collection_end(t).dt.offset_by("4mo").dt.offset_by("31d").dt.offset_by("-6y")
    further_action = t["CINdetails"].filter(
        (pl.col("ReferralNFA") == "0").fill_null(False)
        | (pl.col("ReferralNFA").str.to_lowercase() == "false").fill_null(False)
    )
    reasons = ("UN2", "UN3", "UN4", "UN5", "UN6", "UN7")
    return (
        t["ChildIdentifiers"]
        .filter(pl.col("PersonBirthDate") <= born_by)
        .join(further_action.select(CHILD).unique(), on=CHILD, how="semi")
        .filter(
            missing("UPN")
            & ~pl.col("UPNunknown").str.to_uppercase().is_in(list(reasons)).fill_null(False)
        )
    )


@cin_rule("8775Q", fields=("PersonBirthDate", "CINclosureDate"))
def child_over_25(t: Tables) -> pl.DataFrame:
    return (
        t["ChildIdentifiers"]
        .filter(pl.col("PersonBirthDate") < collection_end(t).dt.offset_by("-25y"))
        .select(*CHILD, "PersonBirthDate")
        .join(t["CINdetails"].select(*CHILD, "CINclosureDate"), on=CHILD, how="inner")
        .filter(
            missing("CINclosureDate")
            | (pl.col("CINclosureDate") > pl.col("PersonBirthDate").dt.offset_by("25y"))
        )
    )


UNIMPLEMENTED: dict[str, str] = {}
