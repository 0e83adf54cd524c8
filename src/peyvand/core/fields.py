"""Model fields that keep their values encrypted at rest (see :mod:`peyvand.core.crypto`).

The database holds ``pv1:<key_id>:<ciphertext>``; Python code, forms, the admin and
``values()`` queries see plain text. The empty string stays empty (so "not given" needs no key)
and NULL stays NULL. The columns cannot be searched: only ``isnull`` and comparison with the empty
string are allowed as lookups, anything else raises at once instead of silently matching nothing.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.apps import apps
from django.core import validators
from django.core.exceptions import FieldError
from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.lookups import Exact, IsNull, Lookup

from peyvand.core.crypto import decrypt, encrypt


class _EmptyOnlyExact(Exact):
    """``field=""`` works (no value given); ``field="something"`` cannot, so it says so."""

    def get_prep_lookup(self) -> Any:
        if self.rhs not in ("", None) and not hasattr(self.rhs, "resolve_expression"):
            raise FieldError(
                f"{self.lhs.output_field.name} is encrypted at rest and cannot be searched; "
                "only comparison with the empty string is possible"
            )
        if hasattr(self.rhs, "resolve_expression"):
            raise FieldError(f"{self.lhs.output_field.name} is encrypted and cannot be compared")
        return self.rhs

    def get_db_prep_lookup(self, value: Any, connection: BaseDatabaseWrapper) -> Any:
        return ("%s", [value])


class EncryptedTextField(models.TextField):
    """A text column encrypted with AES-256-GCM; the table and column are bound into each value."""

    description = "Text encrypted at rest (not searchable)"

    def get_lookup(self, lookup_name: str) -> type[Lookup] | None:
        if lookup_name == "isnull":
            return IsNull
        if lookup_name == "exact":
            return _EmptyOnlyExact
        raise FieldError(
            f"{self.name} is encrypted at rest and cannot be searched with __{lookup_name}"
        )

    def get_transform(self, lookup_name: str) -> Any:
        return None

    def _where(self) -> tuple[str, str]:
        return self.model._meta.db_table, self.column

    def get_db_prep_save(self, value: Any, connection: BaseDatabaseWrapper) -> Any:
        if hasattr(value, "as_sql"):
            return value  # an expression (bulk_update's CASE): its Value parts come back here
        value = self.get_prep_value(value)
        if value is None or value == "":
            return value
        table, column = self._where()
        return encrypt(str(value), table, column)

    def from_db_value(
        self, value: str | None, expression: Any, connection: BaseDatabaseWrapper
    ) -> str | None:
        if value is None or value == "":
            return value
        table, column = self._where()
        return decrypt(value, table, column)


class EncryptedCharField(EncryptedTextField):
    """A short encrypted value edited on one line; ``max_length`` limits the plain text."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.max_length is None:
            raise TypeError("EncryptedCharField needs max_length")
        self.validators.append(validators.MaxLengthValidator(self.max_length))

    def formfield(self, **kwargs: Any) -> Any:  # type: ignore[override]
        # One line, even where a form maps every text column to a text area (the admin does).
        widget = kwargs.get("widget")
        if widget is None or widget is forms.Textarea:
            kwargs["widget"] = forms.TextInput
        elif isinstance(widget, forms.Textarea):
            attrs = {k: v for k, v in widget.attrs.items() if k not in ("rows", "cols")}
            kwargs["widget"] = forms.TextInput(attrs=attrs)
        return super().formfield(**kwargs)


def encrypted_columns() -> list[tuple[str, str, str]]:
    """Every (table, column, primary-key column) that holds encrypted values, in a stable order."""
    found: set[tuple[str, str, str]] = set()
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, EncryptedTextField):
                found.add((model._meta.db_table, field.column, model._meta.pk.column))
    return sorted(found)
