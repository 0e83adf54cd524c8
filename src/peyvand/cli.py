"""The ``peyvand`` console script: Django's management commands with Peyvand's settings.

A misconfigured environment (a required variable missing in production, a malformed number,
key or DATABASE_URL) stops here with one line naming the variable and exit status 2, not a
traceback through Django's internals. ``peyvand keys new`` runs before the settings load, so it
works in production before any key exists: it is how the first key is made.
"""

from __future__ import annotations

import argparse
import os
import sys

from peyvand.core.crypto import new_key_entry
from peyvand.core.env import SettingError

CONFIGURATION_ERROR = 2  # the exit status for a misconfigured environment

KEYS_NEW_HELP = (
    "Print a new field-encryption key as one id:key entry, usable as is in PEYVAND_FIELD_KEYS. "
    "First key: PEYVAND_FIELD_KEYS=<the line>. Later keys: append the line after a comma "
    "(PEYVAND_FIELD_KEYS=old:...,<the line>), set PEYVAND_FIELD_KEY_CURRENT to its id, then run "
    "`peyvand keys rotate`; remove an old key only once `peyvand keys status` shows none under it."
)


def _keys_new(args: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="peyvand keys new", description=KEYS_NEW_HELP)
    parser.parse_args(args)
    print(new_key_entry())  # stdout holds only the entry, so $(peyvand keys new) is usable


def _configuration_error(message: object) -> None:
    print(f"peyvand: configuration error: {message}", file=sys.stderr)
    raise SystemExit(CONFIGURATION_ERROR)


def main(argv: list[str] | None = None) -> None:
    """Run ``peyvand COMMAND ...`` (``demo``, ``serve``, ``migrate``, ``check`` and the rest)."""
    args = sys.argv[1:] if argv is None else argv
    if args[:2] == ["keys", "new"]:
        _keys_new(args[2:])
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peyvand.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        # Load the settings now: Django would otherwise swallow the first error and show a
        # confusing "Unknown command" or a traceback later.
        settings.INSTALLED_APPS  # noqa: B018 - touching the setting loads the settings
    except ImproperlyConfigured as exc:
        _configuration_error(exc)
    try:
        execute_from_command_line(["peyvand", *args])
    except SettingError as exc:  # a setting read when a command needs it
        _configuration_error(exc)


if __name__ == "__main__":
    main()
