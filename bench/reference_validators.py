"""Benchmark: the public DfE-rule validators on one return, each run as a whole subprocess.

    .venv/bin/python bench/reference_validators.py [--cin FILE.xml] [--ssda903 DIR/]
        [--year 2026] [--previous DIR/] [--repeat 3] [--json OUT.json]

Times ``tests/returns/reference_runner.py`` under ``.venv-reference/bin/python`` (``make
reference``): interpreter start, the validators' imports, reading the file, every rule (the
903 rules twice: on isolated copies and in the front end's shared store, see
docs/reference-validators.md) and the JSON report. Prints one line a run and the best and
median wall times; ``--json`` also writes them, with the rules fired, for the benchmark record.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RUNNER = ROOT / "tests" / "returns" / "reference_runner.py"
PYTHON = ROOT / ".venv-reference" / "bin" / "python"


def _time(args: list[str], repeat: int) -> dict[str, Any]:
    walls: list[float] = []
    report: dict[str, Any] = {}
    for _ in range(repeat):
        start = time.perf_counter()
        proc = subprocess.run(
            [str(PYTHON), str(RUNNER), *args], capture_output=True, text=True, check=False
        )
        walls.append(time.perf_counter() - start)
        if proc.returncode != 0:
            sys.exit(f"reference_validators: runner exited {proc.returncode}: {proc.stderr[-500:]}")
        report = json.loads(proc.stdout)
        print(f"  {args[0]:>4} run {len(walls)}: {walls[-1]:.2f} s", flush=True)
    return {
        "args": args,
        "wall_seconds": [round(w, 3) for w in walls],
        "best_seconds": round(min(walls), 3),
        "median_seconds": round(statistics.median(walls), 3),
        "ruleset": report.get("ruleset"),
        "rules_run": report.get("rules_run"),
        "children_by_rule": report.get("counts"),
        "crashes": sorted(c["rule"] for c in report.get("crashes", [])),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cin", type=Path, help="a CIN census XML file")
    parser.add_argument("--ssda903", type=Path, help="a directory of SSDA903 CSV tables")
    parser.add_argument("--year", type=int, default=2026, help="the SSDA903 collection year")
    parser.add_argument("--previous", type=Path, help="last year's SSDA903 tables")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path, help="write the results here")
    args = parser.parse_args()
    if not (args.cin or args.ssda903):
        parser.error("give --cin and/or --ssda903")
    if not PYTHON.exists():
        sys.exit(f"reference_validators: {PYTHON} is missing: run `make reference`")

    results: dict[str, Any] = {
        "machine": {"python": platform.python_version(), "platform": platform.platform()},
    }
    if args.cin:
        results["cin"] = _time(["cin", str(args.cin)], args.repeat)
    if args.ssda903:
        lac = ["903", str(args.ssda903), "--year", str(args.year)]
        if args.previous:
            lac += ["--previous", str(args.previous)]
        results["ssda903"] = _time(lac, args.repeat)
    for name in ("cin", "ssda903"):
        if name in results:
            r = results[name]
            print(f"{name}: best {r['best_seconds']:.2f} s, median {r['median_seconds']:.2f} s")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
