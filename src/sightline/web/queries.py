"""Reads for the web pages: finding a child and the child's record.

Set-based: a page costs a constant number of queries, however many children match or however
many records a child has (one query for the list plus Exists/Prefetch, never a query per row).
Every read of a child starts from ``children_visible_to(user)``, the one place where the access
policy will be applied.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models
from django.db.models import (
    Case,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    prefetch_related_objects,
)
from django.http import QueryDict
from django.utils import timezone

from sightline.access.models import RestrictedRecord
from sightline.access.policy import (
    findable_children,
    known_condition,
    viewer_for,
    visible_children,
    visible_condition,
    withheld_names,
    withhold,
)
from sightline.care.codes import LegalStatusCode
from sightline.care.models import CarePlan, LegalStatus, MissingEpisode, PeriodOfCare, Placement
from sightline.chronology.corrections import CASE_NOTE, VISIT, EntryKind
from sightline.chronology.labels import MEETINGS
from sightline.chronology.models import ChronologyEntry
from sightline.chronology.queries import (
    CaseNoteSearch,
    ChronologySearch,
    newest_first,
    with_history,
)
from sightline.core.codes import AbuseCategory, label
from sightline.core.postcodes import format_postcode
from sightline.frontdoor.models import EarlyHelpEpisode
from sightline.frontdoor.queries import name_condition
from sightline.leaving_care.codes import AccommodationCode, ActivityCode, InTouchCode
from sightline.leaving_care.eligibility import Eligibility
from sightline.leaving_care.models import (
    Accommodation,
    Activity,
    EssentialDocuments,
    InTouch,
    PathwayPlan,
    PathwayPlanReview,
    StayingPut,
)
from sightline.leaving_care.queries import eligibility_for
from sightline.leaving_care.services import DOCUMENTS
from sightline.people.models import Person, Relationship
from sightline.protection.models import (
    AllegationToLADO,
    Assessment,
    ChildInNeedPlan,
    ChildProtectionPlan,
    PreProceedings,
    PrivateFosteringArrangement,
    Referral,
    Section47Enquiry,
    Visit,
)
from sightline.providers.queries import Registration, registrations
from sightline.timescales.models import Obligation
from sightline.timescales.queries import due_list
from sightline.validation.models import LiveFailure
from sightline.web.pagination import Pagination, paginate
from sightline.web.templatetags.sightline_web import govuk_date
from sightline.workforce.models import Allocation, Worker, current_on

SEARCH_LIMIT = 50
CASE_NOTES_PER_PAGE = 10
VISITS_PER_PAGE = 10
CHRONOLOGY_PER_PAGE = 25
RELATIONSHIPS_PER_PAGE = 25
PLACEMENTS_PER_PAGE = 25

User = AbstractBaseUser | AnonymousUser


def children_visible_to(user: User, among: QuerySet[Person] | None = None) -> QuerySet[Person]:
    """The children this user may see: every read of a child's record starts here."""
    return visible_children(user, among=among)


def worker_for(user: User) -> Worker | None:
    """The worker record of a signed-in user (with their team), if they have one."""
    if not user.is_authenticated:
        return None
    return Worker.objects.select_related("team").filter(user_id=user.pk).first()


# --- Current involvement ----------------------------------------------------------------------


Row = tuple[str, Any]


@dataclass(frozen=True)
class Involvement:
    """One kind of open episode that counts as "current involvement" with the child.

    ``open`` says when a row of ``model`` is open; ``rows`` gives the summary-list rows for one
    open row. Search (Exists) and the record (Prefetch) both use these definitions, so the list
    and the record always agree. The care issue adds periods of care here.
    """

    key: str
    label: str
    model: type[models.Model]
    related_name: str  # of the model's ``child`` foreign key
    open: Q
    order_by: tuple[str, ...]
    rows: Callable[[Any], list[Row]]
    select_related: tuple[str, ...] = ()
    # What the record's card reads beyond the row itself: prefetched with the open rows, and
    # rows about the child (from what child_record already holds) added to each card.
    prefetch: tuple[Any, ...] = ()
    child_rows: Callable[[Person], list[Row]] | None = None

    @property
    def to_attr(self) -> str:
        return f"open_{self.key}"

    def queryset(self) -> QuerySet[Any]:
        qs = self.model._default_manager.filter(self.open).order_by(*self.order_by)
        if self.select_related:
            qs = qs.select_related(*self.select_related)
        return qs

    def record_queryset(self) -> QuerySet[Any]:
        """The open rows as the record's cards read them (search needs only ``queryset``)."""
        return self.queryset().prefetch_related(*self.prefetch)


