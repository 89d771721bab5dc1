"""A streaming xlsx writer for large plain tables: Ofsted's Annex A (decision 0033).

Each sheet is a bold header row and rows of text, whole numbers and dates (date cells shown
dd/mm/yyyy); a blank value is an empty cell. Rows are turned into SpreadsheetML text row by row
and streamed into the zip member, so nothing is held per cell: writing a row costs one string
join, where XlsxWriter's constant-memory mode makes, checks and serialises an object per cell
(about 10 microseconds a cell: 4 to 6 s for the 450,000 cells of Annex A on the
200,000-child authority, against a few tenths of a second here).

The package is the one XlsxWriter writes (the same parts, styles and cell markup: inline
strings, as in its constant-memory mode), without the theme and document properties, which
Excel, LibreOffice and openpyxl do not need. Strings are escaped as XlsxWriter escapes them:
``& < >`` as entities, control characters as ``_xHHHH_``, and ``xml:space="preserve"`` on text
with leading or trailing white space.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import escape, quoteattr

_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"

#: Cell styles (``s``): 0 the default, 1 bold (the header row), 2 a date shown dd/mm/yyyy.
BOLD, DAY = 1, 2
STYLES = (
    f'{_HEAD}<styleSheet xmlns="{_MAIN}"><numFmts count="1"><numFmt numFmtId="164" '
    'formatCode="dd/mm/yyyy"/></numFmts><fonts count="2"><font><sz val="11"/>'
    '<name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/>'
    '<family val="2"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/>'
    '</fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border>'
    '<left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="3">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" '
    'fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="164" fontId="0" fillId="0" '
    'borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs><cellStyles count="1"><cellStyle '
    'name="Normal" xfId="0" builtinId="0"/></cellStyles><dxfs count="0"/><tableStyles count="0" '
    'defaultTableStyle="TableStyleMedium9" defaultPivotStyle="PivotStyleLight16"/></styleSheet>'
)

# Excel's day 0 is 1899-12-30 for dates from 1 March 1900 (it counts 29 February 1900, which
# did not exist); the 59 days before that are numbered from 1899-12-31.
_EPOCH = date(1899, 12, 30).toordinal()
_LEAP_BUG = date(1900, 3, 1).toordinal()
_FIRST = date(1900, 1, 1).toordinal()

_NEEDS_CARE = re.compile(r"[&<>\x00-\x08\x0b-\x1f]|_x[0-9a-fA-F]{4}_|^\s|\s$")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]")
_LITERAL = re.compile(r"(_x[0-9a-fA-F]{4}_)")


def column_letter(index: int) -> str:
    """The letters of the zero-based column ``index``: 0 is A, 26 is AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def serial(day: date) -> int | float:
    """Excel's serial number of ``day`` (a datetime keeps its time as the fraction)."""
    ordinal = day.toordinal()
    whole = ordinal - (_EPOCH if ordinal >= _LEAP_BUG else _EPOCH + 1)
    if isinstance(day, datetime):
        seconds = day.hour * 3600 + day.minute * 60 + day.second + day.microsecond / 1e6
        return whole + seconds / 86400
    return whole


def text(value: str) -> str:
    """An inline string's ``<is>`` element, escaped as XlsxWriter escapes it."""
    if not _NEEDS_CARE.search(value):
        return f"<is><t>{value}</t></is>"
    value = _LITERAL.sub(r"_x005F\1", value)  # a literal _xHHHH_ is not read as an escape
    value = _CONTROL.sub(lambda m: f"_x{ord(m.group()):04X}_", escape(value))
    if value[:1].isspace() or value[-1:].isspace():
        return f'<is><t xml:space="preserve">{value}</t></is>'
    return f"<is><t>{value}</t></is>"


class _Texts(dict[str, str]):
    """The escaped ``<is>`` elements of one workbook's strings: codes, teams and workers repeat
    down a column. Kept with the workbook, not the process, so no child's name outlives it."""

    def __missing__(self, value: str) -> str:
        found = text(value)
        if len(self) < 65_536:
            self[value] = found
        return found


