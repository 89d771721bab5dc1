"""Hostile files given to `sightline validate` (issue 12, findings 4 and 9): a clear error (exit 2
naming the file and line) or rule failures (exit 1), never a traceback, and never more memory
than a bound proportional to the file (decision 0014). The commands run in a subprocess under an
address-space limit, so a file that multiplies its rows fails here instead of taking the host."""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

import pytest

import sightline
from sightline.validation.files import Unreadable, read_cin_census, read_ssda903
from tests.returns.ssda903_helpers import write_tables
from tests.validation.test_command import CIN_XML

#: Address space for one `sightline validate` process: Python, Django and Polars take about a
#: gigabyte of it before reading anything; a file of a few megabytes must fit in the rest.
MEMORY_LIMIT = 2 * 1024**3
SOURCE = str(Path(sightline.__file__).resolve().parent.parent)


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def _validate(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sightline.cli", "validate", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        preexec_fn=_limited,
        env={
            "DJANGO_SETTINGS_MODULE": "sightline.settings",
            "DEBUG": "1",
            "PATH": "",
            "PYTHONPATH": SOURCE,  # this checkout's code, whichever the environment installs
        },
    )


def _cin_text() -> str:
    """The one-child census of test_command with a CIN plan too (CIN plans pair up in rules)."""
    return CIN_XML.format(cpp_end="2026-01-10").replace(
        "</CINdetails>",
        "<CINPlanDates><CINPlanStartDate>2026-01-11</CINPlanStartDate></CINPlanDates></CINdetails>",
    )


def _pasted(copies: int) -> str:
    """The census with its first <Child> pasted ``copies`` more times."""
    text = _cin_text()
    start, end = text.index("<Child>"), text.index("</Child>") + len("</Child>")
    return text[:end] + text[start:end] * copies + text[end:]


def _one_child_with_episodes(episodes: int) -> str:
    text = _cin_text()
    start, end = text.index("<CINdetails>"), text.index("</CINdetails>") + len("</CINdetails>")
    return text[:start] + text[start:end] * episodes + text[end:]


# --- Finding 4: one small file takes the host down ------------------------------------------


def test_a_cin_census_with_its_first_child_pasted_1000_times_is_checked_within_memory(
    tmp_path: Path,
) -> None:
    path = tmp_path / "pasted.xml"
    path.write_text(_pasted(1000), encoding="utf-8")
    done = _validate("cin-census", str(path))
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    assert done.returncode == 1, done.stderr[-3000:]
    lines = [line.split("\t")[:3] for line in done.stdout.splitlines()]
    assert ["8510", "error", "C1"] in lines  # the shared LA child ID, reported once
    assert lines.count(["8510", "error", "C1"]) == 1


def test_pasted_copies_of_a_child_are_distinct_children_with_the_failures_of_one(
    tmp_path: Path,
) -> None:
    from sightline.validation.engine import run

    one, many = tmp_path / "one.xml", tmp_path / "many.xml"
    one.write_text(_pasted(0), encoding="utf-8")
    many.write_text(_pasted(20), encoding="utf-8")
    tables, _ = read_cin_census(many)
    assert tables["ChildIdentifiers"]["_child"].to_list() == list(range(21))
    single = {(f.rule, f.child) for f in run(read_cin_census(one)[0])[0]}
    pasted = {(f.rule, f.child) for f in run(tables)[0]}
    assert pasted - single == {("8510", "C1"), ("1520", "C1")}  # shared LA child ID and UPN
    assert single - pasted == set()


def test_one_child_repeated_thousands_of_times_is_refused_naming_the_child_and_line(
    tmp_path: Path,
) -> None:
    path = tmp_path / "heavy.xml"
    path.write_text(_one_child_with_episodes(3000), encoding="utf-8")
    done = _validate("cin-census", str(path))
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    assert done.returncode == 2, done.stderr[-3000:]
    assert "heavy.xml: line 8: child C1" in done.stderr
    assert "decision 0014" in done.stderr


def _ssda903_child(directory: Path, copies: int) -> Path:
    dob = "01/06/2012"
    row = {"CHILD": "101", "DOB": dob}
    episode = {**row, "DECOM": "01/05/2025", "RNE": "S", "LS": "C2", "CIN": "N1", "PLACE": "U1"}
    return write_tables(
        directory,
        {
            "header.csv": [{**row, "SEX": "1", "ETHNIC": "WBRI", "UPN": "UN1"}] * copies,
            "episodes.csv": [episode] * copies,
            "reviews.csv": [{**row, "REVIEW": "01/08/2025", "REVIEW_CODE": "PN1"}] * copies,
            "missing.csv": [{**row, "MISSING": "M", "MIS_START": "02/06/2025"}] * copies,
        },
    )


