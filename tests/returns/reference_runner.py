"""Run the public DfE-rule validators on a return and print what they found as JSON.

Executed by ``.venv-reference/bin/python`` (``make reference``), never imported by the tests: it
needs data-to-insight's ``csc-validator-be-cin`` and ``csc-validator-be-903``, which pin pandas<2
and numpy<1.25 and so cannot live in the project's own venv. ``tests/returns/reference.py`` is
the side the tests call.

    reference_runner.py cin FILE.xml
    reference_runner.py 903 DIR/ --year 2026 [--la E10000013] [--previous LASTYEAR_DIR/]

Standard output is one JSON object::

    {"validator": "cin"|"903", "version": "...", "ruleset": "cin2025_26",
     "failures": [{"rule", "level", "child", "fields", "message", "locations", "shim"}],
     "crashes": [{"rule", "message", "error", "shim"?}], "skipped": ["rule", ...],
     "rules_run": N, "counts": {"rule": children}}

One failure per rule and child (``child`` is ``"-"`` for a return-level rule); ``fields`` are
``Table.Column``. A rule that raises is a crash, never a failure. The rules run through this
script's loops rather than the validators' drivers, which print or log a crashing rule and carry
on, hiding it; each CIN rule gets a deep copy of the data, as in the CIN driver. A 903 rule
that crashes on a column misnamed in the rule itself runs again with the column aliased
(``SHIMS_903``); its failures then carry the shim's description in ``shim``.

The 903 rules run twice: each on its own deep copy of the data ("isolated"), and as the
councils' front end runs them, each on a shallow copy of one shared store ("shared"); each 903
failure says in ``mode`` whether it fired in "both", or only "isolated" or only "shared"
(docs/reference-validators.md 903-3).

Exit 0 when the validator ran (whatever it found), 2 when the input could not be read at all
(the message on stderr).

Quirks of the validators that this script works round are documented in
docs/reference-validators.md.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import importlib
import importlib.metadata
import json
import logging
import sys
import traceback
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path
from typing import Any


class InputError(Exception):
    """The input cannot be read at all (exit 2)."""


class _Collector:
    """Gathers failures as one entry per (rule, child), fields unioned, locations counted."""

    def __init__(self) -> None:
        self._by_key: dict[tuple[str, str], dict[str, Any]] = {}

    def add(
        self, rule: str, level: str, child: str, fields: list[str], message: str, shim: str = ""
    ) -> None:
        key = (rule, child)
        entry = self._by_key.get(key)
        if entry is None:
            entry = {
                "rule": rule,
                "level": level,
                "child": child,
                "fields": [],
                "message": message,
                "locations": 0,
                "shim": shim,
            }
            self._by_key[key] = entry
        for field in fields:
            if field not in entry["fields"]:
                entry["fields"].append(field)
        entry["locations"] += 1

    def failures(self) -> list[dict[str, Any]]:
        return sorted(self._by_key.values(), key=lambda f: (f["rule"], f["child"]))


def _child_id(value: Any) -> str:
    import pandas as pd

    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "-"
    return str(value)


# --- CIN census -------------------------------------------------------------------------------


def _prepare_cin_tree(root: ET.Element) -> None:
    """Work round two ingress quirks (docs/reference-validators.md, CIN-1 and CIN-2)."""
    # CIN-1: the ingress looks elements up by bare name, so a namespaced file reads as empty.
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.startswith("{"):
            element.tag = element.tag.split("}", 1)[1]
    # CIN-2: the schema has one <Reviews> holding 1..n <CPPreviewDate>; the ingress takes the
    # first date of each <Reviews> only. Give every date its own <Reviews> so all are checked.
    for plan in root.iter("ChildProtectionPlans"):
        for reviews in plan.findall("Reviews"):
            dates = reviews.findall("CPPreviewDate")
            if len(dates) < 2:
                continue
            position = list(plan).index(reviews)
            plan.remove(reviews)
            for offset, review_date in enumerate(dates):
                single = ET.Element("Reviews")
                single.append(copy.deepcopy(review_date))
                plan.insert(position + offset, single)


def _cin_year(root: ET.Element) -> int:
    header = root.find("Header/CollectionDetails")
    if header is None:
        raise InputError("no Header/CollectionDetails element")
    reference_date = (header.findtext("ReferenceDate") or "").strip()
    if len(reference_date) >= 4 and reference_date[:4].isdigit():
        return int(reference_date[:4])
    year = (header.findtext("Year") or "").strip()
    if year.isdigit():
        return int(year)
    raise InputError("the header has neither a ReferenceDate nor a Year")


def run_cin(xml_path: Path) -> dict[str, Any]:
    from cin_validator import cin_validator
    from cin_validator.rule_engine import RuleContext

    try:
        root = ET.parse(xml_path).getroot()
    except (OSError, ET.ParseError) as error:
        raise InputError(f"{xml_path}: {error}") from error
    _prepare_cin_tree(root)
    year = _cin_year(root)
    ruleset = f"cin{year - 1}_{year % 100:02d}"
    try:
        registry = importlib.import_module(f"cin_validator.rules.{ruleset}").registry
    except ModuleNotFoundError as error:
        raise InputError(f"the CIN validator has no rule set {ruleset}") from error

    raw_tables = cin_validator.convert_data(root)
    tables = cin_validator.process_data(copy.deepcopy(raw_tables))
    enum_tables = cin_validator.enum_keys(tables)

    collector = _Collector()
    crashes: list[dict[str, str]] = []
    for code, rule in registry.items():
        ctx = RuleContext(rule)
        try:
            rule.func(copy.deepcopy(enum_tables), ctx)
            issue_frames = [
                ctx.type_zero_issues,
                ctx.type_one_issues,
                ctx.type_two_issues,
                ctx.type_three_issues,
            ]
            la_level = ctx.la_level_issues
        except Exception as error:  # the rule itself failed: a crash, not a data error
            crashes.append(
                {
                    "rule": str(code),
                    "message": str(rule.message),
                    "error": f"{type(error).__name__}: {error}",
                    "traceback": traceback.format_exc(limit=-3),
                }
            )
            continue
        level = "query" if rule.rule_type.name == "QUERY" else "error"
        message = str(rule.message)
        if len(la_level):
            collector.add(str(code), level, "-", [], message)
        for frame in issue_frames:
            if not len(frame):
                continue
            for record in frame.to_dict("records"):
                table = str(record.get("tables_affected"))
                column = str(record.get("columns_affected"))
                child = "-"
                if table in tables and table != "Header":
                    row = int(record["ROW_ID"])
                    child = _child_id(raw_tables[table].iloc[row]["LAchildID"])
                collector.add(str(code), level, child, [f"{table}.{column}"], message)

    return {
        "validator": "cin",
        "version": importlib.metadata.version("csc-validator-be-cin"),
        "ruleset": ruleset,
        "rules_run": len(registry),
        "rules": sorted(str(code) for code in registry),
        "failures": collector.failures(),
        "crashes": crashes,
        "skipped": [],
    }


# --- SSDA903 ----------------------------------------------------------------------------------


def _isolated(store: dict[str, Any]) -> dict[str, Any]:
    """A deep copy of the data store for one rule (docs/reference-validators.md 903-3): the
    validator's own ``copy_datastore`` is shallow, and some rules write through it (rule 365
    fills every open episode's DEC with 31 March), changing what every later rule sees."""
    return {
        name: copy.deepcopy(value) if name == "metadata" else value.copy(deep=True)
        for name, value in store.items()
    }


