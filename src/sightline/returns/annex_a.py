"""Ofsted's Annex A (ILACS): the child-level lists 1 to 11, from the records, as a workbook.

What Ofsted asks for is configuration, not code: ``data/annex_a.json`` holds each list's
sheet, scope, window and columns (Ofsted's header and the Sightline field that fills it, in
Ofsted's order) and the codes Ofsted's template uses; its sources are named in the file. When
Ofsted revises Annex A, the file changes. Every field the file names must be one a list here
produces or one listed in ``NOT_RECORDED`` (a test loads the file and checks it).

Windows (decision 0033). The date of the lists (``as_of``, the inspection's start) ends both
windows, and both include their first and last day:

* lists 1 to 9: the six months before, from ``add_months(as_of, -6)`` to ``as_of``;
* lists 10 and 11, and every "in the last 12 months" column: from ``add_months(as_of, -12)``;
* nothing after ``as_of`` is known to the lists: a date later than it is blank (an
  assessment authorised the day after is open), as it would be in a list produced that day.

Scopes, list by list, in Ofsted's words (the file's ``scope``) and how Sightline reads them:

1. contacts received in the window; one row per contact;
2. early help episodes started in the window, and those open on ``as_of`` (Sightline records
   early help coordinated by the authority as an episode; its start is the assessment's);
3. referrals received in the window; the count of the child's referrals in the 12 months
   before each referral (not counting it);
4. assessments open at any time in the window (started by ``as_of``, not authorised before
   the window began); the worker and team are the assessment's;
5. section 47 enquiries open at any time in the window; the counts are of the child's
   enquiries started, and initial conferences held, in the 12 months before the enquiry began;
6. children in need: the child's latest episode open at any time in the window, leaving out
   referrals closed with no further action (a referral alone); the case status on ``as_of``;
7. child protection plans open at any time in the window; one row per plan;
8. the child's latest period of care open at any time in the window (short breaks only are
   not counted, as for leaving care); one row per child;
9. young people with a care leaver category on ``as_of`` (``leaving_care.queries``);
10. adoption decisions made, adoption orders made and decisions reversed in the 12 months;
11. prospective adopters: Sightline records no adopters (the adoption agency does), so the
    sheet is Ofsted's header row only, and the page says why.

The allocated team and worker of lists 3 and 5 to 9 are those of the child's social worker
allocation current on ``as_of``; list 9 adds the personal adviser.

Reads are set-based: one query per list (with correlated subqueries for "the latest X on or
before the date"), a second for lists 3, 5 and 9 (the 12-month counts; the care leavers'
eligibility), and one for the allocations of the list's children (``_allocated``). Rows are
plain dictionaries of Ofsted's values, the same for the workbook and the pages, with ``_pk``
and ``_name`` (the child's record and name, for the pages only).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import IO, Any

from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Concat
from django.utils import timezone

from sightline.care.codes import SHORT_BREAKS, HealthCheckKind
from sightline.care.models import (
    AdoptionMilestones,
    HealthAssessment,
    LegalStatus,
    LookedAfterReview,
    MissingEpisode,
    PeriodOfCare,
    Placement,
    UnaccompaniedStatus,
)
from sightline.core.calendar import add_months
from sightline.core.sql import id_in
from sightline.frontdoor.models import Contact, EarlyHelpEpisode
from sightline.leaving_care.models import Accommodation, Activity, InTouch, PathwayPlanReview
from sightline.leaving_care.queries import care_leavers
from sightline.people.models import Person, PersonDisability
from sightline.protection.models import (
    Assessment,
    ChildInNeedPlan,
    ChildProtectionConference,
    ChildProtectionPlan,
    Referral,
    Section47Enquiry,
    Visit,
)
from sightline.returns.files import ExportResult
from sightline.workforce.models import Allocation, current_on

CONFIG = Path(__file__).with_name("data") / "annex_a.json"
Row = dict[str, Any]

#: Fields Ofsted asks for that Sightline does not record; their cells are blank.
NOT_RECORDED: dict[str, str] = {
    "last_iro_contact_on": "the independent reviewing officer's visits and contacts between "
    "reviews are not recorded",
    "placement_location": "the placement's local authority is not derived from its postcode "
    "here yet (the SSDA903 checks derive it)",
    "placement_la": "as for the placement location",
    "family_id": "adoptive families are recorded by the adoption agency, not in Sightline",
    **dict.fromkeys(
        (
            "adopter_id",
            "adopter_gender",
            "adopter_ethnicity",
            "adopter_disability",
            "adopter_matched_on",
            "adopter_placed_on",
            "adopter_order_on",
            "fostering_for_adoption",
            "enquiry_on",
            "stage1_started_on",
            "stage1_ended_on",
            "stage2_started_on",
            "stage2_ended_on",
            "applied_on",
            "approved_on",
            "children_placed",
            "left_on",
            "left_reason",
        ),
        "prospective adopters are recorded by the adoption agency, not in Sightline",
    ),
}


# --- The configuration ----------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    header: str  # Ofsted's
    field: str  # Sightline's

    @property
    def recorded(self) -> bool:
        return self.field not in NOT_RECORDED


@dataclass(frozen=True)
class AnnexList:
    number: int
    title: str
    sheet: str
    window_months: int
    scope: str
    columns: tuple[Column, ...]

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    @property
    def not_recorded(self) -> list[tuple[str, str]]:
        return [(c.header, NOT_RECORDED[c.field]) for c in self.columns if not c.recorded]


@dataclass(frozen=True)
class Spec:
    version: str
    source: dict[str, str]
    lists: tuple[AnnexList, ...]
    codes: dict[str, dict[str, str]]

    def list(self, number: int) -> AnnexList:
        for annex_list in self.lists:
            if annex_list.number == number:
                return annex_list
        raise KeyError(number)


def read_spec(path: Path = CONFIG) -> Spec:
    data = json.loads(path.read_text(encoding="utf-8"))
    lists = tuple(
        AnnexList(
            number=int(item["number"]),
            title=item["title"],
            sheet=item["sheet"],
            window_months=int(item["window_months"]),
            scope=item["scope"],
            columns=tuple(Column(header, field) for header, field in item["columns"]),
        )
        for item in data["lists"]
    )
    return Spec(data["version"], data["source"], lists, data["codes"])


@cache
def spec() -> Spec:
    return read_spec()


def code(codes: str, value: Any) -> str:
    """Ofsted's value for one of Sightline's codes (``codes``: a list in the file)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        value = "true" if value else "false"
    return spec().codes[codes].get(str(value), "")


