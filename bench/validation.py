"""Benchmark: Sightline's validator beside the public validators, on the same files in one run.

    .venv/bin/python bench/validation.py [--children 200000] [--seed 1]
        [--databases sqlite,postgres] [--rebuild] [--return-children 10000]
        [--skip-reference-cin]

On the benchmarks' shared synthetic authority of ``--children`` and ``--seed``
(bench/_authority.py: built once as of 2026-12-06, reused by every script unless --rebuild).
Exports its 2025-26 CIN census from the first of ``--databases`` and keeps the first
``--return-children`` children (10,000); exports its SSDA903 and repeats it with new CHILD ids
until it holds at least that many children (bench/returns.py ``replicate``). Then times, as
whole commands (all with their bytecode cached, as an installed package's is):

- ``sightline validate cin-census FILE.xml`` and ``sightline validate ssda903 DIR/``;
- the public validators on the same files (``tests/returns/reference_runner.py`` in
  ``.venv-reference``: data-to-insight's csc-validator-be-cin and -903, every rule);
- ``sightline validate live --as-of 2026-12-06`` on the authority itself, on each of
  ``--databases`` (both returns of the year in progress, from the records, stored for the
  pages).

Targets (issue 7): under 2 s each on 10,000 children, at least 50 times faster than the public
CIN validator; the live check under 10 s. Writes bench/results/validation.{json,md}.
"""

from __future__ import annotations

import argparse
import shutil
from datetime import date
from pathlib import Path
from typing import Any

from _authority import (
    AS_OF,
    ROOT,
    SIGHTLINE,
    add_arguments,
    authority,
    command,
    environment,
    last_line,
    load_average,
    machine,
    write_results,
)
from lxml import etree

from returns import replicate

REFERENCE = [
    str(ROOT / ".venv-reference" / "bin" / "python"),
    str(ROOT / "tests" / "returns" / "reference_runner.py"),
]
YEAR = 2026
VENDOR = {"sqlite": "SQLite", "postgres": "PostgreSQL"}


def timed(cmd: list[str], url: str = "", ok: tuple[int, ...] = (0, 1)) -> tuple[float, str]:
    """A whole command (on the database ``url``, if given): seconds and its last line. The
    validators exit 1 when a return breaks a rule."""
    env = environment(url)
    if not url:
        env.pop("DATABASE_URL")
    seconds, said = command(cmd, env, ok)
    return seconds, last_line(said)


def median_of(n: int, cmd: list[str], url: str = "") -> tuple[float, str, list[float]]:
    """Sightline's commands run ``n`` times (the first also reads the files cold); the median."""
    results = [timed(cmd, url) for _ in range(n)]
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
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    add_arguments(parser, children=200_000)
    parser.add_argument(
        "--return-children",
        type=int,
        default=10_000,
        help="the children in the returns validated (default 10,000)",
    )
    parser.add_argument("--skip-reference-cin", action="store_true", help="it takes minutes")
    args = parser.parse_args()
    urls = {
        kind: authority(kind, args.children, args.seed, args.rebuild) for kind in args.databases
    }
    db = urls[args.databases[0]]
    out = ROOT / "var" / "bench-validation"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    load = load_average()
    figures: dict[str, Any] = {}

    full_xml, xml = out / "cin_full.xml", out / f"cin_{args.return_children}.xml"
    timed([SIGHTLINE, "export", "cin-census", "--year", str(YEAR), "--out", str(full_xml)], db)
    cin_children = first_children(full_xml, xml, args.return_children)
    timed([SIGHTLINE, "export", "ssda903", "--year", str(YEAR), "--out", str(out / "903_one")], db)
    one = count_rows(out / "903_one" / "header.csv")
    copies = -(-args.return_children // one)
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
    for kind, url in urls.items():
        live = [SIGHTLINE, "validate", "live", "--as-of", AS_OF]
        s, said, runs = median_of(3, live, url)
        figures[
            f"sightline validate live on {VENDOR[kind]} ({args.children:,}-child authority, "
            "both returns)"
        ] = {"runs": runs, "seconds": round(s, 2), "output": said}

    def ratio(ours: str, theirs: str) -> float | None:
        if theirs not in figures:
            return None
        return round(figures[theirs]["seconds"] / figures[ours]["seconds"], 1)

    result = {
        "source": f"{args.children} children, seed {args.seed}, as of {AS_OF}",
        "year": YEAR,
        "measured_on": date.today().isoformat(),
        "machine": machine(),
        "load_average_before": load,
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
    lines = [
        "# Validation: Sightline's validator beside the public validators",
        "",
        f"Source: {result['source']} (the benchmarks' shared synthetic authority), collection year "
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
    write_results("validation", result, lines)


if __name__ == "__main__":
    main()
