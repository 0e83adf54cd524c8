from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from peyvand.core.admin_forms import BIDI_TEXT_OVERRIDES
from peyvand.core.admin_site import ScopedAdmin, admin_site
from peyvand.core.http import request_user
from peyvand.tracing.access import (
    cases_visible_to,
    registrations_visible_to,
    requests_visible_to,
)
from peyvand.tracing.models import Case, CaseNote, Registration, TracingRequest


@admin.register(TracingRequest, site=admin_site)
class TracingRequestAdmin(ScopedAdmin):
    list_display = ["reference_code", "relationship", "status", "agency", "created_at"]
    list_filter = ["status", "agency", "relationship"]
    search_fields = ["reference_code"]
    readonly_fields = ["reference_code", "seeker", "sought", "created_at", "created_by"]
    formfield_overrides = BIDI_TEXT_OVERRIDES

    def visible_rows(self, request: HttpRequest) -> QuerySet[Any]:
        return requests_visible_to(request_user(request)).select_related("agency")

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False  # requests are filed through the tracing-request service, not the admin


@admin.register(Registration, site=admin_site)
class RegistrationAdmin(ScopedAdmin):
    list_display = ["id", "person", "consent_method", "may_be_traced", "agency", "created_at"]
    list_filter = ["agency", "consent_method", "may_be_traced"]
    readonly_fields = ["person", "user", "consent_recorded_by", "created_at"]

    def visible_rows(self, request: HttpRequest) -> QuerySet[Any]:
        return registrations_visible_to(request_user(request)).select_related("agency", "person")

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False


class CaseNoteInline(admin.TabularInline):
    model = CaseNote
    extra = 0
    fields = ["created_at", "author", "text"]
    readonly_fields = ["created_at", "author", "text"]
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Case, site=admin_site)
class CaseAdmin(ScopedAdmin):
    list_display = ["id", "tracing_request", "state", "assigned_to", "agency", "opened_at"]
    list_filter = ["state", "agency"]
    readonly_fields = ["tracing_request", "agency", "opened_at", "closed_at", "state"]
    fields = ["tracing_request", "agency", "assigned_to", "state", "opened_at", "closed_at"]
    inlines = [CaseNoteInline]

    def visible_rows(self, request: HttpRequest) -> QuerySet[Any]:
        return cases_visible_to(request_user(request)).select_related(
            "tracing_request", "assigned_to", "agency"
        )

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False
