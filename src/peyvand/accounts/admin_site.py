"""The staff admin: a read-only window on the records for staff, and account management for
administrators.

The admin is not a second way to change domain records. Requests, cases, registrations, persons
and everything around them are listed and shown here, scoped like the staff pages and audited,
but never added, changed or deleted: the staff pages and their services are the one door for
changes (STYLE.md, "one door per change"). The admin is not a second sign-in door either: its
login page sends everyone to the main sign-in, with its lockout and second factor.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, NoReturn, TypeVar, cast

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.db.models.constants import LOOKUP_SEP
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import URLPattern, URLResolver, reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from peyvand.accounts.http import request_user
from peyvand.accounts.models import STAFF_ROLES
from peyvand.audit.services import record_event
from peyvand.core.access import NotFound
from peyvand.core.admin_display import ShownAsOnStaffPages

# Django's own admin pages that have no place here: passwords are changed through the main
# reset page (one door for credentials); the "view on site" redirect would look up any row of
# any model by id, outside every access function; and no form here uses autocomplete, which
# would otherwise answer searches by any foreign key of any model.
_DROPPED_SITE_URLS = frozenset(
    {"password_change", "password_change_done", "view_on_site", "autocomplete"}
)


_View = TypeVar("_View", bound=Callable[..., Any])


def is_staff_account(request: HttpRequest) -> bool:
    user = request.user
    return bool(
        user.is_authenticated and user.is_active and getattr(user, "role", "") in STAFF_ROLES
    )


class PeyvandAdminSite(admin.AdminSite):
    site_header = _("Peyvand staff admin")
    site_title = _("Peyvand")
    index_title = _("Records")

    def has_permission(self, request: HttpRequest) -> bool:
        return is_staff_account(request)

    def admin_view(self, view: _View, cacheable: bool = False) -> _View:
        """Anonymous visitors go to the main sign-in; signed-in accounts that are not staff get
        the same 404 as on every staff page (Django would send them to its own login form)."""
        inner = super().admin_view(view, cacheable)

        @wraps(view)
        def gate(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not self.has_permission(request):
                raise NotFound()
            return inner(request, *args, **kwargs)

        return cast(_View, gate)

    @method_decorator(never_cache)
    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        """No sign-in form here: the main one checks the password, the lockout and the second
        factor. A signed-in account goes on to the admin, which decides what it may see."""
        index = reverse("admin:index", current_app=self.name)
        target = request.GET.get(REDIRECT_FIELD_NAME, "")
        if not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            target = index
        if request.user.is_authenticated:
            return HttpResponseRedirect(index)
        return redirect_to_login(target)

    def get_urls(self) -> list[URLResolver | URLPattern]:
        return [
            url
            for url in super().get_urls()
            if not (isinstance(url, URLPattern) and url.name in _DROPPED_SITE_URLS)
        ]


admin_site = PeyvandAdminSite(name="admin")
# Bulk actions would be a second way to change many records at once.
admin_site.disable_action("delete_selected")


class OfferedFiltersOnly(ShownAsOnStaffPages):
    """Lists filter only by the columns they offer as filters. Django allows a lookup on any
    column of the model itself, so ``?passphrase_hash__startswith=pbkdf2_sha256$…`` or
    ``?seeker_user=7`` would be an oracle for the values the admin never shows (400 instead)."""

    def lookup_allowed(self, lookup: str, value: str, request: HttpRequest | None = None) -> bool:
        offered = {item for item in self.list_filter if isinstance(item, str)}
        return lookup.split(LOOKUP_SEP)[0] in offered and super().lookup_allowed(
            lookup, value, request
        )


class RecordAdmin(OfferedFiltersOnly):
    """A domain record in the admin: listed and shown to staff, rows from the app's
    ``*_visible_to`` function, every record opened audited; nothing is ever added, changed or
    deleted here, and every attempt to write is refused (403) and audited."""

    actions = None
    view_on_site = False

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
        return is_staff_account(request)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_staff_account(request)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            self.refuse_write(request, object_id, "change" if object_id else "add")
        return super().changeform_view(request, object_id, form_url, extra_context)

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            self.refuse_write(request, None, "bulk")
        return super().changelist_view(request, extra_context)

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        self.refuse_write(request, object_id, "delete")

    def refuse_write(self, request: HttpRequest, object_id: str | None, attempt: str) -> NoReturn:
        """The same 403 whether the record exists or not, with the attempt in the trail."""
        record_event(
            request_user(request),
            "access.refused",
            (self.model._meta.label_lower, object_id or "-"),
            details={"via": "admin", "write": True, "attempt": attempt},
        )
        raise PermissionDenied


class RecordInline(admin.TabularInline):
    """Rows shown under a record in the admin, read-only like the record itself."""

    extra = 0
    can_delete = False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_staff_account(request)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