def yes_no(value: bool | None) -> str:
    return "" if value is None else code("yes_no", value)


# --- Windows and the shared columns ---------------------------------------------------------


@dataclass(frozen=True)
class Window:
    """The lists' date and the first day of their windows (both ends included)."""

    as_of: date

    @property
    def six(self) -> date:
        return add_months(self.as_of, -6)

    @property
    def twelve(self) -> date:
        return add_months(self.as_of, -12)

    def first(self, months: int) -> date:
        return add_months(self.as_of, -months)


def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _known(day: date | None, as_of: date) -> date | None:
    """A date the lists may show: blank when it is after their date."""
    return day if day is not None and day <= as_of else None


def age_on(birth: date | None, day: date) -> int | None:
    if birth is None:
        return None
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


PERSON = ("la_child_id", "given_name", "family_name", "sex", "ethnicity", "birth_date")


def _person(prefix: str) -> list[str]:
    return [f"{prefix}{name}" for name in PERSON]


def _common(row: dict[str, Any], prefix: str, pk: int, as_of: date) -> Row:
    birth = row[f"{prefix}birth_date"]
    return {
        "_pk": pk,
        "_name": f"{row[f'{prefix}given_name']} {row[f'{prefix}family_name']}".strip(),
        "child_id": row[f"{prefix}la_child_id"],
        "gender": code("gender", row[f"{prefix}sex"]),
        "ethnicity": code("ethnicity", row[f"{prefix}ethnicity"]),
        "birth_date": birth,
        "age": age_on(birth, as_of),
    }


def _disabled(child: str = "child_id") -> Exists:
    return Exists(PersonDisability.objects.filter(person_id=OuterRef(child)).exclude(code="NONE"))


Staff = dict[int, tuple[str, str]]


def _allocated(as_of: date, children: Iterable[int], kind: str = "") -> Staff:
    """The team's and the worker's names of each child's allocation of ``kind`` (the social
    worker's by default) current on ``as_of``, for ``children``: one query for a list's
    children, read after its rows (two correlated subqueries a row cost the lists more than
    the rest of their columns). A child has one current allocation of a kind; were there two,
    the latest started (then the latest recorded) is the one."""
    found: Staff = {}
    for child_id, team, given, family in (
        Allocation.objects.filter(
            current_on(as_of),
            id_in(sorted(set(children)), "child_id"),
            kind=kind or Allocation.Kind.SOCIAL_WORKER,
        )
        .order_by("child_id", "started_on", "id")
        .values_list("child_id", "team__name", "worker__given_name", "worker__family_name")
    ):
        found[child_id] = (team, f"{given} {family}")  # ordered: the last kept is the latest
    return found


NOBODY = ("", "")


def _latest(
    model: Any, field: str, on: str, as_of: date, child: str = "child_id", **where: Any
) -> Subquery:
    """``field`` of the child's latest ``model`` row on or before ``as_of`` (by ``on``)."""
    rows = model.objects.filter(child_id=OuterRef(child), **{f"{on}__lte": as_of}, **where)
    return Subquery(rows.order_by(f"-{on}", "-id").values(field)[:1])


