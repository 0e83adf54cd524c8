"""The family's side of appeals, reached from the track page with the same session.

Signing is a free choice: nothing is preselected, no page asks twice, and a signature can be
withdrawn at any time with one button. The family sees only its own signature.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from peyvand.actions.seeker import is_closed
from peyvand.appeals.access import access_appeal_for_seeker, appeals_for_seeker
from peyvand.appeals.forms import SeekerSignForm
from peyvand.appeals.models import Appeal, AppealStatus, AppealText, Signatory
from peyvand.appeals.services import sign_from_track_page, withdraw_signature
from peyvand.core.access import NotFound
from peyvand.tracing.models import TracingRequest
from peyvand.tracing.seeker import access_seeker_request

# When the appeal has no text in the reader's language, the first of these that it has.
FALLBACK_LANGUAGES = ("fa", "en", "sq")


def _page(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200) -> Any:
    # Like the track page: no staff navigation, whoever else is signed in on this browser.
    return render(
        request, f"appeals/seeker/{template}", {**context, "user": AnonymousUser()}, status=status
    )


def seeker_session(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Give the view the request this session signed in to; without one, back to /t/. A closed
    request shows its closed status page, as everywhere on the track page."""

    @wraps(view)
    def wrapped(request: HttpRequest, **kwargs: Any) -> HttpResponse:
        try:
            tracing_request = access_seeker_request(request.session)
        except NotFound:
            return redirect("track_login")
        if is_closed(tracing_request):
            return redirect("track_status")
        return view(request, tracing_request, **kwargs)

    return never_cache(wrapped)


def text_for_reader(appeal: Appeal, requested: str = "") -> AppealText | None:
    """The text in the language asked for, else the reader's, else the first one on record."""
    texts = {text.language: text for text in appeal.texts.all()}
    current = (translation.get_language() or "en").split("-")[0]
    for language in (requested, current, *FALLBACK_LANGUAGES):
        if language in texts:
            return texts[language]
    return None


def _own_signature(appeal: Appeal, tracing_request: TracingRequest) -> Signatory | None:
    return appeal.signatories.filter(
        tracing_request=tracing_request, withdrawn_at__isnull=True
    ).first()


@seeker_session
@require_GET
def track_appeals(request: HttpRequest, tracing_request: TracingRequest) -> HttpResponse:
    appeals = list(appeals_for_seeker(tracing_request).prefetch_related("texts"))
    signed = set(
        tracing_request.appeal_signatures.filter(withdrawn_at__isnull=True).values_list(
            "appeal_id", flat=True
        )
    )
    rows = [(appeal, text_for_reader(appeal), appeal.pk in signed) for appeal in appeals]
    return _page(request, "appeal_list.html", {"rows": rows})


def _appeal_page(
    request: HttpRequest,
    tracing_request: TracingRequest,
    appeal: Appeal,
    form: SeekerSignForm | None = None,
    status: int = 200,
) -> HttpResponse:
    text = text_for_reader(appeal, request.GET.get("language", ""))
    context = {
        "appeal": appeal,
        "text": text,
        "other_texts": [t for t in appeal.texts.all() if text is None or t.pk != text.pk],
        "signature": _own_signature(appeal, tracing_request),
        "form": form or SeekerSignForm(),
        "may_sign": appeal.status == AppealStatus.OPEN,
    }
    return _page(request, "appeal.html", context, status=status)


@seeker_session
@require_http_methods(["GET", "POST"])
def track_appeal(
    request: HttpRequest, tracing_request: TracingRequest, appeal_id: int
) -> HttpResponse:
    appeal = access_appeal_for_seeker(tracing_request, appeal_id)
    if request.method != "POST":
        return _appeal_page(request, tracing_request, appeal)
    form = SeekerSignForm(request.POST)
    if form.is_valid():
        try:
            sign_from_track_page(
                tracing_request, appeal, listed=form.cleaned_data["listed"] == "yes"
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Thank you. Your family's signature was added."))
            return redirect("track_appeal", appeal_id=appeal.pk)
    return _appeal_page(request, tracing_request, appeal, form, status=400)


@seeker_session
@require_POST
def track_appeal_withdraw(
    request: HttpRequest, tracing_request: TracingRequest, appeal_id: int
) -> HttpResponse:
    appeal = access_appeal_for_seeker(tracing_request, appeal_id)
    signature = _own_signature(appeal, tracing_request)
    if signature is not None:
        withdraw_signature(signature)
        messages.success(request, _("Your family's signature was withdrawn."))
    return redirect("track_appeals")
