"""Forms for caseworkers' actions on a case."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from peyvand.tracing.models import CaseOutcome, CaseState


class CaseNoteForm(forms.Form):
    text = forms.CharField(
        label=_("New note"),
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        max_length=5000,
    )


class CaseStateForm(forms.Form):
    state = forms.ChoiceField(label=_("New state"), choices=CaseState.choices)
    outcome = forms.ChoiceField(
        label=_("Outcome (when closing)"), choices=CaseOutcome.choices, required=False
    )
    reason = forms.CharField(label=_("Reason"), max_length=250)
