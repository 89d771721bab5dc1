"""Subject access requests: everything Sightline holds about one child, third parties redacted.

``collect(child)`` gathers every record about the child, one query per record type, and
``write_sar(child, out_dir)`` writes the documents meant for release, ``sar-<la_child_id>.json``
and a self-contained, readable ``sar-<la_child_id>.html``, and, apart from them, the data
protection officer's list of what was redacted, ``sar-<la_child_id>-redactions.json`` and
``.html``: the only files that hold the original values. Nothing is released from those.

Which record types: found, not listed. Every model in a Sightline app with a foreign key to
``people.Person`` named ``child`` is included (referrals, visits, case notes, the chronology,
allocations, the audit trail's reads of the record, ... and every later app's, such as care and
leaving care, without a change here), plus the person record itself, their disabilities and
their relationships in both directions (``SUBJECT_LOOKUPS``). ``tests/access/test_sar.py`` fails
if a model with a ``child`` foreign key to Person is not covered.

Redaction, by rule (``RULES``, printed in the document too), decided field by field in
``access/disclosure.py`` (decision 0015): every field of every model is declared released, free
text, a link to a person, third-party data or a location, and a test fails for a field that is
not; an undeclared field is withheld.

- Third parties are every other person: relatives, other adults, other children. Where a record
  points at one (a relationship's other side, any other foreign key to Person), their given
  name, family name, date of birth, NHS number, UPN and LA child ID are replaced by
  ``[redacted: <relationship>]`` (``mother``, ``father``, ``sibling``; ``third party`` when no
  relationship is recorded).
- A relative whose family name is also the child's keeps it: it is the data subject's own name.
  Only their given name is redacted (the shared family name is listed under ``kept``).
- Third-party data held as a value (carers' names, the adopters) and locations (postcodes,
  settings' URNs, the school) are always withheld: a parent asking while a placement order
  stands must never learn where the child lives.
- Free text (every field declared free text) goes through the one redactor
  (``access/redaction.py``): third parties' names in their variants, withheld values,
  identifiers, postcodes, addresses, phone numbers, email addresses and others' dates of birth.
  Names that are also the child's own are never replaced.
- Staff are professionals acting in their role and are not redacted: workers' names, team names
  and usernames stay, in their fields and in free text (a worker's full name in a chronology
  summary is kept even where a relative shares a given name with the worker).
- People never recorded as a person in Sightline can be found only by the forms above: the
  officer reads the free text before release. Every replacement is listed for the officer
  (record type, record id, field, rule, original, replacement) in the officer's own file.
"""

from __future__ import annotations

import io
import itertools
import json
import re
import zipfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from sightline.access.audit import AuditEvent
from sightline.access.disclosure import WITHHELD, Disclosure, Rule, rule_for
from sightline.access.models import SearchListing
from sightline.access.redaction import (
    RULE_ID,
    RULE_NAME,
    RULE_WITHHELD,
    Redactor,
    Term,
    folded,
    name_words,
)
from sightline.people.models import Person, Relationship
from sightline.workforce.models import Team, Worker

SUBJECT_FIELD = "child"

# Record types about the child that do not name the child ``child``: how to find their rows.
SUBJECT_LOOKUPS: dict[str, tuple[str, ...]] = {
    "people.Person": ("pk",),
    "people.PersonDisability": ("person",),
    "people.Relationship": ("person", "relative"),
}

# The order of the document: the child, then the journey, then who has worked with and read
# the record. Record types not named here (later apps: care, leaving care, timescales) come
# after ``LATER_APPS_AFTER``, in the order of INSTALLED_APPS.
JOURNEY_ORDER: tuple[str, ...] = (
    "people.Person",
    "people.PersonDisability",
    "people.Relationship",
    "frontdoor.Contact",
    "frontdoor.EarlyHelpEpisode",
    "protection.Referral",
    "protection.Assessment",
    "protection.StrategyDiscussion",
    "protection.Section47Enquiry",
    "protection.ChildProtectionConference",
    "protection.ChildProtectionPlan",
    "protection.CoreGroupMeeting",
    "protection.ChildInNeedPlan",
    "protection.ChildInNeedMeeting",
    "protection.PreProceedings",
    "protection.CareProceedings",
    "protection.AllegationToLADO",
    "protection.PrivateFosteringArrangement",
    "protection.Visit",
    "workforce.Allocation",
    "chronology.CaseNote",
    "chronology.Correction",
    "chronology.ChronologyEntry",
    "access.RestrictedRecord",
    "access.BreakGlassAccess",
    "access.Notice",
    "access.AuditEvent",
)
LATER_APPS_AFTER = "protection.Visit"

