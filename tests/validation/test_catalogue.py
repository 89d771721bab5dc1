"""Every rule in the DfE lists is either checked or listed as not checked, with the reason, in
docs/validation-rules.md (kept equal to `sightline validate rules`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sightline.validation.catalogue import listed_codes, markdown
from sightline.validation.rules import (
    ERROR,
    QUERY,
    not_implemented,
    registered,
    rule_list,
    rules_for,
)
from sightline.validation.tables import CIN, SSDA903

DOC = Path(__file__).resolve().parents[2] / "docs" / "validation-rules.md"


@pytest.mark.parametrize("kind", [CIN, SSDA903])
def test_every_listed_rule_is_checked_or_its_absence_explained(kind: str) -> None:
    listed = set(listed_codes(kind))
    checked = set(registered(kind))
    explained = {code for code, why in not_implemented(kind).items() if why.strip()}
    assert not checked & explained, "a rule is both checked and listed as not checked"
    assert listed - checked - explained == set()
    assert (checked | explained) - listed == set()


def test_levels_and_messages_come_from_the_dfe_lists() -> None:
    cin = rule_list(CIN, 2026)
    assert cin["8840"].level == ERROR
    assert cin["8840"].message == "Child Protection Plan cannot start and end on the same day"
    assert cin["4009Q"].level == QUERY
    assert "(QUERY)" not in cin["4009Q"].message


def test_the_2026_27_ssda903_rules_add_the_deprivation_of_liberty_checks() -> None:
    codes_2026 = {r.code for r in rules_for(SSDA903, 2026)}
    codes_2027 = {r.code for r in rules_for(SSDA903, 2027)}
    assert "700" not in codes_2026
    assert {"700", "710"} <= codes_2027 or {"700", "710"} & set(not_implemented(SSDA903))


def test_the_documented_list_is_the_generated_one() -> None:
    assert DOC.read_text(encoding="utf-8") == markdown(), (
        "docs/validation-rules.md is out of date: run "
        "`DEBUG=1 .venv/bin/sightline validate rules > docs/validation-rules.md`"
    )


@pytest.mark.parametrize(("kind", "year"), [(CIN, 2026), (SSDA903, 2026), (SSDA903, 2027)])
def test_messages_are_the_dfe_s_without_the_public_tool_s_notes(kind: str, year: int) -> None:
    noted = {c: r.message for c, r in rule_list(kind, year).items() if "NOTE" in r.message}
    assert not noted
    if kind == SSDA903:
        listed = rule_list(kind, year)
        assert listed["228"].message == (
            "Ofsted Unique reference number (URN) is not valid for the episode end date"
        )
        assert listed["1001"].message.endswith("should not have care leaver information completed.")
