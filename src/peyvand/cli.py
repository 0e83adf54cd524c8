"""The ``peyvand`` console script: Django's management commands with Peyvand's settings."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Run ``peyvand COMMAND ...`` (``demo``, ``serve``, ``migrate``, ``check`` and the rest)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peyvand.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["peyvand", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
