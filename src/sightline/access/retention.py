"""Retention: how long each kind of record about a child is kept, why, and which are now due.

The schedule is data (``SCHEDULE``): one entry per record type, keyed by model label, or by
``"<app>.*"`` for every model of an app without an entry of its own (so the care and leaving
care apps are covered the day they are added). Each entry has

- ``rule``: the rule in words, as the report prints it;
- ``from``: what the period runs from: ``"birth"``, the child's date of birth (the expected
  date for an unborn child), or ``"event"``, the day the row was written (only the audit
  trail's rows that name no child: ``"access.AuditEvent:<action>"``, one entry per kind of
  row, since a sign-in or a search belongs to no one child's record);
- ``years``: how long after that the record is due;
- ``action``: what happens when it is due: ``"review"`` (a person decides: keep longer for a
  reason recorded on the file, or erase) or ``"erase"``;
- ``basis``: why, with a citation. ``[S]`` marks a statement checked against a published
  source (named in the text); ``[U]`` marks a local decision or an assumption nobody has
  checked against a source — an authority should confirm or replace it;
- ``whole_case_record`` (optional): a child with any record of this type has *all* their
  records kept at least as long as this rule (the looked-after rule: regulation 50 covers the
  child's whole case record);
- ``future`` (optional): the record type does not exist in Sightline yet.

An authority overrides it in settings::

    SIGHTLINE_RETENTION = {
        "protection.ChildProtectionPlan": {"years": 35, "basis": "Local decision, 2027 ..."},
        "frontdoor.Contact": {"years": 21},
        "access.Notice": None,  # remove the entry (the report then shows "no rule")
    }

Each given entry is merged key by key over the default one (or added whole); ``None`` removes
it. A bad value stops the report with a message naming the setting.

``due_for_review(as_of)`` counts, per record type, the records due on or before ``as_of``:
one query per record type, no loop over children. A record is due when its anchor date plus the
period has passed, which is the same test as "the anchor is on or before ``as_of`` minus the
period" — so the query compares the child's birth date with one cut-off date and needs no date
arithmetic in SQL (the same on SQLite and PostgreSQL). Adding years follows CONTRACTS.md
("Working days and periods"): 29 February plus a year is 28 February.

Not scheduled here: adults' person records (relatives are third parties held for the children
they relate to; review them with those children's records), and legal holds (an inquiry's
instruction not to destroy, such as the Independent Inquiry into Child Sexual Abuse's in
2015-2023 [S: published notices in councils' procedures]) — which is why most actions are
"review", not "erase".
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import Count, F, Min, Q
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils import timezone

from sightline.access.models import AuditEvent
from sightline.access.sar import subject_lookups, subject_models, title_of
from sightline.people.models import Person

ACTIONS = ("review", "erase")

_CHILD_LEVEL_BASIS = (
    "No statute sets a period for the records of a child who was never looked after. Local "
    "decision [U], following the IRMS Information Management Toolkit for Schools, which keeps "
    "a pupil's record, and any child protection information on it, to the date of birth + 25 "
    "years and then reviews it [S: a published summary of the IRMS toolkit's entry; the "
    "toolkit itself not read]. Practice differs: some authorities keep child protection "
    "records 35 years after the case closes, a policy the High Court found lawful in R (C) v "
    "Northumberland County Council [2015] EWHC 2134 (Admin) [S]; others keep children-in-need "
    "records to 18 plus 3 years of inactivity [S: Devon County Council retention schedule]."
)
_UNTIL_25 = "Until the child's 25th birthday, then review"


def _child_level(basis_extra: str = "", action: str = "review") -> dict[str, Any]:
    basis = _CHILD_LEVEL_BASIS + (f" {basis_extra}" if basis_extra else "")
    rule = _UNTIL_25 if action == "review" else "Until the child's 25th birthday, then erase"
    return {"rule": rule, "from": "birth", "years": 25, "action": action, "basis": basis}


_LOOKED_AFTER_BASIS = (
    "Care Planning, Placement and Case Review (England) Regulations 2010 (SI 2010/959), "
    "regulation 50: the responsible authority keeps the case record of a looked-after child "
    "until the 75th anniversary of the child's birth, or for 15 years from the child's death if "
    "the child dies before 18 [S: regulation 50 as cited in councils' published retention "
    "procedures, e.g. London Borough of Merton's, and the same wording in regulation 9 of the "
    "Arrangements for Placement of Children (General) Regulations 1991 it replaced; the 2010 "
    "text itself not read]. The whole "
    "case record is covered, so every record of a child who has been looked after is kept this "
    "long. A child who died before 18 is reported at the 75th birthday, the later date, so "
    "nothing is erased early [U: the 15-years-from-death branch is not computed]."
)

AUDIT_KIND = "access.AuditEvent:"
_AUDIT_ERASURE = (
    " `sightline audit prune` erases the row's content (who, what, detail, address) and keeps "
    "its time, kind and hashes, so the chain still verifies (decision 0012)."
)
_SIX_YEARS = (
    "Six years from the event: the time within which a claim about it can be brought (Limitation "
    "Act 1980, s. 2 [S]); a local decision [U]."
)


def _from_event(years: int, action: str, basis: str) -> dict[str, Any]:
    verb = "erase" if action == "erase" else "review"
    rule = f"{years} years from the event, then {verb}"
    return {"rule": rule, "from": "event", "years": years, "action": action, "basis": basis}


# Rows of the audit trail that name no child, by kind (AuditEvent.Action): each has a rule.
_AUDIT_KINDS: dict[str, dict[str, Any]] = {
    "sign_in": _from_event(
        2,
        "erase",
        "A sign-in names a member of staff and an address, no child. Kept two years to "
        "investigate misuse of an account; the lockout needs only the last 15 minutes. A local "
        "decision [U]." + _AUDIT_ERASURE,
    ),
    "sign_in_failed": _from_event(
        2,
        "erase",
        "A failed sign-in names the username typed and an address. Kept two years, like sign-ins, "
        "to investigate attempts on accounts. A local decision [U]." + _AUDIT_ERASURE,
    ),
    "search": _from_event(
        6,
        "erase",
        "A search for children: the terms typed (names, dates of birth) and how many were found. "
        + _SIX_YEARS
        + " Where a search row lists the children shown, a child's own record keeps longer; "
        "the list of who saw a child in results then goes with this rule [U]." + _AUDIT_ERASURE,
    ),
    "export": _from_event(
        6,
        "erase",
        "An export of a statutory return or a list, naming no one child. "
        + _SIX_YEARS
        + _AUDIT_ERASURE,
    ),
    "import": _from_event(
        6, "erase", "An import of a statutory return. " + _SIX_YEARS + _AUDIT_ERASURE
    ),
    "view": _from_event(
        6, "erase", "A view naming no child (none is written today). " + _SIX_YEARS + _AUDIT_ERASURE
    ),
    "change": _from_event(
        6,
        "erase",
        "A change naming no child (a record about no one child). " + _SIX_YEARS + _AUDIT_ERASURE,
    ),
    "break_glass": _from_event(
        6,
        "erase",
        "Break-glass always names a child; a row without one is kept as other rows. "
        + _SIX_YEARS
        + _AUDIT_ERASURE,
    ),
    "checkpoint": _from_event(
        75,
        "review",
        "A checkpoint holds no personal data, only the chain's head and length; it is kept as "
        "long as the longest record so that the chain stays anchored [U].",
    ),
}

SCHEDULE: dict[str, dict[str, Any]] = {
    "people.Person": _child_level(
        "The child's own person record (identity) is kept while any of their records is; "
        "adults are not scheduled here [U]."
    ),
    "people.PersonDisability": _child_level(),
    "people.Relationship": _child_level(
        "Held about the child (the person the relationship is recorded for) [U]."
    ),
    "frontdoor.Contact": _child_level(
        "Contacts that led to no further action are kept as long as the rest of the child's "
        "record so that a pattern of contacts stays visible [U]."
    ),
    "frontdoor.EarlyHelpEpisode": _child_level(),
    "protection.Referral": _child_level(),
    "protection.Assessment": _child_level(),
    "protection.StrategyDiscussion": _child_level(),
    "protection.Section47Enquiry": _child_level(),
    "protection.ChildProtectionConference": _child_level(),
    "protection.ChildProtectionPlan": _child_level(),
    "protection.ChildInNeedPlan": _child_level(),
    # A homeless 16/17-year-old's presentation is a child in need record unless they become
    # looked after (their period of care then brings the whole record under regulation 50).
    "leaving_care.HomelessPresentation": _child_level(),
    "protection.PreProceedings": _child_level(),
    "protection.Visit": _child_level(),
    "protection.CoreGroupMeeting": _child_level(),
    "protection.ChildInNeedMeeting": _child_level(),
    "protection.AllegationToLADO": _child_level(
        "Kept with the child's record. The record of the allegation about the adult is a "
        "separate matter for the employer and the LADO's own files (Keeping Children Safe in "
        "Education keeps it to the adult's normal pension age or 10 years, whichever is "
        "longer) and is not scheduled here [U]."
    ),
    "protection.PrivateFosteringArrangement": _child_level(),
    "protection.CareProceedings": _child_level(
        "A child subject to care proceedings is often looked after; when they are, the "
        "looked-after rule (75th birthday) applies to the whole case record [U]."
    ),
    "workforce.Allocation": _child_level(),
    "chronology.ChronologyEntry": _child_level(),
    "chronology.CaseNote": _child_level(),
    "chronology.Correction": _child_level(
        "Kept with the entries it corrects: the history of what the record said (decision 0026)."
    ),
    "access.RestrictedRecord": _child_level(
        "The restriction lasts as long as the record it protects [U]."
    ),
    "access.BreakGlassAccess": _child_level(
        "Who opened the record in an emergency is part of its history of disclosure [U]."
    ),
    "access.Notice": _child_level(
        "An in-app notice has no use once read; what it announced is in the audit trail [U].",
        action="erase",
    ),
    # A draft is its author's unfinished typing, not yet part of the record (decision 0020).
    "web.Draft": {
        "rule": "30 days after it was last saved, then erase",
        "from": "saved",
        "years": 0,
        "days": 30,
        "action": "erase",
        "basis": "A draft is what a worker typed into a form and did not save: not part of the "
        "child's record until saved. Kept long enough to come back to after leave or sickness, "
        "then erased by `sightline retention erase-drafts`. A local decision [U].",
    },
    "access.AuditEvent": _child_level(
        "The audit trail of a child's record (its rows that name the child) is kept as long as "
        "the record, so that the child can learn who saw it [U]. The trail is hash-chained: "
        "such rows are erased with the child's record by a method that keeps the chain "
        "verifiable (decision 0012), never by a plain delete."
    ),
    **{f"{AUDIT_KIND}{action}": entry for action, entry in _AUDIT_KINDS.items()},
    # The wildcard applies to every model of the app without an entry of its own. The care
    # and leaving_care apps exist (issue 4, in progress).
    "care.*": {
        "rule": "Until the 75th birthday for children looked after (15 years after death if the "
        "child died before 18), then review",
        "from": "birth",
        "years": 75,
        "action": "review",
        "basis": _LOOKED_AFTER_BASIS,
        "whole_case_record": True,
    },
    "timescales.Obligation": {
        "rule": "With the record it was derived from (rebuilt from the records at any time)",
        "from": "birth",
        "years": 25,
        "action": "erase",
        "basis": "Derived data: every obligation is recomputed from the child's records by "
        "`sightline timescales rebuild`, so it is kept no longer than the shortest rule for "
        "those records (25 years from birth for a child in need record) and erased with them; a "
        "looked-after child's whole case record is kept longer under regulation 50. A local "
        "decision [U].",
    },
    "validation.LiveFailure": {
        "rule": "Until the next check of the live records (each check replaces the last)",
        "from": "birth",
        "years": 25,
        "action": "erase",
        "basis": "Derived data: a failure of a DfE rule found by `sightline validate live` from "
        "the child's records, replaced in full at every check and erased with the records it "
        "was found in; the 25 years from birth is the outer bound of a child in need record "
        "that it never outlives. A local decision [U].",
    },
    "insight.StoredUnit": {
        "rule": "Until the leaders' figures are stored again (each store replaces its years)",
        "from": "birth",
        "years": 25,
        "action": "erase",
        "basis": "Derived data: that a child was counted in a figure of a complete collection "
        "year, computed from the child's records by `sightline figures store` and replaced at "
        "every store (decision 0036); erased with the records it was computed from, whose 25 "
        "years from birth it never outlives. A local decision [U].",
    },
    # Quality of practice (decision 0034): kept with the child's record it is part of.
    "quality.Oversight": _child_level(),
    "quality.OversightAction": _child_level(),
    "quality.SupervisionCase": _child_level(
        "The case-level part of a worker's supervision is part of the child's record [U]."
    ),
    "quality.CaseAudit": _child_level(
        "An audit of the child's record is kept with the record it audited [U]."
    ),
    "quality.Feedback": _child_level(
        "Feedback about one child is kept with their record; feedback about no one child is "
        "not a child's record [U]."
    ),
    "leaving_care.*": {
        "rule": "Until the 75th birthday, then review",
        "from": "birth",
        "years": 75,
        "action": "review",
        "basis": "Care leavers were looked after, so their case record falls under regulation 50 "
        "of the Care Planning, Placement and Case Review (England) Regulations 2010 [S: as "
        "above]; councils schedule after-care records to 75 years from the date of birth "
        "[S: Blackpool Council and Devon County Council retention schedules]. Keyed to the "
        "app name the leaving care issue is expected to use [U].",
        "whole_case_record": True,
    },
}

_REQUIRED = ("rule", "from", "years", "action", "basis")


def schedule() -> dict[str, dict[str, Any]]:
    """The schedule in force: ``SCHEDULE`` with the ``SIGHTLINE_RETENTION`` setting merged in."""
    merged = {key: dict(entry) for key, entry in SCHEDULE.items()}
    overrides = getattr(settings, "SIGHTLINE_RETENTION", None) or {}
    if not isinstance(overrides, dict):
        raise ImproperlyConfigured("SIGHTLINE_RETENTION must be a dict keyed by model label")
    for key, entry in overrides.items():
        if entry is None:
            merged.pop(key, None)
        elif isinstance(entry, dict):
            merged[key] = {**merged.get(key, {}), **entry}
        else:
            raise ImproperlyConfigured(f"SIGHTLINE_RETENTION[{key!r}] must be a dict or None")
    for key, entry in merged.items():
        missing = [name for name in _REQUIRED if name not in entry]
        if missing:
            raise ImproperlyConfigured(
                f"SIGHTLINE_RETENTION[{key!r}] needs {', '.join(missing)} (a new entry is given "
                "whole; a changed one only the keys it changes)"
            )
        anchor = "event" if key.startswith(AUDIT_KIND) else "saved" if key == DRAFT else "birth"
        if entry["from"] != anchor:
            raise ImproperlyConfigured(
                f"SIGHTLINE_RETENTION[{key!r}]['from'] must be {anchor!r}; got {entry['from']!r}"
            )
        years = entry["years"]
        if not isinstance(years, int) or isinstance(years, bool) or not 0 <= years <= 150:
            raise ImproperlyConfigured(
                f"SIGHTLINE_RETENTION[{key!r}]['years'] must be a whole number from 0 to 150"
            )
        if entry["action"] not in ACTIONS:
            raise ImproperlyConfigured(
                f"SIGHTLINE_RETENTION[{key!r}]['action'] must be one of {', '.join(ACTIONS)}"
            )
    return merged


def audit_kind_entries(entries: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The entries for the audit trail's rows that name no child, by action."""
    return {
        key.removeprefix(AUDIT_KIND): entry
        for key, entry in entries.items()
        if key.startswith(AUDIT_KIND)
    }


