"""Children in care in a real browser (issue 15, "Tests and figures"; decision 0028): a child
coming into care and moving placement (the placement asked in plain words, the move to a home
in Ofsted's register), a looked-after review with the IRO's recommendations and an escalation,
and a missing episode with the return home interview. axe-core runs on every page the journeys
reach, each form's error state included (tests/browser/pages.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from sightline.access.models import AccessProfile
from sightline.access.roles import Role
from sightline.care import services as care
from sightline.care.models import LookedAfterReview, MissingEpisode, PeriodOfCare, Placement
from sightline.care.services import PlacementDetails
from sightline.core.codes import Ethnicity, Sex
from sightline.people.models import Person
from sightline.people.services import register_child
from sightline.providers.models import Provider, RegisterImport
from sightline.workforce.models import Allocation, Team, Worker
from sightline.workforce.services import allocate
from tests.browser.pages import Journey
from tests.web.factories import TeamFactory, UserFactory, WorkerFactory

PASSWORD = "correct horse battery staple"  # tests.web.factories.UserFactory's


def _staff(username: str, role: Role, team: Team, given: str, family: str) -> Worker:
    user = UserFactory(username=username, first_name=given, last_name=family)
    AccessProfile.objects.create(user=user, role=role.value)
    return WorkerFactory(  # type: ignore[no-any-return]
        user=user, team=team, role=role.value, given_name=given, family_name=family
    )


def _date(page: Page | Locator, legend: str, day: date) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def _answer(page: Page, legend: str, choice: str) -> None:
    page.get_by_role("group", name=legend).get_by_label(choice, exact=True).check()


def _saved(page: Page, banner: str) -> None:
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(banner)


@dataclass
class Child:
    person: Person
    today: date

    @property
    def record(self) -> str:
        return f"/children/{self.person.la_child_id}/"


@pytest.fixture
def child(transactional_db: None) -> Child:
    """Ava, allocated to Sam (Stroud) with Iris as her IRO; Ofsted's register lists Beech
    Lodge, another authority's children's home."""
    today = timezone.localdate()
    team = TeamFactory(name="Stroud safeguarding", kind=Team.Kind.SAFEGUARDING)
    reviewing = TeamFactory(name="Reviewing", kind=Team.Kind.REVIEWING)
    sam = _staff("sam.worker", Role.SOCIAL_WORKER, team, "Sam", "Okoro")
    iris = _staff("iris.iro", Role.REVIEWING_OFFICER, reviewing, "Iris", "Bennett")
    ava = register_child(
        given_name="Ava",
        family_name="Morgan",
        sex=Sex.FEMALE,
        ethnicity=Ethnicity.WBRI,
        birth_date=date(2013, 4, 12),
        today=today,
    )
    for worker, kind, reason in (
        (sam, Allocation.Kind.SOCIAL_WORKER, "FCONTA"),
        (iris, Allocation.Kind.REVIEWING_OFFICER, ""),
    ):
        allocate(
            child=ava,
            worker=worker,
            kind=kind,
            started_on=today - timedelta(days=60),
            reason=reason,
            today=today,
        )
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
    RegisterImport.objects.create(
        imported_at=timezone.now(), file_name="register.csv", providers=1, operator="test"
    )
    return Child(ava, today)


def _in_care(c: Child, days: int = 40) -> PeriodOfCare:
    return care.start_care(
        child=c.person,
        started_on=c.today - timedelta(days=days),
        legal_status="C2",
        placement=PlacementDetails(
            place="U6", provider="PR1", carer="Smith household", postcode="GL1 1UT"
        ),
        category_of_need="N1",
        home_postcode="GL5 1AA",
        today=c.today,
    )


def test_a_child_comes_into_care_and_moves_placement(journey: Journey, child: Child) -> None:
    page, today = journey.page, child.today
    journey.open(child.record + "care/")
    journey.sign_in("sam.worker", PASSWORD)
    expect(page.get_by_test_id("never-looked-after")).to_have_text("Ava has not been looked after.")
    journey.check("care-tab-not-looked-after")

    page.get_by_role("link", name="Record a child coming into care").click()
    expect(page.get_by_role("heading", name="Record a child coming into care")).to_be_visible()
    expect(page.locator(".govuk-inset-text")).to_have_text(
        "The child has not been looked after before."
    )
    journey.check("care-come-into-care")

    # Nothing chosen: the error summary names each question, the page keeps what was typed.
    page.get_by_label("The child's home postcode when care started").fill("GL5 1AA")
    page.get_by_role("button", name="Save").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Choose the child's legal status")
    expect(summary).to_contain_text("Choose where the child lives")
    expect(page.get_by_label("The child's home postcode when care started")).to_have_value(
        "GL5 1AA"
    )
    journey.check("care-come-into-care-error")

    started = today - timedelta(days=10)
    _date(page, "Date the child started to be looked after", started)
    _answer(page, "Legal status", "Interim care order")
    _answer(page, "Main reason the child is looked after", "Abuse, neglect and exploitation")
    _answer(
        page, "Where does the child live?", "With a foster carer who is not a relative or friend"
    )
    _answer(page, "Is it intended to last until the child is 18?", "No")
    page.get_by_label("Name of the carer or setting").fill("Smith household")
    page.get_by_label("This authority (its own foster carers, homes or provision)").check()
    page.get_by_label("Postcode of the placement").fill("GL1 1UT")
    _date(page, "Date the care plan was agreed (if it is agreed)", started)
    page.get_by_role("button", name="Save").click()
    _saved(page, "Coming into care recorded")
    expect(page.get_by_test_id("status")).to_contain_text("Looked after: interim care order (C1)")
    first = Placement.objects.get(child=child.person)
    assert (first.place, first.provider, first.carer) == ("U6", "PR1", "Smith household")

    # The move: to another authority's children's home, named by its URN alone.
    journey.open(child.record + "care/")
    page.get_by_role("link", name="Record a placement move").click()
    expect(page.locator(".govuk-inset-text")).to_contain_text(
        "placement: foster placement with other carer, not long term with Smith household"
    )
    journey.check("care-placement-move")
    _date(page, "Date the child moved", today)
    _answer(page, "Why did the current placement end?", "Carer requests end for other reasons")
    _answer(page, "Where does the child live?", "In a children's home")
    _answer(page, "Is it intended to last until the child is 18?", "Yes")
    page.get_by_label("Ofsted URN of the setting or fostering agency (if it has one)").fill(
        "SC654321"
    )
    page.get_by_role("button", name="Save").click()
    _saved(page, "Placement move recorded")
    moved = Placement.objects.get(child=child.person, ended_on=None)
    assert (moved.place, moved.provider, moved.carer, moved.postcode) == (
        "K2",
        "PR2",
        "Beech Lodge",
        "SN1 1AA",
    )

    page.get_by_role("link", name="Care", exact=True).click()
    timeline = page.get_by_test_id("placement-timeline")
    expect(timeline.locator(".moj-timeline__item").first).to_contain_text("Beech Lodge")
    expect(timeline).to_contain_text("Registered with Ofsted (SC654321): children's home")
    expect(timeline).to_contain_text("Ended: carer requests end for other reasons")
    journey.check("care-tab")


def test_the_iro_records_a_review_with_recommendations_and_an_escalation(
    journey: Journey, child: Child
) -> None:
    _in_care(child)
    page = journey.page
    journey.open(child.record + "due/")
    journey.sign_in("iris.iro", PASSWORD)
    page.locator('[data-rule="LAC_REVIEW_FIRST"]').get_by_test_id("form-link").click()
    expect(page.get_by_role("heading", name="Record a looked-after review")).to_be_visible()
    journey.check("care-review")

    held = child.today - timedelta(days=2)
    _date(page, "Date the review was held", held)
    _answer(
        page,
        "How did the child take part?",
        "Child physically attended and spoke for themselves",
    )
    page.get_by_label("Your recommendations").fill(
        "Life story work to start by March (Sam)\nContact with her brother every fortnight"
    )
    _answer(page, "Did you escalate a concern about the child's care plan?", "Yes")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the concern you escalated, and to whom"
    )
    expect(page.get_by_label("Your recommendations")).to_have_value(
        "Life story work to start by March (Sam)\nContact with her brother every fortnight"
    )
    journey.check("care-review-error")
    page.get_by_label("The concern you escalated, and to whom").fill(
        "No permanence plan at the first review: raised with the team manager"
    )
    page.get_by_role("button", name="Save").click()
    _saved(page, "Looked-after review recorded")
    review = LookedAfterReview.objects.get(child=child.person)
    assert review.chaired_by is not None and review.chaired_by.family_name == "Bennett"
    assert len(review.recommendation_lines) == 2

    journey.open(child.record + "care/")
    expect(page.get_by_test_id("iro-footprint")).to_contain_text(
        "1 review recorded; the IRO escalated 1 concern."
    )
    card = page.get_by_test_id("review")
    expect(card).to_contain_text("Life story work to start by March (Sam)")
    expect(card).to_contain_text("Escalated")
    journey.check("care-tab-review")


def test_a_missing_episode_and_the_return_home_interview(journey: Journey, child: Child) -> None:
    _in_care(child)
    page, today = journey.page, child.today
    journey.open(child.record + "care/")
    journey.sign_in("sam.worker", PASSWORD)
    page.get_by_role("link", name="Record that the child is missing").click()
    journey.check("care-missing")
    _answer(
        page,
        "Is the child missing, or away without permission?",
        "Missing (whereabouts unknown)",
    )
    _date(page, "Date the child went missing or was last seen", today - timedelta(days=2))
    page.get_by_label("Time the child went missing or was last seen").fill("9.30pm")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("must be a time such as 21:30")
    journey.check("care-missing-error")
    page.get_by_label("Time the child went missing or was last seen").fill("21:30")
    page.get_by_role("button", name="Save").click()
    _saved(page, "Missing episode recorded")
    expect(page.get_by_test_id("alerts")).to_contain_text("Missing from care now")

    journey.open(child.record + "care/")
    page.get_by_role("link", name="Record that the child has come back").click()
    expect(page.locator(".govuk-inset-text")).to_contain_text("not back yet")
    journey.check("care-missing-return")
    _date(page, "Date the child came back or was found", today - timedelta(days=1))
    page.get_by_label("Time the child came back or was found").fill("08:15")
    _answer(page, "Was the child offered a return home interview?", "Yes")
    _answer(page, "Did the child accept it?", "Yes")
    page.get_by_role("button", name="Save").click()
    _saved(page, "Return recorded")

    # The interview is due within 72 hours: its link opens the form, prefilled.
    journey.open(child.record + "due/")
    page.locator('[data-rule="RETURN_INTERVIEW"]').get_by_test_id("form-link").click()
    expect(page.get_by_role("heading", name="Record the return home interview")).to_be_visible()
    expect(page.locator(".govuk-inset-text")).to_contain_text("came back 8:15am on")
    expect(
        page.get_by_role(
            "group", name="Was the child offered a return home interview?"
        ).get_by_label("Yes", exact=True)
    ).to_be_checked()
    journey.check("care-return-interview")
    _date(page, "Date the interview was held (if it was)", today - timedelta(days=1))
    page.get_by_label("Time the interview was held").fill("16:00")
    page.get_by_role("button", name="Save").click()
    _saved(page, "Return home interview recorded")
    episode = MissingEpisode.objects.get(child=child.person)
    assert episode.return_interview_held_at is not None

    journey.open(child.record + "care/")
    expect(page.get_by_test_id("missing")).to_contain_text("Held 4pm on")
    journey.check("care-tab-missing")
