"""The supervisor's page of model versions learned from caseworkers' decisions: fit, compare,
activate (``peyvand.matching.model_versions`` does the work)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from peyvand.accounts.http import AuthenticatedRequest
from peyvand.accounts.staff_access import require_staff
from peyvand.matching.forms import ActivateModelForm, FitModelForm
from peyvand.matching.model_store import active_model
from peyvand.matching.model_versions import (
    access_model_version,
    activate_model_version,
    decided_pair_counts,
    fit_model_version,
    model_versions,
    require_model_right,
)


def _page(request: AuthenticatedRequest, form: FitModelForm, status: int = 200) -> HttpResponse:
    context = {
        "form": form,
        "activate_form": ActivateModelForm(),
        "versions": model_versions()[:30],
        "in_use": active_model()[0],
        "decided": decided_pair_counts(),
    }
    return render(request, "matching/model_versions.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def model_versions_page(request: AuthenticatedRequest) -> HttpResponse:
    require_staff(request.user, "model_versions")
    require_model_right(request.user)
    if request.method != "POST":
        return _page(request, FitModelForm())
    form = FitModelForm(request.POST)
    if form.is_valid():
        try:
            row = fit_model_version(request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Version %(v)s is proposed.") % {"v": row.version})
            return redirect("model_versions")
    return _page(request, form, status=400)


@login_required
@require_POST
def model_version_activate(request: AuthenticatedRequest, version_id: int) -> HttpResponse:
    row = access_model_version(request.user, version_id)
    form = ActivateModelForm(request.POST)
    if form.is_valid():
        try:
            activate_model_version(request.user, row)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Version %(v)s is in use.") % {"v": row.version})
            return redirect("model_versions")
    for error in form.non_field_errors() or [_("Tick the box to confirm.")]:
        messages.error(request, str(error))
    return _page(request, FitModelForm(), status=400)