def _count(model: Any, *conditions: Q, child: str = "child_id", **where: Any) -> Coalesce:
    rows = (
        model.objects.filter(*conditions, child_id=OuterRef(child), **where)
        .order_by()
        .values("child_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def _visible(queryset: QuerySet[Any], children: QuerySet[Person] | None, field: str) -> Any:
    return queryset if children is None else queryset.filter(**{f"{field}__in": children})


def _in_twelve_months_before(days: list[date], day: date) -> int:
    """How many of ``days`` fall in the 12 months before ``day`` (from the same date a year
    earlier, to the day before)."""
    first = add_months(day, -12)
    return sum(1 for d in days if first <= d < day)


# --- The lists ------------------------------------------------------------------------------


def list_1(w: Window, children: QuerySet[Person] | None) -> list[Row]:
    contacts = Contact.objects.filter(
        received_at__gte=_moment(w.six), received_at__lt=_moment(_next(w.as_of))
    )
    rows = []
    for r in (
        _visible(contacts, children, "child")
        .order_by("received_at", "id")
        .values("child_id", "received_at", "source", *_person("child__"))
    ):
        rows.append(
            {
                **_common(r, "child__", r["child_id"], w.as_of),
                "contact_date": timezone.localtime(r["received_at"]).date(),
                "contact_source": code("source", r["source"]),
            }
        )
    return rows


def list_2(w: Window, children: QuerySet[Person] | None) -> list[Row]:
    started = Q(started_on__gte=w.six, started_on__lte=w.as_of)
    open_now = Q(started_on__lte=w.as_of) & (Q(ended_on__isnull=True) | Q(ended_on__gt=w.as_of))
    episodes = EarlyHelpEpisode.objects.filter(started | open_now)
    rows = []
    for r in (
        _visible(episodes, children, "child")
        .order_by("started_on", "id")
        .values(
            "child_id", "started_on", "ended_on", "lead_worker__team__name", *_person("child__")
        )
    ):
        rows.append(
            {
                **_common(r, "child__", r["child_id"], w.as_of),
                "started_on": r["started_on"],
                "completed_on": _known(r["ended_on"], w.as_of),
                "organisation": r["lead_worker__team__name"] or "Local authority early help",
            }
        )
    return rows


def list_3(w: Window, children: QuerySet[Person] | None) -> list[Row]:
    in_window = Q(referral_date__gte=w.six, referral_date__lte=w.as_of)
    referrals = _visible(Referral.objects.filter(in_window), children, "child")
    earlier: dict[int, list[date]] = defaultdict(list)
    for child_id, day in (
        Referral.objects.filter(
            referral_date__gte=add_months(w.six, -12),
            referral_date__lte=w.as_of,
            child_id__in=referrals.values("child_id"),
        )
        .order_by()
        .values_list("child_id", "referral_date")
    ):
        earlier[child_id].append(day)
    found = list(
        referrals.order_by("referral_date", "id").values(
            "child_id", "referral_date", "source", "nfa", *_person("child__")
        )
    )
    staff = _allocated(w.as_of, (r["child_id"] for r in found))
    rows = []
    for r in found:
        team, worker = staff.get(r["child_id"], NOBODY)
        rows.append(
            {
                **_common(r, "child__", r["child_id"], w.as_of),
                "referral_date": r["referral_date"],
                "referral_source": code("source", r["source"]),
                "referral_nfa": yes_no(r["nfa"]),
                "referrals_12_months": _in_twelve_months_before(
                    earlier[r["child_id"]], r["referral_date"]
                ),
                "team": team,
                "worker": worker,
            }
        )
    return rows


NEEDS_SUPPORT = {
    Assessment.Outcome.CHILD_IN_NEED: True,
    Assessment.Outcome.STRATEGY_DISCUSSION: True,
    Assessment.Outcome.CONTINUE_PLAN: True,
    Assessment.Outcome.LOOKED_AFTER: True,
    Assessment.Outcome.NO_FURTHER_ACTION: False,
    Assessment.Outcome.EARLY_HELP: False,
}


def list_4(w: Window, children: QuerySet[Person] | None) -> list[Row]:
    assessments = Assessment.objects.filter(started_on__lte=w.as_of).filter(
        Q(authorised_on__isnull=True) | Q(authorised_on__gte=w.six)
    )
    rows = []
    for r in (
        _visible(assessments, children, "child")
        .annotate(
            disabled=_disabled(),
            worker_name=Concat("worker__given_name", Value(" "), "worker__family_name"),
        )
        .order_by("started_on", "id")
        .values(
            "child_id",
            "started_on",
            "child_seen_on",
            "authorised_on",
            "outcome",
            "disabled",
            "worker_name",
            "worker__team__name",
            *_person("child__"),
        )
    ):
        authorised = _known(r["authorised_on"], w.as_of)
        seen = _known(r["child_seen_on"], w.as_of)
        rows.append(
            {
                **_common(r, "child__", r["child_id"], w.as_of),
                "disability": yes_no(r["disabled"]),
                "started_on": r["started_on"],
                "child_seen": yes_no(seen is not None),
                "authorised_on": authorised,
                "needs_support": yes_no(NEEDS_SUPPORT.get(r["outcome"])) if authorised else "",
                "team": r["worker__team__name"] or "",
                "worker": (r["worker_name"] or "").strip(),
            }
        )
    return rows


def list_5(w: Window, children: QuerySet[Person] | None) -> list[Row]:
    enquiries = _visible(
        Section47Enquiry.objects.filter(started_on__lte=w.as_of).filter(
            Q(completed_on__isnull=True) | Q(completed_on__gte=w.six)
        ),
        children,
        "child",
    )
    initial = ChildProtectionConference.objects.filter(
        section47_id=OuterRef("pk"),
        kind=ChildProtectionConference.Kind.INITIAL,
        held_on__lte=w.as_of,
    ).order_by("held_on", "id")
    rows_found = list(
        enquiries.annotate(
            disabled=_disabled(),
            icpc_on=Subquery(initial.values("held_on")[:1]),
            icpc_outcome=Subquery(initial.values("outcome")[:1]),
        )
        .order_by("started_on", "id")
        .values(
            "child_id",
            "started_on",
            "completed_on",
            "icpc_not_required",
            "disabled",
            "icpc_on",
            "icpc_outcome",
            *_person("child__"),
        )
    )
    ids = sorted({r["child_id"] for r in rows_found})
    since = add_months(w.six, -12)
    starts: dict[int, list[date]] = defaultdict(list)
    for child_id, day in Section47Enquiry.objects.filter(
        id_in(ids, "child_id"), started_on__gte=since, started_on__lte=w.as_of
    ).values_list("child_id", "started_on"):
        starts[child_id].append(day)
    conferences: dict[int, list[date]] = defaultdict(list)
    for child_id, day in ChildProtectionConference.objects.filter(
        id_in(ids, "child_id"),
        kind=ChildProtectionConference.Kind.INITIAL,
        held_on__gte=since,
        held_on__lte=w.as_of,
    ).values_list("child_id", "held_on"):
        conferences[child_id].append(day)
    staff = _allocated(w.as_of, ids)
    rows = []
    for r in rows_found:
        team, worker = staff.get(r["child_id"], NOBODY)
        completed = _known(r["completed_on"], w.as_of)
        icpc_on = r["icpc_on"]
        rows.append(
            {
                **_common(r, "child__", r["child_id"], w.as_of),
                "disability": yes_no(r["disabled"]),
                "started_on": r["started_on"],
                "icpc_unnecessary": yes_no(r["icpc_not_required"]) if completed else "",
                "icpc_on": icpc_on,
                "icpc_plan": yes_no(r["icpc_outcome"] == ChildProtectionConference.Outcome.PLAN)
                if icpc_on
                else "",
                "s47s_12_months": _in_twelve_months_before(starts[r["child_id"]], r["started_on"]),
                "icpcs_12_months": _in_twelve_months_before(
                    conferences[r["child_id"]], r["started_on"]
                ),
                "team": team,
                "worker": worker,
            }
        )
    return rows


def _open_on(model: Any, day: date, end: str = "ended_on", start: str = "started_on") -> Exists:
    return Exists(
        model.objects.filter(
            Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gt": day}),
            child_id=OuterRef("child_id"),
            **{f"{start}__lte": day},
        )
    )


def _looked_after_on(day: date, child: str = "child_id") -> Exists:
    counted = LegalStatus.objects.filter(period_id=OuterRef("pk")).exclude(code__in=SHORT_BREAKS)
    return Exists(
        PeriodOfCare.objects.filter(
            Q(ended_on__isnull=True) | Q(ended_on__gt=day),
            Exists(counted),
            child_id=OuterRef(child),
            started_on__lte=day,
        )
    )


def case_status(
    closed: bool, looked_after: bool, cp_plan: bool, cin_plan: bool, assessment: bool
) -> str:
    """List 6's case status on the lists' date, the first that holds."""
    if closed:
        return "closed"
    if looked_after:
        return "looked_after"
    if cp_plan:
        return "cp_plan"
    if cin_plan:
        return "cin_plan"
    if assessment:
        return "assessment"
    return "cin_plan"


def list_6(w: Window, children: QuerySet[Person] | None) -> list[Row]:
    episodes = Referral.objects.filter(referral_date__lte=w.as_of, nfa=False).filter(
        Q(closure_date__isnull=True) | Q(closure_date__gte=w.six)
    )
    seen = Visit.objects.filter(
        child_id=OuterRef("child_id"),
        child_seen=True,
        struck_out=False,
        visited_on__gte=OuterRef("referral_date"),
        visited_on__lte=w.as_of,
    ).order_by("-visited_on", "-id")
    latest: dict[int, Row] = {}
    for r in (
        _visible(episodes, children, "child")
        .annotate(
            disabled=_disabled(),
            last_seen=Subquery(seen.values("visited_on")[:1]),
            looked_after=_looked_after_on(w.as_of),
            cp_plan=_open_on(ChildProtectionPlan, w.as_of),
            cin_plan=_open_on(ChildInNeedPlan, w.as_of),
            assessing=_open_on(Assessment, w.as_of, end="authorised_on"),
        )
        .order_by("child_id", "referral_date", "id")
        .values(
            "child_id",
            "referral_date",
            "primary_need",
            "closure_date",
            "closure_reason",
            "disabled",
            "last_seen",
            "looked_after",
            "cp_plan",
            "cin_plan",
            "assessing",
            *_person("child__"),
        )
    ):
        latest[r["child_id"]] = r  # ordered by start: the last one kept is the latest
    staff = _allocated(w.as_of, latest)
    rows = []
    for r in sorted(latest.values(), key=lambda r: (r["referral_date"], r["child__la_child_id"])):
        team, worker = staff.get(r["child_id"], NOBODY)
        closed = _known(r["closure_date"], w.as_of)
        status = case_status(
            closed is not None, r["looked_after"], r["cp_plan"], r["cin_plan"], r["assessing"]
        )
        rows.append(
            {
                **_common(r, "child__", r["child_id"], w.as_of),
                "disability": yes_no(r["disabled"]),
                "cin_started_on": r["referral_date"],
                "primary_need": code("primary_need", r["primary_need"]),
                "last_seen_on": r["last_seen"],
                "closed_on": closed,
                "closure_reason": code("closure_reason", r["closure_reason"]) if closed else "",
                "case_status": code("case_status", status),
                "team": team,
                "worker": worker,
            }
        )
    return rows


def list_7(w: Window, children: QuerySet[Person] | None) -> list[Row]:
    plans = ChildProtectionPlan.objects.filter(started_on__lte=w.as_of).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=w.six)
    )
    visits = Visit.objects.filter(
        child_id=OuterRef("child_id"),
        purpose=Visit.Purpose.CHILD_PROTECTION,
        struck_out=False,
        visited_on__gte=OuterRef("started_on"),
        visited_on__lte=w.as_of,
    ).order_by("-visited_on", "-id")
    reviews = ChildProtectionConference.objects.filter(
        plan_id=OuterRef("pk"),
        kind=ChildProtectionConference.Kind.REVIEW,
        held_on__lte=w.as_of,
    ).order_by("-held_on", "-id")
    emergency = LegalStatus.objects.filter(
        child_id=OuterRef("child_id"),
        code__in=("L1", "L2"),
        started_on__gte=w.six,
        started_on__lte=w.as_of,
    )
    found = list(
        _visible(plans, children, "child")
        .annotate(
            disabled=_disabled(),
            last_visit=Subquery(visits.values("visited_on")[:1]),
            last_visit_alone=Subquery(visits.values("seen_alone")[:1]),
            last_review=Subquery(reviews.values("held_on")[:1]),
            earlier_plans=_count(ChildProtectionPlan, started_on__lt=OuterRef("started_on")),
            emergency=Exists(emergency),
        )
        .order_by("started_on", "id")
        .values(
            "child_id",
            "started_on",
            "ended_on",
            "initial_category",
            "latest_category",
            "previous_plans_elsewhere",
            "disabled",
            "last_visit",
            "last_visit_alone",
            "last_review",
            "earlier_plans",
            "emergency",
            *_person("child__"),
        )
    )
    staff = _allocated(w.as_of, (r["child_id"] for r in found))
    rows = []
    for r in found:
        team, worker = staff.get(r["child_id"], NOBODY)
        rows.append(
            {
                **_common(r, "child__", r["child_id"], w.as_of),
                "disability": yes_no(r["disabled"]),
                "started_on": r["started_on"],
                "initial_category": code("abuse_category", r["initial_category"]),
                "latest_category": code("abuse_category", r["latest_category"]),
                "last_visit_on": r["last_visit"],
                "seen_alone": yes_no(r["last_visit_alone"]) if r["last_visit"] else "",
                "last_review_on": r["last_review"],
                "ended_on": _known(r["ended_on"], w.as_of),
                "emergency_protection": yes_no(r["emergency"]),
                "previous_plans": r["earlier_plans"] + (r["previous_plans_elsewhere"] or 0),
                "team": team,
                "worker": worker,
            }
        )
    return rows


