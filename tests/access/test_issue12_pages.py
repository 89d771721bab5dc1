"""Issue 12, the pages: who may know a child exists (finding 1), break-glass by sequential ID
(5), paginated lists (8), safe page numbers (9), searches in a child's audit trail (10) and the
small points (13). Each test reproduces a finding through the pages a user would open."""

from __future__ import annotations

import io
import re
import time
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sightline.access import services
from sightline.access.models import AccessProfile, AuditEvent, Notice
from sightline.access.roles import Role
from sightline.chronology.models import CaseNote, ChronologyEntry
from sightline.people.models import Person
from sightline.people.services import relate
from sightline.timescales.models import Obligation
from sightline.validation.models import LiveFailure, ValidationRun
from sightline.workforce.models import Allocation, Team, Worker
from tests.factories import ChildFactory, TeamFactory, WorkerFactory

STARTED = date(2025, 1, 6)
WITHHELD = "[name withheld]"


@dataclass
class World:
    users: dict[str, Any]
    workers: dict[str, Worker]
    a: Person  # allocated to the social worker's team
    b: Person  # restricted, A's sibling, also allocated to the social worker; names "named"
    c: Person  # allocated to another team: exists, not visible to the social worker


def _user(username: str, role: Role, team: Team | None) -> tuple[Any, Worker | None]:
    user = get_user_model().objects.create_user(username)
    worker = WorkerFactory(team=team, role=role.value, user=user) if team else None
    AccessProfile.objects.create(user=user, role=role.value)
    return user, worker


def _allocate(child: Person, worker: Worker) -> None:
    Allocation.objects.create(
        child=child,
        worker=worker,
        team=worker.team,
        kind=Allocation.Kind.SOCIAL_WORKER,
        started_on=STARTED,
        reason="FCONTA",
    )


@pytest.fixture
def world(db: None) -> World:
    area = TeamFactory(name="Area", kind=Team.Kind.SAFEGUARDING)
    unit = TeamFactory(name="Unit", kind=Team.Kind.SAFEGUARDING, parent=area)
    other = TeamFactory(name="Other", kind=Team.Kind.SAFEGUARDING)
    users: dict[str, Any] = {}
    workers: dict[str, Worker] = {}
    for name, role, team in (
        ("social_worker", Role.SOCIAL_WORKER, unit),
        ("team_manager", Role.TEAM_MANAGER, area),
        ("senior_leader", Role.SENIOR_LEADER, area),
        ("named", Role.SOCIAL_WORKER, unit),
        ("other_worker", Role.SOCIAL_WORKER, other),
        ("dpo", Role.DATA_PROTECTION_OFFICER, None),
    ):
        users[name], worker = _user(name, role, team)
        if worker is not None:
            workers[name] = worker
    a = ChildFactory(given_name="Alfie", family_name="Open", birth_date=date(2016, 5, 1))
    b = ChildFactory(given_name="Bella", family_name="Sealed", birth_date=date(2017, 6, 14))
    c = ChildFactory(given_name="Cora", family_name="Elsewhere", birth_date=date(2015, 3, 3))
    _allocate(a, workers["social_worker"])
    _allocate(b, workers["social_worker"])
    _allocate(c, workers["other_worker"])
    relate(person=a, relative=b, kind="sibling")
    services.restrict_record(
        child=b, reason="Staff member's family", named_users=[], by=users["named"]
    )
    return World(users, workers, a, b, c)


def client_for(world: World, who: str) -> Client:
    client = Client()
    client.force_login(world.users[who])
    return client


def main(page: str) -> str:
    """The page's main content, without the per-request CSRF token."""
    content = page[page.index("<main") : page.index("</main>")]
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", content)


def whole_record(client: Client, child: Person) -> str:
    """The main content of every tab of the child's record this client may open, one after
    another (decision 0022: the record is a set of tabs)."""
    from sightline.web.workspace import TABS

    pages = []
    for tab in TABS:
        response = client.get(reverse(tab.name, args=[child.la_child_id]))
        assert response.status_code in (200, 403), (tab.name, response.status_code)
        if response.status_code == 200:
            pages.append(main(response.content.decode()))
    return "\n".join(pages)


def leaks(page: str, child: Person) -> list[str]:
    return [
        value
        for value in (child.given_name, child.family_name, str(child.la_child_id))
        if value in page
    ]


# --- Finding 1: a restricted record appears nowhere to someone not named on it ------------


@pytest.mark.parametrize("who", ["social_worker", "team_manager", "senior_leader"])
def test_a_restricted_sibling_is_not_listed_on_the_related_childs_record(
    world: World, who: str
) -> None:
    page = whole_record(client_for(world, who), world.a)
    assert leaks(page, world.b) == []