def _worker_name(worker: Worker | None) -> str | None:
    return worker.full_name if worker else None


def _referral_rows(referral: Referral) -> list[Row]:
    return [
        ("Referral date", referral.referral_date),
        ("Primary need", referral.get_primary_need_display()),
        ("Source", referral.get_source_display()),
    ]


def _assessment_rows(assessment: Assessment) -> list[Row]:
    return [
        ("Started", assessment.started_on),
        ("Child seen", assessment.child_seen_on or "Not yet"),
        ("Worker", _worker_name(assessment.worker)),
    ]


def _section47_rows(enquiry: Section47Enquiry) -> list[Row]:
    return [("Started", enquiry.started_on)]


def _cp_plan_rows(plan: ChildProtectionPlan) -> list[Row]:
    rows: list[Row] = [
        ("Category", plan.get_latest_category_display()),
        ("Started", plan.started_on),
    ]
    if plan.initial_category != plan.latest_category:
        rows.append(("Category at the start", plan.get_initial_category_display()))
    return rows


def _cin_plan_rows(plan: ChildInNeedPlan) -> list[Row]:
    return [("Started", plan.started_on)]


def _early_help_rows(episode: EarlyHelpEpisode) -> list[Row]:
    return [("Started", episode.started_on), ("Lead worker", _worker_name(episode.lead_worker))]


def _pre_proceedings_rows(pre: PreProceedings) -> list[Row]:
    return [
        ("Started", pre.started_on),
        ("Letter before proceedings sent", pre.letter_sent_on or "Not yet"),
        ("Pre-proceedings meeting", pre.meeting_on or "Not yet"),
    ]


def _care_rows(period: PeriodOfCare) -> list[Row]:
    rows: list[Row] = [
        ("Looked after since", period.started_on),
        ("Category of need", period.get_category_of_need_display()),
        ("Home postcode when care started", format_postcode(period.home_postcode)),
    ]
    plans = getattr(period, "latest_care_plan", None)
    placements = getattr(period, "current_placement", None)
    if plans is not None:
        rows.append(("Care plan agreed", plans[0].agreed_on if plans else None))
    if placements is not None:
        rows.append(
            ("Placement plan agreed", placements[0].placement_plan_on if placements else None)
        )
    return rows


def _current_allocation(child: Person, kind: str) -> Allocation | None:
    """The latest current allocation of a kind, from those child_record prefetched."""
    found = [a for a in child.current_allocations if a.kind == kind]  # type: ignore[attr-defined]
    return found[0] if found else None  # newest first


def _iro_rows(child: Person) -> list[Row]:
    iro = _current_allocation(child, Allocation.Kind.REVIEWING_OFFICER)
    if iro is None:
        return [("Independent reviewing officer", "Not allocated")]
    return [
        ("Independent reviewing officer", iro.worker.full_name),
        ("Reviewing officer since", iro.started_on),
    ]


CARE_PREFETCH = (
    Prefetch(
        "care_plans",
        queryset=CarePlan.objects.order_by("-agreed_on", "-id")[:1],
        to_attr="latest_care_plan",
    ),
    Prefetch(
        "placements",
        queryset=Placement.objects.filter(ended_on__isnull=True).order_by("-started_on", "-id"),
        to_attr="current_placement",
    ),
)


