"""A senior leader's line of sight in a real browser (issue 16): the figures by outcome as
charts and as a table, re-referrals' own page (chart and table), the children behind the
figure, and one child's record. axe-core runs on each page and its table view."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from playwright.sync_api import expect

from sightline.access.models import AccessProfile
from sightline.access.roles import Role
from sightline.insight.store import store
from sightline.validation.models import LiveFailure, ValidationRun
from tests.browser.pages import Journey
from tests.insight.builders import allocate, child, referral, team, worker
from tests.web.factories import UserFactory

PASSWORD = "correct horse battery staple"  # tests.web.factories.UserFactory's


def test_a_senior_leader_follows_re_referrals_down_to_a_childs_record(
    journey: Journey, transactional_db: None
) -> None:
    user = UserFactory(username="sam.leader", first_name="Sam", last_name="Leader")
    AccessProfile.objects.create(user=user, role=Role.SENIOR_LEADER.value)
    safeguarding = team("Safeguarding East")
    amira = child(date(2014, 2, 3), given_name="Amira", family_name="Okafor")
    ben = child(date(2016, 8, 9), given_name="Ben", family_name="Hughes")
    for c in (amira, ben):
        allocate(c, worker(safeguarding), date(2024, 6, 1))
    referral(amira, date(2024, 9, 2), closed=date(2024, 9, 10))
    referral(amira, date(2025, 6, 2), closed=date(2025, 6, 20))  # a re-referral in 2025-26
    referral(ben, date(2025, 7, 1), closed=date(2025, 7, 2))
    run = ValidationRun.objects.create(
        kind="cin", year=2027, rule_year=2026, checked_at=timezone.now(), seconds=1,
        children=2, rules=1,
    )  # fmt: skip
    LiveFailure.objects.create(
        run=run, rule="8525", level="error", child=amira, fields="", message="a message"
    )
    store(timezone.localdate())  # the night's `sightline figures store`
    page = journey.page

    # Her home: the figures at a glance; re-referrals got worse (0% in 2024-25, 50% now).
    journey.open("/")
    journey.sign_in("sam.leader", PASSWORD)
    expect(
        page.get_by_test_id("figures-worse").locator('[data-kpi="RE_REFERRALS"]')
    ).to_contain_text("50.0%")
    journey.check("home-senior-leader")
    page.get_by_role("link", name="See every figure against England").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Figures")
    card = page.locator('[data-kpi="RE_REFERRALS"]')
    expect(card.get_by_role("img")).to_have_count(1)  # the chart, named by its title
    expect(card.get_by_test_id("headline")).to_have_text("50.0%")
    journey.check("figures-dashboard")

    page.get_by_test_id("view-table").click()
    expect(page.locator('tr[data-kpi="RE_REFERRALS"]')).to_contain_text("50.0%")
    journey.check("figures-dashboard-table")

    page.locator('tr[data-kpi="RE_REFERRALS"]').get_by_role(
        "link", name="Re-referrals within 12 months", exact=True
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Re-referrals within 12 months")
    expect(page.get_by_test_id("definition")).to_contain_text("exactly 12 months")
    journey.check("figures-re-referrals")
    page.get_by_test_id("view-table").click()
    journey.check("figures-re-referrals-table")

    row = page.locator('tr[data-window="2026"]')
    expect(row.get_by_test_id("failing")).to_have_text("1 child failing a DfE rule, 2025-26")
    row.get_by_test_id("numerator").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Children in the numerator")
    expect(page.get_by_test_id("failing-summary")).to_contain_text(
        "1 of 1 child fails a DfE rule today"
    )
    journey.check("figures-re-referrals-children")

    page.get_by_role("link", name="Amira Okafor").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Amira Okafor")
    assert journey.path() == f"/children/{amira.la_child_id}/"
    journey.no_script_errors()