def _row(
    number: int, values: Iterable[Any], refs: Sequence[str], texts: _Texts, style: int = 0
) -> str:
    s = f' s="{style}"' if style else ""
    cells: list[str] = []
    append = cells.append
    for ref, value in zip(refs, values, strict=False):
        kind = type(value)
        if kind is str:
            if value:
                append(f'<c r="{ref}{number}"{s} t="inlineStr">{texts[value]}</c>')
        elif kind is date:
            if value.toordinal() >= _FIRST:
                append(f'<c r="{ref}{number}" s="{DAY}"><v>{serial(value)}</v></c>')
            else:  # before Excel's first day: kept as text
                append(f'<c r="{ref}{number}"{s} t="inlineStr">{texts[value.isoformat()]}</c>')
        elif kind is int or kind is float:
            append(f'<c r="{ref}{number}"{s}><v>{value!r}</v></c>')
        elif value is None:
            continue
        elif isinstance(value, datetime):
            append(f'<c r="{ref}{number}" s="{DAY}"><v>{serial(value)!r}</v></c>')
        elif isinstance(value, bool):
            append(f'<c r="{ref}{number}"{s} t="b"><v>{int(value)}</v></c>')
        elif isinstance(value, date):
            append(f'<c r="{ref}{number}" s="{DAY}"><v>{serial(value)}</v></c>')
        elif isinstance(value, int | float):
            append(f'<c r="{ref}{number}"{s}><v>{value!r}</v></c>')
        else:
            value = str(value)
            if value:
                append(f'<c r="{ref}{number}"{s} t="inlineStr">{texts[value]}</c>')
    return f'<row r="{number}">{"".join(cells)}</row>'


class Workbook:
    """Sheets added one at a time, each written whole when added; ``close`` finishes the file.

    ``out`` is a path or a binary file object (a download's buffer)."""

    CHUNK = 500  # rows per write to the compressed stream

    def __init__(self, out: Path | IO[bytes]) -> None:
        self._zip = zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1)
        self._sheets: list[str] = []
        self._texts = _Texts()

    def add_sheet(self, name: str, headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        """A sheet named ``name``: ``headers`` in bold, then one row per item of ``rows``, each
        value in the header's column (str, int, float, date, datetime, bool; None or "" is an
        empty cell)."""
        self._sheets.append(name)
        width = max(len(headers), 1)
        refs = [column_letter(i) for i in range(width)]
        last = f"{refs[-1]}{len(rows) + 1}"
        selected = ' tabSelected="1"' if len(self._sheets) == 1 else ""
        member = f"xl/worksheets/sheet{len(self._sheets)}.xml"
        with self._zip.open(member, "w") as stream:
            stream.write(
                (
                    f'{_HEAD}<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}">'
                    f'<dimension ref="A1:{last}"/><sheetViews><sheetView{selected} '
                    'workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15"/>'
                    f"<sheetData>{_row(1, headers, refs, self._texts, BOLD)}"
                ).encode()
            )
            for start in range(0, len(rows), self.CHUNK):
                chunk = rows[start : start + self.CHUNK]
                stream.write(
                    "".join(
                        _row(number, row, refs, self._texts)
                        for number, row in enumerate(chunk, start=start + 2)
                    ).encode()
                )
            stream.write(
                b'</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" '
                b'header="0.3" footer="0.3"/></worksheet>'
            )

    def close(self) -> None:
        n = len(self._sheets)
        sheets = "".join(
            f'<sheet name={quoteattr(name)} sheetId="{i}" r:id="rId{i}"/>'
            for i, name in enumerate(self._sheets, start=1)
        )
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
            f'ContentType="{_TYPE}.worksheet+xml"/>'
            for i in range(1, n + 1)
        )
        sheet_rels = "".join(
            f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, n + 1)
        )
        parts = {
            "[Content_Types].xml": (
                f'{_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                'content-types"><Default Extension="rels" ContentType="application/'
                'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
                'ContentType="application/xml"/><Override PartName="/xl/styles.xml" '
                f'ContentType="{_TYPE}.styles+xml"/><Override PartName="/xl/workbook.xml" '
                f'ContentType="{_TYPE}.sheet.main+xml"/>{overrides}</Types>'
            ),
            "_rels/.rels": (
                f'{_HEAD}<Relationships xmlns="{_PKG_REL}"><Relationship Id="rId1" '
                f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
            ),
            "xl/workbook.xml": (
                f'{_HEAD}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><bookViews><workbookView '
                'xWindow="240" yWindow="15" windowWidth="16095" windowHeight="9660"/>'
                f'</bookViews><sheets>{sheets}</sheets><calcPr calcId="124519" '
                'fullCalcOnLoad="1"/></workbook>'
            ),
            "xl/_rels/workbook.xml.rels": (
                f'{_HEAD}<Relationships xmlns="{_PKG_REL}">{sheet_rels}<Relationship '
                f'Id="rId{n + 1}" Type="{_REL}/styles" Target="styles.xml"/></Relationships>'
            ),
            "xl/styles.xml": STYLES,
        }
        for name, content in parts.items():
            self._zip.writestr(name, content)
        self._zip.close()