TITLES: dict[str, str] = {
    "people.Person": "Personal details",
    "people.PersonDisability": "Disabilities",
    "people.Relationship": "Relationships",
    "frontdoor.Contact": "Contacts to the front door",
    "frontdoor.EarlyHelpEpisode": "Early help",
    "workforce.Allocation": "Workers allocated",
    "chronology.CaseNote": "Case notes",
    "chronology.Correction": "Corrections to case notes and visits (what they said before)",
    "chronology.ChronologyEntry": "Chronology",
    "access.RestrictedRecord": "Restriction of the record",
    "access.BreakGlassAccess": "Emergency (break-glass) access to the record",
    "access.Notice": "Notices to staff about the record",
    "access.AuditEvent": "Who has viewed, changed or exported the record (audit trail)",
}

# The details of a person shown where a record points at one (redacted for third parties).
PERSON_DETAILS: tuple[tuple[str, str], ...] = (
    ("given_name", "given name"),
    ("family_name", "family name"),
    ("birth_date", "date of birth"),
    ("nhs_number", "NHS number"),
    ("upn", "UPN"),
    ("la_child_id", "LA child ID"),
)

# "relative is the <kind> of person": what the other person is to the child when the child is
# the relative (the child is the mother of a baby, the sibling of another child).
REVERSE_KIND: dict[str, str] = {
    Relationship.Kind.MOTHER: "child",
    Relationship.Kind.FATHER: "child",
    Relationship.Kind.STEP_PARENT: "step-child",
    Relationship.Kind.PARENT_PARTNER: "partner's child",
    Relationship.Kind.GRANDPARENT: "grandchild",
    Relationship.Kind.SIBLING: "sibling",
    Relationship.Kind.HALF_SIBLING: "half-sibling",
    Relationship.Kind.AUNT_UNCLE: "niece or nephew",
    Relationship.Kind.CARER: "person cared for",
    Relationship.Kind.OTHER_RELATIVE: "other relative",
    Relationship.Kind.FAMILY_FRIEND: "family friend",
}
THIRD_PARTY = "third party"


RULE_PERSON = "third-party name"
RULE_DETAIL = "third-party identifying detail"
RULE_FIELD = "withheld field"

RULES: tuple[str, ...] = (
    "Everything Sightline holds about the child is included: every kind of record linked to "
    "the child, even where there is none, and the audit trail of who has viewed, changed or "
    "exported the record (the people the data has been disclosed to). Making this export is "
    "itself recorded in the audit trail.",
    "Third parties are every other person: relatives, other adults and other children. Where a "
    "record points at one, their given name, family name, date of birth, NHS number, UPN and "
    "LA child ID are replaced by [redacted: relationship], for example [redacted: mother].",
    "A relative whose family name is also the child's keeps it, because it is the child's own "
    "name; their given name is redacted.",
    "Other people's details held as a value (carers' names, the adopters, an employer) and "
    "where the child lives, lived or goes to school (postcodes, addresses, schools, the "
    "reference numbers of homes and settings) are withheld, for example [redacted: carer].",
    "Free text (contact reasons, decisions' rationales, case notes, visit notes, chronology "
    "summaries, audit descriptions) is searched for the names of every third party linked to "
    "the child, and of other people recorded in Sightline named in full, in any case and "
    "spelling with or without accents, and for the values withheld above; and for "
    "identifiers (NHS numbers in any spacing, pupil numbers, other children's LA child IDs), "
    "postcodes, street addresses, phone numbers, email addresses and other people's dates of "
    "birth. Each is replaced. The child's own names and identifiers are never replaced.",
    "Staff are professionals acting in their role and are not redacted: the names of workers, "
    "teams and staff user names are shown as recorded.",
    "People never recorded as a person in Sightline can be found only by the forms above: the "
    "data protection officer reads the free text before release. Every replacement is listed, "
    "with the original text, in a separate list kept by the officer and never released.",
)


