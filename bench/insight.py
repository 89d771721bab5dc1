"""Figures: server time of the leaders' dashboard and of a drill-down (issue 16).

    .venv/bin/python bench/insight.py [--children 135000] [--seed 1] [--runs 5]
                                      [--databases sqlite,postgres] [--rebuild]

Builds the synthetic authority once per database (SQLite in
``var/bench-insight-<children>-<seed>.sqlite3``, PostgreSQL in the database
``sightline_bench_insight_<children>`` on 127.0.0.1:5432; both kept and reused unless
--rebuild), then:

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
200,000 children (dashboard < 1 s, drill-down < 300 ms). Writes bench/results/insight.{json,md}.
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
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
SIGHTLINE = str(ROOT / ".venv" / "bin" / "sightline")
AS_OF = "2026-12-06"
TARGETS_MS = {"dashboard": 1000.0, "drill-down": 300.0, "drill-down (year to date)": 300.0}
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
os.environ.setdefault("DEBUG", "1")


def database_url(kind: str, children: int, seed: int) -> str:
    if kind == "sqlite":
        return f"sqlite:///{ROOT / 'var' / f'bench-insight-{children}-{seed}.sqlite3'}"
    return f"{PG_SERVER}/sightline_bench_insight_{children}"


def built(url: str) -> bool:
    probe = (
        "import django; django.setup(); from sightline.people.models import Person; "
        "print(Person.objects.count())"
    )
    done = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "python"), "-c", probe],
        env={
            **os.environ,
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "sightline.settings",
            "PYTHONPATH": str(ROOT / "src"),
        },
        capture_output=True,
        text=True,
    )
    return done.returncode == 0 and done.stdout.strip().isdigit() and int(done.stdout) > 0


def build(kind: str, children: int, seed: int, rebuild: bool) -> str:
    url = database_url(kind, children, seed)
    env = {**os.environ, "DATABASE_URL": url}
    if not rebuild and built(url):
        subprocess.run([SIGHTLINE, "migrate", "--noinput", "-v0"], env=env, check=True)
        return url
    if kind == "sqlite":
        path = Path(url.removeprefix("sqlite:///"))
        path.parent.mkdir(exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    else:
        import psycopg

        name = url.rsplit("/", 1)[1]
        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name}")
            conn.execute(f"CREATE DATABASE {name}")
    subprocess.run([SIGHTLINE, "migrate", "--noinput", "-v0"], env=env, check=True)
    synth = ["synth", "--children", str(children), "--seed", str(seed), "--as-of", AS_OF]
    synth.append("--no-figures")  # stored as of today by store() below
    subprocess.run([SIGHTLINE, *synth], env=env, check=True, capture_output=True)
    return url


def summary(seconds: list[float]) -> dict[str, float]:
    ms = sorted(s * 1000 for s in seconds)
    return {
        "n": len(ms),
        "median_ms": round(statistics.median(ms), 1),
        "max_ms": round(ms[-1], 1),
    }


def measure(runs: int, children: int) -> dict[str, Any]:
    """In this process, on the database DATABASE_URL names."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sightline.settings")
    os.environ.setdefault("SIGHTLINE_AUDIT_KEY", "bench-insight-audit-key-not-secret")
    os.environ["SIGHTLINE_CHILD_POPULATION"] = str(children)
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.utils import timezone

    from sightline.access.models import AccessProfile
    from sightline.access.roles import Role
    from sightline.insight.models import StoredFigure

    settings.DEBUG = False
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
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
    env = {**os.environ, "DATABASE_URL": url}
    found = {}
    for name, extra in (("store (every window)", []), ("store (year to date)", ["--year-to-date"])):
        started = time.perf_counter()
        subprocess.run(
            [SIGHTLINE, "figures", "store", *extra], env=env, check=True, capture_output=True
        )
        found[name] = summary([time.perf_counter() - started])
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--children", type=int, default=135_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.runs, args.children)))
        return
    results: dict[str, Any] = {
        "authority": f"{args.children} children, seed {args.seed}, as of {AS_OF}",
        "machine": (
            f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
        ),
        "load_average_at_start": os.getloadavg()[0],
        "targets_ms_at_200000": TARGETS_MS,
        "databases": {},
    }
    for kind in args.databases.split(","):
        url = build(kind, args.children, args.seed, args.rebuild)
        stored = store(url)
        done = subprocess.run(
            [
                sys.executable,
                __file__,
                "--measure",
                "--runs",
                str(args.runs),
                "--children",
                str(args.children),
            ],
            env={**os.environ, "DATABASE_URL": url},
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise SystemExit(done.stderr[-3000:])
        results["databases"][kind] = {
            **stored,
            **json.loads(done.stdout.strip().splitlines()[-1]),
        }
    results["load_average_at_end"] = os.getloadavg()[0]
    RESULTS.mkdir(exist_ok=True)
    name = f"insight-{args.children}"
    kept = RESULTS / f"{name}.json"
    if kept.exists():  # a run on one database keeps the other's figures, with their conditions
        earlier = json.loads(kept.read_text())
        for kind, figures in earlier.get("databases", {}).items():
            if kind not in results["databases"]:
                results["databases"][kind] = figures
                results.setdefault("earlier_runs", {})[kind] = {
                    k: earlier.get(k) for k in ("load_average_at_start", "load_average_at_end")
                }
    (RESULTS / f"{name}.json").write_text(json.dumps(results, indent=2) + "\n")
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
    (RESULTS / f"{name}.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