def test_a_restricted_sibling_is_listed_for_a_user_named_on_the_restriction(world: World) -> None:
    page = whole_record(client_for(world, "named"), world.a)
    assert f'href="/children/{world.b.la_child_id}/">Bella Sealed</a>' in page


def test_a_sibling_recorded_from_the_restricted_side_is_not_listed_either(world: World) -> None:
    relate(person=world.b, relative=world.a, kind="sibling")
    page = whole_record(client_for(world, "team_manager"), world.a)
    assert leaks(page, world.b) == []


def test_a_restricted_childs_name_is_withheld_from_the_chronology_and_case_notes(
    world: World,
) -> None:
    ChronologyEntry.objects.create(
        child=world.a,
        occurred_on=date(2026, 1, 5),
        event="ContactReceived",
        summary=f"Contact about Alfie and BELLA  sealed ({world.b.la_child_id})",
        record_type="frontdoor.Contact",
        record_id=1,
    )
    CaseNote.objects.create(
        child=world.a,
        author=world.workers["social_worker"],
        written_on=date(2026, 1, 6),
        text="Alfie talked about Bella and about Cora Elsewhere.",
    )
    page = whole_record(client_for(world, "social_worker"), world.a)
    assert leaks(page, world.b) == []
    assert f"Contact about Alfie and {WITHHELD} ({WITHHELD})" in page
    assert f"Alfie talked about {WITHHELD} and about Cora Elsewhere." in page
    assert "Alfie talked about Bella and" in whole_record(client_for(world, "named"), world.a)


def test_search_never_lists_a_restricted_child_nor_counts_it(world: World) -> None:
    client = client_for(world, "senior_leader")
    for query in (
        {"name": "Bella"},
        {"identifier": world.b.la_child_id},
        {"birth_date-day": "14", "birth_date-month": "6", "birth_date-year": "2017"},
    ):
        page = main(client.get(reverse("find-child"), query).content.decode())
        for typed in query.values():  # the search form shows what was typed
            page = page.replace(f'value="{typed}"', "")
        assert leaks(page, world.b) == []
        search = AuditEvent.objects.filter(action="search").latest("id")
        assert search.detail["result_count"] == 0


def test_my_work_team_work_and_data_checks_neither_list_nor_count_a_restricted_child(
    world: World,
) -> None:
    today = timezone.localdate()
    for child in (world.a, world.b):
        Obligation.objects.create(
            child=child,
            rule="CIN_VISIT",
            subject_type="protection.Referral",
            subject_id=child.pk,
            subject="Referral",
            started_on=today - timedelta(days=40),
            due_on=today - timedelta(days=10),
        )
    run = ValidationRun.objects.create(
        kind="cin",
        year=2026,
        rule_year=2026,
        checked_at=timezone.now(),
        seconds=1.0,
        children=2,
        rules=1,
    )
    for child in (world.a, world.b):
        LiveFailure.objects.create(
            run=run, rule="8500", level="error", child=child, fields="X", message="Failed"
        )
    sw = client_for(world, "social_worker")
    my_work = main(sw.get(reverse("my-work")).content.decode())
    assert "Alfie" in my_work and leaks(my_work, world.b) == []
    assert "1 overdue" in my_work
    tm = client_for(world, "team_manager")
    team = tm.get(reverse("team-work"))
    assert team.context["work"].total == 1
    assert leaks(main(team.content.decode()), world.b) == []
    checks = tm.get(reverse("validation"))
    assert "Alfie" in checks.content.decode()
    assert leaks(main(checks.content.decode()), world.b) == []
    assert sum(int(row["children"]) for row in checks.context["data"].by_rule) == 1


def test_a_notice_about_a_restricted_child_is_not_shown_to_someone_not_named(
    world: World,
) -> None:
    Notice.objects.create(
        user=world.users["team_manager"],
        created_at=timezone.now(),
        text=f"Someone used break-glass access to Bella Sealed ({world.b.la_child_id})",
        child=world.b,
    )
    client = client_for(world, "team_manager")
    assert leaks(main(client.get(reverse("notices")).content.decode()), world.b) == []
    assert "1 unread" not in client.get(reverse("home")).content.decode()


# --- Finding 5: break-glass shows nothing, is audited, answers alike ------------------------


def test_break_glass_page_shows_nothing_about_the_child_and_answers_alike_for_hidden_and_unknown(
    world: World,
) -> None:
    client = client_for(world, "social_worker")
    answers = {}
    for key, la_child_id in (
        ("not visible", world.c.la_child_id),
        ("restricted", world.b.la_child_id),
        ("unknown", "C999999999"),
    ):
        response = client.get(reverse("break-glass", args=[la_child_id]))
        answers[key] = (response.status_code, main(response.content.decode()))
        answers[key] = (answers[key][0], answers[key][1].replace(str(la_child_id), "ID"))
    assert answers["not visible"] == answers["restricted"] == answers["unknown"]
    assert answers["unknown"][0] == 200
    assert "Cora" not in answers["not visible"][1] and "Elsewhere" not in answers["not visible"][1]


