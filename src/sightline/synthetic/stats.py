"""What a synthetic authority came to: rows by kind and rates per collection year (set-based)."""

from __future__ import annotations

from datetime import date, timedelta

from django.apps import apps
from django.db.models import Count, Exists, Min, OuterRef, Q

from sightline.care.models import CarePlan, MissingEpisode, PeriodOfCare, Placement
from sightline.core.calendar import add_working_days
from sightline.leaving_care.eligibility import CarePeriod, birthday
from sightline.leaving_care.models import Activity, HomelessPresentation, InTouch
from sightline.leaving_care.queries import CARE_LEAVER_CATEGORIES, care_leavers, counted_periods
from sightline.protection.models import (
    AllegationToLADO,
    CareProceedings,
    ChildInNeedMeeting,
    ChildProtectionPlan,
    CoreGroupMeeting,
    PrivateFosteringArrangement,
    Referral,
    Section47Enquiry,
    Visit,
)
from sightline.synthetic.leaving import NEET, PA_STANDARD_WORKING_DAYS, became_eligible
from sightline.workforce.models import Allocation, Worker

APPS = (
    "people",
    "workforce",
    "frontdoor",
    "protection",
    "care",
    "leaving_care",
    "chronology",
    "timescales",
)
AGE_GROUPS = ((16, 17), (18, 21), (22, 24))


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
            **leaving_care_by_year(start, end),
            **timescale_records_by_year(start, end),
        }
    return out


def leaving_care_by_year(start: date, end: date) -> dict[str, float]:
    """Counts (not rates) for one collection year: care leavers at 31 March by age, personal
    advisers allocated within the local standard, NEET at 19-21, homeless 16/17-year-olds,
    missing episodes."""
    by_age = dict.fromkeys(AGE_GROUPS, 0)
    for leaver in care_leavers(end):
        if leaver.category not in CARE_LEAVER_CATEGORIES:
            continue
        born = leaver.child.birth_date
        assert born is not None
        for low, high in AGE_GROUPS:
            if birthday(born, low) <= end < birthday(born, high + 1):
                by_age[(low, high)] += 1
    missing = MissingEpisode.objects.filter(started_at__date__range=(start, end)).aggregate(
        n=Count("pk"), children=Count("child", distinct=True)
    )
    homeless = HomelessPresentation.objects.filter(presented_on__range=(start, end)).aggregate(
        n=Count("pk"), bnb=Count("pk", filter=Q(is_bed_and_breakfast=True))
    )
    timely, eligible = pa_within_standard(start, end)
    neet, known = neet_19_to_21(start, end)
    return {
        **{f"care leavers {low}-{high} at 31 March (n)": n for (low, high), n in by_age.items()},
        "became eligible (n)": eligible,
        f"PA within {PA_STANDARD_WORKING_DAYS} working days %": round(100 * timely / eligible, 1)
        if eligible
        else 0.0,
        "NEET at 19-21 % (38)": round(100 * neet / known, 1) if known else 0.0,
        "homeless 16/17 presentations (n)": homeless["n"] or 0,
        "of which in B&B (n)": homeless["bnb"] or 0,
        "missing episodes (n)": missing["n"] or 0,
        "children missing (n)": missing["children"] or 0,
    }


def pa_within_standard(start: date, end: date) -> tuple[int, int]:
    """Of the young people who became eligible in the year, how many had a personal adviser
    allocated within the local standard (working days from the day they became eligible)."""
    periods: dict[int, list[CarePeriod]] = {}
    births: dict[int, date] = {}
    rows = (
        counted_periods(end)
        .filter(child__birth_date__gt=start - timedelta(days=366 * 18))
        .filter(child__birth_date__lte=end - timedelta(days=365 * 16))
        .values_list("child_id", "child__birth_date", "started_on", "ended_on")
        .order_by("child_id", "started_on")
    )
    for child_id, born, started, ended in rows:
        if born is None:
            continue
        periods.setdefault(child_id, []).append(CarePeriod(started, ended))
        births[child_id] = born
    became = {}
    for child_id, child_periods in periods.items():
        day = became_eligible(births[child_id], child_periods)
        if day is not None and start <= day <= end:
            became[child_id] = day
    first_pa = dict(
        Allocation.objects.filter(kind=Allocation.Kind.PERSONAL_ADVISER, child_id__in=list(became))
        .values("child_id")
        .annotate(first=Min("started_on"))
        .values_list("child_id", "first")
    )
    timely = sum(
        1
        for child_id, day in became.items()
        if child_id in first_pa
        and first_pa[child_id] <= add_working_days(day, PA_STANDARD_WORKING_DAYS)
    )
    return timely, len(became)


