"""The public DfE-rule validators as the reference for "passes the DfE rules".

data-to-insight's ``csc-validator-be-cin`` and ``csc-validator-be-903`` (CONTRACTS.md "Reference
checks") pin pandas<2 and numpy<1.25, so they live in ``.venv-reference`` (``make reference``,
pins in ``reference-validators.txt``) and run in a subprocess: ``reference_runner.py`` beside
this file calls their Python API there and prints JSON, read back here as ``Failure`` rows.

Where the reference itself is at fault (a rule that crashes, a known misreading), the failure
says so in ``reference_fault`` and the tests do not count it against the data; each such rule is
documented, with the evidence, in docs/reference-validators.md.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RUNNER = Path(__file__).with_name("reference_runner.py")
DOC = ROOT / "docs" / "reference-validators.md"
#: Gloucestershire's ONS code: the 903 validator compares each placement's area with it.
DEFAULT_LA = "E10000013"
TIMEOUT_SECONDS = 1800

#: Rules the reference gets wrong: (validator "cin"|"903", rule code) -> (the 903 run modes the
#: fault shows in, or None for every mode; the reason). Every entry has a section in
#: docs/reference-validators.md, named in the reason (test_reference_harness checks).
KNOWN_WRONG: dict[tuple[str, str], tuple[frozenset[str] | None, str]] = {
    ("903", "231"): (None, "crashes: reads Header.UASC_STATUS, the ingress names it UASC (903-1)"),
    ("903", "233"): (None, "crashes: reads Episodes.DATE_EPISODE_CEASED, not DEC (903-2)"),
    ("903", "SW12STG2"): (
        None,
        "checks every pair of episode and social worker episode instead of asking for one "
        "that covers the episode: flags social worker episodes that began before care (903-4)",
    ),
    ("903", "1001"): (
        None,
        "sees only this year's and last year's episodes: its message says it flags care "
        "leavers whose care ended before that (903-5)",
    ),
    ("903", "1002"): (
        None,
        "sees only this year's and last year's episodes: its message says it flags care "
        "leavers whose care ended before that (903-5)",
    ),
}
#: A failure only the front end's shared-store run shows comes from another rule's write-through.
SHARED_ONLY = "fires only through another rule's write-through to the shared data store (903-3)"


def _fault(validator: str, rule: str, mode: str) -> str:
    if mode == "shared":
        return SHARED_ONLY
    modes, reason = KNOWN_WRONG.get((validator, rule), (frozenset(), ""))
    if modes is None or mode in modes:
        return reason
    return ""


class ReferenceUnavailable(RuntimeError):
    """The reference venv is missing or the runner failed."""


@dataclass(frozen=True)
class Failure:
    """One rule failing for one child (``la_child_id`` is ``-`` for a return-level rule).

    ``level`` is ``error`` or ``query`` as the validator says (the 903 validator knows no
    queries: every one of its rules is an error), or ``crash`` when the rule itself raised.
    ``fields`` are ``Table.Column``; ``locations`` counts the rows or values the rule pointed
    at for this child. ``reference_fault`` is non-empty when the reference is at fault; ``shim``
    when a crashing rule was run again with the column it misnames aliased (the failure then
    stands: it is the DfE rule as written). ``mode`` (903 only): the failure showed when each rule
    ran on its own copy of the data and in the front end's shared store ("both"), or only in one
    ("isolated", "shared"); see docs/reference-validators.md 903-3.
    """

    rule: str
    level: str
    la_child_id: str
    fields: tuple[str, ...]
    message: str
    locations: int = 1
    reference_fault: str = ""
    shim: str = ""
    mode: str = "both"

    @property
    def is_data_error(self) -> bool:
        """An error-level rule fired on the data, and the reference is not known to be wrong."""
        return self.level == "error" and not self.reference_fault


@dataclass(frozen=True)
class ReferenceReport:
    validator: str
    version: str
    ruleset: str
    rules_run: int
    failures: list[Failure]
    skipped: list[str]
    #: The codes of every rule in the reference's rule set for the year.
    rules: tuple[str, ...] = ()


def reference_python() -> Path:
    """The reference venv's interpreter; ``SIGHTLINE_REFERENCE_PYTHON`` overrides."""
    override = os.environ.get("SIGHTLINE_REFERENCE_PYTHON")
    return Path(override) if override else ROOT / ".venv-reference" / "bin" / "python"


