"""Reads for the front door's pages: the contacts waiting for a decision, and the search for the
person a new contact is about (decision 0025).

Set-based: the queue is one query for its page (and a count), whatever its length; the search
is at most three queries (the children the user may open, the others they may know exist, and
whether a restricted record they may not know of matches), never a query per child.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from datetime import date, datetime, time

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from sightline.access.policy import (
    User,
    findable_children,
    unknown_people,
    visible_children,
    visible_condition,
)
from sightline.core.calendar import working_seconds_between
from sightline.core.sql import id_in
from sightline.frontdoor.models import Contact
from sightline.people.models import Person
from sightline.people.names import sound_key, words
from sightline.timescales.catalogue import catalogue

# The front door's working day: the hours a contact's wait is counted in (CONTRACTS.md and
# decision 0002 count days; the hours within them are a local setting).
DEFAULT_HOURS = ("09:00", "17:00")
MATCH_LIMIT = 50


def now() -> datetime:
    """The moment the queue is read at (one place, so a test can set the clock)."""
    return timezone.now()


def working_hours() -> tuple[time, time]:
    opens, closes = getattr(settings, "SIGHTLINE_FRONT_DOOR_HOURS", DEFAULT_HOURS)
    return time.fromisoformat(opens), time.fromisoformat(closes)


# --- The queue ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Waiting:
    """One contact waiting for a decision, with how long it has waited and when it is due."""

    contact: Contact
    waited_seconds: int  # in working hours only
    due_on: date  # the catalogue's CONTACT_DECISION rule: one working day from receipt
    status: str  # "overdue", "due today" or "due"
    decide_url: str = ""  # the decision form, set by the page

    @property
    def child(self) -> Person:
        return self.contact.child

    @property
    def waited(self) -> str:
        """The wait in words: "Under 1 working hour", "1 working hour", "9 working hours"."""
        hours = self.waited_seconds // 3600
        if hours < 1:
            return "Under 1 working hour"
        return f"{hours} working hour{'' if hours == 1 else 's'}"


def status(received_at: datetime, today: date) -> tuple[date, str]:
    """When a contact received then must be decided by (the catalogue's CONTACT_DECISION rule,
    one working day by default) and, today, whether it is "overdue", "due today" or "due"."""
    due_on = catalogue()["CONTACT_DECISION"].offset.due(timezone.localtime(received_at).date())
    return due_on, "overdue" if today > due_on else "due today" if today == due_on else "due"


def status_counts(received: list[datetime], now: datetime) -> dict[str, int]:
    today = timezone.localdate(now)
    counts: dict[str, int] = {}
    for moment in received:
        _due, said = status(moment, today)
        counts[said] = counts.get(said, 0) + 1
    return counts


def awaiting_decision(user: User) -> QuerySet[Contact]:
    """The contacts nobody has decided, about children this user may open, oldest first."""
    return (
        Contact.objects.filter(decision="", child__in=visible_children(user))
        .select_related("child")
        .order_by("received_at", "pk")
    )


def waiting(contacts: list[Contact], now: datetime) -> list[Waiting]:
    """Each contact's wait and status, computed in memory for the rows on one page (pure
    arithmetic on the working-day calendar: no query)."""
    opens, closes = working_hours()
    local_now = timezone.localtime(now)
    today = local_now.date()
    naive_now = local_now.replace(tzinfo=None)
    rows = []
    for contact in contacts:
        received = timezone.localtime(contact.received_at)
        due_on, said = status(contact.received_at, today)
        rows.append(
            Waiting(
                contact=contact,
                waited_seconds=working_seconds_between(
                    received.replace(tzinfo=None), naive_now, opens, closes
                ),
                due_on=due_on,
                status=said,
            )
        )
    return rows


# --- The search for the person ----------------------------------------------------------------


@dataclass(frozen=True)
class Matches:
    """The children who may be the one a new contact is about.

    ``children``: those the user may open (in full, with current involvement); ``others``: those
    they may know exist but have no reason to open (name, date of birth and why they match);
    ``hidden_ids``: restricted records the user may not know of that match. The page says only,
    in one sentence that names nothing, that a possible match exists and whom to ask (decision
    0025); the ids are for the audit trail of those children, never for the page."""

    children: list[Person]
    others: list[Person]
    hidden_ids: list[int]
    more: bool = False
    limit: int = MATCH_LIMIT
    swapped: date | None = None  # the date of birth with its day and month swapped, if real

    @property
    def hidden(self) -> bool:
        return bool(self.hidden_ids)

    @property
    def count(self) -> int:
        return len(self.children) + len(self.others)

    @property
    def listed(self) -> list[int]:
        return [child.pk for child in (*self.children, *self.others)]


def swapped_date(day: date | None) -> date | None:
    """``day`` with its day and month swapped (3 April for 4 March), when that is another real
    date: a date typed the American way, or misheard on the phone."""
    if day is None or day.day > 12 or day.day == day.month:
        return None
    try:
        return date(day.year, day.day, day.month)
    except ValueError:
        return None


def name_condition(name: str) -> Q:
    """Every word typed is in the given or family name, or sounds like one of them (the front
    door's search for the person and Find a child both ask this)."""
    condition = Q()
    for typed in name.split():
        word = Q(given_name__icontains=typed) | Q(family_name__icontains=typed)
        plain = "".join(words(typed))
        if plain and plain != typed.lower():
            word |= Q(given_name__icontains=plain) | Q(family_name__icontains=plain)
        key = sound_key(typed)
        if key:
            word |= Q(given_name_key=key) | Q(family_name_key=key)
        condition &= word
    return condition


def match_condition(name: str, birth_date: date | None, nhs_number: str) -> Q:
    """Who may be the person: the same NHS number, or a name like the one typed (in letters or
    in sound) and the date of birth typed (or its day and month swapped)."""
    found = Q(pk__in=[])
    if name and birth_date is not None:
        days = [birth_date, *filter(None, [swapped_date(birth_date)])]
        born = Q(birth_date__in=days) | Q(birth_date__isnull=True, expected_birth_date__in=days)
        found |= name_condition(name) & born
    if nhs_number:
        found |= Q(nhs_number=nhs_number)
    return found


def possible_matches(
    user: User,
    *,
    name: str = "",
    birth_date: dt.date | None = None,
    nhs_number: str = "",
    limit: int = MATCH_LIMIT,
) -> Matches:
    from sightline.web.queries import INVOLVEMENTS, current_involvement_labels

    condition = match_condition(name, birth_date, nhs_number)
    visible = visible_condition(user)
    hidden_ids = unknown_people(user)
    if visible is None or hidden_ids is None:
        return Matches(children=[], others=[], hidden_ids=[])
    candidates = findable_children(user).filter(condition)
    order = ("family_name", "given_name", "birth_date", "id")
    children = list(
        candidates.filter(visible)
        .annotate(
            **{
                f"has_{inv.key}": Exists(inv.queryset().filter(child=OuterRef("pk")))
                for inv in INVOLVEMENTS
            }
        )
        .order_by(*order)[: limit + 1]
    )
    for child in children:
        flags = {inv.key: bool(getattr(child, f"has_{inv.key}")) for inv in INVOLVEMENTS}
        child.current_involvement = current_involvement_labels(flags)  # type: ignore[attr-defined]
    others = list(
        candidates.exclude(visible)
        .only("la_child_id", "given_name", "family_name", "birth_date", "expected_birth_date")
        .order_by(*order)[: limit + 1]
    )
    hidden = (
        list(
            Person.objects.filter(id_in(hidden_ids), kind=Person.Kind.CHILD)
            .filter(condition)
            .values_list("pk", flat=True)[:limit]
        )
        if hidden_ids
        else []
    )
    return Matches(
        children=children[:limit],
        others=others[:limit],
        hidden_ids=hidden,
        more=len(children) > limit or len(others) > limit,
        limit=limit,
        swapped=swapped_date(birth_date) if name and birth_date is not None else None,
    )


def reasons(
    children: list[Person], *, name: str, birth_date: date | None, nhs_number: str
) -> dict[int, str]:
    """Why each listed child matches ("Same NHS number"; "Name sounds alike, same date of
    birth"), from the rows already read."""
    typed = name.split()
    found: dict[int, str] = {}
    swapped = swapped_date(birth_date)
    for child in children:
        said: list[str] = []
        if nhs_number and child.nhs_number == nhs_number:
            said.append("same NHS number")
        if typed and birth_date is not None:
            letters = f"{child.given_name} {child.family_name}".lower()
            if all(word.lower() in letters for word in typed):
                said.append("name matches")
            else:
                said.append("name sounds alike")
            born = child.birth_date or child.expected_birth_date
            if born == birth_date:
                said.append("same date of birth")
            elif born is not None and born == swapped:
                said.append("date of birth with the day and month swapped")
        text = ", ".join(said)
        found[child.pk] = text[:1].upper() + text[1:]
    return found
