"""Security basics: sign-in lockout and throttling, the idle timeout, argon2, CSRF, headers and
no secret in the repository."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from sightline.access import audit
from sightline.access.actor import Actor
from sightline.access.models import AccessProfile, AuditEvent
from sightline.access.roles import Role
from sightline.access.signin import locked_until, sign_in_refused
from tests.web.factories import UserFactory, WorkerFactory

PASSWORD = "correct horse battery staple"
LOCKED = "Too many attempts. Try again in 15 minutes."
HOME_IP = "127.0.0.1"  # the test client's REMOTE_ADDR
OTHER_IP = "198.51.100.7"
BUSY_IP = "203.0.113.9"
DEV_KEY = "sightline-insecure-development-key-not-for-production-use"


def html(response: Any) -> str:
    return response.content.decode()


@pytest.fixture
def fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def bob(db: None, fast_passwords: None) -> Any:
    user: Any = UserFactory(username="bob", first_name="Bob", last_name="Jones")
    WorkerFactory(user=user, given_name="Bob", family_name="Jones", role=Role.SOCIAL_WORKER.value)
    AccessProfile.objects.create(user=user, role=Role.SOCIAL_WORKER.value)
    return user


@pytest.fixture
def signed_in(bob: Any) -> Client:
    client = Client()
    client.force_login(bob)
    return client


def fail(username: str, minutes_ago: float, ip: str = HOME_IP) -> None:
    """A failed sign-in, as the audit trail records it, at an explicit time."""
    audit.record(
        AuditEvent.Action.SIGN_IN_FAILED,
        f"Failed sign-in as {username!r}",
        at=timezone.now() - timedelta(minutes=minutes_ago),
        actor=Actor(username, ip),
    )


def sign_in(client: Client, username: str, password: str = PASSWORD, **extra: Any) -> Any:
    return client.post("/sign-in/", {"username": username, "password": password}, **extra)


def error_summary(page: str) -> str:
    found = re.search(r'<div class="govuk-error-summary".*?</ul>', page, re.S)
    assert found is not None, "no error summary"
    return found.group(0)


def signed_in_as(client: Client) -> str | None:
    value = client.session.get("_auth_user_id")
    return str(value) if value is not None else None


# --- Lockout ----------------------------------------------------------------------------------


def test_the_thresholds_are_settings() -> None:
    assert settings.SIGHTLINE_SIGNIN_MAX_FAILURES == 5
    assert settings.SIGHTLINE_SIGNIN_LOCKOUT_MINUTES == 15
    assert settings.SIGHTLINE_SIGNIN_MAX_FAILURES_PER_IP == 20


def test_five_failures_lock_the_username_even_with_the_right_password(
    client: Client, bob: Any
) -> None:
    for minutes_ago in (5, 4, 3, 2, 1):
        fail("bob", minutes_ago)
    response = sign_in(client, "bob")
    assert response.status_code == 200
    summary = error_summary(html(response))
    assert f'<a href="#id_username">{LOCKED}</a>' in summary
    assert "correct username and password" not in summary
    assert signed_in_as(client) is None


def test_real_failed_sign_ins_lead_to_the_lockout(client: Client, bob: Any) -> None:
    for _ in range(5):
        page = html(sign_in(client, "bob", "wrong password"))
        assert "Enter a correct username and password." in page
    assert (
        AuditEvent.objects.filter(action=AuditEvent.Action.SIGN_IN_FAILED, username="bob").count()
        == 5
    )
    page = html(sign_in(client, "bob"))
    assert LOCKED in page
    assert signed_in_as(client) is None


def test_four_failures_do_not_lock(client: Client, bob: Any) -> None:
    for minutes_ago in (4, 3, 2, 1):
        fail("bob", minutes_ago)
    response = sign_in(client, "bob")
    assert response.status_code == 302
    assert signed_in_as(client) == str(bob.pk)


def test_the_message_does_not_say_whether_the_username_exists(client: Client, bob: Any) -> None:
    for name in ("bob", "nobody"):
        for minutes_ago in (5, 4, 3, 2, 1):
            fail(name, minutes_ago)
    known = error_summary(html(sign_in(client, "bob", "wrong password")))
    unknown = error_summary(html(sign_in(client, "nobody", "wrong password")))
    assert known == unknown
    assert LOCKED in known


def test_the_lockout_is_checked_before_the_password(client: Client, bob: Any) -> None:
    for minutes_ago in (5, 4, 3, 2, 1):
        fail("bob", minutes_ago)
    before = AuditEvent.objects.count()
    with mock.patch("django.contrib.auth.forms.authenticate") as authenticate:
        assert LOCKED in html(sign_in(client, "bob"))
    authenticate.assert_not_called()
    # A refused attempt is not another failure: it does not lengthen the lockout (it is
    # audited, marked refused: tests/access/test_pages_access.py).
    assert AuditEvent.objects.count() == before + 1
    later = timezone.now() + timedelta(minutes=15)
    assert not sign_in_refused("bob", "", now=later)


def test_failures_for_another_username_do_not_lock(client: Client, bob: Any) -> None:
    for minutes_ago in (5, 4, 3, 2, 1):
        fail("carol", minutes_ago)
    assert sign_in(client, "bob").status_code == 302


@pytest.mark.parametrize(
    ("minutes_ago", "locked"),
    [
        ([5, 4, 3, 2, 1], True),
        ([16, 15.5, 15.4, 15.3, 15.2], False),  # the lockout ended 15 minutes after 15.2
        ([18, 17, 16, 15, 14], True),  # 15 minutes from the last failure, not the first
        ([40, 39, 38, 37, 36], False),
        # Five within 15 minutes of each other, the last 6 minutes ago: still locked, though
        # only one of them is in the last 15 minutes.
        ([20, 19, 18, 17, 6], True),
        # Five, but never five within 15 minutes of each other.
        ([29, 28, 12, 11, 10], False),
    ],
)
def test_the_lockout_lasts_15_minutes_from_the_failure_that_reached_the_limit(
    client: Client, bob: Any, minutes_ago: list[float], locked: bool
) -> None:
    for ago in minutes_ago:
        fail("bob", ago)
    response = sign_in(client, "bob")
    if locked:
        assert LOCKED in html(response)
        assert signed_in_as(client) is None
    else:
        assert response.status_code == 302
        assert signed_in_as(client) == str(bob.pk)


def test_locked_until_counts_from_the_failure_that_reached_the_limit() -> None:
    now = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
    minute = timedelta(minutes=1)
    times = [now - 20 * minute, now - 19 * minute, now - 18 * minute, now - 17 * minute]

    def until(failures: list[datetime]) -> datetime | None:
        return locked_until(failures, limit=5, window=15 * minute, lockout=15 * minute, now=now)

    assert until(times) is None
    assert until([*times, now - 6 * minute]) == now + 9 * minute
    assert until([*times, now - 2 * minute]) is None  # 18 minutes after the first: too spread
    assert until([*times, now - 15 * minute]) is None  # the lockout has just ended
    assert until([now - 6 * minute] * 5) == now + 9 * minute  # order and duplicates do not matter


@pytest.mark.django_db
def test_lockout_can_be_checked_at_a_given_time() -> None:
    fail("bob", 1)
    for minutes_ago in (5, 4, 3, 2):
        fail("bob", minutes_ago)
    now = timezone.now()
    assert sign_in_refused("bob", "", now=now)
    assert sign_in_refused("bob", "", now=now + timedelta(minutes=13))
    assert not sign_in_refused("bob", "", now=now + timedelta(minutes=15))
    assert not sign_in_refused("bob", "", now=now - timedelta(minutes=2))  # only 3 by then


def test_twenty_failures_from_one_address_throttle_it(client: Client, bob: Any) -> None:
    for n in range(20):
        fail(f"guess{n}", 10 - n * 0.4, ip=BUSY_IP)
    response = sign_in(client, "bob", REMOTE_ADDR=BUSY_IP)
    assert LOCKED in error_summary(html(response))
    assert signed_in_as(client) is None
    # The same user from another address is not affected.
    assert sign_in(client, "bob", REMOTE_ADDR=OTHER_IP).status_code == 302


def test_nineteen_failures_from_one_address_do_not(client: Client, bob: Any) -> None:
    for n in range(19):
        fail(f"guess{n}", 10 - n * 0.4, ip=BUSY_IP)
    assert sign_in(client, "bob", REMOTE_ADDR=BUSY_IP).status_code == 302


def test_a_throttled_address_is_refused_even_without_a_username(client: Client, bob: Any) -> None:
    for n in range(20):
        fail(f"guess{n}", 5, ip=BUSY_IP)
    page = html(client.post("/sign-in/", {"username": "", "password": ""}, REMOTE_ADDR=BUSY_IP))
    assert LOCKED in page
    assert "Enter your username" in page


# --- Idle session timeout ---------------------------------------------------------------------


def test_the_session_ends_30_minutes_after_the_last_request_and_at_browser_close() -> None:
    assert settings.SIGHTLINE_IDLE_MINUTES == 30
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True


def test_signing_in_sets_a_browser_session_cookie(client: Client, bob: Any) -> None:
    response = sign_in(client, "bob")
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == "" and cookie["expires"] == ""  # gone when the browser closes
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


def _session(client: Client) -> Session:
    return Session.objects.get(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value)


def test_each_request_moves_the_expiry_on(signed_in: Client) -> None:
    Session.objects.update(expire_date=timezone.now() + timedelta(minutes=1))
    assert signed_in.get("/").status_code == 200
    left = _session(signed_in).expire_date - timezone.now()
    assert timedelta(minutes=29) < left <= timedelta(minutes=30)


def test_a_session_idle_for_30_minutes_has_ended(signed_in: Client) -> None:
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = signed_in.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


def _csrf_token(page: str) -> str:
    found = re.search(r'<meta name="csrf-token" content="([^"]+)">', page)
    assert found is not None, "no csrf-token meta tag"
    return found.group(1)


def test_keep_alive_answers_204_and_moves_the_expiry_on(bob: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(bob)
    token = _csrf_token(html(client.get("/")))
    Session.objects.update(expire_date=timezone.now() + timedelta(minutes=1))
    response = client.post("/session/keep-alive/", HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 204
    assert response.content == b""
    assert _session(client).expire_date - timezone.now() > timedelta(minutes=29)


def test_keep_alive_needs_a_csrf_token(bob: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(bob)
    client.get("/")
    assert client.post("/session/keep-alive/").status_code == 403


def test_keep_alive_is_post_only(signed_in: Client) -> None:
    assert signed_in.get("/session/keep-alive/").status_code == 405


@pytest.mark.django_db
def test_keep_alive_needs_sign_in(client: Client) -> None:
    response = client.post("/session/keep-alive/")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")
    assert not Session.objects.exists()


def test_signed_in_pages_carry_the_idle_warning(signed_in: Client) -> None:
    page = html(signed_in.get("/"))
    body = re.search(r"<body[^>]*>", page)
    assert body is not None
    assert 'data-idle-minutes="30"' in body.group(0)
    assert 'data-idle-warning-minutes="5"' in body.group(0)
    assert 'data-keep-alive-url="/session/keep-alive/"' in body.group(0)
    dialog = re.search(r"<dialog[^>]*>.*?</dialog>", page, re.S)
    assert dialog is not None
    assert 'role="alertdialog"' in dialog.group(0)
    assert 'aria-labelledby="idle-warning-heading"' in dialog.group(0)
    assert "hidden" in dialog.group(0).split(">", 1)[0]
    assert ">Stay signed in</button>" in dialog.group(0)
    assert ">Sign out</button>" in dialog.group(0)
    assert re.search(
        r'<form method="post" action="/sign-out/" id="idle-timeout-sign-out" hidden>\s*'
        r'<input type="hidden" name="csrfmiddlewaretoken" value="\w+">\s*'
        r'<input type="hidden" name="next" value="/sign-in/\?timeout=1">',
        page,
    )


@pytest.mark.django_db
def test_the_sign_in_page_has_no_idle_warning(client: Client) -> None:
    page = html(client.get("/sign-in/"))
    assert "data-idle-minutes" not in page
    assert "idle-warning" not in page
    assert 'name="csrf-token"' not in page


def test_the_idle_script_is_a_module_loaded_by_ours() -> None:
    static = settings.BASE_DIR / "static" / "web"
    assert (
        'import { startIdleWarning } from "./idle.mjs";' in (static / "sightline.mjs").read_text()
    )
    idle = (static / "idle.mjs").read_text()
    assert "export function startIdleWarning" in idle
    assert '"X-CSRFToken"' in idle


@pytest.mark.django_db
def test_the_sign_in_page_says_why_after_a_timeout(client: Client) -> None:
    page = html(client.get("/sign-in/?timeout=1&next=/children/"))
    assert "You were signed out because you were inactive for 30 minutes." in page
    assert '<input type="hidden" name="next" value="/children/">' in page
    assert "inactive" not in html(client.get("/sign-in/"))


def test_timing_out_signs_out_and_goes_to_the_sign_in_page(signed_in: Client) -> None:
    response = signed_in.post("/sign-out/", {"next": "/sign-in/?timeout=1&next=%2F"})
    assert response.status_code == 302
    assert response["Location"] == "/sign-in/?timeout=1&next=%2F"
    assert signed_in_as(signed_in) is None


# --- Passwords --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_passwords_are_hashed_with_argon2() -> None:
    assert settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    user = get_user_model().objects.create_user("dora", password=PASSWORD)
    assert user.password.startswith("argon2$argon2id$")
    assert user.check_password(PASSWORD)


@pytest.mark.django_db
def test_an_older_hash_becomes_argon2_at_sign_in(client: Client) -> None:
    user = get_user_model().objects.create_user("eve")
    user.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    user.save()
    assert sign_in(client, "eve").status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2")


# --- CSRF and headers -------------------------------------------------------------------------


@pytest.mark.django_db
def test_sign_in_without_the_csrf_token_is_refused(fast_passwords: None) -> None:
    UserFactory(username="frank")
    strict = Client(enforce_csrf_checks=True)
    response = sign_in(strict, "frank")
    assert response.status_code == 403
    assert "_auth_user_id" not in strict.session


def test_sign_out_without_the_csrf_token_is_refused(bob: Any) -> None:
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(bob)
    assert strict.post("/sign-out/").status_code == 403
    assert strict.get("/").status_code == 200  # still signed in


PAGES = ["/", "/children/", "/children/?name=Smith", "/children/NOSUCHCHILD/", "/sign-out/"]


@pytest.mark.parametrize("url", PAGES)
def test_every_post_form_carries_a_csrf_token(signed_in: Client, url: str) -> None:
    page = html(signed_in.get(url))
    for form in re.findall(r"<form\b[^>]*>.*?</form>", page, re.S):
        if 'method="post"' in form:
            assert 'name="csrfmiddlewaretoken"' in form, form


def _assert_security_headers(response: Any) -> None:
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "'unsafe-inline'" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize("url", [*PAGES, "/no-such-page/"])
def test_signed_in_responses_have_the_security_headers(signed_in: Client, url: str) -> None:
    _assert_security_headers(signed_in.get(url))


@pytest.mark.parametrize("url", ["/sign-in/", "/sign-in/?timeout=1", "/", "/no-such-page/"])
@pytest.mark.django_db
def test_anonymous_responses_have_the_security_headers(client: Client, url: str) -> None:
    _assert_security_headers(client.get(url))


def test_keep_alive_and_sign_in_posts_have_the_security_headers(
    signed_in: Client, client: Client
) -> None:
    _assert_security_headers(signed_in.post("/session/keep-alive/"))
    _assert_security_headers(sign_in(client, "bob", "wrong password"))


# --- No secret in the repository --------------------------------------------------------------


SETTINGS_CHECK = """
import django
from django.core.exceptions import ImproperlyConfigured
try:
    django.setup()
