"""Figures: are the open obligations of a synthetic authority real work? (issue 13)

    .venv/bin/python bench/obligations.py [--children N] [--seed 1]
        [--authority CHILDREN:SEED ...] [--rebuild]

For each authority (``--children`` and ``--seed``, or each ``--authority``; by default the demo
people try, 20,000:31, the default size, 135,000:1, and 200,000:1), on the benchmarks' shared
SQLite authority (bench/_authority.py: built once as of 2026-12-06, reused by every script
unless --rebuild), measures, as at that date:

- obligations open, overdue, and overdue by more than 13 weeks, by rule;
- per rule, the share met in time of those that fell due in the 12 months before it
  (``queries.timeliness``): the timeliness the simulated practice produces;
- the Overdue work page for an authority-wide viewer (``queries.team_work`` over every team
  and child) against ``timescales due`` (``queries.due_list``): the two totals must agree.

Writes bench/results/obligations.{json,md}.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from _authority import AS_OF, authority, measure_in_child, write_results

DEFAULT = ["20000:31", "135000:1", "200000:1"]
THIRTEEN_WEEKS = timedelta(weeks=13)

# What the simulated practice leaves undone, for the rules that can stay open more than 13
# weeks past their due date on a synthetic authority (src/sightline/synthetic/).
UNDONE = {
    "PLACEMENT_PLAN": "2% of placement plans are never recorded (planning.care_plans), "
    "including for placements that began before the history and still go on",
    "INITIAL_HEALTH_ASSESSMENT": "6% of initial health assessments are never done, and no "
    "review assessment supersedes them (in_care.health)",
    "REVIEW_HEALTH_ASSESSMENT": "10% of review health assessments are skipped "
    "(in_care.health): the next is then a year away",
    "PEP_REVIEW": "12% of termly PEP reviews are missed (in_care.education); two terms "
    "missed running leave the first open for more than 13 weeks",
    "RETURN_INTERVIEW": "8% of returns from missing (25% from away) are never offered an "
    "interview and 10% of those accepted are never held (in_care.missing); one stays open "
    "until the child goes missing again or care ends",
    "CARE_PROCEEDINGS": "28% of proceedings run 27 to 50 weeks (planning.care_proceedings)",
    "PRIVATE_FOSTERING_VISIT": "5% of private fostering visits do not see the child, and "
    "after the first year visits are 8 to 12 weeks apart (planning.private_fostering)",
}


def measure(as_of: date) -> dict[str, Any]:
    """The figures, in this process, on the database DATABASE_URL names."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sightline.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    import django

    django.setup()
    from sightline.people.models import Person
    from sightline.timescales.catalogue import RULES
    from sightline.timescales.queries import due_list, team_work, timeliness
    from sightline.workforce.models import Team

    rows = list(due_list(as_of).values_list("rule", "due_on", "status"))
    by_rule: dict[str, dict[str, Any]] = {
        rule.code: {"title": rule.title, "open": 0, "overdue": 0, "over_13_weeks": 0}
        for rule in RULES
    }
    for code, due_on, status in rows:
        counts = by_rule[code]
        counts["open"] += 1
        if status == "overdue":
            counts["overdue"] += 1
            if due_on < as_of - THIRTEEN_WEEKS:
                counts["over_13_weeks"] += 1
    for t in timeliness(as_of - timedelta(days=365), as_of - timedelta(days=1)):
        by_rule[t.rule]["fell_due_last_12_months"] = t.fell_due
        by_rule[t.rule]["met_in_time_last_12_months"] = t.met_in_time
        by_rule[t.rule]["cancelled_by"] = next(r.cancelled_by for r in RULES if r.code == t.rule)
    page = team_work(as_of, set(Team.objects.values_list("pk", flat=True)), Person.objects.all())
    unallocated = sum(int(str(w["count"])) for w in page.by_worker if w.get("unallocated"))
    fell_due = sum(r.get("fell_due_last_12_months", 0) for r in by_rule.values())
    in_time = sum(r.get("met_in_time_last_12_months", 0) for r in by_rule.values())
    return {
        "open": len(rows),
        "overdue": sum(r["overdue"] for r in by_rule.values()),
        "over_13_weeks": sum(r["over_13_weeks"] for r in by_rule.values()),
        "fell_due_last_12_months": fell_due,
        "met_in_time_last_12_months": in_time,
        "overdue_page_total": page.total,
        "overdue_page_not_allocated": unallocated,
        "by_rule": by_rule,
    }


def pct(part: int, whole: int) -> str:
    return "-" if whole == 0 else f"{100 * part / whole:.1f}%"


