"""Background jobs of the accounts app."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks import task

from peyvand.accounts.models import User
from peyvand.core.sealed import unseal

# What a sealed reset address is bound to (see peyvand.core.sealed).
RESET_ADDRESS = "password_reset.address"


@task()
def send_password_reset_task(sealed_address: str, domain: str, use_https: bool) -> None:
    """Mail a password-reset link to every active account that has the address and a password.

    The page queued this task whether or not such an account exists; the lookup happens here,
    off the request, so that a known address costs the visitor no more time than an unknown one.
    """
    email = unseal(sealed_address, RESET_ADDRESS)
    for user in PasswordResetForm().get_users(email):
        _send_link(user, domain, use_https)


def _send_link(user: User, domain: str, use_https: bool) -> None:
    context = {
        "email": user.email,
        "domain": domain,
        "site_name": "Peyvand",
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "user": user,
        "token": default_token_generator.make_token(user),
        "protocol": "https" if use_https else "http",
    }
    with translation.override(user.language or settings.LANGUAGE_CODE):
        subject = render_to_string("registration/password_reset_subject.txt", context)
        body = render_to_string("registration/password_reset_email.html", context)
    send_mail(" ".join(subject.split()), body, None, [user.email])
