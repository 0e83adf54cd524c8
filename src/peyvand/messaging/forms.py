"""The moderation decision on a held message."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class ModerationForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", _("Relay the message")), ("stop", _("Stop the message"))],
        widget=forms.HiddenInput,
    )
    reason = forms.CharField(
        label=_("Reason to stop it, or a note (kept in the record, not shown to the writer)"),
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
        max_length=250,
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "stop" and not str(data.get("reason", "")).strip():
            self.add_error("reason", _("Give a reason for stopping the message."))
        return data
