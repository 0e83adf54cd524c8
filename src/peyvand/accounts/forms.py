"""The user's own preferences."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from peyvand.accounts.models import CalendarChoice


class PreferencesForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    calendar = forms.ChoiceField(
        label=_("Calendar for dates"), choices=CalendarChoice.choices, required=False
    )
