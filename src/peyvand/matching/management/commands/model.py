"""`peyvand model fit | list | activate VERSION --by SUPERVISOR`: model versions learned from
caseworkers' decisions (``peyvand.matching.model_versions``)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from peyvand.accounts.models import User
from peyvand.matching.model_store import active_model
from peyvand.matching.model_versions import (
    activate_model_version,
    find_version,
    fit_model_version,
    model_versions,
)
from peyvand.matching.models import ModelVersion


def _figure(value: Any) -> str:
    return "—" if value is None else f"{value:.3f}"


def describe(row: ModelVersion) -> str:
    """One version on one line: status, labels, and before → after on the held-back labels."""
    report = row.report
    counts = report.get("counts", {})
    before, after = report.get("before", {}), report.get("after", {})
    parts = [
        f"{row.version}  {row.status}  from {row.based_on}",
        _("labels fit %(c)s confirmed / %(r)s rejected, held back %(hc)s / %(hr)s")
        % {
            "c": counts.get("fit_confirmed", 0),
            "r": counts.get("fit_rejected", 0),
            "hc": counts.get("held_confirmed", 0),
            "hr": counts.get("held_rejected", 0),
        },
    ]
    for key, label in (
        ("precision", _("precision")),
        ("recall", _("recall")),
        ("calibration_error", _("calibration error")),
    ):
        parts.append(f"{label} {_figure(before.get(key))} → {_figure(after.get(key))}")
    parts.append(_("m fitted: %(names)s") % {"names": ", ".join(report.get("m_fitted", [])) or "—"})
    return "\n  ".join(parts)


class Command(BaseCommand):
    help = "Fit, list and activate linkage model versions learned from caseworkers' decisions."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        fit = actions.add_parser("fit", help="fit a proposed version on the decisions so far")
        fit.add_argument("--by", help="the supervisor fitting it (default: the operator)")
        actions.add_parser("list", help="list the stored versions with their figures")
        activate = actions.add_parser("activate", help="score with a version from now on")
        activate.add_argument("version")
        activate.add_argument("--by", required=True, help="the supervisor who decided it")

    def _user(self, username: str | None) -> User | None:
        if username is None:
            return None
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(_("There is no account %(name)s.") % {"name": username})
        return user

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "fit":
                row = fit_model_version(self._user(options["by"]))
                self.stdout.write(describe(row))
            elif options["action"] == "activate":
                by = self._user(options["by"]) or User()  # --by is required by the parser
                row = activate_model_version(by, find_version(options["version"]))
                self.stdout.write(_("In use from now on: %(v)s") % {"v": row.version})
            else:
                self.stdout.write(_("In use: %(v)s") % {"v": active_model()[0]})
                for row in model_versions():
                    self.stdout.write(describe(row))
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