# --- Which record types ---------------------------------------------------------------------


def _is_person_fk(f: Any) -> bool:
    return isinstance(f, models.ForeignKey) and f.related_model is Person


def _is_sightline(model: type[models.Model]) -> bool:
    return model._meta.app_config is not None and model._meta.app_config.name.startswith(
        "sightline."
    )


def subject_lookups(model: type[models.Model]) -> tuple[str, ...]:
    """How rows of ``model`` about the child are found; () when the model holds none."""
    label = model._meta.label
    if label in SUBJECT_LOOKUPS:
        return SUBJECT_LOOKUPS[label]
    if any(f.name == SUBJECT_FIELD and _is_person_fk(f) for f in model._meta.concrete_fields):
        return (SUBJECT_FIELD,)
    return ()


def subject_models() -> list[type[models.Model]]:
    """Every record type about a child, in the document's (journey) order."""
    found = [m for m in apps.get_models() if _is_sightline(m) and subject_lookups(m)]
    position = {label: float(i) for i, label in enumerate(JOURNEY_ORDER)}
    later = position[LATER_APPS_AFTER] + 0.5
    return sorted(found, key=lambda m: position.get(m._meta.label, later))  # stable: app order


def title_of(model: type[models.Model]) -> str:
    label = model._meta.label
    if label in TITLES:
        return TITLES[label]
    plural = str(model._meta.verbose_name_plural)
    return plural[:1].upper() + plural[1:]


# --- Third parties -------------------------------------------------------------------------


@dataclass
class ThirdParty:
    pk: int
    given_name: str
    family_name: str
    details: dict[str, Any]
    labels: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return " / ".join(dict.fromkeys(self.labels)) or THIRD_PARTY

    @property
    def replacement(self) -> str:
        return f"[redacted: {self.label}]"