ADOPTION_PLACEMENTS = ("A3", "A4", "A5", "A6")
LONG_TERM_FOSTERING = ("U1", "U4")
FOSTERING_FOR_ADOPTION = ("U2", "U5")


def permanence_plan(adoption_decided: bool, placement: str | None, until_18: bool | None) -> str:
    """What the records say of the plan for permanence: adoption when the decision to place
    for adoption stands; long-term fostering when the child's foster placement is meant to last
    until 18; otherwise nothing (Sightline does not record the plan as such)."""
    if adoption_decided or placement in ADOPTION_PLACEMENTS:
        return "adoption"
    if until_18 and placement in LONG_TERM_FOSTERING:
        return "long_term_fostering"
    return ""


def list_8(w: Window, children: QuerySet[Person] | None) -> list[Row]:
    counted = LegalStatus.objects.filter(period_id=OuterRef("pk")).exclude(code__in=SHORT_BREAKS)
    periods = PeriodOfCare.objects.filter(Exists(counted), started_on__lte=w.as_of).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=w.six)
    )
    status = LegalStatus.objects.filter(period_id=OuterRef("pk"), started_on__lte=w.as_of)
    status = status.order_by("-started_on", "-id")
    placement = Placement.objects.filter(period_id=OuterRef("pk"), started_on__lte=w.as_of)
    placement = placement.order_by("-started_on", "-id")
    uasc = UnaccompaniedStatus.objects.filter(
        child_id=OuterRef("child_id"), recorded_on__lte=w.as_of
    )
    uasc = uasc.filter(Q(ceased_on__isnull=True) | Q(ceased_on__gte=w.twelve))
    previous = PeriodOfCare.objects.filter(
        Exists(LegalStatus.objects.filter(period_id=OuterRef("pk")).exclude(code__in=SHORT_BREAKS)),
        child_id=OuterRef("child_id"),
        started_on__lt=OuterRef("started_on"),
        ended_on__gte=add_months(w.as_of, -12),
    )
    adoption = AdoptionMilestones.objects.filter(period_id=OuterRef("pk"), decision_on__lte=w.as_of)
    adoption = adoption.filter(Q(reversed_on__isnull=True) | Q(reversed_on__gt=w.as_of))
    missing = MissingEpisode.objects.filter(
        child_id=OuterRef("child_id"), kind="M", started_at__lt=_moment(_next(w.as_of))
    ).order_by("-started_at", "-id")
    twelve = Q(started_at__gte=_moment(w.twelve), started_at__lt=_moment(_next(w.as_of)))
    health = (HealthCheckKind.INITIAL, HealthCheckKind.REVIEW)
    latest: dict[int, Row] = {}
    for r in (
        _visible(periods, children, "child")
        .annotate(
            disabled=_disabled(),
            uasc=Exists(uasc),
            second=Exists(previous),
            status_on=Subquery(status.values("started_on")[:1]),
            status_code=Subquery(status.values("code")[:1]),
            last_review=_latest(
                LookedAfterReview, "held_on", "held_on", w.as_of, period_id=OuterRef("pk")
            ),
            last_visit=_latest(
                Visit,
                "visited_on",
                "visited_on",
                w.as_of,
                purpose=Visit.Purpose.LOOKED_AFTER,
                struck_out=False,
            ),
            last_health=_latest(HealthAssessment, "done_on", "done_on", w.as_of, kind__in=health),
            last_dental=_latest(
                HealthAssessment, "done_on", "done_on", w.as_of, kind=HealthCheckKind.DENTAL
            ),
            placement_count=_count(
                Placement,
                Q(ended_on__isnull=True) | Q(ended_on__gte=w.twelve),
                started_on__lte=w.as_of,
            ),
            placed_on=Subquery(placement.values("started_on")[:1]),
            place=Subquery(placement.values("place")[:1]),
            provider=Subquery(placement.values("provider")[:1]),
            postcode=Subquery(placement.values("postcode")[:1]),
            urn=Subquery(placement.values("urn")[:1]),
            until_18=Subquery(placement.values("intended_until_18")[:1]),
            adoption_decided=Exists(adoption),
            missing_count=_count(MissingEpisode, twelve, kind="M"),
            absent_count=_count(MissingEpisode, twelve, kind="A"),
            interview_offered=Subquery(missing.values("return_interview_offered")[:1]),
            interview_accepted=Subquery(missing.values("return_interview_accepted")[:1]),
        )
        .order_by("child_id", "started_on", "id")
        .values(
            "child_id",
            "started_on",
            "ended_on",
            "reason_ceased",
            "category_of_need",
            "disabled",
            "uasc",
            "second",
            "status_on",
            "status_code",
            "last_review",
            "last_visit",
            "last_health",
            "last_dental",
            "placement_count",
            "placed_on",
            "place",
            "provider",
            "postcode",
            "urn",
            "until_18",
            "adoption_decided",
            "missing_count",
            "absent_count",
            "interview_offered",
            "interview_accepted",
            "child__is_uasc",
            *_person("child__"),
        )
    ):
        latest[r["child_id"]] = r
    staff = _allocated(w.as_of, latest)
    rows = []
    for r in sorted(latest.values(), key=lambda r: (r["started_on"], r["child__la_child_id"])):
        team, worker = staff.get(r["child_id"], NOBODY)
        ended = _known(r["ended_on"], w.as_of)
        plan = permanence_plan(r["adoption_decided"], r["place"], r["until_18"])
        rows.append(
            {
                **_common(r, "child__", r["child_id"], w.as_of),
                "uasc_12_months": yes_no(bool(r["uasc"] or r["child__is_uasc"])),
                "disability": yes_no(r["disabled"]),
                "started_on": r["started_on"],
                "category_of_need": r["category_of_need"],
                "second_period": yes_no(r["second"]),
                "legal_status_on": r["status_on"],
                "legal_status": code("legal_status", r["status_code"]),
                "last_review_on": r["last_review"],
                "last_visit_on": r["last_visit"],
                "permanence_plan": code("permanence_plan", plan) if plan else "",
                "last_iro_contact_on": None,
                "last_health_on": r["last_health"],
                "last_dental_on": r["last_dental"],
                "placements_12_months": r["placement_count"],
                "ended_on": ended,
                "reason_ceased": code("reason_ceased", r["reason_ceased"]) if ended else "",
                "placement_started_on": r["placed_on"],
                "placement_type": code("placement_type", r["place"]),
                "placement_provider": code("placement_provider", r["provider"]),
                "placement_postcode": r["postcode"] or "",
                "placement_urn": r["urn"] or "",
                "placement_location": "",
                "placement_la": "",
                "missing_12_months": r["missing_count"],
                "absent_12_months": r["absent_count"],
                "return_interview_offered": yes_no(r["interview_offered"]),
                "return_interview_accepted": yes_no(r["interview_accepted"]),
                "team": team,
                "worker": worker,
            }
        )
    return rows


