"""The streaming xlsx writer behind Annex A (decision 0033): what openpyxl reads back is what
was written, cell by cell. No database."""

from __future__ import annotations

from datetime import date, datetime
from io import BytesIO
from pathlib import Path

from openpyxl import load_workbook

from sightline.core import xlsx

AWKWARD = [
    "Children & Families <North>",
    "  leading and trailing spaces  ",
    "Zoë Ó Briain",
    "tab\tin the middle",
    'a "quote" and an apostrophe\'s',
]


def test_text_numbers_dates_and_blanks_read_back_as_written(tmp_path: Path) -> None:
    out = tmp_path / "book.xlsx"
    book = xlsx.Workbook(out)
    headers = [f"Column {n}" for n in range(30)]  # past Z: AA to AD
    row: list[object] = [None] * 30
    row[0:5] = AWKWARD
    row[5:11] = [date(2026, 11, 23), date(1900, 1, 1), date(1900, 3, 1), 0, 12, 2.5]
    row[11] = ""
    row[29] = "last column"
    book.add_sheet("List 1 & more", headers, [row, ["only the first"]])
    book.add_sheet("Empty", ["Header"], [])
    book.close()

    read = load_workbook(out)
    assert read.sheetnames == ["List 1 & more", "Empty"]
    sheet = read["List 1 & more"]
    assert sheet.dimensions == "A1:AD3"
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert values[0] == headers
    assert values[1][0:5] == AWKWARD
    assert values[1][5:8] == [
        datetime(2026, 11, 23),
        datetime(1900, 1, 1),
        datetime(1900, 3, 1),
    ]
    assert values[1][8:11] == [0, 12, 2.5]
    assert values[1][11:29] == [None] * 18, "None and the empty string are empty cells"
    assert values[1][29] == "last column"
    assert values[2] == ["only the first"] + [None] * 29
    assert all(cell.font.b for cell in sheet[1])
    assert not sheet["A2"].font.b
    assert sheet["F2"].number_format == "dd/mm/yyyy"
    assert sheet["F2"].is_date
    assert list(read["Empty"].values) == [("Header",)]


def test_a_workbook_can_be_written_to_a_buffer() -> None:
    buffer = BytesIO()
    book = xlsx.Workbook(buffer)
    book.add_sheet("One", ["A", "B"], [["x", 1]])
    book.close()
    read = load_workbook(BytesIO(buffer.getvalue()), read_only=True)
    assert list(read["One"].values) == [("A", "B"), ("x", 1)]


def test_column_letters_and_excel_serial_days() -> None:
    assert [xlsx.column_letter(i) for i in (0, 25, 26, 51, 52, 701, 702)] == [
        "A",
        "Z",
        "AA",
        "AZ",
        "BA",
        "ZZ",
        "AAA",
    ]
    # Excel counts 29 February 1900 (which did not exist): 28 February is 59, 1 March 61.
    assert xlsx.serial(date(1900, 1, 1)) == 1
    assert xlsx.serial(date(1900, 2, 28)) == 59
    assert xlsx.serial(date(1900, 3, 1)) == 61
    assert xlsx.serial(date(2026, 1, 2)) == 46024  # as XlsxWriter writes it
    assert xlsx.serial(datetime(2026, 1, 2, 12)) == 46024.5


def test_control_characters_and_literal_escapes_are_written_as_excel_escapes() -> None:
    # XML cannot carry most control characters: Excel (and XlsxWriter) write them as _xHHHH_,
    # and a literal "_xHHHH_" with its underscore escaped, so that Excel reads back the text.
    assert xlsx.text("bell\x07 and\x0b") == "<is><t>bell_x0007_ and_x000B_</t></is>"
    assert xlsx.text("a _x0041_ b") == "<is><t>a _x005F_x0041_ b</t></is>"
    assert xlsx.text(" a<b ") == '<is><t xml:space="preserve"> a&lt;b </t></is>'
