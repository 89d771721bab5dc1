"""Help and protection forms, part A (issue 14 item 5, decision 0023): recording a referral for
a child already known, starting and authorising an assessment (with the factors identified),
starting and ending a child in need plan, and closing the episode. Each form: prefilled from
the record and saying which record it acts on; saved through its service (the row, an audit
row, a chronology entry, the obligation it meets); a service's refusal shown on its field with
the input kept; refused to a role that does not do this work; and, for a form that changes a
record already there, refused when saved over someone else's change."""

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
from sightline.core.codes import AssessmentFactor, ReferralSource
from sightline.people.models import Person
from sightline.protection import services as protection
from sightline.protection.models import Assessment, ChildInNeedPlan, Referral
from sightline.timescales.models import Obligation
from sightline.web.journeys.help_and_protection import FACTOR_GROUPS, NO_FACTORS
from sightline.web.recording import form_link
from sightline.web.templatetags.sightline_web import govuk_date
from sightline.workforce.models import Allocation, Team, Worker
from sightline.workforce.services import allocate
from tests.web.factories import TeamFactory
from tests.web.recording_helpers import date_fields, staff, version_on


def _prefilled(page: str, prefix: str, day: date) -> bool:
    return all(
        f'name="{prefix}-{part}" type="text" inputmode="numeric" value="{value}"' in page
        for part, value in (("day", day.day), ("month", day.month), ("year", day.year))
    )


@dataclass
class World:
    """Stroud's social worker Sam has the child; Mo manages Stroud; Fay is Stroud's family
    support worker (she sees the child through the team); Nia is another Stroud social worker."""

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
                source=ReferralSource.SCHOOLS,
                today=self.today,
            )
        return self.made["referral"]  # type: ignore[no-any-return]

    def assessment(self) -> Assessment:
        if "assessment" not in self.made:
            self.made["assessment"] = protection.start_assessment(
                referral=self.referral(),
                started_on=self.today - timedelta(days=35),
                worker=self.workers["sam"],
                today=self.today,
            )
        return self.made["assessment"]  # type: ignore[no-any-return]

    def cin_plan(self) -> ChildInNeedPlan:
        if "plan" not in self.made:
            self.made["plan"] = protection.start_cin_plan(
                referral=self.referral(),
                started_on=self.today - timedelta(days=30),
                today=self.today,
            )
        return self.made["plan"]  # type: ignore[no-any-return]


@pytest.fixture
def world(child: Person, today: date) -> World:
    stroud = TeamFactory(name="Stroud safeguarding", kind=Team.Kind.SAFEGUARDING)
    people = {
        "sam": staff("sam.worker", Role.SOCIAL_WORKER, stroud),
        "mo": staff("mo.manager", Role.TEAM_MANAGER, stroud),
        "fay": staff("fay.support", Role.FAMILY_SUPPORT_WORKER, stroud),
        "nia": staff("nia.worker", Role.SOCIAL_WORKER, stroud),
    }
    allocate(
        child=child,
        worker=people["sam"][1],
        kind=Allocation.Kind.SOCIAL_WORKER,
        started_on=today - timedelta(days=60),
        reason="FCONTA",
        today=today,
    )
    return World(
        child,
        today,
        {k: v[0] for k, v in people.items()},
        {k: v[1] for k, v in people.items()},
    )


@dataclass(frozen=True)
class Form:
    """One form: what it needs first, a valid answer, what it saved and the chronology event
    it wrote, an answer the service refuses (and on which field), and who may not record it."""

    use_case: str
    setup: Callable[[World], object]
    valid: Callable[[World], dict[str, Any]]
    saved: Callable[[World], bool]
    event: str
    refused: Callable[[World], dict[str, Any]]
    refused_field: str
    kept: Callable[[World], str]  # something the refused answer typed, shown again
    not_for: str  # a role that sees the child but does not record this
    recorder: str = "sam"
    changes: bool = False

    def __str__(self) -> str:
        return self.use_case


def _nothing(w: World) -> None:
    return None


def _day_kept(prefix: str, day: Callable[[World], date]) -> Callable[[World], str]:
    return lambda w: f'name="{prefix}-day" type="text" inputmode="numeric" value="{day(w).day}"'


