"""`sightline validate cin-census FILE.xml` / `validate ssda903 DIR/`: the output lines, the
summary and the exit codes of CONTRACTS.md "Command-line outputs" (0 clean, 1 an error-level
failure, 2 unreadable input), on files Sightline exported and on files edited to break rules."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sightline.validation.files import Unreadable, read_cin_census, read_ssda903
from sightline.validation.tables import SSDA903_FILES, SSDA903_TABLES

CIN_XML = """<?xml version='1.0' encoding='UTF-8'?>
<Message>
  <Header>
    <CollectionDetails><Collection>CIN</Collection><Year>2026</Year><ReferenceDate>2026-03-31</ReferenceDate></CollectionDetails>
    <Source><SourceLevel>L</SourceLevel><LEA>916</LEA><SoftwareCode>Sightline</SoftwareCode><Release>0.1.0</Release><SerialNo>2026001</SerialNo><DateTime>2026-04-10T09:00:00</DateTime></Source>
  </Header>
  <Children>
    <Child>
      <ChildIdentifiers><LAchildID>C1</LAchildID><UPN>Q916355624439</UPN><PersonBirthDate>2015-06-01</PersonBirthDate><Sex>F</Sex></ChildIdentifiers>
      <ChildCharacteristics><Ethnicity>WBRI</Ethnicity><Disabilities><Disability>NONE</Disability></Disabilities></ChildCharacteristics>
      <CINdetails>
        <CINreferralDate>2025-05-01</CINreferralDate><ReferralSource>1A</ReferralSource><PrimaryNeedCode>N1</PrimaryNeedCode>
        <Assessments><AssessmentActualStartDate>2025-05-02</AssessmentActualStartDate><AssessmentAuthorisationDate>2025-05-20</AssessmentAuthorisationDate><FactorsIdentifiedAtAssessment><AssessmentFactors>2A</AssessmentFactors><AssessmentFactors>3A</AssessmentFactors></FactorsIdentifiedAtAssessment></Assessments>
        <Section47><S47ActualStartDate>2025-05-03</S47ActualStartDate><InitialCPCtarget>2025-05-23</InitialCPCtarget><DateOfInitialCPC>2025-05-20</DateOfInitialCPC><ICPCnotRequired>0</ICPCnotRequired></Section47>
        <ReferralNFA>0</ReferralNFA>
        <ChildProtectionPlans><CPPstartDate>2025-05-20</CPPstartDate><CPPendDate>{cpp_end}</CPPendDate><InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse><LatestCategoryOfAbuse>NEG</LatestCategoryOfAbuse><NumberOfPreviousCPP>0</NumberOfPreviousCPP><Reviews><CPPreviewDate>2025-08-01</CPPreviewDate><CPPreviewDate>2025-11-01</CPPreviewDate></Reviews></ChildProtectionPlans>
      </CINdetails>
    </Child>
  </Children>
