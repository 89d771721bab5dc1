"""The `sightline` command: every Django management command, as `sightline <command>`."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sightline.settings")
    from django.core.exceptions import ImproperlyConfigured

    args = list(sys.argv if argv is None else ["sightline", *argv])
    try:
        from django.core.management import execute_from_command_line

        execute_from_command_line(args)
    except ImproperlyConfigured as exc:
        print(f"sightline: configuration error: {exc}", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