def neet_19_to_21(start: date, end: date) -> tuple[int, int]:
    """OC3 activity recorded around the 19th, 20th or 21st birthday (with the in-touch record
    of the same day) in the year: how many NEET, of how many recorded (no information
    included, as the DfE counts it)."""
    recorded = InTouch.objects.filter(child=OuterRef("child"), recorded_on=OuterRef("from_date"))
    rows = (
        Activity.objects.filter(from_date__range=(start, end))
        .filter(Exists(recorded))
        .values_list("code", "from_date", "child__birth_date")
    )
    neet = known = 0
    window = timedelta(days=60)  # OC3 is recorded around the birthday
    for code, day, born in rows:
        if born is not None and birthday(born, 19) - window <= day < birthday(born, 22) - window:
            known += 1
            neet += code in NEET
    return neet, known


def timescale_records_by_year(start: date, end: date) -> dict[str, float]:
    """Counts for one collection year of the records the timescales read: meetings, care and
    placement plans, personal adviser contacts, private fostering, the LADO, proceedings."""
    year = (start, end)
    cin = ChildInNeedMeeting.objects.filter(held_on__range=year).aggregate(
        meetings=Count("pk", filter=Q(kind="meeting")), reviews=Count("pk", filter=Q(kind="review"))
    )
    durations = [
        (concluded - issued).days
        for issued, concluded in CareProceedings.objects.filter(
            concluded_on__range=year
        ).values_list("issued_on", "concluded_on")
        if concluded is not None
    ]
    concluded = len(durations)
    in_26_weeks = sum(1 for days in durations if days < 26 * 7)  # beginning with the issue
    return {
        "core group meetings (n)": CoreGroupMeeting.objects.filter(held_on__range=year).count(),
        "CIN meetings (n)": cin["meetings"] or 0,
        "CIN reviews (n)": cin["reviews"] or 0,
        "care plans (n)": CarePlan.objects.filter(agreed_on__range=year).count(),
        "placement plans (n)": Placement.objects.filter(placement_plan_on__range=year).count(),
        "PA contacts (n)": Visit.objects.filter(purpose="pa", visited_on__range=year).count(),
        "private fostering notified (n)": PrivateFosteringArrangement.objects.filter(
            notified_on__range=year
        ).count(),
        "LADO referrals (n)": AllegationToLADO.objects.filter(referred_on__range=year).count(),
        "proceedings issued (n)": CareProceedings.objects.filter(issued_on__range=year).count(),
        "proceedings concluded (n)": concluded,
        "of which in 26 weeks %": round(100 * in_26_weeks / concluded, 1) if concluded else 0.0,
    }


#: Case-holding roles and the allocation kinds that make their caseload.
CASELOAD_KINDS = {
    "social_worker": ("social_worker",),
    "family_support_worker": ("family_support_worker", "lead_practitioner"),
    "personal_adviser": ("personal_adviser",),
    "reviewing_officer": ("reviewing_officer", "cp_chair"),
}


def caseloads(on: date) -> dict[str, dict[str, float]]:
    """Open cases per worker of each case-holding role on ``on`` (one query per role): how
    many workers, the mean, the median and the largest caseload."""
    result: dict[str, dict[str, float]] = {}
    current = Q(allocations__started_on__lte=on) & (
        Q(allocations__ended_on__isnull=True) | Q(allocations__ended_on__gt=on)
    )
    for role, kinds in CASELOAD_KINDS.items():
        loads = sorted(
            Worker.objects.filter(role=role)
            .annotate(cases=Count("allocations", filter=current & Q(allocations__kind__in=kinds)))
            .values_list("cases", flat=True)
        )
        if loads:
            result[role] = {
                "workers": len(loads),
                "mean": round(sum(loads) / len(loads), 1),
                "median": float(loads[len(loads) // 2]),
                "most": float(loads[-1]),
            }
    return result
