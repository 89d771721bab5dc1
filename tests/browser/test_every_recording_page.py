"""Every recording page in a real browser (issue 14, "Tests and figures"; decision 0021).

The journeys (the other modules here) go where a user goes and check the pages they reach. This
module makes sure no page is left out: it iterates ``web.recording.USE_CASES``, so a page
registered tomorrow is opened here too, or the test fails naming it. For each use case it signs
in as a role that may record it (one sign-in per role, one browser), opens the form on the record
it acts on, runs axe-core (and takes the screenshot ``<use-case>``), submits the form with every
field emptied and runs axe-core on the error state (``<use-case>-error``). Then the other pages
a worker uses: the front door's queue and search, a contact's form, My work, the team's work,
each tab of the child's record, who has seen it, the data checks page.

One small world: three children, because the records some forms act on exclude each other (a
child protection plan and a child in need plan; an open enquiry and a plan reviewed).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, expect

from sightline.access.models import AccessProfile
from sightline.access.policy import may_record, viewer_for
from sightline.access.roles import Role
from sightline.chronology.services import write_case_note
from sightline.core.codes import AbuseCategory, Ethnicity, ReferralSource, Sex
from sightline.core.errors import JourneyError
from sightline.frontdoor.services import receive_contact
from sightline.people.models import Person
from sightline.people.services import register_child
from sightline.protection import services as protection
from sightline.protection.models import Visit
from sightline.quality.services import ActionSpec, record_oversight
from sightline.web import journeys  # noqa: F401  (registers every use case)
from sightline.web.recording import USE_CASES, Recording, UseCase
from sightline.web.workspace import TABS
from sightline.workforce.models import Allocation, Team, Worker
from sightline.workforce.services import allocate
from tests.browser.pages import Journey
from tests.web.factories import TeamFactory, UserFactory, WorkerFactory

PASSWORD = "correct horse battery staple"  # tests.web.factories.UserFactory's

# The roles that sign in, in the order a use case is given to them: the first whose role may
# record it on the child is the one that opens it.
SIGN_INS = (
    ("sam.worker", Role.SOCIAL_WORKER),
    ("fiona.frontdoor", Role.FRONT_DOOR),
    ("ria.chair", Role.REVIEWING_OFFICER),
    ("mo.manager", Role.TEAM_MANAGER),
)

# Forms with no field the user must fill: their empty submission is not an error state. None
# today; a form added with none must be named here with the reason.
NO_REQUIRED_FIELD: dict[str, str] = {}

# Every field of the form emptied, as a user who saved without answering anything would send
# it: text and dates cleared, radios and checkboxes unticked, selects on no choice. Hidden
# fields (the CSRF token, the record's version, the record acted on) are left as they are.
_EMPTY_THE_FORM = """form => {
  for (const e of form.elements) {
    if (e.type === 'hidden' || e.type === 'submit' || e.tagName === 'BUTTON') continue;
    if (e.type === 'radio' || e.type === 'checkbox') e.checked = false;
    else if (e.tagName === 'SELECT') e.value = '';
    else e.value = '';
  }
}"""


@dataclass
class World:
    today: date
    users: dict[Role, Any]
    ava: Person  # referred, assessed, in an enquiry; every record a form about her acts on
    ben: Person  # on a child protection plan
    cara: Person  # on a child in need plan
    # The record each use case acts on: (child, the record's id for its query parameter).
    subjects: dict[str, tuple[Person, int]] = field(default_factory=dict)
    # The child a use case with no record to act on opens on, where not Ava (a care leaver's).
    opened_on: dict[str, Person] = field(default_factory=dict)


def _staff(username: str, role: Role, team: Team, given: str, family: str) -> Any:
    user = UserFactory(username=username, first_name=given, last_name=family)
    WorkerFactory(user=user, team=team, role=role.value, given_name=given, family_name=family)
    AccessProfile.objects.create(user=user, role=role.value)
    return user


def _child(given: str, family: str, born: date, sex: str, today: date) -> Person:
    return register_child(
        given_name=given,
        family_name=family,
        sex=sex,
        ethnicity=Ethnicity.WBRI,
        birth_date=born,
        today=today,
    )


@pytest.fixture
def world(transactional_db: None) -> World:
    today = timezone.localdate()
    ago = lambda days: today - timedelta(days=days)  # noqa: E731
    team = TeamFactory(name="Stroud safeguarding", kind=Team.Kind.SAFEGUARDING)
    reviewing = TeamFactory(name="Safeguarding reviews", kind=Team.Kind.REVIEWING)
    mash = TeamFactory(name="Gloucestershire MASH", kind=Team.Kind.FRONT_DOOR)
    users = {
        Role.SOCIAL_WORKER: _staff("sam.worker", Role.SOCIAL_WORKER, team, "Sam", "Okoro"),
        Role.TEAM_MANAGER: _staff("mo.manager", Role.TEAM_MANAGER, team, "Mo", "Patel"),
        Role.REVIEWING_OFFICER: _staff(
            "ria.chair", Role.REVIEWING_OFFICER, reviewing, "Ria", "Evans"
        ),
        Role.FRONT_DOOR: _staff("fiona.frontdoor", Role.FRONT_DOOR, mash, "Fiona", "Hughes"),
    }
    sam = Worker.objects.get(user=users[Role.SOCIAL_WORKER])
    ria = Worker.objects.get(user=users[Role.REVIEWING_OFFICER])
    ava = _child("Ava", "Morgan", date(2019, 4, 12), Sex.FEMALE, today)
    ben = _child("Ben", "Hughes", date(2016, 9, 3), Sex.MALE, today)
    cara = _child("Cara", "Lewis", date(2014, 1, 20), Sex.FEMALE, today)
    for child in (ava, ben, cara):
        allocate(
            child=child,
            worker=sam,
            kind=Allocation.Kind.SOCIAL_WORKER,
            started_on=ago(60),
            reason="FCONTA",
            today=today,
        )
    for child in (ava, ben):
        allocate(
            child=child,
            worker=ria,
            kind=Allocation.Kind.CP_CHAIR,
            started_on=ago(60),
            reason="FCONTA",
            today=today,
        )

    def referral(child: Person) -> Any:
        return protection.open_referral(
            child=child, referral_date=ago(50), source=ReferralSource.SCHOOLS, today=today
        )

    # Ava: an open referral with an assessment in progress, a strategy discussion whose
    # section 47 enquiry is open, pre-proceedings, an allegation to the LADO, a private
    # fostering arrangement, a contact waiting at the front door, a case note and a visit.
    ava_referral = referral(ava)
    assessment = protection.start_assessment(referral=ava_referral, started_on=ago(45), today=today)
    discussion = protection.hold_strategy_discussion(
        referral=ava_referral, held_on=ago(40), outcome="s47", today=today
    )
    enquiry = discussion.section47_enquiry
    pre = protection.start_pre_proceedings(referral=ava_referral, started_on=ago(30), today=today)
    allegation = protection.record_allegation(
        child=ava,
        subject_role="Swimming coach",
        came_to_attention_on=ago(20),
        referred_on=ago(19),
        today=today,
    )
    fostering = protection.notify_private_fostering(
        child=ava,
        notified_on=ago(25),
        arrangement_started_on=ago(25),
        carer_name="Jo Bloggs",
        today=today,
    )
    contact = receive_contact(
        child=ava,
        received_at=timezone.make_aware(datetime.combine(today, time(8, 30))),
        source=ReferralSource.POLICE,
        reason="Police attended a domestic incident at the home overnight.",
        today=today,
    )
    note = write_case_note(
        child=ava,
        author=sam,
        written_on=ago(3),
        kind="childs_words",
        text="Ava said she likes her new school.",
        today=today,
    )
    visit = protection.record_visit(
        child=ava,
        purpose=Visit.Purpose.ASSESSMENT,
        visited_on=ago(2),
        worker=sam,
        child_seen=True,
        seen_alone=True,
        note="Ava showed me her bedroom.",
        today=today,
    )

    # Mo's management oversight of Ava, with an action Sam owns (decision 0034).
    oversight = record_oversight(
        child=ava,
        manager=Worker.objects.get(user=users[Role.TEAM_MANAGER]),
        held_on=ago(1),
        point="regular",
        decision="Continue the assessment.",
        rationale="Ava is safe at home while it is completed.",
        actions=[ActionSpec("Speak to Ava's school", sam, today + timedelta(days=7))],
        today=today,
    )

    # Ben: an enquiry that led to an initial conference and a child protection plan.
    ben_discussion = protection.hold_strategy_discussion(
        referral=referral(ben), held_on=ago(45), outcome="s47", today=today
    )
    conference = protection.hold_conference(
        kind="initial",
        held_on=ago(35),
        outcome="plan",
        section47=ben_discussion.section47_enquiry,
        category=AbuseCategory.NEGLECT,
        chair=ria,
        today=today,
    )
    cp_plan = conference.plan
    assert cp_plan is not None

    # Cara: a child in need plan.
    cin_plan = protection.start_cin_plan(referral=referral(cara), started_on=ago(40), today=today)

    on = {
        "referral": (ava, ava_referral.pk),
        "assessment": (ava, assessment.pk),
        "enquiry": (ava, enquiry.pk),
        "pre": (ava, pre.pk),
        "allegation": (ava, allegation.pk),
        "arrangement": (ava, fostering.pk),
        "contact": (ava, contact.pk),
        # Sam's own note and visit: their author corrects or strikes them out (decision 0026).
        "note": (ava, note.pk),
        "visit": (ava, visit.pk),
        "action": (ava, oversight.actions.get().pk),  # type: ignore[attr-defined]
    }
    subjects = {
        name: on[case.subject]
        for name, case in USE_CASES.items()
        if case.subject in on and case.subject != "plan"
    }
    subjects.update(
        {
            "review-conference": (ben, cp_plan.pk),
            "core-group-meeting": (ben, cp_plan.pk),
            "cin-meeting": (cara, cin_plan.pk),
            "end-cin-plan": (cara, cin_plan.pk),
        }
    )
    subjects.update(_leaving_care(sam, today))
    in_care_subjects, in_care_opened_on = _in_care(sam, today)
    subjects.update(in_care_subjects)
    kai = subjects["pathway-plan-review"][0]
    leaving = [
        name
        for name, case in USE_CASES.items()
        if case.caption == "Leaving care" and not case.subject
    ]
    opened_on = dict.fromkeys(leaving, kai)
    rhys = subjects["end-staying-put"][0]
    opened_on.update({"staying-put": rhys, "support-to-25": rhys})
    opened_on.update(in_care_opened_on)
    return World(today, users, ava, ben, cara, subjects, opened_on)


def _in_care(sam: Worker, today: date) -> tuple[dict[str, tuple[Person, int]], dict[str, Person]]:
    """Children in care (decision 0028), Sam's: Dani in foster care for 60 days, recorded as an
    unaccompanied asylum-seeking child, with a decision that she should be adopted and a
    missing episode she came back from without a return interview yet; Eli in care and
    missing now. The forms with no record to act on open on Dani (Ava is not in care)."""
    from sightline.care import services as care
    from sightline.care import services_in_care as in_care
    from tests.web.care_world import FOSTER

    dani = _child("Dani", "Price", date(2015, 2, 14), Sex.FEMALE, today)
    eli = _child("Eli", "Price", date(2013, 7, 30), Sex.MALE, today)
    periods = {}
    for child in (dani, eli):
        allocate(
            child=child,
            worker=sam,
            kind=Allocation.Kind.SOCIAL_WORKER,
            started_on=today - timedelta(days=90),
            reason="FCONTA",
            today=today,
        )
        periods[child] = care.start_care(
            child=child,
            started_on=today - timedelta(days=60),
            legal_status="C2",
            placement=FOSTER,
            category_of_need="N1",
            home_postcode="GL5 1AA",
            today=today,
        )
    period = periods[dani]
    in_care.record_unaccompanied(child=dani, recorded_on=today - timedelta(days=60), today=today)
    in_care.record_adoption_milestone(
        period=period, milestone="decision_on", on=today - timedelta(days=30), today=today
    )

    def at(days: int) -> datetime:
        return timezone.make_aware(datetime.combine(today - timedelta(days=days), time(18)))

    came_back = in_care.record_missing_start(period=period, kind="M", started_at=at(5), today=today)
    in_care.record_return(episode=came_back, ended_at=at(4), today=today)
    missing = in_care.record_missing_start(
        period=periods[eli], kind="M", started_at=at(1), today=today
    )
    on_period = {
        name: (dani, period.pk) for name, case in USE_CASES.items() if case.subject == "period"
    }
    placement = period.placements.get()  # type: ignore[attr-defined]
    subjects = {
        **on_period,
        "placement-plan": (dani, placement.pk),
        "missing-return": (eli, missing.pk),
        "return-interview": (dani, came_back.pk),
    }
    opened_on = {
        name: dani
        for name, case in USE_CASES.items()
        if case.caption == "Children in care" and not case.subject and name != "come-into-care"
    }
    return subjects, opened_on


def _leaving_care(sam: Worker, today: date) -> dict[str, tuple[Person, int]]:
    """Care leavers (decision 0029), Sam's: Kai (17, relevant) with a pathway plan, an offer
    waiting and a custody open; Rhys (22, former relevant) staying put with his foster carer;
    Hana (16) presented as homeless."""
    from sightline.leaving_care import services as leaving_care
    from tests.leaving_care.conftest import in_care, young_person

    kai = young_person("Kai")
    in_care(kai, date(2025, 1, 6), date(2026, 6, 1))
    rhys = young_person("Rhys", born=date(2004, 3, 1))
    in_care(rhys, date(2019, 9, 2), date(2022, 3, 1))
    hana = young_person("Hana", born=date(2010, 6, 1))
    for child in (kai, rhys, hana):
        allocate(
            child=child,
            worker=sam,
            kind=Allocation.Kind.SOCIAL_WORKER,
            started_on=date(2026, 6, 1),
            reason="FCONTA",
            today=today,
        )
    plan = leaving_care.start_pathway_plan(child=kai, started_on=date(2026, 6, 10), today=today)
    offer = leaving_care.record_neet_offer(
        child=kai, offered_on=date(2026, 10, 1), kind="college", today=today
    )
    custody = leaving_care.record_custody(child=kai, from_date=date(2026, 9, 1), today=today)
    staying = leaving_care.start_staying_put(
        child=rhys, started_on=date(2022, 3, 1), carer="Smith household", today=today
    )
    presented = leaving_care.record_homeless_presentation(
        child=hana, presented_on=date(2026, 11, 2), today=today
    )
    return {
        "pathway-plan-review": (kai, plan.pk),
        "neet-offer-outcome": (kai, offer.pk),
        "release-from-custody": (kai, custody.pk),
        "end-staying-put": (rhys, staying.pk),
        **dict.fromkeys(
            ("joint-assessment-start", "joint-assessment-complete", "homeless-outcome"),
            (hana, presented.pk),
        ),
    }


class SignedIn:
    """One browser context and page per role, signed in once, reused for every page."""

    def __init__(self, browser: Browser, base_url: str) -> None:
        self.browser = browser
        self.base_url = base_url
        self.contexts: list[Any] = []
        self.journeys: dict[Role, Journey] = {}

    def __call__(self, username: str, role: Role) -> Journey:
        if role not in self.journeys:
            context = self.browser.new_context(
                locale="en-GB", viewport={"width": 1280, "height": 900}
            )
            context.set_default_timeout(10_000)
            self.contexts.append(context)
            journey = Journey(context.new_page(), self.base_url)
            journey.open("/sign-in/")
            journey.sign_in(username, PASSWORD)
            expect(journey.page.get_by_role("button", name="Sign out")).to_be_visible()
            self.journeys[role] = journey
        return self.journeys[role]

    def close(self) -> None:
        for context in self.contexts:
            context.close()


@pytest.fixture
def signed_in(browser: Browser, live_server: Any) -> Iterator[SignedIn]:
    sessions = SignedIn(browser, live_server.url)
    yield sessions
    sessions.close()
    for journey in sessions.journeys.values():
        journey.no_script_errors()


def _opened_on(world: World, case: UseCase) -> tuple[Person, int | None]:
    """The child and the record the use case's form opens on; fails naming a use case the
    world has no record for (add it to the world: never skip a page)."""
    if case.subject:
        if case.name not in world.subjects:
            pytest.fail(
                f"The world cannot open {case.name!r}: it acts on a {case.subject!r} that the "
                "world does not have; add one to the world in this module",
                pytrace=False,
            )
        return world.subjects[case.name]
    return world.opened_on.get(case.name, world.ava), None


def _who_records(
    world: World, case: UseCase, child: Person, subject: int | None
) -> tuple[str, Role]:
    """The first role signing in that may record the use case on this child and record (a
    correction: the entry's author or a manager above them, ``UseCase.allowed``)."""
    for username, role in SIGN_INS:
        user = world.users[role]
        may = role in case.roles and may_record(user, child, case.roles)
        if may and (case.allowed is None or case.allowed(_recording(world, user, child, subject))):
            return username, role
    pytest.fail(
        f"No one in the world may record {case.name!r} on {child.la_child_id} "
        f"(its roles: {sorted(r.value for r in case.roles)})",
        pytrace=False,
    )


def _recording(world: World, user: Any, child: Person, subject: int | None) -> Recording:
    worker = Worker.objects.filter(user=user).first()
    return Recording(child, user, worker, world.today, subject)


def _acting_on_opens(world: World, case: UseCase, child: Person, subject: int | None) -> None:
    """The record the form acts on is one the use case can act on: its line above the fields
    describes it rather than saying why there is none ("The child has no open referral")."""
    if case.acting_on is None:
        return
    user = world.users[_who_records(world, case, child, subject)[1]]
    r = _recording(world, user, child, subject)
    try:
        case.acting_on(r)
    except JourneyError as error:
        pytest.fail(f"The world cannot open {case.name!r}: {error.text}", pytrace=False)


def _submit_empty(journey: Journey, form_selector: str) -> None:
    page = journey.page
    form = page.locator(form_selector)
    form.evaluate(_EMPTY_THE_FORM)
    form.locator("button[type=submit]").last.click()
    expect(page.locator(".govuk-error-summary")).to_be_focused()


def test_every_recording_form_and_its_error_state_pass_axe(
    world: World, signed_in: SignedIn
) -> None:
    assert USE_CASES, "no use case is registered"
    for name in sorted(USE_CASES):
        case = USE_CASES[name]
        child, subject = _opened_on(world, case)
        _acting_on_opens(world, case, child, subject)
        journey = signed_in(*_who_records(world, case, child, subject))
        query = f"?{case.subject}={subject}" if subject is not None else ""
        journey.open(f"/children/{child.la_child_id}/record/{name}/{query}")
        expect(journey.page.locator("h1")).to_have_text(case.title)
        journey.check(name)

        required = [f for f in case.form.base_fields.values() if f.required]
        if not required:
            assert name in NO_REQUIRED_FIELD, (
                f"{name!r} has no required field: name it in NO_REQUIRED_FIELD with the reason"
            )
            continue
        assert name not in NO_REQUIRED_FIELD, f"{name!r} has a required field now"
        _submit_empty(journey, "form[data-draft-form]")
        assert journey.path().startswith(f"/children/{child.la_child_id}/record/{name}/")
        journey.check(f"{name}-error")


def test_the_work_lists_the_front_door_and_the_record_pass_axe(
    world: World, signed_in: SignedIn
) -> None:
    ava = world.ava.la_child_id

    front_door = signed_in("fiona.frontdoor", Role.FRONT_DOOR)
    page = front_door.page
    front_door.open("/front-door/")
    expect(page.locator("tr", has_text="Ava Morgan")).to_be_visible()
    front_door.check("front-door-queue")
    front_door.open("/front-door/new-contact/")
    front_door.check("front-door-search")
    page.get_by_label("Name", exact=True).fill("Ava Morgan")
    page.get_by_role("button", name="Search").click()
    expect(page.locator(".govuk-error-summary")).to_be_focused()  # a name needs a birth date
    front_door.check("front-door-search-error")
    page.get_by_label("Date of birth").fill("12 April 2019")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text(ava).first).to_be_visible()
    front_door.check("front-door-search-match")
    front_door.open(f"/front-door/new-contact/child/{ava}/")
    front_door.check("front-door-contact")
    _submit_empty(front_door, "main form[method=post]")
    front_door.check("front-door-contact-error")
    front_door.open("/front-door/new-contact/new-child/")
    front_door.check("front-door-new-child")

    worker = signed_in("sam.worker", Role.SOCIAL_WORKER)
    worker.open("/my-work/")
    expect(worker.page.locator("h1")).to_be_visible()
    worker.check("my-work")
    worker.open("/")
    worker.check("home")
    worker.open("/children/")
    worker.check("find-a-child")

    manager = signed_in("mo.manager", Role.TEAM_MANAGER)
    manager.open("/")
    manager.check("home-team-manager")
    manager.open("/team-work/")
    manager.check("team-work")
    manager.open("/validation/")
    manager.check("data-checks")
    for child in (world.ben, world.cara):  # on a protection plan, on a child in need plan
        manager.open(f"/children/{child.la_child_id}/")
        expect(manager.page.locator("h1")).to_contain_text(child.given_name)
        manager.check(f"child-record-{child.given_name.lower()}")
    # Every tab of the record (web.workspace.TABS, so a new tab is not left out), as a manager,
    # who may open them all.
    for tab in TABS:
        assert tab.may_open(viewer_for(world.users[Role.TEAM_MANAGER])), tab.name
        manager.open(reverse(tab.name, args=[ava]))
        current = manager.page.locator("[aria-current=page]", has_text=tab.label)
        expect(current).to_be_visible()
        manager.check(f"child-record-{tab.path.strip('/') or 'overview'}")
    # The chronology's filter with a date that does not exist: its GOV.UK error state.
    manager.open(f"/children/{ava}/chronology/?since-day=31&since-month=2&since-year=2026")
    expect(manager.page.locator(".govuk-error-summary")).to_be_visible()
    manager.check("child-record-chronology-error")