</Message>
"""


def _sightline(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sightline.cli", "validate", *args],
        capture_output=True,
        text=True,
        check=False,
        env={"DJANGO_SETTINGS_MODULE": "sightline.settings", "DEBUG": "1", "PATH": ""},
    )


def _cin(tmp_path: Path, cpp_end: str) -> Path:
    path = tmp_path / "cin.xml"
    path.write_text(CIN_XML.format(cpp_end=cpp_end), encoding="utf-8")
    return path


def test_the_reader_gives_the_tables_with_numbered_keys_and_one_row_per_review(
    tmp_path: Path,
) -> None:
    tables, schema = read_cin_census(_cin(tmp_path, "2026-01-10"))
    assert schema == []
    assert tables.meta.year == 2026
    assert tables["ChildIdentifiers"]["LAchildID"].to_list() == ["C1"]
    assert tables["AssessmentFactorsList"]["AssessmentFactor"].to_list() == ["2A", "3A"]
    assert tables["Reviews"].select("CINdetailsID", "CPPID").rows() == [(1, 1), (1, 1)]
    assert str(tables["ChildProtectionPlans"]["CPPendDate"][0]) == "2026-01-10"


def test_a_clean_file_exits_0_with_a_summary_line(tmp_path: Path) -> None:
    done = _sightline("cin-census", str(_cin(tmp_path, "2026-01-10")))
    errors = [line for line in done.stdout.splitlines() if "\terror\t" in line]
    assert done.returncode == 0, done.stdout + done.stderr
    assert errors == []
    assert done.stdout.splitlines()[-1].startswith("cin-census 2026: 0 error")


def test_a_failing_rule_is_one_tab_separated_line_and_exits_1(tmp_path: Path) -> None:
    done = _sightline("cin-census", str(_cin(tmp_path, "2025-05-20")))  # ends the day it starts
    lines = [line.split("\t") for line in done.stdout.splitlines()[:-1]]
    assert done.returncode == 1
    assert ["8840", "error", "C1", "CPPstartDate,CPPendDate"] in [line[:4] for line in lines]
    assert all(len(line) == 5 for line in lines)


def test_a_file_that_breaks_the_schema_is_reported_as_failures_not_refused(
    tmp_path: Path,
) -> None:
    done = _sightline("cin-census", str(_cin(tmp_path, "2026-13-45")))  # no such date
    assert done.returncode == 1
    schema = [line.split("\t") for line in done.stdout.splitlines() if line.startswith("schema")]
    assert schema and schema[0][2] == "C1"
    assert "CPPendDate" in schema[0][4]


def test_a_file_that_is_not_xml_exits_2_naming_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "nonsense.xml"
    bad.write_text("this is not XML", encoding="utf-8")
    done = _sightline("cin-census", str(bad))
    assert done.returncode == 2
    assert "nonsense.xml" in done.stderr and "Traceback" not in done.stderr


def _903(tmp_path: Path, ethnic: str) -> Path:
    out = tmp_path / "903"
    out.mkdir()
    for table, file in SSDA903_FILES.items():
        if table == "DoLo":
            continue
        (out / file).write_text(",".join(SSDA903_TABLES[table]) + "\n", encoding="utf-8")
    (out / "header.csv").write_text(
        "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n101,1,01/06/2012," + ethnic + ",UN1,,\n",
        encoding="utf-8",
    )
    return out


def test_an_ssda903_directory_is_read_by_header_rows_whatever_the_files_are_called(
    tmp_path: Path,
) -> None:
    directory = _903(tmp_path, "WBRI")
    (directory / "header.csv").rename(directory / "children-export.csv")
    tables = read_ssda903(directory, 2026)
    assert tables["Header"]["CHILD"].to_list() == ["101"]
    assert str(tables["Header"]["DOB"][0]) == "2012-06-01"


def test_an_invalid_code_in_ssda903_exits_1_and_names_the_child(tmp_path: Path) -> None:
    done = _sightline("ssda903", str(_903(tmp_path, "XXXX")), "--year", "2026")
    assert done.returncode == 1
    assert "103\terror\t101\tETHNIC\t" in done.stdout


def test_an_unrecognisable_ssda903_header_exits_2_with_the_file_and_line(tmp_path: Path) -> None:
    directory = _903(tmp_path, "WBRI")
    (directory / "mystery.csv").write_text("A,B,C\n1,2,3\n", encoding="utf-8")
    done = _sightline("ssda903", str(directory))
    assert done.returncode == 2
    assert "mystery.csv: line 1" in done.stderr


def test_an_unsupported_year_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(Unreadable, match="supported: 2025, 2026, 2027"):
        read_ssda903(_903(tmp_path, "WBRI"), 2031)


def test_previous_year_tables_are_read_for_the_rules_that_compare(tmp_path: Path) -> None:
    this_year = _903(tmp_path, "WBRI")
    last_year = tmp_path / "last"
    shutil.copytree(this_year, last_year)
    tables = read_ssda903(this_year, 2026, previous=last_year)
    assert tables.has_previous
    assert tables.previous("Header")["CHILD"].to_list() == ["101"]
