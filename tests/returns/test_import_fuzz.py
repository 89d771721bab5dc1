"""Fuzzing both importers (issue 12, acceptance): whatever a file holds, the import either
succeeds or refuses it with problems naming the file (ReturnFileError), never a traceback;
a refused file writes nothing; and memory stays proportional to the file."""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from sightline.returns.cin_census import import_cin_census
from sightline.returns.cin_xml import to_xml
from sightline.returns.files import ReturnFileError
from sightline.returns.ssda903 import import_ssda903
from sightline.returns.ssda903_tables import TABLES
from tests.returns.ssda903_helpers import row_counts, write_tables
from tests.returns.test_cin_census import AS_OF
from tests.returns.test_cin_census import small_return as small_cin
from tests.returns.test_ssda903 import small_return as small_903

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Values a hostile file holds: other scripts' digits, formulas, huge numbers, odd dates.
HOSTILE_VALUES = st.sampled_from(
    [
        "",
        "\u00b2",
        "\u2460",
        "\u0663\u0660",
        "9" * 5000,
        "-1",
        "=1+1",
        "@A1",
        "+",
        "\t=cmd",
        "0001-01-01",
        "9999-12-31",
        "01/01/0001",
        "31/12/9999",
        "2025-02-30",
        "UN1",
        "X1",
        "NONE",
    ]
)
HOSTILE = st.one_of(
    HOSTILE_VALUES,
    HOSTILE_VALUES,
    st.text(max_size=30),
    st.integers(-(10**30), 10**30).map(str),
)


def settles(run: Callable[[], Any]) -> None:
    """The import succeeds, or refuses with problems naming the file and writes nothing."""
    with transaction.atomic():
        before = row_counts()
        try:
            run()
        except ReturnFileError as error:
            assert error.problems and all(p.file for p in error.problems)
            assert row_counts() == before
        transaction.set_rollback(True)


@FUZZ
@given(data=st.data())
def test_any_cin_census_file_imports_or_is_refused_cleanly(data: Any, tmp_path: Path) -> None:
    root = etree.fromstring(to_xml(small_cin()))
    leaves = [el for el in root.iter() if len(el) == 0]
    tags = sorted({str(el.tag) for el in leaves})
    for _ in range(data.draw(st.integers(1, 6))):
        tag = data.draw(st.sampled_from(tags))  # every field alike, however often it occurs
        value = "".join(c for c in data.draw(HOSTILE) if c.isprintable() or c in "\t\n")
        for leaf in leaves:
            if leaf.tag == tag:
                leaf.text = value
    if data.draw(st.booleans()):  # and a child twice, or a whole element lost
        children = root.find("Children")
        assert children is not None
        children.append(etree.fromstring(etree.tostring(children[0])))
    path = tmp_path / "fuzz.xml"
    path.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    settles(lambda: import_cin_census(path, today=AS_OF))


@FUZZ
@given(data=st.data())
def test_any_ssda903_return_imports_or_is_refused_cleanly(data: Any, tmp_path: Path) -> None:
    tables = small_903()
    for _ in range(data.draw(st.integers(1, 6))):
        table = data.draw(st.sampled_from(sorted(t for t in TABLES if t != "dolo.csv")))
        rows = tables.setdefault(table, [])
        if not rows or data.draw(st.booleans()):
            rows.append({"CHILD": "A1", "DOB": "04/05/2012"})
        row = data.draw(st.sampled_from(rows))
        row[data.draw(st.sampled_from(TABLES[table]))] = data.draw(HOSTILE)
        if data.draw(st.booleans()):
            rows.append(dict(row))
    directory = tmp_path / f"fuzz{data.draw(st.integers(0, 10**9))}"
    try:
        write_tables(directory, tables)
    except UnicodeEncodeError:  # a lone surrogate cannot be a UTF-8 file at all
        return
    settles(lambda: import_ssda903(directory))


def peak_bytes(run: Callable[[], Any]) -> int:
    tracemalloc.start()
    try:
        settles(run)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_grows_with_a_hostile_cin_file_in_proportion(tmp_path: Path) -> None:
    """The first child pasted again and again (in validation this once took 23 GB): four
    times the copies, at most about four times the memory, and a bounded multiple of the
    file's size."""
    peaks, sizes = [], []
    for copies in (150, 600):
        root = etree.fromstring(to_xml(small_cin()))
        children = root.find("Children")
        assert children is not None
        first = etree.tostring(children[0])
        for _ in range(copies):
            children.append(etree.fromstring(first))
        path = tmp_path / f"copies{copies}.xml"
        path.write_bytes(etree.tostring(root))
        sizes.append(path.stat().st_size)
        peaks.append(peak_bytes(lambda p=path: import_cin_census(p, today=AS_OF)))
    assert peaks[1] < 6 * peaks[0]
    assert peaks[1] < 200 * sizes[1]


def test_memory_grows_with_a_hostile_ssda903_return_in_proportion(tmp_path: Path) -> None:
    """One review row given thousands of times (the import once took 200,000 of them)."""
    peaks, sizes = [], []
    for copies in (2_000, 8_000):
        tables = small_903()
        tables["reviews.csv"] = tables["reviews.csv"] * copies
        directory = write_tables(tmp_path / f"copies{copies}", tables)
        sizes.append(sum(p.stat().st_size for p in directory.iterdir()))
        peaks.append(peak_bytes(lambda d=directory: import_ssda903(d)))
    assert peaks[1] < 6 * peaks[0]
    assert peaks[1] < 200 * sizes[1]
