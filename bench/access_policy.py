"""Benchmark: what the access policy adds to a caseload query and to a search.

    .venv/bin/python bench/access_policy.py [--children 135000] [--seed 1] [--rebuild]
        [--repeat 60]

On the benchmarks' shared SQLite authority of ``--children`` and ``--seed`` (bench/_authority.py:
built once as of 2026-12-06, reused by every script unless --rebuild; BENCH_DATABASE_URL names
another database instead), with its demo users.
For each query, times the same read with and without the policy (median and 95th percentile
of --repeat runs of each, run alternately after a warm-up) and writes
bench/results/access_policy.{json,md}.
Target (issue 3): the policy adds no more than 20%.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from datetime import date

from _authority import ROOT, add_arguments, authority, summary, write_results


def paired(
    plain: Callable[[], object], policed: Callable[[], object], repeat: int
) -> tuple[dict[str, float], dict[str, float]]:
    """Time both reads alternately, so that drift in the machine's speed hits both alike."""
    for _ in range(5):
        plain()
        policed()
    runs: tuple[list[float], list[float]] = ([], [])
    for i in range(repeat):
        order = (0, 1) if i % 2 else (1, 0)
        for which in order:
            fn = (plain, policed)[which]
            start = time.perf_counter()
            fn()
            runs[which].append(time.perf_counter() - start)

    return summary(runs[0], digits=2), summary(runs[1], digits=2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    add_arguments(parser, databases=None)
    parser.add_argument("--repeat", type=int, default=60)
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL") or authority(
        "sqlite", args.children, args.seed, args.rebuild
    )
    os.environ.update(
        DATABASE_URL=url,
        SIGHTLINE_DEMO="1",
        DJANGO_SETTINGS_MODULE="sightline.settings",
    )
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db.models import Exists, OuterRef, Q

    from sightline.access.policy import visible_children
    from sightline.people.models import Person
    from sightline.synthetic.demo import ensure_demo_users
    from sightline.web.queries import INVOLVEMENTS, search_children
    from sightline.workforce.models import Worker

    call_command("migrate", verbosity=0)
    ensure_demo_users("bench-password-1")
    User = get_user_model()
    results: dict[str, dict[str, object]] = {}
    children = Person.objects.filter(kind=Person.Kind.CHILD)
    for username in ("social.worker", "team.manager", "senior.leader"):
        user = User.objects.get(username=username)
        worker = Worker.objects.filter(user=user).first()
        team_ids = [worker.team_id] if worker else []
        caseload = Q(allocations__team_id__in=team_ids, allocations__ended_on__isnull=True)

        def plain(q: Q = caseload) -> list[int]:
            return list(
                children.filter(q).order_by("family_name", "id").values_list("pk", flat=True)
            )

        def policed(q: Q = caseload, u: object = user) -> list[int]:
            qs = visible_children(u).filter(q)  # type: ignore[arg-type]
            return list(qs.order_by("family_name", "id").values_list("pk", flat=True))

        without, with_policy = paired(plain, policed, args.repeat)
        results[f"team caseload ({username})"] = {
            "rows": len(plain()),
            "without_policy": without,
            "with_policy": with_policy,
        }

        def search_plain() -> list[int]:
            # The search page's own query (name filter, involvement flags, name order, limit)
            # over every child, with no policy.
            qs = children.filter(
                Q(given_name__icontains="smith") | Q(family_name__icontains="smith")
            )
            qs = qs.annotate(
                **{
                    f"has_{inv.key}": Exists(inv.queryset().filter(child=OuterRef("pk")))
                    for inv in INVOLVEMENTS
                }
            ).order_by("family_name", "given_name", "birth_date", "id")
            return [c.pk for c in qs[:51]]

        def search_policed(u: object = user) -> list[int]:
            found = search_children(u, name="smith")  # type: ignore[arg-type]
            return [c.pk for c in found.children + found.others]

        without, with_policy = paired(search_plain, search_policed, args.repeat)
        results[f"search 'smith' ({username})"] = {
            "rows": len(search_plain()),
            "without_policy": without,
            "with_policy": with_policy,
        }
    for row in results.values():
        base = row["without_policy"]["median_ms"]  # type: ignore[index]
        row["overhead_pct"] = (
            round(100 * (row["with_policy"]["median_ms"] / base - 1), 1) if base else None
        )  # type: ignore[index]
    out = {
        "database": os.environ["DATABASE_URL"].split("://")[0],
        "measured_on": date.today().isoformat(),
        "repeat": args.repeat,
        "target_overhead_pct": 20,
        "queries": results,
    }
    lines = [
        "# Access policy overhead",
        "",
        f"Synthetic authority of {args.children:,} children (seed {args.seed}), "
        f"{out['database']}, {args.repeat} runs each after warm-up, "
        f"measured {out['measured_on']}. Target: the policy adds at most 20%.",
        "",
        "| query | rows | without policy (median / p95 ms) | with policy (median / p95 ms) "
        "| overhead |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, row in results.items():
        w, p = row["without_policy"], row["with_policy"]
        lines.append(
            f"| {name} | {row['rows']} | {w['median_ms']} / {w['p95_ms']} | "  # type: ignore[index]
            f"{p['median_ms']} / {p['p95_ms']} | {row['overhead_pct']}% |"
        )  # type: ignore[index]
    write_results("access_policy", out, lines)


if __name__ == "__main__":
    main()
