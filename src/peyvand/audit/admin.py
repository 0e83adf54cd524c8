from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from peyvand.accounts.admin_site import admin_site
from peyvand.accounts.http import request_user
from peyvand.accounts.models import Role
from peyvand.audit.models import AuditEvent, Tombstone
from peyvand.core.admin_display import ShownAsOnStaffPages


@admin.register(AuditEvent, site=admin_site)
class AuditEventAdmin(ShownAsOnStaffPages):
    """Read-only; visible to the data-protection officer and administrators."""

    system_text_fields: tuple[str, ...] = ("actor_label", "reason")

    actions = None
    view_on_site = False

    list_display = [
        "sequence",
        "at",
        "actor_label",
        "action",
        "object_type",
        "object_id",
        "reason",
    ]
    list_filter = ["action", "object_type"]
    search_fields = ["object_id", "actor_label"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request_user(request).role in (Role.DPO, Role.ADMIN)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request_user(request).role in (Role.DPO, Role.ADMIN)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Tombstone, site=admin_site)
class TombstoneAdmin(AuditEventAdmin):
    """What erasure left: type, id, date, legal basis, who. Read-only, DPO and admin."""

    system_text_fields: tuple[str, ...] = ("actor_label",)
    list_display = ["erased_at", "actor_label", "object_type", "object_id", "legal_basis"]
    list_filter = ["object_type"]
    search_fields = ["object_id"]
