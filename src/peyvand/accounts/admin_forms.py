"""The administrator's forms for staff accounts; the rules live in ``accounts.services``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from peyvand.accounts.models import STAFF_ROLES, Role, User
from peyvand.accounts.services import staff_account_problems

STAFF_ROLE_CHOICES = [(value, label) for value, label in Role.choices if value in STAFF_ROLES]


class StaffAccountForm(forms.ModelForm):
    """Role, agency, address and active flag of an existing staff account."""

    # Set by the model admin to the signed-in administrator.
    actor: User
    role = forms.ChoiceField(label=_("role"), choices=STAFF_ROLE_CHOICES)

    class Meta:
        model = User
        fields = ["email", "role", "agency", "is_active"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        problems = staff_account_problems(
            self.actor,
            self.account(),
            role=data.get("role", ""),
            agency=data.get("agency"),
            is_active=bool(data.get("is_active")),
        )
        for field, messages in problems.items():
            self.add_error(field, messages)
        return data

    def account(self) -> User | None:
        # The account as stored: the form has already copied the typed values onto its instance.
        return User.objects.filter(pk=self.instance.pk).first() if self.instance.pk else None


class StaffAccountAddForm(StaffAccountForm):
    """A new staff account with its first password (its holder can reset it later)."""

    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    class Meta:
        model = User
        fields = ["username", "email", "role", "agency"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            try:
                validate_password(first, User(username=data.get("username", "")))
            except ValidationError as exc:
                self.add_error("password1", exc)
        return data
