"""Benchmark: `sightline timescales rebuild` on a 200,000-child authority, and the server time
of "My work" and the team view.

    .venv/bin/python bench/timescales.py [--children 200000] [--seed 1] [--as-of 2026-11-23]
        [--postgres postgres://postgres@127.0.0.1:5432/sightline_bench] [--repeat 60]

Builds the synthetic authority on a fresh SQLite file (and, with --postgres, on a fresh
PostgreSQL database), then times `sightline timescales rebuild --as-of` as a whole command on
each, and the two pages (median and 95th percentile of --repeat requests through Django's test
client, after a warm-up) for the social worker with the most open obligations and the manager of
the service with the most overdue work. Writes bench/results/timescales.{json,md}.
Targets (issue 5): rebuild under 30 s on SQLite and on PostgreSQL; pages under 150 ms (p95).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
SIGHTLINE = str(ROOT / ".venv" / "bin" / "sightline")


def run(args: list[str], env: dict[str, str]) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run([SIGHTLINE, *args], env=env, check=True, capture_output=True, text=True)
    return time.perf_counter() - started, done.stdout.strip()


def build(url: str, args: argparse.Namespace) -> dict[str, str]:
    env = {**os.environ, "DATABASE_URL": url, "SIGHTLINE_DEMO": "1"}
    if url.startswith("sqlite"):
        path = Path(url.removeprefix("sqlite:///"))
        path.parent.mkdir(exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    else:
        import psycopg

        base, name = url.rsplit("/", 1)
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
    run(["migrate", "--noinput", "-v0"], env)
    run(
        [
            "synth",
            "--children",
            str(args.children),
            "--seed",
            str(args.seed),
            "--as-of",
            args.as_of,
        ],
        env,
    )
    return env


def pages(env: dict[str, str], as_of: str, repeat: int) -> dict[str, Any]:
    """Time the two pages in this process against the database in ``env``."""
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sightline.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
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
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        rows = response.content.decode().count("govuk-table__row") - 1
        results[label] = {
            "median_ms": round(statistics.median(times), 1),
            "p95_ms": round(times[int(0.95 * (len(times) - 1))], 1),
            "table_rows": rows,
        }
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--children", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--as-of", default="2026-11-23")
    parser.add_argument("--postgres", default="")
    parser.add_argument("--repeat", type=int, default=60)
    parser.add_argument(
        "--pages-only",
        metavar="SQLITE_FILE|POSTGRES_URL",
        help="time only the pages, on an authority built before (a SQLite file this script "
        "built, or a postgres:// URL of one `sightline synth` built); the other figures are "
        "kept from bench/results/timescales.json",
    )
    args = parser.parse_args()
    if args.pages_only:
        out = json.loads((RESULTS / "timescales.json").read_text())
        postgres = args.pages_only.startswith("postgres")
        url = args.pages_only if postgres else f"sqlite:///{args.pages_only}"
        env = {**os.environ, "DATABASE_URL": url, "SIGHTLINE_DEMO": "1"}
        out["pages_postgresql" if postgres else "pages_sqlite"] = pages(
            env, args.as_of, args.repeat
        )
        out["pages_measured_on"] = date.today().isoformat()
        write(out, args)
        return
    out: dict[str, Any] = {
        "children": args.children,
        "seed": args.seed,
        "as_of": args.as_of,
        "measured_on": date.today().isoformat(),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}",
        "target_rebuild_s": 30,
        "target_page_p95_ms": 150,
        "rebuild": {},
    }
    urls = {"sqlite": f"sqlite:///{ROOT / 'var' / 'bench-timescales.sqlite3'}"}
    if args.postgres:
        urls["postgresql"] = args.postgres
    envs = {}
    for name, url in urls.items():
        env = build(url, args)
        seconds, said = run(["timescales", "rebuild", "--as-of", args.as_of], env)
        out["rebuild"][name] = {"seconds": round(seconds, 1), "output": said}
        envs[name] = env
        print(f"{name}: rebuild {seconds:.1f} s ({said})", flush=True)
    out["pages_sqlite"] = pages(envs["sqlite"], args.as_of, args.repeat)
    write(out, args)


def write(out: dict[str, Any], args: argparse.Namespace) -> None:
    out["load_average"] = round(os.getloadavg()[0], 2)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "timescales.json").write_text(json.dumps(out, indent=2) + "\n")
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
    (RESULTS / "timescales.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
