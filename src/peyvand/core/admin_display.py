"""The admin writes dates, times, numbers and system-written text as the staff pages do: in the
reader's calendar and digits, translated (issue 15, items 13 and 17).

Django's admin shows a date field through its own formats (Gregorian, Latin digits, "7 دسامبر
2026"); a model field always wins over an admin attribute of the same name, so each date field
is shown through a companion attribute ``<name>_shown`` put in its place in lists and forms.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, cast

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from peyvand.core.display import show_moment, show_system_text

SHOWN = "_shown"


def _date_fields(model: type[models.Model]) -> dict[str, models.Field[Any, Any]]:
    return {
        field.name: field
        for field in model._meta.get_fields()
        if isinstance(field, models.DateField)  # DateTimeField included
    }


def _shown_date(field: models.Field[Any, Any]) -> Callable[[Any], str]:
    def shown(obj: Any) -> str:
        return show_moment(getattr(obj, field.name)) or "—"

    shown.short_description = field.verbose_name  # type: ignore[attr-defined]
    shown.admin_order_field = field.name  # type: ignore[attr-defined]
    return shown


def _shown_text(field: models.Field[Any, Any]) -> Callable[[Any], str]:
    def shown(obj: Any) -> str:
        return show_system_text(getattr(obj, field.name)) or "—"

    shown.short_description = field.verbose_name  # type: ignore[attr-defined]
    return shown


class ShownAsOnStaffPages(admin.ModelAdmin):
    """Date fields in the reader's calendar; ``system_text_fields`` (reasons and labels the
    system writes in English, such as "Match confirmed") translated."""

    system_text_fields: Sequence[str] = ()

    def __init__(self, model: type[models.Model], admin_site: admin.AdminSite) -> None:
        super().__init__(model, admin_site)
        self._shown: set[str] = set()
        for name, field in _date_fields(model).items():
            setattr(self, name + SHOWN, _shown_date(field))
            self._shown.add(name)
        for name in self.system_text_fields:
            field = cast("models.Field[Any, Any]", model._meta.get_field(name))
            setattr(self, name + SHOWN, _shown_text(field))
            self._shown.add(name)

    def _in_place(self, names: Sequence[Any], among: set[str] | None = None) -> list[Any]:
        replaced = self._shown if among is None else self._shown & among
        return [f"{name}{SHOWN}" if name in replaced else name for name in names]

    def _view_only(self, request: HttpRequest, obj: Any) -> bool:
        return not self.has_change_permission(request, obj)

    def get_list_display(self, request: HttpRequest) -> Any:
        return self._in_place(super().get_list_display(request))

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # A field a form may change stays a field; only what is shown read-only is replaced.
        fields = super().get_fields(request, obj)
        if self._view_only(request, obj):
            return self._in_place(fields)
        return self._in_place(fields, set(super().get_readonly_fields(request, obj)))

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        shown = self._in_place(super().get_readonly_fields(request, obj))
        if self._view_only(request, obj):
            shown += [name + SHOWN for name in sorted(self._shown)]
        return shown
