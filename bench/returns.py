"""Benchmark: export and import the CIN census and SSDA903 as whole commands.

    .venv/bin/python bench/returns.py [--children 200000] [--seed 1] [--rebuild] [--year 2026]

On the benchmarks' shared SQLite authority of ``--children`` and ``--seed`` (bench/_authority.py:
built once as of 2026-12-06, reused by every script unless --rebuild; the 200,000-child one's
CIN census holds over 10,000 children: CONTRACTS.md "Sizes"), times `sightline export
cin-census` and `sightline export ssda903` on it, then `sightline import` of each into a fresh,
migrated SQLite database, and writes bench/results/returns.{json,md}.
Targets (issue 6): each export under 3 s, each import under 10 s, on a 2-core machine.
"""

from __future__ import annotations

import argparse
import csv
from datetime import date
from pathlib import Path
from typing import Any

from _authority import (
    ROOT,
    add_arguments,
    authority,
    last_line,
    load_average,
    machine,
    sightline,
    write_results,
)


def run(args: list[str], db: Path | str) -> tuple[float, str]:
    """A whole command on the SQLite file ``db`` (or the database URL): seconds, last line."""
    url = db if isinstance(db, str) else f"sqlite:///{db}"
    seconds, said = sightline(args, url)
    return seconds, last_line(said)


def fresh(path: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    run(["migrate", "--noinput", "-v0"], path)
    return path


def replicate(source: Path, target: Path, copies: int) -> Path:
    """The return's tables, each row repeated ``copies`` times with CHILD made unique."""
    target.mkdir(parents=True, exist_ok=True)
    for table in sorted(source.glob("*.csv")):
        with table.open(newline="") as f:
            rows = list(csv.DictReader(f))
            header = list(rows[0]) if rows else next(csv.reader(table.open()))
        with (target / table.name).open("w", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=header)
            writer.writeheader()
            for copy in range(copies):
                for row in rows:
                    writer.writerow({**row, "CHILD": f"{row['CHILD']}R{copy}"})
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    add_arguments(parser, children=200_000, databases=None)
    parser.add_argument("--year", type=int, default=2026)
    parser.add_argument(
        "--replicate",
        type=int,
        default=5,
        help="also time an SSDA903 return made of N copies of the exported one (new CHILD ids): "
        "a 200,000-child authority's SSDA903 holds about 2,000 children, CONTRACTS.md asks for "
        "10,000",
    )
    args = parser.parse_args()
    source = authority("sqlite", args.children, args.seed, args.rebuild)
    out = ROOT / "var" / "bench-returns"
    out.mkdir(parents=True, exist_ok=True)
    xml, csvs = out / f"cin_census_{args.year}.xml", out / f"ssda903_{args.year}"
    load = load_average()
    figures: dict[str, Any] = {}
    seconds, said = run(
        ["export", "cin-census", "--year", str(args.year), "--out", str(xml)], source
    )
    figures["export cin-census"] = {"seconds": round(seconds, 2), "output": said}
    seconds, said = run(["export", "ssda903", "--year", str(args.year), "--out", str(csvs)], source)
    figures["export ssda903"] = {"seconds": round(seconds, 2), "output": said}
    seconds, said = run(["import", "cin-census", str(xml)], fresh(out / "import-cin.sqlite3"))
    figures["import cin-census (into an empty database)"] = {
        "seconds": round(seconds, 2),
        "output": said,
    }
    seconds, said = run(["import", "ssda903", str(csvs)], fresh(out / "import-903.sqlite3"))
    figures["import ssda903 (into an empty database)"] = {
        "seconds": round(seconds, 2),
        "output": said,
    }
    if args.replicate > 1:
        big = replicate(csvs, out / f"ssda903_{args.year}_x{args.replicate}", args.replicate)
        target = fresh(out / "import-903-big.sqlite3")
        seconds, said = run(["import", "ssda903", str(big)], target)
        figures[f"import ssda903, {args.replicate} copies (into an empty database)"] = {
            "seconds": round(seconds, 2),
            "output": said,
        }
        seconds, said = run(
            ["export", "ssda903", "--year", str(args.year), "--out", str(out / "re-export")],
            target,
        )
        figures[f"export ssda903 of those {args.replicate} copies"] = {
            "seconds": round(seconds, 2),
            "output": said,
        }
    result = {
        "source": f"{args.children} children, seed {args.seed} ({Path(source).name})",
        "year": args.year,
        "measured_on": date.today().isoformat(),
        "machine": machine(),
        "load_average_before": load,
        "targets": {"export_s": 3, "import_s": 10},
        "figures": figures,
    }
    lines = [
        "# Returns: export and import as whole commands",
        "",
        f"Source: {result['source']} (the benchmarks' shared synthetic authority), year "
        f"{args.year}, measured {result['measured_on']} on {result['machine']}, load average "
        f"{result['load_average_before']} before. Targets: export < 3 s, import < 10 s.",
        "",
        "| command | seconds | what it said |",
        "|---|---:|---|",
    ]
    for name, row in figures.items():
        lines.append(f"| `{name}` | {row['seconds']} | {row['output']} |")
    write_results("returns", result, lines)


if __name__ == "__main__":
    main()