# Most significant first: the order of the cards on the record and of the labels in search.
INVOLVEMENTS: tuple[Involvement, ...] = (
    Involvement(
        key="looked_after",
        label="Looked after",
        model=PeriodOfCare,
        related_name="periods_of_care",
        open=Q(ended_on__isnull=True),
        order_by=("-started_on", "-id"),
        rows=_care_rows,
        prefetch=CARE_PREFETCH,
        child_rows=_iro_rows,
    ),
    Involvement(
        key="pre_proceedings",
        label="Pre-proceedings",
        model=PreProceedings,
        related_name="pre_proceedings",
        open=Q(ended_on__isnull=True),
        order_by=("-started_on", "-id"),
        rows=_pre_proceedings_rows,
    ),
    Involvement(
        key="cp_plan",
        label="Child protection plan",
        model=ChildProtectionPlan,
        related_name="cp_plans",
        open=Q(ended_on__isnull=True),
        order_by=("-started_on", "-id"),
        rows=_cp_plan_rows,
    ),
    Involvement(
        key="section47",
        label="Section 47 enquiry",
        model=Section47Enquiry,
        related_name="section47_enquiries",
        open=Q(completed_on__isnull=True),
        order_by=("-started_on", "-id"),
        rows=_section47_rows,
    ),
    Involvement(
        key="cin_plan",
        label="Child in need plan",
        model=ChildInNeedPlan,
        related_name="cin_plans",
        open=Q(ended_on__isnull=True),
        order_by=("-started_on", "-id"),
        rows=_cin_plan_rows,
    ),
    Involvement(
        key="assessment",
        label="Assessment",
        model=Assessment,
        related_name="assessments",
        open=Q(authorised_on__isnull=True),
        order_by=("-started_on", "-id"),
        rows=_assessment_rows,
        select_related=("worker",),
    ),
    Involvement(
        key="referral",
        label="Open referral",
        model=Referral,
        related_name="referrals",
        open=Q(closure_date__isnull=True),
        order_by=("-referral_date", "-id"),
        rows=_referral_rows,
    ),
    Involvement(
        key="early_help",
        label="Early help",
        model=EarlyHelpEpisode,
        related_name="early_help_episodes",
        open=Q(ended_on__isnull=True),
        order_by=("-started_on", "-id"),
        rows=_early_help_rows,
        select_related=("lead_worker",),
    ),
)


def current_involvement_labels(flags: dict[str, bool]) -> list[str]:
    """Labels for a child's open episodes, most significant first.

    An open referral is the episode the others hang off, so it is named only when nothing
    more specific is open.
    """
    labels = [inv.label for inv in INVOLVEMENTS if flags.get(inv.key)]
    if len(labels) > 1 and flags.get("referral"):
        labels.remove("Open referral")
    return labels


# --- Find a child -----------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchResults:
    children: list[Person]
    more: bool  # there were more than SEARCH_LIMIT matches
    limit: int = SEARCH_LIMIT
    # Children who match but whom the user has no reason to see: name and date of birth only,
    # so that break-glass access can be asked for. Restricted records never appear.
    others: list[Person] = field(default_factory=list)
    # A name-only search by someone who does not read authority-wide: say how to find others.
    name_only_for_team_reader: bool = False

    @property
    def found(self) -> int:
        """Every child the search lists: those the user works with and the others."""
        return len(self.children) + len(self.others)


def search_children(
    user: User,
    *,
    name: str = "",
    birth_date: dt.date | None = None,
    identifier: str = "",
    limit: int = SEARCH_LIMIT,
) -> SearchResults:
    """Children matching every criterion given, in name order: two queries at most.

    name: each word must appear in the given or family name (case-insensitive, partial), or
    sound like one of them (``frontdoor.queries.name_condition``: "Smyth" finds Smith,
    "Jonh" finds John).
    birth_date: the date of birth, or the expected date of birth of an unborn child.
    identifier: LA child ID, NHS number (spaces removed) or UPN (current or former).
    Each child carries ``current_involvement``, a list of labels.
    """
    qs = findable_children(user)
    if name.split():
        qs = qs.filter(name_condition(name))
    if birth_date is not None:
        qs = qs.filter(
            Q(birth_date=birth_date) | Q(birth_date__isnull=True, expected_birth_date=birth_date)
        )
    if identifier:
        match = Q(la_child_id__in=sorted({identifier, identifier.upper(), identifier.lower()}))
        match |= Q(upn=identifier.upper()) | Q(former_upn=identifier.upper())
        if identifier.isdigit() and len(identifier) == 10:
            match |= Q(nhs_number=identifier)
        qs = qs.filter(match)
    condition = visible_condition(user)
    if condition is None:
        return SearchResults(children=[], more=False, limit=limit)
    order = ("family_name", "given_name", "birth_date", "id")
    # The children the user may see, with their involvement. Others (name and date of birth
    # only, to ask for break-glass access) only for a targeted search, by date of birth or an
    # identifier: a name alone does not list children the user has no reason to see.
    visible = list(
        qs.filter(condition)
        .annotate(
            **{
                f"has_{inv.key}": Exists(inv.queryset().filter(child=OuterRef("pk")))
                for inv in INVOLVEMENTS
            }
        )
        .order_by(*order)[: limit + 1]
    )
    for child in visible:
        flags = {inv.key: bool(getattr(child, f"has_{inv.key}")) for inv in INVOLVEMENTS}
        child.current_involvement = current_involvement_labels(flags)  # type: ignore[attr-defined]
    others: list[Person] = []
    targeted = birth_date is not None or bool(identifier)
    team_reader = not viewer_for(user).authority_wide
    if targeted and team_reader:
        others = list(
            qs.exclude(condition)
            .only("la_child_id", "given_name", "family_name", "birth_date", "expected_birth_date")
            .order_by(*order)[:limit]
        )
    return SearchResults(
        children=visible[:limit],
        more=len(visible) > limit,
        limit=limit,
        others=others,
        name_only_for_team_reader=team_reader and not targeted,
    )


