"""Children in care in the browser (issue 15 item 1, decision 0028): coming into care, a
placement move in plain words, a legal status change, the care plan and placement plan, the
looked-after review held by the IRO and ceasing care. Each form: saved through its service (the
row, an audit row, a chronology entry); a service's refusal shown on its field with the input
kept; refused to a role that does not do this work; and, for a form that changes a record
already there, refused when saved over someone else's change."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from sightline.access.models import AuditEvent
from sightline.care.models import (
    CarePlan,
    LegalStatus,
    LookedAfterReview,
    PeriodOfCare,
    Placement,
)
from sightline.chronology.models import ChronologyEntry
from sightline.people.models import Person
from sightline.providers.models import Provider
from sightline.timescales.models import Obligation
from sightline.web.recording import form_link
from sightline.web.templatetags.sightline_web import govuk_date
from tests.web.care_world import World, make_world
from tests.web.recording_helpers import date_fields, version_on


@pytest.fixture
def world(child: Person, today: date) -> World:
    return make_world(child, today)


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


def _nothing(w: World) -> None:
    return None


def _day_kept(prefix: str, day: Callable[[World], date]) -> Callable[[World], str]:
    return lambda w: f'name="{prefix}-day" type="text" inputmode="numeric" value="{day(w).day}"'


def _foster_answers() -> dict[str, str]:
    return {
        "setting": "foster",
        "until_18": "no",
        "carer": "Smith household",
        "provider": "PR1",
        "postcode": "GL2 2AA",
    }


FORMS = [
    Form(
        "come-into-care",
        _nothing,
        lambda w: {
            **date_fields("started_on", w.today - timedelta(days=3)),
            "legal_status": "C2",
            "category_of_need": "N1",
            "home_postcode": "GL1 1UT",
            **_foster_answers(),
            **date_fields("care_plan_agreed_on", w.today - timedelta(days=2)),
        },
        lambda w: (
            Placement.objects.filter(
                child=w.child,
                started_on=w.today - timedelta(days=3),
                place="U6",
                provider="PR1",
                carer="Smith household",
                postcode="GL2 2AA",
                period__legal_statuses__code="C2",
                period__category_of_need="N1",
            ).exists()
            and CarePlan.objects.filter(
                child=w.child, agreed_on=w.today - timedelta(days=2)
            ).exists()
        ),
        "StartedToBeLookedAfter",
        lambda w: {
            **date_fields("started_on", timezone.localdate() + timedelta(days=3)),
            "legal_status": "V2",
            "category_of_need": "N4",
            "home_postcode": "GL1 1UT",
            **_foster_answers(),
        },
        "started_on",
        lambda w: 'value="V2" checked',
        "fay",
    ),
    Form(
        "placement-move",
        World.period,
        lambda w: {
            **date_fields("started_on", w.today - timedelta(days=1)),
            "reason_previous_ended": "CARPL",
            "setting": "childrens_home",
            "until_18": "yes",
            "carer": "Oak House",
            "provider": "PR4",
        },
        lambda w: (
            Placement.objects.filter(
                child=w.child,
                started_on=w.today - timedelta(days=1),
                place="K2",
                provider="PR4",
                carer="Oak House",
                intended_until_18=True,
            ).exists()
            and Placement.objects.filter(
                child=w.child, ended_on=w.today - timedelta(days=1), change_reason="CARPL"
            ).exists()
        ),
        "PlacementChanged",
        lambda w: {
            **date_fields("started_on", w.today - timedelta(days=70)),
            "reason_previous_ended": "CHILD",
            "setting": "childrens_home",
            "until_18": "no",
            "carer": "Oak House",
            "provider": "PR4",
        },
        "started_on",
        lambda w: 'value="CHILD" checked',
        "fay",
        changes=True,
    ),
    Form(
        "legal-status",
        World.period,
        lambda w: {**date_fields("started_on", w.today - timedelta(days=1)), "code": "C2"},
        lambda w: LegalStatus.objects.filter(
            child=w.child, started_on=w.today - timedelta(days=1), code="C2"
        ).exists(),
        "LegalStatusChanged",
        lambda w: {**date_fields("started_on", w.today - timedelta(days=1)), "code": "C1"},
        "code",
        lambda w: 'value="C1" checked',
        "fay",
        changes=True,
    ),
    Form(
        "care-plan",
        World.period,
        lambda w: date_fields("agreed_on", w.today - timedelta(days=50)),
        lambda w: CarePlan.objects.filter(
            child=w.child, agreed_on=w.today - timedelta(days=50)
        ).exists(),
        "CarePlanRecorded",
        lambda w: date_fields("agreed_on", w.today - timedelta(days=100)),
        "agreed_on",
        _day_kept("agreed_on", lambda w: w.today - timedelta(days=100)),
        "fay",
    ),
    Form(
        "placement-plan",
        World.period,
        lambda w: date_fields("agreed_on", w.today - timedelta(days=58)),
        lambda w: Placement.objects.filter(
            child=w.child, placement_plan_on=w.today - timedelta(days=58)
        ).exists(),
        "PlacementPlanRecorded",
        lambda w: date_fields("agreed_on", w.today - timedelta(days=100)),
        "agreed_on",
        _day_kept("agreed_on", lambda w: w.today - timedelta(days=100)),
        "fay",
        changes=True,
    ),
    Form(
        "looked-after-review",
        World.period,
        lambda w: {
            **date_fields("held_on", w.today - timedelta(days=5)),
            "participation": "PN1",
            "recommendations": "Life story work to start by March\n\nContact with her brother",
            "escalated": "yes",
            "escalation": "No permanence plan at the second review: raised with the team manager",
        },
        lambda w: LookedAfterReview.objects.filter(
            child=w.child,
            held_on=w.today - timedelta(days=5),
            participation="PN1",
            chaired_by=w.workers["iris"],
            recommendations="Life story work to start by March\nContact with her brother",
            escalation="No permanence plan at the second review: raised with the team manager",
        ).exists(),
        "LookedAfterReviewHeld",
        lambda w: {
            **date_fields("held_on", w.today - timedelta(days=80)),
            "participation": "PN6",
            "escalated": "no",
        },
        "held_on",
        lambda w: 'value="PN6" checked',
        "sam",  # the social worker attends; the IRO records the review
        recorder="iris",
    ),
    Form(
        "end-care",
        World.period,
        lambda w: {**date_fields("ended_on", w.today - timedelta(days=1)), "reason_ceased": "E4A"},
        lambda w: PeriodOfCare.objects.filter(
            child=w.child, ended_on=w.today - timedelta(days=1), reason_ceased="E4A"
        ).exists(),
        "CeasedToBeLookedAfter",
        lambda w: {**date_fields("ended_on", w.today - timedelta(days=1)), "reason_ceased": "E2"},
        "reason_ceased",
        lambda w: 'value="E2" checked',
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
    assert response.redirect_chain, response.content.decode()[:4000]
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
    assert f'id="id_{form.refused_field}-error"' in page, page[:4000]
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


# --- Coming into care ---------------------------------------------------------------------------


def test_coming_into_care_says_whether_the_child_was_looked_after_before(world: World) -> None:
    client = world.client("sam")
    page = client.get(world.url("come-into-care")).content.decode()
    assert "The child has not been looked after before." in page
    period = world.period()
    page = client.get(world.url("come-into-care")).content.decode()
    assert (
        f"The child is already looked after (since {govuk_date(period.started_on)}): record a "
        "placement move or a legal status change instead." in page
    )


def test_a_care_plan_the_service_refuses_records_no_period_either(world: World) -> None:
    """Coming into care and its care plan are one transaction: both, or neither."""
    client = world.client("sam")
    response = client.post(
        world.url("come-into-care"),
        {
            **date_fields("started_on", world.today - timedelta(days=3)),
            "legal_status": "C2",
            "category_of_need": "N1",
            "home_postcode": "GL1 1UT",
            **_foster_answers(),
            **date_fields("care_plan_agreed_on", world.today - timedelta(days=90)),
        },
    )
    assert 'id="id_care_plan_agreed_on-error"' in response.content.decode()
    assert not PeriodOfCare.objects.filter(child=world.child).exists()


# --- A placement in plain words, the codes behind the scenes ------------------------------------


@pytest.mark.parametrize(
    ("answers", "place", "provider"),
    [
        ({"setting": "relative_foster", "until_18": "yes"}, "U1", "PR1"),
        ({"setting": "foster", "until_18": "yes"}, "U4", "PR1"),
        ({"setting": "foster", "until_18": "no", "approved_adopter": "yes"}, "U5", "PR1"),
        ({"setting": "parent", "until_18": "no", "provider": ""}, "P1", "PR0"),
        (
            {
                "setting": "adoption",
                "until_18": "yes",
                "with_current_carer": "no",
                "placement_order": "yes",
            },
            "A6",
            "PR1",
        ),
    ],
)
def test_the_move_chooses_the_dfe_codes_from_plain_words(
    world: World, answers: dict[str, str], place: str, provider: str
) -> None:
    world.period()
    client = world.client("sam")
    page = client.get(world.url("placement-move")).content.decode()
    # No code is asked for: the worker chooses words.
    assert 'name="place"' not in page and 'value="U6"' not in page and 'value="PR0"' not in page
    data = {
        **date_fields("started_on", world.today - timedelta(days=1)),
        "reason_previous_ended": "CARPL",
        "carer": "New carers",
        "provider": "PR1",
        **answers,
        "_version": version_on(page),
    }
    assert client.post(world.url("placement-move"), data).status_code == 302
    new = Placement.objects.get(child=world.child, ended_on=None)
    assert (new.place, new.provider) == (place, provider)
    assert new.intended_until_18 is (answers["until_18"] == "yes")


def test_a_move_to_a_setting_in_ofsteds_register_takes_its_provider_name_and_postcode(
    world: World,
) -> None:
    world.period()
    Provider.objects.create(
        urn="SC654321",
        name="Beech Lodge",
        provider_type="Children's home",
        sector="Local authority",
        registration_status="Active",
        registered_on=date(2015, 1, 1),
        local_authority="Wiltshire",
        la_code="E06000054",
        postcode="SN1 1AA",
        place_codes="K2",
        provider_codes="PR1,PR2",
    )
    client = world.client("sam")
    page = client.get(world.url("placement-move")).content.decode()
    data = {
        **date_fields("started_on", world.today - timedelta(days=1)),
        "reason_previous_ended": "STAND",
        "setting": "childrens_home",
        "until_18": "no",
        "urn": "sc654321",
        "_version": version_on(page),
    }
    assert client.post(world.url("placement-move"), data).status_code == 302
    new = Placement.objects.get(child=world.child, ended_on=None)
    # Another authority's home: PR2, the register's name and postcode.
    assert (new.place, new.provider, new.urn) == ("K2", "PR2", "SC654321")
    assert (new.carer, new.postcode) == ("Beech Lodge", "SN1 1AA")


def test_a_urn_the_register_lists_as_another_kind_of_setting_is_refused_on_the_urn(
    world: World,
) -> None:
    world.period()
    Provider.objects.create(
        urn="SC111111",
        name="Hill Top",
        provider_type="Children's home",
        sector="Private",
        registration_status="Active",
        registered_on=date(2015, 1, 1),
        local_authority="Gloucestershire",
        la_code="E10000013",
        place_codes="K2",
        provider_codes="PR4",
    )
    client = world.client("sam")
    page = client.get(world.url("placement-move")).content.decode()
    response = client.post(
        world.url("placement-move"),
        {
            **date_fields("started_on", world.today - timedelta(days=1)),
            "reason_previous_ended": "CARPL",
            "setting": "foster",
            "until_18": "no",
            "urn": "SC111111",
            "_version": version_on(page),
        },
    )
    page = response.content.decode()
    assert 'id="id_urn-error"' in page
    assert "Ofsted&#x27;s register lists SC111111 as a children&#x27;s home" in page
    assert Placement.objects.filter(child=world.child).count() == 1


def test_a_foster_placement_needs_who_provides_it_when_the_register_cannot_say(
    world: World,
) -> None:
    world.period()
    client = world.client("sam")
    page = client.get(world.url("placement-move")).content.decode()
    response = client.post(
        world.url("placement-move"),
        {
            **date_fields("started_on", world.today - timedelta(days=1)),
            "reason_previous_ended": "CARPL",
            "setting": "foster",
            "until_18": "no",
            "carer": "Jones household",
            "_version": version_on(page),
        },
    )
    page = response.content.decode()
    assert 'id="id_provider-error"' in page
    assert "Choose who provides the placement" in page
    assert 'value="Jones household"' in page


# --- Obligations open the form that meets them, prefilled ---------------------------------------


@pytest.mark.parametrize(
    ("rule", "use_case", "subject"),
    [
        ("CARE_PLAN", "care-plan", "period"),
        ("LAC_REVIEW_FIRST", "looked-after-review", "period"),
        ("PLACEMENT_PLAN", "placement-plan", "placement"),
        ("LAC_VISIT", "visit", None),
    ],
)
def test_each_care_obligation_links_to_the_form_that_meets_it(
    world: World, rule: str, use_case: str, subject: str | None
) -> None:
    period = world.period()
    due = Obligation.objects.get(child=world.child, rule=rule, met_on=None)
    link = form_link(due, world.child.la_child_id)
    assert link is not None and link.startswith(world.url(use_case))
    if subject is not None:
        assert f"{subject}={due.subject_id}" in link
    who = "iris" if use_case == "looked-after-review" else "sam"
    page = world.client(who).get(link).content.decode()
    if use_case == "visit":
        assert 'value="lac" checked' in page
    else:
        assert f"Looked after since {govuk_date(period.started_on)}" in page or (
            "Placement: foster placement with other carer" in page
        )


def test_the_review_meets_the_first_review_obligation(world: World) -> None:
    world.period()
    due = Obligation.objects.get(child=world.child, rule="LAC_REVIEW_FIRST")
    client = world.client("iris")
    link = form_link(due, world.child.la_child_id)
    assert link is not None
    response = client.post(
        link,
        {
            **date_fields("held_on", world.today - timedelta(days=40)),
            "participation": "PN1",
            "escalated": "no",
        },
    )
    assert response.status_code == 302
    due.refresh_from_db()
    assert due.met_on == world.today - timedelta(days=40)


def test_an_escalation_needs_its_concern_and_a_concern_needs_a_yes(world: World) -> None:
    world.period()
    client = world.client("iris")
    base = {**date_fields("held_on", world.today - timedelta(days=5)), "participation": "PN1"}
    page = client.post(world.url("looked-after-review"), {**base, "escalated": "yes"})
    assert "Enter the concern you escalated, and to whom" in page.content.decode()
    page = client.post(
        world.url("looked-after-review"),
        {**base, "escalated": "no", "escalation": "Raised with the head of service"},
    )
    assert "You described a concern: answer yes, or remove it" in page.content.decode()
    assert not LookedAfterReview.objects.exists()


def test_forms_for_a_child_not_looked_after_say_so_before_typing(world: World) -> None:
    page = world.client("sam").get(world.url("placement-move")).content.decode()
    assert "The child is not looked after." in page
