"""Staff intake pages: upload a family list, read the dry-run report, confirm, fix quarantine."""

from __future__ import annotations

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
    access_batch,
    access_import_row,
    batches_visible_to,
    may_import,
    require_intake_reader,
    rows_visible_to,
)
from peyvand.intake.checking import check_file
from peyvand.intake.forms import RowForm, UploadForm
from peyvand.intake.models import BatchStatus, RowStatus
from peyvand.intake.reading import FileFormatError
from peyvand.intake.services import (
    cancel_batch,
    confirm_batch,
    quarantined_values,
    resubmit_row,
    start_batch,
)


@never_cache
@login_required
def intake_home(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    require_intake_reader(user)
    writer = may_import(user)
    form = UploadForm(request.POST or None, request.FILES or None, agency=user.agency)
    if request.method == "POST":
        if not writer:
            raise NotFound()
        if form.is_valid():
            data = form.cleaned_data
            assert user.agency is not None
            try:
                checked = check_file(
                    user.agency,
                    data["kind"],
                    data["file"],
                    data["file"].name,
                    data["mapping"],
                    keep=True,
                )
            except (FileFormatError, ValidationError) as exc:
                form.add_error("file", str(exc.args[0]) if exc.args else str(exc))
            else:
                batch = start_batch(
                    user, user.agency, data["kind"], data["file"].name, checked, keep=True
                )
                return redirect("intake_batch", batch_id=batch.pk)
        status = 400
    else:
        status = 200
    context = {
        "form": form if writer else None,
        "batches": batches_visible_to(user).select_related("agency", "created_by")[:50],
    }
    return render(request, "intake/home.html", context, status=status)


@never_cache
@login_required
def intake_batch(request: AuthenticatedRequest, batch_id: int) -> HttpResponse:
    batch = access_batch(request.user, batch_id)
    quarantine = rows_visible_to(request.user).filter(batch=batch, status=RowStatus.QUARANTINED)
    context = {
        "batch": batch,
        "report": batch.report_data(),
        "may_confirm": may_import(request.user)
        and (batch.status == BatchStatus.CHECKED or batch.resumable),
        "may_fix": may_import(request.user),
        "quarantine": quarantine[:200],
    }
    return render(request, "intake/batch.html", context)


@login_required
@require_POST
def intake_batch_confirm(request: AuthenticatedRequest, batch_id: int) -> HttpResponse:
    batch = access_batch(request.user, batch_id, write=True)
    try:
        outcome = confirm_batch(request.user, batch)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("%(imported)s rows imported, %(quarantined)s quarantined.")
            % {"imported": outcome.imported, "quarantined": outcome.quarantined},
        )
    return redirect("intake_batch", batch_id=batch.pk)


@login_required
@require_POST
def intake_batch_cancel(request: AuthenticatedRequest, batch_id: int) -> HttpResponse:
    batch = access_batch(request.user, batch_id, write=True)
    try:
        cancel_batch(request.user, batch)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The file was set aside; nothing was imported."))
    return redirect("intake_batch", batch_id=batch.pk)


@never_cache
@login_required
def intake_row(request: AuthenticatedRequest, row_id: int) -> HttpResponse:
    user = request.user
    writing = request.method == "POST"
    row = access_import_row(user, row_id, write=writing)
    stored = quarantined_values(row)
    columns = stored.get("columns", {})
    form = RowForm(
        request.POST or None, kind=row.kind, columns=columns, initial=stored.get("values", {})
    )
    status = 200
    if writing:
        if form.is_valid():
            try:
                resubmit_row(user, row, form.values())
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The row is imported."))
                return redirect("intake_batch", batch_id=row.batch_id)
        status = 400
    context = {
        "row": row,
        "errors": stored.get("errors", []),
        "form": form,
        "may_fix": may_import(user) and row.status == RowStatus.QUARANTINED,
    }
    return render(request, "intake/row.html", context, status=status)
