"""The child's record as a workspace (decision 0022): the header on every tab, the overview,
what is due, plans and meetings, people and professionals; each tab its own address."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sightline.access.models import AuditEvent, RestrictedRecord
from sightline.people.models import Person
from sightline.protection.models import AllegationToLADO
from sightline.timescales.models import Obligation
from sightline.web.workspace import TABS
from sightline.workforce.models import Allocation
from tests.web.factories import (
    AdultFactory,
    AllocationFactory,
    CaseNoteFactory,
    ChildFactory,
    ChildInNeedPlanFactory,
    ChronologyEntryFactory,
    RelationshipFactory,
    WorkerFactory,
    nhs_number,
)

# Every tab but "who has seen", which is for some roles only (tests/access).
TAB_PATHS = [tab.path for tab in TABS if tab.name != "seen-by"]


def page_of(client: Client, child: Person, tab: str = "") -> str:
    response = client.get(f"/children/{child.la_child_id}/{tab}")
    assert response.status_code == 200
    return response.content.decode()


def header_of(page: str) -> str:
    return page[page.index('data-testid="record-header"') : page.index("moj-sub-navigation")]


def by_testid(page: str, name: str) -> str:
    found = re.search(rf'data-testid="{name}">(.*?)</', page, re.DOTALL)
    assert found, f"no {name}"
    return found.group(1).strip()


# --- The header and the tabs ------------------------------------------------------------------


def test_every_tab_s_path_is_where_the_url_conf_puts_it() -> None:
    # The tab links are the record's address plus each tab's path (one reverse, not eleven).
    record = reverse("child-record", args=["C123"])
    assert [record + tab.path for tab in TABS] == [reverse(tab.name, args=["C123"]) for tab in TABS]


@pytest.mark.parametrize("tab", TAB_PATHS)
def test_every_tab_shows_the_header_and_marks_itself_current(
    signed_in: Client, lily: Person, tab: str
) -> None:
    page = page_of(signed_in, lily, tab)
    header = header_of(page)
    assert '<h1 class="govuk-heading-l app-record-header__name">Lily Hargreaves</h1>' in header
    assert "LA child ID GL0001234" in header
    assert "29 February 2016" in header
    assert "Child protection plan: emotional abuse" in header
    assert "Priya Shah, Gloucester safeguarding" in header
    current = re.findall(
        r'<a class="moj-sub-navigation__link" aria-current="page" href="([^"]+)"', page
    )
    assert current == [f"/children/GL0001234/{tab}"]
    assert page.count("<h1") == 1


def test_the_header_gives_the_age_from_the_date_of_birth(signed_in: Client, lily: Person) -> None:
    age = lily.age_on(timezone.localdate())
    assert by_testid(page_of(signed_in, lily), "age").startswith(f"{age} years old, born")


def test_the_header_of_a_child_with_nothing_open_says_so(signed_in: Client, db: None) -> None:
    page = page_of(signed_in, ChildFactory())
    assert by_testid(page, "status") == "No plan, episode or legal status open"
    assert by_testid(page, "worker") == "Not allocated"
    assert 'data-testid="alerts"' not in page


def test_the_header_names_a_child_in_need_plan_and_the_reviewing_officer(
    signed_in: Client, db: None
) -> None:
    child = ChildFactory()
    ChildInNeedPlanFactory(child=child)
    iro = WorkerFactory(given_name="Ian", family_name="Reviewer")
    AllocationFactory(
        child=child, worker=iro, team=iro.team, kind=Allocation.Kind.REVIEWING_OFFICER
    )
    page = page_of(signed_in, child)
    assert "Child in need plan" in by_testid(page, "status")
    assert by_testid(page, "reviewer") == "Ian Reviewer"
    assert "Independent reviewing officer" in header_of(page)


def test_the_header_shows_alerts_as_tags(signed_in: Client, alice: Any, db: None) -> None:
    child = ChildFactory(is_uasc=True, death_date=date(2026, 5, 6))
    RestrictedRecord.objects.create(
        child=child, reason="Staff family", restricted_at=timezone.now(), restricted_by=alice
    ).named_users.set([alice])
    AllegationToLADO.objects.create(
        child=child,
        subject_role="Teacher",
        came_to_attention_on=date(2026, 4, 1),
        referred_on=date(2026, 4, 2),
    )
    page = page_of(signed_in, child)
    alerts = page[page.index('data-testid="alerts"') :]
    alerts = alerts[: alerts.index("</ul>")]
    assert '<strong class="govuk-tag govuk-tag--purple">Restricted record</strong>' in alerts
    assert "Died 6 May 2026" in alerts
    assert "Unaccompanied asylum-seeking child" in alerts
    assert '<strong class="govuk-tag govuk-tag--red">Open allegation to the LADO</strong>' in alerts


def test_each_tab_is_audited_as_a_view_of_the_record(signed_in: Client, lily: Person) -> None:
    for tab in TAB_PATHS:
        page_of(signed_in, lily, tab)
    views = AuditEvent.objects.filter(action=AuditEvent.Action.VIEW, child_id=lily.pk)
    assert sorted(e.detail["path"] for e in views) == sorted(
        f"/children/GL0001234/{tab}" for tab in TAB_PATHS
    )


@pytest.mark.parametrize("tab", TAB_PATHS)
def test_every_tab_of_an_unknown_child_is_the_records_404(
    signed_in: Client, db: None, tab: str
) -> None:
    response = signed_in.get(f"/children/NOSUCHCHILD/{tab}")
    assert response.status_code == 404
    assert '<h1 class="govuk-heading-l">No record you can open</h1>' in response.content.decode()


def test_an_adult_has_no_child_record(signed_in: Client, db: None) -> None:
    adult = AdultFactory()
    assert signed_in.get(f"/children/{adult.pk}/").status_code == 404


def test_the_back_link_goes_to_the_page_the_user_came_from(signed_in: Client, lily: Person) -> None:
    def back(**headers: str) -> str:
        page = signed_in.get("/children/GL0001234/chronology/", **headers).content.decode()
        found = re.search(r'<a href="([^"]*)" class="govuk-back-link">', page)
        assert found
        return found.group(1)

    assert back(HTTP_REFERER="http://testserver/my-work/?page=2") == "/my-work/?page=2"
    assert back() == "/children/"  # nowhere known: find a child
    assert back(HTTP_REFERER="https://elsewhere.example/") == "/children/"
    assert back(HTTP_REFERER="http://testserver/sign-in/?next=/children/") == "/children/"
    assert back(HTTP_REFERER="http://testserver/no/such/page/") == "/children/"
    # Another tab of the same record is not "back": it is the same record.
    assert back(HTTP_REFERER="http://testserver/children/GL0001234/") == "/children/"


# --- Overview ---------------------------------------------------------------------------------


def test_the_overview_shows_the_identifiers(signed_in: Client, lily: Person) -> None:
    page = page_of(signed_in, lily)
    number = nhs_number(500)
    assert "GL0001234" in page
    assert f"{number[:3]} {number[3:6]} {number[6:]}" in page
    assert "Not known: Child has never attended a maintained school in England (UN2)" in page
    assert "29 February 2016" in page
    assert "Hearing" in page
    assert "Former UPN" not in page


def test_the_overview_shows_the_upn_and_former_upn_when_known(signed_in: Client, db: None) -> None:
    child = ChildFactory(upn="A916000024001", former_upn="B916000023001")
    page = page_of(signed_in, child)
    assert "A916000024001" in page
    assert "Former UPN" in page and "B916000023001" in page


def test_the_overview_writes_the_home_postcode_with_its_space(signed_in: Client, db: None) -> None:
    page = page_of(signed_in, ChildFactory(home_postcode="gl11ut"))
    assert "GL1 1UT" in page


def test_the_record_of_an_unborn_child_shows_the_expected_date(signed_in: Client, db: None) -> None:
    child = ChildFactory(birth_date=None, expected_birth_date=date(2027, 1, 15), nhs_number="")
    page = page_of(signed_in, child)
    assert "Unborn (expected" in page and "15 January 2027" in page
    assert '<strong class="govuk-tag govuk-tag--light-blue">Unborn</strong>' in page


def _obligation(child: Person, rule: str, due_in_days: int, subject_id: int = 7) -> Obligation:
    today = timezone.localdate()
    return Obligation.objects.create(
        child=child,
        rule=rule,
        subject_type="protection.ChildProtectionPlan",
        subject_id=subject_id,
        subject="Child protection plan",
        started_on=today - timedelta(days=30),
        due_on=today + timedelta(days=due_in_days),
    )


def test_the_overview_shows_what_is_due_soonest_first_with_overdue_tagged(
    signed_in: Client, lily: Person
) -> None:
    _obligation(lily, "CORE_GROUP", 10)
    _obligation(lily, "CP_VISIT", -2)
    done = _obligation(lily, "CP_REVIEW", 1)
    done.met_on = timezone.localdate()
    done.save()
    page = page_of(signed_in, lily)
    due = page[page.index('data-testid="due"') : page.index("</table>")]
    rules = re.findall(r'data-rule="(\w+)"', due)
    assert rules == ["CP_VISIT", "CORE_GROUP"]  # soonest first, the one met not listed
    visit = due[due.index('data-rule="CP_VISIT"') :]
    assert "Overdue" in visit[: visit.index("</tr>")]
    assert "1 overdue" in page


def test_each_obligation_links_to_the_form_that_meets_it_for_a_role_that_may_record_it(
    lily: Person, db: None
) -> None:
    """Priya is Lily's social worker: the visit due links to the visit form, prefilled with the
    plan it is about and the rule it meets; the menu offers the forms her role records."""
    from django.contrib.auth import get_user_model

    from sightline.access.models import AccessProfile
    from sightline.access.roles import Role

    user = get_user_model().objects.create_user("priya")
    priya = Allocation.objects.get(child=lily, ended_on__isnull=True).worker
    priya.user = user
    priya.save()
    AccessProfile.objects.create(user=user, role=Role.SOCIAL_WORKER.value)
    _obligation(lily, "CP_VISIT", 3, subject_id=42)
    client = Client()
    client.force_login(user)
    page = page_of(client, lily)
    link = re.search(r'<a class="govuk-link" href="([^"]+)" data-testid="form-link">', page)
    assert link is not None
    assert link.group(1).startswith("/children/GL0001234/record/visit/?")
    assert "for=CP_VISIT" in link.group(1)
    menu = page[page.index('data-testid="record-menu"') :]
    menu = menu[: menu.index("</aside>")]
    assert 'href="/children/GL0001234/record/case-note/"' in menu
    assert 'href="/children/GL0001234/record/visit/"' in menu
    assert "/record/allocate/" not in menu  # a manager's decision: not offered to her
    # Lily is on a child protection plan: its core group meeting is usual, ending a child in
    # need plan she does not have is not (offered under "Other forms").
    usual, _, other = menu.partition('data-testid="other-forms"')
    assert 'href="/children/GL0001234/record/core-group-meeting/"' in usual
    assert 'href="/children/GL0001234/record/end-cin-plan/"' in other
    for href in re.findall(r'href="([^"]+)"', menu):
        assert client.get(href).status_code == 200, href


def test_a_reader_who_records_nothing_gets_no_form_links_and_no_menu(
    signed_in: Client, lily: Person
) -> None:
    _obligation(lily, "CP_VISIT", 3)
    page = page_of(signed_in, lily)  # alice is a senior leader: reads, never records
    assert 'data-testid="form-link"' not in page
    menu = page[page.index('data-testid="record-menu"') :]
    assert "/record/" not in menu[: menu.index("</aside>")]
    assert "does not record on it" in menu


def test_more_than_five_due_are_on_the_what_is_due_tab(signed_in: Client, lily: Person) -> None:
    for n in range(7):
        _obligation(lily, "CP_VISIT", n, subject_id=100 + n)
    overview = page_of(signed_in, lily)
    assert overview.count('data-rule="CP_VISIT"') == 5
    assert "2 more due" in overview
    assert page_of(signed_in, lily, "due/").count('data-rule="CP_VISIT"') == 7


def test_the_overview_shows_the_newest_chronology_entries(signed_in: Client, lily: Person) -> None:
    page = page_of(signed_in, lily)
    recent = page[page.index('id="recent"') : page.index('id="details"')]
    assert 'class="moj-timeline"' in recent
    plan = recent.index("Child protection plan started")
    strategy = recent.index("Strategy discussion held")
    assert plan < strategy  # newest first


# --- Plans and meetings -----------------------------------------------------------------------


def test_plans_show_the_current_child_protection_plan(signed_in: Client, lily: Person) -> None:
    page = page_of(signed_in, lily, "plans/")
    assert '<h3 class="govuk-summary-card__title">Child protection plan</h3>' in page
    assert "Emotional abuse" in page
    assert "16 February 2026" in page
    assert "Category at the start" in page and "Neglect" in page
    # The referral the plan hangs off is open too.
    assert '<h3 class="govuk-summary-card__title">Open referral</h3>' in page
    assert "Abuse, neglect and exploitation" in page


def test_plans_list_the_meetings_held_newest_first(signed_in: Client, lily: Person) -> None:
    ChronologyEntryFactory(
        child=lily,
        occurred_on=date(2026, 3, 10),
        event="CoreGroupMeetingHeld",
        summary="Core group met at school",
    )
    page = page_of(signed_in, lily, "plans/")
    meetings = page[page.index('id="meetings"') :]
    assert meetings.index("Core group met at school") < meetings.index("Strategy discussion held")
    assert "Core group meeting held" in meetings
    assert "Child protection plan started" not in meetings[: meetings.index("</table>")]


def test_plans_of_a_child_with_nothing_open_say_so(signed_in: Client, db: None) -> None:
    page = page_of(signed_in, ChildFactory(), "plans/")
    assert "No current involvement" in page
    assert "No meetings or reviews recorded." in page


# --- People and professionals -----------------------------------------------------------------


def test_people_show_the_allocated_worker_but_not_former_ones(
    signed_in: Client, lily: Person
) -> None:
    page = page_of(signed_in, lily, "people/")
    table = page[page.index('id="allocations"') :]
    assert "Priya Shah" in table
    assert "Gloucester safeguarding" in table
    assert "13 January 2026" in table
    assert "Tom Ended" not in page


def test_people_of_a_child_with_no_worker_say_so(signed_in: Client, db: None) -> None:
    assert "No worker is allocated." in page_of(signed_in, ChildFactory(), "people/")


def test_people_show_relationships_with_parental_responsibility(
    signed_in: Client, lily: Person
) -> None:
    page = page_of(signed_in, lily, "people/")
    assert "Sarah Hargreaves" in page
    row = page[page.index("Sarah Hargreaves") :]
    assert row.index("Mother") < row.index("Yes")


def test_people_show_a_relationship_recorded_from_the_other_side_once(
    signed_in: Client, lily: Person
) -> None:
    brother = ChildFactory(given_name="Sam", family_name="Hargreaves")
    RelationshipFactory(person=brother, relative=lily, kind="sibling")
    page = page_of(signed_in, lily, "people/")
    assert f'href="/children/{brother.la_child_id}/">Sam Hargreaves</a>' in page
    assert "Lily is their sibling" in page
    RelationshipFactory(
        person=lily, relative=brother, kind="sibling", has_parental_responsibility=False
    )
    assert page_of(signed_in, lily, "people/").count("Sam Hargreaves</a>") == 1


# --- Queries ----------------------------------------------------------------------------------


@pytest.mark.parametrize("tab", TAB_PATHS)
def test_no_tab_runs_more_queries_as_the_record_grows(
    signed_in: Client, lily: Person, tab: str
) -> None:
    def queries_for_tab() -> int:
        with CaptureQueriesContext(connection) as ctx:
            page_of(signed_in, lily, tab)
        return len(ctx.captured_queries)

    queries_for_tab()
    small = queries_for_tab()
    for day in range(1, 28):
        for n in range(3):
            ChronologyEntryFactory(child=lily, occurred_on=date(2025, 1, day))
            _obligation(lily, "CP_VISIT", day, subject_id=1000 + 10 * day + n)
            RelationshipFactory(person=lily, kind="aunt_uncle")
        ChronologyEntryFactory(
            child=lily, occurred_on=date(2025, 2, day), event="CoreGroupMeetingHeld"
        )
        CaseNoteFactory(child=lily, written_on=date(2025, 1, day))
    # One current allocation of each kind but the social worker's (the database allows one).
    for kind in [k for k in Allocation.Kind if k != Allocation.Kind.SOCIAL_WORKER]:
        worker = WorkerFactory()
        AllocationFactory(child=lily, worker=worker, team=worker.team, kind=kind)
        RelationshipFactory(person=lily, kind="aunt_uncle")
    # A list longer than a page costs one COUNT more, then no more however long it grows.
    longer = queries_for_tab()
    assert longer <= small + 2
    for day in range(1, 28):
        ChronologyEntryFactory(child=lily, occurred_on=date(2024, 1, day))
        ChronologyEntryFactory(
            child=lily, occurred_on=date(2024, 2, day), event="CoreGroupMeetingHeld"
        )
        CaseNoteFactory(child=lily, written_on=date(2024, 1, day))
        _obligation(lily, "CP_VISIT", day + 30, subject_id=2000 + day)
        RelationshipFactory(person=lily, kind="aunt_uncle")
    assert queries_for_tab() == longer