# --- The child's record: the header on every tab ----------------------------------------------


@dataclass(frozen=True)
class InvolvementCard:
    """One open episode, shown as a GOV.UK summary card."""

    title: str
    rows: list[Row]


@dataclass(frozen=True)
class RelationshipRow:
    other: Person
    description: str
    parental_responsibility: bool | None  # None: not recorded this way round
    lives_with_child: bool


@dataclass(frozen=True)
class Alert:
    """Something everyone who opens the record must see at once: a GOV.UK tag in the header."""

    text: str
    colour: str  # the GOV.UK tag's colour modifier: "red", "purple", "grey" ...


# The worker named in the header: the first kind allocated, in this order.
MAIN_WORKER_KINDS = (
    Allocation.Kind.SOCIAL_WORKER,
    Allocation.Kind.PERSONAL_ADVISER,
    Allocation.Kind.FAMILY_SUPPORT_WORKER,
    Allocation.Kind.LEAD_PRACTITIONER,
)
REVIEWER_KINDS = (Allocation.Kind.REVIEWING_OFFICER, Allocation.Kind.CP_CHAIR)


@dataclass(frozen=True)
class RecordHeader:
    """What every tab of the record shows above its own content (``web/record/base.html``):
    who the child is, their plan or legal status, their workers and the alerts."""

    child: Person
    today: dt.date
    status: list[str]  # the plan or legal status, most significant first; empty: none open
    allocations: Sequence[Allocation]  # current, by kind
    alerts: list[Alert]

    @property
    def age(self) -> int | None:
        until = self.child.death_date or self.today
        return self.child.age_on(until)

    def _first_of(self, kinds: Sequence[str]) -> Allocation | None:
        for kind in kinds:
            for allocation in self.allocations:
                if allocation.kind == kind:
                    return allocation
        return None

    @property
    def worker(self) -> Allocation | None:
        return self._first_of(MAIN_WORKER_KINDS)

    @property
    def reviewer(self) -> Allocation | None:
        """The independent reviewing officer, or the child protection chair."""
        return self._first_of(REVIEWER_KINDS)


def _of_child(model: type[models.Model], **condition: Any) -> QuerySet[Any]:
    return model._default_manager.filter(child=OuterRef("pk"), **condition)


def _header_annotations() -> dict[str, Any]:
    """One query for the child and everything the header says about them (EXISTS and scalar
    subqueries on indexed columns), whatever the size of the record."""
    open_cp = _of_child(ChildProtectionPlan, ended_on__isnull=True).order_by("-started_on", "-id")
    legal = LegalStatus.objects.filter(
        child=OuterRef("pk"), period__ended_on__isnull=True
    ).order_by("-started_on", "-id")
    return {
        **{
            f"has_{inv.key}": Exists(inv.queryset().filter(child=OuterRef("pk")))
            for inv in INVOLVEMENTS
        },
        "cp_category": Subquery(open_cp.values("latest_category")[:1]),
        "legal_status": Subquery(legal.values("code")[:1]),
        "was_looked_after": Exists(_of_child(PeriodOfCare)),
        "is_restricted": Exists(_of_child(RestrictedRecord)),
        "open_lado": Exists(_of_child(AllegationToLADO, concluded_on__isnull=True)),
        "privately_fostered": Exists(_of_child(PrivateFosteringArrangement, ended_on__isnull=True)),
        "missing_now": Exists(_of_child(MissingEpisode, ended_at__isnull=True)),
    }


