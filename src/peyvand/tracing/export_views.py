"""Staff export of the case list (CSV/XLSX, chosen columns; encrypted when personal).

A file with personal data is never sent in the clear: the page shows the zip's password once and
a one-time link; the encrypted zip waits in the cache for ten minutes, bound to the staff member,
with the ids of the persons in it. If any of them is erased in between, the file is not handed
out (410, "prepare it again"): the new export will no longer hold them.
"""

from __future__ import annotations

import secrets

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from peyvand.accounts.http import AuthenticatedRequest
from peyvand.accounts.staff_access import require_staff
from peyvand.audit.tombstones import erased_among
from peyvand.core.access import NotFound
from peyvand.core.http import attachment
from peyvand.tracing.access import cases_visible_to
from peyvand.tracing.case_exports import COLUMNS, export_cases
from peyvand.tracing.models import CaseState

DOWNLOAD_TTL = 10 * 60


class ExportForm(forms.Form):
    columns = forms.MultipleChoiceField(
        label=_("Columns"),
        choices=[
            (
                key,
                format_lazy("{} ({})", column.label, _("personal data"))
                if column.personal
                else column.label,
            )
            for key, column in COLUMNS.items()
        ],
        widget=forms.CheckboxSelectMultiple,
        initial=["reference_code", "state", "opened_at"],
    )
    state = forms.ChoiceField(
        label=_("Only cases in this state"),
        choices=[("", _("All states")), *CaseState.choices],
        required=False,
    )
    format = forms.ChoiceField(
        label=_("File format"),
        choices=[("csv", "CSV"), ("xlsx", "XLSX (Excel)")],
        initial="csv",
        widget=forms.RadioSelect,
    )


def _cache_key(user_id: int, token: str) -> str:
    return f"peyvand:export:{user_id}:{token}"


@login_required
def export_cases_view(request: AuthenticatedRequest) -> HttpResponse:
    require_staff(request.user, "staff_exports")
    form = ExportForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        status = 400 if request.method == "POST" else 200
        return render(request, "tracing/exports.html", {"form": form}, status=status)
    cases = cases_visible_to(request.user)
    if form.cleaned_data["state"]:
        cases = cases.filter(state=form.cleaned_data["state"])
    export = export_cases(
        request.user, cases, list(form.cleaned_data["columns"]), form.cleaned_data["format"]
    )
    if not export.password:
        return attachment(export.content, export.filename, export.content_type)
    token = secrets.token_urlsafe(24)
    cache.set(
        _cache_key(request.user.pk, token),
        (export.filename, export.content, sorted(export.person_ids)),
        timeout=DOWNLOAD_TTL,
    )
    context = {"export": export, "token": token, "minutes": DOWNLOAD_TTL // 60}
    return render(request, "tracing/export_ready.html", context)


@login_required
def export_download(request: AuthenticatedRequest, token: str) -> HttpResponse:
    """The encrypted zip, once, for the staff member who made it."""
    require_staff(request.user, "staff_export_download")
    key = _cache_key(request.user.pk, token)
    stored = cache.get(key)
    # Only the request whose delete removed the entry serves it: two simultaneous clicks on the
    # one-time link, even on two server processes, download it once.
    if stored is None or not cache.delete(key):
        raise NotFound()
    filename, content, person_ids = stored
    if erased_among("people.person", person_ids):
        return render(request, "tracing/export_gone.html", status=410)
    return attachment(content, filename, "application/zip")
