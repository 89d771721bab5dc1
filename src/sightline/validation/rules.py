"""The DfE rules as data: each a code, a level, a message, the fields it reads and a pure,
vectorised check over the return's tables (decision 0010).

A check takes the ``Tables`` and returns the failing rows as a Polars frame (or lazy frame)
holding the child ID column (``LAchildID`` for the CIN census, ``CHILD`` for the SSDA903
return); a return-level rule (``scope="return"``) returns a frame with a row when it fails.
Messages and levels come from the DfE rule lists shipped in ``data/`` (copies of
shared/reference without the notes the public validator adds to some messages, "[NOTE: ...
false positives]": they describe that tool, not the rule), so a rule's text is the DfE's;
which years a rule applies to follows from the lists it appears in, unless the rule says
otherwise.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import polars as pl

from sightline.returns.years import CIN_CENSUS_YEARS, SSDA903_YEARS
from sightline.validation.tables import CIN, SSDA903, Tables

DATA = Path(__file__).resolve().parent / "data"
ERROR = "error"
QUERY = "query"

#: Which DfE rule list holds a collection year's rules. The 2024-25 CIN census and SSDA903
#: rules are read from the 2025-26 lists (Sightline ships no older list; the rules that matter
#: to a 2024-25 return are the same codes).
RULE_LISTS: dict[str, dict[int, str]] = {
    CIN: {2025: "cin2025_26_rules.tsv", 2026: "cin2025_26_rules.tsv"},
    SSDA903: {
        2025: "lac2025_26_rules.tsv",
        2026: "lac2025_26_rules.tsv",
        2027: "lac2026_27_rules.tsv",
    },
}
YEARS = {CIN: CIN_CENSUS_YEARS, SSDA903: SSDA903_YEARS}
_LEVEL = re.compile(r"\s*\((ERROR|QUERY)\)\s*$")

Check = Callable[[Tables], "pl.DataFrame | pl.LazyFrame"]


@dataclass(frozen=True)
class Listed:
    """A rule as the DfE lists it."""

    code: str
    level: str
    message: str


@cache
def rule_list(kind: str, year: int) -> dict[str, Listed]:
    """The DfE's rules for a return and collection year, by code."""
    out: dict[str, Listed] = {}
    with (DATA / RULE_LISTS[kind][year]).open(encoding="utf-8") as f:
        for code, text in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            m = _LEVEL.search(text)
            level = QUERY if m and m.group(1) == "QUERY" else ERROR
            out[code.strip()] = Listed(code.strip(), level, _LEVEL.sub("", text).strip())
    return out


@dataclass(frozen=True)
class Rule:
    kind: str
    code: str
    fields: tuple[str, ...]
    check: Check
    years: tuple[int, ...]
    scope: str = "child"
    #: Reference data the rule needs besides the return (``"providers"``: Ofsted's register);
    #: without it the rule is skipped, and the run says so (``engine.skipped``).
    needs: str = ""

    def listed(self, year: int) -> Listed:
        return rule_list(self.kind, year)[self.code]


_REGISTRY: dict[str, dict[str, Rule]] = {CIN: {}, SSDA903: {}}


def _register(
    kind: str,
    code: str,
    fields: Iterable[str],
    years: Iterable[int] | None,
    scope: str,
    needs: str = "",
) -> Callable[[Check], Check]:
    def wrap(check: Check) -> Check:
        if code in _REGISTRY[kind]:
            raise ValueError(f"{kind} rule {code} is defined twice")
        listed_in = tuple(y for y in YEARS[kind] if code in rule_list(kind, y))
        chosen = tuple(years) if years is not None else listed_in
        if not chosen or not set(chosen) <= set(listed_in):
            raise ValueError(f"{kind} rule {code}: not in the DfE rule list for {chosen}")
        _REGISTRY[kind][code] = Rule(kind, code, tuple(fields), check, chosen, scope, needs)
        return check

    return wrap


def cin_rule(
    code: str, fields: Iterable[str], years: Iterable[int] | None = None, scope: str = "child"
) -> Callable[[Check], Check]:
    """Register a CIN census rule (its message and level come from the DfE list)."""
    return _register(CIN, code, fields, years, scope)


def ssda903_rule(
    code: str,
    fields: Iterable[str],
    years: Iterable[int] | None = None,
    scope: str = "child",
    needs: str = "",
) -> Callable[[Check], Check]:
    """Register an SSDA903 rule (its message comes from the DfE list)."""
    return _register(SSDA903, code, fields, years, scope, needs)


def _load() -> None:
    # Importing the rule modules registers their rules.
    from sightline.validation import cin, ssda903  # noqa: F401


def registered(kind: str) -> dict[str, Rule]:
    _load()
    return dict(_REGISTRY[kind])


def rules_for(kind: str, year: int) -> list[Rule]:
    """The rules Sightline runs on a return of this kind and collection year, by code."""
    if year not in YEARS[kind]:
        raise ValueError(f"{kind}: collection year {year} is not supported")
    return sorted((r for r in registered(kind).values() if year in r.years), key=lambda r: r.code)


def not_implemented(kind: str) -> dict[str, str]:
    """Rules in the DfE lists that Sightline does not check, each with the reason: every rule
    module may say so in ``UNIMPLEMENTED`` (code -> reason), listed in docs/validation-rules.md."""
    import importlib
    import pkgutil

    package = importlib.import_module(f"sightline.validation.{kind}")
    out: dict[str, str] = {}
    for m in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{m.name}")
        out.update(getattr(module, "UNIMPLEMENTED", {}))
    return out