@functools.cache
def _header_people() -> QuerySet[Person]:
    """People with the header's annotations, built and resolved once per process: each
    request clones it and adds only its own conditions, instead of building and resolving a
    dozen subqueries again (a few milliseconds of Python on every tab of the record). Never
    evaluated itself."""
    return Person.objects.annotate(**_header_annotations())


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _status(child: Any, today: dt.date) -> list[str]:
    """The plan or legal status in words: the open episodes (``current_involvement_labels``)
    with a protection plan's category and a looked-after child's legal status; a care leaver's
    category when no longer looked after (one query more, only for those who were)."""
    flags = {inv.key: bool(getattr(child, f"has_{inv.key}")) for inv in INVOLVEMENTS}
    words = []
    for text in current_involvement_labels(flags):
        if text == "Looked after" and child.legal_status:
            text += f": {_lower_first(label(LegalStatusCode, child.legal_status))}"
            text += f" ({child.legal_status})"
        elif text == "Child protection plan" and child.cp_category:
            text += f": {_lower_first(label(AbuseCategory, child.cp_category))}"
        words.append(text)
    age = child.age_on(child.death_date or today)
    if not flags["looked_after"] and child.was_looked_after and (age or 0) >= 16:
        category = eligibility_for(child, today)
        if category is not None:
            words.append(f"Care leaver: {_lower_first(ELIGIBILITY_WORDS[category])}")
    return words


def _alerts(child: Any) -> list[Alert]:
    alerts = []
    if child.is_restricted:
        alerts.append(Alert("Restricted record", "purple"))
    if child.death_date:
        alerts.append(Alert(f"Died {govuk_date(child.death_date)}", "grey"))
    if child.missing_now:
        alerts.append(Alert("Missing from care now", "red"))
    if child.open_lado:
        alerts.append(Alert("Open allegation to the LADO", "red"))
    if child.is_uasc:
        alerts.append(Alert("Unaccompanied asylum-seeking child", "blue"))
    if child.privately_fostered:
        alerts.append(Alert("Privately fostered", "yellow"))
    if child.is_unborn:
        alerts.append(Alert("Unborn", "light-blue"))
    return alerts


def current_allocations(today: dt.date) -> Prefetch[Any]:
    return Prefetch(
        "allocations",
        queryset=Allocation.objects.filter(current_on(today))
        .select_related("worker", "team")
        .order_by("kind", "-started_on", "-id"),
        to_attr="current_allocations",
    )


def record_header(
    user: User,
    la_child_id: str,
    *,
    today: dt.date | None = None,
    prefetch: Sequence[str | Prefetch[Any]] = (),
) -> RecordHeader | None:
    """The header of the child's record, or None when this user may not open it (the same
    answer whether the child is hidden from them, restricted or unknown: decision 0011).

    Two queries (the child with its annotations, the current allocations), one more for a
    former looked-after young person's care leaver category; ``prefetch`` adds what a tab
    reads with the child (one query each)."""
    today = today or timezone.localdate()
    child = (
        children_visible_to(user, among=_header_people())
        .filter(la_child_id=la_child_id)
        .prefetch_related(current_allocations(today), *prefetch)
        .first()
    )
    if child is None:
        return None
    return RecordHeader(
        child=child,
        today=today,
        status=_status(child, today),
        allocations=child.current_allocations,  # type: ignore[attr-defined]
        alerts=_alerts(child),
    )


# --- The record's tabs --------------------------------------------------------------------------

DUE_ON_OVERVIEW = 5  # obligations on the overview; the "what is due" tab lists them all
DUE_PER_PAGE = 50
RECENT_ENTRIES = 5  # the newest chronology entries on the overview
MEETINGS_PER_PAGE = 25


