"""Hostile import files (issue 12, findings 8, 9 and 12): every one is refused with a clear
problem naming the file, where in it and the field, and nothing is written; never a traceback.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sightline.returns.cin_census import import_cin_census
from sightline.returns.cin_xml import to_xml
from sightline.returns.files import Problem, ReturnFileError
from sightline.returns.ssda903 import import_ssda903
from tests.returns.ssda903_helpers import row_counts, write_tables
from tests.returns.test_cin_census import AS_OF
from tests.returns.test_cin_census import small_return as small_cin
from tests.returns.test_ssda903_import import small_return as small_903

pytestmark = pytest.mark.django_db


def arabic(text: str) -> str:
    """ASCII digits written as Arabic-Indic ones (which str.isdigit and \\d also take)."""
    return "".join(chr(0x0660 + int(c)) if c.isascii() and c.isdigit() else c for c in text)


UNICODE_DIGITS = ["\u00b2", "\u2460", arabic("3"), arabic("20"), "9" * 5000]


def refused(run: object) -> list[Problem]:
    before = row_counts()
    with pytest.raises(ReturnFileError) as caught:
        run()  # type: ignore[operator]
    assert row_counts() == before
    return caught.value.problems


def cin_file(tmp_path: Path, old: str, new: str, count: int = 1) -> Path:
    xml = to_xml(small_cin()).decode()
    assert old in xml
    path = tmp_path / "cin.xml"
    path.write_text(xml.replace(old, new, count), encoding="utf-8")
    return path


def cin_problems(path: Path) -> list[Problem]:
    return refused(lambda: import_cin_census(path, today=AS_OF))


def named(problems: list[Problem], field: str) -> list[Problem]:
    found = [p for p in problems if p.field == field]
    assert found, [str(p)[:200] for p in problems]
    assert all(p.file and p.location and len(p.message) < 400 for p in found)
    return found


# --- CIN census ------------------------------------------------------------------------------


@pytest.mark.parametrize("digits", UNICODE_DIGITS)
def test_a_cin_number_of_previous_plans_in_other_digits_or_too_long_is_a_clear_error(
    tmp_path: Path, digits: str
) -> None:
    path = cin_file(
        tmp_path,
        "<NumberOfPreviousCPP>0</NumberOfPreviousCPP>",
        f"<NumberOfPreviousCPP>{digits}</NumberOfPreviousCPP>",
    )
    named(cin_problems(path), "NumberOfPreviousCPP")


@pytest.mark.parametrize("digits", UNICODE_DIGITS)
def test_a_cin_header_year_in_other_digits_or_too_long_is_a_clear_error(
    tmp_path: Path, digits: str
) -> None:
    path = cin_file(tmp_path, "<Year>2026</Year>", f"<Year>{digits}</Year>")
    named(cin_problems(path), "Year")


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("<PersonBirthDate>2015-06-01<", "<PersonBirthDate>0001-01-01<", "PersonBirthDate"),
        ("<PersonBirthDate>2015-06-01<", "<PersonBirthDate>1899-12-31<", "PersonBirthDate"),
        ("<PersonBirthDate>2015-06-01<", "<PersonBirthDate>9999-06-01<", "PersonBirthDate"),
        ("<CINreferralDate>2025-05-01<", "<CINreferralDate>1999-12-31<", "CINreferralDate"),
        (
            "<AssessmentAuthorisationDate>2025-06-10<",
            "<AssessmentAuthorisationDate>9999-06-10<",
            "AssessmentAuthorisationDate",
        ),
        ("<CPPreviewDate>2025-10-01<", "<CPPreviewDate>2036-01-02<", "CPPreviewDate"),
        (
            "<CINreferralDate>2025-05-01<",
            f"<CINreferralDate>{arabic('2025')}-05-01<",
            "CINreferralDate",
        ),
    ],
)
def test_implausible_cin_dates_are_refused_naming_the_field(
    tmp_path: Path, old: str, new: str, field: str
) -> None:
    problems = named(cin_problems(cin_file(tmp_path, old, new)), field)
    assert any("plausible" in p.message or "date" in p.message for p in problems)


def test_an_entity_reference_in_a_typed_element_is_refused(tmp_path: Path) -> None:
    xml = to_xml(small_cin()).decode()
    xml = xml.replace(
        "<Message>", '<!DOCTYPE Message [<!ENTITY d "2025-05-01">]>\n<Message>', 1
    ).replace("<CINreferralDate>2025-05-01<", "<CINreferralDate>&d;<")
    path = tmp_path / "entity.xml"
    path.write_text(xml)
    problems = cin_problems(path)
    assert any(p.field == "CINreferralDate" and "entity" in p.message for p in problems)


def test_an_xinclude_is_refused_and_not_followed(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("2025-05-01")
    path = cin_file(
        tmp_path,
        "<Sex>F</Sex>",
        "<Sex>F</Sex><xi:include xmlns:xi='http://www.w3.org/2001/XInclude' "
        f"href='{secret}' parse='text'/>",
    )
    problems = cin_problems(path)
    assert any(p.field == "xi:include" for p in problems), problems


def test_a_cin_upn_in_other_digits_is_refused(tmp_path: Path) -> None:
    value = "A" + arabic("3" * 11) + "A"  # the schema's pattern (\\d) takes any script's digits
    path = cin_file(
        tmp_path, "<LAchildID>A1</LAchildID>", f"<LAchildID>A1</LAchildID><UPN>{value}</UPN>"
    )
    named(cin_problems(path), "UPN")


# --- SSDA903 ---------------------------------------------------------------------------------


def ssda903_problems(tmp_path: Path, tables: dict[str, list[dict[str, str]]]) -> list[Problem]:
    directory = write_tables(tmp_path / "in", tables)
    return refused(lambda: import_ssda903(directory))


def with_oc2(score: str) -> dict[str, list[dict[str, str]]]:
    tables = small_903()
    tables["oc2.csv"] = [{"CHILD": "A1", "DOB": "04/05/2012", "SDQ_SCORE": score}]
    return tables


@pytest.mark.parametrize("digits", UNICODE_DIGITS)
def test_an_sdq_score_in_other_digits_or_too_long_is_a_clear_error(
    tmp_path: Path, digits: str
) -> None:
    found = named(ssda903_problems(tmp_path, with_oc2(digits)), "SDQ_SCORE")
    assert found[0].file == "oc2.csv" and found[0].location == "line 2"


@pytest.mark.parametrize(
    ("table", "column", "value"),
    [
        ("header.csv", "DOB", "01/01/0001"),
        ("header.csv", "DOB", "31/12/1899"),
        ("episodes.csv", "DECOM", "01/06/9999"),
        ("episodes.csv", "DEC", "10/09/2036"),
        ("episodes.csv", "DECOM", "01/06/1999"),
        ("episodes.csv", "DECOM", arabic("01/06/2025")),
    ],
)
def test_implausible_ssda903_dates_are_refused_naming_the_field(
    tmp_path: Path, table: str, column: str, value: str
) -> None:
    tables = small_903()
    tables[table][0][column] = value
    found = named(ssda903_problems(tmp_path, tables), column)
    assert found[0].file == table


def test_ssda903_headers_that_collide_in_capitals_are_refused(tmp_path: Path) -> None:
    directory = write_tables(tmp_path / "in", small_903())
    text = (directory / "reviews.csv").read_text()
    (directory / "reviews.csv").write_text(text.replace("REVIEW_CODE", "review", 1))
    problems = refused(lambda: import_ssda903(directory))
    assert any(p.file == "reviews.csv" and "twice" in p.message for p in problems)


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("HOME_POST", "=1+1"),
        ("HOME_POST", "@A1"),
        ("PL_POST", "+GL1 1AA"),
        ("PL_POST", "-GL1"),
        ("PL_POST", "\t=1+1"),
        ("URN", "=1+1"),
        ("URN", "@SUM(A1)"),
        ("URN", "-1234567"),
        ("URN", arabic("SC123456")),
    ],
)
def test_formula_leading_postcodes_and_urns_are_refused_naming_the_field(
    tmp_path: Path, column: str, value: str
) -> None:
    tables = small_903()
    tables["episodes.csv"][0][column] = value
    found = named(ssda903_problems(tmp_path, tables), column)
    assert (found[0].file, found[0].location) == ("episodes.csv", "line 2")


@pytest.mark.parametrize("value", ['=HYPERLINK("x")', "@A1", "+1", "-1"])
def test_a_formula_leading_previous_permanence_la_is_refused(tmp_path: Path, value: str) -> None:
    tables = small_903()
    tables["previous_permanence.csv"] = [
        {"CHILD": "A1", "DOB": "04/05/2012", "PREV_PERM": "P1", "LA_PERM": value}
    ]
    named(ssda903_problems(tmp_path, tables), "LA_PERM")


# --- Duplicate rows (finding 8) --------------------------------------------------------------


def a1_row(table: str, **values: str) -> dict[str, str]:
    return {"CHILD": "A1", "DOB": "04/05/2012", **values}


DUPLICABLE = {
    "reviews.csv": a1_row("reviews.csv", REVIEW="01/07/2025", REVIEW_CODE="PN1"),
    "missing.csv": a1_row("missing.csv", MISSING="M", MIS_START="03/10/2025", MIS_END="03/10/2025"),
    "oc3.csv": a1_row("oc3.csv", IN_TOUCH="YES", ACTIV="F2", ACCOM="B1"),
    "uasc.csv": {"CHILD": "A1", "SEX": "F", "DOB": "04/05/2012", "DUC": ""},
    "placed_for_adoption.csv": a1_row("placed_for_adoption.csv", DATE_PLACED="01/08/2025"),
    "sw_episodes.csv": a1_row(
        "sw_episodes.csv", SW_ID="SW9100001", SW_DECOM="01/06/2025", SW_REASON="FCONTA"
    ),
    "previous_permanence.csv": a1_row("previous_permanence.csv", PREV_PERM="Z1"),
}


@pytest.mark.parametrize("table", sorted(DUPLICABLE))
def test_a_row_given_twice_is_refused_in_every_ssda903_table(tmp_path: Path, table: str) -> None:
    tables = small_903()
    tables[table] = [DUPLICABLE[table]] * 3
    problems = ssda903_problems(tmp_path, tables)
    again = [p for p in problems if p.file == table and "line 2" in p.message]
    assert [p.location for p in again] == ["line 3", "line 4"], [str(p) for p in problems]


# --- Found by the fuzz test (test_import_fuzz.py) --------------------------------------------


@pytest.mark.parametrize("value", [arabic("SW9100001"), "SW" + "\u0669" * 7, "SW\u00b2"])
def test_a_social_worker_id_in_other_digits_is_refused_not_stored(
    tmp_path: Path, value: str
) -> None:
    tables = small_903()
    tables["sw_episodes.csv"] = [
        a1_row("sw_episodes.csv", SW_ID=value, SW_DECOM="01/06/2025", SW_REASON="FCONTA")
    ]
    found = named(ssda903_problems(tmp_path, tables), "SW_ID")
    assert (found[0].file, found[0].location) == ("sw_episodes.csv", "line 2")


@pytest.mark.parametrize("column", ["MOTHER", "ETHNIC"])
def test_a_long_ssda903_value_is_refused_without_being_echoed_whole(
    tmp_path: Path, column: str
) -> None:
    tables = small_903()
    tables["header.csv"][0][column] = "9" * 5000
    found = named(ssda903_problems(tmp_path, tables), column)
    assert all(len(str(p)) < 200 for p in found), [len(str(p)) for p in found]


@pytest.mark.parametrize(
    ("old", "field"),
    [("<Sex>F</Sex>", "Sex"), ("<ReferralNFA>0</ReferralNFA>", "ReferralNFA")],
)
def test_a_long_cin_value_is_refused_without_being_echoed_whole(
    tmp_path: Path, old: str, field: str
) -> None:
    """With the year unreadable no schema applies: Sightline's own checks see the value."""
    xml = to_xml(small_cin()).decode().replace("<Year>2026<", "<Year>x<")
    xml = xml.replace("<ReferenceDate>2026-03-31<", "<ReferenceDate>2026-03-32<")
    path = tmp_path / "cin.xml"
    path.write_text(xml.replace(old, old.replace(">", ">" + "9" * 5000, 1)), encoding="utf-8")
    found = named(cin_problems(path), field)
    assert all(len(str(p)) < 200 for p in found), [str(p)[:300] for p in found]


