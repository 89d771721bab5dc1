"""The one free-text redactor of the subject access export (access/redaction.py): pure, so
each form of third-party data it must catch, and each thing it must keep, is shown here."""

from __future__ import annotations

from datetime import date

from sightline.access.redaction import Redactor, Term, name_words

MOTHER = "[redacted: mother]"


def _redactor(**extra: object) -> Redactor:
    options: dict[str, object] = {
        "terms": [
            Term("Zoë", "name", MOTHER, True),
            Term("Kowalczyk-Brontë", "name", MOTHER, True),
            Term("Zoë Kowalczyk-Brontë", "name", MOTHER, True),
        ],
        "own_names": ["Ava", "Thornbury"],
        "own_identifiers": ["9990000131", "F100000001"],
        "own_birth_date": date(2012, 5, 3),
        "staff": ["Zoe Raman"],
        "births": {date(1988, 11, 7): MOTHER},
        "identifiers": {"9990000441": MOTHER},
    }
    options.update(extra)
    return Redactor(**options)  # type: ignore[arg-type]


def _text(value: str, **extra: object) -> str:
    return _redactor(**extra).text(value)[0]


def test_a_name_is_found_with_or_without_accents_in_any_case_and_as_a_possessive() -> None:
    text = _text("Zoë, zoe, ZOE and Zoe's phone; Zoes' too. Zoeville stays.")
    assert text == f"{MOTHER}, {MOTHER}, {MOTHER} and {MOTHER} phone; {MOTHER} too. Zoeville stays."


def test_a_double_barrelled_name_is_found_with_a_hyphen_a_space_or_neither() -> None:
    for written in ("Kowalczyk-Bronte", "kowalczyk bronte", "KowalczykBrontë"):
        assert _text(f"Mrs {written} rang") == f"Mrs {MOTHER} rang", written


def test_an_nhs_number_is_found_in_any_spacing_and_the_childs_own_is_kept() -> None:
    text = _text("Mum 999 000 0441, 999-000-0441, 9990000441; Ava 999 000 0131; other 4010232137")
    assert (
        text == f"Mum {MOTHER}, {MOTHER}, {MOTHER}; Ava 999 000 0131; other [redacted: identifier]"
    )


def test_postcodes_are_found_with_or_without_the_space_in_any_case() -> None:
    text = _text("GL53 7PQ, gl537pq, Gl7 1ab and sw1a 1aa; not a GL53 district alone")
    assert text.count("[redacted: postcode]") == 4
    assert "GL53 district" in text


def test_addresses_phone_numbers_and_email_addresses_are_removed() -> None:
    text = _text("At 14 Larkspur Close; call 07700 900461 or +44 1452 960123; zoe.kb@example.org")
    assert text == (
        "At [redacted: address]; call [redacted: phone number] or [redacted: phone number]; "
        "[redacted: email address]"
    )


def test_a_third_partys_date_of_birth_goes_in_any_form_and_a_cued_one_unless_the_childs() -> None:
    text = _text(
        "1988-11-07, 07/11/1988, 7 November 1988, 7th Nov 1988, November 7, 1988; "
        "partner DOB 02/04/1979; Ava born 03/05/2012; visit on 02/04/1979"
    )
    assert text == (
        f"{MOTHER}, {MOTHER}, {MOTHER}, {MOTHER}, {MOTHER}; partner DOB [redacted: date of birth]; "
        "Ava born 03/05/2012; visit on 02/04/1979"
    )


def test_the_childs_own_names_and_staff_names_are_kept() -> None:
    text = _text("Ava Thornbury saw Zoe Raman, then Zoe.")
    assert text == f"Ava Thornbury saw Zoe Raman, then {MOTHER}."


def test_each_replacement_is_reported_with_the_original_text() -> None:
    _, found = _redactor().text("ZOË's number 999 000 0441")
    assert [(original, replacement) for _, original, replacement in found] == [
        ("ZOË's", MOTHER),
        ("999 000 0441", MOTHER),
    ]


def test_the_names_in_a_carers_name_but_not_titles_or_an_address() -> None:
    assert name_words("Mr and Mrs Haverstock") == ["Haverstock"]
    assert name_words("Lorna Fairbairn-Stokes") == [
        "Lorna",
        "Fairbairn-Stokes",
        "Fairbairn",
        "Stokes",
    ]
    assert name_words("Flat, Station Road") == []
