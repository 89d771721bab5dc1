"""Work lists that act (issue 14 item 7, decision 0024): My work and the team's overdue work
link each obligation to the form that meets it, for those who may record it; the navigation
and the home page offer each role only pages it may open (every link followed, for every role,
and none ends in a 403 or 404); pages that list children by name are audited as views of them.
"""

from __future__ import annotations

from datetime import timedelta
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from sightline.access.models import AuditEvent, SearchListing
from sightline.access.policy import viewer_for
from sightline.access.queries import events_about
from sightline.people.models import Person
from sightline.timescales.models import Obligation
from sightline.validation.models import LiveFailure, ValidationRun
from sightline.web.navigation import ROLE_HOME, role_home
from sightline.web.recording import form_link
from sightline.web.templatetags.sightline_web import govuk_date
from tests.access.test_permission_matrix import ROLES, World, signed_in, world

__all__ = ["world"]  # the permission matrix's fixture: every role, four children


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def links(page: str, base: str) -> list[str]:
    """Every link on the page to another Sightline page (not assets, anchors or elsewhere)."""
    parser = _Links()
    parser.feed(page)
    found = []
    for href in parser.hrefs:
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or href.startswith("#"):
            continue
        path = parts.path or urlsplit(base).path
        if path.startswith(("/static/", "/assets/")):
            continue
        found.append(path + (f"?{parts.query}" if parts.query else ""))
    return found


def _obligation(child: Person, rule: str, days_overdue: int) -> Obligation:
    today = timezone.localdate()
    return Obligation.objects.create(
        child=child,
        rule=rule,
        subject_type="protection.ChildProtectionPlan",
        subject_id=1,
        subject="Child protection plan",
        started_on=today - timedelta(days=days_overdue + 10),
        due_on=today - timedelta(days=days_overdue),
    )


@pytest.fixture
def busy_world(world: World) -> World:
    """The matrix's world with work to do: a child protection visit overdue for Alfie (his
    social worker's, so his team's managers' too) and a child in need visit for Bella (her
    family support worker's); a failed data check for each."""
    _obligation(world.children["a"], "CP_VISIT", 3)
    _obligation(world.children["b"], "CIN_VISIT", 0)
    run = ValidationRun.objects.create(
        kind="cin", year=2027, rule_year=2026, checked_at=timezone.now(), seconds=1.0,
        children=2, rules=100,
    )  # fmt: skip
    for key in ("a", "b"):
        LiveFailure.objects.create(
            run=run, rule="8840", level="error", child=world.children[key], fields="X",
            message="a message",
        )  # fmt: skip
    return world


@pytest.mark.parametrize("role", ROLES)
def test_every_link_on_the_home_page_and_in_the_navigation_opens_for_every_role(
    busy_world: World, role: str
) -> None:
    """Follow every link offered on the home page (navigation included), then every link on
    the pages reached that way (My work, the team's work, data checks: the children and the
    forms they link to): none ends in a 403 or a 404."""
    client = signed_in(busy_world, role)
    home = client.get("/")
    assert home.status_code == 200
    seen: set[str] = set()
    todo = [(href, "/") for href in links(home.content.decode(), "/")]
    first_level = {href for href, _ in todo}
    while todo:
        href, found_on = todo.pop()
        if href in seen:
            continue
        seen.add(href)
        response = client.get(href)
        assert response.status_code not in (403, 404), f"{role}: {href} (linked from {found_on})"
        assert response.status_code < 500
        if href in first_level and response.status_code == 200:
            todo.extend((h, href) for h in links(response.content.decode(), href))
    lists_children = {"social_worker", "family_support", "team_manager", "service_manager"}
    lists_children |= {"senior_leader", "analyst", "dpo", "admin", "inspector"}
    lists_children |= {"front_door"}  # the front door's queue links each contact's child
    lists_children |= {"reviewing_officer"}  # its home lists the children it reviews
    records = [h for h in seen if h.startswith("/children/") and h != "/children/"]
    assert bool(records) == (role in lists_children), "the work lists link to their children"