def require_reference() -> Path:
    """The reference venv's interpreter; a test that needs it fails when it is absent (never
    skips): ``make test`` builds it (target ``reference``)."""
    python = reference_python()
    if not python.exists():
        pytest.fail(f"{python} is missing: run `make reference` to install the public validators")
    return python


def _run(args: list[str], validator: str) -> ReferenceReport:
    python = reference_python()
    if not python.exists():
        raise ReferenceUnavailable(f"{python} is missing: run `make reference`")
    proc = subprocess.run(
        [str(python), str(RUNNER), *args],
        capture_output=True,
        text=True,
        timeout=TIMEOUT_SECONDS,
        check=False,
        cwd=ROOT,
    )
    if proc.returncode != 0:
        raise ReferenceUnavailable(
            f"reference runner exited {proc.returncode}: {proc.stderr.strip()[-2000:]}"
        )
    data = json.loads(proc.stdout)
    failures = [
        Failure(
            rule=f["rule"],
            level=f["level"],
            la_child_id=f["child"],
            fields=tuple(f["fields"]),
            message=f["message"],
            locations=int(f["locations"]),
            # A shimmed rule's failures are the DfE rule checked as written: they count.
            reference_fault=""
            if f.get("shim") and f.get("mode", "both") != "shared"
            else _fault(validator, f["rule"], f.get("mode", "both")),
            shim=f.get("shim", ""),
            mode=f.get("mode", "both"),
        )
        for f in data["failures"]
    ]
    for crash in data["crashes"]:
        known = _fault(validator, crash["rule"], crash.get("mode", "both"))
        failures.append(
            Failure(
                rule=crash["rule"],
                level="crash",
                la_child_id="-",
                fields=(),
                message=f"{crash['message']} [rule crashed: {crash['error']}]",
                reference_fault=known or f"rule crashed: {crash['error']}",
                shim=crash.get("shim", ""),
                mode=crash.get("mode", "both"),
            )
        )
    return ReferenceReport(
        validator=validator,
        version=data["version"],
        ruleset=data["ruleset"],
        rules_run=int(data["rules_run"]),
        failures=failures,
        skipped=list(data["skipped"]),
        rules=tuple(data.get("rules", ())),
    )


def cin_report(xml_path: Path | str) -> ReferenceReport:
    return _run(["cin", str(xml_path)], "cin")


def ssda903_report(
    csv_dir: Path | str,
    year: int,
    *,
    previous_dir: Path | str | None = None,
    local_authority: str = DEFAULT_LA,
) -> ReferenceReport:
    args = ["903", str(csv_dir), "--year", str(year), "--la", local_authority]
    if previous_dir is not None:
        args += ["--previous", str(previous_dir)]
    return _run(args, "903")


def run_cin_validator(xml_path: Path | str) -> list[Failure]:
    """The CIN census validator on one XML file (its year from the header's ReferenceDate)."""
    return cin_report(xml_path).failures


def run_903_validator(
    csv_dir: Path | str,
    year: int,
    *,
    previous_dir: Path | str | None = None,
    local_authority: str = DEFAULT_LA,
) -> list[Failure]:
    """The SSDA903 validator on a directory of the return's CSV tables for collection ``year``
    (``previous_dir``: last year's tables, which enable the rules that compare the two)."""
    return ssda903_report(
        csv_dir, year, previous_dir=previous_dir, local_authority=local_authority
    ).failures


def data_errors(failures: Iterable[Failure]) -> list[Failure]:
    return [f for f in failures if f.is_data_error]


def summarise(failures: Iterable[Failure]) -> str:
    """One line a rule, level and run mode: children affected, an example child, the fields,
    the message, and why the reference is at fault where it is."""
    failures = list(failures)
    counts = Counter((f.rule, f.level, f.mode, f.reference_fault) for f in failures)
    example: dict[tuple[str, str, str, str], Failure] = {}
    for f in failures:
        example.setdefault((f.rule, f.level, f.mode, f.reference_fault), f)
    lines = []
    for key, n in sorted(counts.items()):
        f = example[key]
        mode = f" ({f.mode})" if f.mode != "both" else ""
        fault = f" [reference at fault: {f.reference_fault}]" if f.reference_fault else ""
        lines.append(
            f"{f.rule}\t{f.level}{mode}\t{n} child(ren), e.g. {f.la_child_id}\t"
            f"{','.join(f.fields)}\t{f.message}{fault}"
        )
    return "\n".join(lines)
