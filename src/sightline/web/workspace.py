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


@dataclass(frozen=True)
class MenuGroup:
    caption: str
    items: list[MenuItem]


def in_menu(use_case: UseCase, viewer: Viewer) -> bool:
    """Is this form offered in the record's menu? Forms this viewer's role may record, on a
    child they may open (the page is shown only for one), and that need no particular entry
    to act on (a correction is reached from the entry it corrects)."""
    return use_case.in_menu and use_case.allowed is None and may_use(use_case, viewer)


MARKER = "use-case-marker"  # a slug no use case is named: stands for the use case in a URL


def record_menu(viewer: Viewer, la_child_id: str, caption: str | None = None) -> list[MenuGroup]:
    """The forms this viewer may record for the child, grouped by journey (only the group
    ``caption`` when given): only links that will not end in a 403. One ``reverse`` for them
    all (the form's name put in place of a marker), not one per form."""
    address = reverse("record", kwargs={"la_child_id": la_child_id, "use_case": MARKER})
    groups: dict[str, list[MenuItem]] = {}
    for case in sorted(USE_CASES.values(), key=lambda c: (c.caption, c.title)):
        if caption is not None and case.caption != caption:
            continue
        if in_menu(case, viewer):
            href = address.replace(MARKER, case.name)
            groups.setdefault(case.caption or "Recording", []).append(MenuItem(case.title, href))
    return [MenuGroup(caption, items) for caption, items in groups.items()]
