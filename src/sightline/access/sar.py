"""Subject access requests: everything Sightline holds about one child, third parties redacted.

``collect(child)`` gathers every record about the child, one query per record type, and
``write_sar(child, out_dir)`` writes it as ``sar-<la_child_id>.json`` and a self-contained,
readable ``sar-<la_child_id>.html``.

Which record types: found, not listed. Every model in a Sightline app with a foreign key to
``people.Person`` named ``child`` is included (referrals, visits, case notes, the chronology,
allocations, the audit trail's reads of the record, ... and every later app's, such as care and
leaving care, without a change here), plus the person record itself, their disabilities and
their relationships in both directions (``SUBJECT_LOOKUPS``). ``tests/access/test_sar.py`` fails
if a model with a ``child`` foreign key to Person is not covered.

Redaction, by rule (``RULES``, printed in the document too):

- Third parties are every other person: relatives, other adults, other children. Where a record
  points at one (a relationship's other side, any other foreign key to Person), their given
  name, family name, date of birth, NHS number, UPN and LA child ID are replaced by
  ``[redacted: <relationship>]`` (``mother``, ``father``, ``sibling``; ``third party`` when no
  relationship is recorded).
- A relative whose family name is also the child's keeps it: it is the data subject's own name.
  Only their given name is redacted (the shared family name is listed under ``kept``).
- Free text (contact reasons, rationales, case notes, visit notes, chronology summaries, audit
  descriptions: every text field that is not a code) is scanned for each third party's given
  and family names and full name (whole words, any case) and identifiers; each is replaced.
  Names that are also the child's own are never replaced.
- Staff are professionals acting in their role and are not redacted: workers' names, team names
  and usernames stay, in their fields and in free text (a worker's full name in a chronology
  summary is kept even where a relative shares a given name with the worker).
- People never recorded as a person in Sightline cannot be found by rule: the officer reads the
  free text before release. Every replacement is listed in ``redactions`` (record type, record
  id, field, rule, original, replacement) for the officer to check; the originals appear only
  there, so that list must be removed before the document is released.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

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
    "chronology.ChronologyEntry": "Chronology",
    "access.RestrictedRecord": "Restriction of the record",
    "access.BreakGlassAccess": "Emergency (break-glass) access to the record",
    "access.Notice": "Notices to staff about the record",
    "access.AuditEvent": "Who has viewed, changed or exported the record (audit trail)",
}

# Text fields that hold no free text about people (hashes, addresses, codes) or name staff.
NOT_SCANNED: frozenset[str] = frozenset(
    {
        "access.AuditEvent.username",
        "access.AuditEvent.previous_hash",
        "access.AuditEvent.entry_hash",
        "access.AuditEvent.content_hash",
        "access.AuditEvent.ip_address",
        "chronology.ChronologyEntry.event",
        "chronology.ChronologyEntry.record_type",
    }
)

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

RULE_NAME = "third-party name"
RULE_DETAIL = "third-party identifying detail"
RULE_FREE_TEXT = "third-party name in free text"
RULE_FREE_TEXT_ID = "third-party identifier in free text"

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
    "Free text (contact reasons, decisions' rationales, case notes, visit notes, chronology "
    "summaries, audit descriptions) is searched for the given names, family names and "
    "identifiers of every third party linked to the child, as whole words in any case, and each "
    "is replaced. The child's own names are never replaced.",
    "Staff are professionals acting in their role and are not redacted: the names of workers, "
    "teams and staff user names are shown as recorded.",
    "People never recorded as a person in Sightline cannot be found by these rules: the "
    "officer must read the free text before release. Every replacement is listed in the "
    "appendix, with the original text, for the officer to check; remove the appendix before "
    "the document is released to the requester.",
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


# --- Redaction ------------------------------------------------------------------------------


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


def _words(name: str) -> list[str]:
    """A name and, for a name of several parts (Mary-Jane, de Souza), each part."""
    name = " ".join(name.split())
    parts = [p for p in re.split(r"[\s\-]+", name) if len(p) >= 2]
    return list(dict.fromkeys([name, *parts] if len(parts) > 1 else [name]))


def _phrase_pattern(phrase: str) -> str:
    return r"\s+".join(re.escape(word) for word in phrase.split())


class Redactor:
    """Replaces third parties' names and identifiers in free text, keeping staff names."""

    def __init__(
        self, child_names: Iterable[str], parties: Iterable[ThirdParty], staff: Iterable[str]
    ) -> None:
        own = {w.casefold() for name in child_names for w in _words(name)}
        self.replace: dict[str, tuple[str, str]] = {}  # casefolded phrase -> (rule, replacement)
        for party in parties:
            names: list[str] = []
            if party.family_name.casefold() not in own:
                names.append(f"{party.given_name} {party.family_name}")
            names += _words(party.given_name) + _words(party.family_name)
            for name in names:
                key = " ".join(name.split()).casefold()
                if len(key) >= 2 and key not in own:
                    self._add(key, RULE_FREE_TEXT, party)
            for ident in ("nhs_number", "upn", "la_child_id"):
                value = str(party.details.get(ident) or "").strip()
                if len(value) >= 4:
                    self._add(value.casefold(), RULE_FREE_TEXT_ID, party)
        # A staff phrase that is exactly a third party's name is redacted (the safer reading).
        self.keep = {
            " ".join(s.split()).casefold() for s in staff if s.strip()
        } - self.replace.keys()
        phrases = sorted({*self.replace, *self.keep}, key=len, reverse=True)
        self.pattern = (
            re.compile(
                r"(?<!\w)(?:" + "|".join(_phrase_pattern(p) for p in phrases) + r")(?!\w)",
                re.IGNORECASE,
            )
            if self.replace
            else None
        )

    def _add(self, key: str, rule: str, party: ThirdParty) -> None:
        if key in self.replace and self.replace[key][1] != party.replacement:
            labels = self.replace[key][1][len("[redacted: ") : -1].split(" / ")
            joined = " / ".join(dict.fromkeys([*labels, party.label]))
            self.replace[key] = (rule, f"[redacted: {joined}]")
        else:
            self.replace[key] = (rule, party.replacement)

    def text(self, value: str) -> tuple[str, list[tuple[str, str, str]]]:
        """The text with third parties replaced, and each (rule, original, replacement)."""
        if self.pattern is None or not value:
            return value, []
        found: list[tuple[str, str, str]] = []

        def swap(match: re.Match[str]) -> str:
            original = match.group(0)
            hit = self.replace.get(" ".join(original.split()).casefold())
            if hit is None:  # a staff name: kept
                return original
            found.append((hit[0], original, hit[1]))
            return hit[1]

        return self.pattern.sub(swap, value), found


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