def test_break_glass_views_and_refusals_are_audited_against_the_child(world: World) -> None:
    client = client_for(world, "other_worker")
    before = AuditEvent.objects.filter(action="break_glass").count()
    client.get(reverse("break-glass", args=[world.a.la_child_id]))
    viewed = AuditEvent.objects.filter(action="break_glass").latest("id")
    assert (viewed.username, viewed.child_id) == ("other_worker", world.a.pk)
    assert viewed.detail["outcome"] == "page viewed"
    refused = client.post(
        reverse("break-glass", args=[world.b.la_child_id]),
        {"reason": "Police called out of hours about the child"},
    )
    assert refused.status_code == 200  # the form again, saying why
    assert "Bella" not in refused.content.decode() and "Sealed" not in refused.content.decode()
    row = AuditEvent.objects.filter(action="break_glass").latest("id")
    assert (row.child_id, row.detail["outcome"]) == (world.b.pk, "refused")
    client.post(reverse("break-glass", args=["C999999999"]), {"reason": "short"})
    assert AuditEvent.objects.filter(action="break_glass").count() == before + 3


def test_record_page_answers_alike_for_a_child_not_visible_restricted_or_unknown(
    world: World,
) -> None:
    client = client_for(world, "social_worker")
    answers = set()
    for la_child_id in (world.c.la_child_id, "C999999999"):
        response = client.get(reverse("child-record", args=[la_child_id]))
        answers.add(
            (response.status_code, main(response.content.decode()).replace(la_child_id, ""))
        )
    named_out = client_for(world, "team_manager")
    response = named_out.get(reverse("child-record", args=[world.b.la_child_id]))
    assert response.status_code == 404
    assert len(answers) == 1


# --- Finding 8: every list on a page is paginated -------------------------------------------


def _rows(page: str, marker: str) -> int:
    return len(re.findall(marker, page))


def test_a_long_chronology_case_notes_and_relationships_are_shown_a_page_at_a_time(
    world: World,
) -> None:
    for n in range(120):
        ChronologyEntry.objects.create(
            child=world.a,
            occurred_on=date(2020, 1, 1) + timedelta(days=n),
            event="ReviewHeld",
            summary=f"Review number {n:03d}",
            record_type="care.LookedAfterReview",
            record_id=n,
        )
        CaseNote.objects.create(
            child=world.a,
            author=world.workers["social_worker"],
            written_on=date(2020, 1, 1) + timedelta(days=n),
            text=f"Note number {n:03d}",
        )
    for n in range(30):
        relate(
            person=world.a, relative=ChildFactory(given_name=f"Kin{n:02d}"), kind="other_relative"
        )
    client = client_for(world, "social_worker")
    chronology = reverse("child-chronology", args=[world.a.la_child_id])
    notes = reverse("child-case-notes", args=[world.a.la_child_id])
    people = reverse("child-people", args=[world.a.la_child_id])
    first = client.get(chronology).content.decode()
    assert _rows(first, r"Review number \d{3}") == 25 and "Review number 119" in first
    assert 'aria-label="Pages of the chronology"' in first
    assert "govuk-pagination__next" in first
    assert _rows(client.get(notes).content.decode(), r"Note number \d{3}") == 10
    assert _rows(client.get(people).content.decode(), r"Kin\d\d") == 25
    page = client.get(chronology, {"page": "5"}).content.decode()
    assert _rows(page, r"Review number \d{3}") == 20 and "Review number 000" in page  # oldest
    assert "page=4" in page  # the previous page
    page = client.get(notes, {"page": "12"}).content.decode()
    assert _rows(page, r"Note number \d{3}") == 10 and "Note number 000" in page
    assert _rows(client.get(people, {"page": "2"}).content.decode(), r"Kin\d\d") == 5


def test_who_has_seen_a_record_is_paginated(world: World) -> None:
    client = client_for(world, "social_worker")
    url = reverse("child-record", args=[world.a.la_child_id])
    for _ in range(60):
        client.get(url)
    seen = client_for(world, "team_manager").get(reverse("seen-by", args=[world.a.la_child_id]))
    assert seen.status_code == 200
    # 50 rows a page: the manager's own opening of this tab (a view of the record, audited)
    # is the newest, then the social worker's 49 most recent.
    rows = seen.content.decode().split("<tbody")[1]
    assert _rows(rows, r'<tr class="govuk-table__row">') == 50
    assert _rows(rows, r">social_worker<") == 49
    assert 'aria-label="Pages of who has seen this record"' in seen.content.decode()


# --- Finding 9: a bad page number is page 1, never an error ---------------------------------

