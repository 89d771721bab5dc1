"""Benchmark: Ofsted's Annex A and the inspection-readiness pack as whole commands.

    .venv/bin/python bench/annex_a.py [--children 135000] [--seed 1] [--as-of 2026-11-23]
        [--postgres postgres://postgres@127.0.0.1:5432/sl_annexa_bench] [--keep]

Builds the synthetic authority (`sightline synth`) on a fresh SQLite file and, with
--postgres, on a fresh PostgreSQL database (then ANALYZE: this machine's PostgreSQL runs
without autovacuum, which would have analysed a database in use), then times on each
`sightline export annex-a --as-of` (the eleven lists, written as the workbook; the median of
three runs) and `sightline inspection-pack --as-of` (Annex A, the KPI summary, overdue work,
the data checks; HTML, PDF and xlsx) as whole commands, with the rows in each list. The
commands run with their bytecode cached, as an installed package's is
(PYTHONDONTWRITEBYTECODE, set in this workplace, is dropped for them). Results go to
bench/results/annex_a.{json,md}, one entry per authority size and database (a run replaces
the entries of its size and keeps the others; the markdown's "## Notes" are kept).
Target (issue 16): Annex A under 10 s on the 200,000-child authority.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import time
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
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if args.keep:
        return env
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
    seconds, _ = run(
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
    print(f"built {args.children:,} children in {seconds:.1f} s ({url.split(':')[0]})")
    if not url.startswith("sqlite"):
        import psycopg

        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("ANALYZE")
    return env


def measure(env: dict[str, str], args: argparse.Namespace, vendor: str) -> dict[str, Any]:
    from openpyxl import load_workbook

    out = ROOT / "var" / f"bench-annex-a-{vendor}"
    out.mkdir(parents=True, exist_ok=True)
    book = out / f"annex-a-{args.as_of}.xlsx"
    runs = sorted(
        run(["export", "annex-a", "--as-of", args.as_of, "--out", str(book)], env) for _ in range(3)
    )
    annex_seconds, annex_line = runs[1]  # the median of three
    rows = {
        name: sum(1 for _ in load_workbook(book, read_only=True)[name].values) - 1
        for name in load_workbook(book, read_only=True).sheetnames
    }
    pack_seconds, pack_lines = run(
        ["inspection-pack", "--as-of", args.as_of, "--out", str(out / "pack")], env
    )
    found = {
        "database": vendor,
        "annex_a_seconds": round(annex_seconds, 2),
        "annex_a_runs": [round(seconds, 2) for seconds, _ in runs],
        "annex_a_said": annex_line,
        "rows": rows,
        "pack_seconds": round(pack_seconds, 2),
        "pack_said": pack_lines.splitlines()[-1],
        "load_average": round(os.getloadavg()[0], 2),
    }
    print(json.dumps(found, indent=1))
    return found


def write(entries: list[dict[str, Any]]) -> None:
    RESULTS.mkdir(exist_ok=True)
    markdown = RESULTS / "annex_a.md"
    before = markdown.read_text() if markdown.exists() else ""
    notes = before[before.index("## Notes") :] if "## Notes" in before else ""
    (RESULTS / "annex_a.json").write_text(json.dumps(entries, indent=1) + "\n")
    lines = [
        "# Annex A and the inspection pack",
        "",
        "Whole commands (`sightline export annex-a`, `sightline inspection-pack`), wall-clock "
        "seconds including Python's start-up, on a 2-core machine shared with other work (load "
        "average at the end of each run given). Target: Annex A under 10 s at 200,000 children.",
        "",
        "| children | database | Annex A (s, median of 3) | pack (s) | rows in lists 1-11 | load |",
        "|---|---|---|---|---|---|",
    ]
    for e in entries:
        counts = ", ".join(str(n) for n in e["rows"].values())
        lines.append(
            f"| {e['children']:,} | {e['database']} | {e['annex_a_seconds']} | "
            f"{e['pack_seconds']} | {counts} | {e['load_average']} |"
        )
    lines += [
        "",
        f"Python {platform.python_version()}, {platform.machine()}; lists dated "
        + "; ".join(sorted({f"{e['as_of']} ({e['children']:,} children)" for e in entries}))
        + ".",
        "",
    ]
    markdown.write_text("\n".join(lines) + (f"\n{notes}" if notes else ""))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--children", type=int, default=135_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--as-of", default="2026-11-23")
    parser.add_argument("--sqlite", default=str(ROOT / "var" / "bench-annex-a.sqlite3"))
    parser.add_argument("--postgres", default="")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--keep", action="store_true", help="use the databases as they are")
    args = parser.parse_args()
    path = RESULTS / "annex_a.json"
    entries = json.loads(path.read_text()) if path.exists() else []
    urls = ([] if args.no_sqlite else [("sqlite", f"sqlite:///{args.sqlite}")]) + (
        [("postgresql", args.postgres)] if args.postgres else []
    )
    for vendor, url in urls:
        env = build(url, args)
        found = measure(env, args, vendor)
        entries = [e for e in entries if (e["children"], e["database"]) != (args.children, vendor)]
        entries.append({"children": args.children, "as_of": args.as_of, **found})
        entries.sort(key=lambda e: (e["children"], e["database"]))
        write(entries)


if __name__ == "__main__":
    main()