# --- Collecting -----------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """A value as JSON holds it: dates ISO, times local ISO, decimals as text."""
    if isinstance(value, datetime):
        return (timezone.localtime(value) if timezone.is_aware(value) else value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


@dataclass
class _Table:
    model: type[models.Model]
    fields: list[Any]
    rows: list[dict[str, Any]]
    m2m: dict[str, dict[int, list[int]]]


def _fetch(model: type[models.Model], child: Person) -> _Table:
    """The model's rows about the child (one query) and its many-to-many links (one each)."""
    query = Q()
    for lookup in subject_lookups(model):
        query |= Q(**{lookup: child.pk})
    if model is AuditEvent:  # and the searches that listed the child in their results
        query |= Q(pk__in=SearchListing.objects.filter(listed_id=child.pk).values("event_id"))
    fields = list(model._meta.concrete_fields)
    ordering = [str(o) for o in (model._meta.ordering or ())] or ["pk"]
    rows = list(
        model._default_manager.filter(query)
        .order_by(*ordering, "pk")
        .values(*[f.attname for f in fields])
    )
    m2m: dict[str, dict[int, list[int]]] = {}
    pk_name = _pk_name(model)
    ids = [row[pk_name] for row in rows]
    m2m_field: Any
    for m2m_field in model._meta.many_to_many:
        through: Any = m2m_field.remote_field.through
        source = through._meta.get_field(m2m_field.m2m_field_name()).attname
        target = through._meta.get_field(m2m_field.m2m_reverse_field_name()).attname
        links: dict[int, list[int]] = defaultdict(list)
        if ids:
            pairs = through._default_manager.filter(**{f"{source}__in": ids}).order_by(target)
            for src, tgt in pairs.values_list(source, target):
                links[src].append(tgt)
        m2m[m2m_field.name] = links
    return _Table(model, fields, rows, m2m)


def _pk_name(model: type[models.Model]) -> str:
    pk: Any = model._meta.pk
    return str(pk.attname)


def _related_model(f: Any) -> Any:
    return f.related_model


def _free_text_strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _free_text_strings(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _free_text_strings(v)


_CAPITALISED = re.compile(r"(?<!\w)[^\W\d_][\w'\u2019\-]+")
_ID_LIKE = re.compile(r"(?<!\w)(?=[\w\-/]*\d)[A-Za-z0-9][\w\-/]{3,}(?!\w)")
_CHUNK = 900  # parameters per query, within every database's limit


def _others_named(texts: list[str], child: Person, linked: set[int]) -> list[Term]:
    """Other people recorded in Sightline that the free text names in full, and other
    children's LA child IDs in it: read in one query (per 900 words), not per text."""
    words: set[str] = set()
    ids: set[str] = set()
    pairs: set[str] = set()
    for text in texts:
        for word in _CAPITALISED.findall(text):
            for part in {word, *re.split(r"[\-'\u2019]", word)}:
                if len(part) >= 2:
                    words.update({part, part[:1].upper() + part[1:].lower()})
        ids.update(_ID_LIKE.findall(text))
        tokens = re.findall(r"\w+", folded(text))
        pairs.update(" ".join(pair) for pair in itertools.pairwise(tokens))
    if not words and not ids:
        return []
    found: list[Term] = []
    wanted = sorted(words) + sorted(ids)
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        rows = (
            Person.objects.filter(Q(family_name__in=chunk) | Q(la_child_id__in=chunk))
            .exclude(pk__in={child.pk, *linked})
            .values_list("given_name", "family_name", "la_child_id")
        )
        for given, family, la_child_id in rows:
            full = " ".join(re.findall(r"\w+", folded(f"{given} {family}")))
            if (len(full.split()) == 2 and full in pairs) or _contains_pair(full, pairs):
                found.append(Term(f"{given} {family}", RULE_NAME, "[redacted: third party]", True))
            if la_child_id and la_child_id in ids:
                found.append(Term(la_child_id, RULE_ID, "[redacted: another child]"))
    return found


def _contains_pair(full: str, pairs: set[str]) -> bool:
    """A name of three or more words (Mary Jane Smith) named in full: each pair of its words
    in the text."""
    words = full.split()
    return len(words) > 2 and all(" ".join(p) in pairs for p in itertools.pairwise(words))


def _terms_for(
    parties: Iterable[ThirdParty], withheld: Iterable[tuple[str, Rule]], own_family: str
) -> list[Term]:
    """The names and identifiers of the third parties the records point at, and the values
    withheld from the records (with the names in a carer's name), as free-text terms. A
    relative who shares the child's family name keeps it: their full name is not a term."""
    terms: list[Term] = []
    for party in parties:
        names = [party.given_name, party.family_name]
        if folded(" ".join(party.family_name.split())) != folded(own_family):
            names.append(f"{party.given_name} {party.family_name}")
        names += re.split(r"[\s\-]+", party.given_name) + re.split(r"[\s\-]+", party.family_name)
        terms += [Term(n, RULE_NAME, party.replacement, True) for n in names if len(n) >= 2]
        la_child_id = str(party.details.get("la_child_id") or "").strip()
        if len(la_child_id) >= 4:
            terms.append(Term(la_child_id, RULE_ID, party.replacement))
    for value, rule in withheld:
        if len(value.strip()) >= 3:
            terms.append(Term(value, RULE_WITHHELD, rule.replacement))
        if rule.names:
            terms += [Term(w, RULE_NAME, rule.replacement, True) for w in name_words(value)]
    return terms


def _identifiers_of(parties: Iterable[ThirdParty]) -> dict[str, str]:
    found: dict[str, str] = {}
    for party in parties:
        for ident in ("nhs_number", "upn"):
            value = str(party.details.get(ident) or "").strip()
            if value:
                found[value] = party.replacement
    return found


def collect(child: Person) -> dict[str, Any]:
    """Everything held about the child, redacted by rule, with the list of redactions.

    One query per record type (and per many-to-many field), one per kind of record the rows
    point at (people, workers, teams, users), one each for every worker's and team's name
    (kept in free text) and one (per 900 words) for other people the free text names: nothing
    is read child by child or row by row.
    """
    user_model = get_user_model()
    tables = [_fetch(model, child) for model in subject_models()]

    people, workers, teams, users = _pointed_at(tables, child, user_model)
    detail_names = [name for name, _ in PERSON_DETAILS]

    # Third parties and what they are to the child.
    parties = {
        pk: ThirdParty(pk, p["given_name"] or "", p["family_name"] or "", p)
        for pk, p in people.items()
    }
    for table in tables:
        if table.model is Relationship:
            for r in table.rows:
                if r["person_id"] == child.pk and r["relative_id"] in parties:
                    kind = Relationship.Kind(r["kind"]).label.lower()
                    parties[r["relative_id"]].labels.append(kind)
                elif r["relative_id"] == child.pk and r["person_id"] in parties:
                    parties[r["person_id"]].labels.append(REVERSE_KIND.get(r["kind"], THIRD_PARTY))

    # What each field may disclose (disclosure.py), the values withheld and the free text.
    rules = {
        table.model: {f.name: rule_for(table.model, f.name) for f in _all_fields(table.model)}
        for table in tables
    }
    withheld: list[tuple[str, Rule]] = []
    texts: list[str] = []
    for table in tables:
        for f in table.fields:
            rule = rules[table.model][f.name]
            if rule.kind in WITHHELD:
                withheld += [(str(r[f.attname]), rule) for r in table.rows if r[f.attname]]
            elif rule.kind == Disclosure.FREE_TEXT:
                for r in table.rows:
                    texts += _free_text_strings(r[f.attname])

    # Every worker's and team's name is kept in free text, not only those the rows point at:
    # notes name staff who were never allocated (one query each, not per row).
    staff = [
        f"{given} {family}"
        for given, family in Worker.objects.values_list("given_name", "family_name")
    ]
    staff += [*Team.objects.values_list("name", flat=True), *(str(u) for u in users.values())]
    for table in tables:
        if table.model._meta.label == "access.AuditEvent":
            staff += [r["username"] for r in table.rows]
    staff_keys = {" ".join(re.findall(r"\w+", folded(s))) for s in staff}
    others = [  # a person recorded in Sightline who shares a worker's name: the worker is kept
        t
        for t in _others_named(texts, child, set(parties))
        if " ".join(re.findall(r"\w+", folded(t.phrase))) not in staff_keys
    ]
    terms = _terms_for(parties.values(), withheld, child.family_name) + others
    redactor = Redactor(
        terms=terms,
        own_names=[child.given_name, child.family_name],
        own_identifiers=[
            i for i in (child.nhs_number, child.upn, child.former_upn, child.la_child_id) if i
        ],
        own_birth_date=child.birth_date,
        staff=staff,
        births={
            p.details["birth_date"]: p.replacement
            for p in parties.values()
            if p.details.get("birth_date") and p.details["birth_date"] != child.birth_date
        },
        identifiers=_identifiers_of(parties.values()),
    )
    own_family = " ".join(child.family_name.split()).casefold()
    subject_details = {name: getattr(child, name) for name in detail_names}

    redactions: list[dict[str, Any]] = []
    kept: list[dict[str, Any]] = []
    records: dict[str, Any] = {}
    names: dict[Any, dict[int, str]] = {Worker: workers, Team: teams, user_model: users}

    for table in tables:
        label = table.model._meta.label
        pk_name = _pk_name(table.model)
        lookups = subject_lookups(table.model)
        declared = rules[table.model]
        out_rows: list[dict[str, Any]] = []

        def note(
            record_id: Any,
            column: str,
            rule: str,
            original: Any,
            replacement: str,
            *,
            label: str = label,
        ) -> None:
            redactions.append(
                {
                    "record_type": label,
                    "record_id": record_id,
                    "field": column,
                    "rule": rule,
                    "original": _plain(original),
                    "replacement": replacement,
                }
            )

        columns = _columns(table, lookups, user_model)

        for raw in table.rows:
            record_id = raw[pk_name]
            row: dict[str, Any] = {}
            for f in table.fields:
                value = raw[f.attname]
                rule = declared[f.name]
                if _is_person_fk(f):
                    if lookups == (f.name,):
                        continue
                    if value is None:
                        row.update({f"{f.name}_{name}": None for name, _ in PERSON_DETAILS})
                        continue
                    if value == child.pk:
                        for name, _ in PERSON_DETAILS:
                            row[f"{f.name}_{name}"] = _plain(subject_details[name])
                        continue
                    party = parties.get(value) or ThirdParty(value, "", "", {})  # row gone
                    _party_details(row, f.name, party, own_family, label, record_id, kept, note)
                    continue
                column = f.attname if _shows_record_id(f, user_model) else f.name
                if rule.kind in WITHHELD:
                    if value in (None, ""):
                        row[column] = value
                    else:
                        row[column] = rule.replacement
                        note(
                            record_id,
                            column,
                            f"{RULE_FIELD} ({rule.kind})",
                            value,
                            rule.replacement,
                        )
                    continue
                key, shown = _shown(f, value, rule, names, redactor, note, record_id)
                row[key] = shown
            _m2m_values(row, table, record_id, declared, names, note)
            out_rows.append(row)

        records[label] = {
            "title": title_of(table.model),
            "count": len(out_rows),
            "columns": columns,
            "rows": out_rows,
        }

    authority = getattr(settings, "AUTHORITY", {})
    return {
        "subject": {
            "la_child_id": child.la_child_id,
            "name": child.full_name,
            "birth_date": _plain(child.birth_date),
        },
        "authority": str(authority.get("name", "")),
        "synthetic": bool(authority.get("synthetic", True)),
        "generated_on": timezone.localdate().isoformat(),
        "rules": list(RULES),
        "records": records,
        "redactions": redactions,
        "kept": kept,
    }


def _pointed_at(
    tables: list[Any], child: Person, user_model: Any
) -> tuple[dict[int, dict[str, Any]], dict[int, str], dict[int, str], dict[int, str]]:
    """What the rows point at, read in one query per target model: other people (with their
    details), workers' and teams' names, users' usernames."""
    wanted: dict[Any, set[int]] = defaultdict(set)
    for table in tables:
        for f in table.fields:
            if f.is_relation and f.attname != f.name:
                wanted[_related_model(f)].update(
                    r[f.attname] for r in table.rows if r[f.attname] is not None
                )
        for f in table.model._meta.many_to_many:
            target_model = _related_model(f)
            for targets in table.m2m[f.name].values():
                wanted[target_model].update(targets)
    wanted[Person].discard(child.pk)
    detail_names = [name for name, _ in PERSON_DETAILS]
    people = {
        p["id"]: p
        for p in Person.objects.filter(pk__in=wanted.pop(Person, set())).values("id", *detail_names)
    }
    workers = {
        w["id"]: f"{w['given_name']} {w['family_name']}"
        for w in Worker.objects.filter(pk__in=wanted.pop(Worker, set())).values(
            "id", "given_name", "family_name"
        )
    }
    teams = dict(Team.objects.filter(pk__in=wanted.pop(Team, set())).values_list("id", "name"))
    users = dict(
        user_model._default_manager.filter(pk__in=wanted.pop(user_model, set())).values_list(
            "id", user_model.USERNAME_FIELD
        )
    )
    return people, workers, teams, users


def _columns(table: Any, lookups: tuple[str, ...], user_model: Any) -> list[dict[str, str]]:
    """The export's columns for a table: a person's details in place of the person, the id of
    a record the rows point at, names for workers, teams and users."""
    columns: list[dict[str, str]] = []
    for f in table.fields:
        if _is_person_fk(f) and lookups == (f.name,):
            continue  # every row is the child's: the column says nothing
        verbose = str(f.verbose_name)
        if _is_person_fk(f):
            for name, what in PERSON_DETAILS:
                columns.append({"name": f"{f.name}_{name}", "label": f"{verbose}: {what}"})
        elif (
            f.is_relation
            and f.attname != f.name
            and _related_model(f) not in (Worker, Team, user_model)
        ):
            columns.append({"name": f.attname, "label": f"{verbose} (record id)"})
        else:
            columns.append({"name": f.name, "label": "Id" if f.primary_key else verbose})
    for f in table.model._meta.many_to_many:
        columns.append({"name": f.name, "label": str(f.verbose_name)})
    for spec in columns:
        spec["label"] = spec["label"][:1].upper() + spec["label"][1:]
    return columns


def _party_details(
    row: dict[str, Any],
    field: str,
    party: ThirdParty,
    own_family: str,
    label: str,
    record_id: Any,
    kept: list[dict[str, Any]],
    note: Callable[..., None],
) -> None:
    """A third party's details in a row: each replaced (and noted), or kept where it is empty
    or is the child's own family name."""
    for name, what in PERSON_DETAILS:
        column = f"{field}_{name}"
        original = party.details.get(name)
        if original in (None, ""):
            row[column] = original
        elif name == "family_name" and " ".join(str(original).split()).casefold() == own_family:
            row[column] = original
            kept.append(
                {
                    "record_type": label,
                    "record_id": record_id,
                    "field": column,
                    "value": original,
                    "reason": "the third party's family name is also the child's own",
                }
            )
        else:
            row[column] = party.replacement
            kind = RULE_PERSON if name.endswith("_name") else RULE_DETAIL
            note(record_id, column, f"{kind} ({what})", original, party.replacement)


def _shown(
    f: Any,
    value: Any,
    rule: Rule,
    names: dict[Any, dict[int, str]],
    redactor: Redactor,
    note: Callable[..., None],
    record_id: Any,
) -> tuple[str, Any]:
    """A field that is neither a person nor withheld, as the export shows it: the name of the
    worker, team or user it points at, a record's id, a code's label, the value, or free text
    scanned for what it must not disclose. Returns the column and the value."""
    target = _related_model(f) if f.is_relation else None
    if target is not None and target in names:
        return f.name, names[target].get(value) if value is not None else None
    if target is not None:
        return f.attname, value
    if f.choices and value not in (None, ""):
        return f.name, str(dict(f.flatchoices).get(value, value))
    if rule.kind != Disclosure.FREE_TEXT:
        return f.name, _plain(value)
    if isinstance(value, str):
        return f.name, _scan(value, redactor, note, record_id, f.name)
    return f.name, _scan_json(value, redactor, note, record_id, f.name)


def _m2m_values(
    row: dict[str, Any],
    table: Any,
    record_id: Any,
    declared: dict[str, Rule],
    names: dict[Any, dict[int, str]],
    note: Callable[..., None],
) -> None:
    """A row's many-to-many fields: withheld (and noted), or the names they point at."""
    for f in table.model._meta.many_to_many:
        rule = declared[f.name]
        ids = table.m2m[f.name].get(record_id, [])
        if rule.kind in WITHHELD:
            row[f.name] = [rule.replacement for _ in ids]
            for i in ids:
                note(record_id, f.name, f"{RULE_FIELD} ({rule.kind})", i, rule.replacement)
            continue
        named = names.get(_related_model(f))
        row[f.name] = [named.get(i, i) if named is not None else i for i in ids]


def _all_fields(model: type[models.Model]) -> list[Any]:
    return [*model._meta.concrete_fields, *model._meta.many_to_many]


def _shows_record_id(f: Any, user_model: Any) -> bool:
    return bool(
        f.is_relation
        and f.attname != f.name
        and _related_model(f) not in (Worker, Team, user_model)
    )


def _scan(value: str, redactor: Redactor, note: Any, record_id: Any, column: str) -> str:
    text, found = redactor.text(value)
    for rule, original, replacement in found:
        note(record_id, column, rule, original, replacement)
    return text


def _scan_json(value: Any, redactor: Redactor, note: Any, record_id: Any, column: str) -> Any:
    if isinstance(value, str):
        return _scan(value, redactor, note, record_id, column)
    if isinstance(value, dict):
        return {str(k): _scan_json(v, redactor, note, record_id, column) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_scan_json(v, redactor, note, record_id, column) for v in value]
    return _plain(value)


# --- Writing --------------------------------------------------------------------------------


_ISO_TIME = re.compile(r"^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})[\d:.]*(?:[+-]\d{2}:\d{2}|Z)?$")


def _display(value: Any) -> str:
    """A value as the document shows it: Yes/No, lists joined, times to the minute."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        return ", ".join(_display(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, str) and (moment := _ISO_TIME.match(value)):
        return f"{moment.group(1)} {moment.group(2)}"
    return str(value)


def render_html(data: dict[str, Any]) -> str:
    """The document for release as one self-contained HTML page (every value escaped by the
    template engine). It holds no original of a redacted value."""
    sections = []
    for label, section in data["records"].items():
        names = [c["name"] for c in section["columns"]]
        sections.append(
            {
                "label": label,
                "anchor": label.replace(".", "-").lower(),
                "title": section["title"],
                "count": section["count"],
                "headers": [c["label"] for c in section["columns"]],
                "cells": [[_display(row.get(n)) for n in names] for row in section["rows"]],
            }
        )
    return render_to_string("access/sar.html", {"data": data, "sections": sections})


def render_officer_html(data: dict[str, Any]) -> str:
    """The officer's list of redactions (and third-party details kept) as one HTML page."""
    redactions = [
        [
            r["record_type"],
            _display(r["record_id"]),
            r["field"],
            r["rule"],
            _display(r["original"]),
            r["replacement"],
        ]
        for r in data["redactions"]
    ]
    return render_to_string(
        "access/sar_redactions.html",
        {"data": data, "redactions": redactions, "kept": data["kept"]},
    )


def release_of(data: dict[str, Any]) -> dict[str, Any]:
    """What is released: ``collect``'s result without the originals (the redactions and the
    details kept), with how many redactions were made."""
    release = {k: v for k, v in data.items() if k not in ("redactions", "kept")}
    release["redaction_count"] = len(data["redactions"])
    return release


def officer_of(data: dict[str, Any]) -> dict[str, Any]:
    """The data protection officer's list: never released."""
    return {
        "notice": OFFICER_NOTICE,
        "subject": data["subject"],
        "generated_on": data["generated_on"],
        "redactions": data["redactions"],
        "kept": data["kept"],
    }


OFFICER_NOTICE = (
    "For the data protection officer only: never release this file. It lists the original "
    "values withheld from the subject access documents, to check each redaction."
)


class SarFiles(NamedTuple):
    json: Path  # for release
    html: Path  # for release
    redactions_json: Path  # the officer's list, never released
    redactions_html: Path  # the officer's list, never released


def file_names(la_child_id: str) -> tuple[str, str, str, str]:
    stem = f"sar-{la_child_id}"
    return f"{stem}.json", f"{stem}.html", f"{stem}-redactions.json", f"{stem}-redactions.html"


def write_sar(child: Person, out_dir: Path | str, data: dict[str, Any] | None = None) -> SarFiles:
    """Write the documents for release (``sar-<la_child_id>.json`` and ``.html``) and the
    officer's list (``sar-<la_child_id>-redactions.json`` and ``.html``) into ``out_dir``.

    ``data`` is ``collect(child)``'s result when the caller already has it (it is collected
    here otherwise). The folder is created if needed.
    """
    if data is None:
        data = collect(child)
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    files = SarFiles(*(folder / name for name in file_names(child.la_child_id or str(child.pk))))
    release = release_of(data)
    officer = officer_of(data)
    files.json.write_text(_json(release), encoding="utf-8")
    files.html.write_text(render_html(release), encoding="utf-8")
    files.redactions_json.write_text(_json(officer), encoding="utf-8")
    files.redactions_html.write_text(render_officer_html(officer), encoding="utf-8")
    return files


def _json(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


# --- From the browser (decision 0031) -------------------------------------------------------

RELEASE = "release"
REDACTIONS = "redactions"


def _zip(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for name, text in files.items():
            bundle.writestr(name, text.encode("utf-8"))
    return buffer.getvalue()


def download(child: Person, part: str) -> tuple[str, bytes, int]:
    """One part of the export as a zip, for the data protection officer's page: ``RELEASE``
    (``sar-<id>.json`` and ``.html``, the documents for release) or ``REDACTIONS`` (the
    officer's list, never released). Collected and audited as an export in one transaction,
    as the command does: no file leaves without its audit row. Returns the file name, the
    bytes and the number of redactions."""
    from sightline.access.audit import record_export

    if part not in (RELEASE, REDACTIONS):
        raise ValueError(f"{part!r} is not a part of a subject access export")
    la_child_id = child.la_child_id or str(child.pk)
    names = file_names(la_child_id)
    with transaction.atomic():
        data = collect(child)
        redactions = len(data["redactions"])
        what = "documents for release" if part == RELEASE else "redaction list (officer only)"
        record_export(
            f"Subject access request export of {la_child_id} ({redactions} redactions): {what}",
            {
                "command": "sar",
                "via": "browser",
                "part": part,
                "la_child_id": la_child_id,
                "files": list(names[:2] if part == RELEASE else names[2:]),
                "records": {k: v["count"] for k, v in data["records"].items()},
                "redactions": redactions,
            },
            child_id=child.pk,
        )
        if part == RELEASE:
            release = release_of(data)
            files = {names[0]: _json(release), names[1]: render_html(release)}
            name = f"sar-{la_child_id}.zip"
        else:
            officer = officer_of(data)
            files = {names[2]: _json(officer), names[3]: render_officer_html(officer)}
            name = f"sar-{la_child_id}-redactions.zip"
    return name, _zip(files), redactions
