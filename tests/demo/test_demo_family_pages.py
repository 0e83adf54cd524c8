"""The demo's seeker and registrant accounts, as a person trying the demo sees them (issue 15,
item 7): the seeker's home says what the track page says, with a link; the registrant lands on
their own page. The in-contact case itself is tested in seeker/test_seeker_account_home.py."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from peyvand.accounts.models import User
from peyvand.actions.seeker import seeker_view
from peyvand.tracing.models import TracingRequest


@pytest.mark.django_db
def test_the_demo_seeker_sees_each_request_as_the_track_page_does() -> None:
    call_command("demo", "--seed", "7", "--persons", "300", stdout=StringIO())
    client = Client()
    client.force_login(User.objects.get(username="seeker"))
    home = client.get("/", HTTP_ACCEPT_LANGUAGE="fa").content.decode()
    owned = list(TracingRequest.objects.filter(seeker_user__username="seeker"))
    assert owned
    shown = re.findall(r'class="card status status-(\w+)"', home)
    assert sorted(shown) == sorted(seeker_view(r).status for r in owned)
    for tracing_request in owned:
        assert f'href="/t/mine/{tracing_request.pk}/"' in home

    registrant = Client()
    registrant.force_login(User.objects.get(username="registrant"))
    assert registrant.get("/")["Location"] == "/me/"
