"""Break-glass access as the pages show it (issue 15, items 4 and 5): every page of a record
opened through break-glass says so and says when the access ends; the request form's error
summary names the error, and the page title says "Error:" once."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sightline.access import services
from sightline.access.models import BreakGlassAccess
from sightline.web.templatetags.sightline_web import govuk_datetime
from tests.access.test_break_glass import setting  # noqa: F401  (the fixture)

REASON = "Police called out of hours about the child"
BANNER = 'data-testid="break-glass-banner"'


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def _record_pages(la_child_id: str) -> list[str]:
    """Every tab a social worker opens and a recording form (and its own 403 page)."""
    tabs = [
        "child-record",
        "child-due",
        "child-chronology",
        "child-case-notes",
        "child-visits",
        "child-plans",
        "child-people",
    ]
    return [reverse(name, args=[la_child_id]) for name in tabs] + [
        reverse("record", args=[la_child_id, "case-note"]),
        reverse("record", args=[la_child_id, "visit"]),
    ]


def test_every_page_of_a_record_opened_through_break_glass_says_so_and_when_it_ends(
    setting: dict,  # noqa: F811
) -> None:
    child = setting["child"]
    grant = services.break_glass(user=setting["outsider"], child=child, reason=REASON)
    client = _client(setting["outsider"])
    ends = govuk_datetime(grant.expires_at)
    for url in _record_pages(child.la_child_id):
        response = client.get(url)
        assert response.status_code in (200, 403), url
        html = response.content.decode()
        assert BANNER in html, url
        assert f"It ends at {ends}." in html, url


def test_a_record_opened_for_another_reason_shows_no_break_glass_banner(
    setting: dict,  # noqa: F811
) -> None:
    child = setting["child"]
    client = _client(setting["allocated"])
    for url in _record_pages(child.la_child_id)[:3]:
        assert BANNER not in client.get(url).content.decode(), url


def test_an_allocated_worker_who_also_broke_glass_opens_the_record_as_theirs(
    setting: dict,  # noqa: F811
) -> None:
    child = setting["child"]
    services.break_glass(user=setting["allocated"], child=child, reason=REASON)
    assert BreakGlassAccess.objects.filter(user=setting["allocated"]).exists()
    html = _client(setting["allocated"]).get(reverse("child-record", args=[child.la_child_id]))
    assert BANNER not in html.content.decode()


def test_the_banner_costs_no_query_beyond_the_record_s_own(
    setting: dict,  # noqa: F811
) -> None:
    """The grants are read once with the access condition; the banner reuses them."""
    child = setting["child"]
    services.break_glass(user=setting["outsider"], child=child, reason=REASON)
    client = _client(setting["outsider"])
    url = reverse("child-record", args=[child.la_child_id])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    grants = [q for q in queries.captured_queries if "access_breakglassaccess" in q["sql"]]
    assert len(grants) == 1


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("", "Enter why you need to see this record"),
        ("urgent", "Give the reason you need to see this record (at least"),
    ],
)
def test_the_break_glass_error_summary_names_the_error_and_the_title_says_error_once(
    setting: dict,  # noqa: F811
    reason: str,
    message: str,
) -> None:
    child = setting["child"]
    url = reverse("break-glass", args=[child.la_child_id])
    response = _client(setting["outsider"]).post(url, {"reason": reason})
    html = response.content.decode()
    assert response.status_code == 200
    title = re.search(r"<title>(.*?)</title>", html, re.S)
    assert title is not None and title.group(1).startswith("Error: Break-glass access")
    assert title.group(1).count("Error:") == 1
    summary = re.search(r'<ul class="govuk-list govuk-error-summary__list">(.*?)</ul>', html, re.S)
    assert summary is not None
    assert f'<a href="#id_reason">{message}' in summary.group(1)


def test_break_glass_for_an_id_no_child_has_names_that_error_in_the_summary(
    setting: dict,  # noqa: F811
) -> None:
    url = reverse("break-glass", args=["NOSUCHCHILD"])
    html = _client(setting["outsider"]).post(url, {"reason": REASON}).content.decode()
    summary = re.search(r'<ul class="govuk-list govuk-error-summary__list">(.*?)</ul>', html, re.S)
    assert summary is not None
    assert "You cannot open a record with this LA child ID" in summary.group(1)
