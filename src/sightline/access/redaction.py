"""The one free-text redactor of a subject access export (decision 0015). Pure: no database.

``Redactor.text(value)`` returns the text with third parties' data replaced and, for the
officer's list, each replacement made. What it removes:

- the names of every third party it is given (relatives, other children, carers, people named
  in withheld fields, other people recorded in Sightline named in full), whole words, in any
  case, with or without accents ("Zoë", "Zoe", "ZOE"), with a possessive or plural ("Zoe's",
  "the Haverstocks"), double-barrelled names with a hyphen, a space or neither;
- withheld values (carers, postcodes, schools, settings' URNs) in any spacing or punctuation;
- identifiers: ten-digit numbers written 3-3-4 with spaces, dashes or neither (NHS numbers),
  UPNs, other children's LA child IDs it is given; the child's own are kept;
- postcodes (with or without the space, any case), street addresses, phone numbers and email
  addresses, whoever's they are: they say where someone lives or how to reach them;
- dates of birth of others: a third party's date of birth in any common form, and any date
  written after "born", "DOB" or "date of birth" other than the child's own.

Staff names and team names are kept (professionals acting in their role), unless a staff name
is exactly a third party's name.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

RULE_NAME = "third-party name in free text"
RULE_ID = "identifier in free text"
RULE_WITHHELD = "withheld value in free text"
RULE_POSTCODE = "postcode in free text"
RULE_ADDRESS = "address in free text"
RULE_CONTACT = "phone number or email address in free text"
RULE_BIRTH = "third-party date of birth in free text"

APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = "(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
DATE = re.compile(
    r"(?<![\w/.\-])(?:"
    r"(?P<iy>\d{4})-(?P<im>\d{1,2})-(?P<id>\d{1,2})"
    r"|(?P<nd>\d{1,2})[/.\-](?P<nm>\d{1,2})[/.\-](?P<ny>\d{4}|\d{2})"
    rf"|{_DAY.replace('(', '(?P<td>', 1)}\s+(?:of\s+)?(?P<tm>{_MONTH}),?\s+(?P<ty>\d{{4}})"
    rf"|(?P<um>{_MONTH})\s+{_DAY.replace('(', '(?P<ud>', 1)},?\s+(?P<uy>\d{{4}})"
    r")(?![\w/])"
)
BIRTH_CUE = re.compile(
    r"(?<!\w)(?:born|b\.|dob|d\.o\.b\.?|date\s+of\s+birth|birthday)\W{0,4}(?:on\s+)?$"
)
TEN_DIGITS = re.compile(r"(?<![\w+])(\d{3})[ \-]?(\d{3})[ \-]?(\d{4})(?!\w)")
UPN = re.compile(r"(?<!\w)[a-z]\d{11}[0-9a-z](?!\w)")
POSTCODE = re.compile(r"(?<![a-z0-9])[a-z]{1,2}\d[a-z\d]?\s*\d[a-z]{2}(?![a-z0-9])")
EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")
PHONE = re.compile(r"(?<![\w+])(?:\+44\s?(?:\(0\)\s?)?|0)\d(?:[\s\-]?\d){8,9}(?!\w)")
STREETS = (
    "Road|Rd|Street|Lane|Avenue|Ave|Close|Drive|Way|Crescent|Place|Gardens|Terrace|Grove|Row|"
    "Walk|Square|Mews|Rise|Parade"
)
ADDRESS = re.compile(
    r"(?<!\w)(?:(?:Flat|Apartment|Unit)\s+\d+[A-Za-z]?,?\s+)?(?:\d{1,4}[A-Za-z]?,?\s+)?"
    rf"(?:[A-Z][\w'\u2019\-]*\s+){{1,3}}(?:{STREETS})(?!\w)"
)
NOT_NAMES = frozenset(
    [
        "and",
        "the",
        "of",
        "with",
        "at",
        "in",
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "dr",
        "household",
        "family",
        "foster",
        "carer",
        "carers",
        "flat",
        "house",
        "home",
    ]
)


def fold(text: str) -> tuple[str, list[int]]:
    """``text`` without accents, case-folded, apostrophes made one; and, for each character
    of the result, the index of the character of ``text`` it came from."""
    if text.isascii():
        return text.lower().replace("`", "'"), list(range(len(text)))
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        plain = "".join(
            c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c)
        )
        for c in plain.casefold().translate(APOSTROPHES):
            out.append(c)
            index.append(i)
    return "".join(out), index


def folded(text: str) -> str:
    return fold(text)[0]


def phrase_pattern(phrase: str) -> str:
    """A name or value as a pattern over folded text: its words in order, with any spacing,
    hyphens or punctuation (or none) between them."""
    tokens = re.findall(r"\w+", folded(phrase))
    return r"[\W_]*".join(re.escape(t) for t in tokens)


def name_words(value: str) -> list[str]:
    """The words of a withheld value that are names: capitalised, three letters or more, not
    a title or a word such as "household". Nothing when the value is an address."""
    if ADDRESS.search(value):
        return []
    words: list[str] = []
    for whole in re.findall(r"[^\W\d_]+(?:[\-'\u2019][^\W\d_]+)*", value):
        parts = re.split(r"[\-'\u2019]", whole)
        words += [whole, *parts] if len(parts) > 1 else [whole]
    return [w for w in words if len(w) >= 3 and w[0].isupper() and w.casefold() not in NOT_NAMES]


def parse_date(match: re.Match[str]) -> date | None:
    g = match.groupdict()
    try:
        if g["iy"]:
            return date(int(g["iy"]), int(g["im"]), int(g["id"]))
        if g["ny"]:
            year = int(g["ny"])
            if len(g["ny"]) == 2:
                year += 1900 if year > date.today().year % 100 else 2000
            return date(year, int(g["nm"]), int(g["nd"]))
        if g["ty"]:
            return date(int(g["ty"]), MONTHS[g["tm"].rstrip(".")], int(g["td"]))
        return date(int(g["uy"]), MONTHS[g["um"].rstrip(".")], int(g["ud"]))
    except (ValueError, KeyError):
        return None


@dataclass(frozen=True)
class Term:
    """A phrase to replace: a name, an identifier or a withheld value."""

    phrase: str
    rule: str
    replacement: str
    name: bool = False  # a name: also its possessive or plural ("Zoe's", "Haverstocks")


@dataclass
class _Span:
    start: int
    end: int
    rule: str
    replacement: str


class Redactor:
    """Replaces third parties' data in free text, keeping the child's own and staff names."""

    def __init__(
        self,
        *,
        terms: Iterable[Term],
        own_names: Iterable[str] = (),
        own_identifiers: Iterable[str] = (),
        own_birth_date: date | None = None,
        staff: Iterable[str] = (),
        births: dict[date, str] | None = None,  # a third party's date of birth -> replacement
        identifiers: dict[str, str] | None = None,  # digits or folded id -> replacement
    ) -> None:
        own = {folded(w) for name in own_names for w in re.split(r"[\s\-]+", name) if w}
        own |= {folded(" ".join(name.split())) for name in own_names}
        self.terms: dict[str, Term] = {}
        for term in terms:
            key = " ".join(re.findall(r"\w+", folded(term.phrase)))
            if len(key) < 2 or key in own:
                continue
            if key in self.terms and self.terms[key].replacement != term.replacement:
                term = _joined(self.terms[key], term)
            self.terms[key] = term
        self.compact = {k.replace(" ", ""): t for k, t in self.terms.items()}
        self.own_ids = {re.sub(r"[\W_]", "", folded(i)) for i in own_identifiers if i}
        self.own_birth_date = own_birth_date
        self.births = births or {}
        self.identifiers = {
            re.sub(r"[\W_]", "", folded(k)): v for k, v in (identifiers or {}).items()
        }
        staff_keys = {" ".join(re.findall(r"\w+", folded(s))) for s in staff if s.strip()}
        self.staff = staff_keys - set(self.terms)  # a staff name that is a third party's goes
        self.pattern = _alternation([(k, t.name) for k, t in self.terms.items()])
        self.staff_pattern = _alternation([(k, False) for k in self.staff])

    def text(self, value: str) -> tuple[str, list[tuple[str, str, str]]]:
        """The text with third parties' data replaced, and each (rule, original, replacement)."""
        if not value:
            return value, []
        low, index = fold(value)

        def span(start: int, end: int, rule: str, replacement: str) -> _Span:
            return _Span(index[start], index[end - 1] + 1, rule, replacement)

        spans: list[_Span] = []
        if self.pattern is not None:
            for m in self.pattern.finditer(low):
                term = self._term_for(m.group("body"))
                if term is not None:
                    spans.append(span(m.start(), m.end(), term.rule, term.replacement))
        for m in TEN_DIGITS.finditer(low):
            digits = "".join(m.groups())
            if digits not in self.own_ids:
                who = self.identifiers.get(digits, "[redacted: identifier]")
                spans.append(span(m.start(), m.end(), RULE_ID, who))
        for m in UPN.finditer(low):
            if m.group(0) not in self.own_ids:
                who = self.identifiers.get(m.group(0), "[redacted: identifier]")
                spans.append(span(m.start(), m.end(), RULE_ID, who))
        for m in POSTCODE.finditer(low):
            spans.append(span(m.start(), m.end(), RULE_POSTCODE, "[redacted: postcode]"))
        for m in EMAIL.finditer(low):
            spans.append(span(m.start(), m.end(), RULE_CONTACT, "[redacted: email address]"))
        for m in PHONE.finditer(low):
            spans.append(span(m.start(), m.end(), RULE_CONTACT, "[redacted: phone number]"))
        for m in DATE.finditer(low):
            on = parse_date(m)
            if on is not None and on in self.births:
                spans.append(span(m.start(), m.end(), RULE_BIRTH, self.births[on]))
            elif BIRTH_CUE.search(low[max(0, m.start() - 20) : m.start()]) and (
                on is None or on != self.own_birth_date
            ):
                spans.append(span(m.start(), m.end(), RULE_BIRTH, "[redacted: date of birth]"))
        for m in ADDRESS.finditer(value.translate(APOSTROPHES)):  # capitals matter: original
            spans.append(_Span(m.start(), m.end(), RULE_ADDRESS, "[redacted: address]"))
        if not spans:
            return value, []

        kept = (
            [span(m.start(), m.end(), "", "") for m in self.staff_pattern.finditer(low)]
            if self.staff_pattern is not None
            else []
        )
        spans = [s for s in spans if not any(k.start <= s.start and s.end <= k.end for k in kept)]
        out: list[str] = []
        found: list[tuple[str, str, str]] = []
        at = 0
        for s in _merged(spans):
            out.append(value[at : s.start])
            out.append(s.replacement)
            found.append((s.rule, value[s.start : s.end], s.replacement))
            at = s.end
        out.append(value[at:])
        return "".join(out), found

    def _term_for(self, body: str) -> Term | None:
        """The term a match is, whatever the spacing, and for a name its possessive or plural
        form (the pattern allows the ending)."""
        key = re.sub(r"[\W_]", "", body)
        if key in self.compact:
            return self.compact[key]
        return self.compact.get(key[:-1]) if key.endswith("s") else None


