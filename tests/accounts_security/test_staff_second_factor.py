"""TOTP two-step sign-in is required of every staff role before any page answers them."""

from __future__ import annotations

import pytest
from accounts_support import STAFF, clean_cache, enrol, password_login
from django.test import Client
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import World, totp_code
from peyvand.accounts.otp import enrol_with
from peyvand.audit.models import AuditEvent

__all__ = ["clean_cache"]


def staff_pages(world: World) -> list[str]:
    return [
        "/",
        "/staff/",
        "/staff/?tab=review",
        "/staff/messages/",
        "/admin/",
        "/admin/accounts/user/",
        f"/cases/{world.case_a.pk}/",
        f"/people/{world.registration_a.person_id}/",
        f"/audit/tracing.case/{world.case_a.pk}/",
        "/accounts/preferences/",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("persona", STAFF)
def test_staff_without_a_device_are_sent_to_enrol_from_every_page(
    world: World, persona: str
) -> None:
    client = password_login(getattr(world, persona))
    for path in staff_pages(world):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/accounts/two-factor/setup/?next="), path
    post = client.post(f"/cases/{world.case_a.pk}/notes/", {"text": "x", "reason": "x"})
    assert post.status_code == 302
    assert post["Location"].startswith("/accounts/two-factor/setup/")


@pytest.mark.django_db
@pytest.mark.parametrize("persona", STAFF)
def test_staff_with_a_device_must_verify_in_each_session(world: World, persona: str) -> None:
    user = getattr(world, persona)
    enrol(user)
    client = password_login(user)
    for path in staff_pages(world):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/accounts/two-factor/?next="), path
    # Knowing the password is not enough to replace the authenticator.
    assert client.get("/accounts/two-factor/setup/")["Location"] == "/accounts/two-factor/"
    response = client.post("/accounts/two-factor/", {"token": totp_code(user), "next": "/staff/"})
    assert (response.status_code, response["Location"]) == (302, "/staff/")
    assert client.get("/staff/").status_code == 200
    # A new session starts unverified again.
    assert password_login(user).get("/staff/").status_code == 302


@pytest.mark.django_db
def test_enrolment_shows_the_secret_then_ten_recovery_codes_once(world: World) -> None:
    user = world.caseworker_a
    client = password_login(user)
    page = client.get("/accounts/two-factor/setup/").content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert "otpauth://totp/Peyvand%3Acaseworker-a?secret=" in page
    # Reloading keeps the same secret for the app being set up.
    assert client.get("/accounts/two-factor/setup/").content.decode().count(device.key) == 0
    assert TOTPDevice.objects.filter(user=user).count() == 1

    wrong = client.post("/accounts/two-factor/setup/", {"token": "000000"})
    assert wrong.status_code == 400
    assert client.get("/staff/").status_code == 302
    # django-otp makes the device wait after a failure; this test does not wait for it.
    TOTPDevice.objects.filter(user=user).update(throttling_failure_count=0)
    TOTPDevice.objects.filter(user=user).update(throttling_failure_timestamp=None)

    done = client.post("/accounts/two-factor/setup/", {"token": totp_code(user), "next": "/staff/"})
    assert done["Location"] == "/accounts/two-factor/recovery-codes/"
    codes_page = client.get(done["Location"]).content.decode()
    codes = list(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert len(codes) == 10
    assert all(code in codes_page for code in codes)
    assert 'href="/staff/"' in codes_page
    again = client.get("/accounts/two-factor/recovery-codes/")
    assert again.status_code == 302
    assert not any(code in again.content.decode() for code in codes)
    assert client.get("/staff/").status_code == 200
    assert AuditEvent.objects.filter(action="user.second_factor_enrolled").count() == 1


@pytest.mark.django_db
def test_a_recovery_code_works_once_and_a_totp_code_cannot_be_replayed(world: World) -> None:
    user = world.supervisor_a
    client = password_login(user)
    client.get("/accounts/two-factor/setup/")
    client.post("/accounts/two-factor/setup/", {"token": totp_code(user)})
    codes = client.get("/accounts/two-factor/recovery-codes/").content.decode()
    code = str(StaticToken.objects.filter(device__user=user).first().token)  # type: ignore[union-attr]
    assert code in codes

    first = password_login(user)
    assert first.post("/accounts/two-factor/", {"token": code.upper()}).status_code == 302
    assert first.get("/staff/").status_code == 200
    second = password_login(user)
    assert second.post("/accounts/two-factor/", {"token": code}).status_code == 400
    assert second.get("/staff/").status_code == 302
    assert StaticToken.objects.filter(device__user=user).count() == 9

    # A code from the authenticator is accepted once; the same code is refused again. (The
    # refused recovery code above did not throttle the authenticator.)
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    replay = password_login(user)
    token = totp_code(user)
    assert replay.post("/accounts/two-factor/", {"token": token}).status_code == 302
    again = password_login(user)
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
    assert again.post("/accounts/two-factor/", {"token": token}).status_code == 400


@pytest.mark.django_db
def test_wrong_codes_are_throttled(world: World) -> None:
    user = world.dpo
    enrol(user)
    client = password_login(user)
    assert client.post("/accounts/two-factor/", {"token": "000000"}).status_code == 400
    # After a failure the device refuses even the right code until the back-off has passed.
    assert client.post("/accounts/two-factor/", {"token": totp_code(user)}).status_code == 400
    assert client.get("/staff/").status_code == 302
    assert AuditEvent.objects.filter(action="user.second_factor_failed").count() == 2


@pytest.mark.django_db
def test_a_wrong_authenticator_code_does_not_block_the_next_recovery_code(world: World) -> None:
    user = world.supervisor_a
    enrol_with(user, b"k" * 20, ["recov3ry", "c0dec0de"])
    code = "recov3ry"
    client = password_login(user)
    assert client.post("/accounts/two-factor/", {"token": "000000"}).status_code == 400
    assert client.post("/accounts/two-factor/", {"token": code}).status_code == 302
    assert client.get("/staff/").status_code == 200


@pytest.mark.django_db
def test_next_must_stay_on_this_site(world: World) -> None:
    user = world.admin
    enrol(user)
    client = password_login(user)
    response = client.post(
        "/accounts/two-factor/", {"token": totp_code(user), "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["registrant", "seeker"])
def test_accounts_that_are_not_staff_are_not_forced(world: World, persona: str) -> None:
    client = password_login(getattr(world, persona))
    if persona == "registrant":
        assert client.get("/me/").status_code == 200
    assert client.get("/accounts/preferences/").status_code == 200
    # The second-factor pages are for staff only.
    assert client.get("/accounts/two-factor/")["Location"] == "/"
    assert client.get("/accounts/two-factor/setup/")["Location"] == "/"
    assert not TOTPDevice.objects.exists()


@pytest.mark.django_db
def test_unverified_staff_can_still_sign_out_and_anonymous_visitors_go_to_login(
    world: World,
) -> None:
    client = password_login(world.caseworker_a)
    assert client.post("/accounts/logout/")["Location"] == "/accounts/login/"
    assert client.get("/accounts/two-factor/")["Location"].startswith("/accounts/login/")
    assert Client().get("/accounts/two-factor/setup/")["Location"].startswith("/accounts/login/")