def _next(day: date) -> date:
    return date.fromordinal(day.toordinal() + 1)


def suitability(code_value: str | None, suitable: bool | None) -> str:
    """ "1" suitable, "2" not suitable, "" not recorded: the recorded judgement, else the
    accommodation code's last character (the SSDA903 codes end in 1 or 2)."""
    if suitable is not None:
        return "1" if suitable else "2"
    if code_value and code_value[-1:] in ("1", "2"):
        return code_value[-1:]
    return ""


def list_9(w: Window, children: QuerySet[Person] | None) -> list[Row]:
    categories = {leaver.child.pk: str(leaver.category) for leaver in care_leavers(w.as_of)}
    people = Person.objects.filter(id_in(sorted(categories)))
    if children is not None:
        people = people.filter(pk__in=children)
    contact = Visit.objects.filter(
        child_id=OuterRef("pk"),
        purpose=Visit.Purpose.PERSONAL_ADVISER,
        struck_out=False,
        visited_on__lte=w.as_of,
    ).order_by("-visited_on", "-id")
    found = list(
        people.annotate(
            disabled=_disabled("pk"),
            uasc=Exists(UnaccompaniedStatus.objects.filter(child_id=OuterRef("pk"))),
            reviewed=_latest(PathwayPlanReview, "reviewed_on", "reviewed_on", w.as_of, "pk"),
            touch=_latest(InTouch, "in_touch", "recorded_on", w.as_of, "pk"),
            touch_on=_latest(InTouch, "recorded_on", "recorded_on", w.as_of, "pk"),
            last_contact=Subquery(contact.values("visited_on")[:1]),
            accommodation=_latest(Accommodation, "code", "from_date", w.as_of, "pk"),
            suitable=_latest(Accommodation, "suitable", "from_date", w.as_of, "pk"),
            activity=_latest(Activity, "code", "from_date", w.as_of, "pk"),
        )
        .order_by("family_name", "given_name", "id")
        .values(
            "pk",
            "is_uasc",
            "disabled",
            "uasc",
            "reviewed",
            "touch",
            "touch_on",
            "last_contact",
            "accommodation",
            "suitable",
            "activity",
            *PERSON,
        )
    )
    ids = [r["pk"] for r in found]
    social_workers = _allocated(w.as_of, ids)
    advisers = _allocated(w.as_of, ids, kind=Allocation.Kind.PERSONAL_ADVISER)
    rows = []
    for r in found:
        team, worker = social_workers.get(r["pk"], NOBODY)
        adviser_team, adviser = advisers.get(r["pk"], NOBODY)
        accommodation = r["accommodation"] or ""
        in_touch = r["touch"] or ""
        last_contact = max(
            (d for d in (r["last_contact"], r["touch_on"] if in_touch == "YES" else None) if d),
            default=None,
        )
        rows.append(
            {
                **_common(r, "", r["pk"], w.as_of),
                "uasc_ever": yes_no(bool(r["uasc"] or r["is_uasc"])),
                "disability": yes_no(r["disabled"]),
                "team": team or adviser_team,
                "worker": worker,
                "personal_adviser": adviser,
                "eligibility": code("eligibility", categories[r["pk"]]),
                "pathway_review_on": r["reviewed"],
                "in_touch": code("in_touch", in_touch),
                "last_contact_on": last_contact,
                "accommodation": code("accommodation", accommodation[:1])
                if accommodation not in ("", "0")
                else "",
                "suitability": code("suitability", suitability(accommodation, r["suitable"])),
                "activity": code("activity", r["activity"]),
            }
        )
    return rows