def _nav(page: str) -> str:
    return page[page.index('id="navigation"') : page.index("</nav>")]


@pytest.mark.parametrize("role", ROLES)
def test_the_navigation_offers_only_the_pages_the_role_may_open(
    busy_world: World, role: str
) -> None:
    nav = _nav(signed_in(busy_world, role).get("/").content.decode())
    managers = {"team_manager", "service_manager"}
    wide = {"senior_leader", "analyst", "dpo", "admin", "inspector"}
    assert ("/team-work/" in nav) == (role in managers | wide)
    assert ("/validation/" in nav) == (role in managers | wide)
    has_worker = role not in {"analyst", "dpo", "admin", "inspector", "inspector_expired"}
    assert ("/my-work/" in nav) == has_worker
    assert 'href="/children/"' in nav  # find a child: everyone
    assert ('href="/accounts/"' in nav) == (role == "admin")  # staff accounts (decision 0031)
    assert ('href="/subject-access/"' in nav) == (role == "dpo")
    assert ('href="/audit/"' in nav) == (role in {"dpo", "admin"})
    assert ('href="/retention/"' in nav) == (role in {"dpo", "admin", "senior_leader"})
    assert ('href="/restricted-records/"' in nav) == (role in {"dpo", "admin"})


@pytest.mark.parametrize("role", ROLES)
def test_each_roles_home_says_what_that_role_does_here(busy_world: World, role: str) -> None:
    user = busy_world.users[role]
    page = signed_in(busy_world, role).get("/").content.decode()
    said = role_home(user)
    assert said in page.replace("&#x27;", "'")
    viewer = viewer_for(user)  # type: ignore[arg-type]
    if viewer.active:
        assert viewer.role is not None and said == ROLE_HOME[viewer.role]
    else:
        assert "outside the dates of your visit" in said


def test_every_role_has_its_own_home_text() -> None:
    from sightline.access.roles import Role

    assert set(ROLE_HOME) == set(Role)
    assert len(set(ROLE_HOME.values())) == len(Role)


def test_my_work_links_each_obligation_to_the_form_that_meets_it(busy_world: World) -> None:
    page = signed_in(busy_world, "social_worker").get("/my-work/").content.decode()
    alfie = busy_world.children["a"]
    form = f"/children/{alfie.la_child_id}/record/visit/?for=CP_VISIT"
    assert form in page
    assert "Record a visit" in page
    # The link goes back to My work after saving.
    assert "back=/my-work/" in page.replace("%2F", "/")
    opened = signed_in(busy_world, "social_worker").get(form)
    assert opened.status_code == 200
    assert 'value="cp" checked' in opened.content.decode()


def test_an_obligation_no_form_meets_yet_has_no_link(busy_world: World) -> None:
    _obligation(busy_world.children["a"], "ASSESSMENT_COMPLETE_NO_SUCH_FORM", 1)
    page = signed_in(busy_world, "social_worker").get("/my-work/").content.decode()
    assert page.count('data-testid="form-link"') == 1  # the visit only


def test_the_team_view_links_the_manager_to_the_form_but_not_a_senior_leader(
    busy_world: World,
) -> None:
    alfie = busy_world.children["a"]
    form = f"/children/{alfie.la_child_id}/record/visit/?for=CP_VISIT"
    manager = signed_in(busy_world, "team_manager").get("/team-work/").content.decode()
    assert form in manager
    # A senior leader reads every record and records on none (decision 0020): no link.
    leader = signed_in(busy_world, "senior_leader").get("/team-work/").content.decode()
    assert alfie.given_name in leader
    assert "/record/" not in leader


