"""Figures: server time of the leaders' dashboard and of a drill-down (issue 16).

    .venv/bin/python bench/insight.py [--children 135000] [--seed 1] [--runs 5]
                                      [--databases sqlite,postgres] [--rebuild]

On the benchmarks' shared synthetic authority of ``--children`` and ``--seed`` on each database
(bench/_authority.py: built once as of 2026-12-06 with its figures kept as of that day, reused
by every script unless --rebuild):

- **store (every window)** and **store (year to date)**: ``sightline figures store`` as of
  today (the three complete collection years and the year to date, decision 0036) and
  ``sightline figures store --year-to-date`` (what a 15-minute schedule runs), once each;

then, in one process per database, with Django's test client (middleware, access policy,
audit, queries, templates), signed in as a senior leader:

- **dashboard**: GET ``/figures/``: every KPI for the three collection years and the year to
  date, read from the kept figures, with how many children of each headline fail a DfE rule;
- **dashboard (year to date live)**: the same with the kept year to date removed (in a
  transaction rolled back after), so the year to date is computed from the records on the
  request: what the dashboard costs between a day's first request and the schedule's store;
- **drill-down**: the children in re-referrals' 2025-26 denominator (``/figures/RE_REFERRALS/
  children/?window=2026&part=denominator``, a page of 50 through the access policy, audited);
- **drill-down (year to date)**: the same for the kept year to date;
- **KPI page**: ``/figures/RE_REFERRALS/``, the kept years read and the year to date computed.

Reports median and the slowest of ``--runs`` runs in milliseconds against the targets at
200,000 children (dashboard < 1 s, drill-down < 300 ms). Writes
bench/results/insight-<children>.{json,md} (a run on one database keeps the other's figures).
"""

from __future__ import annotations

import argparse
import json
import os
import time
from typing import Any

from _authority import (
    AS_OF,
    add_arguments,
    authority,
    load_average,
    machine,
    measure_in_child,
    read_results,
    setup_django,
    sightline,
    summary,
    write_results,
)

TARGETS_MS = {"dashboard": 1000.0, "drill-down": 300.0, "drill-down (year to date)": 300.0}


def measure(runs: int, children: int) -> dict[str, Any]:
    """In this process, on the database DATABASE_URL names."""
    os.environ["SIGHTLINE_CHILD_POPULATION"] = str(children)
    setup_django("bench-insight-audit-key-not-secret")
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.test import Client
    from django.utils import timezone

    from sightline.access.models import AccessProfile
    from sightline.access.roles import Role
    from sightline.insight.models import StoredFigure

    user, _ = get_user_model().objects.get_or_create(username="bench.senior.leader")
    AccessProfile.objects.update_or_create(user=user, defaults={"role": Role.SENIOR_LEADER})
    client = Client()
    client.force_login(user)

    def timed(url: str) -> float:
        started = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - started
        if response.status_code != 200:
            raise SystemExit(f"bench/insight.py: {response.status_code} from {url}")
        return elapsed

    timed("/figures/")  # the process's first request (imports, reference data) not counted
    dashboard = [timed("/figures/") for _ in range(runs)]
    live = []
    with transaction.atomic():
        StoredFigure.objects.filter(window__startswith="rolling-").delete()
        live = [timed("/figures/") for _ in range(runs)]
        transaction.set_rollback(True)
    drill = "/figures/RE_REFERRALS/children/?window=2026&part=denominator"
    drill_downs = [timed(drill) for _ in range(runs)]
    to_date = f"rolling-{timezone.localdate().isoformat()}"
    drill_to_date = [
        timed(f"/figures/RE_REFERRALS/children/?window={to_date}&part=denominator")
        for _ in range(runs)
    ]
    kpi = [timed("/figures/RE_REFERRALS/") for _ in range(runs)]
    return {
        "dashboard": summary(dashboard),
        "dashboard (year to date live)": summary(live),
        "drill-down": summary(drill_downs),
        "drill-down (year to date)": summary(drill_to_date),
        "KPI page": summary(kpi),
    }


def store(url: str) -> dict[str, Any]:
    """``sightline figures store`` as of today, then ``--year-to-date``: one run each."""
    found = {}
    for name, extra in (("store (every window)", []), ("store (year to date)", ["--year-to-date"])):
        seconds, _ = sightline(["figures", "store", *extra], url)
        found[name] = summary([seconds])
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    add_arguments(parser)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.runs, args.children)))
        return
    results: dict[str, Any] = {
        "authority": f"{args.children} children, seed {args.seed}, as of {AS_OF}",
        "machine": machine(),
        "load_average_at_start": load_average(),
        "targets_ms_at_200000": TARGETS_MS,
        "databases": {},
    }
    for kind in args.databases:
        url = authority(kind, args.children, args.seed, args.rebuild)
        stored = store(url)
        measured = measure_in_child(
            __file__, ["--runs", str(args.runs), "--children", str(args.children)], url
        )
        results["databases"][kind] = {**stored, **measured}
    results["load_average_at_end"] = load_average()
    name = f"insight-{args.children}"
    earlier = read_results(name)
    if earlier:  # a run on one database keeps the other's figures, with their conditions
        for kind, figures in earlier.get("databases", {}).items():
            if kind not in results["databases"]:
                results["databases"][kind] = figures
                results.setdefault("earlier_runs", {})[kind] = {
                    k: earlier.get(k) for k in ("load_average_at_start", "load_average_at_end")
                }
    lines = [
        "# Leaders' figures: server time",
        "",
        f"Authority: {results['authority']}. Machine: {results['machine']}; load average "
        f"{results['load_average_at_start']:.1f} at the start, "
        f"{results['load_average_at_end']:.1f} at the end. `bench/insight.py` (its docstring "
        "says what is timed).",
        "",
        "| database | page | n | median ms | max ms | target (200,000 children) |",
        "|---|---|---|---|---|---|",
    ]
    for kind, figures in results["databases"].items():
        for page, f in figures.items():
            target = TARGETS_MS.get(page.removesuffix(" (year to date live)"))
            mark = "" if target is None else f"< {target:.0f} ms"
            lines.append(
                f"| {kind} | {page} | {f['n']} | {f['median_ms']} | {f['max_ms']} | {mark} |"
            )
    write_results(name, results, lines)


if __name__ == "__main__":
    main()
