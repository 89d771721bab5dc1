"""Both validators fuzzed with hostile files (fuzz_validators.py), in a subprocess under an
address-space limit: a clear error or a result for every example, never a traceback, and
memory within the bound (issue 12's acceptance)."""

from __future__ import annotations

import subprocess
import sys

from tests.validation.test_hostile_files import SOURCE, _limited

#: Examples of each return: bounded so the test takes seconds.
EXAMPLES = 12


def test_hostile_files_give_a_clear_error_or_a_result_within_memory() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "tests.validation.fuzz_validators", str(EXAMPLES)],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
        preexec_fn=_limited,
        env={
            "DJANGO_SETTINGS_MODULE": "sightline.settings",
            "DEBUG": "1",
            "PATH": "",
            "PYTHONPATH": f"{SOURCE}:{SOURCE}/..",
        },
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-6000:]
    assert f"fuzzed {EXAMPLES} CIN census and {EXAMPLES} SSDA903 files" in done.stdout