def markdown(results: list[dict[str, Any]], stamp: str) -> str:
    lines = [
        "# Obligations: what is open, overdue and overdue by more than 13 weeks",
        "",
        f"Measured {stamp} by `bench/obligations.py` (re-run it to refresh). Each synthetic "
        "authority is judged as at its build date; *in time, 12 months* is the share of the "
        "obligations that fell due in the 12 months before it that were met in time (the "
        "timeliness the simulated practice produces); *overdue* is the share of open ones past "
        "their due date.",
        "",
        "| authority | open | overdue | > 13 weeks | in time, 12 months | Overdue work page "
        "(authority-wide) | of which not allocated |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        f = r["figures"]
        lines.append(
            f"| {r['children']:,} children, seed {r['seed']}, as of {r['as_of']} "
            f"| {f['open']:,} | {f['overdue']:,} ({pct(f['overdue'], f['open'])}) "
            f"| {f['over_13_weeks']:,} ({pct(f['over_13_weeks'], f['open'])}) "
            f"| {pct(f['met_in_time_last_12_months'], f['fell_due_last_12_months'])} "
            f"| {f['overdue_page_total']:,} | {f['overdue_page_not_allocated']:,} |"
        )
    lines += [
        "",
        "Before the fixes of issue 13 (main at fe1af71), the 20,000-child demo had 3,225 open, "
        "1,509 overdue (46.8%) and 1,382 more than 13 weeks overdue (1,309 more than a year: "
        "PEP reviews of young people long out of care, initial health assessments of children "
        "with yearly review assessments, return interviews of children no longer in care), and "
        "the Overdue work page counted allocated children only.",
        "",
        "About 31% of what fell due in the last 12 months was not met in time, yet at a given "
        "day under 7% of what is open is overdue: most late work is done within days or weeks "
        "(met late), so only a little is open past its date on any one day; what stays open "
        "more than 13 weeks is listed below with the simulated practice that leaves it undone.",
    ]
    for r in results:
        f = r["figures"]
        lines += [
            "",
            f"## {r['children']:,} children, seed {r['seed']}, as of {r['as_of']}",
            "",
            "| rule | open | overdue | > 13 weeks | in time, 12 months (of fell due) |",
            "|---|---:|---:|---:|---:|",
        ]
        for code, c in f["by_rule"].items():
            fell = c.get("fell_due_last_12_months", 0)
            met = c.get("met_in_time_last_12_months", 0)
            lines.append(
                f"| {code} | {c['open']:,} | {c['overdue']:,} | {c['over_13_weeks']:,} "
                f"| {pct(met, fell)} (of {fell:,}) |"
            )
    long_overdue = sorted(
        {code for r in results for code, c in r["figures"]["by_rule"].items() if c["over_13_weeks"]}
    )
    lines += [
        "",
        "## Overdue by more than 13 weeks: what the simulated practice left undone",
        "",
        "| rule | " + " | ".join(f"{r['children']:,}" for r in results) + " | why |",
        "|---|" + "---:|" * len(results) + "---|",
    ]
    for code in long_overdue:
        counts = " | ".join(str(r["figures"]["by_rule"][code]["over_13_weeks"]) for r in results)
        lines.append(f"| {code} | {counts} | {UNDONE.get(code, 'not explained: look')} |")
    first = results[0]["figures"]["by_rule"]
    lines += [
        "",
        "## What ends each rule's obligations",
        "",
        "An obligation is met when the thing it asks for is recorded; one left unmet is "
        "cancelled by the first of these (`Rule.cancelled_by`; the birthday and death are "
        "applied to every rule in one place, `catalogue.obligations_for`).",
        "",
        "| rule | cancelled by |",
        "|---|---|",
    ]
    lines += [f"| {code} | {c['cancelled_by']} |" for code, c in first.items()]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, help="one authority of this size")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--authority", action="append", help="CHILDREN:SEED (repeatable)")
    parser.add_argument("--rebuild", action="store_true", help="build again even if kept")
    parser.add_argument("--measure", help=argparse.SUPPRESS)  # the child process: an as-of
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(date.fromisoformat(args.measure))))
        return
    specs = [f"{args.children}:{args.seed}"] if args.children else args.authority or DEFAULT
    results = []
    for spec in specs:
        children, seed = (int(part) for part in spec.split(":"))
        url = authority("sqlite", children, seed, args.rebuild)
        figures = measure_in_child(__file__, [AS_OF], url)
        print(
            f"{spec}: open {figures['open']:,}, overdue {figures['overdue']:,}, "
            f"> 13 weeks {figures['over_13_weeks']:,}, page {figures['overdue_page_total']:,}",
            flush=True,
        )
        results.append({"children": children, "seed": seed, "as_of": AS_OF, "figures": figures})
    stamp = f"{date.today().isoformat()} on {platform.machine()}, {os.cpu_count()} CPUs"
    write_results(
        "obligations",
        {"measured": stamp, "authorities": results},
        markdown(results, stamp).splitlines(),
    )


if __name__ == "__main__":
    main()
