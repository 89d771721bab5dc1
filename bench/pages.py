"""Figures: server time of the child's record page and of a recording form's submit (issue 14),
the care tab, the personal adviser's home and the team view of the largest team (issue 15).

    .venv/bin/python bench/pages.py [--children 135000] [--seed 1] [--samples 200]
                                    [--databases sqlite,postgres] [--rebuild]
                                    [--only adviser-home|care-tab|team-view]

On the benchmarks' shared synthetic authority of ``--children`` and ``--seed`` on each database
(bench/_authority.py: built once as of 2026-12-06, reused by every script unless --rebuild),
in one process per database, with Django's test client (the whole server side: middleware,
access policy, audit row, queries, templates; no network, no browser):

- **record page**: GET ``/children/<id>/`` for ``--samples`` children allocated to one team
  manager's teams (each child once, then again: warm), signed in as that manager;
- **care tab**: GET ``/children/<id>/care/`` (placements as a timeline, legal status, the IRO's
  reviews, health and education: decision 0028) for up to ``--samples`` looked-after children
  the same manager sees (each once, then again);
- **team view**: GET ``/team-work/`` (caseloads by stage, overdue work by worker, timescale
  and team, the first page of the oldest overdue), ``--samples`` times, signed in as the manager
  of the team with the most children allocated now (the largest team), then the same filtered
  to one timescale and 28 days or more overdue (decision 0030). ``--only team-view`` times it
  alone (bench/results/pages-team-view.{json,md});
- **form submit**: POST the case note form (``/children/<id>/record/case-note/``): the form,
  the service, its domain event, the chronology entry, the audit row, the record version and the
  timescales engine's refresh of the child's obligations, then the redirect (not followed); the
  case notes stay in the shared authority;
- **personal adviser's home**: GET ``/young-people/`` signed in as each of the personal advisers
  with the most young people (up to ``--samples``, the largest caseload first), once and again
  (decision 0029). ``--only adviser-home`` times this page alone and writes
  bench/results/pages-adviser-home.{json,md}; ``--only care-tab`` the care tab alone
  (bench/results/pages-care-tab.{json,md}).

Reports median and 95th percentile in milliseconds against the targets (record, care tab, team
view and adviser's home p95 < 150 ms, submit p95 < 300 ms). Writes bench/results/pages.{json,md}.
"""

from __future__ import annotations

import argparse
import json
import time
from typing import Any

from _authority import (
    AS_OF,
    add_arguments,
    authority,
    load_average,
    machine,
    measure_in_child,
    setup_django,
    summary,
    write_results,
)

TARGETS_MS = {
    "record page": 150.0,
    "care tab": 150.0,
    "team view": 150.0,
    "team view (filtered)": 150.0,
    "form submit": 300.0,
    "personal adviser's home": 150.0,
}


def measure(samples: int, only: str = "") -> dict[str, Any]:
    """In this process, on the database DATABASE_URL names."""
    setup_django("bench-pages-audit-key-not-secret")
    from django.contrib.auth import get_user_model
    from django.db.models import Count, Exists, OuterRef, Q
    from django.test import Client

    from sightline.access.models import AccessProfile
    from sightline.access.policy import visible_children
    from sightline.access.roles import Role
    from sightline.care.models import PeriodOfCare
    from sightline.workforce.models import Worker

    # The team manager whose team holds the most current allocations (a manager of a team
    # with no children, the front door's say, would have nothing to open).
    current = Q(team__allocations__ended_on__isnull=True)
    manager = (
        Worker.objects.filter(role=Role.TEAM_MANAGER, left_on__isnull=True)
        .annotate(children=Count("team__allocations", filter=current))
        .order_by("-children", "pk")
        .first()
    )
    if manager is None:
        raise SystemExit("bench/pages.py: the synthetic authority has no team manager")
    user_model = get_user_model()
    user = manager.user
    if user is None:
        user = user_model.objects.create_user(username=f"bench.manager.{manager.pk}")
        manager.user = user
        manager.save(update_fields=["user"])
    AccessProfile.objects.update_or_create(user=user, defaults={"role": Role.TEAM_MANAGER})
    client = Client()
    client.force_login(user)
    children = list(
        visible_children(user)
        .filter(death_date__isnull=True)
        .order_by("pk")
        .values_list("la_child_id", flat=True)[:samples]
    )
    if not children:
        raise SystemExit("bench/pages.py: the manager sees no child")
    if only in ("adviser-home", "care-tab", "team-view"):
        children = []

    def timed(call: Any) -> float:
        started = time.perf_counter()
        response = call()
        elapsed = time.perf_counter() - started
        if response.status_code not in (200, 302):
            raise SystemExit(f"bench/pages.py: {response.status_code} from {response}")
        return elapsed

    team: list[float] = []
    filtered: list[float] = []
    if only in ("", "team-view"):
        # Before the form submits add case notes (they change no figure on it).
        team = [timed(lambda: client.get("/team-work/")) for _ in range(samples + 1)][1:]
        filtered = [
            timed(lambda: client.get("/team-work/?rule=CP_VISIT&days=28")) for _ in range(samples)
        ]
    team_view = (
        {
            "team": f"{manager.team.name}: "
            f"{manager.team.allocations.filter(ended_on__isnull=True).count()} current allocations",
            "team view": summary(team),
            "team view (filtered)": summary(filtered),
        }
        if team
        else {}
    )
    if only == "team-view":
        return team_view
    cold = [timed(lambda c=c: client.get(f"/children/{c}/")) for c in children]
    warm = [timed(lambda c=c: client.get(f"/children/{c}/")) for c in children]
    in_care = PeriodOfCare.objects.filter(child=OuterRef("pk"), ended_on__isnull=True)
    looked_after = (
        []
        if only == "adviser-home"
        else list(
            visible_children(user)
            .filter(Exists(in_care), death_date__isnull=True)
            .order_by("pk")
            .values_list("la_child_id", flat=True)[:samples]
        )
    )
    care_tab = [
        timed(lambda c=c: client.get(f"/children/{c}/care/"))
        for _ in range(2)
        for c in looked_after
    ]
    day, month, year = AS_OF[8:], AS_OF[5:7], AS_OF[:4]
    submit = [
        timed(
            lambda c=c: client.post(
                f"/children/{c}/record/case-note/",
                {
                    "kind": "case_note",
                    "written_on-day": day,
                    "written_on-month": month,
                    "written_on-year": year,
                    "text": "Bench: a case note written through the form.",
                },
            )
        )
        for c in children
    ]
    pages = (
        {
            "children_sampled": len(children),
            "record page": summary(cold + warm),
            "record page (first view)": summary(cold),
            "form submit": summary(submit),
        }
        if children
        else {}
    )
    care = (
        {"looked_after_sampled": len(looked_after), "care tab": summary(care_tab)}
        if care_tab
        else {}
    )
    if only == "care-tab":
        return care
    advisers, caseloads, adviser_times = young_people(samples, timed)
    return {
        **pages,
        **care,
        **team_view,
        "personal adviser's home": summary(adviser_times),
        "personal advisers sampled": advisers,
        "largest caseload": max(caseloads, default=0),
    }


