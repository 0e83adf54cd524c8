"""Forms for planning visits and following their applications."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from peyvand.core.dates import DateParseError, Precision, parse_partial_date
from peyvand.visits.models import ApplicationKind, Decision, Traveller

# Deadlines and meetings lie ahead: the parser's "not in the future" check is lifted here.
_NO_LIMIT = datetime.date.max


class DayField(forms.Field):
    """A full date typed in the Jalali or Gregorian calendar (1404/01/15 or 2025-04-04)."""

    widget = forms.TextInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", _("Jalali or Gregorian, e.g. 1404/01/15 or 2025-04-04"))
        super().__init__(**kwargs)
        self.widget.attrs.update({"dir": "ltr", "maxlength": "40", "autocomplete": "off"})

    def to_python(self, value: Any) -> datetime.date | None:
        text = str(value or "").strip()[:40]
        if not text:
            return None
        try:
            parsed = parse_partial_date(text, today=_NO_LIMIT)
        except DateParseError as exc:
            raise ValidationError(str(exc), code=exc.code) from None
        if parsed.precision is not Precision.DAY:
            raise ValidationError(_("Give the day, the month and the year."), code="not_a_day")
        return parsed.value


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