def _shim_231(store: dict[str, Any]) -> None:
    header = store["Header"]
    header["UASC_STATUS"] = header["UASC"] if "UASC" in header.columns else None


def _shim_233(store: dict[str, Any]) -> None:
    store["Episodes"]["DATE_EPISODE_CEASED"] = store["Episodes"]["DEC"]


#: Rules that crash on a column misnamed in the rule itself (docs/reference-validators.md 903-1,
#: 903-2): after the crash is recorded, the rule runs again with the column it expects added as
#: an alias, so that the DfE rule it implements is still checked.
SHIMS_903 = {
    "231": ("Header.UASC_STATUS aliased to the ingress's Header.UASC", _shim_231),
    "233": ("Episodes.DATE_EPISODE_CEASED aliased to Episodes.DEC", _shim_233),
}


def _run_903_rules(
    store: dict[str, Any], registry: dict[str, Any], isolate: bool
) -> tuple[_Collector, list[dict[str, str]], list[str]]:
    """Every rule once, in the registry's order. ``isolate``: each rule gets a deep copy of the
    data (the DfE rules are defined on the return as submitted). Otherwise each gets the
    validator's own shallow ``copy_datastore`` of one store, as the councils' front end does,
    so a rule that writes through it changes what later rules see (docs 903-3)."""
    import pandas as pd
    from lac_validator.datastore import copy_datastore

    def fresh() -> dict[str, Any]:
        return _isolated(store) if isolate else copy_datastore(store)

    collector = _Collector()
    crashes: list[dict[str, str]] = []
    skipped: list[str] = []
    for code, rule in registry.items():
        shim = ""
        try:
            result = rule.func(fresh())
        except Exception as error:
            crashes.append(
                {
                    "rule": str(code),
                    "message": str(rule.message),
                    "error": f"{type(error).__name__}: {error}",
                    "traceback": traceback.format_exc(limit=-3),
                }
            )
            if str(code) not in SHIMS_903:
                continue
            shim, apply_shim = SHIMS_903[str(code)]
            shimmed = fresh()
            for name in ("Header", "Episodes"):  # the tables the shims add a column to
                if name in shimmed:
                    shimmed[name] = shimmed[name].copy(deep=False)
            try:
                apply_shim(shimmed)
                result = rule.func(shimmed)
            except Exception as again:
                crashes[-1]["error"] += f"; and with the shim ({shim}): {again!r}"
                continue
            crashes[-1]["shim"] = shim
        if result == {}:
            # The rule's tables (or the Ofsted provider lists, or last year's return) are absent.
            skipped.append(str(code))
            continue
        fields = [str(f) for f in (rule.affected_fields or [])]
        for table, rows in result.items():
            frame = store.get(table)
            for row in rows:
                if row is None or (not isinstance(row, str) and pd.isna(row)):
                    continue
                child = "-"
                if frame is not None and "CHILD" in frame.columns and row in frame.index:
                    child = _child_id(frame.loc[row, "CHILD"])
                # The 903 validator has no error/query distinction: every rule is an error.
                collector.add(
                    str(code),
                    "error",
                    child,
                    [f"{table}.{f}" for f in fields],
                    str(rule.message),
                    shim=shim,
                )
    return collector, crashes, skipped