def collect(child: Person) -> dict[str, Any]:
    """Everything held about the child, redacted by rule, with the list of redactions.

    One query per record type (and per many-to-many field), one per kind of record the rows
    point at (people, workers, teams, users) and one each for every worker's and team's name
    (kept in free text): nothing is read child by child or row by row.
    """
    user_model = get_user_model()
    tables = [_fetch(model, child) for model in subject_models()]

    # What the rows point at, read in one query per target model.
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
    redactor = Redactor([child.given_name, child.family_name], parties.values(), staff)
    own_family = " ".join(child.family_name.split()).casefold()
    subject_details = {name: getattr(child, name) for name in detail_names}

    redactions: list[dict[str, Any]] = []
    kept: list[dict[str, Any]] = []
    records: dict[str, Any] = {}

    for table in tables:
        label = table.model._meta.label
        pk_name = _pk_name(table.model)
        lookups = subject_lookups(table.model)
        columns: list[dict[str, str]] = []
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
                and _related_model(f)
                not in (
                    Worker,
                    Team,
                    user_model,
                )
            ):
                columns.append({"name": f.attname, "label": f"{verbose} (record id)"})
            else:
                columns.append({"name": f.name, "label": "Id" if f.primary_key else verbose})
        for f in table.model._meta.many_to_many:
            columns.append({"name": f.name, "label": str(f.verbose_name)})
        for spec in columns:
            spec["label"] = spec["label"][:1].upper() + spec["label"][1:]

        for raw in table.rows:
            record_id = raw[pk_name]
            row: dict[str, Any] = {}
            for f in table.fields:
                value = raw[f.attname]
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
                    for name, what in PERSON_DETAILS:
                        column = f"{f.name}_{name}"
                        original = party.details.get(name)
                        if original in (None, ""):
                            row[column] = original
                        elif (
                            name == "family_name"
                            and " ".join(str(original).split()).casefold() == own_family
                        ):
                            row[column] = original
                            kept.append(
                                {
                                    "record_type": label,
                                    "record_id": record_id,
                                    "field": column,
                                    "value": original,
                                    "reason": "the third party's family name is also the "
                                    "child's own",
                                }
                            )
                        else:
                            row[column] = party.replacement
                            rule = RULE_NAME if name.endswith("_name") else RULE_DETAIL
                            note(record_id, column, f"{rule} ({what})", original, party.replacement)
                    continue
                target = _related_model(f) if f.is_relation else None
                if target is Worker:
                    row[f.name] = workers.get(value) if value is not None else None
                elif target is Team:
                    row[f.name] = teams.get(value) if value is not None else None
                elif target is not None and target is user_model:
                    row[f.name] = users.get(value) if value is not None else None
                elif target is not None:
                    row[f.attname] = value
                elif f.choices and value not in (None, ""):
                    row[f.name] = str(dict(f.flatchoices).get(value, value))
                elif f"{label}.{f.name}" in NOT_SCANNED:
                    row[f.name] = _plain(value)
                elif isinstance(value, str):
                    row[f.name] = _scan(value, redactor, note, record_id, f.name)
                elif isinstance(value, dict | list):
                    row[f.name] = _scan_json(value, redactor, note, record_id, f.name)
                else:
                    row[f.name] = _plain(value)
            for f in table.model._meta.many_to_many:
                target = _related_model(f)
                names = {Worker: workers, Team: teams, user_model: users}.get(target)
                ids = table.m2m[f.name].get(record_id, [])
                row[f.name] = [names.get(i, i) if names is not None else i for i in ids]
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
    """The SAR as one self-contained HTML page (every value escaped by the template engine)."""
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
        "access/sar.html",
        {"data": data, "sections": sections, "redactions": redactions, "kept": data["kept"]},
    )


def write_sar(
    child: Person, out_dir: Path | str, data: dict[str, Any] | None = None
) -> tuple[Path, Path]:
    """Write ``sar-<la_child_id>.json`` and ``.html`` into ``out_dir``; returns both paths.

    ``data`` is ``collect(child)``'s result when the caller already has it (it is collected
    here otherwise). The folder is created if needed.
    """
    if data is None:
        data = collect(child)
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"sar-{child.la_child_id or child.pk}"
    json_path = folder / f"{stem}.json"
    html_path = folder / f"{stem}.html"
    json_path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    html_path.write_text(render_html(data), encoding="utf-8")
    return json_path, html_path
