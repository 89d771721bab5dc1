"""Production settings (issue 12, finding 7): safe by default, configurable from the
environment, `check --deploy` clean, and the demo's public keys only for the demo served on
this computer. Settings are read once per process, so each case runs `sightline` in a
subprocess with its own environment."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, override_settings

SRC = Path(__file__).resolve().parents[1] / "src"
# What a deployment sets (values are examples; the keys are long and random enough for Django).
PRODUCTION = {
    "SECRET_KEY": "k7#Qz!v2Lp9@wXr4Tn8$Yb6^Hc3&Md5*Fg1(Js0)Ae-Ru+Iw=Oy_Ul~Pk",
    "SIGHTLINE_AUDIT_KEY": "c0ffee-audit-key-kept-outside-the-database-2026",
    "ALLOWED_HOSTS": "sightline.example.org",
    "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto",
}
CLEARED = (
    "PYTEST_VERSION",
    "PYTEST_CURRENT_TEST",
    "DEBUG",
    "SECRET_KEY",
    "SECRET_KEY_FILE",
    "SIGHTLINE_AUDIT_KEY",
    "SIGHTLINE_AUDIT_KEY_FILE",
    "SIGHTLINE_DEMO",
    "ALLOWED_HOSTS",
    "SECURE_SSL_REDIRECT",
    "SECURE_COOKIES",
    "SECURE_HSTS_SECONDS",
    "SECURE_PROXY_SSL_HEADER",
)

SHOW = (
    "import json; from django.conf import settings as s; print(json.dumps({n: getattr(s, n) "
    "for n in ['SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SECURE_SSL_REDIRECT', "
    "'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SECURE_PROXY_SSL_HEADER', "
    "'ALLOWED_HOSTS', 'SIGHTLINE_LOOPBACK_ONLY']}))"
)


def sightline(env: dict[str, str], *args: str, tmp: Path) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in CLEARED}
    environment["PYTHONPATH"] = str(SRC)
    environment["DATABASE_URL"] = f"sqlite:///{tmp / 'settings.sqlite3'}"
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-m", "sightline.cli", *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def settings_under(env: dict[str, str], tmp: Path) -> dict[str, object]:
    done = sightline(env, "shell", "--no-imports", "-c", SHOW, tmp=tmp)
    assert done.returncode == 0, done.stderr
    shown: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return shown


def test_check_deploy_is_clean_with_production_settings(tmp_path: Path) -> None:
    done = sightline(PRODUCTION, "check", "--deploy", "--fail-level", "WARNING", tmp=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "WARNING" not in done.stdout + done.stderr
    assert "System check identified no issues" in done.stdout


def test_production_is_https_only_by_default(tmp_path: Path) -> None:
    shown = settings_under(PRODUCTION, tmp_path)
    assert shown["SESSION_COOKIE_SECURE"] is True and shown["CSRF_COOKIE_SECURE"] is True
    assert shown["SECURE_SSL_REDIRECT"] is True
    assert shown["SECURE_HSTS_SECONDS"] == 31_536_000
    assert shown["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert shown["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert shown["SIGHTLINE_LOOPBACK_ONLY"] is False


def test_behind_a_tls_proxy_a_forwarded_https_request_is_not_redirected(tmp_path: Path) -> None:
    script = (
        "from django.http import HttpResponse; from django.test import RequestFactory; "
        "from django.middleware.security import SecurityMiddleware as M; "
        "f = RequestFactory(SERVER_NAME='sightline.example.org'); "
        "m = M(lambda r: HttpResponse()); "
        "print(m(f.get('/', HTTP_X_FORWARDED_PROTO='https')).status_code, "
        "m(f.get('/')).status_code)"
    )
    done = sightline(PRODUCTION, "shell", "--no-imports", "-c", script, tmp=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["200", "301"]


def test_a_proxy_header_that_is_not_a_header_name_is_a_clear_error(tmp_path: Path) -> None:
    done = sightline(
        {**PRODUCTION, "SECURE_PROXY_SSL_HEADER": "X Forwarded"}, "check", tmp=tmp_path
    )
    assert done.returncode == 2
    assert "SECURE_PROXY_SSL_HEADER" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("missing", ["SECRET_KEY", "SIGHTLINE_AUDIT_KEY"])
def test_production_refuses_to_start_without_a_key(tmp_path: Path, missing: str) -> None:
    env = {k: v for k, v in PRODUCTION.items() if k != missing}
    done = sightline(env, "check", tmp=tmp_path)
    assert done.returncode == 2
    assert f"configuration error: {missing} is not set" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_demo_key_is_refused_when_the_demo_answers_to_other_hosts(tmp_path: Path) -> None:
    env = {"SIGHTLINE_DEMO": "1", "ALLOWED_HOSTS": "sightline.example.org"}
    done = sightline(env, "check", tmp=tmp_path)
    assert done.returncode == 2
    assert "SECRET_KEY is not set" in done.stderr and "this computer" in done.stderr


def test_the_demo_on_this_computer_signs_in_over_plain_http(tmp_path: Path) -> None:
    env = {"SIGHTLINE_DEMO": "1"}
    shown = settings_under(env, tmp_path)
    assert shown["SESSION_COOKIE_SECURE"] is False and shown["SECURE_SSL_REDIRECT"] is False
    assert shown["SECURE_HSTS_SECONDS"] == 0
    assert shown["SIGHTLINE_LOOPBACK_ONLY"] is True
    assert set(shown["ALLOWED_HOSTS"]) <= {"127.0.0.1", "localhost", "testserver"}  # type: ignore[arg-type]
    assert sightline(env, "migrate", "--noinput", tmp=tmp_path).returncode == 0
    script = (
        "from django.contrib.auth import get_user_model; from django.test import Client; "
        "get_user_model().objects.create_user('demo.user', password='a long demo password'); "
        "c = Client(REMOTE_ADDR='127.0.0.1', HTTP_HOST='127.0.0.1:8000'); "
        "r = c.post('/sign-in/', {'username': 'demo.user', 'password': 'a long demo password'}); "
        "print(r.status_code, repr(r.cookies['sessionid']['secure']), c.get('/').status_code)"
    )
    done = sightline(env, "shell", "--no-imports", "-c", script, tmp=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["302", "''", "200"]


@pytest.mark.django_db
@override_settings(SIGHTLINE_LOOPBACK_ONLY=True)
def test_with_the_demo_key_a_request_from_another_computer_is_refused() -> None:
    refused = Client(REMOTE_ADDR="192.0.2.10").get("/sign-in/")
    assert refused.status_code == 403
    assert b"only to this computer" in refused.content
    assert Client(REMOTE_ADDR="127.0.0.1").get("/sign-in/").status_code == 200
    assert Client(REMOTE_ADDR="::1").get("/sign-in/").status_code == 200
