"""Child protection forms (issue 14 item 5, decision 0027): the strategy discussion, the section
47 enquiry's outcome, the initial and review conferences that start and end the plan. Each form:
opened on the record it acts on (said in words, prefilled); saved through its service (the row,
an audit row, a chronology entry, the obligation it meets); a service's refusal shown on its
field with the input kept; refused to a role that does not do this work; and, for a form that
changes a record already there, refused when saved over someone else's change."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from sightline.access.models import AuditEvent
from sightline.access.roles import Role
from sightline.chronology.models import ChronologyEntry
from sightline.core.codes import ReferralSource
from sightline.frontdoor.services import decide_contact, receive_contact
from sightline.people.models import Person
from sightline.protection import services as protection
from sightline.protection.models import (
    ChildProtectionConference,
    ChildProtectionPlan,
    Referral,
    Section47Enquiry,
    StrategyDiscussion,
)
from sightline.timescales.models import Obligation
from sightline.web.recording import form_link
from sightline.web.templatetags.sightline_web import govuk_date
from sightline.workforce.models import Allocation, Team, Worker
from sightline.workforce.services import allocate
from tests.web.factories import TeamFactory
from tests.web.recording_helpers import date_fields, staff, version_on


@dataclass
class World:
    """Stroud's social worker Sam has the child; Mo manages Stroud; Fay is Stroud's family
    support worker; Ria, a child protection chair in the reviewing team, is allocated as the
    child's chair; Nia is another Stroud social worker."""

    child: Person
    today: date
    users: dict[str, Any]
    workers: dict[str, Worker]
    made: dict[str, Any] = field(default_factory=dict)

    def client(self, who: str) -> Client:
        client = Client()
        client.force_login(self.users[who])
        return client

    def url(self, use_case: str) -> str:
        return f"/children/{self.child.la_child_id}/record/{use_case}/"

    def referral(self) -> Referral:
        if "referral" not in self.made:
            self.made["referral"] = protection.open_referral(
                child=self.child,
                referral_date=self.today - timedelta(days=40),
                source=ReferralSource.FAMILY,
                today=self.today,
            )
        return self.made["referral"]  # type: ignore[no-any-return]

    def enquiry(self) -> Section47Enquiry:
        discussion = protection.hold_strategy_discussion(
            referral=self.referral(),
            held_on=self.today - timedelta(days=38),
            outcome=StrategyDiscussion.Outcome.SECTION_47,
            agencies=["police", "social_care"],
            today=self.today,
        )
        self.made["enquiry"] = discussion.section47_enquiry
        return discussion.section47_enquiry

    def cp_plan(self) -> ChildProtectionPlan:
        conference = protection.hold_conference(
            kind="initial",
            held_on=self.today - timedelta(days=30),
            outcome="plan",
            section47=self.enquiry(),
            category="NEG",
            today=self.today,
        )
        assert conference.plan is not None
        self.made["plan"] = conference.plan
        return conference.plan


@pytest.fixture
def world(child: Person, today: date) -> World:
    stroud = TeamFactory(name="Stroud safeguarding", kind=Team.Kind.SAFEGUARDING)
    reviewing = TeamFactory(name="Safeguarding reviews", kind=Team.Kind.REVIEWING)
    people = {
        "sam": staff("sam.worker", Role.SOCIAL_WORKER, stroud),
        "mo": staff("mo.manager", Role.TEAM_MANAGER, stroud),
        "fay": staff("fay.support", Role.FAMILY_SUPPORT_WORKER, stroud),
        "ria": staff("ria.chair", Role.REVIEWING_OFFICER, reviewing),
        "nia": staff("nia.worker", Role.SOCIAL_WORKER, stroud),
    }
    users = {k: v[0] for k, v in people.items()}
    workers = {k: v[1] for k, v in people.items()}
    allocate(
        child=child,
        worker=workers["sam"],
        kind=Allocation.Kind.SOCIAL_WORKER,
        started_on=today - timedelta(days=60),
        reason="FCONTA",
        today=today,
    )
    allocate(
        child=child,
        worker=workers["ria"],
        kind=Allocation.Kind.CP_CHAIR,
        started_on=today - timedelta(days=60),
        today=today,
    )
    return World(child, today, users, workers)


