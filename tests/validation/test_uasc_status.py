"""Rules 392a, 392b and 406 read a child's UASC status, this year's and last year's, the same
way (issue 13, finding 5: 392b read last year's differently)."""

from __future__ import annotations

from sightline.validation.engine import failing_children
from sightline.validation.rules import registered
from sightline.validation.tables import SSDA903, tables_from_rows
from tests.validation.ssda903_cases_postcodes import LA, ep, hd


def flagged(code: str, previous: dict) -> set[str]:
    episodes = [ep("1", None, home=None), ep("2", None, home=None)]
    tables = tables_from_rows(
        SSDA903,
        2026,
        {"Episodes": episodes, "Header": [hd("1"), hd("2")], "UASC": []},
        previous=previous,
        la_code=LA,
    )
    return set(failing_children(registered(SSDA903)[code], tables))


def test_392b_knows_a_child_formerly_uasc_from_last_year_s_uasc_table_alone() -> None:
    # Last year's return came without its header: the UASC table's rows say who was UASC,
    # as 392a and 406 read it.
    last_year = {"UASC": [{"CHILD": "1", "SEX": "M", "DOB": "01/01/2010"}]}
    assert flagged("392a", last_year) == {"2"}
    assert flagged("392b", last_year) == {"2"}


def test_392b_knows_a_child_formerly_uasc_from_last_year_s_header_and_uasc_table() -> None:
    last_year = {"Header": [hd("1"), hd("2")], "UASC": [{"CHILD": "1", "DOB": "01/01/2010"}]}
    assert flagged("392a", last_year) == {"2"}
    assert flagged("392b", last_year) == {"2"}
