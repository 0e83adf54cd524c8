"""Forms of the appeal pages. Dates are typed as people write them: Jalali or Gregorian."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from peyvand.appeals.models import AppealLanguage, AppealStatus, DeliveryChannel
from peyvand.core.form_fields import DayField
from peyvand.tracing.models import TracingRequest


class AppealForm(forms.Form):
    addressee = forms.CharField(label=_("Addressed to (authority)"), max_length=300)
    date = DayField(label=_("Date of the appeal"))


class AppealTextForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=AppealLanguage.choices)
    title = forms.CharField(
        label=_("Title"), max_length=300, widget=forms.TextInput(attrs={"dir": "auto"})
    )
    body = forms.CharField(
        label=_("Text"), max_length=20000, widget=forms.Textarea(attrs={"rows": 12, "dir": "auto"})
    )


class NewAppealForm(AppealForm, AppealTextForm):
    pass


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Move to"), choices=AppealStatus.choices)


LISTING_CHOICES = [
    ("yes", _("Yes: the family agreed that its name is listed")),
    ("no", _("No: count the family, do not print its name")),
]


class FamilyChoiceField(forms.ModelMultipleChoiceField):
    """Families shown by reference code and the seeker's name (never the sought person's)."""

    def label_from_instance(self, obj: Any) -> str:
        seeker = obj.seeker.primary_name()
        return f"{obj.reference_code} · {seeker.full if seeker else ''}"


class SignatoriesForm(forms.Form):
    """Families who signed the same way: a caseworker records them together."""

    requests = FamilyChoiceField(
        label=_("Families who signed (by tracing request)"),
        queryset=TracingRequest.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    listed = forms.ChoiceField(
        label=_("May their names be listed?"), choices=LISTING_CHOICES, widget=forms.RadioSelect
    )

    def __init__(self, *args: Any, choices: QuerySet[TracingRequest], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["requests"]
        assert isinstance(field, FamilyChoiceField)
        field.queryset = choices


class DeliveryForm(forms.Form):
    date = DayField(label=_("Delivered on"))
    channel = forms.ChoiceField(label=_("How"), choices=DeliveryChannel.choices)
    recipient = forms.CharField(label=_("Received by"), max_length=300, required=False)
    reference = forms.CharField(label=_("Reference"), max_length=120, required=False)
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ResponseForm(forms.Form):
    received_on = DayField(label=_("Received on"))
    summary = forms.CharField(
        label=_("What the authority answered"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
    )
    next_step = forms.CharField(
        label=_("Next step"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
    )


class FollowUpForm(forms.Form):
    due_on = DayField(label=_("Due on"))
    notes = forms.CharField(
        label=_("What to do"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )
    response = forms.IntegerField(required=False, widget=forms.HiddenInput)


class DocumentForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=AppealLanguage.choices)


class SeekerSignForm(forms.Form):
    """The family's own choice on the track page; nothing is preselected."""

    listed = forms.ChoiceField(
        label=_("May your family's name be listed in the appeal?"),
        choices=[
            ("yes", _("Yes, list my family's name")),
            ("no", _("No, count my family but do not print our name")),
        ],
        widget=forms.RadioSelect,
    )
