"""The form of every value a return file brings in, in one place for both importers (the CIN
census and SSDA903): whole numbers, dates, and the identifiers and postcodes the records keep.

Each reader raises ``ValueError`` whose text says what is wrong with the value; the importer
adds the file, line or element and the field. Only ASCII digits count as digits (``str.isdigit``
and ``\\d`` also accept '²', '①' and other scripts' digits, which ``int`` or ``date`` then
refuse with a traceback or read as a number nobody wrote), a number has at most nine digits,
and a date must be plausible (:func:`plausible`). Text fields that leave Sightline in an export
(postcodes, URNs, IDs) must have their form, so nothing a spreadsheet would run as a formula
(``=1+1``, ``@A1``, ``+``, ``-``, a leading tab or carriage return) is ever stored.
"""

from __future__ import annotations

import re
from datetime import date

from sightline.core.calendar import SUPPORTED_FROM, SUPPORTED_TO
from sightline.people.identifiers import upn_is_valid

MAX_DIGITS = 9
EARLIEST_BIRTH = date(1900, 1, 1)

_DIGITS = re.compile(rf"[0-9]{{1,{MAX_DIGITS}}}", re.ASCII)
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", re.ASCII)
_DMY_DATE = re.compile(r"([0-9]{2})/([0-9]{2})/([0-9]{4})", re.ASCII)
_POSTCODE = re.compile(r"[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}", re.ASCII)
_URN = re.compile(r"SC[0-9]{6}|[0-9]{7}|XXXXXXX", re.ASCII)
_LA_CHILD_ID = re.compile(r"[A-Za-z0-9]{1,20}", re.ASCII)
_SWE_NUMBER = re.compile(r"SW[0-9]{1,7}", re.ASCII)
_UPN = re.compile(r"[A-Z][0-9]{11}[0-9A-Z]", re.ASCII)
_TEXT = re.compile(r"[A-Za-z0-9][A-Za-z0-9 '&(),./-]*", re.ASCII)


def shown(text: str, limit: int = 40) -> str:
    """A value as a problem quotes it: its repr, cut to ``limit`` characters (a cell of 5,000
    characters is named, not echoed)."""
    return repr(text) if len(text) <= limit else f"{text[:limit]!r}... ({len(text):,} characters)"


def whole_number(text: str, low: int = 0, high: int | None = None) -> int:
    """A whole number written in ASCII digits, at most nine of them, from ``low`` to ``high``."""
    if not _DIGITS.fullmatch(text):
        if text.isascii() and text.isdigit():
            raise ValueError(f"{text[:20]!r}... is longer than {MAX_DIGITS} digits")
        raise ValueError(f"{text[:40]!r} is not a whole number written in digits 0-9")
    value = int(text)
    if value < low or (high is not None and value > high):
        top = f" to {high}" if high is not None else " or more"
        raise ValueError(f"{text!r} is not a whole number from {low}{top}")
    return value


def plausible(day: date, birth: bool = False) -> date:
    """The one plausible-date rule. A date of birth (or an expected one) falls between
    1900-01-01 and the end of the working-day calendar (2035-12-31); every other date is one
    the statutory timescales count working days from, so it falls within the calendar's years
    (2000-01-01 to 2035-12-31, ``core.calendar``)."""
    earliest = EARLIEST_BIRTH if birth else SUPPORTED_FROM
    if not earliest <= day <= SUPPORTED_TO:
        raise ValueError(
            f"{day.isoformat()} is not a plausible date: Sightline takes dates from "
            f"{earliest.isoformat()} to {SUPPORTED_TO.isoformat()}"
        )
    return day


def _real(text: str, year: int, month: int, day: int, form: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"{text!r} is not a real date ({form})") from None


def iso_date(text: str, birth: bool = False) -> date:
    """YYYY-MM-DD (the CIN census), real and plausible."""
    match = _ISO_DATE.fullmatch(text)
    if not match:
        raise ValueError(f"{text[:40]!r} is not a date (YYYY-MM-DD)")
    y, m, d = (int(part) for part in match.groups())
    return plausible(_real(text, y, m, d, "YYYY-MM-DD"), birth)


def dmy_date(text: str, birth: bool = False) -> date:
    """dd/mm/yyyy (SSDA903), real and plausible."""
    match = _DMY_DATE.fullmatch(text)
    if not match:
        raise ValueError(f"{text[:40]!r} is not a dd/mm/yyyy date")
    d, m, y = (int(part) for part in match.groups())
    return plausible(_real(text, y, m, d, "dd/mm/yyyy"), birth)


def postcode(text: str) -> str:
    """A UK postcode (``GL1 1AA`` or ``GL11AA``; upper case)."""
    if not _POSTCODE.fullmatch(text):
        raise ValueError(f"{text[:40]!r} is not a postcode (such as GL1 1AA)")
    return text


def urn(text: str) -> str:
    """An Ofsted URN: SC and 6 digits, 7 digits, or XXXXXXX (DOMAIN.md 2)."""
    if not _URN.fullmatch(text):
        raise ValueError(f"{text[:40]!r} is not an Ofsted URN (SC and 6 digits, 7 digits, XXXXXXX)")
    return text


def la_child_id(text: str) -> str:
    if not _LA_CHILD_ID.fullmatch(text):
        raise ValueError(f"{text[:40]!r} is not an LA child ID (1 to 20 letters A-Z and digits)")
    return text


def swe_number(text: str) -> str:
    """A Social Work England registration number: SW and 1 to 7 digits 0-9 (the workforce
    validator's ``\\d`` also takes other scripts' digits)."""
    if not _SWE_NUMBER.fullmatch(text):
        raise ValueError(
            f"{text[:40]!r} is not a Social Work England number (SW and 1 to 7 digits)"
        )
    return text


def upn(text: str) -> str:
    """A unique pupil number with its check letter."""
    if not (_UPN.fullmatch(text) and upn_is_valid(text)):
        raise ValueError(f"{text[:40]!r} is not a valid UPN")
    return text


def plain_text(text: str) -> str:
    """Free text kept and exported as given (an LA's name): letters, digits, spaces and plain
    punctuation, beginning with a letter or digit (never ``=``, ``+``, ``-``, ``@``, a tab)."""
    if not _TEXT.fullmatch(text):
        raise ValueError(
            f"{text[:40]!r} is not plain text (letters, digits, spaces and . , ' & ( ) / -, "
            "beginning with a letter or digit)"
        )
    return text
