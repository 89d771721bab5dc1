"""Benchmark: build the default synthetic authority on SQLite, as a whole command.

    .venv/bin/python bench/synth_build.py [--children 135000] [--seed 1] [--as-of 2026-11-23]

Records the wall time of `sightline synth` on a fresh SQLite file, the rows it made of each
kind, and the rates it came to per collection year, in bench/results/synth_build.json and
bench/results/synth_build.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--children", type=int, default=135_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--as-of", default="2026-11-23")
    args = parser.parse_args()

    db = ROOT / "var" / "bench-synth.sqlite3"
    db.parent.mkdir(exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}", "SIGHTLINE_DEMO": "1"}
    sightline = str(ROOT / ".venv" / "bin" / "sightline")
    subprocess.run([sightline, "migrate", "--noinput", "-v0"], env=env, check=True)
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    subprocess.run(
        [
            sightline,
            "synth",
            "--children",
            str(args.children),
            "--seed",
            str(args.seed),
            "--as-of",
            args.as_of,
        ],
        env=env,
        check=True,
    )
    seconds = time.perf_counter() - started
    load_after = os.getloadavg()[0]

    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sightline.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from sightline.synthetic.stats import caseloads, rates_by_year, row_counts

    counts = row_counts()
    rates = rates_by_year(args.children, date.fromisoformat(args.as_of))
    loads = caseloads(date.fromisoformat(args.as_of))
    result = {
        "what": "sightline synth on a fresh SQLite file, whole command (wall time)",
        "children": args.children,
        "seed": args.seed,
        "as_of": args.as_of,
        "seconds": round(seconds, 1),
        "target_seconds": 60,
        "load_average_1min": {"before": round(load_before, 2), "after": round(load_after, 2)},
        "rows_total": sum(counts.values()),
        "rows": counts,
        "rates_per_year": rates,
        "caseloads_at_as_of": loads,
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "measured_on": date.today().isoformat(),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "synth_build.json").write_text(json.dumps(result, indent=2) + "\n")
    lines = [
        "# Synthetic authority build (SQLite)",
        "",
        f"`sightline synth --children {args.children} --seed {args.seed} --as-of {args.as_of}` "
        f"on a fresh SQLite file: **{seconds:.1f} s** wall time (target under 60 s), "
        f"{sum(counts.values()):,} rows, on {os.cpu_count()} CPUs, measured {date.today()} "
        f"(1-minute load average {load_before:.2f} before, {load_after:.2f} after).",
        "",
        "| rows | count |",
        "|---|---:|",
        *[f"| {label} | {n:,} |" for label, n in counts.items()],
        "",
        "Rates per 10,000 children (England 2025 in brackets, CONTRACTS.md):",
        "",
        "| collection year | " + " | ".join(next(iter(rates.values())).keys()) + " |",
        "|---|" + "---:|" * len(next(iter(rates.values()))),
        *[
            f"| {year} | " + " | ".join(str(v) for v in r.values()) + " |"
            for year, r in rates.items()
        ],
        "",
        f"Open cases per worker at {args.as_of} (England 2025: 15.2 per case-holding social "
        "worker; IROs and child protection chairs 50 to 70, the IRO handbook):",
        "",
        "| role | workers | mean | median | most |",
        "|---|---:|---:|---:|---:|",
        *[
            f"| {role} | {v['workers']:.0f} | {v['mean']} | {v['median']:.0f} | {v['most']:.0f} |"
            for role, v in loads.items()
        ],
        "",
    ]
    (RESULTS / "synth_build.md").write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