def entry_for(
    model: type[models.Model], entries: dict[str, dict[str, Any]]
) -> dict[str, Any] | None:
    """The model's own entry, else its app's wildcard entry, else None."""
    return entries.get(model._meta.label) or entries.get(f"{model._meta.app_label}.*")


# --- Dates ----------------------------------------------------------------------------------


def add_years(day: date, years: int) -> date:
    """The same day ``years`` later; 29 February becomes 28 February in a common year."""
    year = day.year + years
    if day.month == 2 and day.day == 29 and not calendar.isleap(year):
        return date(year, 2, 28)
    return day.replace(year=year)


def latest_anchor(as_of: date, years: int) -> date:
    """The latest anchor date whose ``add_years(anchor, years)`` is on or before ``as_of``."""
    year = as_of.year - years
    if (as_of.month, as_of.day) == (2, 28) and calendar.isleap(year):
        return date(year, 2, 29)  # 29 Feb + years lands on 28 Feb of a common year
    if (as_of.month, as_of.day) == (2, 29) and not calendar.isleap(year):
        return date(year, 2, 28)
    return as_of.replace(year=year)


# --- The report -----------------------------------------------------------------------------


@dataclass(frozen=True)
class RetentionRow:
    record_type: str
    title: str
    count_due: int
    earliest_due: date | None
    action: str
    rule: str
    basis: str
    future: bool = False


