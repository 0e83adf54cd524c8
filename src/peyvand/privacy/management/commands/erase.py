"""`peyvand erase --person ID --basis "..."`: erase one person on request, leaving a tombstone."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from peyvand.accounts.models import Role, User
from peyvand.people.models import Person
from peyvand.privacy.erasure import erase_person


class Command(BaseCommand):
    help = "Erase a person from every table (audited; a tombstone keeps id, date and legal basis)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--person", type=int, required=True, help="the Person id")
        parser.add_argument("--basis", required=True, help="the legal basis of the erasure")
        parser.add_argument(
            "--by", default="", help="username of the data-protection officer who asked"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        actor = None
        if options["by"]:
            actor = User.objects.filter(
                username=options["by"], role__in=(Role.DPO, Role.ADMIN), is_active=True
            ).first()
            if actor is None:
                raise CommandError("--by must name an active data-protection officer or admin.")
        person = Person.objects.filter(pk=options["person"]).first()
        if person is None:
            raise CommandError(f"No person {options['person']} (already erased?).")
        try:
            report = erase_person(actor, person, options["basis"])
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(f"Erased person {report.person_id}; {report.tombstones} tombstones left.")
        for label, count in sorted(report.deleted.items()):
            self.stdout.write(f"  {label}: {count}")