def _joined(a: Term, b: Term) -> Term:
    labels = [
        *a.replacement[len("[redacted: ") : -1].split(" / "),
        *b.replacement[len("[redacted: ") : -1].split(" / "),
    ]
    return Term(a.phrase, a.rule, f"[redacted: {' / '.join(dict.fromkeys(labels))}]", a.name)


def _alternation(keys: list[tuple[str, bool]]) -> re.Pattern[str] | None:
    """One pattern for many phrases (longest first), whole words; a name may take a
    possessive or plural ending."""
    if not keys:
        return None
    ordered = sorted(keys, key=lambda k: len(k[0]), reverse=True)
    names = [phrase_pattern(k) for k, is_name in ordered if is_name]
    others = [phrase_pattern(k) for k, is_name in ordered if not is_name]
    parts = []
    if names:
        parts.append(r"(?:" + "|".join(names) + r")(?:s'|'s|'|s)?")
    if others:
        parts.append(r"(?:" + "|".join(others) + r")")
    return re.compile(r"(?<!\w)(?P<body>" + "|".join(parts) + r")(?!\w)")


def _merged(spans: list[_Span]) -> list[_Span]:
    """Overlapping spans as one, the longest's replacement; in order."""
    spans = sorted(spans, key=lambda s: (s.start, -(s.end - s.start)))
    merged: list[_Span] = []
    for s in spans:
        if merged and s.start < merged[-1].end:
            last = merged[-1]
            if s.end > last.end:
                merged[-1] = _Span(last.start, s.end, last.rule, last.replacement)
            continue
        merged.append(s)
    return merged
