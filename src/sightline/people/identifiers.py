"""Identifier checks: NHS number (modulus 11) and UPN (DfE check letter). Pure functions.

NHS number: ten digits; weights 10..2 over the first nine; check = 11 - (sum mod 11), where
11 becomes 0 and 10 means the number is invalid (NHS Data Dictionary, "NHS Number").
Synthetic people use the 999 range, which the NHS reserves for testing.

UPN (unique pupil number): 13 characters: a check letter, the 3-digit LA number, a 4-digit
establishment number, 2 digits of the year allocated, 3 serial digits (the last may be a letter
for a temporary UPN). The check letter is the sum of each of characters 2-13 times its position
(2..13), mod 23, mapped to ABCDEFGHJKLMNPQRTUVWXYZ (DfE "Unique pupil numbers (UPN)" guidance,
Annex: check letter calculation). In a temporary UPN the last character is a letter whose value
is its index in the same alphabet.
"""

from __future__ import annotations

import re

UPN_ALPHABET = "ABCDEFGHJKLMNPQRTUVWXYZ"
_UPN_SHAPE = re.compile(r"^[A-Z]\d{11}[0-9A-Z]$")


def nhs_number_check_digit(first_nine: str) -> int | None:
    """The check digit for nine digits, or None where no valid number can end them."""
    if len(first_nine) != 9 or not first_nine.isdigit():
        raise ValueError("an NHS number's first part is nine digits")
    total = sum(int(d) * w for d, w in zip(first_nine, range(10, 1, -1), strict=True))
    check = 11 - (total % 11)
    if check == 11:
        return 0
    if check == 10:
        return None
    return check


def normalise_nhs_number(value: str) -> str:
    return re.sub(r"[\s-]", "", value or "")


def nhs_number_is_valid(value: str) -> bool:
    digits = normalise_nhs_number(value)
    if len(digits) != 10 or not digits.isdigit():
        return False
    return nhs_number_check_digit(digits[:9]) == int(digits[9])


def _upn_char_value(ch: str) -> int:
    if ch.isdigit():
        return int(ch)
    return UPN_ALPHABET.index(ch)


def upn_check_letter(last_twelve: str) -> str:
    """The check letter for characters 2-13 of a UPN."""
    if len(last_twelve) != 12 or not re.fullmatch(r"\d{11}[0-9A-Z]", last_twelve):
        raise ValueError("a UPN's last twelve characters are eleven digits and a digit or letter")
    if last_twelve[-1].isalpha() and last_twelve[-1] not in UPN_ALPHABET:
        raise ValueError(f"{last_twelve[-1]!r} is not used in UPNs")
    total = sum(
        _upn_char_value(ch) * pos for ch, pos in zip(last_twelve, range(2, 14), strict=True)
    )
    return UPN_ALPHABET[total % 23]


def upn_is_valid(value: str) -> bool:
    upn = (value or "").strip().upper()
    if not _UPN_SHAPE.match(upn):
        return False
    if upn[-1].isalpha() and upn[-1] not in UPN_ALPHABET:
        return False
    return upn_check_letter(upn[1:]) == upn[0]


def make_upn(la_number: str, establishment: str, year: str, serial: str) -> str:
    """Build a valid permanent UPN from its parts (for synthetic data and tests)."""
    body = f"{la_number}{establishment}{year}{serial}"
    return upn_check_letter(body) + body
