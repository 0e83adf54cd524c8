"""`peyvand apitoken issue|revoke|list`: manage partner API tokens from the command line.

    peyvand apitoken issue --agency CODE --name NAME [--scope requests:read ...]
    peyvand apitoken revoke NAME [--reason TEXT]
    peyvand apitoken list

The token is printed once, when issued; only its hash is kept.
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from peyvand.accounts.models import Agency
from peyvand.api.models import ApiToken, Scope
from peyvand.api.services import issue_token, revoke_token


class Command(BaseCommand):
    help = "Issue, revoke or list the API tokens of partner systems."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        issue = sub.add_parser("issue", help="issue a token (printed once)")
        issue.add_argument("--agency", required=True, help="the agency's code")
        issue.add_argument("--name", required=True, help="a unique name, e.g. the partner system")
        issue.add_argument(
            "--scope",
            action="append",
            choices=Scope.values,
            help="repeat for several; default: every scope",
        )
        revoke = sub.add_parser("revoke", help="revoke a token at once")
        revoke.add_argument("name")
        revoke.add_argument("--reason", default="")
        sub.add_parser("list", help="list tokens (never their secrets)")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "issue":
            agency = Agency.objects.filter(code=options["agency"]).first()
            if agency is None:
                raise CommandError(f"No agency with code {options['agency']!r}.")
            try:
                token, raw = issue_token(
                    None, agency, options["name"], options["scope"] or list(Scope.values)
                )
            except ValidationError as exc:
                raise CommandError("; ".join(exc.messages)) from exc
            self.stdout.write(f"Token {token.name} for {agency.code} ({', '.join(token.scopes)}):")
            self.stdout.write(raw)
            self.stdout.write("It is shown only now; store it in the partner system's secrets.")
        elif action == "revoke":
            found = ApiToken.objects.filter(name=options["name"]).first()
            if found is None:
                raise CommandError(f"No token named {options['name']!r}.")
            revoke_token(None, found, options["reason"])
            self.stdout.write(f"Revoked {found.name}.")
        else:
            for row in ApiToken.objects.select_related("agency"):
                state = "revoked" if row.revoked_at else "active"
                used = row.last_used_at.isoformat() if row.last_used_at else "never"
                scopes = ",".join(row.scopes)
                self.stdout.write(
                    f"{row.name}\t{row.agency.code}\t{state}\t{scopes}\tlast used {used}"
                )
