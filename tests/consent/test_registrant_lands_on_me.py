"""A registrant signing in lands on their own page, where a question may wait (issue 15, 7)."""

from __future__ import annotations

import pytest
from django.test import Client
from sought_support import ask_registrant

from conftest import PASSWORD, World


@pytest.mark.django_db
def test_signing_in_lands_on_the_page_with_the_waiting_question(world: World) -> None:
    asked = ask_registrant(world)
    client = Client()
    response = client.post(
        "/accounts/login/",
        {"username": world.registrant.username, "password": PASSWORD},
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/me/"
    page = response.content.decode()
    assert f"/me/questions/{asked.pk}/" in page
    assert "A question from someone who says you are their" in page

    # A registrant account without a registration still gets a page, not a 404.
    world.registration_a.user = None
    world.registration_a.save(update_fields=["user"])
    response = world.client_for("registrant").get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "You are not registered yet." in response.content.decode()