def _child_prefix(model: type[models.Model]) -> str:
    """The lookup from a row of ``model`` to the child it is about ("" for Person itself)."""
    lookup = subject_lookups(model)[0]
    return "" if lookup == "pk" else f"{lookup}__"


class ReportDayOutOfRange(ValueError):
    """The report day is too early for the longest rule to count back from it."""


def check_report_day(as_of: date, entries: dict[str, dict[str, Any]]) -> None:
    """Refuse a day earlier than the schedule's longest period after year 1 (the calendar's
    first), since no anchor date could be that far back."""
    longest = max((int(entry["years"]) for entry in entries.values()), default=0)
    first = longest + 1
    if as_of.year < first:
        raise ReportDayOutOfRange(
            f"{as_of.isoformat()}: the longest retention rule counts back {longest} years, "
            f"so the report day must be in the year {first} or later"
        )


def _children_with_rows(
    whole: list[tuple[type[models.Model], dict[str, Any]]],
) -> dict[int, RawSQL]:
    """Per length of the extending rules: the children with a row of any record type that
    extends the whole case record by that many years, as one SQL subquery (a UNION of each
    type's child column) compiled once for the whole report. Each type's rows are matched
    alone, as if by an EXISTS per type, without compiling 29 EXISTS into each of 65 queries."""
    by_years: dict[int, list[type[models.Model]]] = {}
    for model, entry in whole:
        by_years.setdefault(int(entry["years"]), []).append(model)
    subqueries: dict[int, RawSQL] = {}
    for years, kinds in by_years.items():
        parts: list[str] = []
        params: list[Any] = []
        for model in kinds:
            lookup = subject_lookups(model)[0]
            rows = model._default_manager.filter(**{f"{lookup}__isnull": False})
            sql, part_params = rows.order_by().values_list(lookup).query.sql_with_params()
            parts.append(sql)
            params.extend(part_params)
        subqueries[years] = RawSQL(" UNION ".join(parts), params)
    return subqueries


