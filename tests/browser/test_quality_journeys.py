"""Quality of practice in a real browser (issue 17): a manager records an oversight decision;
a supervisor records supervision covering three children; an auditor completes an audit and a
second moderates it; the improvement board pack downloads. axe-core on every page reached,
error states included. With ``SIGHTLINE_SCREENSHOTS=1`` the audit roll-up, the improvement
plan, the board pack and its PDF's pages (rendered to PNG) go to docs/screenshots/."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from sightline.access.models import AccessProfile
from sightline.access.roles import Role
from sightline.chronology.models import ChronologyEntry
from sightline.core.calendar import add_months
from sightline.people.models import Person
from sightline.quality import history
from sightline.quality import services as quality
from sightline.quality.models import CaseAudit, Oversight, Supervision
from sightline.workforce.models import Allocation, Team, Worker
from tests.browser.pages import SCREENSHOTS, Journey
from tests.web.factories import ChildFactory, TeamFactory, UserFactory, WorkerFactory

PASSWORD = "correct horse battery staple"  # tests.web.factories.UserFactory's


@dataclass
class Service:
    team: Team
    manager: Worker
    service_manager: Worker
    leader: Worker
    worker: Worker
    children: list[Person]


def _staff(username: str, role: Role, team: Team, given: str, family: str) -> Worker:
    user = UserFactory(username=username, first_name=given, last_name=family)
    AccessProfile.objects.create(user=user, role=role.value)
    return WorkerFactory(
        user=user, team=team, role=role.value, given_name=given, family_name=family
    )


@pytest.fixture
def service(transactional_db: None) -> Service:
    today = timezone.localdate()
    area = TeamFactory(name="Stroud area", kind=Team.Kind.SERVICE)
    team = TeamFactory(name="Stroud safeguarding", kind=Team.Kind.SAFEGUARDING, parent=area)
    manager = _staff("tm.quality", Role.TEAM_MANAGER, team, "Mo", "Reid")
    service_manager = _staff("sm.quality", Role.SERVICE_MANAGER, area, "Ola", "Bello")
    leader = _staff("sl.quality", Role.SENIOR_LEADER, area, "Jo", "Marsh")
    worker = _staff("sw.quality", Role.SOCIAL_WORKER, team, "Sam", "Okoro")
    children = []
    for given in ("Ava", "Ben", "Cal", "Dot"):
        child = ChildFactory(given_name=given, family_name="Morgan")
        Allocation.objects.create(
            child=child,
            worker=worker,
            team=team,
            kind=Allocation.Kind.SOCIAL_WORKER,
            started_on=today - timedelta(days=120),
            reason="FCONTA",
        )
        children.append(child)
    from tests.web.factories import ReferralFactory

    ReferralFactory(child=children[0], referral_date=today - timedelta(days=100))
    return Service(team, manager, service_manager, leader, worker, children)


def _sign_in(journey: Journey, path: str, username: str) -> None:
    journey.open(path)
    journey.sign_in(username, PASSWORD)
    assert journey.path() == path


def test_a_manager_records_an_oversight_decision_from_the_children_without_oversight(
    journey: Journey, service: Service
) -> None:
    page = journey.page
    ava = service.children[0]
    _sign_in(journey, "/quality/oversight/", "tm.quality")
    expect(page.get_by_test_id("without-oversight")).to_contain_text("1")
    journey.check("quality-oversight")
    page.get_by_role("link", name="Record management oversight for Ava Morgan").click()
    expect(page.get_by_role("heading", name="Record management oversight")).to_be_visible()
    journey.check("quality-oversight-form")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    journey.check("quality-oversight-form-error")
    page.get_by_label("Regular case review").check()
    page.get_by_label("What did you decide?").fill("Continue the child in need plan.")
    page.get_by_label("Why? The rationale for the decision").fill("Ava says home is calmer.")
    page.get_by_label("Action 1 (optional)").fill("Invite the school to the review")
    page.get_by_label("Who owns action 1?").select_option(label="Sam Okoro")
    due = timezone.localdate() + timedelta(days=14)
    page.locator("#id_due_1-day").fill(str(due.day))
    page.locator("#id_due_1-month").fill(str(due.month))
    page.locator("#id_due_1-year").fill(str(due.year))
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Management oversight recorded"
    )
    journey.check("quality-oversight-saved")
    oversight = Oversight.objects.get(child=ava)
    assert oversight.manager == service.manager
    assert oversight.actions.get().owner == service.worker
    assert ChronologyEntry.objects.filter(child=ava, event="ManagementOversightRecorded").exists()


def test_a_supervisor_records_supervision_covering_three_children(
    journey: Journey, service: Service
) -> None:
    page = journey.page
    _sign_in(journey, "/quality/supervision/", "tm.quality")
    expect(page.get_by_test_id("supervision")).to_contain_text("Sam Okoro")
    journey.check("quality-supervision")
    page.get_by_role("link", name="Record supervision of Sam Okoro").click()
    journey.check("quality-supervision-form")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    journey.check("quality-supervision-form-error")
    page.get_by_label("Reflective discussion").fill("Sam reflected on the court work.")
    for child in service.children[:3]:
        page.get_by_label(f"Discussion of {child.given_name} Morgan").fill(
            f"{child.given_name}: plan on track."
        )
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "3 children discussed"
    )
    expect(page.get_by_test_id("supervision")).to_contain_text("In time")
    journey.check("quality-supervision-saved")
    supervision = Supervision.objects.get(worker=service.worker)
    assert supervision.cases.count() == 3
    for child in service.children[:3]:
        assert ChronologyEntry.objects.filter(child=child, event="DiscussedInSupervision").exists()


def test_an_auditor_completes_an_audit_and_a_second_moderates_it(
    journey: Journey, service: Service
) -> None:
    # Two earlier months' audits, so that the roll-up has a trend to show. Arranged before the
    # browser starts: on SQLite the live server shares the test's in-memory connection, and a
    # write from the test while the server still answers the last page fails with "database
    # table is locked" (CI, 7 December 2026).
    today = timezone.localdate()
    for months_ago, grade in ((2, 4), (1, 3)):
        month = add_months(today.replace(day=1), -months_ago)
        for earlier in quality.draw_audit_sample(
            template=None, month=month, size=3, by=service.leader, today=today
        ):
            quality.complete_audit(
                case_audit=earlier,
                auditor=service.manager,
                audited_on=month + timedelta(days=9),
                answers=[
                    quality.Answer(q.pk, grade, "As graded.")
                    for q in earlier.template.questions.all()
                ],
                grade=grade,
                summary="Earlier month's audit.",
                today=today,
            )
    quality.record_feedback(
        received_on=timezone.localdate(),
        source="participation",
        theme="voice",
        sentiment="mixed",
        summary="We want to know what our plan says.",
        by=service.service_manager,
    )
    page = journey.page
    _sign_in(journey, "/quality/audits/", "sl.quality")
    journey.check("quality-audits-empty")
    page.get_by_label("How many children").fill("3")
    page.get_by_role("button", name="Draw the sample").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Sample drawn")
    journey.check("quality-audit-sample")
    this_month = CaseAudit.objects.filter(month=today.replace(day=1))
    case_audit = this_month.order_by("pk").first()
    assert case_audit is not None and this_month.count() == 3

    # The team manager audits the first child.
    page.get_by_role("button", name="Sign out").click()
    _sign_in(journey, f"/quality/audits/{case_audit.pk}/", "tm.quality")
    journey.check("quality-audit-form")
    page.get_by_role("button", name="Complete the audit").click()
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    journey.check("quality-audit-form-error")
    for question in case_audit.template.questions.all():
        group = page.locator(f"#id_grade_{question.pk}").locator("xpath=ancestor::fieldset")
        group.get_by_label("Requires improvement").check()
        page.get_by_label(f"Finding for question {question.number}").fill("Seen, not analysed.")
    overall = page.locator("#id_grade").locator("xpath=ancestor::fieldset")
    overall.get_by_label("Requires improvement").check()
    page.get_by_label("What the audit found").fill("The plan's actions have no dates.")
    page.get_by_role("button", name="Complete the audit").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Audit completed")
    journey.check("quality-audit-completed")

    # The service manager moderates it: a second auditor.
    page.get_by_role("button", name="Sign out").click()
    _sign_in(journey, f"/quality/audits/{case_audit.pk}/", "sm.quality")
    page.get_by_role("link", name="Moderate the audit").click()
    journey.check("quality-audit-moderate")
    page.get_by_label("Good", exact=True).check()
    page.get_by_label("Why the grade stands or changes").fill("Dated actions since: good.")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Moderation recorded"
    )
    case_audit.refresh_from_db()
    assert (case_audit.grade, case_audit.moderated_grade, case_audit.moderator) == (
        3,
        2,
        service.service_manager,
    )
    journey.open("/quality/audits/findings/")
    expect(page.get_by_test_id("rollup-theme")).to_contain_text("Voice and experience")
    expect(page.get_by_test_id("themes-and-voice")).to_contain_text("We want to know")
    journey.check("quality-audit-findings")


def _pdf_pages_to_png(pdf: Path, name: str) -> list[Path]:
    """Each page of the PDF as docs/screenshots/<name>-page-N.png (SIGHTLINE_SCREENSHOTS=1)."""
    if os.environ.get("SIGHTLINE_SCREENSHOTS") != "1":
        return []
    import pypdfium2

    written = []
    document = pypdfium2.PdfDocument(str(pdf))
    for n in range(len(document)):
        path = SCREENSHOTS / f"{name}-page-{n + 1}.png"
        document[n].render(scale=1.3).to_pil().save(path)
        written.append(path)
    document.close()
    return written


def test_the_improvement_plan_and_its_board_pack_download(
    journey: Journey, service: Service, tmp_path: Path
) -> None:
    history.load(timezone.localdate())
    page = journey.page
    _sign_in(journey, "/quality/improvement-plan/", "sl.quality")
    expect(page.get_by_test_id("recommendation")).to_have_count(7)
    journey.check("quality-improvement-plan")
    page.get_by_role("link", name="Open the improvement board pack").click()
    expect(page.get_by_test_id("pack-item")).to_have_count(7)
    journey.check("quality-board-pack")
    with page.expect_download(timeout=120_000) as info:  # figures and PDF: seconds
        page.get_by_role("link", name="Download the pack (PDF)").click()
    download = info.value
    assert download.suggested_filename == f"board-pack-{timezone.localdate()}.pdf"
    pdf = tmp_path / download.suggested_filename
    download.save_as(pdf)
    content = pdf.read_bytes()
    assert content.startswith(b"%PDF") and len(content) > 10_000
    _pdf_pages_to_png(pdf, "quality-board-pack-pdf")
