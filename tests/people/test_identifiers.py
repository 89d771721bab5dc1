"""NHS numbers (modulus 11) and UPNs (DfE check letter).

Every expected check digit and check letter below was worked by hand from the published rules
(shown in the comments), not by the functions under test.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sightline.people.identifiers import (
    UPN_ALPHABET,
    make_upn,
    nhs_number_check_digit,
    nhs_number_is_valid,
    normalise_nhs_number,
    upn_check_letter,
    upn_is_valid,
)

# --- NHS number -----------------------------------------------------------------------------
# Weights 10..2 over the first nine digits; check = 11 - (sum mod 11); 11 -> 0; 10 -> invalid.
# For 99900000d: 9*10 + 9*9 + 9*8 = 243, and the last of the nine digits has weight 2.

HAND_COMPUTED_999_RANGE = [
    "9990000018",  # 243 + 1*2 = 245 = 22*11 + 3 -> 11 - 3 = 8
    "9990000026",  # 243 + 2*2 = 247 = 22*11 + 5 -> 6
    "9990000034",  # 243 + 3*2 = 249 = 22*11 + 7 -> 4
    "9990000042",  # 243 + 4*2 = 251 = 22*11 + 9 -> 2
    "9990000050",  # 243 + 5*2 = 253 = 23*11 + 0 -> 11, written as 0
    "9990000069",  # 243 + 6*2 = 255 = 23*11 + 2 -> 9
    "9990000107",  # 243 + 1*3 (eighth digit, weight 3) = 246 = 22*11 + 4 -> 7
]


@pytest.mark.parametrize(
    "number",
    [
        "9434765919",  # 9*10+4*9+3*8+4*7+7*6+6*5+5*4+9*3+1*2 = 299 = 27*11 + 2 -> 9
        "4010232137",  # 40+0+8+0+12+15+8+3+6 = 92 = 8*11 + 4 -> 7
        *HAND_COMPUTED_999_RANGE,
    ],
)
def test_nhs_numbers_with_the_right_check_digit_are_valid(number: str) -> None:
    assert nhs_number_is_valid(number)
    assert nhs_number_check_digit(number[:9]) == int(number[9])


@pytest.mark.parametrize(
    "number",
    ["943 476 5919", "943-476-5919", " 9434765919 ", "943 - 476 - 5919"],
)
def test_nhs_numbers_written_with_spaces_or_dashes_are_accepted(number: str) -> None:
    assert nhs_number_is_valid(number)
    assert normalise_nhs_number(number) == "9434765919"


@pytest.mark.parametrize(
    "number",
    [
        "9434765918",  # wrong check digit (9 expected)
        "9434765910",
        "9990000019",  # wrong check digit (8 expected)
        "943476591",  # nine digits
        "94347659190",  # eleven digits
        "94347659A9",  # a letter
        "ABCDEFGHIJ",
        "",
    ],
)
def test_nhs_numbers_that_are_malformed_or_fail_the_check_are_invalid(number: str) -> None:
    assert not nhs_number_is_valid(number)


def test_no_nhs_number_is_valid_when_the_check_computes_to_ten() -> None:
    # 999000000: 243 + 0 = 243 = 22*11 + 1 -> 11 - 1 = 10: no digit can end these nine.
    assert nhs_number_check_digit("999000000") is None
    assert not any(nhs_number_is_valid(f"999000000{d}") for d in range(10))


# --- UPN ------------------------------------------------------------------------------------
# Check letter: sum of characters 2-13 times their position (2..13), mod 23, indexed into
# ABCDEFGHJKLMNPQRTUVWXYZ. A temporary UPN ends in a letter worth its index in that alphabet.
#
# B801200005001: 8*2 + 0*3 + 1*4 + 2*5 + 0*6 + 0*7 + 0*8 + 0*9 + 5*10 + 0*11 + 0*12 + 1*13
#   = 16 + 4 + 10 + 50 + 13 = 93 = 4*23 + 1 -> "B".
# 91612342600A (LA 916, school 1234, year 26, temporary serial 00A): 9*2 + 1*3 + 6*4 + 1*5
#   + 2*6 + 3*7 + 4*8 + 2*9 + 6*10 + 0*11 + 0*12 + 0*13 = 193 = 8*23 + 9 -> "K";
#   ending B (worth 1) instead adds 13: 206 = 8*23 + 22 -> "Z".


@pytest.mark.parametrize("upn", ["B801200005001", "K91612342600A", "Z91612342600B"])
def test_upns_with_the_right_check_letter_are_valid(upn: str) -> None:
    assert upn_is_valid(upn)
    assert upn_check_letter(upn[1:]) == upn[0]


def test_a_temporary_upn_ends_in_a_letter() -> None:
    assert upn_is_valid("K91612342600A")
    assert not upn_is_valid("Z91612342600A")  # the check letter of the B-ending one


def test_a_upn_is_read_in_capitals() -> None:
    assert upn_is_valid("b801200005001")
    assert upn_is_valid(" k91612342600a ")


@pytest.mark.parametrize(
    "upn",
    [
        "A801200005001",  # wrong check letter (B expected)
        "C801200005001",
        "B801200005002",  # a changed digit
        "B80120000500",  # twelve characters
        "B8012000050011",  # fourteen characters
        "801200005001",  # no check letter
        "1801200005001",  # a digit where the check letter goes
        "B80120000500A1",
        "",
    ],
)
def test_upns_with_the_wrong_letter_or_length_are_invalid(upn: str) -> None:
    assert not upn_is_valid(upn)


@pytest.mark.parametrize("letter", ["I", "O", "S"])
def test_the_letters_i_o_and_s_are_not_used_in_upns(letter: str) -> None:
    assert letter not in UPN_ALPHABET
    # Not as a temporary serial letter, whatever the check letter ...
    assert not any(upn_is_valid(f"{check}91612342600{letter}") for check in UPN_ALPHABET + "IOS")
    # ... and never as the check letter.
    assert not upn_is_valid(f"{letter}801200005001")
    with pytest.raises(ValueError):
        upn_check_letter(f"91612342600{letter}")


def test_make_upn_builds_the_upn_from_its_parts() -> None:
    assert make_upn("801", "2000", "05", "001") == "B801200005001"
    upn = make_upn("916", "1234", "26", "007")
    assert upn[1:] == "916123426007"
    assert upn_is_valid(upn)


_digits = st.text(alphabet="0123456789", min_size=1, max_size=1)


def _digit_string(size: int) -> st.SearchStrategy[str]:
    return st.text(alphabet="0123456789", min_size=size, max_size=size)


@given(
    la=_digit_string(3),
    establishment=_digit_string(4),
    year=_digit_string(2),
    serial=_digit_string(3),
    position=st.integers(min_value=1, max_value=12),
    replacement=_digits,
)
def test_make_upn_is_always_valid_and_any_one_changed_digit_makes_it_invalid(
    la: str, establishment: str, year: str, serial: str, position: int, replacement: str
) -> None:
    upn = make_upn(la, establishment, year, serial)
    assert upn_is_valid(upn)
    assert upn[1:] == la + establishment + year + serial
    changed = upn[:position] + replacement + upn[position + 1 :]
    # Position p has weight p + 1 (2..13) and a digit changes by 1..9: neither is a multiple
    # of 23, so the sum mod 23, and hence the check letter, must change.
    assert upn_is_valid(changed) == (changed == upn)