BAD_NUMBERS = ["²", "①", "٣", "-1", "0", "1e3", "abc", " 2", "9" * 5000, ""]


@pytest.mark.parametrize("value", BAD_NUMBERS)
def test_a_bad_page_number_is_page_one_never_an_error(world: World, value: str) -> None:
    tm = client_for(world, "team_manager")
    for url, params in (
        (reverse("team-work"), {"page": value}),
        (reverse("team-work"), {"worker": value}),
        (reverse("my-work"), {"page": value}),
        (reverse("notices"), {"page": value}),
        (reverse("validation"), {"page": value}),
        (reverse("seen-by", args=[world.a.la_child_id]), {"page": value}),
        *(
            (reverse(tab, args=[world.a.la_child_id]), {"page": value})
            for tab in (
                "child-due",
                "child-chronology",
                "child-case-notes",
                "child-visits",
                "child-people",
            )
        ),
        (
            reverse("child-plans", args=[world.a.la_child_id]),
            {"placements": value, "meetings": value},
        ),
    ):
        assert tm.get(url, params).status_code == 200, (url, params)


# --- Finding 10: the searches that listed a child are in the child's audit trail ------------


def test_a_search_that_listed_a_child_is_in_their_audit_trail_and_who_has_seen(
    world: World,
) -> None:
    client_for(world, "other_worker").get(
        reverse("find-child"),
        {"birth_date-day": "1", "birth_date-month": "5", "birth_date-year": "2016"},
    )
    out = io.StringIO()
    call_command("audit", child=world.a.la_child_id, stdout=out, **{"as": "dpo"})
    assert re.search(r"other_worker\s+search", out.getvalue())
    seen = client_for(world, "dpo").get(reverse("seen-by", args=[world.a.la_child_id]))
    page = seen.content.decode()
    assert "other_worker" in page and "listed in search results" in page
    # A child the search did not list does not get it.
    out = io.StringIO()
    call_command("audit", child=world.c.la_child_id, stdout=out, **{"as": "dpo"})
    assert "other_worker" not in out.getvalue()


# --- Finding 13: small points ----------------------------------------------------------------


def test_reading_notices_does_not_mark_them_read_a_post_with_the_token_does(
    world: World,
) -> None:
    user = world.users["team_manager"]
    Notice.objects.create(user=user, created_at=timezone.now(), text="Break-glass used", child=None)
    client = client_for(world, "team_manager")
    assert client.get(reverse("notices")).status_code == 200
    assert Notice.objects.get().read_at is None
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(user)
    assert strict.post(reverse("notices")).status_code == 403
    assert Notice.objects.get().read_at is None
    page = strict.get(reverse("notices")).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token is not None
    done = strict.post(reverse("notices"), {"csrfmiddlewaretoken": token.group(1)})
    assert done.status_code == 302
    assert Notice.objects.get().read_at is not None


def test_a_session_ends_at_its_absolute_lifetime_however_active(
    world: World, settings: Any
) -> None:
    settings.SIGHTLINE_SESSION_MAX_HOURS = 10
    client = client_for(world, "social_worker")
    assert client.get(reverse("home")).status_code == 200
    session = client.session
    session["sightline_signed_in_at"] = time.time() - 10 * 3600 + 60
    session.save()
    assert client.get(reverse("home")).status_code == 200  # 9 h 59 min: still signed in
    session = client.session
    session["sightline_signed_in_at"] = time.time() - 10 * 3600 - 1
    session.save()
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert client.get(reverse("home")).status_code == 302  # signed out, not just redirected


def test_a_sign_in_refused_during_a_lockout_is_audited(world: World, settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    client = Client()
    for _ in range(5):
        client.post(reverse("login"), {"username": "social_worker", "password": "wrong"})
    failures = AuditEvent.objects.filter(action="sign_in_failed").count()
    client.post(reverse("login"), {"username": "social_worker", "password": "wrong"})
    refused = AuditEvent.objects.filter(action="sign_in_failed").latest("id")
    assert AuditEvent.objects.filter(action="sign_in_failed").count() == failures + 1
    assert refused.username == "social_worker" and "lockout" in refused.what
    assert "wrong" not in str(refused.detail) + refused.what


def test_every_403_is_the_govuk_page(world: World) -> None:
    # A social worker sees the record but not who has seen it.
    response = client_for(world, "social_worker").get(
        reverse("seen-by", args=[world.a.la_child_id])
    )
    assert response.status_code == 403
    page = response.content.decode()
    assert "govuk-template" in page and '<h1 class="govuk-heading-l">' in page
    assert "Gloucestershire (synthetic data)" in page


def test_a_server_error_is_the_govuk_page(rf: Any) -> None:
    from django.views.defaults import server_error

    page = server_error(rf.get("/")).content.decode()
    assert "govuk-template" in page and "Sorry, there is a problem with the service" in page
