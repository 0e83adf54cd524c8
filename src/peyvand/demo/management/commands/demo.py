"""``peyvand demo [--seed N] [--persons N]``: load synthetic demo data and print the logins."""

from __future__ import annotations

import os
from base64 import b32encode
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from peyvand.accounts.models import STAFF_ROLES, Role
from peyvand.demo.generator import DEFAULT_PERSONS
from peyvand.demo.names import BUILTIN_SOURCE
from peyvand.demo.services import DemoOutcome, DemoRefused, seed_demo
from peyvand.demo.staff import demo_second_factor
from peyvand.visits.models import Visit

DEFAULT_SEED = 1


class Command(BaseCommand):
    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        # Translated when the parser is built, so ``--help`` follows the active language.
        self.help = _(
            "Load synthetic demo data (families in Iran, relatives registered abroad, one login "
            "per role) into an empty database, and print the logins."
        )
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help=_("Same seed, same data (default %(default)s)."),
        )
        parser.add_argument(
            "--persons",
            type=int,
            default=DEFAULT_PERSONS,
            help=_("How many persons to create (default %(default)s)."),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            outcome = seed_demo(options["seed"], options["persons"])
        except DemoRefused as exc:
            raise CommandError(str(exc)) from exc
        self.report(outcome)

    def report(self, outcome: DemoOutcome) -> None:
        if outcome.names_source == BUILTIN_SOURCE:
            self.stdout.write(
                self.style.WARNING(
                    _(
                        "Notice: the shared name data (../shared/data/names) was not found; "
                        "names come from a small built-in list. Set PEYVAND_NAMES_DATA to use it."
                    )
                )
            )
        if outcome.created:
            self.stdout.write(
                _(
                    "Demo data loaded (seed %(seed)s): %(persons)s persons, %(requests)s tracing "
                    "requests (%(matched)s with a registered counterpart), %(registrations)s "
                    "registrations."
                )
                % {
                    "seed": outcome.seed,
                    "persons": outcome.persons,
                    "requests": outcome.requests,
                    "matched": outcome.with_counterpart,
                    "registrations": outcome.registrations,
                }
            )
        else:
            self.stdout.write(
                _("Demo data for seed %(seed)s is already loaded; nothing was changed.")
                % {"seed": outcome.seed}
            )
        self.stdout.write(self.logins_table(outcome))
        self.stdout.write(self.second_factor_table(outcome))
        port = os.environ.get("PORT", "").strip() or "8000"
        self.stdout.write(self.track_table(outcome, port))
        self.stdout.write(self.after_contact(port))
        self.stdout.write(_("Sign in at %(url)s") % {"url": f"http://127.0.0.1:{port}/"})

    def after_contact(self, port: str) -> str:
        """Where to see a planned visit, and the command that makes its invitation letter."""
        visit = Visit.objects.order_by("pk").first()
        if visit is None:
            return ""
        case_id = visit.case_id
        return "\n".join(
            [
                _("A case in contact with a planned visit (sign in as caseworker-a): %(url)s")
                % {"url": f"http://127.0.0.1:{port}/staff/visits/cases/{case_id}/"},
                _("Its invitation letter as PDF: %(command)s")
                % {
                    "command": f".venv/bin/peyvand letters render --case {case_id} "
                    "--template invitation --lang fa -o invitation.pdf"
                },
            ]
        )

    def second_factor_table(self, outcome: DemoOutcome) -> str:
        lines = [
            _(
                "Staff sign in with a second factor: add the key to an authenticator app, or "
                "type one of the recovery codes (each works once):"
            )
        ]
        for login in outcome.staff:
            if login.role not in STAFF_ROLES:
                continue
            key, codes = demo_second_factor(outcome.seed, login.username)
            secret = b32encode(key).decode("ascii")
            grouped = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
            lines.append(f"  {login.username:<13} {grouped}   {' '.join(codes)}")
        return "\n".join(lines)

    def track_table(self, outcome: DemoOutcome, port: str) -> str:
        stages = {
            "question_in_app": _("a question waits for the sought person (sign in as registrant)"),
            "messages_only": _("messages relayed; one waits for moderation"),
            "share_contact": _("contact details shared with the seeker"),
            "declined": _("the sought person declined: reads as closed"),
        }
        lines = [
            _("Seekers follow their requests at %(url)s with a code and a passphrase:")
            % {"url": f"http://127.0.0.1:{port}/t/"}
        ]
        for login in outcome.track_logins:
            lines.append(
                f"  {login.reference_code}  {login.passphrase}  {stages.get(login.stage, '')}"
            )
        return "\n".join(lines)

    def logins_table(self, outcome: DemoOutcome) -> str:
        agency_names = {agency.code: agency.name for agency in outcome.agencies}
        header = (_("username"), _("role"), _("password"), _("agency"))
        rows = [
            (
                login.username,
                str(Role(login.role).label),
                login.password,
                agency_names.get(login.agency, "—"),
            )
            for login in outcome.staff
        ]
        widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
        lines = [_("Demo logins (demo only; change them before showing anyone):")]
        for row in [header, *rows]:
            cells = (cell.ljust(width) for cell, width in zip(row, widths, strict=True))
            lines.append(("  " + "  ".join(cells)).rstrip())
            if row is header:
                lines.append("  " + "  ".join("-" * width for width in widths))
        return "\n".join(lines)