@pytest.mark.parametrize(
    "extra",
    [
        "".join(f",X{i}" for i in range(2000)),  # unexpected columns
        "".join(f",X{i},x{i}" for i in range(2000)),  # columns named twice
    ],
)
def test_a_header_row_of_thousands_of_columns_is_refused_in_a_short_problem(
    tmp_path: Path, extra: str
) -> None:
    directory = write_tables(tmp_path / "in", small_903())
    text = (directory / "header.csv").read_text()
    (directory / "header.csv").write_text(text.replace("\n", extra + "\n", 1))
    problems = refused(lambda: import_ssda903(directory))
    assert [(p.file, p.location) for p in problems] == [("header.csv", "line 1")]
    assert len(problems[0].message) < 400, problems[0].message[:400]


def test_blank_lines_are_skipped_without_being_held(tmp_path: Path) -> None:
    """Blank lines are skipped as they are read: 10 MB of them once took 890 MB and 14 s (every
    line held as a string, then as a list). 300,000 more of them cost less than their bytes."""
    import tracemalloc

    peaks = []
    for blank in (0, 300_000):
        directory = write_tables(tmp_path / f"blank{blank}", small_903())
        with (directory / "episodes.csv").open("a") as handle:
            handle.write("\n" * blank)
        tracemalloc.start()
        try:
            import_ssda903(directory)
            peaks.append(tracemalloc.get_traced_memory()[1])
        finally:
            tracemalloc.stop()
    assert peaks[1] - peaks[0] < 300_000, peaks


