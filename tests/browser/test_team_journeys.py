"""The team's journeys in a real browser (issue 15, items 3 to 5): a team manager reallocates
several of a team's children from the team view, with the reason; the find-child results, My
work and the team view fit a 375 px phone screen; a record opened through break-glass says so
on each page, with when the access ends, after the request form's error names the error.
axe-core runs on every page reached (0 WCAG 2.2 AA violations)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, expect

from sightline.access.models import AccessProfile
from sightline.access.roles import Role
from sightline.people.models import Person
from sightline.timescales.models import Obligation
from sightline.workforce.models import Allocation, Team, Worker
from tests.browser.pages import Journey
from tests.web.factories import (
    ChildFactory,
    ChildProtectionPlanFactory,
    TeamFactory,
    UserFactory,
    WorkerFactory,
)

PASSWORD = "correct horse battery staple"  # tests.web.factories.UserFactory's
PHONE = {"width": 375, "height": 812}
STARTED = date(2025, 9, 1)


def _staff(username: str, role: Role, team: Team, given: str, family: str) -> Any:
    user = UserFactory(username=username, first_name=given, last_name=family)
    WorkerFactory(user=user, team=team, role=role.value, given_name=given, family_name=family)
    AccessProfile.objects.create(user=user, role=role.value)
    return user


@dataclass
class Team_:
    manager: Any
    priya: Any  # a social worker with four children
    tom: Worker  # a social worker in the unit below
    outsider: Any  # a social worker in another area
    children: list[Person]


@pytest.fixture
def team(transactional_db: None) -> Team_:
    area = TeamFactory(name="Stroud safeguarding", kind=Team.Kind.SAFEGUARDING)
    unit = TeamFactory(name="Stroud unit 2", kind=Team.Kind.SAFEGUARDING, parent=area)
    other = TeamFactory(name="Forest safeguarding", kind=Team.Kind.SAFEGUARDING)
    manager = _staff("mina.manager", Role.TEAM_MANAGER, area, "Mina", "Clarke")
    priya = _staff("priya.shah", Role.SOCIAL_WORKER, area, "Priya", "Shah")
    tom_user = _staff("tom.reed", Role.SOCIAL_WORKER, unit, "Tom", "Reed")
    outsider = _staff("olu.ade", Role.SOCIAL_WORKER, other, "Olu", "Ade")
    worker = Worker.objects.get(user=priya)
    today = timezone.localdate()
    children = []
    for n, (given, family) in enumerate(
        [("Ava", "Morgan"), ("Leo", "Morgan"), ("Isla", "Bennett"), ("Noah", "Patel")]
    ):
        child = ChildFactory(given_name=given, family_name=family, birth_date=date(2015 + n, 4, 3))
        if n < 2:
            ChildProtectionPlanFactory(child=child, referral__child=child)
        Allocation.objects.create(
            child=child,
            worker=worker,
            team=area,
            kind=Allocation.Kind.SOCIAL_WORKER,
            started_on=STARTED,
            reason="FCONTA",
        )
        Obligation.objects.create(
            child=child,
            rule="CP_VISIT" if n < 2 else "CIN_VISIT",
            subject_type="protection.ChildProtectionPlan",
            subject_id=child.pk,
            subject="Child protection plan" if n < 2 else "Child in need plan",
            started_on=today - timedelta(days=40 + n),
            due_on=today - timedelta(days=3 + 10 * n),
        )
        children.append(child)
    return Team_(manager, priya, Worker.objects.get(user=tom_user), outsider, children)


def test_a_team_manager_reallocates_several_children_from_the_team_view(
    journey: Journey, team: Team_
) -> None:
    page = journey.page
    journey.open("/")
    journey.sign_in("mina.manager", PASSWORD)
    page.get_by_role("link", name="Team work").first.click()
    expect(page.get_by_role("heading", name="Your teams' work")).to_be_visible()
    caseloads = page.get_by_test_id("caseloads")
    expect(caseloads.locator("tr", has_text="Priya Shah")).to_contain_text("4")
    journey.check("team-view")

    # The filters combine: Priya's overdue work of 7 days or more.
    page.get_by_label("Worker").select_option(label="Priya Shah")
    page.get_by_label("Overdue by").select_option(label="7 days or more")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_test_id("overdue").locator("tbody tr")).to_have_count(3)
    journey.check("team-view-filtered")

    caseloads = page.get_by_test_id("caseloads")
    caseloads.get_by_role("link", name="Reallocate children of Priya Shah").click()
    expect(page.get_by_role("heading", name="Reallocate children of Priya Shah")).to_be_visible()
    journey.check("team-reallocate")

    # Nothing chosen: the error summary names each thing to do, and takes the focus.
    page.get_by_role("button", name="Reallocate").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link", name="Choose the children to reallocate")).to_be_visible()
    expect(
        summary.get_by_role("link", name="Choose the reason for the reallocation")
    ).to_be_visible()
    journey.check("team-reallocate-error")

    page.get_by_label("Ava Morgan").check()
    page.get_by_label("Leo Morgan").check()
    page.get_by_label("Reallocate to").select_option(
        label="Tom Reed (Stroud unit 2, social worker)"
    )
    page.get_by_label("Managing caseloads").check()
    page.get_by_role("button", name="Reallocate").click()
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_contain_text("2 children reallocated from Priya Shah to Tom Reed")
    journey.check("team-view-reallocated")

    moved = Allocation.objects.filter(
        worker=team.tom, kind=Allocation.Kind.SOCIAL_WORKER, ended_on__isnull=True
    )
    assert sorted(a.child.given_name for a in moved) == ["Ava", "Leo"]
    assert {a.reason for a in moved} == {"MANAGE"}
    assert Allocation.objects.filter(worker__user=team.priya, ended_on__isnull=True).count() == 2


def _fits(journey: Journey, name: str) -> None:
    """Nothing on the page is wider than the phone's screen (no sideways scrolling)."""
    width = journey.page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{name} is {width} px wide on a {PHONE['width']} px screen"
    journey.check(name)


