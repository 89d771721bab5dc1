"""Query-count baselines per page (NetBox's query_counts.json idea, decision 0021).

Each page is requested as the user who would use it, on a small synthetic authority built once
for the module, and the number of SQL queries it runs is compared with
``tests/web/query_counts.json`` (one number per page and database). A page that runs more
queries than its baseline fails, naming the page and the numbers and listing the queries: a
read that became a query per child shows here before it shows in production. A page that runs
fewer fails too, so that the baseline is lowered and the gain kept.

A change that means to move a count rewrites the file on the database it runs on:
``SIGHTLINE_QUERY_COUNTS=rewrite pytest tests/web/test_query_counts.py`` (once with each
DATABASE_URL), and the new file is committed with the change.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from sightline.access.policy import may_record
from sightline.people.models import Person
from sightline.synthetic.demo import ensure_demo_users
from sightline.web.recording import USE_CASES
from sightline.workforce.models import Allocation, Worker
from tests.synthetic.conftest import authority_for_module

BASELINES = Path(__file__).with_name("query_counts.json")
REWRITE = os.environ.get("SIGHTLINE_QUERY_COUNTS") == "rewrite"
AS_OF = date(2026, 11, 23)
_lock = threading.Lock()


@dataclass(frozen=True)
class Authority:
    child: Person  # a child allocated to the social worker, with a record to show
    worker_id: int = 0  # the social worker's Worker

    def client(self, username: str) -> Client:
        from django.contrib.auth import get_user_model

        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        return client


@pytest.fixture(scope="module")
def authority(django_db_setup: None, django_db_blocker: Any) -> Iterator[Authority]:
    with (
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
        authority_for_module(django_db_blocker, children=400, seed=14, as_of=AS_OF),
    ):
        with django_db_blocker.unblock():
            ensure_demo_users(password="query-counts-not-a-secret")
            worker = Worker.objects.get(user__username="social.worker")
            allocation = (
                Allocation.objects.filter(worker=worker, ended_on__isnull=True)
                .select_related("child")
                .order_by("child__la_child_id")
                .first()
            )
            assert allocation is not None, "the synthetic social worker has no open case"
        yield Authority(allocation.child, worker.pk)


def _url(authority: Authority, path: str) -> str:
    child = authority.child
    if "{user_id}" in path:
        from django.contrib.auth import get_user_model

        user_id = get_user_model().objects.get(username="social.worker").pk
        return path.format(user_id=user_id)
    if "{looked_after_id}" in path:
        return path.format(looked_after_id=_longest_in_care())
    return path.format(
        id=child.la_child_id, family_name=child.family_name, worker=authority.worker_id
    )


def _longest_in_care() -> str:
    """The looked-after child with the most placements (the care tab's heaviest read)."""
    from django.db.models import Count

    from sightline.care.models import PeriodOfCare

    period = (
        PeriodOfCare.objects.filter(ended_on__isnull=True)
        .annotate(moves=Count("child__placements"))
        .order_by("-moves", "child__la_child_id")
        .select_related("child")
        .first()
    )
    assert period is not None, "the synthetic authority has no looked-after child"
    return period.child.la_child_id


def _date(prefix: str, day: date) -> dict[str, str]:
    return {
        f"{prefix}-day": str(day.day),
        f"{prefix}-month": str(day.month),
        f"{prefix}-year": str(day.year),
    }


# page name -> (username, method, path, data). A GET is measured on its second request (the
# first fills the caches a long-running server has already filled); a POST on its first.
PAGES: dict[str, tuple[str, str, str, Callable[[], dict[str, str]] | None]] = {
    "home": ("social.worker", "get", "/", None),
    "home-reviewing-officer": ("reviewing.officer", "get", "/", None),
    "home-family-support": ("family.support", "get", "/", None),
    "home-front-door": ("front.door", "get", "/", None),
    "home-senior-leader": ("senior.leader", "get", "/", None),
    "home-team-manager": ("team.manager", "get", "/", None),
    "home-personal-adviser": ("personal.adviser", "get", "/", None),
    "my-work": ("social.worker", "get", "/my-work/", None),
    "team-work": ("team.manager", "get", "/team-work/", None),
    "team-work-filtered": ("team.manager", "get", "/team-work/?rule=CP_VISIT&days=7", None),
    "team-reallocate": ("team.manager", "get", "/team-work/workers/{worker}/reallocate/", None),
    "find-child": ("social.worker", "get", "/children/?name={family_name}", None),
    "child-record": ("social.worker", "get", "/children/{id}/", None),
    "child-due": ("social.worker", "get", "/children/{id}/due/", None),
    "child-chronology": ("social.worker", "get", "/children/{id}/chronology/", None),
    "child-chronology-filtered": (
        "social.worker",
        "get",
        "/children/{id}/chronology/?kind=VisitRecorded&since-day=1&since-month=1"
        "&since-year=2020&until-day=1&until-month=1&until-year=2030",
        None,
    ),
    "child-case-notes": ("social.worker", "get", "/children/{id}/case-notes/", None),
    "child-case-notes-search": (
        "social.worker",
        "get",
        "/children/{id}/case-notes/?words=school+visit&kind=case_note",
        None,
    ),
    "child-visits": ("social.worker", "get", "/children/{id}/visits/", None),
    "child-plans": ("social.worker", "get", "/children/{id}/plans/", None),
    "child-care": ("senior.leader", "get", "/children/{looked_after_id}/care/", None),
    "child-people": ("social.worker", "get", "/children/{id}/people/", None),
    "child-leaving-care": ("social.worker", "get", "/children/{id}/leaving-care/", None),
    "my-young-people": ("personal.adviser", "get", "/young-people/", None),
    "child-data-checks": ("social.worker", "get", "/children/{id}/data-checks/", None),
    "seen-by": ("team.manager", "get", "/children/{id}/seen-by/", None),
    "notices": ("social.worker", "get", "/notices/", None),
    "validation": ("senior.leader", "get", "/validation/", None),
    "annex-a": ("senior.leader", "get", "/annex-a/", None),
    **{
        f"annex-a-list-{n}": ("senior.leader", "get", f"/annex-a/list-{n}/", None)
        for n in range(1, 11)
    },
    "accounts": ("admin", "get", "/accounts/", None),
    "teams": ("admin", "get", "/accounts/teams/", None),
    # Quality of practice (decision 0034): each page's reads are set-based, whatever the size
    "quality-oversight": ("team.manager", "get", "/quality/oversight/", None),
    "quality-supervision": ("team.manager", "get", "/quality/supervision/", None),
    "quality-audits": ("senior.leader", "get", "/quality/audits/", None),
    "quality-findings": ("senior.leader", "get", "/quality/audits/findings/", None),
    "quality-feedback": ("senior.leader", "get", "/quality/feedback/", None),
    "quality-plan": ("senior.leader", "get", "/quality/improvement-plan/", None),
    "account": ("admin", "get", "/accounts/{user_id}/", None),
    "subject-access": ("data.protection", "get", "/subject-access/", None),
    "subject-access-child": ("data.protection", "get", "/subject-access/{id}/", None),
    "audit": ("data.protection", "get", "/audit/", None),
    "audit-child": ("data.protection", "get", "/audit/children/{id}/", None),
    "audit-user": ("data.protection", "get", "/audit/users/social.worker/", None),
    "retention": ("data.protection", "get", "/retention/", None),
    "retention-report": (
        "data.protection",
        "get",
        "/retention/?as_of-day=1&as_of-month=1&as_of-year=2050",
        None,
    ),
    "restricted-records": ("data.protection", "get", "/restricted-records/", None),
    "insight-dashboard": ("senior.leader", "get", "/figures/", None),
    "insight-dashboard-team": ("team.manager", "get", "/figures/?view=table", None),
    "insight-kpi": ("senior.leader", "get", "/figures/RE_REFERRALS/", None),
    "insight-children": (
        "senior.leader",
        "get",
        "/figures/RE_REFERRALS/children/?window=2026&part=denominator",
        None,
    ),
    "case-note-save": (
        "social.worker",
        "post",
        "/children/{id}/record/case-note/",
        lambda: {
            "kind": "case_note",
            "text": "Spoke to her teacher.",
            **_date("written_on", _today()),
        },
    ),
    "visit-save": (
        "social.worker",
        "post",
        "/children/{id}/record/visit/",
        lambda: {
            "purpose": "assessment",
            **_date("visited_on", _today()),
            "child_seen": "yes",
            "seen_alone": "yes",
            "note": "She showed me her room.",
        },
    ),
}


# Every recording form in the registry, opened (GET) as the first of these demo users who may
# record it for the child, so a new form cannot be left without a baseline. A page for one
# entry (a correction: ``UseCase.in_menu`` False) needs that entry's id and is measured by the
# pages above where it is listed.
RECORDERS = ("social.worker", "team.manager", "reviewing.officer", "front.door", "service.manager")
PAGES.update(
    {
        f"{name}-form": ("", "get", f"/children/{{id}}/record/{name}/", None)
        for name, case in USE_CASES.items()
        if case.in_menu
    }
)


def _recorder(authority: Authority, use_case: str) -> str:
    from django.contrib.auth import get_user_model

    for username in RECORDERS:
        user = get_user_model().objects.get(username=username)
        if may_record(user, authority.child, USE_CASES[use_case].roles):
            return username
    pytest.fail(f"no demo user in {RECORDERS} may record {use_case} for the child", pytrace=False)


def _today() -> date:
    from django.utils import timezone

    return timezone.localdate()


def _read() -> dict[str, dict[str, int]]:
    return json.loads(BASELINES.read_text()) if BASELINES.exists() else {}


def _rewrite(page: str, vendor: str, count: int) -> None:
    with _lock:
        baselines = _read()
        baselines.setdefault(page, {})[vendor] = count
        ordered = {name: dict(sorted(baselines[name].items())) for name in sorted(baselines)}
        BASELINES.write_text(json.dumps(ordered, indent=2) + "\n")


@pytest.mark.django_db
@pytest.mark.parametrize("page", sorted(PAGES))
def test_each_page_runs_no_more_queries_than_its_baseline(authority: Authority, page: str) -> None:
    username, method, path, data = PAGES[page]
    client = authority.client(username or _recorder(authority, page.removesuffix("-form")))
    url = _url(authority, path)
    if method == "get":
        assert client.get(url).status_code == 200, url
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
    else:
        assert client.get(url).status_code == 200, url
        with CaptureQueriesContext(connection) as queries:
            response = client.post(url, data() if data else {})
        assert response.status_code == 302, f"{url}: the form was not saved"
    count = len(queries.captured_queries)
    vendor = connection.vendor
    if REWRITE:
        _rewrite(page, vendor, count)
        return
    baseline = _read().get(page, {}).get(vendor)
    if baseline is None:
        pytest.fail(
            f"{page} ({url}) has no query-count baseline on {vendor}: it ran {count} queries. "
            f"Record it with SIGHTLINE_QUERY_COUNTS=rewrite and commit {BASELINES.name}.",
            pytrace=False,
        )
    if count != baseline:
        listing = "\n".join(
            f"  {n:3}. {' '.join(q['sql'].split())[:220]}"
            for n, q in enumerate(queries.captured_queries, 1)
        )
        more_or_fewer = "more" if count > baseline else "fewer"
        pytest.fail(
            f"{page} ({method.upper()} {url}) ran {count} queries on {vendor}, "
            f"{abs(count - baseline)} {more_or_fewer} than its baseline of {baseline} "
            f"({BASELINES.name}). If that is meant, rewrite the baseline with "
            f"SIGHTLINE_QUERY_COUNTS=rewrite on each database and commit the file.\n"
            f"The queries:\n{listing}",
            pytrace=False,
        )
