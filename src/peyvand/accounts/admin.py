from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db import models
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from peyvand.accounts.models import Agency, Role, User
from peyvand.audit.services import record_event
from peyvand.core.admin_site import admin_site
from peyvand.core.http import request_user


class AdminOnly:
    """Agencies and accounts are managed by administrators alone."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request_user(request).role == Role.ADMIN

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request_user(request).role == Role.ADMIN

    has_add_permission = has_view_permission
    has_change_permission = has_view_permission

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(
        self, request: HttpRequest, obj: models.Model, form: ModelForm[Any], change: bool
    ) -> None:
        super().save_model(request, obj, form, change)  # type: ignore[misc]
        action = "changed" if change else "created"
        record_event(
            request_user(request),
            f"{obj._meta.model_name}.{action}",
            obj,
            details={"via": "admin", "fields": sorted(form.changed_data)},
        )


@admin.register(Agency, site=admin_site)
class AgencyAdmin(AdminOnly, admin.ModelAdmin):
    list_display = ["name", "code", "country"]


@admin.register(User, site=admin_site)
class UserAdmin(AdminOnly, DjangoUserAdmin):
    list_display = ["username", "role", "agency", "is_active", "last_login"]
    list_filter = ["role", "agency", "is_active"]
    fieldsets = (
        *DjangoUserAdmin.fieldsets,  # type: ignore[misc]
        (_("Peyvand"), {"fields": ("role", "agency", "language", "calendar")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (_("Peyvand"), {"fields": ("role", "agency")}),
    )