def test_an_ssda903_child_pasted_1000_times_is_refused_within_memory(tmp_path: Path) -> None:
    done = _validate("ssda903", str(_ssda903_child(tmp_path / "903", 1000)), "--year", "2026")
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    assert done.returncode == 2, done.stderr[-3000:]
    assert ".csv: line 2: child 101 has 1,000" in done.stderr


def test_an_ssda903_child_repeated_a_few_times_is_checked_as_the_dfe_rules_say(
    tmp_path: Path,
) -> None:
    tables = read_ssda903(_ssda903_child(tmp_path / "903", 3), 2026)
    from sightline.validation.engine import run

    failures, crashed = run(tables)
    assert crashed == []
    assert ("INT32", "101") in {(f.rule, f.child) for f in failures}  # once in Header


def test_a_million_column_header_row_is_refused_at_once_within_memory(tmp_path: Path) -> None:
    directory = tmp_path / "903"
    directory.mkdir()
    (directory / "header.csv").write_text("," * 10_000_000 + "\n1,2\n", encoding="utf-8")
    done = _validate("ssda903", str(directory))
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    assert done.returncode == 2
    assert "header.csv: line 1: longer than 4,096 characters" in done.stderr


# --- Finding 9: tracebacks instead of errors -------------------------------------------------


@pytest.mark.parametrize(
    "year", ["²⁰²⁶", "①②", "٢٠٢٦", "2" * 5000], ids=["superscript", "circled", "arabic", "long"]
)
def test_a_header_year_not_in_ascii_digits_is_a_clear_error(tmp_path: Path, year: str) -> None:
    path = tmp_path / "year.xml"
    text = _cin_text().replace("<ReferenceDate>2026-03-31</ReferenceDate>", "")
    path.write_text(text.replace("<Year>2026</Year>", f"<Year>{year}</Year>"), encoding="utf-8")
    with pytest.raises(Unreadable, match=r"year\.xml: the header has neither a ReferenceDate"):
        read_cin_census(path)


def test_a_reference_date_in_other_digits_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "reference.xml"
    text = _cin_text().replace("<Year>2026</Year>", "<Year>year</Year>")
    path.write_text(text.replace("<ReferenceDate>2026", "<ReferenceDate>²⁰²⁶"), encoding="utf-8")
    with pytest.raises(Unreadable, match=r"reference\.xml"):
        read_cin_census(path)


def test_an_entity_reference_in_a_typed_element_is_a_clear_error_naming_the_line(
    tmp_path: Path,
) -> None:
    path = tmp_path / "entity.xml"
    text = _cin_text().replace(
        "<Message>", '<!DOCTYPE Message [<!ENTITY d "2025-05-20">]>\n<Message>'
    )
    text = text.replace("<CPPstartDate>2025-05-20<", "<CPPstartDate>&d;<")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(Unreadable, match=r"entity.xml: line 17: CPPstartDate: .*&d;"):
        read_cin_census(path)


def test_an_xinclude_is_neither_followed_nor_a_crash(tmp_path: Path) -> None:
    # Passed before this change too: a guard that the reader never processes XInclude.
    path = tmp_path / "include.xml"
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-VALUE", encoding="utf-8")
    include = (
        f"<xi:include xmlns:xi='http://www.w3.org/2001/XInclude' href='{secret}' parse='text'/>"
    )
    path.write_text(_cin_text().replace("<Sex>F</Sex>", f"<Sex>{include}</Sex>"), encoding="utf-8")
    done = _validate("cin-census", str(path))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "SECRET-VALUE" not in done.stdout + done.stderr
    assert "schema\terror\tC1" in done.stdout


def test_ssda903_headers_that_collide_after_upper_casing_are_a_clear_error(
    tmp_path: Path,
) -> None:
    directory = _ssda903_child(tmp_path / "903", 1)
    (directory / "header.csv").write_text(
        "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB,child\n101,1,01/06/2012,WBRI,UN1,,,102\n",
        encoding="utf-8",
    )
    done = _validate("ssda903", str(directory), "--year", "2026")
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    assert done.returncode == 2
    assert "header.csv: line 1: columns 1 and 8 are both 'CHILD'" in done.stderr
