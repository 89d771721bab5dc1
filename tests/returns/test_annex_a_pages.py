"""Annex A as pages (decision 0033): the lists on a date for the authority-wide roles and the
inspector, each row linking to the child's record, every list audited as a listing, a
restricted record left out for those it does not name, and the workbook as a download."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from sightline.access.models import AccessProfile, AuditEvent, RestrictedRecord, SearchListing
from sightline.access.roles import Role
from sightline.frontdoor.models import Contact
from sightline.people.models import Person
from sightline.protection.models import Referral
from tests.factories import ChildFactory
from tests.web.factories import UserFactory

pytestmark = pytest.mark.django_db


def signed_in(role: Role, username: str) -> Client:
    user = UserFactory(username=username)
    now = timezone.now()
    window = (
        {"valid_from": now - timedelta(days=1), "valid_until": now + timedelta(days=5)}
        if role == Role.INSPECTOR
        else {}
    )
    AccessProfile.objects.create(user=user, role=role.value, **window)
    client = Client()
    client.force_login(user)
    return client


def referred(days_ago: int, **fields: object) -> Person:
    child = ChildFactory(**fields)
    Referral.objects.create(
        child=child, referral_date=timezone.localdate() - timedelta(days=days_ago), source="2A"
    )
    return child


def test_the_inspector_sees_a_list_whose_rows_link_to_the_records_and_is_audited() -> None:
    child = referred(10, given_name="Ivy", family_name="Listed")
    referred(400, given_name="Old", family_name="Referral")  # before the window
    client = signed_in(Role.INSPECTOR, "insp")
    response = client.get(reverse("annex-a-list", args=[3]))
    assert response.status_code == 200
    page = response.content.decode()
    assert reverse("child-record", args=[child.la_child_id]) in page
    assert "Ivy Listed" in page
    assert "Old Referral" not in page
    assert "Number of Referrals in Last 12 Months" in page
    event = AuditEvent.objects.get(action=AuditEvent.Action.VIEW, username="insp")
    assert event.detail["annex_a_list"] == 3
    assert list(SearchListing.objects.values_list("listed_id", flat=True)) == [child.pk]


def test_a_restricted_record_is_left_out_for_those_it_does_not_name() -> None:
    hidden = referred(5, given_name="Hidden", family_name="Restricted")
    shown = referred(5, given_name="Shown", family_name="Plain")
    admin = UserFactory(username="the.admin")
    RestrictedRecord.objects.create(
        child=hidden,
        reason="A staff member's child",
        restricted_at=timezone.now(),
        restricted_by=admin,
    )
    page = signed_in(Role.SENIOR_LEADER, "sl").get(reverse("annex-a-list", args=[3]))
    assert shown.la_child_id in page.content.decode()
    assert hidden.la_child_id not in page.content.decode()


def test_the_lists_date_is_chosen_with_a_govuk_date_input_and_a_wrong_one_is_said_so() -> None:
    child = referred(200)
    client = signed_in(Role.PERFORMANCE_ANALYST, "pan")
    earlier = timezone.localdate() - timedelta(days=150)
    query = {"date-day": earlier.day, "date-month": earlier.month, "date-year": earlier.year}
    response = client.get(reverse("annex-a-list", args=[3]), query)
    assert child.la_child_id in response.content.decode(), "referred within 6 months of it"
    assert "date-day=" in response.content.decode(), "the date is kept in the download link"
    wrong = client.get(
        reverse("annex-a-list", args=[3]),
        {"date-day": "31", "date-month": "2", "date-year": "2026"},
    )
    assert wrong.status_code == 200
    assert "There is a problem" in wrong.content.decode()
    assert "Date of the lists must be a real date" in wrong.content.decode()
    tomorrow = timezone.localdate() + timedelta(days=1)
    future = client.get(
        reverse("annex-a"),
        {"date-day": tomorrow.day, "date-month": tomorrow.month, "date-year": tomorrow.year},
    )
    assert "must be today or in the past" in future.content.decode()


def test_list_11_says_why_it_is_empty_and_an_unknown_list_is_not_found() -> None:
    client = signed_in(Role.SENIOR_LEADER, "sl")
    response = client.get(reverse("annex-a-list", args=[11]))
    assert "Sightline does not record prospective adopters" in response.content.decode()
    assert client.get(reverse("annex-a-list", args=[12])).status_code == 404


def test_the_workbook_downloads_with_eleven_sheets_and_is_audited_as_an_export() -> None:
    child = referred(3)
    Contact.objects.create(child=child, received_at=timezone.now(), source="6")
    response = signed_in(Role.PERFORMANCE_ANALYST, "pan").get(reverse("annex-a-download"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="annex-a-')
    book = load_workbook(BytesIO(response.content), read_only=True)
    assert len(book.sheetnames) == 11
    assert len(list(book["List 3 - Referrals"].values)) == 2
    export = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert export.detail["rows"]["List 1 - Contacts"] == 1
    assert SearchListing.objects.filter(listed_id=child.pk).exists()


def test_a_social_worker_is_refused_and_offered_no_link() -> None:
    client = signed_in(Role.SOCIAL_WORKER, "sw")
    assert client.get(reverse("annex-a")).status_code == 403
    assert client.get(reverse("annex-a-download")).status_code == 403
    assert reverse("annex-a") not in client.get(reverse("home")).content.decode()
    inspector = signed_in(Role.INSPECTOR, "insp")
    assert reverse("annex-a") in inspector.get(reverse("home")).content.decode()


def test_the_lists_page_names_the_windows_of_the_date() -> None:
    from sightline.core.calendar import add_months
    from sightline.web.templatetags.sightline_web import govuk_date

    day = timezone.localdate() - timedelta(days=10)
    response = signed_in(Role.SENIOR_LEADER, "sl").get(
        reverse("annex-a"), {"date-day": day.day, "date-month": day.month, "date-year": day.year}
    )
    page = response.content.decode()
    assert f"{govuk_date(add_months(day, -6))} to {govuk_date(day)}" in page
    assert f"{govuk_date(add_months(day, -12))} to {govuk_date(day)}" in page
