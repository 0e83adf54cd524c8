"""Background jobs of the accounts app."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks import task

from peyvand.accounts.models import User


@task()
def send_password_reset_task(user_id: int, domain: str, use_https: bool) -> None:
    """Mail a password-reset link to an active account that has an address and a password."""
    user = User.objects.filter(pk=user_id, is_active=True).exclude(email="").first()
    if user is None or not user.has_usable_password():
        return
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
