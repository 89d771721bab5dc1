"""Where each role goes: the service navigation and the home page, from one registry
(decision 0024).

A *destination* is a page reached from the navigation or the home page: its URL name, its
label, one line saying what it is for, and the question "may this viewer open it?", asked of
the same function the page's own view asks (``timescales.views.may_see_team_work``,
``validation.views.may_see_data_checks``), so a link is offered exactly to those the page lets
in: nobody is offered a link that ends in a 403. A destination whose URL name does not resolve
(a page not built yet, such as the front door's queue before it lands) is left out, never
guessed. A new page registers itself with ``register``.

``ROLE_HOME`` says, for each role, what that role does here: the first thing the home page says.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse

from sightline.access.policy import Viewer, viewer_for
from sightline.access.roles import FRONT_DOOR_DECISIONS, Role


@dataclass(frozen=True)
class Destination:
    name: str  # the URL name
    label: str  # in the navigation and as the home page's link
    summary: str  # after the link on the home page: what the page is for
    may_open: Callable[[Viewer], bool]
    order: int = 100
    in_navigation: bool = True
    current_on: frozenset[str] = frozenset()  # other pages under it ("Find a child": records)


@dataclass(frozen=True)
class Offered:
    destination: Destination
    url: str

    @property
    def name(self) -> str:
        return self.destination.name

    @property
    def label(self) -> str:
        return self.destination.label

    @property
    def summary(self) -> str:
        return self.destination.summary

    @property
    def in_navigation(self) -> bool:
        return self.destination.in_navigation

    def is_current(self, page: str | None) -> bool:
        return page is not None and (
            page == self.destination.name or page in self.destination.current_on
        )


DESTINATIONS: dict[str, Destination] = {}


def register(destination: Destination) -> Destination:
    DESTINATIONS[destination.name] = destination
    return destination


def offered(user: Any) -> list[Offered]:
    """The destinations this user may open, in order (reads the viewer once per request)."""
    viewer = viewer_for(user)
    if viewer.user_id is None:
        return []
    found: list[Offered] = []
    for destination in sorted(DESTINATIONS.values(), key=lambda d: (d.order, d.label)):
        try:
            url = reverse(destination.name)
        except NoReverseMatch:
            continue  # not built (yet): never a guessed address
        if destination.may_open(viewer):
            found.append(Offered(destination, url))
    return found


ROLE_HOME: dict[Role, str] = {
    Role.FRONT_DOOR: "You decide what happens next for each contact about a child, within one "
    "working day: find the child first so nobody is recorded twice, then record the decision "
    "and open a referral or early help.",
    Role.SOCIAL_WORKER: "You work with the children allocated to you: My work lists what is due "
    "for each of them (visits, assessments, plans, meetings) with a link to the form that "
    "records it.",
    Role.FAMILY_SUPPORT_WORKER: "You visit and support the children in need you work with: My "
    "work lists their visits and plan reviews, with a link to record each.",
    Role.PERSONAL_ADVISER: "You keep in touch with the care leavers allocated to you: My young "
    "people shows whom you have not seen lately, whose pathway plan review is due and who is not "
    "in education, employment or training; My work lists what is due, with a link to record each.",
    Role.REVIEWING_OFFICER: "You chair child protection conferences and looked-after reviews: "
    "My work lists the ones due for the children you review.",
    Role.TEAM_MANAGER: "You oversee your team's children: see what is overdue by worker and by "
    "timescale, authorise assessments and close episodes, and check the records against the "
    "DfE rules.",
    Role.SERVICE_MANAGER: "You oversee the teams in your service: see what is overdue by worker "
    "and by timescale and which records fail the DfE rules.",
    Role.SENIOR_LEADER: "You read every child's record and the authority's figures: overdue "
    "work across all teams and the records that fail the DfE rules. You do not record on "
    "children's records.",
    Role.PERFORMANCE_ANALYST: "You look after the statutory returns: check the records against "
    "the DfE rules, and see overdue work across all teams. You read every record and record "
    "on none.",
    Role.DATA_PROTECTION_OFFICER: "You answer subject access requests, with the documents for "
    "release and your own list of what was redacted; you read the audit trail of a child or a "
    "member of staff and verify that nobody has altered it; you review records due under the "
    "retention schedule and the records restricted to named people. You read every record and "
    "record on none.",
    Role.SYSTEM_ADMINISTRATOR: "You look after who can use Sightline: create staff accounts, "
    "give each a role and a team, reset forgotten passwords and deactivate the accounts of "
    "people who leave. Every change is in the audit trail. You read every record and record "
    "on none.",
    Role.INSPECTOR: "You are inspecting the service, read only, until the last day of your "
    "visit: Ofsted's Annex A lists on the date you choose, each child linked to their record; "
    "find a child and read every tab of their record, see overdue work across all teams, and "
    "read the records that fail the DfE rules. Nothing here offers you a form: you can change "
    "no record.",
}
NO_ROLE = (
    "Your account has no role in Sightline yet, so it shows no children. Ask your system "
    "administrator to give it one."
)


def role_home(user: Any) -> str:
    viewer = viewer_for(user)
    if viewer.role is None:
        return NO_ROLE
    if not viewer.active:
        return (
            "Your access as an inspector is outside the dates of your visit, so Sightline "
            "shows you no children."
        )
    return ROLE_HOME[viewer.role]


# --- The pages everyone knows about --------------------------------------------------------


def _signed_in(viewer: Viewer) -> bool:
    return viewer.user_id is not None


def _has_caseload(viewer: Viewer) -> bool:
    """My work lists the work of the viewer's own worker record: offered to those who have one."""
    return viewer.worker_id is not None and viewer.active


