"""Sightline settings: one module, driven by environment variables.

Every value that comes from the environment is parsed here and a bad value stops start-up
with a message naming the variable (healthchecks' habit: fail fast).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent  # the checkout (src/sightline -> repo root)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}"
    )


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {raw!r}") from exc


def database_from_url(url: str) -> dict[str, Any]:
    """Parse DATABASE_URL: sqlite:///path (relative to the working directory) or postgres://…"""
    scheme = url.split(":", 1)[0].lower()
    if scheme not in {"sqlite", "postgres", "postgresql"}:
        raise ImproperlyConfigured(
            f"DATABASE_URL must start with sqlite://, postgres:// or postgresql://; got {url!r}"
        )
    try:
        config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=60))
    except Exception as exc:  # the library raises several kinds
        raise ImproperlyConfigured(f"DATABASE_URL could not be read: {exc}") from exc
    if scheme == "sqlite":
        config["CONN_MAX_AGE"] = 0
        # WAL: pages read while the background worker writes. A writer (every page view
        # writes its audit row) waits up to 20 s for another writer, such as a data check
        # saving its results, instead of SQLite's default 5 s; IMMEDIATE takes the write lock
        # when a transaction starts, so two writers wait in turn instead of one failing.
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
        }
        name = str(config.get("NAME") or "")
        if not name or name == ":memory:":
            raise ImproperlyConfigured(
                "DATABASE_URL for SQLite must name a file: sqlite:///path.db"
            )
        config["NAME"] = str(Path(name).expanduser().resolve())
    return config


def env_secret(name: str) -> str:
    """A secret from ``NAME`` or from the file ``NAME_FILE`` names (its contents, stripped)."""
    value = os.environ.get(name, "")
    path = os.environ.get(f"{name}_FILE", "")
    if value and path:
        raise ImproperlyConfigured(f"set {name} or {name}_FILE, not both")
    if path:
        try:
            value = Path(path).expanduser().read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as exc:
            raise ImproperlyConfigured(f"{name}_FILE {path!r} cannot be read: {exc}") from None
        if not value:
            raise ImproperlyConfigured(f"{name}_FILE {path!r} is empty")
    return value


DEBUG = env_bool("DEBUG", False)
SIGHTLINE_DEMO = env_bool("SIGHTLINE_DEMO", False)
TESTING = bool(os.environ.get("PYTEST_VERSION"))

# The names of this computer (and "testserver", the in-process name of Django's test client):
# the only hosts the demo with its public keys may answer to.
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]", "::1", "testserver")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
_ONLY_LOOPBACK = all(host in LOOPBACK_HOSTS for host in ALLOWED_HOSTS)

# Plain http on this computer: development (DEBUG), the tests, or the demo (`sightline demo`
# serves http://127.0.0.1:8000) answering only to this computer's names. Only then may the
# public development keys be used, and only then are cookies sent over plain http and no
# redirect to https made. Anything else is a deployment, and is safe by default.
LOCAL_HTTP = DEBUG or TESTING or (SIGHTLINE_DEMO and _ONLY_LOOPBACK)

_PUBLIC_SECRET_KEY = "sightline-insecure-development-key-not-for-production-use"
_PUBLIC_AUDIT_KEY = "sightline-insecure-audit-key-for-development-demo-and-tests"


def _refused(name: str) -> ImproperlyConfigured:
    why = (
        "the demo's public key is only for the demo served on this computer, and ALLOWED_HOSTS "
        f"names {', '.join(h for h in ALLOWED_HOSTS if h not in LOOPBACK_HOSTS)}"
        if SIGHTLINE_DEMO
        else "DEBUG=1 allows a development key"
    )
    return ImproperlyConfigured(
        f"{name} is not set. Set it (or {name}_FILE) to a long random value ({why})."
    )


SECRET_KEY = env_secret("SECRET_KEY")
if not SECRET_KEY:
    if not LOCAL_HTTP:
        raise _refused("SECRET_KEY")
    SECRET_KEY = _PUBLIC_SECRET_KEY  # plainly not a secret

