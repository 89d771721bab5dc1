"""Fuzzing both importers (issue 12, acceptance): whatever a file holds, the import either
succeeds and stores only sound values, or refuses it with problems naming the file
(ReturnFileError), never a traceback; a refused file writes nothing; and memory stays within a
bound, under an address-space limit in a subprocess. The hostile files and the property are in
fuzz_importers.py; every input known to have crashed an importer, or to have been stored when it
should have been refused, is an explicit example, tried on every run."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from lxml import etree

import sightline
from sightline.returns.cin_census import import_cin_census
from sightline.returns.cin_xml import to_xml
from sightline.returns.ssda903 import import_ssda903
from tests.returns.fuzz_importers import (
    ARABIC,
    CinMutation,
    Ssda903Mutation,
    cin_mutation,
    cin_settles,
    settles,
    ssda903_mutation,
    ssda903_settles,
)
from tests.returns.ssda903_helpers import write_tables
from tests.returns.test_cin_census import AS_OF
from tests.returns.test_cin_census import small_return as small_cin
from tests.returns.test_ssda903_import import small_return as small_903

pytestmark = pytest.mark.django_db

# The suite's run tries 40 generated files beside the pinned cases below (the same 40 each run:
# derandomized); `make fuzz` tries 1,000 (SIGHTLINE_FUZZ_EXAMPLES).
FUZZ = settings(
    max_examples=int(os.environ.get("SIGHTLINE_FUZZ_EXAMPLES", "40")),
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
LONG = "9" * 5000


def cin_case(*mutations: CinMutation) -> Any:
    return example(mutations=list(mutations))


def ssda903_case(*mutations: Ssda903Mutation) -> Any:
    return example(mutations=list(mutations))


@FUZZ
@given(mutations=st.lists(cin_mutation(), min_size=1, max_size=3))
@cin_case(("text", "NumberOfPreviousCPP", 0, "\u00b2"))
@cin_case(("text", "NumberOfPreviousCPP", 0, "\u2460"))
@cin_case(("text", "NumberOfPreviousCPP", 0, "\u0663"))
@cin_case(("text", "NumberOfPreviousCPP", 0, LONG))
@cin_case(("text", "Year", 0, "\u00b2"))
@cin_case(("text", "Year", 0, ARABIC))
@cin_case(("text", "Year", 0, LONG))
@cin_case(("text", "LEA", 0, LONG))
@cin_case(("text", "PersonBirthDate", 0, "0001-01-01"))
@cin_case(("text", "PersonBirthDate", 0, "9999-06-01"))
@cin_case(("text", "PersonBirthDate", 1, "1899-12-31"))
@cin_case(("text", "CINreferralDate", 0, "1999-12-31"))
@cin_case(("text", "CINreferralDate", 0, ARABIC))
@cin_case(("text", "AssessmentAuthorisationDate", 0, "9999-12-31"))
@cin_case(("text", "CPPreviewDate", 0, "2036-01-02"))
@cin_case(("entity", "CINreferralDate", 0, 0))
@cin_case(("xinclude", "Sex", 0, 0))
@cin_case(("text", "UPN", 0, ARABIC))
@cin_case(("text", "LAchildID", 0, "=1+1"))
@cin_case(("twice", "Child", 0, 1))
@cin_case(("twice", "Reviews", 0, 1))
@cin_case(("twice", "Section47", 0, 1))
def test_any_cin_census_file_imports_soundly_or_is_refused_cleanly(
    mutations: list[CinMutation], tmp_path: Path
) -> None:
    event(cin_settles(mutations, tmp_path))


@FUZZ
@given(mutations=st.lists(ssda903_mutation(), min_size=1, max_size=3))
@ssda903_case(("cell", "oc2.csv", 0, "SDQ_SCORE", "\u00b2"))
@ssda903_case(("cell", "oc2.csv", 0, "SDQ_SCORE", "\u2460"))
@ssda903_case(("cell", "oc2.csv", 0, "SDQ_SCORE", "\u0662\u0660"))
@ssda903_case(("cell", "oc2.csv", 0, "SDQ_SCORE", LONG))
@ssda903_case(("cell", "header.csv", 1, "DOB", "01/01/0001"))
@ssda903_case(("cell", "header.csv", 1, "DOB", "31/12/1899"))
@ssda903_case(("cell", "episodes.csv", 0, "DECOM", "01/06/9999"))
@ssda903_case(("cell", "episodes.csv", 2, "DEC", "01/01/2036"))
@ssda903_case(("cell", "episodes.csv", 0, "DECOM", "01/06/1999"))
@ssda903_case(("cell", "episodes.csv", 0, "DECOM", ARABIC))
@ssda903_case(("raw", "reviews.csv", 3, "lower", 0))
@ssda903_case(("raw", "reviews.csv", 2, "collide", 0))
@ssda903_case(("cell", "episodes.csv", 0, "HOME_POST", "=1+1"))
@ssda903_case(("cell", "episodes.csv", 1, "PL_POST", "@A1"))
@ssda903_case(("cell", "episodes.csv", 0, "URN", "=1+1"))
@ssda903_case(("cell", "episodes.csv", 0, "URN", ARABIC))
@ssda903_case(("cell", "previous_permanence.csv", 0, "LA_PERM", '=HYPERLINK("x")'))
@ssda903_case(("cell", "sw_episodes.csv", 0, "SW_ID", ARABIC))
@ssda903_case(("twice", "reviews.csv", 0, "", 1))
@ssda903_case(("twice", "missing.csv", 0, "", 2))
@ssda903_case(("twice", "oc3.csv", 0, "", 1))
@ssda903_case(("twice", "sw_episodes.csv", 0, "", 1))
def test_any_ssda903_return_imports_soundly_or_is_refused_cleanly(
    mutations: list[Ssda903Mutation], tmp_path: Path
) -> None:
    event(ssda903_settles(mutations, tmp_path))


def test_the_fuzz_starts_from_returns_that_import(tmp_path: Path) -> None:
    """A refusal in the fuzz is the mutation's doing, and every table has a row to mutate."""
    assert cin_settles([], tmp_path) == "imported"
    assert ssda903_settles([], tmp_path) == "imported"


