"""Persons and their names in the admin: read-only (changes go through the staff pages)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from peyvand.accounts.admin_site import RecordAdmin, RecordInline, admin_site
from peyvand.accounts.http import request_user
from peyvand.core.display import show_for_reader
from peyvand.people.access import persons_visible_to
from peyvand.people.models import Name, Person


class NameInline(RecordInline):
    model = Name
    fields = ["script", "kind", "given", "family", "full", "source"]


@admin.register(Person, site=admin_site)
class PersonAdmin(RecordAdmin):
    inlines = [NameInline]
    list_display = ["id", "names_display", "birth_display", "birthplace", "agency"]
    list_filter = ["agency", "sex"]
    search_fields = ["names__full", "father_given_name"]
    fields = [
        "agency",
        "sex",
        "birth_display",
        "birthplace",
        "father_given_name",
        "mother_given_name",
        "national_id",
    ]
    readonly_fields = ["birth_display"]

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
