"""sightline demo: migrate, build a synthetic authority if the database is empty, load the
seeds' inspection history and improvement plan if not loaded (decision 0034) and six months
of case audits and feedback if none (decision 0039), keep the
leaders' figures as of today if not kept yet (decision 0036), print the demo users, and serve
the web app on http://127.0.0.1:8000, with the background worker that runs the jobs pages
start ("Check again" on the data checks page) beside it (decision 0024)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandParser
from django.utils import timezone

from sightline.access.actor import acting_as, operator_name
from sightline.access.commands import OperatorCommand
from sightline.insight.models import StoredFigure
from sightline.insight.store import store
from sightline.insight.windows import rolling
from sightline.people.models import Person
from sightline.providers.queries import last_import
from sightline.providers.synthetic import load_register
from sightline.quality.models import CaseAudit, Inspection
from sightline.synthetic.demo import ensure_demo_users
from sightline.synthetic.practice import audits_and_feedback
from sightline.validation.live import check_live
from sightline.validation.models import ValidationRun


class Command(OperatorCommand):
    help = "Run the demo: a synthetic authority in SQLite, served on http://127.0.0.1:8000."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--children", type=int, default=int(os.environ.get("DEMO_CHILDREN", 135_000))
        )
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--port", default="8000")
        parser.add_argument(
            "--no-serve", action="store_true", help="prepare the data and users only"
        )
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="serve without starting the background worker (run `sightline db_worker` "
            "yourself)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # WhiteNoise warns at start when the collected-static folder is missing; the demo
        # serves the assets from their sources, so an empty folder is all it needs.
        Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        if not Person.objects.exists():
            self.stdout.write(
                f"Building a synthetic authority of {options['children']:,} children "
                "(a minute or two)..."
            )
            call_command(
                "synth",
                children=options["children"],
                seed=options["seed"],
                as_of=timezone.localdate(),
                verbosity=2,
                stdout=self.stdout,
            )
        if last_import() is None:
            self.stdout.write(
                f"Ofsted provider register (synthetic): {load_register()} providers loaded"
            )
        if not Inspection.objects.exists():
            # The seeds' improvement journey (decision 0034): a leader finds the plan and
            # its board pack, not an empty page.
            call_command("quality", "load-history", stdout=self.stdout)
        if not CaseAudit.objects.exists():
            # Six months of case audits and feedback (decision 0039), through the services.
            children = Person.objects.filter(kind=Person.Kind.CHILD).count()
            with acting_as(operator_name(options)):
                audited, heard = audits_and_feedback(
                    timezone.localdate(), options["seed"], max(12, min(30, children // 5_000))
                )
            self.stdout.write(f"Case audits: {audited} in six months; feedback: {heard} items")
        if not ValidationRun.objects.exists():
            self.stdout.write("Checking the records against the DfE rules (a few seconds)...")
            check_live()
        today = timezone.localdate()
        if not StoredFigure.objects.filter(window=rolling(today).key).exists():
            self.stdout.write("Computing the leaders' figures as of today (a few seconds)...")
            store(today)
        users = ensure_demo_users(os.environ.get("SIGHTLINE_DEMO_PASSWORD") or None)
        self.stdout.write("\nSightline demo: Gloucestershire (synthetic data). Sign in as:")
        width = max(len(u.username) for u in users)
        for user in users:
            self.stdout.write(
                f"  {user.username:<{width}}  password {user.password}   ({user.role}: {user.name})"
            )
        self.stdout.write("(Passwords are new each time the demo starts.)\n")
        if options["no_serve"]:
            return
        worker = None if options["no_worker"] else self.start_worker()
        try:
            call_command("runserver", f"127.0.0.1:{options['port']}", use_reloader=False)
        finally:
            if worker is not None:
                stop_worker(worker)

    def start_worker(self) -> subprocess.Popen[bytes]:
        """`sightline db_worker` in a process of its own, with this one's settings: it takes
        each queued job from the database and runs it, while the server goes on answering."""
        self.stdout.write("Starting the background worker (sightline db_worker)...")
        return subprocess.Popen(worker_command(), env=os.environ.copy())


def worker_command() -> list[str]:
    return [sys.executable, "-m", "sightline.cli", "db_worker", "--no-reload", "--interval", "1"]


def stop_worker(worker: subprocess.Popen[bytes]) -> None:
    """Ask the worker to stop (it finishes the job in hand first), and end it if it will not."""
    if worker.poll() is None:
        worker.terminate()
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