def _team_work(viewer: Viewer) -> bool:
    from sightline.timescales.views import may_see_team_work

    return may_see_team_work(viewer)


def _data_checks(viewer: Viewer) -> bool:
    from sightline.validation.views import may_see_data_checks

    return may_see_data_checks(viewer)


def _figures(viewer: Viewer) -> bool:
    from sightline.insight.queries import may_see_figures

    return may_see_figures(viewer)


def _annex_a(viewer: Viewer) -> bool:
    from sightline.returns.views import may_see_annex_a

    return may_see_annex_a(viewer)


def _inspection_pack(viewer: Viewer) -> bool:
    from sightline.inspection.views import may_see_pack

    return may_see_pack(viewer)


def _young_people(viewer: Viewer) -> bool:
    from sightline.web.leaving_care import may_see_young_people

    return may_see_young_people(viewer)


def _front_door(viewer: Viewer) -> bool:
    return viewer.active and viewer.role in FRONT_DOOR_DECISIONS


def _quality(viewer: Viewer) -> bool:
    from sightline.quality.views import may_see_quality

    return may_see_quality(viewer)


register(Destination("home", "Home", "", _signed_in, order=0, in_navigation=True))
register(
    Destination(
        "frontdoor-queue",
        "Contacts",
        "waiting for a decision, and how long each has waited against the one-working-day standard",
        _front_door,
        order=10,
    )
)
register(
    Destination(
        "my-work",
        "My work",
        "what is due and overdue for the children allocated to you, each with a link to the "
        "form that records it",
        _has_caseload,
        order=20,
    )
)
register(
    Destination(
        "my-young-people",
        "My young people",
        "the care leavers you are personal adviser to: whom you have not seen lately, "
        "whose pathway plan review is due, who is not in education, employment or training and "
        "what has been offered",
        _young_people,
        order=25,
    )
)
register(
    Destination(
        "team-work",
        "Team work",
        "each worker's caseload by stage, overdue work by worker, timescale and team, and "
        "reallocating children from one worker to another",
        _team_work,
        order=30,
        current_on=frozenset({"team-reallocate"}),
    )
)
register(
    Destination(
        "validation",
        "Data checks",
        "records that fail the DfE rules for the statutory returns",
        _data_checks,
        order=40,
    )
)
register(
    Destination(
        "insight-dashboard",
        "Figures",
        "the key performance indicators by National Framework outcome, against England and "
        "statistical neighbours, each opening onto the children it counts",
        _figures,
        order=45,
        current_on=frozenset({"insight-kpi", "insight-children"}),
    )
)
register(
    Destination(
        "annex-a",
        "Annex A",
        "Ofsted's child-level lists 1 to 11 on a date, each child linked to their record, and "
        "the workbook to download",
        _annex_a,
        order=46,
        current_on=frozenset({"annex-a-list"}),
    )
)
register(
    Destination(
        "inspection-pack",
        "Inspection pack",
        "the figures with benchmarks and trend, overdue work, data checks and Annex A, dated, "
        "around Ofsted's three self-evaluation questions, as a page, a PDF and a workbook",
        _inspection_pack,
        order=47,
    )
)
register(
    Destination(
        "quality-oversight",
        "Quality",
        "management oversight, supervision, case audits, the voice of children and families, "
        "and the improvement plan with its board pack",
        _quality,
        order=48,
        current_on=frozenset(
            {
                "quality-supervision",
                "quality-record-supervision",
                "quality-audits",
                "quality-audit",
                "quality-audit-moderate",
                "quality-audit-respond",
                "quality-findings",
                "quality-feedback",
                "quality-plan",
                "quality-board-pack",
            }
        ),
    )
)
register(
    Destination(
        "find-child",
        "Find a child",
        "by name, date of birth, LA child ID, NHS number or UPN",
        _signed_in,
        order=50,
        current_on=frozenset({"child-record", "record"}),
    )
)
register(
    Destination(
        "notices",
        "Notices",
        "about your children's records, such as emergency access to them",
        _signed_in,
        order=60,
        in_navigation=False,
    )
)


