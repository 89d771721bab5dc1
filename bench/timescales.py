"""Benchmark: `sightline timescales rebuild` on a 200,000-child authority, and the server time
of "My work" and the team view.

    .venv/bin/python bench/timescales.py [--children 200000] [--seed 1]
        [--databases sqlite,postgres] [--rebuild] [--repeat 60] [--pages-only]

On the benchmarks' shared synthetic authority of ``--children`` and ``--seed`` on each database
(bench/_authority.py: built once as of 2026-12-06, reused by every script unless --rebuild),
times `sightline timescales rebuild --as-of 2026-12-06` (the build's date, so the obligations it
leaves are the build's) as a whole command on each, then the two pages (median and 95th
percentile of --repeat requests through Django's test client, after a warm-up, in one process
per database) for the social worker with the most open obligations and the manager of the
service with the most overdue work. ``--pages-only`` times the pages alone and keeps the
rebuild's figures from bench/results/timescales.json. Writes bench/results/timescales.{json,md}.
Targets (issue 5): rebuild under 30 s on SQLite and on PostgreSQL; pages under 150 ms (p95).
"""

from __future__ import annotations

import argparse
import json
import time
from datetime import date
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

VENDOR = {"sqlite": "sqlite", "postgres": "postgresql"}  # as timescales.json names them


def pages(repeat: int) -> dict[str, Any]:
    """Time the two pages in this process, on the database DATABASE_URL names."""
    setup_django("bench-timescales-audit-key-not-secret")
    from django.contrib.auth import get_user_model
    from django.db.models import Count
    from django.test import Client
    from django.utils import timezone

    from sightline.access.models import AccessProfile
    from sightline.access.roles import Role
    from sightline.timescales.models import Obligation
    from sightline.timescales.queries import open_at
    from sightline.workforce.models import Allocation, Team, Worker

    today = timezone.localdate()
    User = get_user_model()
    busiest = (
        Allocation.objects.filter(kind="social_worker", ended_on__isnull=True)
        .filter(child__obligations__in=Obligation.objects.filter(open_at(today)))
        .values("worker_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    assert busiest is not None, "no open obligations: did the rebuild run?"
    worker = Worker.objects.get(pk=busiest["worker_id"])
    service = Team.objects.filter(kind=Team.Kind.SERVICE).order_by("id").first()
    manager = Worker.objects.filter(team=service).first() or Worker.objects.create(
        given_name="Bench",
        family_name="Manager",
        role=Worker.Role.SERVICE_MANAGER,
        team=service,
        swe_number="SW999999",
        started_on=date(2020, 1, 1),
    )
    users = {}
    for label, w, role in (
        ("My work (busiest social worker)", worker, Role.SOCIAL_WORKER),
        ("Team view (service manager)", manager, Role.SERVICE_MANAGER),
    ):
        user, _ = User.objects.get_or_create(username=f"bench-{w.pk}")
        AccessProfile.objects.update_or_create(user=user, defaults={"role": role.value})
        if w.user_id != user.pk:
            w.user = user
            w.save(update_fields=["user"])
        users[label] = user
    results: dict[str, Any] = {"as_of_for_pages": today.isoformat()}
    for label, user in users.items():
        client = Client()
        client.force_login(user)
        url = "/my-work/" if label.startswith("My work") else "/team-work/"
        for _ in range(5):
            assert client.get(url).status_code == 200
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
        rows = response.content.decode().count("govuk-table__row") - 1
        results[label] = {**summary(times), "table_rows": rows}
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    add_arguments(parser, children=200_000)
    parser.add_argument("--repeat", type=int, default=60)
    parser.add_argument(
        "--pages-only",
        action="store_true",
        help="time only the pages; the rebuild's figures are kept from "
        "bench/results/timescales.json",
    )
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(pages(args.repeat)))
        return
    out: dict[str, Any] = (read_results("timescales") or {}) if args.pages_only else {}
    out.update(
        {
            "children": args.children,
            "seed": args.seed,
            "as_of": AS_OF,
            "measured_on": date.today().isoformat(),
            "machine": machine(),
            "target_rebuild_s": 30,
            "target_page_p95_ms": 150,
        }
    )
    out.setdefault("rebuild", {})
    for kind in args.databases:
        url = authority(kind, args.children, args.seed, args.rebuild)
        vendor = VENDOR[kind]
        if not args.pages_only:
            seconds, said = sightline(["timescales", "rebuild", "--as-of", AS_OF], url)
            out["rebuild"][vendor] = {"seconds": round(seconds, 1), "output": said}
            print(f"{vendor}: rebuild {seconds:.1f} s ({said})", flush=True)
        out[f"pages_{vendor}"] = measure_in_child(__file__, ["--repeat", str(args.repeat)], url)
    write(out)


def write(out: dict[str, Any]) -> None:
    out["load_average"] = load_average()
    lines = [
        "# Timescales: rebuild and pages",
        "",
        f"Synthetic authority of {out['children']:,} children (seed {out['seed']}, as of "
        f"{out['as_of']}), measured {out['measured_on']} on {out['machine']}; load average "
        f"{out['load_average']} at the end.",
        "",
        "| what | figure | target |",
        "|---|---:|---:|",
    ]
    for name, row in out["rebuild"].items():
        lines.append(
            f"| `timescales rebuild` on {name} (whole command) | {row['seconds']} s | < 30 s |"
        )
        lines.append(f"| ... {name} output | {row['output']} | |")
    for key, database in (("pages_sqlite", "SQLite"), ("pages_postgresql", "PostgreSQL")):
        for label, row in out.get(key, {}).items():
            if isinstance(row, dict):
                lines.append(
                    f"| {label}, {database}, {row['table_rows']} rows shown | median "
                    f"{row['median_ms']} ms, p95 {row['p95_ms']} ms | p95 < 150 ms |"
                )
    write_results("timescales", out, lines)


if __name__ == "__main__":
    main()
