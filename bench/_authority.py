"""What the benchmarks share: one synthetic authority per size and seed, and the timing code.

Every benchmark that needs a synthetic authority asks :func:`authority` for the database of
(children, seed, kind) as of :data:`AS_OF`, one synthetic date for them all:

- SQLite: ``var/bench-<children>-<seed>.sqlite3``;
- PostgreSQL: the database ``sightline_bench_<children>_<seed>`` on 127.0.0.1:5432 (or the
  server SIGHTLINE_BENCH_POSTGRES names, e.g. ``postgres://postgres@127.0.0.1:5432``).

The first script to ask builds it with ``sightline migrate`` and ``sightline synth`` (which also
stores the leaders' figures as of the build date and runs ANALYZE) and marks it complete (a
``.built`` file beside the SQLite file; a comment on the PostgreSQL database). Every later
script reuses it: migrated to the current code first and, on PostgreSQL, analysed again (this
machine's PostgreSQL runs without autovacuum, and the benchmarks write: case notes, users,
kept figures). ``--rebuild`` builds it again; a database without the mark (a build that did not
finish) is always built again. A lock file serialises two scripts asking for the same one.

The scripts run their measures in a child process per database (``--measure``) so that Django
is set up once per database, and report the median and 95th percentile (:func:`summary`).
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
SIGHTLINE = str(ROOT / ".venv" / "bin" / "sightline")
AS_OF = "2026-12-06"  # the day every benchmark authority's history runs up to
PG_SERVER = os.environ.get("SIGHTLINE_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
KINDS = ("sqlite", "postgres")


def add_arguments(
    parser: argparse.ArgumentParser,
    children: int = 135_000,
    databases: str | None = "sqlite,postgres",
) -> None:
    """``--children``, ``--seed``, ``--databases`` (unless ``databases`` is None: SQLite only)
    and ``--rebuild``, the same in every script."""
    parser.add_argument(
        "--children", type=int, default=children, help=f"the authority's size (default {children})"
    )
    parser.add_argument("--seed", type=int, default=1)
    if databases is None:
        parser.set_defaults(databases=["sqlite"])
    else:
        parser.add_argument(
            "--databases",
            default=databases,
            type=kinds,
            help=f"sqlite, postgres or both, comma-separated (default {databases})",
        )
    parser.add_argument(
        "--rebuild", action="store_true", help="build the authority again even if it is there"
    )


def kinds(value: str) -> list[str]:
    chosen = [v.strip() for v in value.split(",") if v.strip()]
    wrong = [v for v in chosen if v not in KINDS]
    if wrong or not chosen:
        raise argparse.ArgumentTypeError(f"databases are sqlite and postgres; got {value!r}")
    return chosen


def database_url(kind: str, children: int, seed: int) -> str:
    if kind == "sqlite":
        return f"sqlite:///{sqlite_path(children, seed)}"
    return f"{PG_SERVER}/sightline_bench_{children}_{seed}"


def sqlite_path(children: int, seed: int) -> Path:
    return ROOT / "var" / f"bench-{children}-{seed}.sqlite3"


def environment(url: str) -> dict[str, str]:
    """The environment of a ``sightline`` command on ``url``: the demo's keys, and bytecode
    cached as an installed package's is (PYTHONDONTWRITEBYTECODE, set in this workplace, is
    dropped)."""
    env = {**os.environ, "DATABASE_URL": url, "SIGHTLINE_DEMO": "1"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def sightline(args: Sequence[str], url: str) -> tuple[float, str]:
    """``sightline ARGS`` as a whole command on ``url``: its wall seconds and its output."""
    return command([SIGHTLINE, *args], environment(url))


def command(cmd: Sequence[str], env: dict[str, str], ok: Sequence[int] = (0,)) -> tuple[float, str]:
    """Run ``cmd``; its wall seconds and its stripped output. Exits on a return code not in
    ``ok``, with the end of what the command wrote to stderr."""
    started = time.perf_counter()
    done = subprocess.run(list(cmd), env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode not in ok:
        raise SystemExit(f"{' '.join(cmd)} exited {done.returncode}:\n{done.stderr[-3000:]}")
    return seconds, done.stdout.strip()


def last_line(output: str) -> str:
    lines = output.splitlines()
    return lines[-1] if lines else ""


def authority(kind: str, children: int, seed: int, rebuild: bool = False) -> str:
    """The URL of the authority of ``children`` and ``seed`` on ``kind``, built once."""
    url = database_url(kind, children, seed)
    mark = f"sightline synth --children {children} --seed {seed} --as-of {AS_OF}"
    with _lock(kind, children, seed):
        if not rebuild and _marked(kind, url, children, seed) == mark:
            sightline(["migrate", "--noinput", "-v0"], url)
            if kind == "postgres":
                started = time.perf_counter()
                _postgres(url, "ANALYZE")
                print(f"{_name(kind, url)}: reused, ANALYZE {time.perf_counter() - started:.1f} s")
            else:
                print(f"{_name(kind, url)}: reused")
            return url
        _empty(kind, url, children, seed)
        sightline(["migrate", "--noinput", "-v0"], url)
        print(f"{_name(kind, url)}: building ({mark})", flush=True)
        args = ["synth", "--children", str(children), "--seed", str(seed), "--as-of", AS_OF]
        seconds, _ = sightline(args, url)
        _mark(kind, url, children, seed, mark)
        print(f"{_name(kind, url)}: built in {seconds:.1f} s", flush=True)
    return url


def _name(kind: str, url: str) -> str:
    return url.rsplit("/", 1)[1] if kind == "postgres" else url.removeprefix("sqlite:///")


@contextmanager
def _lock(kind: str, children: int, seed: int) -> Iterator[None]:
    path = ROOT / "var" / f"bench-{children}-{seed}-{kind}.lock"
    path.parent.mkdir(exist_ok=True)
    with path.open("w") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def _postgres(url: str, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        cursor = conn.execute(sql, params)
        return cursor.fetchall() if cursor.description else []


def _marked(kind: str, url: str, children: int, seed: int) -> str:
    """What built the database, if a build finished on it; "" otherwise."""
    if kind == "sqlite":
        path = sqlite_path(children, seed)
        done = Path(f"{path}.built")
        return done.read_text().strip() if path.exists() and done.exists() else ""
    rows = _postgres(
        f"{PG_SERVER}/postgres",
        "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
        [_name(kind, url)],
    )
    return (rows[0][0] or "") if rows else ""


def _mark(kind: str, url: str, children: int, seed: int, mark: str) -> None:
    if kind == "sqlite":
        Path(f"{sqlite_path(children, seed)}.built").write_text(mark + "\n")
    else:
        quoted = mark.replace("'", "''")
        _postgres(url, f"COMMENT ON DATABASE \"{_name(kind, url)}\" IS '{quoted}'")


def _empty(kind: str, url: str, children: int, seed: int) -> None:
    if kind == "sqlite":
        path = sqlite_path(children, seed)
        path.parent.mkdir(exist_ok=True)
        for suffix in ("", "-wal", "-shm", ".built"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    name = _name(kind, url)
    _postgres(f"{PG_SERVER}/postgres", f'DROP DATABASE IF EXISTS "{name}"')
    _postgres(f"{PG_SERVER}/postgres", f'CREATE DATABASE "{name}"')


def measure_in_child(script: str, args: Sequence[str], url: str) -> Any:
    """``python SCRIPT --measure ARGS`` with DATABASE_URL set to ``url``: the JSON it prints
    last. Django is set up once per process, so each database is measured in its own."""
    done = subprocess.run(
        [sys.executable, script, "--measure", *args],
        env=environment(url),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(done.stderr[-3000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def setup_django(audit_key: str = "bench-audit-key-not-secret") -> None:
    """Django in this process, on DATABASE_URL, ready for its test client: DEBUG off while
    timing (no query log), the test client's host allowed."""
    os.environ.setdefault("DEBUG", "1")  # no secret key or TLS to configure
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sightline.settings")
    os.environ.setdefault("SIGHTLINE_AUDIT_KEY", audit_key)
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.conf import settings
    from django.test.utils import setup_test_environment

    settings.DEBUG = False
    setup_test_environment()  # the test client's host; nothing else changes
    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]


def summary(seconds: Sequence[float], digits: int = 1) -> dict[str, float]:
    """n, median, 95th percentile and slowest, in milliseconds."""
    ms = sorted(s * 1000 for s in seconds)
    p95 = ms[max(0, round(0.95 * len(ms)) - 1)]
    return {
        "n": len(ms),
        "median_ms": round(statistics.median(ms), digits),
        "p95_ms": round(p95, digits),
        "max_ms": round(ms[-1], digits),
    }


def machine() -> str:
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"


def load_average() -> float:
    return round(os.getloadavg()[0], 2)


def write_results(stem: str, data: Any, lines: Sequence[str]) -> None:
    """bench/results/STEM.json and STEM.md; the markdown printed too."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{stem}.json").write_text(json.dumps(data, indent=2) + "\n")
    text = "\n".join(lines).rstrip("\n") + "\n"
    (RESULTS / f"{stem}.md").write_text(text)
    print(text, end="")


def read_results(stem: str) -> Any:
    """bench/results/STEM.json as it is, or None."""
    path = RESULTS / f"{stem}.json"
    return json.loads(path.read_text()) if path.exists() else None
