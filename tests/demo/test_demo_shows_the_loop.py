"""A first visit to the demo shows the loop: candidates, a question, messages, sharing, refusal."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from peyvand.consent.models import AskStatus, DecisionRequest
from peyvand.matching.models import CandidatePair, PairStatus
from peyvand.messaging.models import Message, MessageStatus
from peyvand.tracing.models import CaseOutcome, CaseState, TracingRequest


@pytest.mark.django_db
def test_demo_stages_each_step_of_the_loop_and_prints_track_logins() -> None:
    out = StringIO()
    call_command("demo", "--seed", "7", "--persons", "300", stdout=out)
    printed = out.getvalue()
    logins = re.findall(r"(PV-[A-Z0-9]{4}-[A-Z0-9]{4})\s+(\d{4}-\d{4}-\d{4})\s+(.+)", printed)
    assert len(logins) == 4

    assert CandidatePair.objects.filter(status=PairStatus.PROPOSED).count() > 20
    assert DecisionRequest.objects.filter(
        status=AskStatus.PENDING, registration__user__username="registrant"
    ).exists()
    assert Message.objects.filter(status=MessageStatus.DELIVERED).exists()
    held = Message.objects.filter(status=MessageStatus.HELD)
    assert any("phone" in message.flags for message in held)
    declined = TracingRequest.objects.get(reference_code=logins[3][0])
    assert (declined.case.state, declined.case.outcome) == (CaseState.CLOSED, CaseOutcome.DECLINED)

    client = Client()
    code, passphrase, _stage = logins[2]  # contact details shared
    response = client.post("/t/", {"reference_code": code, "passphrase": passphrase}, follow=True)
    assert "+355 69 000 0000" in response.content.decode()

    # A printed staff login works: password, then one of the printed recovery codes.
    staff = re.search(r"caseworker-a\s+\S+\s+(\S+)\s+", printed)
    codes = re.search(r"caseworker-a\s+(?:[A-Z2-7]{4} ){8}\s*(\w{8})", printed)
    assert staff is not None and codes is not None
    login = Client()
    signed = login.post("/accounts/login/", {"username": "caseworker-a", "password": staff[1]})
    assert signed.status_code == 302
    assert login.get("/staff/").status_code == 302  # second factor still missing
    verified = login.post("/accounts/two-factor/", {"token": codes[1]})
    assert verified.status_code == 302
    assert login.get("/staff/").status_code == 200

    again = StringIO()
    call_command("demo", "--seed", "7", "--persons", "300", stdout=again)
    assert re.findall(r"PV-[A-Z0-9]{4}-[A-Z0-9]{4}\s+\d{4}-\d{4}-\d{4}", again.getvalue()) == [
        f"{c}  {p}" for c, p, _s in logins
    ]
