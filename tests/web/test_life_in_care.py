"""A child's life in care in the browser (issue 15 item 1, decision 0028): health assessments
and the SDQ, school and personal education plans, going missing and coming back with the
return home interview, unaccompanied status and the adoption journey. Each form: saved through
its service with its audit row and chronology entry; the service's refusal on its field with
the input kept; refused to a role that does not do this work; a change over someone else's
refused."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from sightline.access.models import AuditEvent
from sightline.care import services_in_care as in_care
from sightline.care.models import (
    AdoptionMilestones,
    EducationRecord,
    HealthAssessment,
    MissingEpisode,
    PersonalEducationPlan,
    PreviousPermanence,
    UnaccompaniedStatus,
)
from sightline.chronology.models import ChronologyEntry
from sightline.people.models import Person
from sightline.timescales.models import Obligation
from sightline.web.recording import form_link
from tests.web.care_world import World, make_world
from tests.web.recording_helpers import date_fields, version_on


@pytest.fixture
def world(child: Person, today: date) -> World:
    return make_world(child, today)


def _at(day: date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _missing(w: World) -> MissingEpisode:
    if "missing" not in w.made:
        w.made["missing"] = in_care.record_missing_start(
            period=w.period(),
            kind="M",
            started_at=_at(w.today - timedelta(days=3), 21, 30),
            today=w.today,
        )
    return w.made["missing"]  # type: ignore[no-any-return]


def _returned(w: World) -> MissingEpisode:
    return in_care.record_return(
        episode=_missing(w), ended_at=_at(w.today - timedelta(days=2), 8, 15), today=w.today
    )


def _uasc(w: World) -> UnaccompaniedStatus:
    return in_care.record_unaccompanied(
        child=w.child, recorded_on=w.today - timedelta(days=100), today=w.today
    )


def _matched(w: World) -> None:
    for step, days in (("decision_on", 30), ("matched_on", 10)):
        in_care.record_adoption_milestone(
            period=w.period(), milestone=step, on=w.today - timedelta(days=days), today=w.today
        )


@dataclass(frozen=True)
class Form:
    use_case: str
    setup: Callable[[World], object]
    valid: Callable[[World], dict[str, Any]]
    saved: Callable[[World], bool]
    event: str
    refused: Callable[[World], dict[str, Any]]
    refused_field: str
    kept: Callable[[World], str]
    not_for: str
    recorder: str = "sam"
    changes: bool = False

    def __str__(self) -> str:
        return self.use_case


def _day_kept(prefix: str, day: Callable[[World], date]) -> Callable[[World], str]:
    return lambda w: f'name="{prefix}-day" type="text" inputmode="numeric" value="{day(w).day}"'


FORMS = [
    Form(
        "health-check",
        World.period,
        lambda w: {
            "kind": "sdq",
            **date_fields("done_on", w.today - timedelta(days=10)),
            "sdq_score": "14",
        },
        lambda w: HealthAssessment.objects.filter(
            child=w.child, kind="sdq", done_on=w.today - timedelta(days=10), sdq_score=14
        ).exists(),
        "HealthCheckRecorded",
        lambda w: {
            "kind": "sdq",
            **date_fields("done_on", w.today - timedelta(days=10)),
            "sdq_score": "14",
            "sdq_reason": "SDQ2",
        },
        "sdq_score",
        lambda w: 'value="SDQ2" checked',
        "fay",
    ),
    Form(
        "school",
        lambda w: None,
        lambda w: {
            "school_name": "Stroud Primary",
            "school_urn": "115678",
            **date_fields("started_on", w.today - timedelta(days=10)),
        },
        lambda w: EducationRecord.objects.filter(
            child=w.child, school_name="Stroud Primary", school_urn="115678", ended_on=None
        ).exists(),
        "SchoolRecorded",
        lambda w: {
            "school_name": "Stroud Primary",
            "school_urn": "12",
            **date_fields("started_on", w.today - timedelta(days=10)),
        },
        "school_urn",
        lambda w: 'value="Stroud Primary"',
        "fay",
    ),
    Form(
        "pep-review",
        World.period,
        lambda w: date_fields("reviewed_on", w.today - timedelta(days=10)),
        lambda w: PersonalEducationPlan.objects.filter(
            child=w.child, reviewed_on=w.today - timedelta(days=10)
        ).exists(),
        "PersonalEducationPlanReviewed",
        lambda w: date_fields("reviewed_on", w.today - timedelta(days=100)),
        "reviewed_on",
        _day_kept("reviewed_on", lambda w: w.today - timedelta(days=100)),
        "fay",
    ),
    Form(
        "missing",
        World.period,
        lambda w: {
            "kind": "M",
            **date_fields("started_on", w.today - timedelta(days=3)),
            "started_time": "21:30",
        },
        lambda w: MissingEpisode.objects.filter(
            child=w.child, kind="M", started_at=_at(w.today - timedelta(days=3), 21, 30)
        ).exists(),
        "MissingFromCareStarted",
        lambda w: {
            "kind": "A",
            **date_fields("started_on", w.today - timedelta(days=100)),
            "started_time": "9.05",
        },
        "started_on",
        lambda w: 'value="A" checked',
        "fay",
    ),
    Form(
        "missing-return",
        _missing,
        lambda w: {
            **date_fields("returned_on", w.today - timedelta(days=2)),
            "returned_time": "08:15",
            "offered": "yes",
            "accepted": "yes",
            **date_fields("held_on", w.today - timedelta(days=1)),
            "held_time": "10:00",
        },
        lambda w: MissingEpisode.objects.filter(
            child=w.child,
            ended_at=_at(w.today - timedelta(days=2), 8, 15),
            return_interview_offered=True,
            return_interview_accepted=True,
            return_interview_held_at=_at(w.today - timedelta(days=1), 10),
        ).exists(),
        "ReturnedAfterMissingFromCare",
        lambda w: {
            **date_fields("returned_on", w.today - timedelta(days=4)),
            "returned_time": "08:15",
            "offered": "no",
        },
        "returned_on",
        _day_kept("returned_on", lambda w: w.today - timedelta(days=4)),
        "fay",
        changes=True,
    ),
    Form(
        "return-interview",
        _returned,
        lambda w: {
            "offered": "yes",
            "accepted": "yes",
            **date_fields("held_on", w.today - timedelta(days=1)),
            "held_time": "16:00",
        },
        lambda w: MissingEpisode.objects.filter(
            child=w.child,
            return_interview_offered=True,
            return_interview_held_at=_at(w.today - timedelta(days=1), 16),
        ).exists(),
        "ReturnInterviewRecorded",
        lambda w: {
            "offered": "no",
            "accepted": "yes",
            **date_fields("held_on", w.today - timedelta(days=1)),
        },
        "accepted",
        _day_kept("held_on", lambda w: w.today - timedelta(days=1)),
        "iris",  # the IRO reviews; those who visit hold return interviews
        changes=True,
    ),
    Form(
        "uasc",
        lambda w: None,
        lambda w: date_fields("recorded_on", w.today - timedelta(days=10)),
        lambda w: UnaccompaniedStatus.objects.filter(
            child=w.child, recorded_on=w.today - timedelta(days=10)
        ).exists(),
        "UnaccompaniedStatusRecorded",
        lambda w: date_fields("recorded_on", date(2018, 1, 3)),
        "recorded_on",
        _day_kept("recorded_on", lambda w: date(2018, 1, 3)),
        "fay",
    ),
    Form(
        "end-uasc",
        _uasc,
        lambda w: date_fields("ceased_on", w.today - timedelta(days=1)),
        lambda w: UnaccompaniedStatus.objects.filter(
            child=w.child, ceased_on=w.today - timedelta(days=1)
        ).exists(),
        "UnaccompaniedStatusCeased",
        lambda w: date_fields("ceased_on", w.today - timedelta(days=200)),
        "ceased_on",
        _day_kept("ceased_on", lambda w: w.today - timedelta(days=200)),
        "fay",
        changes=True,
    ),
    Form(
        "adoption",
        World.period,
        lambda w: {"milestone": "decision_on", **date_fields("on", w.today - timedelta(days=10))},
        lambda w: AdoptionMilestones.objects.filter(
            child=w.child, decision_on=w.today - timedelta(days=10)
        ).exists(),
        "AdoptionMilestoneRecorded",
        lambda w: {"milestone": "matched_on", **date_fields("on", w.today - timedelta(days=10))},
        "on",
        lambda w: 'value="matched_on" checked',
        "fay",
    ),
    Form(
        "adopters",
        _matched,
        lambda w: {
            "number_of_adopters": "2",
            "sex_of_adopters": "MF",
            "legal_status_of_adopters": "L11",
            "foster_care": "no",
        },
        lambda w: AdoptionMilestones.objects.filter(
            child=w.child,
            number_of_adopters=2,
            sex_of_adopters="MF",
            legal_status_of_adopters="L11",
            foster_care=False,
        ).exists(),
        "AdoptersRecorded",
        lambda w: {
            "number_of_adopters": "1",
            "sex_of_adopters": "MF",
            "legal_status_of_adopters": "L0",
            "foster_care": "yes",
        },
        "sex_of_adopters",
        lambda w: 'value="L0" checked',
        "fay",
        changes=True,
    ),
    Form(
        "previous-permanence",
        World.period,
        lambda w: {"kind": "P2", "la": "Wiltshire", "order_year": "2019", "order_month": "6"},
        lambda w: PreviousPermanence.objects.filter(
            child=w.child, kind="P2", la="Wiltshire", order_year=2019, order_month=6
        ).exists(),
        "PreviousPermanenceRecorded",
        lambda w: {"kind": "Z1", "la": "Wiltshire"},
        "la",
        lambda w: 'value="Wiltshire"',
        "fay",
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
    assert response.redirect_chain, response.content.decode()[:4000]
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
    assert f'id="id_{form.refused_field}-error"' in page, page[:5000]
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
    assert client.post(world.url(form.use_case), form.valid(world)).status_code == 403
    assert not form.saved(world)


@pytest.mark.parametrize("form", [f for f in FORMS if f.changes], ids=str)
def test_a_change_saved_over_someone_elses_change_is_refused_and_keeps_the_input(
    world: World, form: Form
) -> None:
    form.setup(world)
    client = world.client(form.recorder)
    seen = version_on(client.get(world.url(form.use_case)).content.decode())
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


@pytest.mark.parametrize(
    ("rule", "use_case", "setup", "prefilled"),
    [
        ("INITIAL_HEALTH_ASSESSMENT", "health-check", World.period, 'value="initial" checked'),
        ("PEP_REVIEW", "pep-review", World.period, "Looked after since"),
        ("RETURN_INTERVIEW", "return-interview", _returned, "came back 8:15am on"),
    ],
)
def test_each_obligation_opens_the_form_that_meets_it_prefilled(
    world: World, rule: str, use_case: str, setup: Callable[[World], object], prefilled: str
) -> None:
    setup(world)
    due = Obligation.objects.filter(child=world.child, rule=rule, met_on=None).first()
    assert due is not None, rule
    link = form_link(due, world.child.la_child_id)
    assert link is not None and link.startswith(world.url(use_case))
    assert prefilled in world.client("sam").get(link).content.decode()


def test_a_return_home_interview_held_meets_its_obligation(world: World) -> None:
    _returned(world)
    due = Obligation.objects.get(child=world.child, rule="RETURN_INTERVIEW")
    link = form_link(due, world.child.la_child_id)
    assert link is not None
    client = world.client("fay")  # a family support worker holds it
    page = client.get(link).content.decode()
    response = client.post(
        link,
        {
            "offered": "yes",
            "accepted": "yes",
            **date_fields("held_on", world.today - timedelta(days=1)),
            "held_time": "16:00",
            "_version": version_on(page),
        },
    )
    assert response.status_code == 302
    due.refresh_from_db()
    assert due.met_on is not None


def test_a_time_that_is_not_a_time_is_an_error_on_its_field(world: World) -> None:
    world.period()
    response = world.client("sam").post(
        world.url("missing"),
        {"kind": "M", **date_fields("started_on", world.today), "started_time": "25:99"},
    )
    page = response.content.decode()
    assert 'id="id_started_time-error"' in page
    assert "Time the child went missing or was last seen must be a time such as 21:30" in page
    assert not MissingEpisode.objects.exists()


def test_without_a_missing_episode_the_return_form_says_so(world: World) -> None:
    world.period()
    page = world.client("sam").get(world.url("missing-return")).content.decode()
    assert "The child is not recorded as missing now." in page


def test_previous_permanence_with_a_day_but_no_month_is_refused_on_the_month(
    world: World,
) -> None:
    world.period()
    client = world.client("sam")
    page = client.get(world.url("previous-permanence")).content.decode()
    response = client.post(
        world.url("previous-permanence"),
        {"kind": "P1", "order_year": "2019", "order_day": "4", "_version": version_on(page)},
    )
    assert 'id="id_order_month-error"' in response.content.decode()
    assert not PreviousPermanence.objects.exists()


def test_previous_permanence_already_recorded_says_so_before_typing(world: World) -> None:
    in_care.record_previous_permanence(period=world.period(), kind="Z1", today=world.today)
    page = world.client("sam").get(world.url("previous-permanence")).content.decode()
    inset = page.split('class="govuk-inset-text">', 1)[1].split("</div>", 1)[0]
    assert "previous permanence is already recorded for this period of care" in inset.lower()
