"""The user's own preferences, the second-factor code, the password-reset request."""

from __future__ import annotations

from functools import partial
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.validators import MaxLengthValidator
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from peyvand.accounts.models import CalendarChoice
from peyvand.accounts.tasks import RESET_ADDRESS, send_password_reset_task
from peyvand.core.sealed import seal


class PreferencesForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    calendar = forms.ChoiceField(
        label=_("Calendar for dates"), choices=CalendarChoice.choices, required=False
    )


class SecondFactorForm(forms.Form):
    token = forms.CharField(
        label=_("Code"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "dir": "ltr"}
        ),
    )


class QuietPasswordResetForm(PasswordResetForm):
    """Django's reset form, but the lookup and the e-mail are done by a background task.

    The page does the same work for every address, known or not: it queues one task carrying the
    address sealed (encrypted with a fresh nonce, so two requests never look alike in the task
    table) and answers. It never asks the database whether the address exists, so neither its
    time nor the task table tells a known address from an unknown one; the task looks the address
    up and mails only an account that has it. The reset token never sits in the queue either
    (the task makes it).
    """

    def save(  # type: ignore[override]
        self,
        domain_override: str | None = None,
        use_https: bool = False,
        request: HttpRequest | None = None,
        **kwargs: Any,
    ) -> None:
        domain = domain_override or (request.get_host() if request is not None else "localhost")
        sealed = seal(self.cleaned_data["email"], RESET_ADDRESS)
        transaction.on_commit(partial(send_password_reset_task.enqueue, sealed, domain, use_https))


class BoundedAuthenticationForm(AuthenticationForm):
    """Django's sign-in form, refusing an over-long username before it reaches authentication
    (the lockout log stores what was typed, in a 255-character column)."""

    def __init__(self, request: Any = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(request, *args, **kwargs)
        limit = self.username_field.max_length or 150
        self.fields["username"].validators.append(MaxLengthValidator(limit))