def due_for_review(as_of: date) -> list[RetentionRow]:
    """Per record type: how many records are due on or before ``as_of``, the earliest due date,
    and the action; one query per record type. Record types without an entry are reported
    with the action "no rule" and every record counted, so that a gap in the schedule shows."""
    entries = schedule()
    check_report_day(as_of, entries)
    models_ = subject_models()
    # Record types that extend the whole case record (looked after): a child with any row in
    # one of them has every record kept at least as long.
    whole = [(m, e) for m in models_ if (e := entry_for(m, entries)) and e.get("whole_case_record")]
    extending = _children_with_rows(whole)
    rows: list[RetentionRow] = []
    matched: set[str] = set()
    for model in models_:
        entry = entry_for(model, entries)
        prefix = _child_prefix(model)
        queryset = model._default_manager.all()
        if model is Person:
            queryset = queryset.filter(kind=Person.Kind.CHILD)
        if model is AuditEvent:
            queryset = queryset.filter(child__isnull=False)
        label = model._meta.label
        if label == DRAFT and entry is not None:
            rows.append(_draft_row(as_of, entry))
            matched.add(label)
            continue
        if entry is None:
            rows.append(
                RetentionRow(
                    label,
                    title_of(model),
                    queryset.count(),
                    None,
                    "no rule",
                    "No entry in the retention schedule",
                    "Add an entry for this record type (SIGHTLINE_RETENTION).",
                )
            )
            continue
        matched.add(label if label in entries else f"{model._meta.app_label}.*")
        child_pk = f"{prefix}pk" if prefix else "pk"
        born = Coalesce(F(f"{prefix}birth_date"), F(f"{prefix}expected_birth_date"))
        queryset = queryset.annotate(born=born)
        own_cutoff = latest_anchor(as_of, entry["years"])
        # Each extending rule applies to children with a row of its type: such a record is due
        # only when its own rule and every extending rule that applies are due.
        due = Q(born__lte=own_cutoff)
        extended_years = [entry["years"]]
        looked_after: Q | None = None
        for years, children in extending.items():
            if years <= entry["years"]:
                continue
            has_row = Q(**{f"{child_pk}__in": children})
            due &= ~has_row | Q(born__lte=latest_anchor(as_of, years))
            looked_after = has_row if looked_after is None else looked_after | has_row
            extended_years.append(years)
        if looked_after is None:
            found = queryset.filter(due).aggregate(count=Count("pk"), earliest=Min("born"))
            found["earliest_extended"] = None
        else:
            found = queryset.filter(due).aggregate(
                count=Count("pk"),
                earliest=Min("born", filter=~looked_after),
                earliest_extended=Min("born", filter=looked_after),
            )
        candidates = []
        if found["earliest"] is not None:
            candidates.append(add_years(found["earliest"], entry["years"]))
        if found["earliest_extended"] is not None:
            # Where extending rules of different lengths apply, this is the longest's: a bound.
            candidates.append(add_years(found["earliest_extended"], max(extended_years)))
        rows.append(
            RetentionRow(
                label,
                title_of(model),
                found["count"],
                min(candidates) if candidates else None,
                entry["action"],
                entry["rule"],
                entry["basis"],
                bool(entry.get("future")),
            )
        )
    rows += _audit_kind_rows(as_of, entries)
    matched.update(key for key in entries if key.startswith(AUDIT_KIND))
    for key, entry in entries.items():
        if key not in matched and entry.get("future"):
            rows.append(
                RetentionRow(
                    key,
                    f"{key} (no such records yet)",
                    0,
                    None,
                    entry["action"],
                    entry["rule"],
                    entry["basis"],
                    True,
                )
            )
    return rows