@dataclass(frozen=True)
class Form:
    """One form: what it needs first, what the page says it acts on, a valid answer and what
    it saved (its chronology event, the banner, the obligation met), an answer the service
    refuses (and on which field), and who may not record it."""

    use_case: str
    setup: Callable[[World], object]
    acting_on: Callable[[World], str]
    valid: Callable[[World], dict[str, Any]]
    saved: Callable[[World], bool]
    event: str
    banner: Callable[[World], str]
    refused: Callable[[World], dict[str, Any]]
    refused_field: str
    kept: str  # something the refused answer typed, which the page must show again
    not_for: str  # a role that sees the child but does not record this
    recorder: str = "sam"
    changes: bool = False
    meets: str = ""  # the obligation rule the saved record meets

    def __str__(self) -> str:
        return self.use_case


AGENCIES = {"police", "health", "social_care"}


def _held(w: World, days: int) -> date:
    return w.today - timedelta(days=days)


FORMS = [
    Form(
        "strategy-discussion",
        World.referral,
        lambda w: f"Referral received {govuk_date(_held(w, 40))}",
        lambda w: {
            **date_fields("requested_on", _held(w, 3)),
            **date_fields("held_on", _held(w, 2)),
            "agencies": ["police", "health", "social_care"],
            "outcome": "s47",
            "chaired": "yes",
        },
        lambda w: (
            StrategyDiscussion.objects.filter(
                referral=w.made["referral"],
                held_on=_held(w, 2),
                requested_on=_held(w, 3),
                outcome="s47",
                chaired_by=w.workers["sam"],
            )
            .filter(section47_enquiry__started_on=_held(w, 2))
            .exists()
            and set(StrategyDiscussion.objects.get().agencies) == AGENCIES
        ),
        "StrategyDiscussionHeld",
        lambda w: (
            "Strategy discussion recorded: a section 47 enquiry started on "
            f"{govuk_date(_held(w, 2))}"
        ),
        lambda w: {
            **date_fields("held_on", _held(w, 45)),
            "agencies": ["police", "education"],
            "outcome": "s47",
            "chaired": "no",
        },
        "held_on",
        'value="education" checked',
        "fay",
        meets="STRATEGY_DISCUSSION",
    ),
    Form(
        "section-47-outcome",
        World.enquiry,
        lambda w: (
            f"Section 47 enquiry started {govuk_date(_held(w, 38))}, after the strategy "
            f"discussion held {govuk_date(_held(w, 38))}"
        ),
        lambda w: {**date_fields("completed_on", _held(w, 5)), "outcome": "icpc"},
        lambda w: Section47Enquiry.objects.filter(
            pk=w.made["enquiry"].pk,
            completed_on=_held(w, 5),
            outcome="icpc",
            icpc_not_required=False,
        ).exists(),
        "Section47EnquiryCompleted",
        lambda w: "Section 47 enquiry completed: an initial child protection conference is needed",
        lambda w: {**date_fields("completed_on", _held(w, 39)), "outcome": "nfa"},
        "completed_on",
        'value="nfa" checked',
        "fay",
        changes=True,
    ),
    Form(
        "initial-conference",
        World.enquiry,
        lambda w: f"Section 47 enquiry started {govuk_date(_held(w, 38))}",
        lambda w: {
            **date_fields("held_on", _held(w, 25)),
            "outcome": "plan",
            "category": "EMO",
            "chaired": "yes",
        },
        lambda w: ChildProtectionConference.objects.filter(
            kind="initial",
            section47=w.made["enquiry"],
            held_on=_held(w, 25),
            outcome="plan",
            chair=w.workers["ria"],
            plan__started_on=_held(w, 25),
            plan__initial_category="EMO",
            plan__ended_on=None,
        ).exists(),
        "ChildProtectionConferenceHeld",
        lambda w: (
            "Initial child protection conference recorded: a child protection plan started on "
            f"{govuk_date(_held(w, 25))} (emotional abuse)"
        ),
        lambda w: {**date_fields("held_on", _held(w, 25)), "outcome": "plan", "chaired": "yes"},
        "category",
        'value="plan" checked',
        "sam",
        recorder="ria",
        meets="ICPC",
    ),
    Form(
        "transfer-in-conference",
        World.referral,
        lambda w: f"Referral received {govuk_date(_held(w, 40))}",
        lambda w: {
            **date_fields("held_on", _held(w, 10)),
            "outcome": "plan",
            "category": "SAB",
            "chaired": "yes",
        },
        lambda w: ChildProtectionConference.objects.filter(
            kind="transfer_in",
            referral=w.made["referral"],
            held_on=_held(w, 10),
            chair=w.workers["mo"],
            plan__started_on=_held(w, 10),
            plan__initial_category="SAB",
        ).exists(),
        "ChildProtectionPlanStarted",
        lambda w: (
            "Transfer-in conference recorded: a child protection plan started on "
            f"{govuk_date(_held(w, 10))} (sexual abuse)"
        ),
        lambda w: {
            **date_fields("held_on", _held(w, 45)),
            "outcome": "plan",
            "category": "SAB",
            "chaired": "yes",
        },
        "held_on",
        'value="SAB" checked',
        "sam",
        recorder="mo",
    ),
    Form(
        "review-conference",
        World.cp_plan,
        lambda w: (
            f"Child protection plan started {govuk_date(_held(w, 30))}, category: neglect, "
            "not yet reviewed"
        ),
        lambda w: {
            **date_fields("held_on", _held(w, 1)),
            "outcome": "end",
            "category": "NEG",
            "chaired": "yes",
        },
        lambda w: ChildProtectionPlan.objects.filter(
            pk=w.made["plan"].pk,
            ended_on=_held(w, 1),
            conferences__kind="review",
            conferences__outcome="end",
            conferences__chair=w.workers["ria"],
        ).exists(),
        "ChildProtectionPlanEnded",
        lambda w: (
            "Review conference recorded: the child protection plan ended on "
            f"{govuk_date(_held(w, 1))}"
        ),
        lambda w: {
            **date_fields("held_on", _held(w, 31)),
            "outcome": "end",
            "category": "PHY",
            "chaired": "no",
        },
        "held_on",
        'value="PHY" checked',
        "sam",
        recorder="ria",
        changes=True,
        meets="CP_REVIEW_FIRST",
    ),
]