FORMS = [
    Form(
        "referral",
        _nothing,
        lambda w: {
            **date_fields("referral_date", w.today - timedelta(days=1)),
            "source": ReferralSource.SCHOOLS.value,
            "primary_need": "N1",
        },
        lambda w: Referral.objects.filter(
            child=w.child,
            referral_date=w.today - timedelta(days=1),
            source="2A",
            primary_need="N1",
            contact=None,
        ).exists(),
        "ReferralOpened",
        lambda w: {
            **date_fields("referral_date", timezone.localdate() + timedelta(days=2)),
            "source": "3A",
            "primary_need": "N4",
        },
        "referral_date",
        lambda w: 'value="3A" selected',
        "fay",
    ),
    Form(
        "start-assessment",
        World.referral,
        lambda w: {**date_fields("started_on", w.today - timedelta(days=2))},
        lambda w: Assessment.objects.filter(
            referral=w.made["referral"],
            started_on=w.today - timedelta(days=2),
            worker=w.workers["sam"],
            authorised_on=None,
        ).exists(),
        "AssessmentStarted",
        lambda w: {**date_fields("started_on", w.today - timedelta(days=41))},
        "started_on",
        _day_kept("started_on", lambda w: w.today - timedelta(days=41)),
        "fay",
    ),
    Form(
        "authorise-assessment",
        World.assessment,
        lambda w: {
            **date_fields("authorised_on", w.today),
            **date_fields("child_seen_on", w.today - timedelta(days=30)),
            "factors": ["3B", "16A"],
            "outcome": "cin_plan",
        },
        lambda w: Assessment.objects.filter(
            pk=w.made["assessment"].pk,
            authorised_on=w.today,
            child_seen_on=w.today - timedelta(days=30),
            factors=["3B", "16A"],
            outcome="cin_plan",
        ).exists(),
        "AssessmentAuthorised",
        lambda w: {
            **date_fields("authorised_on", w.today),
            "factors": [NO_FACTORS, "4B"],
            "outcome": "nfa",
        },
        "factors",
        lambda w: 'type="checkbox" value="4B" checked',
        "sam",  # a social worker starts an assessment; a manager authorises it
        recorder="mo",
        changes=True,
    ),
    Form(
        "start-cin-plan",
        World.referral,
        lambda w: {**date_fields("started_on", w.today - timedelta(days=1))},
        lambda w: ChildInNeedPlan.objects.filter(
            referral=w.made["referral"], started_on=w.today - timedelta(days=1), ended_on=None
        ).exists(),
        "ChildInNeedPlanStarted",
        lambda w: {**date_fields("started_on", w.today - timedelta(days=50))},
        "started_on",
        _day_kept("started_on", lambda w: w.today - timedelta(days=50)),
        "fay",
    ),
    Form(
        "end-cin-plan",
        World.cin_plan,
        lambda w: {**date_fields("ended_on", w.today)},
        lambda w: ChildInNeedPlan.objects.filter(pk=w.made["plan"].pk, ended_on=w.today).exists(),
        "ChildInNeedPlanEnded",
        lambda w: {**date_fields("ended_on", w.today - timedelta(days=31))},
        "ended_on",
        _day_kept("ended_on", lambda w: w.today - timedelta(days=31)),
        "fay",
        changes=True,
    ),
    Form(
        "close-referral",
        World.referral,
        lambda w: {**date_fields("closure_date", w.today), "reason": "RC7"},
        lambda w: Referral.objects.filter(
            pk=w.made["referral"].pk, closure_date=w.today, closure_reason="RC7"
        ).exists(),
        "ReferralClosed",
        # "Closed after assessment" needs an assessment: the service says so on the reason.
        lambda w: {**date_fields("closure_date", w.today), "reason": "RC8"},
        "reason",
        lambda w: 'value="RC8" checked',
        "fay",
        changes=True,
    ),
]


@pytest.mark.parametrize("form", FORMS, ids=str)
def test_each_form_saves_through_its_service_with_its_audit_and_chronology(
    world: World, form: Form
) -> None:
    form.setup(world)
    client = world.client(form.recorder)
    page = client.get(world.url(form.use_case))
    assert page.status_code == 200
    assert not form.saved(world)
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
    assert ChronologyEntry.objects.filter(child=world.child, event=form.event).exists()


