"""What a synthetic authority came to: rows by kind and rates per collection year (set-based)."""

from __future__ import annotations

from datetime import date, timedelta

from django.apps import apps
from django.db.models import Count, Exists, OuterRef, Q

from sightline.care.models import PeriodOfCare
from sightline.protection.models import ChildProtectionPlan, Referral, Section47Enquiry

APPS = ("people", "workforce", "frontdoor", "protection", "care", "leaving_care", "chronology")


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for app in APPS
        for model in apps.get_app_config(app).get_models()
    }


def rates_by_year(children: int, as_of: date) -> dict[str, dict[str, float]]:
    """Per complete collection year before as_of: the measures CONTRACTS.md aims at."""
    per10k = 10_000 / children
    last = as_of.year if as_of.month >= 4 else as_of.year - 1
    out: dict[str, dict[str, float]] = {}
    for year in range(last - 2, last + 1):
        start, end = date(year - 1, 4, 1), date(year, 3, 31)
        if end > as_of:
            continue
        referrals = Referral.objects.filter(referral_date__range=(start, end))
        earlier = Referral.objects.filter(
            child=OuterRef("child"),
            referral_date__lt=OuterRef("referral_date"),
            referral_date__gte=OuterRef("referral_date") - timedelta(days=365),
        )
        counted = referrals.aggregate(n=Count("pk"), re=Count("pk", filter=Q(Exists(earlier))))
        open_at_end = Q(started_on__lte=end) & (Q(ended_on__isnull=True) | Q(ended_on__gt=end))
        plans_started = ChildProtectionPlan.objects.filter(started_on__range=(start, end))
        prior_plan = ChildProtectionPlan.objects.filter(
            child=OuterRef("child"), started_on__lt=OuterRef("started_on")
        )
        plan_counts = plans_started.aggregate(
            n=Count("pk"), second=Count("pk", filter=Q(Exists(prior_plan)))
        )
        cin_open = (
            Referral.objects.filter(referral_date__lte=end)
            .filter(Q(closure_date__isnull=True) | Q(closure_date__gt=end))
            .values("child")
            .distinct()
            .count()
        )
        n = counted["n"] or 0
        out[f"{year - 1}-{str(year)[2:]}"] = {
            "referrals (520)": round(n * per10k, 1),
            "re-referred % (22)": round(100 * (counted["re"] or 0) / n, 1) if n else 0.0,
            "s47 enquiries (190)": round(
                Section47Enquiry.objects.filter(started_on__range=(start, end)).count() * per10k, 1
            ),
            "CIN at 31 March (330)": round(cin_open * per10k, 1),
            "CP plans at 31 March (41)": round(
                ChildProtectionPlan.objects.filter(open_at_end).count() * per10k, 1
            ),
            "looked after at 31 March (67)": round(
                PeriodOfCare.objects.filter(started_on__lte=end)
                .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=end))
                .values("child")
                .distinct()
                .count()
                * per10k,
                1,
            ),
            "started care (27)": round(
                PeriodOfCare.objects.filter(started_on__range=(start, end)).count() * per10k, 1
            ),
            "2nd+ CP plan % (25)": round(100 * (plan_counts["second"] or 0) / plan_counts["n"], 1)
            if plan_counts["n"]
            else 0.0,
        }
    return out