@pytest.mark.parametrize("form", FORMS, ids=str)
def test_each_form_opens_on_the_record_it_acts_on_prefilled(world: World, form: Form) -> None:
    form.setup(world)
    page = world.client(form.recorder).get(world.url(form.use_case)).content.decode()
    assert '<div class="govuk-inset-text">' + form.acting_on(world) in page
    day = timezone.localdate()
    # Every form's main date starts as today, as typed back: "6", "12", "2026".
    assert f'inputmode="numeric" value="{day.day}"' in page
    assert f'inputmode="numeric" value="{day.year}"' in page


@pytest.mark.parametrize("form", FORMS, ids=str)
def test_each_form_saves_through_its_service_and_leaves_its_trace(world: World, form: Form) -> None:
    form.setup(world)
    client = world.client(form.recorder)
    page = client.get(world.url(form.use_case))
    assert page.status_code == 200
    response = client.post(
        world.url(form.use_case),
        {**form.valid(world), "_version": version_on(page.content.decode())},
        follow=True,
    )
    assert response.redirect_chain, response.content.decode()[:3000]
    assert response.redirect_chain[-1][0] == f"/children/{world.child.la_child_id}/"
    done = response.content.decode()
    assert "govuk-notification-banner--success" in done
    assert form.banner(world) in done
    assert form.saved(world)
    assert AuditEvent.objects.filter(
        action="change", child_id=world.child.pk, username=world.users[form.recorder].username
    ).exists()
    assert ChronologyEntry.objects.filter(child=world.child, event=form.event).exists()
    if form.meets:
        met = Obligation.objects.filter(child=world.child, rule=form.meets, met_on__isnull=False)
        assert met.exists()


@pytest.mark.parametrize("form", FORMS, ids=str)
def test_each_form_shows_the_services_refusal_on_its_field_and_keeps_the_input(
    world: World, form: Form
) -> None:
    form.setup(world)
    before = ChronologyEntry.objects.count()
    response = world.client(form.recorder).post(world.url(form.use_case), form.refused(world))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'class="govuk-error-summary"' in page
    assert f'id="id_{form.refused_field}-error"' in page
    assert form.kept in page
    assert not form.saved(world)
    assert ChronologyEntry.objects.count() == before


@pytest.mark.parametrize("form", FORMS, ids=str)
def test_each_form_is_refused_to_a_role_that_does_not_do_this_work(
    world: World, form: Form
) -> None:
    form.setup(world)
    client = world.client(form.not_for)
    assert client.get(f"/children/{world.child.la_child_id}/").status_code == 200
    response = client.get(world.url(form.use_case))
    assert response.status_code == 403
    assert "You cannot record this" in response.content.decode()
    assert client.post(world.url(form.use_case), form.valid(world)).status_code == 403
    assert not form.saved(world)


