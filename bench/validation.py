"""Benchmark: Sightline's validator beside the public validators, on the same files in one run.

    .venv/bin/python bench/validation.py [--db var/bench-timescales.sqlite3] [--children 10000]
        [--postgres postgres://postgres@127.0.0.1:5432/bench_ts]
        [--skip-reference-cin]

Uses the 200,000-child synthetic authority bench/timescales.py builds. Exports its 2025-26 CIN
census and keeps the first ``--children`` children (10,000); exports its SSDA903 and repeats it
with new CHILD ids until it holds at least that many children (bench/returns.py ``replicate``).
Then times, as whole commands:

- ``sightline validate cin-census FILE.xml`` and ``sightline validate ssda903 DIR/``;
- the public validators on the same files (``tests/returns/reference_runner.py`` in
  ``.venv-reference``: data-to-insight's csc-validator-be-cin and -903, every rule);
- ``sightline validate live`` on the 200,000-child authority itself (both returns of the year
  in progress, from the records, stored for the pages).

Targets (issue 7): under 2 s each on 10,000 children, at least 50 times faster than the public
CIN validator; the live check under 10 s. Writes bench/results/validation.{json,md}.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent))
from returns import replicate

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
SIGHTLINE = str(ROOT / ".venv" / "bin" / "sightline")
REFERENCE = [
    str(ROOT / ".venv-reference" / "bin" / "python"),
    str(ROOT / "tests" / "returns" / "reference_runner.py"),
]
YEAR = 2026


def timed_url(cmd: list[str], url: str) -> tuple[float, str]:
    env = {**os.environ, "DEBUG": "1", "SIGHTLINE_DEMO": "1", "DATABASE_URL": url}
    started = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} exited {done.returncode}: {done.stderr[-2000:]}")
    lines = done.stdout.strip().splitlines()
    return seconds, lines[-1] if lines else ""


def timed(
    cmd: list[str], db: Path | None = None, ok: tuple[int, ...] = (0, 1)
) -> tuple[float, str]:
    env = {**os.environ, "DEBUG": "1", "SIGHTLINE_DEMO": "1"}
    if db is not None:
        env["DATABASE_URL"] = f"sqlite:///{db}"
    started = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode not in ok:
        raise SystemExit(f"{' '.join(cmd)} exited {done.returncode}: {done.stderr[-2000:]}")
    lines = done.stdout.strip().splitlines()
    return seconds, lines[-1] if lines else ""


def median_of(n: int, cmd: list[str], db: Path | None = None) -> tuple[float, str, list[float]]:
    """Sightline's commands run ``n`` times (the first also reads the files cold); the median."""
    results = [timed(cmd, db) for _ in range(n)]
    runs = sorted(r[0] for r in results)
    return runs[n // 2], results[-1][1], [round(r, 2) for r in runs]


def first_children(source: Path, target: Path, n: int) -> int:
    doc = etree.parse(str(source))
    children = doc.find("Children")
    kids = list(children)
    for extra in kids[n:]:
        children.remove(extra)
    doc.write(str(target), xml_declaration=True, encoding="UTF-8")
    return min(n, len(kids))


def count_rows(path: Path) -> int:
    with path.open() as f:
        return sum(1 for _ in f) - 1


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default=str(ROOT / "var" / "bench-timescales.sqlite3"))
    parser.add_argument("--children", type=int, default=10_000)
    parser.add_argument("--skip-reference-cin", action="store_true", help="it takes minutes")
    parser.add_argument(
        "--postgres",
        default="",
        metavar="URL",
        help="also time the live check on this PostgreSQL database (an authority `sightline "
        "synth --children 200000 --as-of 2026-11-23` built)",
    )
    args = parser.parse_args()
    db = Path(args.db)
    if not db.exists():
        raise SystemExit(f"{db} not found: run bench/timescales.py first")
    out = ROOT / "var" / "bench-validation"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    load = os.getloadavg()[0]
    figures: dict[str, Any] = {}

    full_xml, xml = out / "cin_full.xml", out / f"cin_{args.children}.xml"
    timed([SIGHTLINE, "export", "cin-census", "--year", str(YEAR), "--out", str(full_xml)], db)
    cin_children = first_children(full_xml, xml, args.children)
    timed([SIGHTLINE, "export", "ssda903", "--year", str(YEAR), "--out", str(out / "903_one")], db)
    one = count_rows(out / "903_one" / "header.csv")
    copies = -(-args.children // one)
    csvs = replicate(out / "903_one", out / "903", copies)
    ssda903_children = count_rows(csvs / "header.csv")

    s, said, runs = median_of(3, [SIGHTLINE, "validate", "cin-census", str(xml)])
    figures["sightline validate cin-census"] = {
        "runs": runs,
        "seconds": round(s, 2),
        "output": said,
        "children": cin_children,
    }
    s, said, runs = median_of(3, [SIGHTLINE, "validate", "ssda903", str(csvs), "--year", str(YEAR)])
    figures["sightline validate ssda903"] = {
        "runs": runs,
        "seconds": round(s, 2),
        "output": said,
        "children": ssda903_children,
    }
    s, said = timed(
        [*REFERENCE, "903", str(csvs), "--year", str(YEAR), "--la", "E10000013"], ok=(0,)
    )
    figures["public validator ssda903 (csc-validator-be-903)"] = {
        "seconds": round(s, 2),
        "children": ssda903_children,
    }
    if not args.skip_reference_cin:
        s, said = timed([*REFERENCE, "cin", str(xml)], ok=(0,))
        figures["public validator cin-census (csc-validator-be-cin)"] = {
            "seconds": round(s, 2),
            "children": cin_children,
        }
    s, said, runs = median_of(3, [SIGHTLINE, "validate", "live", "--as-of", "2026-11-23"], db)
    figures["sightline validate live (200,000-child authority, both returns)"] = {
        "runs": runs,
        "seconds": round(s, 2),
        "output": said,
    }

    if args.postgres:
        cmd = [SIGHTLINE, "validate", "live", "--as-of", "2026-11-23"]
        results = [timed_url(cmd, args.postgres) for _ in range(3)]
        runs = sorted(r[0] for r in results)
        figures["sightline validate live on PostgreSQL (200,000-child authority)"] = {
            "seconds": round(runs[1], 2),
            "runs": [round(r, 2) for r in runs],
            "output": results[-1][1],
        }

    def ratio(ours: str, theirs: str) -> float | None:
        if theirs not in figures:
            return None
        return round(figures[theirs]["seconds"] / figures[ours]["seconds"], 1)

    result = {
        "source": db.name,
        "year": YEAR,
        "measured_on": date.today().isoformat(),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs",
        "load_average_before": round(load, 2),
        "targets": {"validate_s": 2, "cin_speedup": 50, "live_s": 10},
        "figures": figures,
        "speedup": {
            "cin-census": ratio(
                "sightline validate cin-census",
                "public validator cin-census (csc-validator-be-cin)",
            ),
            "ssda903": ratio(
                "sightline validate ssda903", "public validator ssda903 (csc-validator-be-903)"
            ),
        },
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "validation.json").write_text(json.dumps(result, indent=2) + "\n")
    lines = [
        "# Validation: Sightline's validator beside the public validators",
        "",
        f"Source: {db.name} (200,000 children, built by bench/timescales.py), collection year "
        f"{YEAR}, measured {result['measured_on']} on {result['machine']}, load average "
        f"{result['load_average_before']} before. Whole commands, same files, same run; "
        "Sightline's commands are the median of three runs (all three in validation.json), "
        "the public validators' a single run. Targets: "
        "under 2 s each for 10,000 children, at least 50 times faster than the public CIN "
        "validator; the live check under 10 s.",
        "",
        "| Command | Children | Seconds |",
        "| --- | ---: | ---: |",
    ]
    for name, f in figures.items():
        lines.append(f"| {name} | {f.get('children', '')} | {f['seconds']} |")
    lines += ["", f"Speed-up over the public validators: {result['speedup']}", ""]
    lines += [f"- {name}: {f['output']}" for name, f in figures.items() if f.get("output")]
    (RESULTS / "validation.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
