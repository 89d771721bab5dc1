"""The harness around the public DfE-rule validators, proved on small returns written by hand
(tests/returns/reference_fixtures/): a clean return passes with nothing at error level, and one
planted error is found by the rule that should find it. Needs ``make reference``."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.returns import reference
from tests.returns.reference import Failure, data_errors, run_903_validator, run_cin_validator

FIXTURES = Path(__file__).with_name("reference_fixtures")
CIN_XML = FIXTURES / "cin_census_2026.xml"
SSDA903_DIR = FIXTURES / "ssda903_2026"


@pytest.fixture(autouse=True)
def _reference_installed() -> None:
    reference.require_reference()


def _planted_cin(tmp_path: Path, old: str, new: str) -> Path:
    text = CIN_XML.read_text()
    assert text.count(old) == 1, old
    out = tmp_path / "cin.xml"
    out.write_text(text.replace(old, new))
    return out


def _planted_903(tmp_path: Path, table: str, old: str, new: str) -> Path:
    out = tmp_path / "903"
    shutil.copytree(SSDA903_DIR, out)
    text = (out / table).read_text()
    assert text.count(old) == 1, old
    (out / table).write_text(text.replace(old, new))
    return out


def _fired(failures: list[Failure]) -> set[tuple[str, str]]:
    return {(f.rule, f.la_child_id) for f in failures if f.level != "crash"}


# --- CIN census -------------------------------------------------------------------------------


def test_clean_cin_return_fires_only_the_small_return_query() -> None:
    failures = run_cin_validator(CIN_XML)
    assert data_errors(failures) == [], reference.summarise(failures)
    # 2887Q is return-level: "less than 8 disability codes have been used in your return"; a
    # three-child return cannot use eight. Nothing else fires, no rule crashes.
    assert [(f.rule, f.level, f.la_child_id) for f in failures] == [("2887Q", "query", "-")]


def test_cin_referral_after_the_census_end_is_found(tmp_path: Path) -> None:
    xml = _planted_cin(
        tmp_path,
        "<CINreferralDate>2025-06-02</CINreferralDate>",
        "<CINreferralDate>2026-04-15</CINreferralDate>",
    )
    errors = data_errors(run_cin_validator(xml))
    by_rule = {f.rule: f for f in errors}
    assert by_rule["8600"].la_child_id == "HAND0001"
    assert by_rule["8600"].fields == ("CINdetails.CINreferralDate",)
    assert by_rule["8600"].level == "error"
    # The assessment and the plan now start before the referral: also errors, the same child.
    assert {f.rule for f in errors} == {"8600", "1103", "4015"}
    assert {f.la_child_id for f in errors} == {"HAND0001"}


def test_cin_every_review_date_of_a_plan_is_checked(tmp_path: Path) -> None:
    """Quirk CIN-2: the validator's own reader keeps only the first CPPreviewDate of a
    <Reviews>; the runner splits them, so a bad third review date is still seen."""
    xml = _planted_cin(
        tmp_path,
        "<CPPreviewDate>2026-02-10</CPPreviewDate>",
        "<CPPreviewDate>2026-02-10</CPPreviewDate><CPPreviewDate>2025-05-20</CPPreviewDate>",
    )
    errors = data_errors(run_cin_validator(xml))
    assert _fired(errors) == {("8841", "HAND0002")}


def test_cin_namespaced_file_reads_the_same(tmp_path: Path) -> None:
    """Quirk CIN-1: the validator looks elements up by bare name; the runner strips namespaces."""
    xml = _planted_cin(tmp_path, "<Message>", '<Message xmlns="http://www.dfes.gov.uk/CIN">')
    assert _fired(run_cin_validator(xml)) == _fired(run_cin_validator(CIN_XML))


# --- SSDA903 ----------------------------------------------------------------------------------


def test_clean_903_return_has_no_data_error() -> None:
    failures = run_903_validator(SSDA903_DIR, 2026)
    assert data_errors(failures) == [], reference.summarise(failures)
    # What does fire, each the validator's own fault (docs/reference-validators.md):
    # rules 231 and 233 crash on a misnamed column; SW12STG2 flags HAND0101, whose social
    # worker came before care did, and HAND0102's open episode, which passes only once rule
    # 365 has written 31 March into the shared store.
    assert {(f.rule, f.level) for f in failures} == {
        ("231", "crash"),
        ("233", "crash"),
        ("SW12STG2", "error"),
    }
    sw12 = [f for f in failures if f.rule == "SW12STG2"]
    assert {f.mode for f in sw12} == {"isolated"}
    assert all(f.reference_fault for f in failures)


def test_903_invalid_rne_is_found(tmp_path: Path) -> None:
    csv_dir = _planted_903(
        tmp_path, "episodes.csv", "HAND0101,10/06/2025,S,", "HAND0101,10/06/2025,Q,"
    )
    errors = data_errors(run_903_validator(csv_dir, 2026))
    by_rule = {f.rule: f for f in errors}
    assert by_rule["143"].la_child_id == "HAND0101"
    assert by_rule["143"].fields == ("Episodes.RNE",)
    assert by_rule["143"].mode == "both"
    # Not S on the first episode ever (357), and, no longer starting care in the year, the
    # child reads as looked after for 12 months with no OC2 data (191).
    assert {f.rule for f in errors} == {"143", "357", "191"}


def test_903_crashing_rule_233_is_still_checked_through_its_shim(tmp_path: Path) -> None:
    """Quirk 903-2: rule 233 crashes on every file; run again with DEC aliased, a reason for a
    placement change on an episode that has not ceased is found (and the same reason missing
    from the episode that did cease, rule 225)."""
    csv_dir = _planted_903(
        tmp_path,
        "episodes.csv",
        "05/09/2025,X1,CARPL,GL1 1AA,GL2 0AA,XXXXXXX\nHAND0102,05/09/2025,P,V2,N4,U4,PR1,,,,",
        "05/09/2025,X1,,GL1 1AA,GL2 0AA,XXXXXXX\nHAND0102,05/09/2025,P,V2,N4,U4,PR1,,,CARPL,",
    )
    failures = run_903_validator(csv_dir, 2026)
    errors = data_errors(failures)
    assert {(f.rule, f.la_child_id) for f in errors} == {("233", "HAND0102"), ("225", "HAND0102")}
    (f233,) = [f for f in errors if f.rule == "233"]
    assert f233.shim and f233.mode == "isolated"
    (crash,) = [f for f in failures if f.rule == "233" and f.level == "crash"]
    assert "DATE_EPISODE_CEASED" in crash.message and crash.reference_fault


def test_903_previous_year_enables_the_rules_comparing_years(tmp_path: Path) -> None:
    without = reference.ssda903_report(SSDA903_DIR, 2026)
    with_previous = reference.ssda903_report(SSDA903_DIR, 2026, previous_dir=SSDA903_DIR)
    assert "NoE" in without.skipped
    assert "NoE" not in with_previous.skipped
    assert len(with_previous.skipped) < len(without.skipped)


# --- the harness itself -----------------------------------------------------------------------


def test_unreadable_input_is_not_reported_as_rule_failures(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_text("<Message><Header>")
    with pytest.raises(reference.ReferenceUnavailable, match="exited 2"):
        run_cin_validator(bad)


def test_every_known_fault_is_documented() -> None:
    doc = reference.DOC.read_text()
    headings = set(re.findall(r"^### ((?:CIN|903)-\d+)\b", doc, flags=re.MULTILINE))
    for (validator, rule), (_modes, reason) in reference.KNOWN_WRONG.items():
        tag = re.search(r"\(((?:CIN|903)-\d+)\)$", reason)
        assert tag, f"{validator} {rule}: the reason names no section"
        assert tag.group(1) in headings, f"{validator} {rule}: no section {tag.group(1)}"
        assert f"`{rule}`" in doc, f"{validator} {rule} is not named in the doc"
    assert "903-3" in headings


def test_pins_are_exact_and_installed() -> None:
    pins = {}
    for line in (reference.ROOT / "reference-validators.txt").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            assert version, f"not an exact pin: {line}"
            pins[name.lower()] = version
    assert pins["csc-validator-be-cin"] == "0.1.13"
    assert pins["csc-validator-be-903"] == "0.1.17"
    out = subprocess.run(
        [str(reference.reference_python()), "-m", "pip", "freeze", "--all"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    installed = {
        n.lower().replace("_", "-"): v for n, _, v in (x.partition("==") for x in out.split())
    }
    for name, version in pins.items():
        assert installed.get(name.replace("_", "-")) == version, name