@pytest.mark.parametrize("form", [f for f in FORMS if f.changes], ids=str)
def test_a_change_saved_over_someone_elses_change_is_refused_and_keeps_the_input(
    world: World, form: Form
) -> None:
    form.setup(world)
    client = world.client(form.recorder)
    seen = version_on(client.get(world.url(form.use_case)).content.decode())
    # Meanwhile a colleague writes a case note about the child.
    world.client("nia").post(
        world.url("case-note"),
        {"kind": "case_note", **date_fields("written_on", world.today), "text": "School rang."},
    )
    refused = client.post(world.url(form.use_case), {**form.valid(world), "_version": seen})
    page = refused.content.decode()
    assert "Someone else changed this child" in page
    assert f'value="{form.valid(world)["outcome"]}" checked' in page
    assert not form.saved(world)
    saved = client.post(
        world.url(form.use_case), {**form.valid(world), "_version": version_on(page)}
    )
    assert saved.status_code == 302
    assert form.saved(world)


@pytest.mark.parametrize("form", [f for f in FORMS if not f.changes], ids=str)
def test_a_form_that_only_adds_is_not_refused_by_someone_elses_change(
    world: World, form: Form
) -> None:
    form.setup(world)
    client = world.client(form.recorder)
    seen = version_on(client.get(world.url(form.use_case)).content.decode())
    world.client("nia").post(
        world.url("case-note"),
        {"kind": "case_note", **date_fields("written_on", world.today), "text": "School rang."},
    )
    response = client.post(world.url(form.use_case), {**form.valid(world), "_version": seen})
    assert response.status_code == 302
    assert form.saved(world)


# --- What each page says, and where it is linked from ----------------------------------------


def test_a_strategy_discussion_decided_at_the_front_door_is_asked_for_on_the_day_decided(
    world: World,
) -> None:
    received = datetime.combine(_held(world, 4), time(10), tzinfo=timezone.get_current_timezone())
    contact = receive_contact(
        child=world.child, received_at=received, source=ReferralSource.POLICE, today=world.today
    )
    decide_contact(
        contact=contact,
        decision="strategy",
        decided_at=received + timedelta(hours=2),
        decided_by=world.workers["mo"],
        rationale="Bruising seen at school.",
        consent="dispensed_with",
        consent_dispensed_reason="Seeking consent would put the child at risk.",
        threshold="significant_harm",
        today=world.today,
    )
    page = world.client("sam").get(world.url("strategy-discussion")).content.decode()
    day = _held(world, 4)
    assert (
        f"Referral received {govuk_date(day)}, with a strategy discussion decided at the front "
        f"door on {govuk_date(day)}"
    ) in page
    assert f'name="requested_on-day" type="text" inputmode="numeric" value="{day.day}"' in page
    # The decision opened the local standard's clock (decision 0038), linked to this form for
    # the referral it opened.
    due = Obligation.objects.get(child=world.child, rule="STRATEGY_DISCUSSION", met_on=None)
    referral = Referral.objects.get(contact=contact)
    assert (due.subject_type, due.subject_id, due.started_on) == (
        "protection.Referral",
        referral.pk,
        day,
    )
    assert form_link(due, world.child.la_child_id) == (
        f"/children/{world.child.la_child_id}/record/strategy-discussion/"
        f"?referral={referral.pk}&for=STRATEGY_DISCUSSION"
    )


def test_a_strategy_discussion_deciding_on_no_enquiry_says_so_and_starts_none(
    world: World,
) -> None:
    world.referral()
    response = world.client("sam").post(
        world.url("strategy-discussion"),
        {**date_fields("held_on", _held(world, 2)), "outcome": "no_s47", "chaired": "no"},
        follow=True,
    )
    page = response.content.decode()
    assert "Strategy discussion recorded: no section 47 enquiry: continue under section 17" in page
    assert not Section47Enquiry.objects.exists()
    assert StrategyDiscussion.objects.get().agencies == []


def test_without_an_open_referral_the_strategy_discussion_says_so_and_saves_nothing(
    world: World,
) -> None:
    client = world.client("sam")
    assert (
        "The child has no open referral."
        in client.get(world.url("strategy-discussion")).content.decode()
    )
    response = client.post(
        world.url("strategy-discussion"),
        {**date_fields("held_on", _held(world, 2)), "outcome": "nfa", "chaired": "no"},
    )
    assert "Strategy discussion: the child has no open referral" in response.content.decode()
    assert not StrategyDiscussion.objects.exists()