def young_people(samples: int, timed: Any) -> tuple[int, list[int], list[float]]:
    """``/young-people/`` for the personal advisers with the most young people (decision
    0029): each signed in, the page read twice."""
    from django.contrib.auth import get_user_model
    from django.db.models import Count, Q
    from django.test import Client

    from sightline.access.models import AccessProfile
    from sightline.access.roles import Role
    from sightline.workforce.models import Worker

    current = Q(allocations__ended_on__isnull=True, allocations__kind="personal_adviser")
    advisers = list(
        Worker.objects.filter(role=Role.PERSONAL_ADVISER, left_on__isnull=True)
        .annotate(young_people=Count("allocations", filter=current))
        .filter(young_people__gt=0)
        .order_by("-young_people", "pk")[:samples]
    )
    if not advisers:
        raise SystemExit("bench/pages.py: the synthetic authority has no personal adviser")
    times: list[float] = []
    for adviser in advisers:
        user = adviser.user
        if user is None:
            user = get_user_model().objects.create_user(username=f"bench.adviser.{adviser.pk}")
            adviser.user = user
            adviser.save(update_fields=["user"])
        AccessProfile.objects.update_or_create(user=user, defaults={"role": Role.PERSONAL_ADVISER})
        client = Client()
        client.force_login(user)
        times += [timed(lambda c=client: c.get("/young-people/")) for _ in range(2)]
    return len(advisers), [a.young_people for a in advisers], times  # type: ignore[attr-defined]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    add_arguments(parser)
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--only", choices=["adviser-home", "care-tab", "team-view"], default="")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.samples, args.only)))
        return
    results: dict[str, Any] = {
        "authority": f"{args.children} children, seed {args.seed}, as of {AS_OF}",
        "machine": machine(),
        "load_average_at_start": load_average(),
        "targets_ms_p95": TARGETS_MS,
        "databases": {},
    }
    for kind in args.databases:
        url = authority(kind, args.children, args.seed, args.rebuild)
        only = ["--only", args.only] if args.only else []
        results["databases"][kind] = measure_in_child(
            __file__, ["--samples", str(args.samples), *only], url
        )
    stem = f"pages-{args.only}" if args.only else "pages"
    titles = {
        "adviser-home": "# The personal adviser's home: server time",
        "care-tab": "# The care tab: server time",
        "team-view": "# The team view of the largest team: server time",
    }
    lines = [
        titles.get(args.only, "# Record page and form submit: server time"),
        "",
        f"Authority: {results['authority']}. Machine: {results['machine']}; load average "
        f"{results['load_average_at_start']:.1f} at the start. `bench/pages.py` (its docstring "
        "says what is timed).",
        "",
        "| database | measure | n | median ms | p95 ms | max ms | target p95 |",
        "|---|---|---|---|---|---|---|",
    ]
    for kind, figures in results["databases"].items():
        for name in (
            "record page",
            "record page (first view)",
            "care tab",
            "team view",
            "team view (filtered)",
            "form submit",
            "personal adviser's home",
        ):
            f = figures.get(name)
            if not f:
                continue
            target = TARGETS_MS.get(name)
            mark = (
                ""
                if target is None
                else f"< {target:.0f} ms " + ("met" if f["p95_ms"] < target else "**missed**")
            )
            lines.append(
                f"| {kind} | {name} | {f['n']} | {f['median_ms']} | {f['p95_ms']} | "
                f"{f['max_ms']} | {mark} |"
            )
    for kind, figures in results["databases"].items():
        if "team" in figures:
            lines.append(f"\nTeam view on {kind}: {figures['team']}.")
    write_results(stem, results, lines)


if __name__ == "__main__":
    main()