def _withheld(user: User, child: Person) -> list[str]:
    return withheld_names(user, child)


def due_for(child: Person, today: dt.date) -> QuerySet[Obligation]:
    """What is open for the child today, soonest due first, each with its status (due or
    overdue) and the rule's title."""
    return due_list(today, children=Person.objects.filter(pk=child.pk), today=True)


@dataclass(frozen=True)
class Overview:
    due: list[Obligation]
    more_due: int  # open obligations beyond those listed
    overdue: int
    recent: list[ChronologyEntry]


def overview(user: User, header: RecordHeader) -> Overview:
    """The overview tab: the soonest obligations (and how many more), the newest chronology
    entries. Three queries."""
    child, today = header.child, header.today
    open_rows = due_for(child, today)
    due = list(open_rows[: DUE_ON_OVERVIEW + 1])
    counts = open_rows.order_by().aggregate(
        total=models.Count("pk"), overdue=models.Count("pk", filter=Q(due_on__lt=today))
    )
    recent = list(newest_first(child.pk)[:RECENT_ENTRIES])
    names = _withheld(user, child)
    for entry in recent:
        entry.summary = withhold(entry.summary, names)
    return Overview(
        due=due[:DUE_ON_OVERVIEW],
        more_due=max(0, counts["total"] - DUE_ON_OVERVIEW),
        overdue=counts["overdue"],
        recent=recent,
    )


def chronology_page(
    user: User, header: RecordHeader, search: ChronologySearch, page: int, query: QueryDict
) -> Pagination:
    """One page of the chronology, newest first, as ``search`` filters it; the names of people
    this user may not know exist withheld."""
    entries = paginate(
        search.entries(header.child.pk),
        CHRONOLOGY_PER_PAGE,
        number=page,
        query=query,
        param="page",
    )
    names = _withheld(user, header.child)
    for entry in entries:
        entry.summary = withhold(entry.summary, names)
    return entries


def case_notes_page(
    user: User, header: RecordHeader, search: CaseNoteSearch, page: int, query: QueryDict
) -> Pagination:
    """One page of case notes, newest first, as ``search`` finds them. A search word that is
    part of a name withheld from this user finds nothing: the notes that name that person are
    not found by it."""
    names = _withheld(user, header.child)
    notes = search.notes(header.child.pk, withheld=names)
    found = paginate(notes, CASE_NOTES_PER_PAGE, number=page, query=query, param="page")
    return _as_read(found, CASE_NOTE, "text", names)


def visits_page(user: User, header: RecordHeader, page: int, query: QueryDict) -> Pagination:
    """One page of the child's visits, newest first, each with who visited (``worker``) and
    its corrections, the names of people this user may not know exist withheld from the note."""
    visits = (
        Visit.objects.filter(child=header.child)
        .select_related("worker")
        .order_by("-visited_on", "-id")
    )
    found = paginate(visits, VISITS_PER_PAGE, number=page, query=query, param="page")
    return _as_read(found, VISIT, "note", _withheld(user, header.child))


def _as_read(found: Pagination, kind: EntryKind, text: str, names: list[str]) -> Pagination:
    """A page of entries a worker wrote (case notes, visits) as this reader reads them: the
    withheld names taken out of each one's ``text`` field, and each given its corrections'
    history (``with_history``: one query for the page, decision 0026)."""
    for entry in found:
        setattr(entry, text, withhold(getattr(entry, text), names))
    with_history(list(found), kind, names)
    return found


@dataclass(frozen=True)
class Plans:
    involvement: list[InvolvementCard]
    leaving_care: InvolvementCard | None  # a child who is or was looked after, 16+
    placements: Pagination  # oldest first, across every period of care
    meetings: Pagination  # of chronology entries: conferences, reviews, meetings, newest first

    @property
    def placement_rows(self) -> list[tuple[Placement, Registration]]:
        """Each placement with its setting's Ofsted registration (one query for all)."""
        placements = self.placements.items
        return list(zip(placements, registrations(placements), strict=True))


INVOLVEMENT_PREFETCH: tuple[Prefetch[Any], ...] = tuple(
    Prefetch(inv.related_name, queryset=inv.record_queryset(), to_attr=inv.to_attr)
    for inv in INVOLVEMENTS
)


