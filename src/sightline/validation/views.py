"""The validation page for performance officers and managers: the last check of the live
records against the DfE rules, by rule, team and child, through the access policy."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from sightline.access.audit import record_export, record_listing
from sightline.access.policy import Viewer, viewer_for, visible_children
from sightline.access.roles import AUTHORITY_WIDE, MANAGERS, Role
from sightline.validation import queries
from sightline.validation.live import check_live
from sightline.validation.models import ValidationRun
from sightline.web.pagination import paginate_request

#: May see the page (each sees only the children the access policy gives them).
SEES_PAGE = (AUTHORITY_WIDE | MANAGERS) - {Role.INSPECTOR}
#: May run the check again (it reads every child's record).
MAY_RECHECK = AUTHORITY_WIDE - {Role.INSPECTOR}
KINDS = {k.value for k in ValidationRun.Return}


def may_see_data_checks(viewer: Viewer) -> bool:
    return viewer.role in SEES_PAGE


def may_check_again(viewer: Viewer) -> bool:
    return viewer.role in MAY_RECHECK


@login_required
def failures(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    if not may_see_data_checks(viewer):
        return render(request, "validation/not_allowed.html", {"page": "validation"}, status=403)
    kind = request.GET.get("return") if request.GET.get("return") in KINDS else None
    page = queries.failures_page(
        visible_children(request.user),
        timezone.localdate(),
        rule=request.GET.get("rule") or None,
        team=request.GET.get("team") or None,
        kind=kind,
        return_level=viewer.role in MAY_RECHECK,
    )
    rows = paginate_request(request, page.rows, queries.PER_PAGE, anchor="failing")
    record_listing("the data checks page", [f.child_id for f in rows if f.child_id], request)
    return render(
        request,
        "validation/failures.html",
        {
            "page": "validation",
            "data": page,
            "rows": rows,
            "rule": request.GET.get("rule") or "",
            "team": request.GET.get("team") or "",
            "kind": kind or "",
            "may_recheck": viewer.role in MAY_RECHECK,
        },
    )


@login_required
@require_POST
def check_again(request: HttpRequest) -> HttpResponse:
    if not may_check_again(viewer_for(request.user)):
        return render(request, "validation/not_allowed.html", {"page": "validation"}, status=403)
    checked = check_live()
    record_export(
        "validation of the live records against the DfE rules",
        {"page": "validation", "runs": [str(c.run) for c in checked]},
    )
    return redirect("validation")
