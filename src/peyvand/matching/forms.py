"""Forms for the caseworkers' review of candidate pairs."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

REASON_WIDGET = forms.Textarea(attrs={"rows": 2, "dir": "auto"})


class ConfirmPairForm(forms.Form):
    reason = forms.CharField(
        label=_("Why these are the same person (optional)"),
        widget=REASON_WIDGET,
        max_length=500,
        required=False,
    )


class ReasonRequiredForm(forms.Form):
    """Rejecting a pair and undoing a confirmation both need a reason."""

    reason = forms.CharField(label=_("Reason"), widget=REASON_WIDGET, max_length=500)


class StartRelinkForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Re-link every open request against the whole registry now"), required=True
    )


class FitModelForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Fit a new model version on the confirmed and rejected pairs now"), required=True
    )


class ActivateModelForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Score every new candidate with this version from now on"), required=True
    )
