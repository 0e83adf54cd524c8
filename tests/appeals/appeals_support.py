"""Helpers shared by the appeal tests: families with track-page passphrases, an open appeal."""

from __future__ import annotations

import datetime

from django.test import Client

from conftest import World, sought_person
from peyvand.accounts.models import Agency, User
from peyvand.appeals.models import Appeal, AppealStatus
from peyvand.appeals.services import change_appeal_status, create_appeal, save_appeal_text
from peyvand.people.services import NameInput, PersonInput
from peyvand.tracing.models import TracingRequest
from peyvand.tracing.services import submit_tracing_request

PASSPHRASE = "1234-5678-9012"
TITLE_FA = "درخواست خانواده‌ها برای خبر از عزیزانشان"
BODY_FA = "ما خانواده‌های امضاکننده از شما می‌خواهیم که به ما خبر بدهید."
TITLE_EN = "Families ask for news of their relatives"
BODY_EN = "We, the undersigned families, ask you to tell us what you know."


def family(
    agency: Agency, name_fa: str, name_latn: str = "", sought: str = "علی رضایی"
) -> TracingRequest:
    """A tracing request whose seeker is named ``name_fa`` (and ``name_latn``)."""
    names = [NameInput(full=name_fa)]
    if name_latn:
        names.append(NameInput(full=name_latn))
    return submit_tracing_request(
        None,
        agency,
        seeker=PersonInput(names=names, sex="f"),
        sought=sought_person(sought),
        relationship="child",
        passphrase=PASSPHRASE,
    )


def draft_appeal(actor: User, agency: Agency) -> Appeal:
    appeal = create_appeal(
        actor,
        agency,
        addressee="وزارت کشور",
        date=datetime.date(2025, 5, 5),
        language="fa",
        title=TITLE_FA,
        body=BODY_FA,
    )
    save_appeal_text(actor, appeal, language="en", title=TITLE_EN, body=BODY_EN)
    return appeal


def open_appeal(world: World, agency: Agency | None = None) -> Appeal:
    agency = agency or world.agency_a
    actor = world.caseworker_a if agency == world.agency_a else world.caseworker_b
    appeal = draft_appeal(actor, agency)
    change_appeal_status(actor, appeal, AppealStatus.OPEN)
    return appeal


def track_client(tracing_request: TracingRequest) -> Client:
    """A browser signed in on the track page for ``tracing_request``."""
    client = Client()
    response = client.post(
        "/t/", {"reference_code": tracing_request.reference_code, "passphrase": PASSPHRASE}
    )
    assert response.status_code == 302, response.content.decode()
    return client
