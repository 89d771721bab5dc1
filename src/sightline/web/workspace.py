"""The child's record as a workspace (decision 0022): its tabs and its menu of forms.

Every tab has its own address under ``/children/<la_child_id>/``, shows the same header
(``queries.record_header``) and is audited as a view of the record. ``TABS`` is the one list:
the sub-navigation, the URL conf's names and the permission matrix all read it. A tab some
roles may not open (who has seen the record) says so with ``may_open``; it is not offered to
the others, so nobody is offered a tab that ends in a 403.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from sightline.access.policy import Viewer
from sightline.access.roles import SEES_RECORD_READERS
from sightline.web.recording import USE_CASES, UseCase, may_use


def may_see_readers(viewer: Viewer) -> bool:
    """Who has seen a record: the data protection officer and managers."""
    return viewer.active and viewer.role in SEES_RECORD_READERS


def _anyone(viewer: Viewer) -> bool:
    return True


@dataclass(frozen=True)
class Tab:
    name: str  # the URL name; the address is children/<la_child_id>/<path>
    label: str
    path: str
    may_open: Callable[[Viewer], bool] = _anyone


TABS: tuple[Tab, ...] = (
    Tab("child-record", "Overview", ""),
    Tab("child-due", "What is due", "due/"),
    Tab("child-chronology", "Chronology", "chronology/"),
    Tab("child-case-notes", "Case notes", "case-notes/"),
    Tab("child-visits", "Visits", "visits/"),
    Tab("child-plans", "Plans and meetings", "plans/"),
    Tab("child-care", "Care", "care/"),
    Tab("child-people", "People and professionals", "people/"),
    Tab("child-leaving-care", "Leaving care", "leaving-care/"),
    Tab("child-data-checks", "Data checks", "data-checks/"),
    Tab("seen-by", "Who has seen", "seen-by/", may_see_readers),
)
TAB_NAMES = frozenset(tab.name for tab in TABS)


@dataclass(frozen=True)
class TabLink:
    label: str
    href: str
    current: bool


def tabs_for(viewer: Viewer, la_child_id: str, current: str) -> list[TabLink]:
    """The tabs this viewer may open, the one shown marked current (one ``reverse`` for the
    record's address, each tab's ``path`` under it: a test holds them to the URL conf)."""
    record = reverse("child-record", args=[la_child_id])
    return [
        TabLink(tab.label, record + tab.path, tab.name == current)
        for tab in TABS
        if tab.may_open(viewer)
    ]


@dataclass(frozen=True)
class MenuItem:
    title: str
    href: str
    usual: bool = True  # usual for the child as they are today (``Situation``)


@dataclass(frozen=True)
class MenuGroup:
    caption: str
    items: list[MenuItem]


@dataclass(frozen=True)
class Situation:
    """What the record's menu needs to know about the child to offer the usual forms first: a
    five-year-old on a child in need plan is not offered a pathway plan or a placement move
    among the forms she needs (they are still there, under "Other forms")."""

    looked_after: bool
    care_leaver: bool
    age: int | None
    open: frozenset[str] = frozenset()  # what is open on the record: OPEN_RECORDS' keys

    @classmethod
    def of(cls, header: Any) -> Situation:
        """From the record's header (``web.queries.RecordHeader``): no query of its own."""
        child = header.child
        return cls(
            looked_after=bool(getattr(child, "has_looked_after", False)),
            care_leaver=any(s.startswith("Care leaver") for s in header.status),
            age=header.age,
            open=frozenset(k for k, flag in OPEN_RECORDS.items() if getattr(child, flag, False)),
        )


# The open records a form acts on, by the header's flag for each (web.queries): a form that
# ends or meets about one of them is usual only while it is open.
OPEN_RECORDS = {
    "referral": "has_referral",
    "section47": "has_section47",
    "cp_plan": "has_cp_plan",
    "cin_plan": "has_cin_plan",
    "pre_proceedings": "has_pre_proceedings",
    "lado": "open_lado",
    "private_fostering": "privately_fostered",
}


USUAL: dict[str, Callable[[Situation], bool]] = {
    "looked_after": lambda s: s.looked_after,
    "not_looked_after": lambda s: not s.looked_after,
    # Pathway planning starts at 16 for a child still in care; a care leaver's to 25.
    "care_leaver": lambda s: s.care_leaver or (s.looked_after and (s.age or 0) >= 16),
    "aged_16_or_17": lambda s: s.age in (16, 17),
}


def _while_open(key: str) -> Callable[[Situation], bool]:
    return lambda s: key in s.open


USUAL.update({f"open {key}": _while_open(key) for key in OPEN_RECORDS})
USUAL_BY_CAPTION = {
    "Children in care": "looked_after",
    "Leaving care": "care_leaver",
    "Homeless 16 or 17": "aged_16_or_17",
}


def is_usual(use_case: UseCase, situation: Situation | None) -> bool:
    key = use_case.usual or USUAL_BY_CAPTION.get(use_case.caption, "")
    return situation is None or not key or USUAL[key](situation)


def split_menu(groups: list[MenuGroup]) -> tuple[list[MenuGroup], list[MenuGroup]]:
    """The menu's usual forms, and the others (each list grouped as the menu is)."""
    usual, other = [], []
    for group in groups:
        mine = [item for item in group.items if item.usual]
        rest = [item for item in group.items if not item.usual]
        if mine:
            usual.append(MenuGroup(group.caption, mine))
        if rest:
            other.append(MenuGroup(group.caption, rest))
    return usual, other


def in_menu(use_case: UseCase, viewer: Viewer) -> bool:
    """Is this form offered in the record's menu? Forms this viewer's role may record, on a
    child they may open (the page is shown only for one), and that need no particular entry
    to act on (a correction is reached from the entry it corrects)."""
    return use_case.in_menu and use_case.allowed is None and may_use(use_case, viewer)


MARKER = "use-case-marker"  # a slug no use case is named: stands for the use case in a URL


def record_menu(
    viewer: Viewer,
    la_child_id: str,
    caption: str | None = None,
    situation: Situation | None = None,
) -> list[MenuGroup]:
    """The forms this viewer may record for the child, grouped by journey (only the group
    ``caption`` when given): only links that will not end in a 403, each marked usual or not
    for the child's ``situation``. One ``reverse`` for them all (the form's name put in place
    of a marker), not one per form."""
    address = reverse("record", kwargs={"la_child_id": la_child_id, "use_case": MARKER})
    groups: dict[str, list[MenuItem]] = {}
    for case in sorted(USE_CASES.values(), key=lambda c: (c.caption, c.title)):
        if caption is not None and case.caption != caption:
            continue
        if in_menu(case, viewer):
            href = address.replace(MARKER, case.name)
            groups.setdefault(case.caption or "Recording", []).append(
                MenuItem(case.title, href, is_usual(case, situation))
            )
    return [MenuGroup(caption, items) for caption, items in groups.items()]