# The key of the audit trail's hash chain (sightline.access.audit, decision 0012): kept outside
# the database, so that whoever can write to the database cannot rewrite the chain unseen.
# Separate from SECRET_KEY: rotating the session key must not invalidate the audit trail.
SIGHTLINE_AUDIT_KEY = env_secret("SIGHTLINE_AUDIT_KEY")
if not SIGHTLINE_AUDIT_KEY:
    if not LOCAL_HTTP:
        raise _refused("SIGHTLINE_AUDIT_KEY")
    SIGHTLINE_AUDIT_KEY = _PUBLIC_AUDIT_KEY
elif len(SIGHTLINE_AUDIT_KEY) < 32:
    raise ImproperlyConfigured("SIGHTLINE_AUDIT_KEY must be at least 32 characters")
elif SIGHTLINE_AUDIT_KEY == _PUBLIC_AUDIT_KEY and not LOCAL_HTTP:
    raise _refused("SIGHTLINE_AUDIT_KEY")
# With a public key outside development and the tests (the demo), the server also refuses any
# request that does not come from this computer, whatever address it listens on
# (sightline.deploy.LoopbackOnlyMiddleware).
_PUBLIC_KEY_IN_USE = SECRET_KEY == _PUBLIC_SECRET_KEY or SIGHTLINE_AUDIT_KEY == _PUBLIC_AUDIT_KEY
SIGHTLINE_LOOPBACK_ONLY = _PUBLIC_KEY_IN_USE and not DEBUG and not TESTING

DEFAULT_SQLITE = PROJECT_DIR / "var" / "sightline.sqlite3"
DATABASES = {
    "default": database_from_url(os.environ.get("DATABASE_URL") or f"sqlite:///{DEFAULT_SQLITE}")
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "govuk_frontend_django",
    "django_tasks",
    "django_tasks_db",
    "sightline.core",
    "sightline.people",
    "sightline.workforce",
    "sightline.frontdoor",
    "sightline.protection",
    "sightline.chronology",
    "sightline.access",
    "sightline.care",
    "sightline.leaving_care",
    "sightline.timescales",
    "sightline.returns",
    "sightline.providers",
    "sightline.validation",
    "sightline.insight",
    "sightline.inspection",
    "sightline.jobs",
    "sightline.quality",
    "sightline.synthetic",
    "sightline.web",
]

MIDDLEWARE = [
    "sightline.deploy.LoopbackOnlyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "sightline.access.session.SessionLifetimeMiddleware",
    "sightline.access.passwords.PasswordChangeRequiredMiddleware",
    "sightline.access.actor.ActorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "sightline.web.middleware.SecurityHeadersMiddleware",
]

# Background jobs (decision 0024): django-tasks, the backport of Django 6's Tasks framework,
# with its database backend. A page enqueues; `sightline db_worker` (a separate process: the
# demo starts one beside its server) takes each job from the database and runs it.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

ROOT_URLCONF = "sightline.urls"
WSGI_APPLICATION = "sightline.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sightline.web.context.authority",
                "sightline.access.session.idle_timeout",  # idle warning and timeout message
            ],
        },
    }
]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = PROJECT_DIR / "var" / "static"
# GOV.UK Frontend's compiled assets come from the npm package (make assets / make demo):
# node_modules/govuk-frontend/dist/govuk/ is served under /static/govuk/ (govuk-frontend.min.css,
# govuk-frontend.min.js, assets/fonts/, assets/images/). Without node_modules (a test run with
# no assets) the pages still render; only the styling is missing.
GOVUK_FRONTEND_DIST = PROJECT_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk"
STATICFILES_DIRS: list[Path | tuple[str, Path]] = [BASE_DIR / "static"]
if GOVUK_FRONTEND_DIST.is_dir():
    STATICFILES_DIRS.append(("govuk", GOVUK_FRONTEND_DIST))
