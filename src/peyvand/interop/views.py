"""Staff PFIF exchange: upload a partner's file, download the agency's export."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from peyvand.accounts.http import AuthenticatedRequest
from peyvand.core.http import attachment
from peyvand.interop.access import require_pfif_exchange
from peyvand.interop.forms import PfifUploadForm
from peyvand.interop.services import ImportReport, export_pfif, import_pfif


@never_cache
@login_required
def interop_pfif(request: AuthenticatedRequest) -> HttpResponse:
    agency = require_pfif_exchange(request.user)
    form = PfifUploadForm(request.POST or None, request.FILES or None)
    report: ImportReport | None = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                report = import_pfif(request.user, agency, form.cleaned_data["file"])
            except ValidationError as exc:
                form.add_error("file", " ".join(exc.messages))
        if report is None:
            status = 400
        else:
            form = PfifUploadForm()
    context = {"agency": agency, "form": form, "report": report}
    return render(request, "interop/pfif.html", context, status=status)


@never_cache
@require_POST
@login_required
def interop_pfif_export(request: AuthenticatedRequest) -> HttpResponse:
    agency = require_pfif_exchange(request.user)
    data = export_pfif(request.user, agency)
    name = f"pfif-{agency.code}-{timezone.now():%Y%m%d}.xml"
    return attachment(data, name, "application/xml; charset=utf-8")
