"""Layout, sign-in, sign-out, home and security headers."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from tests.web.factories import UserFactory

PASSWORD = "correct horse battery staple"


def html(response: Any) -> str:
    return response.content.decode()


def test_sign_in_page_renders_with_the_synthetic_data_banner(client: Client) -> None:
    response = client.get("/sign-in/")
    assert response.status_code == 200
    page = html(response)
    assert "govuk-phase-banner" in page
    assert "Gloucestershire (synthetic data)" in page
    assert "Sightline" in page
    assert 'class="govuk-skip-link"' in page
    assert 'href="#main-content"' in page and 'id="main-content"' in page
    assert '<label class="govuk-label" for="id_username">Username</label>' in page


def test_sign_in_form_carries_a_csrf_token(client: Client) -> None:
    page = html(client.get("/sign-in/"))
    assert re.search(r'<input type="hidden" name="csrfmiddlewaretoken" value="\w+"', page)


@pytest.mark.django_db
def test_sign_in_without_the_csrf_token_is_refused() -> None:
    UserFactory(username="bob")
    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/sign-in/", {"username": "bob", "password": PASSWORD})
    assert response.status_code == 403


@pytest.mark.django_db
def test_bad_credentials_show_the_error_summary_linking_to_the_username(client: Client) -> None:
    UserFactory(username="bob")
    response = client.post("/sign-in/", {"username": "bob", "password": "wrong"})
    assert response.status_code == 200
    page = html(response)
    assert 'class="govuk-error-summary"' in page
    assert '<a href="#id_username">Enter a correct username and password.' in page
    assert "<title>Error: Sign in" in page
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_empty_sign_in_says_which_fields_to_fill_in(client: Client) -> None:
    page = html(client.post("/sign-in/", {"username": "", "password": ""}))
    assert '<a href="#id_username">Enter your username</a>' in page
    assert '<a href="#id_password">Enter your password</a>' in page


@pytest.mark.django_db
def test_good_credentials_sign_in_and_go_home(client: Client) -> None:
    UserFactory(username="bob", first_name="Bob", last_name="Jones")
    response = client.post("/sign-in/", {"username": "bob", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == "/"
    assert "Signed in as Bob Jones" in html(response)


@pytest.mark.django_db
def test_sign_in_returns_to_the_page_asked_for(client: Client) -> None:
    UserFactory(username="bob")
    response = client.post(
        "/sign-in/?next=/children/", {"username": "bob", "password": PASSWORD, "next": "/children/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/children/"


@pytest.mark.parametrize("url", ["/", "/children/", "/children/?name=smith", "/children/GL1/"])
def test_anonymous_user_is_sent_to_sign_in(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/?next=/")


def test_home_says_who_is_signed_in_and_links_to_find_a_child(signed_in: Client) -> None:
    page = html(signed_in.get("/"))
    assert "Signed in as Alice Okafor, social worker in Cheltenham safeguarding." in page
    assert 'href="/children/"' in page


def test_home_keeps_an_acronym_in_the_role_inside_its_sentence(client: Client, db: None) -> None:
    """ "Child protection chair / IRO" reads "child protection chair / IRO", not "... / iro"."""
    from sightline.access.models import AccessProfile
    from sightline.access.roles import Role
    from tests.web.factories import TeamFactory, WorkerFactory

    user = UserFactory(username="chair", first_name="Jen", last_name="Hawkins")
    AccessProfile.objects.create(user=user, role=Role.REVIEWING_OFFICER.value)
    WorkerFactory(user=user, team=TeamFactory(name="Reviewing"), role=Role.REVIEWING_OFFICER.value)
    client.force_login(user)
    page = html(client.get("/"))
    assert "Signed in as Jen Hawkins, child protection chair / IRO in Reviewing." in page


def test_sign_out_is_a_post_form_with_a_csrf_token(signed_in: Client) -> None:
    page = html(signed_in.get("/"))
    form = re.search(r'<form method="post" action="/sign-out/".*?</form>', page, re.S)
    assert form is not None
    assert "csrfmiddlewaretoken" in form.group(0)
    assert signed_in.get("/sign-out/").status_code == 405


def test_sign_out_signs_the_user_out(signed_in: Client) -> None:
    response = signed_in.post("/sign-out/")
    assert response.status_code == 302
    assert response["Location"] == "/sign-in/"
    assert signed_in.get("/").status_code == 302


def test_security_headers_are_present(client: Client) -> None:
    response = client.get("/sign-in/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize(
    "url", ["/", "/children/", "/children/?name=Hargreaves", "/children/GL0001234/"]
)
def test_pages_have_one_h1_no_inline_script_or_style_and_the_banner(
    signed_in: Client, lily: Any, url: str
) -> None:
    page = html(signed_in.get(url))
    assert page.count("<h1") == 1
    scripts = re.findall(r"<script\b[^>]*>", page)
    assert scripts == [f'<script type="module" src="{settings.STATIC_URL}web/sightline.mjs">']
    assert "<style" not in page
    assert not re.search(r"\sstyle=", page)
    assert "Gloucestershire (synthetic data)" in page


def test_pages_load_govuk_frontend_and_our_module_from_static(client: Client) -> None:
    page = html(client.get("/sign-in/"))
    assert 'href="/static/govuk/govuk-frontend.min.css"' in page
    assert 'src="/static/web/sightline.mjs"' in page


def test_our_script_module_starts_govuk_frontend() -> None:
    module = (settings.BASE_DIR / "static" / "web" / "sightline.mjs").read_text()
    assert 'import { initAll } from "../govuk/govuk-frontend.min.js";' in module
    assert "js-enabled govuk-frontend-supported" in module
    assert "initAll();" in module


def test_govuk_font_urls_in_the_precompiled_css_lead_to_the_static_files(client: Client) -> None:
    response = client.get("/assets/fonts/light-94a07e06a1-v2.woff2")
    assert response.status_code == 301
    assert response["Location"] == "/static/govuk/assets/fonts/light-94a07e06a1-v2.woff2"


@pytest.mark.parametrize(
    "path", ["/assets/../settings.py", "/assets/other/x.css", "/assets/fonts/"]
)
def test_only_govuk_font_and_image_paths_are_redirected(client: Client, path: str) -> None:
    assert client.get(path).status_code == 404


GOVUK_CSS = settings.GOVUK_FRONTEND_DIST / "govuk-frontend.min.css"


def test_govuk_frontend_css_and_fonts_are_served_as_static_files(client: Client) -> None:
    css = client.get("/static/govuk/govuk-frontend.min.css")
    assert css.status_code == 200
    assert css["Content-Type"].startswith("text/css")
    for url in re.findall(r"url\((/assets/fonts/[^)]+)\)", b"".join(css).decode()):
        font = client.get(url, follow=True)
        assert font.status_code == 200, url
    js = client.get("/static/govuk/govuk-frontend.min.js")
    assert js.status_code == 200
    assert js["Content-Type"].startswith("text/javascript")
    module = client.get("/static/web/sightline.mjs")
    assert module["Content-Type"].startswith("text/javascript")


def test_pages_about_children_are_not_cached(signed_in: Client, lily: Any) -> None:
    for url in ["/", "/children/?name=Hargreaves", "/children/GL0001234/"]:
        assert "no-store" in signed_in.get(url)["Cache-Control"]