# --- The administrator's pages (decision 0031) -----------------------------------------------


def _administers(viewer: Viewer) -> bool:
    from sightline.access.views_accounts import may_administer

    return may_administer(viewer)


register(
    Destination(
        "accounts",
        "Staff accounts",
        "create accounts and teams, change a role or team, reset a password, deactivate an account",
        _administers,
        order=70,
        current_on=frozenset(
            {
                "account",
                "account-new",
                "account-role",
                "account-deactivate",
                "account-reactivate",
                "account-reset-password",
                "teams",
                "team-new",
            }
        ),
    )
)


# --- The data protection officer's pages (decision 0031) -------------------------------------


def _dpo(check: str) -> Callable[[Viewer], bool]:
    def may_open(viewer: Viewer) -> bool:
        from sightline.access import views_dpo

        return bool(getattr(views_dpo, check)(viewer))

    return may_open


register(
    Destination(
        "subject-access",
        "Subject access",
        "export everything held about a child, third parties redacted, with your list of "
        "every redaction",
        _dpo("may_answer_subject_access"),
        order=72,
        current_on=frozenset({"subject-access-child"}),
    )
)
register(
    Destination(
        "audit",
        "Audit trail",
        "who viewed, searched, changed or exported a child's record; what a member of staff "
        "did; verify that the trail is intact",
        _dpo("may_read_audit"),
        order=74,
        current_on=frozenset({"audit-child", "audit-user", "audit-verification"}),
    )
)
register(
    Destination(
        "retention",
        "Retention",
        "records due for review or erasure under the retention schedule, with each rule's basis",
        _dpo("may_see_retention"),
        order=76,
    )
)
register(
    Destination(
        "restricted-records",
        "Restricted records",
        "records open only to the people named on them, who restricted them and when",
        _dpo("may_see_restrictions"),
        order=78,
    )
)