def run_903(
    csv_dir: Path, year: int, local_authority: str, previous_dir: Path | None = None
) -> dict[str, Any]:
    from lac_validator.datastore import create_datastore
    from lac_validator.ingress import _BufferedUploadedFile, read_files, read_from_text
    from lac_validator.types import UploadError

    # Importing lac_validator calls logging.basicConfig(level=INFO): quieten it.
    logging.getLogger().setLevel(logging.WARNING)

    paths = sorted(str(p) for p in csv_dir.glob("*.csv"))
    if not paths:
        raise InputError(f"{csv_dir}: no .csv files")
    uploads = read_files(paths)
    if previous_dir is not None:
        previous = sorted(str(p) for p in previous_dir.glob("*.csv"))
        if not previous:
            raise InputError(f"{previous_dir}: no .csv files")
        # The validator tells last year's tables by this description ("<table>_last").
        uploads += [_BufferedUploadedFile(p, p, "Prev year") for p in previous]
    ruleset = f"lac{year - 1}_{year % 100:02d}"
    try:
        registry = importlib.import_module(f"lac_validator.rules.{ruleset}").registry
    except ModuleNotFoundError as error:
        raise InputError(f"the 903 validator has no rule set {ruleset}") from error
    try:
        dfs, metadata_extras = read_from_text(uploads)
    except (UploadError, ValueError, OSError) as error:
        raise InputError(f"{csv_dir}: {error}") from error
    metadata: dict[str, Any] = {"collectionYear": str(year), "localAuthority": local_authority}
    metadata.update(metadata_extras)
    store = create_datastore(dfs, metadata)

    isolated, crashes, skipped = _run_903_rules(store, registry, isolate=True)
    # The same again as the front end runs it (this pass mutates ``store``: it goes last).
    shared, shared_crashes, _ = _run_903_rules(store, registry, isolate=False)
    failures = isolated.failures()
    seen = {(f["rule"], f["child"]) for f in failures}
    both = {(f["rule"], f["child"]) for f in shared.failures()}
    for failure in failures:
        failure["mode"] = "both" if (failure["rule"], failure["child"]) in both else "isolated"
    for failure in shared.failures():
        if (failure["rule"], failure["child"]) not in seen:
            failure["mode"] = "shared"
            failures.append(failure)
    crashed = {c["rule"] for c in crashes}
    crashed_shared = {c["rule"] for c in shared_crashes}
    for crash in crashes:
        crash["mode"] = "both" if crash["rule"] in crashed_shared else "isolated"
    for crash in shared_crashes:
        if crash["rule"] not in crashed:
            crash["mode"] = "shared"
            crashes.append(crash)
    failures.sort(key=lambda f: (f["rule"], f["child"]))
    return {
        "validator": "903",
        "version": importlib.metadata.version("csc-validator-be-903"),
        "ruleset": ruleset,
        "rules_run": len(registry),
        "rules": sorted(str(code) for code in registry),
        "failures": failures,
        "crashes": crashes,
        "skipped": sorted(skipped),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    sub = parser.add_subparsers(dest="which", required=True)
    cin = sub.add_parser("cin")
    cin.add_argument("xml", type=Path)
    lac = sub.add_parser("903")
    lac.add_argument("csv_dir", type=Path)
    lac.add_argument("--year", type=int, required=True)
    lac.add_argument("--la", default="E10000013", help="the authority's ONS (UTLA) code")
    lac.add_argument("--previous", type=Path, help="last year's tables, for the rules using them")
    args = parser.parse_args(argv)

    out = sys.stdout
    try:
        # The validators print and log freely: keep standard output for the JSON alone.
        with contextlib.redirect_stdout(sys.stderr):
            if args.which == "cin":
                report = run_cin(args.xml)
            else:
                report = run_903(args.csv_dir, args.year, args.la, args.previous)
    except InputError as error:
        print(f"reference_runner: {error}", file=sys.stderr)
        return 2
    by_rule: dict[str, int] = defaultdict(int)
    for failure in report["failures"]:
        by_rule[failure["rule"]] += 1
    report["counts"] = dict(sorted(by_rule.items()))
    json.dump(report, out)
    out.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
