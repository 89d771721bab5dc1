"""The inspection-readiness pack as a page, its PDF and its figures (decision 0033): for the
roles that produce the authority's returns and figures. The page names no child; the Annex A
workbook it links to is the Annex A download, audited there."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sightline.access.audit import record_export
from sightline.access.commands import RETURNS
from sightline.access.policy import Viewer, viewer_for
from sightline.inspection import pack as packs
from sightline.returns.views import XLSX, _lists_date


def may_see_pack(viewer: Viewer) -> bool:
    """Senior leaders, performance analysts, the data protection officer and administrators:
    those who may run the returns' commands (``COMMAND_ROLES["export"]``)."""
    return viewer.active and viewer.role in RETURNS


def _refused(request: HttpRequest) -> HttpResponse:
    return render(request, "inspection/not_allowed.html", {"page": "inspection-pack"}, status=403)


@login_required
def pack_page(request: HttpRequest) -> HttpResponse:
    if not may_see_pack(viewer_for(request.user)):
        return _refused(request)
    form, as_of, query = _lists_date(request)
    return render(
        request,
        "inspection/page.html",
        {
            "page": "inspection-pack",
            "form": form,
            "query": query,
            "pack": packs.build_pack(as_of),
            "standalone": False,
        },
    )


@login_required
def pack_pdf(request: HttpRequest) -> HttpResponse:
    if not may_see_pack(viewer_for(request.user)):
        return _refused(request)
    _form, as_of, _query = _lists_date(request)
    pack = packs.build_pack(as_of)
    content = packs.pdf_bytes(packs.render_document(pack))
    record_export(
        f"Inspection readiness pack on {as_of:%Y-%m-%d} (PDF) downloaded",
        {"pack": "pdf", "as_of": as_of.isoformat()},
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="inspection-pack-{as_of:%Y-%m-%d}.pdf"'
    return response


@login_required
def pack_figures(request: HttpRequest) -> HttpResponse:
    if not may_see_pack(viewer_for(request.user)):
        return _refused(request)
    _form, as_of, _query = _lists_date(request)
    content = packs.figures_bytes(packs.build_pack(as_of))
    record_export(
        f"Inspection readiness pack on {as_of:%Y-%m-%d} (figures) downloaded",
        {"pack": "figures", "as_of": as_of.isoformat()},
    )
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="inspection-pack-figures-{as_of:%Y-%m-%d}.xlsx"'
    )
    return response