except ImproperlyConfigured as exc:
    print("ImproperlyConfigured:", exc)
    raise SystemExit(3)
from django.conf import settings
print("started", settings.SESSION_COOKIE_AGE, settings.SECRET_KEY == DEV_KEY)
""".replace("DEV_KEY", repr(DEV_KEY))


def start_settings(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Import the settings in a fresh interpreter with nothing in the environment but ``env``."""
    clean = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "sightline.settings",
        **env,
    }
    return subprocess.run(
        [sys.executable, "-c", SETTINGS_CHECK],
        env=clean,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("env", [{}, {"DEBUG": "0"}, {"SECRET_KEY": ""}, {"DEBUG": "false"}])
def test_settings_refuse_to_start_without_a_secret_key(tmp_path: Path, env: dict[str, str]) -> None:
    result = start_settings(tmp_path, **env)
    assert result.returncode == 3, result.stdout + result.stderr
    assert "ImproperlyConfigured: SECRET_KEY is not set" in result.stdout


def test_settings_start_with_a_secret_key_or_in_debug(tmp_path: Path) -> None:
    result = start_settings(tmp_path, SECRET_KEY="x" * 50, SIGHTLINE_AUDIT_KEY="y" * 40)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.split() == ["started", "1800", "False"]
    result = start_settings(tmp_path, DEBUG="1")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.split() == ["started", "1800", "True"]  # the development key


def test_idle_minutes_come_from_the_environment(tmp_path: Path) -> None:
    result = start_settings(tmp_path, DEBUG="1", SIGHTLINE_IDLE_MINUTES="45")
    assert result.stdout.split() == ["started", "2700", "True"], result.stderr
    result = start_settings(tmp_path, DEBUG="1", SIGHTLINE_IDLE_MINUTES="5")
    assert result.returncode == 3
    assert "SIGHTLINE_IDLE_MINUTES must be at least 6" in result.stdout


TEXT_SUFFIXES = {".py", ".html", ".txt", ".mjs", ".js", ".css", ".json", ".toml", ".cfg", ".ini",
                 ".yml", ".yaml", ".env", ".md", ".sh"}  # fmt: skip
SECRET_PATTERNS = {
    "a SECRET_KEY written into the code": re.compile(
        r"""SECRET_KEY\s*[:=]\s*[rbuf]?["'](?!""" + re.escape(DEV_KEY) + r"""["'])[^"']+["']"""
    ),
    "a private key": re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----"),
    "a password in a database URL": re.compile(r"\b(?:postgres|postgresql|mysql)://[^\s:/@]+:[^\s@]+@"),
    "an AWS access key": re.compile(r"\bAKIA[0-9A-Z]{16}\b"),
}  # fmt: skip


def test_no_file_under_src_contains_a_secret() -> None:
    src = settings.BASE_DIR.parent
    found: list[str] = []
    files = 0
    for path in sorted(src.rglob("*")):
        if not path.is_file() or path.suffix not in TEXT_SUFFIXES:
            continue
        files += 1
        text = path.read_text(encoding="utf-8", errors="replace")
        for what, pattern in SECRET_PATTERNS.items():
            for match in pattern.finditer(text):
                found.append(f"{path.relative_to(src)}: {what}: {match.group(0)[:60]}")
    assert files > 50  # the walk really read the source
    assert found == []


def test_the_only_key_in_the_code_is_the_documented_development_key() -> None:
    source = (settings.BASE_DIR / "settings.py").read_text()
    assert re.findall(r'SECRET_KEY = "([^"]*)"', source) == [DEV_KEY]
    assert 'SECRET_KEY = env_secret("SECRET_KEY")' in source
    assert re.findall(r'AUDIT_KEY = "([^"]*)"', source) == [
        "sightline-insecure-audit-key-for-development-demo-and-tests"
    ]
    assert 'SIGHTLINE_AUDIT_KEY = env_secret("SIGHTLINE_AUDIT_KEY")' in source
