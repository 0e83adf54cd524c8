"""Requests, registrations and cases in the admin: read-only (changes go through the staff pages).

The fields shown are what the staff pages show; never the passphrase hash, the seeker's or the
registrant's account, or a person's standing choices in a form anyone could submit.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from peyvand.accounts.admin_site import RecordAdmin, admin_site
from peyvand.accounts.http import request_user
from peyvand.tracing.access import (
    cases_visible_to,
    registrations_visible_to,
    requests_visible_to,
)
from peyvand.tracing.models import Case, Registration, TracingRequest


@admin.register(TracingRequest, site=admin_site)
class TracingRequestAdmin(RecordAdmin):
    list_display = ["reference_code", "relationship", "status", "agency", "created_at"]
    list_filter = ["status", "agency", "relationship"]
    search_fields = ["reference_code"]
    fields = [
        "reference_code",
        "agency",
        "seeker",
        "sought",
        "relationship",
        "last_contact_text",
        "last_contact_place",
        "status",
        "withdrawn_at",
        "created_at",
        "created_by",
    ]

    def visible_rows(self, request: HttpRequest) -> QuerySet[Any]:
        return requests_visible_to(request_user(request)).select_related("agency")


@admin.register(Registration, site=admin_site)
class RegistrationAdmin(RecordAdmin):
    list_display = ["id", "person", "consent_method", "may_be_traced", "agency", "created_at"]
    list_filter = ["agency", "consent_method", "may_be_traced"]
    fields = [
        "agency",
        "person",
        "consent_method",
        "consent_recorded_by",
        "may_be_traced",
        "findable_by",
        "shareable_kinds",
        "created_at",
        "updated_at",
    ]

    def visible_rows(self, request: HttpRequest) -> QuerySet[Any]:
        return registrations_visible_to(request_user(request)).select_related("agency", "person")


@admin.register(Case, site=admin_site)
class CaseAdmin(RecordAdmin):
    list_display = ["id", "tracing_request", "state", "assigned_to", "agency", "opened_at"]
    list_filter = ["state", "agency"]
    fields = ["tracing_request", "agency", "assigned_to", "state", "opened_at", "closed_at"]

    def visible_rows(self, request: HttpRequest) -> QuerySet[Any]:
        return cases_visible_to(request_user(request)).select_related(
            "tracing_request", "assigned_to", "agency"
        )
