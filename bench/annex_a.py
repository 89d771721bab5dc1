"""Benchmark: Ofsted's Annex A and the inspection-readiness pack as whole commands.

    .venv/bin/python bench/annex_a.py [--children 135000] [--seed 1]
        [--databases sqlite,postgres] [--rebuild] [--as-of 2026-12-06]

On the benchmarks' shared synthetic authority of ``--children`` and ``--seed`` on each database
(bench/_authority.py: built once by `sightline synth` as of 2026-12-06, which runs ANALYZE;
reused by every script unless --rebuild, and analysed again on PostgreSQL, whose autovacuum is
off on this machine), times `sightline export annex-a --as-of` (the eleven lists, written as the
workbook; the median of three runs) and `sightline inspection-pack --as-of` (Annex A, the KPI
summary, overdue work, the data checks; HTML, PDF and xlsx) as whole commands, with the rows in
each list. ``--as-of`` is the lists' date (default the build date, 2026-12-06). The commands
run with their bytecode cached, as an installed package's is (PYTHONDONTWRITEBYTECODE, set in
this workplace, is dropped for them). Results go to bench/results/annex_a.{json,md}, one entry
per authority size and database (a run replaces the entries of its size and databases and keeps
the others; the markdown's "## Notes" are kept).
Target (issue 16): Annex A under 10 s on the 200,000-child authority.
"""

from __future__ import annotations

import argparse
import json
import platform
from typing import Any

from _authority import (
    AS_OF,
    RESULTS,
    ROOT,
    add_arguments,
    authority,
    last_line,
    load_average,
    read_results,
    sightline,
    write_results,
)

VENDOR = {"sqlite": "sqlite", "postgres": "postgresql"}  # as annex_a.json has always named them


def measure(url: str, as_of: str, vendor: str) -> dict[str, Any]:
    from openpyxl import load_workbook

    out = ROOT / "var" / f"bench-annex-a-{vendor}"
    out.mkdir(parents=True, exist_ok=True)
    book = out / f"annex-a-{as_of}.xlsx"
    runs = sorted(
        sightline(["export", "annex-a", "--as-of", as_of, "--out", str(book)], url)
        for _ in range(3)
    )
    annex_seconds, annex_line = runs[1]  # the median of three
    rows = {
        name: sum(1 for _ in load_workbook(book, read_only=True)[name].values) - 1
        for name in load_workbook(book, read_only=True).sheetnames
    }
    pack_seconds, pack_lines = sightline(
        ["inspection-pack", "--as-of", as_of, "--out", str(out / "pack")], url
    )
    found = {
        "database": vendor,
        "annex_a_seconds": round(annex_seconds, 2),
        "annex_a_runs": [round(seconds, 2) for seconds, _ in runs],
        "annex_a_said": annex_line,
        "rows": rows,
        "pack_seconds": round(pack_seconds, 2),
        "pack_said": last_line(pack_lines),
        "load_average": load_average(),
    }
    print(json.dumps(found, indent=1))
    return found


def write(entries: list[dict[str, Any]]) -> None:
    markdown = RESULTS / "annex_a.md"
    before = markdown.read_text() if markdown.exists() else ""
    notes = before[before.index("## Notes") :] if "## Notes" in before else ""
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
    ]
    if notes:
        lines += ["", notes]
    write_results("annex_a", entries, lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    add_arguments(parser)
    parser.add_argument(
        "--as-of", default=AS_OF, help=f"the lists' date (default the build date, {AS_OF})"
    )
    args = parser.parse_args()
    entries = read_results("annex_a") or []
    for kind in args.databases:
        url = authority(kind, args.children, args.seed, args.rebuild)
        vendor = VENDOR[kind]
        found = measure(url, args.as_of, vendor)
        entries = [e for e in entries if (e["children"], e["database"]) != (args.children, vendor)]
        entries.append({"children": args.children, "seed": args.seed, "as_of": args.as_of, **found})
        entries.sort(key=lambda e: (e["children"], e["database"]))
        write(entries)


if __name__ == "__main__":
    main()
