"""Leaving care in the browser (issue 15 item 2, decision 0029): the record's leaving-care tab
and the personal adviser's home ("My young people").

Views stay thin: the caseload is ``leaving_care.queries.caseload`` (set-based), the tab's reads
are below, a fixed number of queries for one child however much is recorded; what is late is
judged against the catalogue's configured standards, never a number typed here. Every link to a
form is offered only to a role that may record it (``recording.may_use``), so no link on these
pages ends in a 403.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import OuterRef, Prefetch, Subquery, prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from sightline.access import audit
from sightline.access.policy import Viewer, viewer_for, visible_children
from sightline.access.roles import MANAGERS, Role
from sightline.core.codes import label
from sightline.leaving_care.codes import (
    NEET,
    AccommodationCode,
    ActivityCode,
    HomelessOutcome,
    InTouchCode,
    NEETBarrierCode,
    NEETOfferKind,
    NEETOfferOutcome,
)
from sightline.leaving_care.eligibility import CarePeriod, eligibility
from sightline.leaving_care.models import (
    Accommodation,
    Activity,
    Custody,
    EssentialDocuments,
    HomelessPresentation,
    InTouch,
    NEETBarrier,
    NEETOffer,
    Parenthood,
    PathwayPlan,
    PathwayPlanReview,
    StayingPut,
    SupportTo25Request,
)
from sightline.leaving_care.queries import YoungPerson, caseload, counted_periods
from sightline.leaving_care.services import DOCUMENTS
from sightline.people.models import Person
from sightline.protection.models import Visit
from sightline.timescales.catalogue import became_eligible_on, catalogue
from sightline.timescales.models import Obligation
from sightline.timescales.queries import open_now
from sightline.web import queries
from sightline.web.pagination import paginate_request
from sightline.web.recording import USE_CASES, form_link, may_use, url_for
from sightline.web.templatetags.sightline_web import display, govuk_date
from sightline.workforce.models import Allocation, Worker, current_on

# "Pathway plan review due": open and due within this many days, or overdue.
REVIEW_DUE_WITHIN = timedelta(days=28)
YOUNG_PEOPLE_PER_PAGE = 50


@dataclass(frozen=True)
class Cell:
    text: str
    href: str = ""
    colour: str = ""  # a GOV.UK tag colour: the cell is a tag


@dataclass(frozen=True)
class Action:
    text: str
    href: str


@dataclass
class Section:
    """A part of the tab: summary rows, a table, or both, and the forms that add to it."""

    title: str
    anchor: str
    rows: list[tuple[str, str]] = field(default_factory=list)
    head: list[str] = field(default_factory=list)
    table: list[list[Cell]] = field(default_factory=list)
    empty: str = ""
    actions: list[Action] = field(default_factory=list)


def _text(value: Any) -> Cell:
    return Cell(display(value))


def _suitable(value: bool | None) -> Cell:
    if value is None:
        return Cell("Not known", colour="grey")
    return Cell("Suitable", colour="green") if value else Cell("Unsuitable", colour="red")


class Links:
    """The forms this viewer may record on this child, by use case name."""

    def __init__(self, viewer: Viewer, child: Person) -> None:
        self.viewer, self.child = viewer, child

    def __call__(self, name: str, subject_id: int | None = None, text: str = "") -> list[Action]:
        case = USE_CASES[name]
        if not may_use(case, self.viewer):
            return []
        href = url_for(name, str(self.child.la_child_id), subject_id)
        return [Action(text or case.title, href)]


def _prefetch(child: Person) -> None:
    newest = {
        "pathway_plan_reviews": (PathwayPlanReview, "-reviewed_on"),
        "in_touch": (InTouch, "-recorded_on"),
        "activities": (Activity, "-from_date"),
        "accommodations": (Accommodation, "-from_date"),
        "neet_barriers": (NEETBarrier, "-recorded_on"),
        "neet_offers": (NEETOffer, "-offered_on"),
        "staying_put": (StayingPut, "-started_on"),
        "custody_periods": (Custody, "-from_date"),
        "parenthoods": (Parenthood, "-became_parent_on"),
        "support_requests": (SupportTo25Request, "-requested_on"),
        "homeless_presentations": (HomelessPresentation, "-presented_on"),
    }
    prefetch_related_objects(
        [child],
        Prefetch("pathway_plan", to_attr="the_pathway_plan"),
        Prefetch("essential_documents", to_attr="the_essential_documents"),
        *(
            Prefetch(
                name,
                queryset=model._default_manager.order_by(order, "-pk"),
                to_attr=f"all_{name}",
            )
            for name, (model, order) in newest.items()
        ),
    )


def leaving_care_record(viewer: Viewer, child: Person, today: date) -> list[Section]:
    """The tab's sections for one child. Queries: the periods of care, the adviser, the open
    leaving care obligations, the last contacts, and one per kind of record (prefetched)."""
    links = Links(viewer, child)
    _prefetch(child)
    cat = catalogue()
    periods = [
        CarePeriod(start, end)
        for start, end in counted_periods(today)
        .filter(child=child)
        .values_list("started_on", "ended_on")
    ]
    birth = child.birth_date
    category = eligibility(birth, periods, today) if birth else None
    eligible = became_eligible_on(birth, periods) if birth else None
    adviser = (
        Allocation.objects.filter(
            current_on(today), child=child, kind=Allocation.Kind.PERSONAL_ADVISER
        )
        .select_related("worker")
        .first()
    )
    due = {
        o.rule: o
        for o in Obligation.objects.filter(
            open_now(today),
            child=child,
            rule__in=[
                "PA_ALLOCATION",
                "PATHWAY_PLAN",
                "PATHWAY_PLAN_REVIEW",
                "CARE_LEAVER_CONTACT",
            ],
        ).order_by("-due_on")
    }
    contacts = list(
        Visit.objects.filter(child=child, purpose=Visit.Purpose.PERSONAL_ADVISER, struck_out=False)
        .select_related("worker")
        .order_by("-visited_on", "-pk")[:5]
    )

    def due_words(rule: str) -> str:
        o = due.get(rule)
        if o is None:
            return ""
        late = " (overdue)" if o.due_on < today else ""
        return f"Due by {govuk_date(o.due_on)}{late}"

    sections: list[Section] = []
    summary = Section("Care leaver", "care-leaver")
    summary.rows.append(
        (
            "Eligibility",
            queries.ELIGIBILITY_WORDS[category] if category else "Not a care leaver today",
        )
    )
    if eligible is not None and eligible <= today:
        summary.rows.append(("Became an eligible child", govuk_date(eligible)))
    pa_rule = cat["PA_ALLOCATION"]
    if adviser is not None:
        summary.rows.append(
            (
                "Personal adviser",
                f"{adviser.worker.full_name}, since {govuk_date(adviser.started_on)}",
            )
        )
    else:
        summary.rows.append(
            (
                "Personal adviser",
                " ".join(
                    filter(
                        None,
                        [
                            "Not allocated.",
                            due_words("PA_ALLOCATION"),
                            f"(local standard: within {pa_rule.offset} of becoming eligible)",
                        ],
                    )
                ),
            )
        )
    summary.actions += links("personal-adviser")
    plan: PathwayPlan | None = child.the_pathway_plan  # type: ignore[attr-defined]
    reviews: list[PathwayPlanReview] = child.all_pathway_plan_reviews  # type: ignore[attr-defined]
    if plan is None:
        summary.rows.append(
            (
                "Pathway plan",
                " ".join(filter(None, ["No pathway plan.", due_words("PATHWAY_PLAN")])),
            )
        )
        summary.actions += links("pathway-plan")
    else:
        summary.rows.append(("Pathway plan started", govuk_date(plan.started_on)))
        summary.rows.append(
            (
                "Pathway plan last reviewed",
                govuk_date(reviews[0].reviewed_on) if reviews else "Not reviewed yet",
            )
        )
        if "PATHWAY_PLAN_REVIEW" in due:
            summary.rows.append(("Next review", due_words("PATHWAY_PLAN_REVIEW")))
        summary.actions += links("pathway-plan-review", plan.pk)
    sections.append(summary)

    touch = Section(
        "Keeping in touch",
        "keeping-in-touch",
        head=["Date", "Contact", "Seen", "By"],
        empty="No contact recorded.",
    )
    contact_rule = cat["CARE_LEAVER_CONTACT"]
    touch.rows.append(
        (
            "Standard",
            f"A contact at least every {contact_rule.offset}"
            + (f". {due_words('CARE_LEAVER_CONTACT')}" if "CARE_LEAVER_CONTACT" in due else ""),
        )
    )
    statuses: list[InTouch] = child.all_in_touch  # type: ignore[attr-defined]
    if statuses:
        touch.rows.append(
            (
                "In touch (OC3)",
                f"{label(InTouchCode, statuses[0].in_touch)}, "
                f"{govuk_date(statuses[0].recorded_on)}",
            )
        )
    for v in contacts:
        touch.table.append(
            [
                _text(v.visited_on),
                Cell("Personal adviser contact"),
                _text(v.child_seen),
                Cell(v.worker.full_name if v.worker else "Not recorded"),
            ]
        )
    touch.actions += links("keeping-in-touch") + links("in-touch")
    sections.append(touch)

    homes: list[Accommodation] = child.all_accommodations  # type: ignore[attr-defined]
    home = Section(
        "Accommodation",
        "accommodation",
        head=["From", "Where", "Suitable"],
        empty="No accommodation recorded.",
        table=[
            [
                _text(a.from_date),
                Cell(label(AccommodationCode, a.code).rsplit(":", 1)[0]),
                _suitable(a.suitable),
            ]
            for a in homes
        ],
        actions=links("accommodation"),
    )
    sections.append(home)

    activities: list[Activity] = child.all_activities  # type: ignore[attr-defined]
    work = Section(
        "Education, employment or training",
        "activity",
        head=["From", "Activity"],
        empty="No activity recorded.",
        table=[
            [
                _text(a.from_date),
                Cell(label(ActivityCode, a.code), colour="orange" if a.code in NEET else ""),
            ]
            for a in activities
        ],
        actions=links("activity") + links("neet-barrier") + links("neet-offer"),
    )
    sections.append(work)
    barriers: list[NEETBarrier] = child.all_neet_barriers  # type: ignore[attr-defined]
    offers: list[NEETOffer] = child.all_neet_offers  # type: ignore[attr-defined]
    if barriers or offers:
        neet = Section(
            "Barriers and offers",
            "neet",
            head=["Date", "Barrier or offer", "Outcome", ""],
        )
        for b in barriers:
            neet.table.append(
                [
                    _text(b.recorded_on),
                    Cell(f"Barrier: {label(NEETBarrierCode, b.barrier)}"),
                    Cell(b.note),
                    Cell(""),
                ]
            )
        for o in offers:
            moving = o.outcome in (NEETOfferOutcome.PENDING, NEETOfferOutcome.TAKEN_UP)
            action = links("neet-offer-outcome", o.pk, "Record what happened") if moving else []
            neet.table.append(
                [
                    _text(o.offered_on),
                    Cell(f"Offer: {label(NEETOfferKind, o.kind)}"),
                    Cell(
                        label(NEETOfferOutcome, o.outcome)
                        + (f", {govuk_date(o.outcome_on)}" if o.outcome_on else "")
                    ),
                    Cell(action[0].text, href=action[0].href) if action else Cell(""),
                ]
            )
        sections.append(neet)

    staying: list[StayingPut] = child.all_staying_put  # type: ignore[attr-defined]
    staying_put = Section(
        "Staying put",
        "staying-put",
        head=["With", "From", "To"],
        empty="No staying put arrangement.",
        table=[[Cell(s.carer), _text(s.started_on), _text(s.ended_on)] for s in staying],
    )
    current = next((s for s in staying if s.ended_on is None), None)
    staying_put.actions += links("end-staying-put", current.pk) if current else links("staying-put")
    sections.append(staying_put)

    documents: EssentialDocuments | None = child.the_essential_documents  # type: ignore[attr-defined]
    papers = Section("Essential documents", "documents")
    for name, words in DOCUMENTS.items():
        held = getattr(documents, name) if documents else None
        papers.rows.append((words, f"In hand since {govuk_date(held)}" if held else "Not yet"))
    papers.actions += links("essential-documents")
    sections.append(papers)

    custody: list[Custody] = child.all_custody_periods  # type: ignore[attr-defined]
    parenthood: list[Parenthood] = child.all_parenthoods  # type: ignore[attr-defined]
    requests: list[SupportTo25Request] = child.all_support_requests  # type: ignore[attr-defined]
    life = Section("Custody, parenthood and support to 25", "more")
    life.rows.append(
        (
            "Custody",
            "; ".join(
                f"from {govuk_date(c.from_date)}"
                + (f" to {govuk_date(c.to_date)}" if c.to_date else " (in custody now)")
                for c in custody
            )
            or "None recorded",
        )
    )
    life.rows.append(
        (
            "Became a parent",
            "; ".join(govuk_date(p.became_parent_on) for p in parenthood) or "Not recorded",
        )
    )
    life.rows.append(
        (
            "Support to 25",
            "; ".join(
                f"asked {govuk_date(s.requested_on)}: {s.get_outcome_display().lower()}"
                for s in requests
            )
            or "Not asked for",
        )
    )
    in_custody = next((c for c in custody if c.to_date is None), None)
    life.actions += links("release-from-custody", in_custody.pk) if in_custody else links("custody")
    life.actions += links("parenthood") + links("support-to-25")
    sections.append(life)

    presentations: list[HomelessPresentation] = child.all_homeless_presentations  # type: ignore[attr-defined]
    for p in presentations:
        sections.append(_homeless(p, links))
    if not presentations:
        sections.append(
            Section(
                "Homeless 16 or 17",
                "homeless",
                empty="Has not presented as homeless.",
                actions=links("homeless-presentation"),
            )
        )
    return sections


def _homeless(p: HomelessPresentation, links: Links) -> Section:
    section = Section(f"Presented as homeless {govuk_date(p.presented_on)}", f"homeless-{p.pk}")
    section.rows += [
        (
            "Advocate",
            ("Offered" if p.advocacy_offered else "Not offered")
            + (", taken up" if p.advocacy_taken_up else ""),
        ),
        ("Joint assessment started", display(p.joint_assessment_started_on)),
        ("Joint assessment completed", display(p.joint_assessment_completed_on)),
        (
            "Outcome",
            f"{label(HomelessOutcome, p.outcome)}, {govuk_date(p.outcome_on)}"
            if p.outcome
            else "Not decided yet",
        ),
        (
            "Accommodated in",
            (p.accommodation_used or "Not recorded")
            + (" (bed and breakfast: unsuitable for a 16 or 17-year-old)" if p.unsuitable else ""),
        ),
    ]
    if p.outcome:
        looked_after = p.outcome == HomelessOutcome.ACCOMMODATED_S20
        section.rows.append(("Looked after (section 20)", "Yes" if looked_after else "No"))
    elif p.joint_assessment_started_on is None:
        section.actions += links("joint-assessment-start", p.pk)
    elif p.joint_assessment_completed_on is None:
        section.actions += links("joint-assessment-complete", p.pk)
    else:
        section.actions += links("homeless-outcome", p.pk)
    return section


@login_required
def child_leaving_care(request: HttpRequest, la_child_id: str) -> HttpResponse:
    from sightline.web.views import record_tab

    def read(header: queries.RecordHeader) -> dict[str, Any]:
        viewer = viewer_for(request.user)
        return {"sections": leaving_care_record(viewer, header.child, header.today)}

    return record_tab(
        request, la_child_id, "child-leaving-care", "web/record/leaving_care.html", read
    )


# --- The personal adviser's home --------------------------------------------------------------


def may_see_young_people(viewer: Viewer) -> bool:
    """A personal adviser (their own young people) and a manager (their teams' advisers')."""
    if not viewer.active:
        return False
    if viewer.role is Role.PERSONAL_ADVISER:
        return viewer.worker_id is not None
    return viewer.role in MANAGERS and bool(viewer.team_ids)


@dataclass(frozen=True)
class DueReview:
    person: YoungPerson
    obligation: Obligation
    title: str
    form: str | None


def _first_due(today: date, rules: list[str]) -> Subquery:
    """Each young person's soonest open obligation of these rules: one lookup by child (the
    obligations' index on child and rule), not a scan of every one of the rules in the
    authority."""
    return Subquery(
        Obligation.objects.filter(open_now(today), child_id=OuterRef("pk"), rule__in=rules)
        .order_by("due_on", "pk")
        .values("pk")[:1]
    )


@login_required
def my_young_people(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    if not may_see_young_people(viewer):
        return render(
            request, "web/leaving_care/not_an_adviser.html", {"page": "my-young-people"}, status=403
        )
    today = timezone.localdate()
    manager = viewer.role in MANAGERS
    if manager:
        advisers = list(
            Worker.objects.filter(
                team_id__in=viewer.team_ids, role=Role.PERSONAL_ADVISER.value
            ).values_list("pk", flat=True)
        )
    else:
        assert viewer.worker_id is not None
        advisers = [viewer.worker_id]
    people = caseload(advisers, visible_children(request.user), today)
    cat = catalogue()
    contact_rule = cat["CARE_LEAVER_CONTACT"]
    not_in_touch = [
        p for p in people if contact_rule.offset.due(p.last_seen or p.allocation.started_on) < today
    ]
    by_child = {p.child.pk: p for p in people}
    titles = {
        "PATHWAY_PLAN": cat["PATHWAY_PLAN"].title,
        "PATHWAY_PLAN_REVIEW": "Pathway plan review",
    }
    reviews = [
        DueReview(
            by_child[o.child_id],
            o,
            titles[o.rule],
            form_link(o, str(by_child[o.child_id].child.la_child_id), viewer),
        )
        for o in Obligation.objects.filter(
            pk__in=Person.objects.filter(pk__in=list(by_child))
            .annotate(first=_first_due(today, list(titles)))
            .values("first"),
            due_on__lte=today + REVIEW_DUE_WITHIN,
        ).order_by("due_on", "pk")
    ]
    neet = [p for p in people if p.neet]
    contact_case = USE_CASES["keeping-in-touch"]
    rows = paginate_request(request, people, YOUNG_PEOPLE_PER_PAGE)
    audit.record_listing("My young people", list(by_child), request)
    return render(
        request,
        "web/leaving_care/my_young_people.html",
        {
            "page": "my-young-people",
            "today": today,
            "manager": manager,
            "people": people,
            "rows": rows,
            "not_in_touch": not_in_touch,
            "contact_standard": contact_rule.offset,
            "may_record_contact": may_use(contact_case, viewer),
            "reviews": reviews,
            "review_within": REVIEW_DUE_WITHIN.days,
            "neet": neet,
            "words": queries.ELIGIBILITY_WORDS,
            "activity_words": dict(ActivityCode.choices),
            "accommodation_words": {
                code: words.rsplit(":", 1)[0] for code, words in AccommodationCode.choices
            },
            "offer_words": dict(NEETOfferKind.choices),
            "outcome_words": dict(NEETOfferOutcome.choices),
            "barrier_words": dict(NEETBarrierCode.choices),
        },
    )
