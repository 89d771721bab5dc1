"""How a name sounds: the key a near-match search compares (decision 0025). Pure functions.

"Mohamed", "Mohammed", "Muhammad" and "Mohammad" are one child's name written four ways; so
are "Catherine" and "Kathryn", "Smith" and "Smyth". The front door's search for the person
compares each typed word with the *sound key* of the given and family names as well as with
their letters, so a child already known is found however the caller spelt the name, and is not
recorded twice.

The key is the Metaphone code (Lawrence Philips, 1990) from the maintained ``jellyfish``
package, of each word of the name with accents taken off and anything that is not a letter
dropped, the words' codes written one after another: "Mary-Jane" and "Mary Jane" have one key.
A name with no letters (an import's placeholder digits) has the empty key, which matches
nothing. ``Person.save`` keeps both keys; writers that insert rows in bulk (the synthetic
authority, the returns' imports) set them with :func:`name_keys`.
"""

from __future__ import annotations

import re
import unicodedata

import jellyfish

KEY_LENGTH = 100  # a key is never longer than its name (Person's names: 100 characters)
_LETTERS = re.compile(r"[a-z]+")


def words(name: str) -> list[str]:
    """The name's words in plain lower-case letters: accents off, everything else a break."""
    plain = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode()
    return _LETTERS.findall(plain.lower())


def sound_key(name: str) -> str:
    """The Metaphone code of each word of ``name``, one after another ("" for no letters)."""
    return "".join(jellyfish.metaphone(word) for word in words(name))[:KEY_LENGTH]


def name_keys(given_name: str, family_name: str) -> dict[str, str]:
    """The sound keys a Person row keeps, by field name."""
    return {"given_name_key": sound_key(given_name), "family_name_key": sound_key(family_name)}
