"""Rule 1001 on the live records, which hold a care leaver's whole care history (issue 13,
finding 14 children on the demo): a care leaver of 20 or 21 is measured like any other."""

from __future__ import annotations

from sightline.validation.engine import failing_children
from sightline.validation.rules import registered
from sightline.validation.tables import SSDA903, frame, tables_from_rows


def _flagged(earlier: dict[str, list[str | None]] | None) -> set[str]:
    # Year 2027 ends 31/03/2027; both young people are 20 by then and in OC3.
    tables = tables_from_rows(
        SSDA903,
        2027,
        {
            "Header": [
                {"CHILD": "left", "DOB": "01/06/2006"},
                {"CHILD": "young", "DOB": "01/06/2006"},
                {"CHILD": "other", "DOB": "01/06/2010"},
            ],
            "Episodes": [{"CHILD": "other", "DECOM": "01/05/2026", "LS": "C2", "RNE": "S"}],
            "OC3": [{"CHILD": "left", "IN_TOUCH": "YES"}, {"CHILD": "young", "IN_TOUCH": "YES"}],
        },
        previous={
            "Episodes": [{"CHILD": "other", "DECOM": "01/05/2025", "DEC": "02/05/2025", "LS": "C2"}]
        },
    )
    if earlier is not None:
        tables.earlier_episodes = frame(SSDA903, "Episodes", earlier)
    return set(failing_children(registered(SSDA903)["1001"], tables))


def test_1001_measures_a_care_leaver_of_20_from_the_whole_care_history() -> None:
    earlier = {
        # looked after from 16 to 17: a former relevant child
        "CHILD": ["left", "young"],
        "DECOM": ["31/08/2022", "01/01/2015"],
        "DEC": ["22/09/2023", "01/06/2016"],
        "LS": ["C2", "C2"],
        "REC": ["E45", "E4A"],
    }
    # "young" was looked after only as a child of 8 to 10: not relevant, so flagged.
    assert _flagged(earlier) == {"young"}