def test_a_form_link_is_offered_only_to_a_role_that_may_record_it(busy_world: World) -> None:
    visit = Obligation(rule="CP_VISIT", subject_id=1)
    worker = viewer_for(busy_world.users["social_worker"])  # type: ignore[arg-type]
    leader = viewer_for(busy_world.users["senior_leader"])  # type: ignore[arg-type]
    chair = viewer_for(busy_world.users["reviewing_officer"])  # type: ignore[arg-type]
    assert form_link(visit, "X1", worker) == "/children/X1/record/visit/?for=CP_VISIT"
    assert form_link(visit, "X1", leader) is None
    assert form_link(visit, "X1", chair) is None  # visits are not the chair's to record


def test_work_lists_show_dates_in_govuk_style(busy_world: World) -> None:
    from django.utils.dateformat import format as format_date

    due = timezone.localdate() - timedelta(days=3)
    for role, url in (("social_worker", "/my-work/"), ("team_manager", "/team-work/")):
        page = signed_in(busy_world, role).get(url).content.decode()
        assert govuk_date(due) in page, (role, url)  # "6 December 2026"
        assert govuk_date(timezone.localdate()) in page
        if format_date(due, "j M Y") != govuk_date(due):
            assert format_date(due, "j M Y") not in page  # not "6 Dec 2026"


# --- Listing children is a view of each of them ---------------------------------------------


def _listing(world: World, username: str) -> AuditEvent:
    return AuditEvent.objects.filter(
        action=AuditEvent.Action.VIEW, child__isnull=True, username=username
    ).get()


@pytest.mark.parametrize(
    ("role", "url", "keys", "what"),
    [
        ("social_worker", "/my-work/", {"a"}, "Listed 1 child on My work"),
        ("family_support", "/my-work/", {"b"}, "Listed 1 child on My work"),
        ("service_manager", "/team-work/", {"a"}, "Listed 1 child on the team's overdue work"),
        ("analyst", "/validation/", {"a", "b"}, "Listed 2 children on the data checks page"),
    ],
)
def test_a_page_that_lists_children_by_name_is_audited_as_a_view_of_each(
    busy_world: World, role: str, url: str, keys: set[str], what: str
) -> None:
    client = signed_in(busy_world, role)
    before = AuditEvent.objects.count()
    assert client.get(url).status_code == 200
    user: Any = busy_world.users[role]
    listing = _listing(busy_world, user.username)
    assert AuditEvent.objects.count() == before + 1  # one row, however many children
    assert listing.what == what
    listed = {busy_world.children[k].pk for k in keys}
    assert set(listing.detail["listed"]) == listed
    assert listing.detail["path"] == url
    assert set(SearchListing.objects.filter(event=listing).values_list("listed_id", flat=True)) == (
        listed
    )
    for key in keys:  # each child's trail (who has seen the record, the subject access export)
        assert listing in events_about(busy_world.children[key].pk)
    for key in {"a", "b", "fd", "r"} - keys:
        assert listing not in events_about(busy_world.children[key].pk)


def test_a_list_of_nobody_records_no_view(busy_world: World) -> None:
    client = signed_in(busy_world, "personal_adviser")
    before = AuditEvent.objects.count()
    assert client.get("/my-work/").status_code == 200
    assert AuditEvent.objects.count() == before


def test_who_has_seen_the_record_shows_the_work_list_that_listed_the_child(
    busy_world: World,
) -> None:
    signed_in(busy_world, "social_worker").get("/my-work/")
    alfie = busy_world.children["a"]
    page = signed_in(busy_world, "dpo").get(f"/children/{alfie.la_child_id}/seen-by/")
    assert "Saw the child listed on My work" in page.content.decode()


def test_the_subject_access_export_finds_the_work_list_that_listed_the_child(
    busy_world: World,
) -> None:
    from sightline.access.sar import _fetch

    signed_in(busy_world, "social_worker").get("/my-work/")
    rows = _fetch(AuditEvent, busy_world.children["a"]).rows
    assert any(row["what"] == "Listed 1 child on My work" for row in rows)