def list_10(w: Window, children: QuerySet[Person] | None) -> list[Row]:
    def within(field: str) -> Q:
        return Q(**{f"{field}__gte": w.twelve, f"{field}__lte": w.as_of})

    milestones = AdoptionMilestones.objects.filter(
        within("decision_on") | within("adoption_order_on") | within("reversed_on"),
        decision_on__lte=w.as_of,
    )
    ffa = Placement.objects.filter(
        period_id=OuterRef("period_id"), place__in=FOSTERING_FOR_ADOPTION, started_on__lte=w.as_of
    ).order_by("started_on", "id")
    rows = []
    for r in (
        _visible(milestones, children, "child")
        .annotate(disabled=_disabled(), ffa_on=Subquery(ffa.values("started_on")[:1]))
        .order_by("decision_on", "id")
        .values(
            "child_id",
            "period__started_on",
            "decision_on",
            "placement_order_on",
            "matched_on",
            "placed_on",
            "adoption_order_on",
            "reversed_on",
            "reversed_reason",
            "disabled",
            "ffa_on",
            *_person("child__"),
        )
    ):
        reversed_on = _known(r["reversed_on"], w.as_of)
        rows.append(
            {
                **_common(r, "child__", r["child_id"], w.as_of),
                "family_id": "",
                "disability": yes_no(r["disabled"]),
                "entered_care_on": r["period__started_on"],
                "decision_on": r["decision_on"],
                "placement_order_on": _known(r["placement_order_on"], w.as_of),
                "matched_on": _known(r["matched_on"], w.as_of),
                "placed_on": _known(r["placed_on"], w.as_of),
                "adoption_order_on": _known(r["adoption_order_on"], w.as_of),
                "reversed_on": reversed_on,
                "reversed_reason": code("adoption_reversed", r["reversed_reason"])
                if reversed_on
                else "",
                "ffa_placed_on": r["ffa_on"],
            }
        )
    return rows


