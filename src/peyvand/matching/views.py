"""The batch re-link's pages: start one, follow its progress."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from peyvand.accounts.http import AuthenticatedRequest
from peyvand.matching.access import require_relink_right
from peyvand.matching.forms import StartRelinkForm
from peyvand.matching.models import RelinkRun, RunStatus
from peyvand.matching.relink_services import start_relink
from peyvand.matching.staff_access import access_relink_run


@login_required
@require_http_methods(["GET", "POST"])
def relink(request: AuthenticatedRequest) -> HttpResponse:
    require_relink_right(request.user)
    form = StartRelinkForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                run = start_relink(request.user)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The re-link is queued."))
                return redirect("relink_progress", run_id=run.pk)
        status = 400
    runs = RelinkRun.objects.select_related("started_by")[:20]
    return render(request, "matching/relink.html", {"form": form, "runs": runs}, status=status)


@login_required
def relink_progress(request: AuthenticatedRequest, run_id: int) -> HttpResponse:
    run = access_relink_run(request.user, run_id)
    running = run.status in (RunStatus.QUEUED, RunStatus.RUNNING)
    percent = round(run.processed / run.total * 100) if run.total else 0
    context = {"run": run, "running": running, "percent": percent}
    response = render(request, "matching/relink_progress.html", context)
    if running:
        response["Refresh"] = "3"
    return response
