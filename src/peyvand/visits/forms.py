"""Forms for planning visits and following their applications."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from peyvand.core.form_fields import DayField
from peyvand.visits.models import ApplicationKind, Decision, Traveller


class PlanVisitForm(forms.Form):
    host_country = forms.CharField(label=_("Country where the family meets"), max_length=100)
    meeting_place = forms.CharField(
        label=_("Meeting place (if known)"), max_length=200, required=False
    )
    meeting_date = DayField(label=_("Meeting date (if known)"), required=False)


class ApplicationForm(forms.Form):
    traveller = forms.ChoiceField(label=_("Who travels"), choices=Traveller.choices)
    traveller_label = forms.CharField(
        label=_("Which family member (when another)"), max_length=100, required=False
    )
    passport_number = forms.CharField(
        label=_("The traveller's passport or travel document number (if any)"),
        max_length=40,
        required=False,
        help_text=_("Printed in the letter supporting the application."),
    )
    kind = forms.ChoiceField(label=_("Application"), choices=ApplicationKind.choices)
    authority = forms.CharField(
        label=_("Authority"),
        max_length=200,
        help_text=_("For example: Embassy of Albania, Tehran"),
    )
    country = forms.CharField(label=_("Country issuing the document"), max_length=100)
    deadline = DayField(label=_("Deadline (if any)"), required=False)
    deadline_label = forms.CharField(
        label=_("What the deadline is for"), max_length=150, required=False
    )


class SubmissionForm(forms.Form):
    submitted_on = DayField(label=_("Submitted on"))


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(value, label) for value, label in Decision.choices if value != Decision.PENDING],
    )
    decided_on = DayField(label=_("Decided on"))
    refusal_reason = forms.CharField(
        label=_("Reason given for a refusal"),
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
        max_length=2000,
        required=False,
    )


class DeadlineForm(forms.Form):
    deadline = DayField(label=_("Deadline (empty to clear)"), required=False)
    deadline_label = forms.CharField(
        label=_("What the deadline is for"), max_length=150, required=False
    )


class ChecklistItemForm(forms.Form):
    label = forms.CharField(label=_("Another document or step"), max_length=200)


class TickForm(forms.Form):
    done = forms.TypedChoiceField(
        choices=[("1", "1"), ("0", "0")], coerce=lambda value: value == "1"
    )


class MeetingForm(forms.Form):
    meeting_place = forms.CharField(label=_("Meeting place"), max_length=200)
    meeting_date = DayField(label=_("Meeting date"))
    met = forms.BooleanField(label=_("The meeting took place"), required=False)
    outcome_notes = forms.CharField(
        label=_("How it went (when it took place)"),
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        max_length=5000,
        required=False,
    )


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason for cancelling"), max_length=250)