def list_11(w: Window, children: QuerySet[Person] | None) -> list[Row]:
    """Prospective adopters: not recorded in Sightline (the adoption agency's), so none."""
    return []


LISTS: dict[int, Callable[[Window, QuerySet[Person] | None], list[Row]]] = {
    1: list_1,
    2: list_2,
    3: list_3,
    4: list_4,
    5: list_5,
    6: list_6,
    7: list_7,
    8: list_8,
    9: list_9,
    10: list_10,
    11: list_11,
}


def rows(number: int, as_of: date, children: QuerySet[Person] | None = None) -> list[Row]:
    """List ``number``'s rows on ``as_of``, of ``children`` (a queryset from the access policy;
    None: every child, for an operator's command)."""
    return LISTS[number](Window(as_of), children)


def build(as_of: date, children: QuerySet[Person] | None = None) -> dict[int, list[Row]]:
    return {
        annex_list.number: rows(annex_list.number, as_of, children) for annex_list in spec().lists
    }


# --- The workbook ---------------------------------------------------------------------------


def write_workbook(lists: dict[int, list[Row]], as_of: date, out: Path | IO[bytes]) -> None:
    """One sheet per list, Ofsted's headers in the first row (bold), a row per record; dates
    are date cells shown dd/mm/yyyy, a blank is an empty cell.

    Written with XlsxWriter in its constant-memory mode (rows stream to the file): openpyxl's
    writer spent over 85% of the export's time on the default authority's 300,000 cells
    (decision 0033); openpyxl still reads the workbook in the tests and the providers import.
    A hand-written streaming writer was 10 times faster still but was not kept: the project
    writes files with well-kept libraries made for the job (decision 0033).
    """
    import xlsxwriter

    book = xlsxwriter.Workbook(
        out, {"constant_memory": True, "in_memory": not isinstance(out, Path)}
    )
    bold = book.add_format({"bold": True})
    day = book.add_format({"num_format": "dd/mm/yyyy"})
    for annex_list in spec().lists:
        sheet = book.add_worksheet(annex_list.sheet)
        sheet.write_row(0, 0, annex_list.headers, bold)
        fields = [column.field for column in annex_list.columns]
        write_string, write_number, write_datetime = (
            sheet.write_string,
            sheet.write_number,
            sheet.write_datetime,
        )
        for r, row in enumerate(lists.get(annex_list.number, []), start=1):
            for c, field in enumerate(fields):
                value = row.get(field)
                if value is None or value == "":
                    continue
                if isinstance(value, date):
                    write_datetime(r, c, datetime.combine(value, time.min), day)
                elif isinstance(value, int):
                    write_number(r, c, value)
                else:
                    write_string(r, c, str(value))
    book.close()


def workbook_bytes(lists: dict[int, list[Row]], as_of: date) -> bytes:
    buffer = BytesIO()
    write_workbook(lists, as_of, buffer)
    return buffer.getvalue()


def children_in(lists: dict[int, list[Row]]) -> list[int]:
    return sorted({row["_pk"] for found in lists.values() for row in found if "_pk" in row})


def export_annex_a(as_of: date, out: Path) -> ExportResult:
    """The workbook for every child (an operator's command): ``out`` is written whole."""
    lists = build(as_of)
    out.parent.mkdir(parents=True, exist_ok=True)
    write_workbook(lists, as_of, out)
    counts = {spec().list(n).sheet: len(found) for n, found in lists.items()}
    return ExportResult(out, len(children_in(lists)), counts)


def iter_rows(annex_list: AnnexList, found: Iterable[Row]) -> Iterable[list[Any]]:
    """Each row's values in Ofsted's column order (for the pages' tables)."""
    for row in found:
        yield [row.get(column.field) for column in annex_list.columns]
