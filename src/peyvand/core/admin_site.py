"""The staff admin: open to staff roles only, every list scoped, every read and write audited."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from peyvand.accounts.models import STAFF_ROLES, Role
from peyvand.accounts.roles import staff_may_write
from peyvand.audit.services import record_event
from peyvand.core.http import request_user


class PeyvandAdminSite(admin.AdminSite):
    site_header = _("Peyvand staff admin")
    site_title = _("Peyvand")
    index_title = _("Records")

    def has_permission(self, request: HttpRequest) -> bool:
        user = request_user(request)
        return bool(user.is_active and user.is_authenticated and user.role in STAFF_ROLES)


admin_site = PeyvandAdminSite(name="admin")


class ScopedAdmin(admin.ModelAdmin):
    """Rows come from the app's ``*_visible_to`` function; writes and reads leave audit events."""

    def visible_rows(self, request: HttpRequest) -> QuerySet[Any]:
        raise NotImplementedError

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return self.visible_rows(request)

    def get_object(
        self, request: HttpRequest, object_id: str, from_field: str | None = None
    ) -> Any:
        obj = super().get_object(request, object_id, from_field)
        target = obj if obj is not None else (self.model._meta.label_lower, object_id)
        action = "access.read" if obj is not None else "access.refused"
        record_event(request_user(request), action, target, details={"via": "admin"})
        return obj

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request_user(request).role in STAFF_ROLES

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request_user(request).role in STAFF_ROLES

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return staff_may_write(request_user(request))

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return staff_may_write(request_user(request))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Records are never deleted from the admin: erasure is a DPO procedure (issue 5).
        return False

    def save_model(
        self, request: HttpRequest, obj: models.Model, form: ModelForm[Any], change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        action = "changed" if change else "created"
        record_event(
            request_user(request),
            f"{obj._meta.model_name}.{action}",
            obj,
            details={"via": "admin", "fields": sorted(form.changed_data)},
        )

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        super().save_formset(request, form, formset, change)
        if formset.has_changed():
            record_event(
                request_user(request),
                f"{form.instance._meta.model_name}.related_changed",
                form.instance,
                details={"via": "admin", "related": formset.model._meta.model_name},
            )


def is_admin(request: HttpRequest) -> bool:
    return request_user(request).role == Role.ADMIN
