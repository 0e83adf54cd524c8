"""Letter pages: a case's letters (produce, download) and the staff editor of their texts."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from peyvand.accounts.http import AuthenticatedRequest
from peyvand.core.access import NotFound
from peyvand.core.form_errors import add_service_errors
from peyvand.core.http import attachment
from peyvand.letters.access import (
    access_letter,
    current_template,
    require_template_editor,
    template_versions,
)
from peyvand.letters.forms import GenerateLetterForm, LetterTemplateForm
from peyvand.letters.models import LetterKind, LetterLanguage
from peyvand.letters.pages import case_letters_context, letter_request
from peyvand.letters.placeholders import PLACEHOLDERS
from peyvand.letters.services import download_letter, edit_template, generate_letter
from peyvand.tracing.access import access_case


def _render_letters(
    request: AuthenticatedRequest,
    case_id: int,
    failed: GenerateLetterForm | None = None,
    status: int = 200,
) -> HttpResponse:
    case = access_case(request.user, case_id)
    context = case_letters_context(request.user, case, failed)
    return render(request, "letters/case_letters.html", context, status=status)


@login_required
def case_letters(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    return _render_letters(request, case_id)


@login_required
@require_POST
def case_letter_generate(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    case = access_case(request.user, case_id, write=True)
    form, wanted = letter_request(request.user, case, request.POST)
    if wanted is None:
        return _render_letters(request, case_id, form, status=400)
    try:
        letter = generate_letter(request.user, case, wanted)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return _render_letters(request, case_id, form, status=400)
    messages.success(request, _("The letter is ready."))
    return redirect(reverse("case_letters", args=[case.pk]) + f"#letter-{letter.pk}")


@login_required
def case_letter_download(
    request: AuthenticatedRequest, case_id: int, letter_id: int
) -> HttpResponse:
    letter = access_letter(request.user, case_id, letter_id)
    pdf = download_letter(request.user, letter)
    return attachment(pdf, letter.filename, "application/pdf")


@login_required
def letter_templates(request: AuthenticatedRequest) -> HttpResponse:
    agency = require_template_editor(request.user, "letter_templates")
    rows = [
        (kind, language, current_template(agency, kind.value, language.value))
        for kind in LetterKind
        for language in LetterLanguage
    ]
    context = {"agency": agency, "rows": rows}
    return render(request, "letters/templates_list.html", context)


def _template_context(agency: Any, kind: str, language: str) -> dict[str, Any]:
    return {
        "agency": agency,
        "kind": LetterKind(kind),
        "language": LetterLanguage(language),
        "current": current_template(agency, kind, language),
        "versions": template_versions(agency, kind, language),
        "placeholders": PLACEHOLDERS.items(),
    }


@login_required
@require_http_methods(["GET", "POST"])
def letter_template_edit(
    request: AuthenticatedRequest, letter_kind: str, letter_language: str
) -> HttpResponse:
    agency = require_template_editor(request.user, "letter_template_edit")
    if letter_kind not in LetterKind.values or letter_language not in LetterLanguage.values:
        raise NotFound()
    context = _template_context(agency, letter_kind, letter_language)
    current = context["current"]
    if request.method != "POST":
        initial = {"subject": current.subject, "body": current.body} if current else {}
        context["form"] = LetterTemplateForm(initial=initial)
        return render(request, "letters/template_edit.html", context)
    form = LetterTemplateForm(request.POST)
    context["form"] = form
    if form.is_valid():
        try:
            edit_template(request.user, agency, letter_kind, letter_language, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The new text is saved; earlier versions are kept."))
            return redirect("letter_templates")
    return render(request, "letters/template_edit.html", context, status=400)