def test_a_section_47_enquiry_starting_before_the_last_ones_conference_is_refused(
    tmp_path: Path,
) -> None:
    """Found by the fuzz test: a <Section47> given twice was stored as a second strategy
    discussion and enquiry on the same day, begun while the first was open until its initial
    conference (only an enquiry with neither conference nor 'not required' counted as open)."""
    xml = to_xml(small_cin()).decode()
    start, end = xml.index("<Section47>"), xml.index("</Section47>") + len("</Section47>")
    path = tmp_path / "cin.xml"
    path.write_text(xml[:end] + xml[start:end] + xml[end:], encoding="utf-8")
    found = named(cin_problems(path), "S47ActualStartDate")
    assert [p.location for p in found] == [
        "Child[1]/CINdetails[1]/Section47[2]/S47ActualStartDate"
    ], [str(p) for p in found]


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("<LEA>916</LEA>", "<LEA>" + "9" * 5000 + "</LEA>", "LEA"),
        (
            "<LAchildID>B2</LAchildID>",
            "<LAchildID>" + "A" * 5000 + "</LAchildID>",
            "LAchildID",
        ),
    ],
)
def test_a_long_cin_header_or_id_is_named_not_echoed(
    tmp_path: Path, old: str, new: str, field: str
) -> None:
    xml = to_xml(small_cin()).decode().replace(old, new)
    if field == "LAchildID":  # twice, so that the second is named as the first's copy
        xml = xml.replace("<LAchildID>A1</LAchildID>", new)
    path = tmp_path / "cin.xml"
    path.write_text(xml, encoding="utf-8")
    found = named(cin_problems(path), field)
    assert all(len(str(p)) < 600 for p in found), [str(p)[:300] for p in found]