def plans(user: User, header: RecordHeader, pages: dict[str, int], query: QueryDict) -> Plans:
    """The plans and meetings tab: a card per open episode (``INVOLVEMENTS``, prefetched),
    leaving care, placements and the meetings held. The child must have been read with
    ``INVOLVEMENT_PREFETCH``."""
    child = header.child
    cards = [
        InvolvementCard(
            title=inv.label,
            rows=inv.rows(row) + (inv.child_rows(child) if inv.child_rows else []),
        )
        for inv in INVOLVEMENTS
        for row in getattr(child, inv.to_attr)
    ]
    placements = paginate(
        Placement.objects.filter(child=child).order_by("started_on", "id"),
        PLACEMENTS_PER_PAGE,
        number=pages.get("placements", 1),
        query=query,
        param="placements",
        anchor="placements",
    )
    meetings = paginate(
        ChronologyEntry.objects.filter(child=child, event__in=sorted(MEETINGS)).order_by(
            "-occurred_on", "-id"
        ),
        MEETINGS_PER_PAGE,
        number=pages.get("meetings", 1),
        query=query,
        param="meetings",
        anchor="meetings",
    )
    names = _withheld(user, child)
    for entry in meetings:
        entry.summary = withhold(entry.summary, names)
    return Plans(
        involvement=cards,
        leaving_care=_leaving_care(child, header.today, was_looked_after=placements.count > 0),
        placements=placements,
        meetings=meetings,
    )


def relationships_page(user: User, header: RecordHeader, page: int, query: QueryDict) -> Pagination:
    """The people linked to the child now (of RelationshipRow), one page."""
    child = header.child
    found = paginate(
        _relationships(user, child, header.today),
        RELATIONSHIPS_PER_PAGE,
        number=page,
        query=query,
        param="page",
    )
    found.page.object_list = [_relationship_row(child, rel) for rel in found.page.object_list]
    return found


DATA_CHECKS_PREFETCH = Prefetch(
    "validation_failures",
    queryset=LiveFailure.objects.select_related("run").order_by("run__kind", "rule"),
    to_attr="dfe_failures",
)


def _current(today: dt.date) -> Q:
    return Q(ended_on__isnull=True) | Q(ended_on__gte=today)


def _relationships(user: User, child: Person, today: dt.date) -> QuerySet[Relationship]:
    """The current links between the child and other people, whichever way round each was
    recorded (a link recorded both ways once, as the child's own), of the people this user may
    know exist: a restricted record that does not name them is not there."""
    current = _current(today)
    recorded_both_ways = Relationship.objects.filter(
        current, person_id=child.pk, relative_id=OuterRef("person_id")
    )
    own = Q(person_id=child.pk) & known_condition(user, "relative")
    theirs = Q(relative_id=child.pk) & known_condition(user, "person") & ~Exists(recorded_both_ways)
    mine = Q(person_id=child.pk)
    return (
        Relationship.objects.filter(current)
        .filter(own | theirs)
        .select_related("person", "relative")
        .annotate(
            side=Case(When(mine, then=Value(0)), default=Value(1), output_field=IntegerField()),
            other_family=Case(
                When(mine, then=F("relative__family_name")), default=F("person__family_name")
            ),
            other_given=Case(
                When(mine, then=F("relative__given_name")), default=F("person__given_name")
            ),
        )
        .order_by("side", "kind", "other_family", "other_given", "id")
    )


def _relationship_row(child: Person, rel: Relationship) -> RelationshipRow:
    if rel.person_id == child.pk:
        return RelationshipRow(
            other=rel.relative,
            description=rel.get_kind_display(),
            parental_responsibility=rel.has_parental_responsibility,
            lives_with_child=rel.lives_with_child,
        )
    return RelationshipRow(
        other=rel.person,
        description=f"{child.given_name} is their {rel.get_kind_display().lower()}",
        parental_responsibility=None,
        lives_with_child=rel.lives_with_child,
    )


# --- Leaving care -----------------------------------------------------------------------------

LEAVING_CARE_FROM_AGE = 16
ELIGIBILITY_WORDS = {
    Eligibility.ELIGIBLE: "Eligible (looked after, 16 or 17)",
    Eligibility.RELEVANT: "Relevant (left care at 16 or 17)",
    Eligibility.FORMER_RELEVANT: "Former relevant (18 or over)",
    Eligibility.QUALIFYING: "Qualifying",
}


