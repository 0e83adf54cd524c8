"""The dashboard's filters: an agency the reader may see and a period in either calendar."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from peyvand.accounts.models import Agency, User
from peyvand.reports.access import agencies_for
from peyvand.reports.period import Period, default_period, parse_period

PERIOD_HELP = _("A date or a year, Jalali or Gregorian: 1403/01/01, 2024-03-20, 1403 or 2024.")


class ReportFilterForm(forms.Form):
    agency = forms.ModelChoiceField(
        label=_("Agency"),
        queryset=Agency.objects.none(),
        required=False,
        empty_label=_("All agencies you may see"),
    )
    start = forms.CharField(label=_("From"), required=False, max_length=40, help_text=PERIOD_HELP)
    end = forms.CharField(label=_("To"), required=False, max_length=40, help_text=PERIOD_HELP)

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agency_field = self.fields["agency"]
        assert isinstance(agency_field, forms.ModelChoiceField)
        agency_field.queryset = agencies_for(user)
        self.period: Period = default_period()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        try:
            self.period = parse_period(cleaned.get("start", ""), cleaned.get("end", ""))
        except ValidationError as exc:
            for field, errors in exc.error_dict.items():
                for error in errors:
                    self.add_error(field, error)
        return cleaned

    @property
    def chosen_agency(self) -> Agency | None:
        return self.cleaned_data.get("agency") if self.is_bound else None


class ExportForm(ReportFilterForm):
    """The filters plus which table, and whether the file is for sharing outside the agency."""

    table = forms.CharField(max_length=40)
    shared = forms.BooleanField(required=False)

    def __init__(self, user: User, tables: list[str], *args: Any, **kwargs: Any) -> None:
        super().__init__(user, *args, **kwargs)
        self.tables = tables

    def clean_table(self) -> str:
        key: str = self.cleaned_data["table"]
        if key not in self.tables:
            raise ValidationError(_("There is no such table."), "unknown_table")
        return key