@pytest.mark.parametrize("form", FORMS, ids=str)
def test_each_form_shows_the_services_refusal_on_its_field_and_keeps_the_input(
    world: World, form: Form
) -> None:
    form.setup(world)
    before = ChronologyEntry.objects.count()
    client = world.client(form.recorder)
    page = client.get(world.url(form.use_case)).content.decode()
    response = client.post(
        world.url(form.use_case), {**form.refused(world), "_version": version_on(page)}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'class="govuk-error-summary"' in page
    assert f'id="id_{form.refused_field}-error"' in page
    assert form.kept(world) in page
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
    kept = form.valid(world)
    first_day = next(k for k in kept if k.endswith("-day"))
    assert f'name="{first_day}" type="text" inputmode="numeric" value="{kept[first_day]}"' in page
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


# --- Record a referral --------------------------------------------------------------------------


def test_a_referral_form_is_prefilled_with_today_and_says_the_child_has_had_none(
    world: World,
) -> None:
    page = world.client("sam").get(world.url("referral")).content.decode()
    assert _prefilled(page, "referral_date", timezone.localdate())
    assert "The child has had no referral before." in page
    assert 'value="N0" checked' in page


def test_a_referral_is_refused_on_its_date_while_one_is_open_and_keeps_the_input(
    world: World,
) -> None:
    open_one = world.referral()
    client = world.client("sam")
    page = client.get(world.url("referral")).content.decode()
    assert f"Latest: Referral received {govuk_date(open_one.referral_date)}." in page
    response = client.post(
        world.url("referral"),
        {**date_fields("referral_date", world.today), "source": "6", "primary_need": "N1"},
    )
    page = response.content.decode()
    assert 'id="id_referral_date-error"' in page
    assert "The child already has an open referral: record this in it" in page
    assert 'href="#id_referral_date-day"' in page  # the error summary links to the date
    assert 'value="6" selected' in page and 'value="N1" checked' in page
    assert Referral.objects.filter(child=world.child).count() == 1


# --- Start an assessment ------------------------------------------------------------------------


def test_the_assessment_obligation_opens_the_start_form_for_its_referral(world: World) -> None:
    referral = world.referral()
    due = Obligation.objects.get(child=world.child, rule="ASSESSMENT")
    assert due.subject_id == referral.pk
    link = form_link(due, world.child.la_child_id)
    assert link == f"{world.url('start-assessment')}?referral={referral.pk}&for=ASSESSMENT"
    client = world.client("sam")
    page = client.get(link).content.decode()
    assert f"Referral received {govuk_date(referral.referral_date)}" in page
    assert f'name="_subject" value="{referral.pk}"' in page
    assert _prefilled(page, "started_on", timezone.localdate())
    assert client.post(link, date_fields("started_on", world.today)).status_code == 302
    # Starting is the social worker's step; the obligation is met when it is authorised.
    due.refresh_from_db()
    assert due.met_on is None


def test_an_assessment_without_an_open_referral_says_so_and_saves_nothing(
    world: World,
) -> None:
    client = world.client("sam")
    page = client.get(world.url("start-assessment")).content.decode()
    assert "The child has no open referral." in page
    response = client.post(world.url("start-assessment"), date_fields("started_on", world.today))
    assert 'class="govuk-error-summary"' in response.content.decode()
    assert "The child has no open referral" in response.content.decode()
    assert not Assessment.objects.exists()


def test_a_second_assessment_while_one_is_in_progress_is_refused_on_its_date(
    world: World,
) -> None:
    started = world.assessment().started_on
    client = world.client("sam")
    page = client.get(world.url("start-assessment")).content.decode()
    assert (
        f"an assessment started {govuk_date(started)} is in progress: a manager authorises it"
        in page
    )
    response = client.post(world.url("start-assessment"), date_fields("started_on", world.today))
    page = response.content.decode()
    assert 'id="id_started_on-error"' in page
    assert "An assessment is already in progress on this referral" in page
    assert Assessment.objects.count() == 1


# --- Authorise an assessment --------------------------------------------------------------------


def test_authorising_meets_the_assessment_obligation(world: World) -> None:
    assessment = world.assessment()
    due = Obligation.objects.get(child=world.child, rule="ASSESSMENT")
    assert due.met_on is None
    client = world.client("mo")
    page = client.get(world.url("authorise-assessment")).content.decode()
    assert (
        f"Assessment started {govuk_date(assessment.started_on)}, for the referral received "
        f"{govuk_date(world.referral().referral_date)}" in page
    )
    assert _prefilled(page, "authorised_on", timezone.localdate())
    response = client.post(
        world.url("authorise-assessment"),
        {
            **date_fields("authorised_on", world.today),
            "factors": [NO_FACTORS],
            "outcome": "nfa",
            "_version": version_on(page),
        },
    )
    assert response.status_code == 302
    due.refresh_from_db()
    assert due.met_on == world.today


def test_the_authorisation_form_acts_on_the_assessment_its_link_names(world: World) -> None:
    first = world.assessment()
    protection.authorise_assessment(
        assessment=first,
        authorised_on=world.today - timedelta(days=5),
        outcome="cin_plan",
        factors=["16A"],
        child_seen_on=world.today - timedelta(days=20),
        today=world.today,
    )
    client = world.client("mo")
    link = f"{world.url('authorise-assessment')}?assessment={first.pk}"
    page = client.get(link).content.decode()
    assert f"authorised {govuk_date(world.today - timedelta(days=5))}" in page
    assert 'type="checkbox" value="16A" checked' in page  # what the record already says
    assert _prefilled(page, "child_seen_on", world.today - timedelta(days=20))
    response = client.post(
        link,
        {
            **date_fields("authorised_on", world.today),
            "factors": ["16A"],
            "outcome": "cin_plan",
            "_version": version_on(page),
        },
    )
    assert "This assessment is already authorised" in response.content.decode()
    assert 'id="id_authorised_on-error"' in response.content.decode()


def test_without_an_assessment_in_progress_the_authorisation_form_says_so(
    world: World,
) -> None:
    world.referral()
    page = world.client("mo").get(world.url("authorise-assessment")).content.decode()
    assert "The child has no assessment in progress." in page


def test_the_factors_are_every_census_code_once_in_plain_words_with_none_exclusive(
    world: World,
) -> None:
    grouped = [code for _, codes in FACTOR_GROUPS for code in codes]
    assert sorted([*grouped, NO_FACTORS]) == sorted(AssessmentFactor.values)
    world.assessment()
    page = world.client("mo").get(world.url("authorise-assessment")).content.decode()
    for heading, _ in FACTOR_GROUPS:
        assert f">{escape(heading)}</h3>" in page
    assert page.count('name="factors" type="checkbox"') == len(AssessmentFactor.values)
    assert '<div class="govuk-checkboxes__divider">or</div>' in page
    assert f'name="factors" type="checkbox" value="{NO_FACTORS}" data-behaviour="exclusive"' in page
    assert ">Domestic abuse: parent or carer</label>" in page
    # The first box carries the field's id: the error summary's link lands on it.
    assert 'id="id_factors" name="factors" type="checkbox" value="1A"' in page


def test_authorising_with_no_factors_chosen_asks_for_them(world: World) -> None:
    world.assessment()
    client = world.client("mo")
    page = client.get(world.url("authorise-assessment")).content.decode()
    response = client.post(
        world.url("authorise-assessment"),
        {
            **date_fields("authorised_on", world.today),
            "outcome": "nfa",
            "_version": version_on(page),
        },
    )
    page = response.content.decode()
    assert 'href="#id_factors"' in page
    assert "Select the factors identified at the assessment" in page
    assert Assessment.objects.get().authorised_on is None


# --- Child in need plans ------------------------------------------------------------------------


def test_a_child_in_need_plan_starts_on_the_open_referral_and_says_which(world: World) -> None:
    referral = world.referral()
    page = world.client("sam").get(world.url("start-cin-plan")).content.decode()
    assert f"Referral received {govuk_date(referral.referral_date)}" in page
    assert _prefilled(page, "started_on", timezone.localdate())


def test_ending_a_child_in_need_plan_is_prefilled_with_the_open_plan_and_today(
    world: World,
) -> None:
    plan = world.cin_plan()
    page = world.client("sam").get(world.url("end-cin-plan")).content.decode()
    assert f"Child in need plan started {govuk_date(plan.started_on)}" in page
    assert _prefilled(page, "ended_on", timezone.localdate())


def test_ending_a_plan_already_ended_is_refused_on_its_date(world: World) -> None:
    plan = world.cin_plan()
    protection.end_cin_plan(plan=plan, ended_on=world.today - timedelta(days=2), today=world.today)
    client = world.client("sam")
    link = f"{world.url('end-cin-plan')}?plan={plan.pk}"
    page = client.get(link).content.decode()
    assert f"ended {govuk_date(world.today - timedelta(days=2))}" in page
    response = client.post(
        link, {**date_fields("ended_on", world.today), "_version": version_on(page)}
    ).content.decode()
    assert 'id="id_ended_on-error"' in response
    assert "The plan has already ended" in response


def test_ending_a_plan_when_there_is_none_says_so(world: World) -> None:
    page = world.client("sam").get(world.url("end-cin-plan")).content.decode()
    assert "The child has no open child in need plan." in page


# --- Close the episode --------------------------------------------------------------------------


def test_closing_is_prefilled_with_the_open_referral_and_today(world: World) -> None:
    referral = world.referral()
    page = world.client("sam").get(world.url("close-referral")).content.decode()
    assert f"Referral received {govuk_date(referral.referral_date)}" in page
    assert _prefilled(page, "closure_date", timezone.localdate())


def test_closing_with_an_assessment_not_yet_authorised_is_refused_on_the_date(
    world: World,
) -> None:
    assessment = world.assessment()
    client = world.client("sam")
    page = client.get(world.url("close-referral")).content.decode()
    response = client.post(
        world.url("close-referral"),
        {**date_fields("closure_date", world.today), "reason": "RC7", "_version": version_on(page)},
    ).content.decode()
    assert 'id="id_closure_date-error"' in response
    assert (
        f"The assessment started {assessment.started_on:%d %B %Y} is not authorised yet" in response
    )
    assert 'value="RC7" checked' in response
    assert Referral.objects.get(pk=world.referral().pk).closure_date is None
