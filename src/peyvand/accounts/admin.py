"""Agencies and staff accounts in the admin: administrators only, every change through
``accounts.services`` (the rules and the audit trail live there, not in these forms)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from peyvand.accounts.admin_forms import StaffAccountAddForm, StaffAccountForm
from peyvand.accounts.admin_site import OfferedFiltersOnly, admin_site
from peyvand.accounts.http import request_user
from peyvand.accounts.models import STAFF_ROLES, Agency, Role, User
from peyvand.accounts.services import (
    change_agency,
    change_staff_account,
    create_agency,
    create_staff_account,
)


class AdminOnly(OfferedFiltersOnly):
    """Agencies and accounts are managed by administrators alone; nothing is deleted here
    (an account is switched off instead, so its trail keeps a name)."""

    actions = None
    view_on_site = False

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request_user(request).role == Role.ADMIN

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request_user(request).role == Role.ADMIN

    has_add_permission = has_view_permission
    has_change_permission = has_view_permission

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        """Saved by ``save_form`` through the service already."""

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """No related rows are written from here."""


@admin.register(Agency, site=admin_site)
class AgencyAdmin(AdminOnly):
    list_display = ["name", "code", "country", "moderates_messages"]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ["name", "name_fa", "name_sq", "code", "country"]
        return ["name", "name_fa", "name_sq", "code", "country", "moderates_messages"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [] if obj is None else ["code"]

    def save_form(self, request: HttpRequest, form: forms.ModelForm[Any], change: bool) -> Any:
        data = form.cleaned_data
        actor = request_user(request)
        if not change:
            return create_agency(
                actor,
                name=data["name"],
                code=data["code"],
                country=data["country"],
                name_fa=data["name_fa"],
                name_sq=data["name_sq"],
            )
        return change_agency(
            actor,
            form.instance,
            name=data["name"],
            country=data["country"],
            moderates_messages=data["moderates_messages"],
            name_fa=data["name_fa"],
            name_sq=data["name_sq"],
        )


@admin.register(User, site=admin_site)
class UserAdmin(AdminOnly):
    """Staff accounts only. Seekers and registrants own their accounts: they are not listed,
    and no account is turned into staff. No password is set or read here after creation."""

    list_display = ["username", "role", "agency", "is_active", "last_login"]
    list_filter = ["role", "agency", "is_active"]
    search_fields = ["username"]
    # the dates as the staff pages write them (peyvand.core.admin_display)
    readonly_fields = ["username", "last_login_shown", "date_joined_shown"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        return User.objects.filter(role__in=STAFF_ROLES).select_related("agency")

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ["username", "email", "role", "agency", "password1", "password2"]
        return [
            "username",
            "email",
            "role",
            "agency",
            "is_active",
            "last_login_shown",
            "date_joined_shown",
        ]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [] if obj is None else self.readonly_fields

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        kwargs["form"] = StaffAccountForm if obj is not None else StaffAccountAddForm
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (form,), {"actor": request_user(request)})

    def save_form(self, request: HttpRequest, form: forms.ModelForm[Any], change: bool) -> Any:
        data = form.cleaned_data
        actor = request_user(request)
        if not change:
            return create_staff_account(
                actor,
                username=data["username"],
                password=data["password1"],
                role=data["role"],
                agency=data["agency"],
                email=data["email"],
            )
        return change_staff_account(
            actor,
            form.instance,
            role=data["role"],
            agency=data["agency"],
            email=data["email"],
            is_active=data["is_active"],
        )
