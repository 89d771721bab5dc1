"""Help and protection forms, second half (issue 14 item 5): core group and child in need
meetings, allocating a worker, pre-proceedings, allegations to the LADO, private fostering and
recording a death. Each form: saved, a service's refusal shown on its field with the input
kept, refused to a role that does not do this work, and (for a form that changes a record
already there) refused when saved over someone else's change."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.html import escape

from sightline.access.models import AuditEvent
from sightline.access.roles import Role
from sightline.chronology.models import ChronologyEntry
from sightline.core.codes import ReferralSource
from sightline.people.models import Person
from sightline.protection import services as protection
from sightline.protection.models import (
    AllegationToLADO,
    ChildInNeedMeeting,
    ChildProtectionPlan,
    CoreGroupMeeting,
    PreProceedings,
    PrivateFosteringArrangement,
    Referral,
    StrategyDiscussion,
)
from sightline.timescales.models import Obligation
from sightline.web.recording import form_link
from sightline.workforce.models import Allocation, Team, Worker, current_on
from sightline.workforce.services import allocate
from tests.web.factories import TeamFactory, WorkerFactory
from tests.web.recording_helpers import date_fields, staff, version_on


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@dataclass
class World:
    """Stroud's social worker Sam has the child; Mo manages Stroud; Fay is Stroud's family
    support worker and Pat its personal adviser (both see the child through the team)."""

    child: Person
    today: date
    users: dict[str, Any]
    workers: dict[str, Worker]
    made: dict[str, Any] = field(default_factory=dict)

    def client(self, who: str) -> Client:
        return _client(self.users[who])

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

    def cp_plan(self) -> ChildProtectionPlan:
        discussion = protection.hold_strategy_discussion(
            referral=self.referral(),
            held_on=self.today - timedelta(days=38),
            outcome=StrategyDiscussion.Outcome.SECTION_47,
            today=self.today,
        )
        conference = protection.hold_conference(
            kind="initial",
            held_on=self.today - timedelta(days=30),
            outcome="plan",
            section47=discussion.section47_enquiry,
            category="NEG",
            today=self.today,
        )
        assert conference.plan is not None
        self.made["plan"] = conference.plan
        return conference.plan

    def cin_plan(self) -> None:
        self.made["plan"] = protection.start_cin_plan(
            referral=self.referral(), started_on=self.today - timedelta(days=30), today=self.today
        )

    def pre_proceedings(self) -> None:
        self.made["pre"] = protection.start_pre_proceedings(
            referral=self.referral(), started_on=self.today - timedelta(days=20), today=self.today
        )

    def allegation(self) -> None:
        self.made["allegation"] = protection.record_allegation(
            child=self.child,
            subject_role="Swimming coach",
            came_to_attention_on=self.today - timedelta(days=10),
            referred_on=self.today - timedelta(days=9),
            today=self.today,
        )

    def arrangement(self) -> None:
        self.made["arrangement"] = protection.notify_private_fostering(
            child=self.child,
            carer_name="Jo Family-Friend",
            notified_on=self.today - timedelta(days=10),
            arrangement_started_on=self.today - timedelta(days=12),
            today=self.today,
        )


@pytest.fixture
def world(child: Person, today: date) -> World:
    stroud = TeamFactory(name="Stroud safeguarding", kind=Team.Kind.SAFEGUARDING)
    people = {
        "sam": staff("sam.worker", Role.SOCIAL_WORKER, stroud),
        "mo": staff("mo.manager", Role.TEAM_MANAGER, stroud),
        "fay": staff("fay.support", Role.FAMILY_SUPPORT_WORKER, stroud),
        "pat": staff("pat.adviser", Role.PERSONAL_ADVISER, stroud),
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
    return World(child, today, users, workers)


@dataclass(frozen=True)
class Form:
    """One form: what it needs first, a valid answer and what it saved, an answer the service
    refuses (and on which field), and who may not record it."""

    use_case: str
    setup: Callable[[World], object]
    valid: Callable[[World], dict[str, str]]
    saved: Callable[[World], bool]
    refused: Callable[[World], dict[str, str]]
    refused_field: str
    kept: str  # something the refused answer typed, which the page must show again
    not_for: str  # a role that sees the child but does not record this
    recorder: str = "sam"
    changes: bool = False

    def __str__(self) -> str:
        return self.use_case


def _nothing(w: World) -> None:
    return None


FORMS = [
    Form(
        "core-group-meeting",
        World.cp_plan,
        lambda w: {**date_fields("held_on", w.today), "chaired": "yes"},
        lambda w: CoreGroupMeeting.objects.filter(
            child_protection_plan=w.made["plan"], held_on=w.today, chair=w.workers["sam"]
        ).exists(),
        lambda w: {**date_fields("held_on", w.today - timedelta(days=45)), "chaired": "no"},
        "held_on",
        'value="no" checked',
        "fay",
    ),
    Form(
        "cin-meeting",
        World.cin_plan,
        lambda w: {"kind": "review", **date_fields("held_on", w.today), "chaired": "no"},
        lambda w: ChildInNeedMeeting.objects.filter(
            child_in_need_plan=w.made["plan"], kind="review", held_on=w.today, chair=None
        ).exists(),
        lambda w: {
            "kind": "meeting",
            **date_fields("held_on", w.today - timedelta(days=31)),
            "chaired": "yes",
        },
        "held_on",
        'value="meeting" checked',
        "pat",
        recorder="fay",
    ),
    Form(
        "allocate",
        _nothing,
        lambda w: {
            "kind": "social_worker",
            "worker": str(w.workers["nia"].pk),
            **date_fields("started_on", w.today),
            "reason": "MANAGE",
        },
        lambda w: (
            list(
                Allocation.objects.filter(current_on(w.today), child=w.child).values_list(
                    "worker_id", "reason"
                )
            )
            == [(w.workers["nia"].pk, "MANAGE")]
        ),
        lambda w: {
            "kind": "social_worker",
            "worker": str(w.workers["nia"].pk),
            **date_fields("started_on", w.today),
        },
        "reason",
        'value="{nia}" selected',
        "sam",
        recorder="mo",
        changes=True,
    ),
    Form(
        "start-pre-proceedings",
        World.referral,
        lambda w: {**date_fields("started_on", w.today - timedelta(days=1))},
        lambda w: PreProceedings.objects.filter(
            referral=w.made["referral"], started_on=w.today - timedelta(days=1)
        ).exists(),
        lambda w: {
            **date_fields("started_on", w.today - timedelta(days=1)),
            **date_fields("letter_sent_on", w.today - timedelta(days=3)),
        },
        "letter_sent_on",
        'name="letter_sent_on-day" type="text" inputmode="numeric" value="{day3}"',
        "fay",
    ),
    Form(
        "end-pre-proceedings",
        World.pre_proceedings,
        lambda w: {**date_fields("ended_on", w.today), "outcome": "stepped_down"},
        lambda w: PreProceedings.objects.filter(
            pk=w.made["pre"].pk, ended_on=w.today, outcome="stepped_down"
        ).exists(),
        lambda w: {
            **date_fields("ended_on", w.today - timedelta(days=25)),
            "outcome": "proceedings",
        },
        "ended_on",
        'value="proceedings" checked',
        "fay",
        changes=True,
    ),
    Form(
        "lado-allegation",
        _nothing,
        lambda w: {
            "subject_role": "Teacher",
            "subject_employer": "Stroud Primary",
            **date_fields("came_to_attention_on", w.today - timedelta(days=2)),
            **date_fields("referred_on", w.today - timedelta(days=1)),
        },
        lambda w: AllegationToLADO.objects.filter(
            child=w.child, subject_role="Teacher", received_by=w.workers["sam"]
        ).exists(),
        lambda w: {
            "subject_role": "Teacher",
            **date_fields("came_to_attention_on", w.today - timedelta(days=2)),
            **date_fields("referred_on", w.today - timedelta(days=3)),
        },
        "referred_on",
        'value="Teacher"',
        "fay",
    ),
    Form(
        "conclude-lado-allegation",
        World.allegation,
        lambda w: {**date_fields("concluded_on", w.today), "outcome": "unfounded"},
        lambda w: AllegationToLADO.objects.filter(
            pk=w.made["allegation"].pk, concluded_on=w.today, outcome="unfounded"
        ).exists(),
        lambda w: {**date_fields("concluded_on", w.today - timedelta(days=20)), "outcome": "false"},
        "concluded_on",
        'value="false" checked',
        "fay",
        changes=True,
    ),
    Form(
        "private-fostering",
        _nothing,
        lambda w: {
            "carer_name": "Aunt's neighbour",
            **date_fields("notified_on", w.today),
            **date_fields("arrangement_started_on", w.today - timedelta(days=3)),
        },
        lambda w: PrivateFosteringArrangement.objects.filter(
            child=w.child, carer_name="Aunt's neighbour", ended_on=None
        ).exists(),
        lambda w: {
            "carer_name": "Aunt's neighbour",
            **date_fields("notified_on", w.today),
            **date_fields("arrangement_started_on", date(2010, 1, 1)),
        },
        "arrangement_started_on",
        'value="Aunt&#x27;s neighbour"',
        "fay",
    ),
    Form(
        "end-private-fostering",
        World.arrangement,
        lambda w: {**date_fields("ended_on", w.today), "end_reason": "returned_home"},
        lambda w: PrivateFosteringArrangement.objects.filter(
            pk=w.made["arrangement"].pk, ended_on=w.today, end_reason="returned_home"
        ).exists(),
        lambda w: {
            **date_fields("ended_on", w.today - timedelta(days=11)),
            "end_reason": "moved_away",
        },
        "ended_on",
        'value="moved_away" checked',
        "fay",
        changes=True,
    ),
    Form(
        "death",
        _nothing,
        lambda w: {**date_fields("death_date", w.today - timedelta(days=1))},
        lambda w: Person.objects.filter(
            pk=w.child.pk, death_date=w.today - timedelta(days=1)
        ).exists(),
        lambda w: {**date_fields("death_date", date(2019, 4, 1))},
        "death_date",
        'name="death_date-year" type="text" inputmode="numeric" value="2019"',
        "fay",
        changes=True,
    ),
]


def _kept(form: Form, w: World) -> str:
    return form.kept.replace("{nia}", str(w.workers["nia"].pk)).replace(
        "{day3}", str((w.today - timedelta(days=3)).day)
    )


@pytest.mark.parametrize("form", FORMS, ids=str)
def test_each_form_saves_through_its_service_and_returns_to_the_record(
    world: World, form: Form
) -> None:
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
    assert "govuk-notification-banner--success" in response.content.decode()
    assert form.saved(world)
    assert AuditEvent.objects.filter(
        action="change", child_id=world.child.pk, username=world.users[form.recorder].username
    ).exists()


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
    assert _kept(form, world) in page
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


# --- Prefilled from the record, linked from the obligation they meet -------------------------


def test_core_group_and_child_in_need_obligations_link_to_their_forms_for_their_plan(
    world: World,
) -> None:
    la = world.child.la_child_id
    base = f"/children/{la}/record"
    assert form_link(Obligation(rule="CORE_GROUP_FIRST", subject_id=7), la) == (
        f"{base}/core-group-meeting/?plan=7&for=CORE_GROUP_FIRST"
    )
    assert form_link(Obligation(rule="CORE_GROUP", subject_id=7), la) == (
        f"{base}/core-group-meeting/?plan=7&for=CORE_GROUP"
    )
    assert form_link(Obligation(rule="CIN_REVIEW", subject_id=8), la) == (
        f"{base}/cin-meeting/?plan=8&for=CIN_REVIEW"
    )
    assert form_link(Obligation(rule="CIN_STEP_DOWN_MEETING", subject_id=8), la) == (
        f"{base}/cin-meeting/?plan=8&for=CIN_STEP_DOWN_MEETING"
    )


def test_the_core_group_obligation_opens_the_form_for_its_plan_and_the_meeting_meets_it(
    world: World,
) -> None:
    plan = world.cp_plan()
    due = Obligation.objects.get(child=world.child, rule="CORE_GROUP_FIRST")
    assert due.subject_id == plan.pk and due.met_on is None
    client = world.client("sam")
    link = form_link(due, world.child.la_child_id)
    assert link is not None
    page = client.get(link).content.decode()
    assert "For the child protection plan that started on" in page
    assert f'name="_subject" value="{plan.pk}"' in page
    response = client.post(link, {**date_fields("held_on", world.today), "chaired": "yes"})
    assert response.status_code == 302
    due.refresh_from_db()
    assert due.met_on == world.today


def test_a_child_in_need_review_opened_from_its_obligation_is_chosen_as_a_review(
    world: World,
) -> None:
    world.cin_plan()
    link = f"{world.url('cin-meeting')}?plan={world.made['plan'].pk}&for=CIN_REVIEW"
    page = world.client("sam").get(link).content.decode()
    assert 'value="review" checked' in page
    assert 'value="meeting" checked' not in page


def test_a_meeting_without_an_open_plan_says_so_and_saves_nothing(world: World) -> None:
    client = world.client("sam")
    page = client.get(world.url("core-group-meeting")).content.decode()
    assert "The child has no open child protection plan." in page
    response = client.post(
        world.url("core-group-meeting"), {**date_fields("held_on", world.today), "chaired": "yes"}
    )
    assert "The child has no open protection plan" in response.content.decode()
    assert not CoreGroupMeeting.objects.exists()


def test_allocation_offers_only_the_managers_own_teams_and_says_who_is_allocated_now(
    world: World,
) -> None:
    elsewhere = TeamFactory(name="Gloucester city", kind=Team.Kind.SAFEGUARDING)
    stranger = WorkerFactory(team=elsewhere, given_name="Oscar", family_name="Elsewhere")
    client = world.client("mo")
    page = client.get(world.url("allocate")).content.decode()
    assert escape(world.workers["nia"].full_name) in page and "Oscar Elsewhere" not in page
    assert "Allocated now: Social worker: " + escape(world.workers["sam"].full_name) in page
    response = client.post(
        world.url("allocate"),
        {
            "kind": "social_worker",
            "worker": str(stranger.pk),
            **date_fields("started_on", world.today),
            "reason": "MANAGE",
            "_version": version_on(page),
        },
    )
    assert "Choose a worker from your teams" in response.content.decode()
    assert not Allocation.objects.filter(worker=stranger).exists()


def test_reallocating_hands_over_on_the_day_and_both_changes_are_in_the_chronology(
    world: World,
) -> None:
    client = world.client("mo")
    page = client.get(world.url("allocate")).content.decode()
    client.post(
        world.url("allocate"),
        {
            "kind": "social_worker",
            "worker": str(world.workers["nia"].pk),
            **date_fields("started_on", world.today),
            "reason": "LEFTRL",
            "_version": version_on(page),
        },
    )
    sam = Allocation.objects.get(child=world.child, worker=world.workers["sam"])
    assert sam.ended_on == world.today
    events = set(ChronologyEntry.objects.filter(child=world.child).values_list("event", flat=True))
    assert {"WorkerAllocated", "AllocationEnded"} <= events


def test_recording_a_death_ends_the_childs_open_obligations(world: World) -> None:
    world.cp_plan()
    assert Obligation.objects.filter(child=world.child, cancelled_on__isnull=True).exists()
    client = world.client("sam")
    page = client.get(world.url("death")).content.decode()
    client.post(
        world.url("death"),
        {
            **date_fields("death_date", world.today - timedelta(days=1)),
            "_version": version_on(page),
        },
    )
    open_now = Obligation.objects.filter(
        child=world.child, met_on__isnull=True, cancelled_on__isnull=True
    )
    assert not open_now.exists()
    again = client.post(
        world.url("death"),
        {
            **date_fields("death_date", world.today),
            "_version": version_on(client.get(world.url("death")).content.decode()),
        },
    )
    assert "The death is already recorded" in again.content.decode()


def test_ending_pre_proceedings_is_prefilled_with_today(world: World) -> None:
    world.pre_proceedings()
    page = world.client("sam").get(world.url("end-pre-proceedings")).content.decode()
    day = timezone.localdate()
    assert f'name="ended_on-day" type="text" inputmode="numeric" value="{day.day}"' in page
    assert f'name="ended_on-year" type="text" inputmode="numeric" value="{day.year}"' in page
