from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from peyvand.accounts.models import AGENCY_ROLES
from peyvand.core.admin_forms import BIDI_TEXT_OVERRIDES
from peyvand.core.admin_site import ScopedAdmin, admin_site
from peyvand.core.dates import DateParseError, parse_partial_date
from peyvand.core.display import show_for_reader
from peyvand.core.http import request_user
from peyvand.people.access import persons_visible_to
from peyvand.people.models import Name, Person


class PersonAdminForm(forms.ModelForm):
    birth_date_text = forms.CharField(
        label=_("Birth date, year or age"),
        required=False,
        help_text=_("Jalali or Gregorian: 1345/06/12, ۱۳۴۵/۰۶/۱۲, 1966-09-03, 1345, or an age: 58"),
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )

    class Meta:
        model = Person
        fields = [
            "agency",
            "sex",
            "birth_date_text",
            "birthplace",
            "father_given_name",
            "mother_given_name",
            "national_id",
        ]

    def clean_birth_date_text(self) -> str:
        text: str = self.cleaned_data["birth_date_text"].strip()
        instance = self.instance
        if not text:
            instance.birth_date = None
            instance.birth_date_precision = ""
            instance.birth_date_calendar = ""
            return ""
        try:
            parsed = parse_partial_date(text)
        except DateParseError as exc:
            raise forms.ValidationError(str(exc)) from None
        instance.birth_date = parsed.value
        instance.birth_date_precision = str(parsed.precision)
        instance.birth_date_calendar = str(parsed.calendar)
        return parsed.text


class NameInline(admin.TabularInline):
    model = Name
    extra = 1
    fields = ["script", "kind", "given", "family", "full", "source"]
    formfield_overrides = BIDI_TEXT_OVERRIDES


@admin.register(Person, site=admin_site)
class PersonAdmin(ScopedAdmin):
    form = PersonAdminForm
    inlines = [NameInline]
    list_display = ["id", "names_display", "birth_display", "birthplace", "agency"]
    list_filter = ["agency", "sex"]
    search_fields = ["names__full", "father_given_name"]
    formfield_overrides = BIDI_TEXT_OVERRIDES
    readonly_fields = ["birth_date", "birth_date_precision", "birth_date_calendar"]

    def visible_rows(self, request: HttpRequest) -> QuerySet[Any]:
        return persons_visible_to(request_user(request)).prefetch_related("names")

    @admin.display(description=_("names"))
    def names_display(self, obj: Person) -> str:
        # <bdi> isolates each name so Persian and Latin forms do not reorder each other.
        parts = [format_html("<bdi>{}</bdi>", name.full) for name in obj.names.all()]
        return format_html(" · ".join(["{}"] * len(parts)), *parts) if parts else "—"

    @admin.display(description=_("born"))
    def birth_display(self, obj: Person) -> str:
        return show_for_reader(
            obj.birth_date, obj.birth_date_precision, obj.birth_date_calendar, obj.birth_date_text
        )

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        user = request_user(request)
        if db_field.name == "agency" and user.role in AGENCY_ROLES:
            kwargs["queryset"] = db_field.related_model.objects.filter(pk=user.agency_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
