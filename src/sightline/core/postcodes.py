"""Postcodes as people write them: "GL1 1UT", whatever spacing or case they were kept in."""

from __future__ import annotations


def format_postcode(text: str) -> str:
    """Upper case with one space before the inward code (the last three characters). A full
    postcode is 5 to 7 characters without spaces; anything else (an outward code alone, a
    district) is returned upper case with its spacing tidied, not guessed at."""
    compact = "".join(text.split()).upper()
    if 5 <= len(compact) <= 7:
        return f"{compact[:-3]} {compact[-3:]}"
    return " ".join(text.split()).upper()
