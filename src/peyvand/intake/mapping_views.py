"""Staff pages for an agency's saved column mappings: list, create, edit, delete."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from peyvand.accounts.http import AuthenticatedRequest
from peyvand.core.access import NotFound
from peyvand.intake.access import (
    access_mapping,
    mappings_visible_to,
    may_import,
    require_intake_reader,
)
from peyvand.intake.forms import MappingForm
from peyvand.intake.mapping_services import create_mapping, delete_mapping, update_mapping
from peyvand.intake.models import ColumnMapping
from peyvand.intake.reading import FIELDS


@never_cache
@login_required
def intake_mappings(request: AuthenticatedRequest) -> HttpResponse:
    require_intake_reader(request.user)
    mappings = mappings_visible_to(request.user).select_related("agency").order_by("name")
    context = {"mappings": mappings, "may_edit": may_import(request.user)}
    return render(request, "intake/mappings.html", context)


@never_cache
@login_required
def intake_mapping_new(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    if not may_import(user):
        raise NotFound()
    assert user.agency is not None
    form = MappingForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid() and _saved(form, lambda: _create(request, form)):
            return redirect("intake_mappings")
        return _form_page(request, form, None, status=400)
    return _form_page(request, form, None)


@never_cache
@login_required
def intake_mapping_edit(request: AuthenticatedRequest, mapping_id: int) -> HttpResponse:
    writing = request.method == "POST"
    mapping = access_mapping(request.user, mapping_id, write=writing)
    form = MappingForm(request.POST or None, mapping=mapping)
    if writing:
        if form.is_valid() and _saved(form, lambda: _update(request, form, mapping)):
            return redirect("intake_mappings")
        return _form_page(request, form, mapping, status=400)
    return _form_page(request, form, mapping)


@login_required
@require_POST
def intake_mapping_delete(request: AuthenticatedRequest, mapping_id: int) -> HttpResponse:
    mapping = access_mapping(request.user, mapping_id, write=True)
    if request.POST.get("confirm") != "yes":
        refusal = _("Tick the box to confirm that the mapping should be deleted.")
        return _form_page(request, MappingForm(mapping=mapping), mapping, refusal, status=400)
    delete_mapping(request.user, mapping)
    messages.success(request, _("The mapping was deleted."))
    return redirect("intake_mappings")


def _create(request: AuthenticatedRequest, form: MappingForm) -> None:
    assert request.user.agency is not None
    data = form.cleaned_data
    create_mapping(
        request.user,
        request.user.agency,
        name=data["name"],
        kind=data["kind"],
        columns=form.columns(),
    )


def _update(request: AuthenticatedRequest, form: MappingForm, mapping: ColumnMapping) -> None:
    data = form.cleaned_data
    update_mapping(
        request.user, mapping, name=data["name"], kind=data["kind"], columns=form.columns()
    )


def _saved(form: MappingForm, save: Callable[[], None]) -> bool:
    """Run the service; its refusals become the form's errors."""
    try:
        save()
    except ValidationError as exc:
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in ("name", "kind") else None, errors)
        return False
    return True


def _form_page(
    request: AuthenticatedRequest,
    form: MappingForm,
    mapping: ColumnMapping | None,
    delete_refused: str = "",
    status: int = 200,
) -> HttpResponse:
    columns = mapping.columns.items() if mapping is not None else []
    context = {
        "form": form,
        "mapping": mapping,
        "may_edit": may_import(request.user),
        "columns": [(header, FIELDS.get(name, name)) for header, name in columns],
        "delete_refused": delete_refused,
    }
    return render(request, "intake/mapping_form.html", context, status=status)