def test_an_enquiry_needing_no_conference_says_so_and_ends_the_conference_obligation(
    world: World,
) -> None:
    world.enquiry()
    due = Obligation.objects.get(child=world.child, rule="ICPC")
    assert due.cancelled_on is None and due.met_on is None
    client = world.client("sam")
    page = client.get(world.url("section-47-outcome")).content.decode()
    response = client.post(
        world.url("section-47-outcome"),
        {
            **date_fields("completed_on", _held(world, 5)),
            "outcome": "cin",
            "_version": version_on(page),
        },
        follow=True,
    )
    assert "Section 47 enquiry completed: no initial conference is needed" in (
        response.content.decode()
    )
    assert Section47Enquiry.objects.get().icpc_not_required
    due.refresh_from_db()
    assert due.cancelled_on == _held(world, 5)


def test_the_conference_obligations_link_to_their_forms_for_their_record(world: World) -> None:
    la = world.child.la_child_id
    base = f"/children/{la}/record"
    assert form_link(Obligation(rule="ICPC", subject_id=7), la) == (
        f"{base}/initial-conference/?enquiry=7&for=ICPC"
    )
    assert form_link(Obligation(rule="CP_REVIEW_FIRST", subject_id=8), la) == (
        f"{base}/review-conference/?plan=8&for=CP_REVIEW_FIRST"
    )
    assert form_link(Obligation(rule="CP_REVIEW", subject_id=8), la) == (
        f"{base}/review-conference/?plan=8&for=CP_REVIEW"
    )


def test_the_initial_conference_opened_from_its_obligation_acts_on_that_enquiry(
    world: World,
) -> None:
    enquiry = world.enquiry()
    due = Obligation.objects.get(child=world.child, rule="ICPC")
    assert due.subject_id == enquiry.pk
    client = world.client("ria")
    link = form_link(due, world.child.la_child_id)
    assert link is not None
    page = client.get(link).content.decode()
    assert f'name="_subject" value="{enquiry.pk}"' in page
    response = client.post(
        link,
        {**date_fields("held_on", _held(world, 25)), "outcome": "no_plan", "chaired": "no"},
        follow=True,
    )
    assert (
        "Initial child protection conference recorded: no child protection plan"
        in response.content.decode()
    )
    due.refresh_from_db()
    assert due.met_on == _held(world, 25)
    assert not ChildProtectionPlan.objects.exists()


def test_a_review_that_continues_the_plan_records_a_new_category_and_keeps_the_plan_open(
    world: World,
) -> None:
    plan = world.cp_plan()
    client = world.client("mo")
    page = client.get(world.url("review-conference")).content.decode()
    assert 'value="NEG" checked' in page  # the plan's latest category, prefilled
    response = client.post(
        world.url("review-conference"),
        {
            **date_fields("held_on", _held(world, 1)),
            "outcome": "continue",
            "category": "PHY",
            "chaired": "no",
            "_version": version_on(page),
        },
        follow=True,
    )
    assert "Review conference recorded: the child protection plan continues" in (
        response.content.decode()
    )
    plan.refresh_from_db()
    assert (plan.ended_on, plan.initial_category, plan.latest_category) == (None, "NEG", "PHY")
    after = world.client("mo").get(world.url("review-conference")).content.decode()
    assert f"last reviewed {govuk_date(_held(world, 1))}" in after


def test_a_second_initial_conference_while_a_plan_is_open_is_refused_in_words(
    world: World,
) -> None:
    world.cp_plan()
    enquiry = world.made["enquiry"]
    response = world.client("ria").post(
        f"{world.url('initial-conference')}?enquiry={enquiry.pk}",
        {
            **date_fields("held_on", _held(world, 2)),
            "outcome": "plan",
            "category": "NEG",
            "chaired": "yes",
        },
    )
    page = response.content.decode()
    assert 'class="govuk-error-summary"' in page
    assert (
        "Child protection conference: the child already has a child protection plan: "
        "hold a review conference"
    ) in page
    assert ChildProtectionConference.objects.count() == 1