DRAFT = "web.Draft"


def draft_cutoff(as_of: date, entry: dict[str, Any] | None = None) -> datetime:
    """Drafts last saved before this moment are due for erasure on ``as_of``."""
    days = int((entry or schedule()[DRAFT]).get("days", 30))
    start = timezone.make_aware(datetime.combine(as_of, time.min))
    return start - timedelta(days=days)


def _draft_row(as_of: date, entry: dict[str, Any]) -> RetentionRow:
    from sightline.web.models import Draft

    days = int(entry.get("days", 30))
    found = Draft.objects.aggregate(
        count=Count("pk", filter=Q(saved_at__lt=draft_cutoff(as_of, entry))),
        earliest=Min("saved_at"),
    )
    earliest = found["earliest"]
    due = timezone.localdate(earliest) + timedelta(days=days) if earliest else None
    return RetentionRow(
        DRAFT,
        "Drafts of recording forms",
        found["count"],
        due,
        entry["action"],
        entry["rule"],
        entry["basis"],
    )


def erase_expired_drafts(as_of: date) -> int:
    """Delete the drafts due for erasure on ``as_of``; how many."""
    from sightline.web.models import Draft

    deleted, _ = Draft.objects.filter(saved_at__lt=draft_cutoff(as_of)).delete()
    return deleted


