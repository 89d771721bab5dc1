"""Ofsted's Annex A as pages (decision 0033): the lists on a date, each a page of rows linking
to the children's records, and the workbook to download. For the authority-wide roles and the
inspector in their window; every list reads the children through the access policy and is
audited as a listing (the download as an export too)."""

from __future__ import annotations

import datetime as dt
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from sightline.access.audit import record_export, record_listing
from sightline.access.policy import Viewer, viewer_for, visible_children
from sightline.access.roles import AUTHORITY_WIDE
from sightline.returns import annex_a
from sightline.web.forms import DATE_PARTS, DateField, ErrorSummaryMixin
from sightline.web.pagination import paginate_request

PER_PAGE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def may_see_annex_a(viewer: Viewer) -> bool:
    """The authority-wide roles, and the inspector while their visit lasts."""
    return viewer.active and viewer.role in AUTHORITY_WIDE


class AnnexADateForm(ErrorSummaryMixin, forms.Form):
    date = DateField(
        label="Date of the lists",
        required=False,
        help_text="The first day of the inspection: the lists cover the six months (lists 1 "
        "to 9) or twelve months (lists 10 and 11) before it. For example, 23 11 2026",
    )

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_date(self) -> dt.date | None:
        day = self.cleaned_data.get("date")
        if day is not None and day > self.today:
            raise ValidationError(
                "Date of the lists must be today or in the past",
                code="future",
                params={"parts": list(DATE_PARTS)},
            )
        return day


def _lists_date(request: HttpRequest) -> tuple[AnnexADateForm, date, str]:
    """The form, the lists' date (today unless a valid one was given) and the query string
    that keeps it in links."""
    today = timezone.localdate()
    form = AnnexADateForm(request.GET or None, today=today)
    as_of = today
    if form.is_bound and form.is_valid() and form.cleaned_data["date"]:
        as_of = form.cleaned_data["date"]
    query = ""
    if as_of != today:
        query = urlencode(
            {"date-day": as_of.day, "date-month": as_of.month, "date-year": as_of.year}
        )
    return form, as_of, query


def _shown(value: Any) -> str:
    """A cell as the workbook shows it: dates dd/mm/yyyy, nothing for a blank."""
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    return "" if value is None else str(value)


def _refused(request: HttpRequest) -> HttpResponse:
    return render(request, "returns/annex_a_not_allowed.html", {"page": "annex-a"}, status=403)


@login_required
def lists(request: HttpRequest) -> HttpResponse:
    if not may_see_annex_a(viewer_for(request.user)):
        return _refused(request)
    form, as_of, query = _lists_date(request)
    spec = annex_a.spec()
    return render(
        request,
        "returns/annex_a.html",
        {
            "page": "annex-a",
            "form": form,
            "as_of": as_of,
            "query": query,
            "lists": spec.lists,
            "spec": spec,
            "six": annex_a.Window(as_of).six,
            "twelve": annex_a.Window(as_of).twelve,
        },
    )


@login_required
def one_list(request: HttpRequest, number: int) -> HttpResponse:
    if not may_see_annex_a(viewer_for(request.user)):
        return _refused(request)
    try:
        item = annex_a.spec().list(number)
    except KeyError:
        raise Http404("No such list") from None
    form, as_of, query = _lists_date(request)
    found = annex_a.rows(number, as_of, visible_children(request.user))
    rows = paginate_request(request, found, PER_PAGE, anchor="rows")
    record_listing(
        f"Annex A list {number} on {as_of:%Y-%m-%d}",
        [row["_pk"] for row in rows],
        request,
        {"annex_a_list": number, "as_of": as_of.isoformat()},
    )
    window = annex_a.Window(as_of)
    return render(
        request,
        "returns/annex_a_list.html",
        {
            "page": "annex-a",
            "form": form,
            "item": item,
            "as_of": as_of,
            "window_from": window.first(item.window_months),
            "query": query,
            "rows": rows,
            "cells": [
                (
                    row["child_id"],
                    row["_name"],
                    [_shown(row.get(c.field)) for c in item.columns[1:]],
                )
                for row in rows
            ],
            "headers": item.headers[1:],
            "first_header": item.headers[0],
        },
    )


@login_required
def download(request: HttpRequest) -> HttpResponse:
    if not may_see_annex_a(viewer_for(request.user)):
        return _refused(request)
    _form, as_of, _query = _lists_date(request)
    found = annex_a.build(as_of, visible_children(request.user))
    content = annex_a.workbook_bytes(found, as_of)
    children = annex_a.children_in(found)
    counts = {annex_a.spec().list(n).sheet: len(rows) for n, rows in found.items()}
    record_export(
        f"Annex A on {as_of:%Y-%m-%d} ({len(children)} children) downloaded",
        {"return": "annex-a", "as_of": as_of.isoformat(), "rows": counts},
    )
    record_listing(f"the Annex A workbook on {as_of:%Y-%m-%d}", children, request)
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="annex-a-{as_of:%Y-%m-%d}.xlsx"'
    return response