def test_without_an_open_enquiry_or_plan_the_forms_say_so_and_save_nothing(world: World) -> None:
    world.referral()
    sam, ria = world.client("sam"), world.client("ria")
    assert "The child has no open section 47 enquiry." in (
        sam.get(world.url("section-47-outcome")).content.decode()
    )
    refused = sam.post(
        world.url("section-47-outcome"),
        {**date_fields("completed_on", _held(world, 1)), "outcome": "nfa", "_version": "0"},
    ).content.decode()
    assert "Section 47 enquiry: the child has no open section 47 enquiry" in refused
    assert "The child has no section 47 enquiry needing a conference." in (
        ria.get(world.url("initial-conference")).content.decode()
    )
    assert "The child has no open child protection plan." in (
        ria.get(world.url("review-conference")).content.decode()
    )
    refused = ria.post(
        world.url("review-conference"),
        {
            **date_fields("held_on", _held(world, 1)),
            "outcome": "end",
            "chaired": "no",
            "_version": "0",
        },
    ).content.decode()
    assert "Child protection conference: the child has no open child protection plan" in refused
    assert not ChildProtectionConference.objects.exists()


def test_from_strategy_discussion_to_the_end_of_the_plan_each_page_opens_on_the_last(
    world: World,
) -> None:
    """The journey through the pages alone: each step's record is the next form's subject,
    and the conference pages are opened from the obligations they meet."""
    world.referral()
    la = world.child.la_child_id
    sam, ria = world.client("sam"), world.client("ria")

    def post(client: Client, url: str, data: dict[str, Any]) -> str:
        version = version_on(client.get(url).content.decode())
        response = client.post(url, {**data, "_version": version}, follow=True)
        assert response.redirect_chain, response.content.decode()[:2000]
        return response.content.decode()

    post(
        sam,
        world.url("strategy-discussion"),
        {
            **date_fields("held_on", _held(world, 35)),
            "agencies": ["police", "health"],
            "outcome": "s47",
            "chaired": "no",
        },
    )
    enquiry = Section47Enquiry.objects.get()
    page = sam.get(world.url("section-47-outcome")).content.decode()
    assert f"Section 47 enquiry started {govuk_date(_held(world, 35))}" in page
    post(
        sam,
        world.url("section-47-outcome"),
        {**date_fields("completed_on", _held(world, 30)), "outcome": "icpc"},
    )

    icpc = Obligation.objects.get(child=world.child, rule="ICPC")
    assert icpc.subject_id == enquiry.pk
    link = form_link(icpc, la)
    assert link is not None
    post(
        ria,
        link,
        {
            **date_fields("held_on", _held(world, 25)),
            "outcome": "plan",
            "category": "EMO",
            "chaired": "yes",
        },
    )
    plan = ChildProtectionPlan.objects.get()
    assert plan.started_on == _held(world, 25)

    review = Obligation.objects.get(child=world.child, rule="CP_REVIEW_FIRST")
    assert review.subject_id == plan.pk
    link = form_link(review, la)
    assert link is not None
    assert 'value="EMO" checked' in ria.get(link).content.decode()
    done = post(
        ria, link, {**date_fields("held_on", _held(world, 1)), "outcome": "end", "chaired": "yes"}
    )
    assert "the child protection plan ended on" in done
    plan.refresh_from_db()
    assert plan.ended_on == _held(world, 1)
    review.refresh_from_db()
    assert review.met_on == _held(world, 1)
    still_open = Obligation.objects.filter(
        child=world.child,
        rule__in=("CP_REVIEW", "CORE_GROUP_FIRST", "CORE_GROUP", "CP_VISIT"),
        met_on__isnull=True,
        cancelled_on__isnull=True,
    )
    assert not still_open.exists()


def test_a_strategy_discussion_on_a_closed_referral_says_it_is_closed_and_is_refused(
    world: World,
) -> None:
    referral = world.referral()
    protection.close_referral(
        referral=referral, closure_date=_held(world, 5), reason="RC7", today=world.today
    )
    url = f"{world.url('strategy-discussion')}?referral={referral.pk}"
    client = world.client("sam")
    page = client.get(url).content.decode()
    opened, closed = govuk_date(_held(world, 40)), govuk_date(_held(world, 5))
    assert f"Referral received {opened}, closed {closed}</div>" in page
    refused = client.post(
        url, {**date_fields("held_on", _held(world, 10)), "outcome": "nfa", "chaired": "no"}
    ).content.decode()
    assert "Strategy discussion: the referral is closed" in refused
    assert not StrategyDiscussion.objects.exists()
