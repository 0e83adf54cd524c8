"""A service's refusal shown on the form that asked for it."""

from __future__ import annotations

from collections.abc import Mapping

from django import forms
from django.core.exceptions import ValidationError


def add_service_errors(
    form: forms.BaseForm, error: ValidationError, fields: Mapping[str, str] | None = None
) -> None:
    """Show a service's ValidationError beside the fields it names, at the top of the form
    otherwise. ``fields`` maps the service's names to the form's where they differ; a name it
    does not list then goes to the top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for key, messages in error.message_dict.items():
        name = key if fields is None else fields.get(key)
        form.add_error(name if name in form.fields else None, messages)