# --- memory ---------------------------------------------------------------------------------

#: Address space for the fuzzing process: Python, Django, lxml and Hypothesis take about 130 MB
#: before reading anything, the largest file (10 MB of blank lines) about 100 MB more; once
#: that file took 890 MB, and a pasted census 23 GB in the validator.
MEMORY_LIMIT = 640 * 1024**2
#: CPU seconds for the whole run (about 15 on a quiet machine): a reader quadratic in a
#: header's columns takes hours over the million-column header and is stopped here.
CPU_LIMIT = 150
SOURCE = str(Path(sightline.__file__).resolve().parent.parent)
SUBPROCESS_EXAMPLES = 20


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_LIMIT, CPU_LIMIT))


def test_hostile_and_large_files_settle_within_memory_and_cpu_limits(tmp_path: Path) -> None:
    """Fuzz_importers.main in a subprocess: pastes up to 1,500 times, the files that once took
    a host down (LARGE_CIN, LARGE_SSDA903), all under an address-space and a CPU-time limit."""
    done = subprocess.run(
        [sys.executable, "-m", "tests.returns.fuzz_importers", str(SUBPROCESS_EXAMPLES)],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
        preexec_fn=_limited,
        cwd=tmp_path,
        env={
            "DJANGO_SETTINGS_MODULE": "sightline.settings",
            "DEBUG": "1",
            "PATH": "",
            "PYTHONPATH": f"{SOURCE}:{SOURCE}/..",
            "DATABASE_URL": f"sqlite:///{tmp_path}/unused.sqlite3",
        },
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-6000:]
    assert f"fuzzed {SUBPROCESS_EXAMPLES} CIN census and {SUBPROCESS_EXAMPLES}" in done.stdout


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