# MoJ Frontend (timeline, sub navigation, badges) is served under /static/moj/ the same way.
MOJ_FRONTEND_DIST = PROJECT_DIR / "node_modules" / "@ministryofjustice" / "frontend" / "moj"
if MOJ_FRONTEND_DIST.is_dir():
    STATICFILES_DIRS.append(("moj", MOJ_FRONTEND_DIST))
WHITENOISE_USE_FINDERS = True
# The demo and deployments scan the static directories once, when the server starts. The tests
# build a new request handler, and so a new WhiteNoise, for every test client: scanning the
# 1,200 files of GOV.UK and MoJ Frontend each time cost 0.1-0.8 s a client. Under the tests (as
# in development) WhiteNoise looks a file up when it is asked for instead.
WHITENOISE_AUTOREFRESH = DEBUG or TESTING

# Security. Safe by default for a deployment (https only, behind a TLS proxy or not); plain
# http only on this computer (LOCAL_HTTP above: development, the tests, the demo on loopback).
# Each is configurable from the environment:
#   SECURE_SSL_REDIRECT      redirect http to https (default: on, off on this computer)
#   SECURE_PROXY_SSL_HEADER  the header a TLS-terminating proxy sets to say the request came
#                            over https, e.g. "X-Forwarded-Proto" (value https) or
#                            "X-Forwarded-Proto: https"; default none. Needed behind a proxy
#                            with SECURE_SSL_REDIRECT, else every request redirects again.
#                            Set it only when the proxy strips that header from clients.
#   SECURE_COOKIES           session and CSRF cookies only over https (default: on, off on
#                            this computer)
#   SECURE_HSTS_SECONDS      Strict-Transport-Security max-age (default one year, 0 on this
#                            computer); SECURE_HSTS_INCLUDE_SUBDOMAINS and SECURE_HSTS_PRELOAD
#                            (default on)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not LOCAL_HTTP)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not LOCAL_HTTP)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if LOCAL_HTTP else 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
if SECURE_HSTS_SECONDS < 0:
    raise ImproperlyConfigured(f"SECURE_HSTS_SECONDS must be 0 or more; got {SECURE_HSTS_SECONDS}")


def proxy_ssl_header(raw: str) -> tuple[str, str] | None:
    """``X-Forwarded-Proto`` or ``X-Forwarded-Proto: https`` -> Django's (META key, value)."""
    if not raw.strip():
        return None
    name, _, value = raw.partition(":")
    name, value = name.strip(), (value.strip() or "https")
    if not name or any(not (c.isascii() and (c.isalnum() or c == "-")) for c in name):
        raise ImproperlyConfigured(
            f"SECURE_PROXY_SSL_HEADER must be a header name such as X-Forwarded-Proto, "
            f"optionally ': value'; got {raw!r}"
        )
    return "HTTP_" + name.upper().replace("-", "_"), value


SECURE_PROXY_SSL_HEADER = proxy_ssl_header(os.environ.get("SECURE_PROXY_SSL_HEADER", ""))

# Sign-in throttling and lockout (sightline.access.signin), counted from the audit trail's
# failed sign-ins: a username with SIGHTLINE_SIGNIN_MAX_FAILURES failures within
# SIGHTLINE_SIGNIN_LOCKOUT_MINUTES is refused for SIGHTLINE_SIGNIN_LOCKOUT_MINUTES after the
# failure that reached the limit, even with the right password; one IP address likewise after
# SIGHTLINE_SIGNIN_MAX_FAILURES_PER_IP failures (whatever usernames it tried).
SIGHTLINE_SIGNIN_MAX_FAILURES = env_int("SIGHTLINE_SIGNIN_MAX_FAILURES", 5)
SIGHTLINE_SIGNIN_MAX_FAILURES_PER_IP = env_int("SIGHTLINE_SIGNIN_MAX_FAILURES_PER_IP", 20)
SIGHTLINE_SIGNIN_LOCKOUT_MINUTES = env_int("SIGHTLINE_SIGNIN_LOCKOUT_MINUTES", 15)