def test_the_results_my_work_and_the_team_view_fit_a_375_px_screen(
    browser: Browser, live_server: Any, team: Team_
) -> None:
    for username, pages in (
        (
            "priya.shah",
            [("/children/?name=Morgan", "find-child-375"), ("/my-work/", "my-work-375")],
        ),
        ("mina.manager", [("/team-work/", "team-view-375")]),
    ):
        context = browser.new_context(locale="en-GB", viewport=PHONE)
        context.set_default_timeout(10_000)
        journey = Journey(context.new_page(), live_server.url)
        journey.open("/")
        journey.sign_in(username, PASSWORD)
        for path, name in pages:
            journey.open(path)
            expect(journey.page.locator("table").first).to_be_visible()
            _fits(journey, name)
        journey.no_script_errors()
        context.close()


def test_a_record_opened_through_break_glass_says_so_on_every_page(
    journey: Journey, team: Team_
) -> None:
    page = journey.page
    journey.open("/")
    journey.sign_in("olu.ade", PASSWORD)
    journey.open("/children/")
    page.get_by_label("Name").fill("Ava 3rd April 2015")  # a date typed in words
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="1 child found")).to_be_visible()
    page.get_by_role("link", name="Ask for break-glass access to the record of Ava Morgan").click()

    page.get_by_role("button", name="Open the record").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(
        summary.get_by_role("link", name="Enter why you need to see this record")
    ).to_be_visible()
    assert page.title().startswith("Error: Break-glass access")
    assert page.title().count("Error:") == 1
    journey.check("break-glass-error")

    page.get_by_label("Why do you need to see this record now?").fill(
        "Police called out of hours: Ava found alone at the bus station"
    )
    page.get_by_role("button", name="Open the record").click()
    banner = page.get_by_test_id("break-glass-banner")
    expect(banner).to_contain_text("You opened this record with break-glass access. It ends at")
    journey.check("break-glass-record")
    page.get_by_role("link", name="Chronology").click()
    expect(page.get_by_test_id("break-glass-banner")).to_be_visible()
    page.get_by_role("link", name="Case notes").click()
    expect(page.get_by_test_id("break-glass-banner")).to_be_visible()
    journey.open(f"/children/{team.children[0].la_child_id}/record/case-note/")
    expect(page.get_by_test_id("break-glass-banner")).to_be_visible()
    journey.check("break-glass-form")
