"""The data protection officer's and the administrator's journeys in a real browser (issue 15,
"Tests and figures", decision 0031): a subject access request exported by the officer (both
downloads opened and checked); an account created by the administrator, used once, then
deactivated, after which it cannot sign in; a team created, renamed, moved and closed. axe-core runs
on every page they reach."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from playwright.sync_api import Browser, Download, expect

from sightline.access.models import AccessProfile, AuditEvent
from sightline.access.roles import Role
from sightline.chronology.models import CaseNote
from sightline.workforce.models import Team, Worker
from tests.browser.pages import Journey
from tests.web.factories import (
    AdultFactory,
    ChildFactory,
    RelationshipFactory,
    TeamFactory,
    UserFactory,
    WorkerFactory,
)

PASSWORD = "correct horse battery staple"  # tests.web.factories.UserFactory's
# The subject access export reads every kind of record about the child: on a machine shared
# by several test runs it can take longer than the 10 seconds the other journeys allow a page.
SLOW_PAGE_MS = 30_000


def _files(download: Download) -> dict[str, str]:
    path = download.path()
    assert path is not None
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as bundle:
        return {name: bundle.read(name).decode("utf-8") for name in bundle.namelist()}


def test_the_data_protection_officer_exports_a_subject_access_request(
    journey: Journey, transactional_db: None
) -> None:
    user = UserFactory(username="dee.pio", first_name="Dee", last_name="Pio")
    AccessProfile.objects.create(user=user, role=Role.DATA_PROTECTION_OFFICER.value)
    child = ChildFactory(given_name="Nia", family_name="Okafor", la_child_id="SAR0000001")
    RelationshipFactory(
        person=child, relative=AdultFactory(given_name="Grace", family_name="Mensah")
    )
    author = WorkerFactory(team=TeamFactory(name="Area A"), given_name="Priya", family_name="Shah")
    CaseNote.objects.create(
        child=child,
        author=author,
        written_on=date(2026, 10, 1),
        text="Nia said Grace Mensah had been kind to her this week.",
    )
    page = journey.page
    page.set_default_timeout(SLOW_PAGE_MS)

    journey.open("/")
    journey.sign_in("dee.pio", PASSWORD)
    expect(page.get_by_test_id("role-home")).to_contain_text("subject access requests")
    journey.check("dpo-home")
    page.get_by_role("link", name="Subject access").first.click()
    journey.check("dpo-subject-access")
    page.get_by_label("LA child ID").fill("NOSUCH0001")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("whose record you may open")
    journey.check("dpo-subject-access-not-found")
    page.get_by_label("LA child ID").fill("SAR0000001")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nia Okafor")
    journey.check("dpo-subject-access-child")

    with page.expect_download() as release:
        page.get_by_role("button", name="Download the documents for release").click()
    assert release.value.suggested_filename == "sar-SAR0000001.zip"
    files = _files(release.value)
    assert sorted(files) == ["sar-SAR0000001.html", "sar-SAR0000001.json"]
    assert json.loads(files["sar-SAR0000001.json"])["subject"]["name"] == "Nia Okafor"
    assert "Grace" not in files["sar-SAR0000001.html"]
    assert "[redacted: mother]" in files["sar-SAR0000001.html"]

    with page.expect_download() as redactions:
        page.get_by_role("button", name="Download the redaction list (for you only)").click()
    assert redactions.value.suggested_filename == "sar-SAR0000001-redactions.zip"
    officer = json.loads(_files(redactions.value)["sar-SAR0000001-redactions.json"])
    assert any(r["original"] == "Grace Mensah" for r in officer["redactions"])
    assert (
        AuditEvent.objects.filter(
            action=AuditEvent.Action.EXPORT, child=child, username="dee.pio"
        ).count()
        == 2
    )

    page.get_by_role("link", name="Back to subject access requests").click()
    expect(page.get_by_test_id("exports")).to_contain_text("export of SAR0000001")
    journey.check("dpo-subject-access-exports")
    # The officer's other pages, each checked by axe: the child's audit trail (it lists the
    # exports just made), retention, restricted records.
    page.get_by_role("link", name="Audit trail").first.click()
    journey.check("dpo-audit")
    page.get_by_label("LA child ID").fill("SAR0000001")
    page.get_by_role("button", name="Show the child's audit trail").click()
    expect(page.get_by_test_id("events")).to_contain_text("Subject access request export")
    journey.check("dpo-audit-child")
    journey.open("/retention/")
    expect(page.get_by_test_id("retention-not-asked")).to_be_visible()
    journey.check("dpo-retention")
    journey.open("/restricted-records/")
    journey.check("dpo-restricted-records")


def test_the_administrator_creates_an_account_and_deactivates_it(
    journey: Journey, browser: Browser, live_server: Any, transactional_db: None
) -> None:
    admin = UserFactory(username="ada.min", first_name="Ada", last_name="Min")
    AccessProfile.objects.create(user=admin, role=Role.SYSTEM_ADMINISTRATOR.value)
    team = TeamFactory(name="Stroud safeguarding", kind=Team.Kind.SAFEGUARDING)
    page = journey.page
    page.set_default_timeout(SLOW_PAGE_MS)

    journey.open("/accounts/")
    journey.sign_in("ada.min", PASSWORD)
    journey.check("admin-accounts")
    page.get_by_role("button", name="Create an account").click()
    journey.check("admin-account-new")
    page.get_by_label("Username").fill("jo.bloggs")
    page.get_by_role("button", name="Create the account").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter their given name")
    assert page.title().startswith("Error: Create an account")
    journey.check("admin-account-new-errors")
    page.get_by_label("Given name").fill("Jo")
    page.get_by_label("Family name").fill("Bloggs")
    page.get_by_label("Social worker", exact=True).check()
    page.get_by_label("Team", exact=True).select_option(label="Stroud safeguarding")
    page.get_by_role("button", name="Create the account").click()
    expect(page.locator(".govuk-panel__title")).to_have_text("Account created")
    one_time = page.get_by_test_id("one-time-password").inner_text().strip()
    journey.check("admin-account-created")
    created = get_user_model().objects.get(username="jo.bloggs")
    assert Worker.objects.get(user=created).team == team

    # Jo signs in once with it, in a browser of her own, and must choose her own password.
    theirs = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    theirs.set_default_timeout(SLOW_PAGE_MS)
    jo = Journey(theirs.new_page(), live_server.url)
    jo.open("/")
    jo.sign_in("jo.bloggs", one_time)
    expect(jo.page.get_by_role("heading", level=1)).to_have_text("Choose a new password")
    jo.check("change-password-first-sign-in")
    jo.page.get_by_label("New password", exact=True).fill("plum kettle orbit 42")
    jo.page.get_by_label("Confirm the new password").fill("plum kettle orbit 42")
    jo.page.get_by_role("button", name="Save the new password").click()
    expect(jo.page.get_by_test_id("role-home")).to_contain_text("children allocated to you")

    # The administrator deactivates the account.
    page.get_by_role("link", name="Go to the account of jo.bloggs").click()
    journey.check("admin-account")
    page.get_by_role("link", name="Deactivate the account").click()
    journey.check("admin-account-deactivate")
    page.get_by_role("button", name="Deactivate the account").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "jo.bloggs was deactivated"
    )
    journey.check("admin-account-deactivated")

    # Jo's next click signs her out, and she cannot sign in again.
    jo.page.get_by_role("link", name="Find a child").first.click()
    expect(jo.page.get_by_role("button", name="Sign in")).to_be_visible()
    jo.sign_in("jo.bloggs", "plum kettle orbit 42")
    expect(jo.page.locator(".govuk-error-summary")).to_contain_text(
        "Enter a correct username and password"
    )
    jo.check("sign-in-deactivated-account")
    jo.no_script_errors()
    theirs.close()
    assert AuditEvent.objects.filter(
        username="ada.min", what__in=["Deactivated the account jo.bloggs"]
    ).exists()


def test_the_administrator_creates_renames_and_closes_a_team(
    journey: Journey, transactional_db: None
) -> None:
    """Teams change as the service changes: a team is created under its area, renamed, moved to
    another area; a busy team is refused closing, and the empty one closed; the list then shows
    it closed and offers nothing to change it."""
    admin = UserFactory(username="ada.min", first_name="Ada", last_name="Min")
    AccessProfile.objects.create(user=admin, role=Role.SYSTEM_ADMINISTRATOR.value)
    TeamFactory(name="Stroud area", kind=Team.Kind.SERVICE)
    TeamFactory(name="Forest area", kind=Team.Kind.SERVICE)
    busy = TeamFactory(name="Stroud safeguarding", kind=Team.Kind.SAFEGUARDING)
    WorkerFactory(team=busy, given_name="Kit", family_name="Lane")
    page = journey.page

    journey.open("/accounts/teams/")
    journey.sign_in("ada.min", PASSWORD)
    journey.check("admin-teams")
    page.get_by_role("button", name="Create a team").click()
    page.get_by_role("button", name="Create the team").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the team's name")
    journey.check("admin-team-new-errors")
    page.get_by_label("Name of the team").fill("Stroud early help")
    page.get_by_label("Early help", exact=True).check()
    page.get_by_label("The team it is part of").select_option(label="Stroud area")
    page.get_by_role("button", name="Create the team").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "The team Stroud early help was created"
    )
    created = Team.objects.get(name="Stroud early help")
    assert (created.kind, created.parent.name if created.parent else None) == (
        Team.Kind.EARLY_HELP,
        "Stroud area",
    )

    page.get_by_role("link", name="Rename Stroud early help").click()
    page.get_by_label("New name of the team").fill("")
    page.get_by_role("button", name="Rename the team").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the team's new name")
    journey.check("admin-team-rename-errors")
    page.get_by_label("New name of the team").fill("Stroud family help")
    page.get_by_role("button", name="Rename the team").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "The team Stroud early help is now called Stroud family help"
    )

    page.get_by_role("link", name="Move Stroud family help").click()
    journey.check("admin-team-move")
    page.get_by_label("The team it is part of").select_option(label="Forest area")
    page.get_by_role("button", name="Move the team").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "The team Stroud family help is now part of Forest area"
    )

    # A team someone works in says why it cannot close, before the button is pressed.
    page.get_by_role("link", name="Close Stroud safeguarding").click()
    expect(page.get_by_test_id("close-problem")).to_contain_text("1 person working in it")
    expect(page.get_by_role("button", name="Close the team")).to_have_count(0)
    journey.check("admin-team-close-refused")
    page.get_by_role("link", name="Back to the teams").click()

    page.get_by_role("link", name="Close Stroud family help").click()
    journey.check("admin-team-close")
    page.get_by_role("button", name="Close the team").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "The team Stroud family help was closed"
    )
    row = page.get_by_test_id("teams").get_by_role("row").filter(has_text="Stroud family help")
    expect(row).to_contain_text("Closed")
    expect(row.get_by_role("link")).to_have_count(0)
    journey.check("admin-teams-closed")
    closed = Team.objects.get(pk=created.pk)
    assert closed.name == "Stroud family help" and closed.closed_on is not None
    assert closed.parent is not None and closed.parent.name == "Forest area"
    assert not Team.objects.get(pk=busy.pk).closed_on
