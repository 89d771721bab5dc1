"""`sightline demo` (the README's first command) prepares everything a new user signs in to: a
synthetic county (with a year of supervision and oversight, decision 0039), the provider
register, the seeds' inspections with their improvement plan, six months of case audits and
feedback, the data checks, the leaders' figures kept for today, and one user per role; started
again, it builds nothing twice."""

from __future__ import annotations

import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.utils import timezone

from sightline.insight.models import StoredFigure
from sightline.insight.windows import rolling
from sightline.people.models import Person
from sightline.providers.queries import last_import
from sightline.quality.models import CaseAudit, Feedback, Inspection, Recommendation
from sightline.validation.models import ValidationRun

pytestmark = pytest.mark.django_db


def _demo(*args: str) -> str:
    out = io.StringIO()
    call_command("demo", "--no-serve", *args, stdout=out)
    return out.getvalue()


def test_the_demo_prepares_the_county_its_improvement_plan_figures_and_users() -> None:
    first = _demo("--children", "200")
    assert Person.objects.filter(kind=Person.Kind.CHILD).exists()
    assert last_import() is not None
    # The 2017, 2022 and 2025 inspections, the five 2022 recommendations among them.
    assert Inspection.objects.count() == 3
    assert Recommendation.objects.filter(inspection__inspected_on__year=2022).count() == 5
    # Six monthly samples of twelve (the last this month's), each audited; some moderated;
    # feedback every month.
    per_month = Counter(CaseAudit.objects.values_list("month", flat=True))
    assert len(per_month) == 6 and all(1 <= n <= 12 for n in per_month.values())
    audits = CaseAudit.objects.count()
    assert audits >= 48  # a 200-child county has fewer open cases in some months
    assert not CaseAudit.objects.filter(status=CaseAudit.Status.SAMPLED).exists()
    assert CaseAudit.objects.filter(status=CaseAudit.Status.MODERATED).exists()
    assert Feedback.objects.count() == 48
    assert f"Case audits: {audits} in six months; feedback: 48 items" in first
    assert ValidationRun.objects.exists()
    assert StoredFigure.objects.filter(window=rolling(timezone.localdate()).key).exists()
    for username in ("social.worker", "team.manager", "senior.leader", "inspector"):
        assert f"  {username} " in first
    again = _demo()
    assert "Building" not in again and "Loaded" not in again and "Case audits" not in again
    assert Inspection.objects.count() == 3 and CaseAudit.objects.count() == audits
    assert "senior.leader" in again  # new passwords each start
