"""Static files: one scan at start for the demo and deployments, a look-up per request in the
tests (decision 0021: each test client builds a new WhiteNoise, and scanning GOV.UK and MoJ
Frontend's files for each cost up to 0.8 s)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from whitenoise.middleware import WhiteNoiseMiddleware

from tests.test_settings import sightline

CSS = "/static/govuk/govuk-frontend.min.css"


def _not_static(request: object) -> HttpResponse:
    return HttpResponse("not a static file", status=404)


def test_under_the_tests_a_new_handler_does_not_scan_the_static_files() -> None:
    assert settings.WHITENOISE_AUTOREFRESH is True
    middleware = WhiteNoiseMiddleware(_not_static)
    assert middleware.files == {}
    response = middleware(RequestFactory().get(CSS))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")


@override_settings(WHITENOISE_AUTOREFRESH=False)
def test_served_without_autorefresh_the_static_files_are_found_by_one_scan() -> None:
    middleware = WhiteNoiseMiddleware(_not_static)
    assert CSS in middleware.files and "/static/web/drafts.mjs" in middleware.files
    response = middleware(RequestFactory().get("/static/web/drafts.mjs"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")


def test_the_demo_scans_once_at_start_and_serves_govuk_frontend(tmp_path: Path) -> None:
    script = (
        "from django.conf import settings as s; from django.test import Client; "
        "c = Client(REMOTE_ADDR='127.0.0.1', HTTP_HOST='127.0.0.1:8000'); "
        f"r = c.get('{CSS}'); "
        "print(s.WHITENOISE_AUTOREFRESH, r.status_code, r['Content-Type'].split(';')[0])"
    )
    done = sightline({"SIGHTLINE_DEMO": "1"}, "shell", "--no-imports", "-c", script, tmp=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[-3:] == ["False", "200", "text/css"]
