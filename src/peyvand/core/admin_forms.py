"""Admin form pieces shared by the apps: bidi-safe text inputs and Jalali-aware date text."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models

# dir="auto" lets each input take the direction of its first strong letter, so a Persian name
# typed into a left-to-right page is shown (and edited) right to left.
BIDI_TEXT_OVERRIDES: dict[type[models.Field[Any, Any]], dict[str, Any]] = {
    models.CharField: {"widget": forms.TextInput(attrs={"dir": "auto", "size": 40})},
    models.TextField: {"widget": forms.Textarea(attrs={"dir": "auto", "rows": 4})},
}
