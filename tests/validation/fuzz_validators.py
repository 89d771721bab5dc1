"""Property-based fuzzing of both validators (issue 12's acceptance), run by test_fuzz.py in a
subprocess under an address-space limit: valid returns from the round-trip strategies
(tests/returns/*_strategies.py) made hostile (values in other digits or thousands of digits long,
dates far outside the working-day calendar, a child pasted many times, blank child IDs, entity
references, XIncludes, header names in other cases), each read and checked. Every example must
end in a clear error (``Unreadable``) or a result with no crashed rule: never another exception.

    python -m tests.validation.fuzz_validators [EXAMPLES]
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
from pathlib import Path
from typing import Any

HOSTILE = [
    "²",
    "①",
    "٣٤",
    "9" * 5000,
    "-1",
    "9999-12-31",
    "0001-01-01",
    "2261-12-31",
    "1677-01-01",
    "1999-12-31",
    "2036-01-01",
    "31/12/9999",
    "01/01/0001",
    "29/02/2023",
    "01/01/2036",
    "",
    " ",
    "x" * 10_000,
    "NaN",
    "1e400",
    "=1+1",
    "\u200b",
]
XINCLUDE = "{http://www.w3.org/2001/XInclude}include"


def main(examples: int) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sightline.settings")
    django.setup()
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st
    from lxml import etree

    from sightline.returns.cin_xml import to_xml
    from sightline.validation.engine import run
    from sightline.validation.files import Unreadable, read_cin_census, read_ssda903
    from tests.returns import cin_strategies, ssda903_strategies
    from tests.returns.ssda903_helpers import write_tables

    fuzzed = settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )

    def check(read: Any) -> None:
        try:
            tables = read()
        except Unreadable as error:
            assert str(error), "an Unreadable must say why"
            return
        tables = tables[0] if isinstance(tables, tuple) else tables
        _, crashed = run(tables)
        assert not crashed, [str(c) for c in crashed]

    cin_mutation = st.one_of(
        st.tuples(st.just("text"), st.integers(0, 10_000), st.sampled_from(HOSTILE)),
        st.tuples(st.just("paste"), st.integers(0, 10_000), st.integers(1, 1500)),
        st.tuples(st.just("drop"), st.integers(0, 10_000), st.just(0)),
        st.tuples(st.just("entity"), st.integers(0, 10_000), st.just(0)),
        st.tuples(st.just("xinclude"), st.integers(0, 10_000), st.just(0)),
    )

    @fuzzed
    @given(cin_strategies.returns(), st.lists(cin_mutation, max_size=4))
    def fuzz_cin(ret: Any, mutations: list[tuple[str, int, Any]]) -> None:
        root = etree.fromstring(to_xml(ret))
        doctype = ""
        for kind, at, value in mutations:
            leaves = [e for e in root.iter() if len(e) == 0 and isinstance(e.tag, str)]
            children = list(root.iter("{*}Child"))
            if kind == "text" and leaves:
                leaves[at % len(leaves)].text = value
            elif kind == "paste" and children:
                child = children[at % len(children)]
                for _ in range(value):
                    child.addnext(etree.fromstring(etree.tostring(child)))
            elif kind == "drop" and len(leaves) > 1:
                leaf = leaves[at % len(leaves)]
                leaf.getparent().remove(leaf)
            elif kind == "entity" and leaves:
                doctype = '<!DOCTYPE Message [<!ENTITY e "2025-05-20">]>\n'
                leaf = leaves[at % len(leaves)]
                leaf.text = None
                leaf.append(etree.Entity("e"))
            elif kind == "xinclude" and leaves:
                leaf = leaves[at % len(leaves)]
                leaf.append(etree.Element(XINCLUDE, href="/etc/hostname", parse="text"))
        body = etree.tostring(root, encoding="unicode")
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "cin.xml"
            path.write_text(f"<?xml version='1.0' encoding='UTF-8'?>\n{doctype}{body}", "utf-8")
            check(lambda: read_cin_census(path))

    names = st.sampled_from(["header.csv", "episodes.csv", "reviews.csv", "missing.csv", "oc2.csv"])
    row = st.integers(0, 100)
    ssda903_mutation = st.one_of(
        st.tuples(st.just("cell"), names, row, st.integers(0, 20)),
        st.tuples(st.just("paste"), names, row, st.integers(1, 1500)),
        st.tuples(st.just("blank"), names, row, st.just(0)),
        st.tuples(st.just("case"), names, st.just(0), st.integers(0, 20)),
    )

    @fuzzed
    @given(
        ssda903_strategies.returns(),
        st.lists(ssda903_mutation, max_size=4),
        st.lists(st.sampled_from(HOSTILE), min_size=4, max_size=4),
    )
    def fuzz_ssda903(
        tables: dict[str, list[dict[str, str]]],
        mutations: list[tuple[str, str, int, int]],
        values: list[str],
    ) -> None:
        lowered: dict[str, int] = {}
        for (kind, name, at, n), value in zip(mutations, values, strict=False):
            rows = tables.get(name) or []
            if kind == "case":
                lowered[name] = n
            elif not rows:
                continue
            elif kind == "cell":
                row = rows[at % len(rows)]
                column = sorted(row)[n % len(row)]
                row[column] = value
            elif kind == "paste":
                rows.extend([dict(rows[at % len(rows)])] * n)
            elif kind == "blank":
                rows[at % len(rows)]["CHILD"] = ""
        with tempfile.TemporaryDirectory() as tmp:
            directory = write_tables(Path(tmp), tables)
            for name, n in lowered.items():
                path = directory / name
                head, _, rest = path.read_text("utf-8").partition("\n")
                names = head.split(",")
                names[n % len(names)] = names[n % len(names)].lower()
                if n % 3 == 0:  # a second column of the same name in another case
                    names.append(names[n % len(names)].lower())
                path.write_text(",".join(names) + "\n" + rest, "utf-8")
            check(lambda: read_ssda903(directory, 2026))

    fuzz_cin()
    fuzz_ssda903()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"fuzzed {examples} CIN census and {examples} SSDA903 files; peak {peak} MB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