def _latest(related_name: str, model: type[models.Model], *order: str) -> Prefetch[Any]:
    return Prefetch(
        related_name,
        queryset=model._default_manager.order_by(*order, "-id")[:1],
        to_attr=f"latest_{related_name}",
    )


LEAVING_CARE_PREFETCH = (
    Prefetch(
        "pathway_plan_reviews",
        queryset=PathwayPlanReview.objects.order_by("-reviewed_on", "-id")[:1],
        to_attr="latest_pathway_plan_review",
    ),
    Prefetch("pathway_plan", to_attr="the_pathway_plan"),
    Prefetch("essential_documents", to_attr="the_essential_documents"),
    _latest("in_touch", InTouch, "-recorded_on"),
    _latest("activities", Activity, "-from_date"),
    _latest("accommodations", Accommodation, "-from_date"),
    _latest("staying_put", StayingPut, "-started_on"),
)


def _first(child: Person, attr: str) -> Any:
    rows = getattr(child, attr)
    return rows[0] if rows else None


def _since(text: str, day: dt.date) -> str:
    return f"{text}, from {govuk_date(day)}"


def _leaving_care(
    child: Person, today: dt.date, *, was_looked_after: bool
) -> InvolvementCard | None:
    """The leaving care summary for a child who is or was looked after and is 16 or over: a
    fixed number of queries (eligibility, then one per kind of record), none for others."""
    age = child.age_on(child.death_date or today)
    if not was_looked_after or age is None or age < LEAVING_CARE_FROM_AGE:
        return None
    category = eligibility_for(child, today)
    prefetch_related_objects([child], *LEAVING_CARE_PREFETCH)
    rows: list[Row] = [
        ("Eligibility", ELIGIBILITY_WORDS[category] if category else "Not a care leaver"),
    ]
    adviser = _current_allocation(child, Allocation.Kind.PERSONAL_ADVISER)
    rows.append(("Personal adviser", adviser.worker.full_name if adviser else "Not allocated"))
    if adviser is not None:
        rows.append(("Personal adviser allocated", adviser.started_on))
    plan: PathwayPlan | None = child.the_pathway_plan  # type: ignore[attr-defined]
    review: PathwayPlanReview | None = _first(child, "latest_pathway_plan_review")
    rows.append(("Pathway plan started", plan.started_on if plan else "No pathway plan"))
    if plan is not None:
        rows.append(("Pathway plan last reviewed", review.reviewed_on if review else "Not yet"))
    touch: InTouch | None = _first(child, "latest_in_touch")
    rows.append(
        (
            "In touch",
            f"{label(InTouchCode, touch.in_touch)} ({govuk_date(touch.recorded_on)})"
            if touch
            else None,
        )
    )
    activity: Activity | None = _first(child, "latest_activities")
    rows.append(
        (
            "Activity",
            _since(label(ActivityCode, activity.code), activity.from_date) if activity else None,
        )
    )
    home: Accommodation | None = _first(child, "latest_accommodations")
    rows.append(
        (
            "Accommodation",
            _since(label(AccommodationCode, home.code), home.from_date) if home else None,
        )
    )
    if home is not None:
        rows.append(("Accommodation suitable", home.suitable))
    staying: StayingPut | None = _first(child, "latest_staying_put")
    if staying is None:
        rows.append(("Staying put", "No"))
    elif staying.ended_on is None:
        rows.append(("Staying put", _since(f"With {staying.carer}", staying.started_on)))
    else:
        rows.append(
            (
                "Staying put",
                f"With {staying.carer}, {govuk_date(staying.started_on)} "
                f"to {govuk_date(staying.ended_on)} (ended)",
            )
        )
    documents: EssentialDocuments | None = child.the_essential_documents  # type: ignore[attr-defined]
    for name, words in DOCUMENTS.items():
        held = getattr(documents, name) if documents else None
        rows.append((words, f"In hand since {govuk_date(held)}" if held else "Not yet"))
    if documents is not None:
        rows.append(("Essential documents updated", documents.updated_on))
    return InvolvementCard(title="Leaving care", rows=rows)
