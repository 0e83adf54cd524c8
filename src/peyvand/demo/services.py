"""Seed a database with demo data, safely: only an empty one, or one this command seeded itself."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from peyvand.accounts.models import Agency, User
from peyvand.audit.models import AuditEvent
from peyvand.audit.services import audit_batch, record_event
from peyvand.core.bulk import refresh_statistics
from peyvand.demo.appeal import stage_appeal
from peyvand.demo.generator import MAX_PERSONS, MIN_PERSONS, build_plan
from peyvand.demo.loader import load_plan
from peyvand.demo.loop import TrackLogin, demo_passphrase, link_everything, stage_showcases
from peyvand.demo.names import load_name_material, names_data_dir
from peyvand.demo.plan import AgencyPlan, StaffPlan
from peyvand.demo.staff import AGENCIES, staff_plan
from peyvand.demo.visits import stage_visits
from peyvand.people.models import Person

SEEDED_ACTION = "demo.seeded"
STARTED_ACTION = "demo.started"


class DemoRefused(Exception):
    """The demo will not run here; the message says why, in the user's language."""


@dataclass(frozen=True)
class DemoOutcome:
    """What a run did (``created``) and the logins to print either way."""

    created: bool
    seed: int
    persons: int
    staff: tuple[StaffPlan, ...]
    agencies: tuple[AgencyPlan, ...]
    names_source: str = ""
    requests: int = 0
    with_counterpart: int = 0
    registrations: int = 0
    track_logins: tuple[TrackLogin, ...] = ()


def check_arguments(seed: int, persons: int) -> None:
    """Refuse a seed or a size the generator cannot honour."""
    if seed < 0:
        raise DemoRefused(_("The seed must be zero or a positive whole number."))
    if not MIN_PERSONS <= persons <= MAX_PERSONS:
        raise DemoRefused(
            _("The number of persons must be between %(low)s and %(high)s.")
            % {"low": MIN_PERSONS, "high": MAX_PERSONS}
        )


def seed_demo(seed: int, persons: int, on_step: Callable[[str], None] | None = None) -> DemoOutcome:
    """Load the demo for ``seed``; a repeat on a database seeded the same way changes nothing.

    ``on_step`` is told each step's name as it ends ("planned", "loaded", "linked", "staged"):
    the benchmark times the steps with it."""
    step = on_step or (lambda name: None)
    check_arguments(seed, persons)
    if settings.PEYVAND_ENV == "production":
        raise DemoRefused(_("Demo data is never loaded when PEYVAND_ENV is production."))
    marker = AuditEvent.objects.filter(action=SEEDED_ACTION).order_by("id").first()
    if marker is not None:
        return _already_seeded(marker, seed, persons)
    started = AuditEvent.objects.filter(action=STARTED_ACTION).order_by("id").first()
    if started is not None:
        raise DemoRefused(
            _(
                "A demo load (seed %(seed)s, %(persons)s persons) stopped before it finished. "
                "Demo data is only loaded into an empty database: start again with a new one."
            )
            % {"seed": started.details.get("seed"), "persons": started.details.get("persons")}
        )
    if _holds_records():
        raise DemoRefused(
            _(
                "This database already holds users, agencies or persons that the demo did "
                "not create. Demo data is only loaded into an empty database."
            )
        )
    material = load_name_material(names_data_dir())
    plan = build_plan(seed, persons, material)
    step("planned")
    # Loaded and linked a chunk per transaction (a load of 100,000 persons would otherwise hold
    # one transaction for minutes). The "seeded" marker is written last, so a load that stopped
    # half way (its "started" marker alone) is refused and never taken for seeded.
    record_event(None, STARTED_ACTION, ("demo", seed), details={"seed": seed, "persons": persons})
    loaded = load_plan(plan)
    refresh_statistics()  # the re-link's queries are planned on what was just loaded
    step("loaded")
    link_everything(loaded)
    refresh_statistics()
    step("linked")
    with audit_batch():
        track_logins = tuple(stage_showcases(plan, loaded))
        stage_visits(loaded)
        stage_appeal(loaded)
        # A list, not a dict: PostgreSQL's jsonb would reorder the keys.
        showcases = [[login.stage, login.reference_code] for login in track_logins]
        record_event(
            None,
            SEEDED_ACTION,
            ("demo", seed),
            details={"seed": seed, "persons": persons, "showcases": showcases},
        )
    step("staged")
    return DemoOutcome(
        created=True,
        seed=seed,
        persons=plan.person_count,
        staff=plan.staff,
        agencies=plan.agencies,
        names_source=plan.names_source,
        requests=len(plan.requests),
        with_counterpart=sum(1 for r in plan.requests if r.counterpart is not None),
        registrations=len(plan.registrations),
        track_logins=track_logins,
    )


def _holds_records() -> bool:
    return User.objects.exists() or Agency.objects.exists() or Person.objects.exists()


def _already_seeded(marker: AuditEvent, seed: int, persons: int) -> DemoOutcome:
    seeded = marker.details or {}
    if seeded.get("seed") != seed or seeded.get("persons") != persons:
        raise DemoRefused(
            _(
                "This database already holds demo data made with seed %(seed)s and %(persons)s "
                "persons. Run with those values to see the logins, or use a fresh database."
            )
            % {"seed": seeded.get("seed"), "persons": seeded.get("persons")}
        )
    showcases = seeded.get("showcases", [])
    return DemoOutcome(
        created=False,
        seed=seed,
        persons=persons,
        staff=staff_plan(seed),
        agencies=AGENCIES,
        track_logins=tuple(
            TrackLogin(stage, code, demo_passphrase(seed, stage)) for stage, code in showcases
        ),
    )
