"""Each role's work on its home page (issue 15, item 4): what the role does today, read
through the access policy and audited as a listing of the children it names.

- the independent reviewing officer and the child protection chair: the reviews and
  conferences due for the children they review (soonest first) and the children on their list;
- the social worker and the personal adviser: what is due for the children (young people)
  allocated to them, the soonest first;
- the family support worker: their early help and child in need cases, each with its stage;
- the front door: the contacts waiting for a decision, longest first, with how many are
  overdue (the queue, ``frontdoor-queue``, in full);
- the team and the service manager: what is overdue in their teams, by worker;
- the senior leader and the performance analyst: the authority's figures at a glance (how many
  moved the better or the worse way in the last complete collection year, and those that got
  worse, each beside England), read from the figures kept (decision 0036); no child is named.

Thin reads: one function per role, each a few set-based queries whatever the caseload. The
home page includes ``Work.template`` with ``Work`` as ``work``. Other roles' homes (the personal
adviser's, the data protection officer's ...) add their own function to ``HOMES``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from sightline.access import audit
from sightline.access.policy import viewer_for, visible_children
from sightline.access.roles import Role
from sightline.people.models import Person
from sightline.timescales import queries as timescales
from sightline.timescales.catalogue import RULES
from sightline.workforce.models import Allocation, Worker, current_on
from sightline.workforce.queries import STAGE_LABELS, stage_expression

TITLES = {rule.code: rule.title for rule in RULES}
SHOWN = 10  # due items and contacts on the home page; the full list is a link away
LISTED = 50  # children on the list shown on the home page


@dataclass
class Work:
    template: str
    due: list[Any] = field(default_factory=list)
    due_count: int = 0
    overdue_count: int = 0
    children: list[Any] = field(default_factory=list)
    children_count: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


REVIEW_KINDS = (Allocation.Kind.REVIEWING_OFFICER, Allocation.Kind.CP_CHAIR)
REVIEW_RULES = sorted(
    {rule for kind in REVIEW_KINDS for rule in timescales.ALSO_WORKED_ON_BY.get(kind, ())}
)


def _due_soonest(
    request: HttpRequest, worker: Worker, rules: list[str] | None = None
) -> tuple[list[Any], dict[str, int]]:
    """What is due for the worker's children (of ``rules``, or all), the soonest ``SHOWN``
    with their titles, and how many are due and overdue in all."""
    today = timezone.localdate()
    visible = visible_children(request.user)
    due = timescales.due_list(today, worker_ids=[worker.pk], children=visible, today=True)
    if rules is not None:
        due = due.filter(rule__in=rules)
    shown = list(due.select_related("child")[:SHOWN])
    for row in shown:
        row.title = TITLES.get(row.rule, row.rule)  # type: ignore[attr-defined]
    return shown, due.aggregate(due=_count(), overdue=_count(Q(due_on__lt=today)))


def _reviewing(request: HttpRequest, worker: Worker) -> Work:
    """Reviews and conferences due for the children this IRO or chair reviews, and the list."""
    today = timezone.localdate()
    visible = visible_children(request.user)
    shown, counts = _due_soonest(request, worker, REVIEW_RULES)
    listed = (
        Allocation.objects.filter(
            current_on(today), worker=worker, kind__in=REVIEW_KINDS, child__in=visible
        )
        .select_related("child")
        .order_by("child__family_name", "child__given_name", "child_id", "kind")
    )
    children = list(listed[:LISTED])
    return Work(
        "web/home/_reviewing.html",
        due=shown,
        due_count=counts["due"],
        overdue_count=counts["overdue"],
        children=children,
        children_count=listed.count() if len(children) == LISTED else len(children),
    )


def _social_worker(request: HttpRequest, worker: Worker) -> Work:
    """What is due for the children allocated to the social worker (the young people, for a
    personal adviser), the soonest first."""
    shown, counts = _due_soonest(request, worker)
    adviser = worker.role == Role.PERSONAL_ADVISER.value
    return Work(
        "web/home/_social_worker.html",
        due=shown,
        due_count=counts["due"],
        overdue_count=counts["overdue"],
        extra={"whose": "young people" if adviser else "children"},  # allocated to them
    )


def _count(condition: Q | None = None) -> Count:
    return Count("id", filter=condition) if condition is not None else Count("id")


FAMILY_SUPPORT_STAGES = ("early_help", "child_in_need")


def _family_support(request: HttpRequest, worker: Worker) -> Work:
    """The worker's early help and child in need cases: children allocated to them now, and
    those whose open early help they lead; each with its stage."""
    today = timezone.localdate()
    mine = Allocation.objects.filter(current_on(today), worker=worker, child_id=OuterRef("pk"))
    leads = Q(early_help_episodes__lead_worker=worker, early_help_episodes__ended_on__isnull=True)
    rows = list(
        visible_children(request.user)
        .filter(Q(Exists(mine)) | Q(pk__in=Person.objects.filter(leads).values("pk")))
        .annotate(stage=stage_expression("pk", None))
        .order_by("family_name", "given_name", "pk")
    )
    cases = []
    for child in rows:
        stage = child.stage
        cases.append({"child": child, "stage": stage, "label": STAGE_LABELS[stage]})
    cases.sort(key=lambda case: (case["stage"] not in FAMILY_SUPPORT_STAGES, case["stage"]))
    due = timescales.due_list(
        today, worker_ids=[worker.pk], children=visible_children(request.user), today=True
    )
    counts = due.aggregate(due=_count(), overdue=_count(Q(due_on__lt=today)))
    by_stage = {key: sum(1 for c in cases if c["stage"] == key) for key in FAMILY_SUPPORT_STAGES}
    return Work(
        "web/home/_family_support.html",
        due_count=counts["due"],
        overdue_count=counts["overdue"],
        children=cases[:LISTED],
        children_count=len(cases),
        extra={
            "early_help": by_stage["early_help"],
            "child_in_need": by_stage["child_in_need"],
        },
    )


def _front_door(request: HttpRequest, worker: Worker | None) -> Work:
    """The queue: contacts waiting for a decision, the longest waiting first."""
    from sightline.frontdoor import queries as frontdoor
    from sightline.frontdoor.views import decide_url

    now = frontdoor.now()
    contacts = frontdoor.awaiting_decision(request.user)
    received = list(contacts.values_list("received_at", flat=True))
    counts = frontdoor.status_counts(received, now)
    rows = [
        replace(row, decide_url=decide_url(row.contact, reverse("home")))
        for row in frontdoor.waiting(list(contacts[:SHOWN]), now)
    ]
    return Work(
        "web/home/_front_door.html",
        due=rows,
        due_count=len(received),
        overdue_count=counts.get("overdue", 0),
        extra={"due_today": counts.get("due today", 0)},
    )


TOP_WORKERS = 5  # on a manager's home; the team view shows the rest


def _manager(request: HttpRequest, worker: Worker | None) -> Work:
    """What is overdue in the manager's teams (theirs and those below): the total and the
    workers with most overdue, each a link to the team view filtered to them. Names workers,
    not children (the team view lists the children, audited there)."""
    viewer = viewer_for(request.user)
    work = timescales.team_work(
        timezone.localdate(), viewer.team_ids, visible_children(request.user), per_page=1
    )
    return Work(
        "web/home/_manager.html",
        overdue_count=work.total,
        extra={"workers": work.by_worker[:TOP_WORKERS], "more": len(work.by_worker) > TOP_WORKERS},
    )


GLANCE = 10  # the figures that got worse, shown on a leader's home


def _leader(request: HttpRequest, worker: Worker | None) -> Work:
    """The authority's figures at a glance, for the last complete collection year: how many
    moved the better way and how many the worse since the year before, and the figures that
    got worse (catalogue order, the timescale rules' timeliness after the rest), each with last
    year's value and England's."""
    from sightline.insight.charts import number
    from sightline.insight.figures import figures
    from sightline.insight.models import StoredFigure
    from sightline.insight.views import Row
    from sightline.insight.windows import dashboard_windows

    today = timezone.localdate()
    years = dashboard_windows(today)[-3:-1]  # the last complete collection year and the one before
    if not StoredFigure.objects.filter(window__in=[w.key for w in years]).exists():
        # Not kept yet (before the first night's `sightline figures store`): the dashboard
        # computes them, a home page does not wait for it.
        return Work("web/home/_leader.html", extra={"not_kept": True})
    found = [f for f in figures(today, windows=years) if f.previous is not None]
    moved = {d: [f for f in found if f.direction == d] for d in ("better", "worse", "no change")}
    worse = sorted(moved["worse"], key=lambda f: bool(f.kpi.rule))
    rows = []
    for f in worse[:GLANCE]:
        row = Row(f, f.points.index(f.latest))
        previous = f.previous
        rows.append(
            {
                "row": row,
                "previous": number(previous.value if previous else None, f.measure),
            }
        )
    return Work(
        "web/home/_leader.html",
        due_count=len(moved["worse"]),
        extra={
            "rows": rows,
            "year": found[0].latest.window.label if found else "",
            "better": len(moved["better"]),
            "worse": len(moved["worse"]),
            "same": len(moved["no change"]),
        },
    )


HOMES: dict[Role, Callable[[HttpRequest, Any], Work]] = {
    Role.REVIEWING_OFFICER: _reviewing,
    Role.SOCIAL_WORKER: _social_worker,
    Role.PERSONAL_ADVISER: _social_worker,
    Role.FAMILY_SUPPORT_WORKER: _family_support,
    Role.FRONT_DOOR: _front_door,
    Role.TEAM_MANAGER: _manager,
    Role.SERVICE_MANAGER: _manager,
    Role.SENIOR_LEADER: _leader,
    Role.PERFORMANCE_ANALYST: _leader,
}
NEEDS_WORKER = {
    Role.REVIEWING_OFFICER,
    Role.SOCIAL_WORKER,
    Role.PERSONAL_ADVISER,
    Role.FAMILY_SUPPORT_WORKER,
}


def work_for(request: HttpRequest, worker: Worker | None) -> Work | None:
    """This role's work for the home page, or None for a role whose home shows none here."""
    viewer = viewer_for(request.user)
    home = HOMES.get(viewer.role) if viewer.role is not None and viewer.active else None
    if home is None or (viewer.role in NEEDS_WORKER and worker is None):
        return None
    work = home(request, worker)
    listed = [getattr(row, "child_id", None) or _child_id(row) for row in work.due]
    listed += [_child_id(row) for row in work.children]
    if listed:
        audit.record_listing("the home page's work", sorted(set(listed)), request)
    return work


def _child_id(row: Any) -> int:
    if isinstance(row, dict):
        return int(row["child"].pk)
    if hasattr(row, "contact"):
        return int(row.contact.child_id)
    return int(row.child_id)
