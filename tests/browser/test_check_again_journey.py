""" "Check again" in a real browser (issue 14 item 7, decision 0024): the data checks page
queues the check and goes to the check's page, which follows the job by itself (the script
fetches the page again while it waits or runs) until it says the check has finished, in its
status region. axe-core runs on each page the journey reaches.

The worker runs in the test's own thread (``db_worker --batch``). While it does, the page's
requests are held in the browser (Playwright's routing), so the live server never answers the
page at the same moment: on SQLite the server and the test share one connection (conftest).
"""

from __future__ import annotations

from django.core.management import call_command
from playwright.sync_api import Route, expect

from sightline.access.models import AccessProfile
from sightline.access.roles import Role
from sightline.jobs.models import Job
from sightline.validation.models import ValidationRun
from tests.browser.pages import Journey
from tests.web.factories import UserFactory

PASSWORD = "correct horse battery staple"  # tests.web.factories.UserFactory's


def test_check_again_runs_in_the_background_and_its_page_follows_it_to_the_end(
    journey: Journey, transactional_db: None
) -> None:
    user = UserFactory(username="pat.analyst", first_name="Pat", last_name="Analyst")
    AccessProfile.objects.create(user=user, role=Role.PERFORMANCE_ANALYST.value)
    page = journey.page
    held: list[Route] = []
    holding = {"on": False}

    def route(request: Route) -> None:
        if holding["on"]:
            held.append(request)
        else:
            request.continue_()

    page.route("**/validation/checks/**", route)

    journey.open("/validation/")
    journey.sign_in("pat.analyst", PASSWORD)
    expect(page.get_by_test_id("never-checked")).to_be_visible()
    journey.check("data-checks-never-checked")
    page.get_by_role("button", name="Check again now").click()
    job = Job.objects.get()
    assert journey.path() == f"/validation/checks/{job.pk}/"
    status = page.get_by_role("status")
    expect(status).to_contain_text("Waiting to start")
    assert not ValidationRun.objects.exists()
    journey.check("check-again-waiting")

    holding["on"] = True
    page.wait_for_timeout(1_000)  # a request already on its way is answered first
    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)
    holding["on"] = False
    for request in held:
        request.continue_()

    expect(status).to_contain_text("The check finished at", timeout=15_000)
    expect(page.get_by_test_id("job-results")).to_contain_text("CIN census")
    assert page.locator("[data-job]").get_attribute("data-job-state") == "finished"
    journey.check("check-again-finished")
    page.get_by_role("link", name="See the failures by rule, team and child").click()
    expect(page.get_by_test_id("runs")).to_contain_text("SSDA903")
