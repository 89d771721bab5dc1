"""Run a year's rules over a return's tables: one row per rule and child that fails.

Each check is a Polars query over whole tables; the engine only gathers the failing child IDs
(``-`` for a return-level rule), in code order, with the DfE's level and message.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import polars as pl

from sightline.validation.rules import ERROR, Rule, rules_for
from sightline.validation.tables import Tables

RETURN_LEVEL = "-"


@dataclass(frozen=True)
class Failure:
    rule: str
    level: str
    child: str
    fields: str
    message: str

    def line(self) -> str:
        """CONTRACTS.md "Command-line outputs": tab-separated, one per failure."""
        return "\t".join(
            (self.rule, self.level, self.child, self.fields, self.message.replace("\t", " "))
        )


class RuleCrashed(RuntimeError):
    def __init__(self, rule: Rule, error: Exception) -> None:
        super().__init__(f"rule {rule.code} could not run: {type(error).__name__}: {error}")
        self.rule = rule


def failing_children(rule: Rule, tables: Tables) -> list[str]:
    """The children (or ``-``) this rule fails for, sorted."""
    try:
        got = rule.check(tables)
        found = got.collect() if isinstance(got, pl.LazyFrame) else got
    except Exception as error:  # a faulty rule must not hide the others
        raise RuleCrashed(rule, error) from error
    if rule.scope == "return":
        return [RETURN_LEVEL] if found.height else []
    ids = found.get_column(tables.child_id).unique()
    return sorted(RETURN_LEVEL if v is None else str(v) for v in ids.to_list())


#: Why a rule that needs reference data is skipped without it.
MISSING = {
    "providers": "Ofsted's provider register is not loaded (sightline providers import FILE)"
}


def _available(rule: Rule, tables: Tables) -> bool:
    return not rule.needs or getattr(tables, rule.needs, None) is not None


def skipped(tables: Tables, rules: Iterable[Rule] | None = None) -> dict[str, list[str]]:
    """The year's rules (or the given ones) that cannot run on these tables, by the reason."""
    chosen = list(rules) if rules is not None else rules_for(tables.kind, tables.meta.rules_from)
    out: dict[str, list[str]] = {}
    for rule in chosen:
        if not _available(rule, tables):
            out.setdefault(MISSING[rule.needs], []).append(rule.code)
    return out


def skipped_note(tables: Tables, rules: Iterable[Rule] | None = None) -> str:
    """One sentence naming the skipped rules and why, or "" when every rule ran."""
    return "; ".join(
        f"{len(codes)} rules skipped ({', '.join(codes)}): {why}"
        for why, codes in skipped(tables, rules).items()
    )


def run(
    tables: Tables,
    rules: Iterable[Rule] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[list[Failure], list[RuleCrashed]]:
    """Every failure of the year's rules (or the given ones), and any rule that crashed. A
    rule whose reference data the tables lack is skipped (``skipped`` says which).
    ``progress(done, total)`` is told after each rule (skipped ones included)."""
    failures: list[Failure] = []
    crashed: list[RuleCrashed] = []
    chosen = list(rules) if rules is not None else rules_for(tables.kind, tables.meta.rules_from)
    for done, rule in enumerate(chosen, start=1):
        if progress is not None:
            progress(done - 1, len(chosen))
        if not _available(rule, tables):
            continue
        try:
            children = failing_children(rule, tables)
        except RuleCrashed as error:
            crashed.append(error)
            continue
        listed = rule.listed(tables.meta.rules_from)
        fields = ",".join(rule.fields)
        failures.extend(
            Failure(rule.code, listed.level, child, fields, listed.message) for child in children
        )
    if progress is not None:
        progress(len(chosen), len(chosen))
    return failures, crashed


def has_errors(failures: Iterable[Failure]) -> bool:
    return any(f.level == ERROR for f in failures)