# Idle session timeout (sightline.access.session, static/web/idle.mjs): the session ends
# SIGHTLINE_IDLE_MINUTES after the user's last request (each request saves the session, which
# moves its expiry on) and when the browser closes; the page warns
# SIGHTLINE_IDLE_WARNING_MINUTES before the end and offers "Stay signed in".
SIGHTLINE_IDLE_MINUTES = env_int("SIGHTLINE_IDLE_MINUTES", 30)
SIGHTLINE_IDLE_WARNING_MINUTES = 5
SESSION_COOKIE_AGE = SIGHTLINE_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Absolute session lifetime (sightline.access.session): a session ends this many hours after
# sign-in however active it is.
SIGHTLINE_SESSION_MAX_HOURS = env_int("SIGHTLINE_SESSION_MAX_HOURS", 10)
for _name, _value, _least in [
    ("SIGHTLINE_SIGNIN_MAX_FAILURES", SIGHTLINE_SIGNIN_MAX_FAILURES, 1),
    ("SIGHTLINE_SIGNIN_MAX_FAILURES_PER_IP", SIGHTLINE_SIGNIN_MAX_FAILURES_PER_IP, 1),
    ("SIGHTLINE_SIGNIN_LOCKOUT_MINUTES", SIGHTLINE_SIGNIN_LOCKOUT_MINUTES, 1),
    ("SIGHTLINE_IDLE_MINUTES", SIGHTLINE_IDLE_MINUTES, SIGHTLINE_IDLE_WARNING_MINUTES + 1),
    ("SIGHTLINE_SESSION_MAX_HOURS", SIGHTLINE_SESSION_MAX_HOURS, 1),
]:
    if _value < _least:
        raise ImproperlyConfigured(f"{_name} must be at least {_least}; got {_value}")

# The authority Sightline is configured for (CONTRACTS.md: the demo and tests use 916).
AUTHORITY: dict[str, Any] = {
    "name": os.environ.get("SIGHTLINE_AUTHORITY_NAME", "Gloucestershire"),
    "la_number": os.environ.get("SIGHTLINE_LA_NUMBER", "916"),
    "ons_code": os.environ.get("SIGHTLINE_ONS_CODE", "E10000013"),
    "synthetic": env_bool("SIGHTLINE_SYNTHETIC", True),
}
# Children aged 0-17 in the authority (ONS mid-year estimate): the denominator of every rate
# per 10,000 children on the leaders' dashboard (sightline.insight). Gloucestershire's is about
# 135,000, the size of the default synthetic authority.
SIGHTLINE_CHILD_POPULATION = int(os.environ.get("SIGHTLINE_CHILD_POPULATION", "135000"))
_la_number = str(AUTHORITY["la_number"])
if not (_la_number.isdigit() and len(_la_number) == 3):
    raise ImproperlyConfigured(
        f"SIGHTLINE_LA_NUMBER must be the 3-digit DfE LA number; got {AUTHORITY['la_number']!r}"
    )

# Local standards for timescales (timescales/catalogue.py): a JSON object keyed by rule code,
# e.g. {"CP_VISIT": {"offset": "10 working days", "then": "10 working days"}}; and the school
# terms personal education plans are reviewed in, as MM-DD start days.
try:
    SIGHTLINE_LOCAL_STANDARDS: dict[str, Any] = json.loads(
        os.environ.get("SIGHTLINE_LOCAL_STANDARDS", "") or "{}"
    )
except json.JSONDecodeError as _error:
    raise ImproperlyConfigured(
        f"SIGHTLINE_LOCAL_STANDARDS must be a JSON object keyed by rule code: {_error}"
    ) from None
SIGHTLINE_TERM_STARTS = env_list("SIGHTLINE_TERM_STARTS", ["09-01", "01-01", "04-15"])

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