def _audit_kind_rows(as_of: date, entries: dict[str, dict[str, Any]]) -> list[RetentionRow]:
    """The audit trail's rows that name no child, per kind, due by their own date; one query.

    Every kind of row has an entry (``AuditEvent.Action``): a kind without one is reported as
    "no rule" with its rows counted, so that a gap shows. Rows already erased are not counted.
    """
    from sightline.access.audit import _erasure_cutoff

    kinds = audit_kind_entries(entries)
    unnamed = AuditEvent.objects.filter(child__isnull=True, pruned_on__isnull=True)
    counts: dict[str, Any] = {}
    for action in AuditEvent.Action.values:
        entry = kinds.get(action)
        of_kind = Q(action=action)
        if entry is not None:
            cutoff = _erasure_cutoff(as_of, entry["years"])
            counts[f"{action}__due"] = Count("pk", filter=of_kind & Q(at__lt=cutoff))
            counts[f"{action}__first"] = Min("at", filter=of_kind)
        else:
            counts[f"{action}__due"] = Count("pk", filter=of_kind)
    found = unnamed.aggregate(**counts)
    rows: list[RetentionRow] = []
    for action, label in AuditEvent.Action.choices:
        entry = kinds.get(action)
        key = f"{AUDIT_KIND}{action}"
        title = f"Audit trail rows naming no child: {label.lower()}"
        if entry is None:
            rows.append(
                RetentionRow(
                    key,
                    title,
                    found[f"{action}__due"],
                    None,
                    "no rule",
                    "No entry in the retention schedule",
                    "Add an entry for this kind of audit row (SIGHTLINE_RETENTION).",
                )
            )
            continue
        first = found[f"{action}__first"]
        rows.append(
            RetentionRow(
                key,
                title,
                found[f"{action}__due"],
                add_years(timezone.localtime(first).date(), entry["years"]) if first else None,
                entry["action"],
                entry["rule"],
                entry["basis"],
            )
        )
    return rows
