"""Staff pages of appeals: parse, call a service, respond."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from peyvand.accounts.http import AuthenticatedRequest
from peyvand.accounts.models import Agency
from peyvand.accounts.roles import staff_may_write
from peyvand.accounts.staff_access import require_staff
from peyvand.appeals import services
from peyvand.appeals.access import (
    access_appeal,
    access_document,
    access_follow_up,
    access_signatory,
    appeals_visible_to,
    requests_may_sign,
)
from peyvand.appeals.documents import (
    document_filename,
    download_document,
    make_appeal_document,
)
from peyvand.appeals.forms import (
    AppealForm,
    AppealTextForm,
    DeliveryForm,
    DocumentForm,
    FollowUpForm,
    NewAppealForm,
    ResponseForm,
    SignatoriesForm,
    StatusForm,
)
from peyvand.appeals.models import Appeal, AppealStatus
from peyvand.audit.services import record_event
from peyvand.core.access import NotFound
from peyvand.core.form_errors import add_service_errors
from peyvand.core.http import attachment

PAGE_SIZE = 50


def appeal_action(form_key: str, form_class: type[forms.Form]) -> Callable[..., Any]:
    """A POST that writes to one appeal: reach it for writing, validate ``form_class``, run the
    view; on invalid input or a refused service call, show the appeal again with the errors."""

    def decorate(view: Callable[[AuthenticatedRequest, Appeal, Any], None]) -> Any:
        @login_required
        @require_POST
        @wraps(view)
        def wrapped(request: AuthenticatedRequest, appeal_id: int) -> HttpResponse:
            appeal = access_appeal(request.user, appeal_id, write=True)
            form = form_class(request.POST)
            if form.is_valid():
                try:
                    view(request, appeal, form.cleaned_data)
                except ValidationError as exc:
                    add_service_errors(form, exc)
                else:
                    return redirect("appeal_detail", appeal_id=appeal.pk)
            return _render_appeal(request, appeal, {form_key: form}, status=400)

        return wrapped

    return decorate


def _render_appeal(
    request: AuthenticatedRequest,
    appeal: Appeal,
    bound: dict[str, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    forms_ = {
        "edit_form": AppealForm(initial={"addressee": appeal.addressee, "date": appeal.date}),
        "text_form": AppealTextForm(),
        "status_form": StatusForm(),
        "delivery_form": DeliveryForm(),
        "response_form": ResponseForm(),
        "follow_up_form": FollowUpForm(),
        "document_form": DocumentForm(),
        **(bound or {}),
    }
    signatories = list(
        appeal.signatories.select_related("tracing_request__seeker", "recorded_by")
        .prefetch_related("tracing_request__seeker__names")
        .order_by("signed_at", "id")
    )
    active = [s for s in signatories if s.withdrawn_at is None]
    context = {
        "appeal": appeal,
        "texts": list(appeal.texts.all()),
        "signatories": signatories,
        "active_count": len(active),
        "listed_count": sum(1 for s in active if s.listed),
        "deliveries": list(appeal.deliveries.select_related("recorded_by")),
        "responses": list(appeal.responses.prefetch_related("follow_ups")),
        "follow_ups": list(appeal.follow_ups.select_related("response")),
        "documents": list(appeal.documents.select_related("made_by")),
        "may_write": staff_may_write(request.user),
        "may_edit_text": appeal.status == AppealStatus.DRAFT and not signatories,
        "moves": [
            (value, label)
            for value, label in AppealStatus.choices
            if value in services.MOVES[appeal.status]
        ],
        **forms_,
    }
    return render(request, "appeals/appeal_detail.html", context, status=status)


@login_required
def appeal_list(request: AuthenticatedRequest) -> HttpResponse:
    require_staff(request.user, "appeal_list")
    active = Q(signatories__withdrawn_at__isnull=True, signatories__isnull=False)
    appeals = list(
        appeals_visible_to(request.user)
        .select_related("agency")
        .prefetch_related("texts")
        .annotate(signed=Count("signatories", filter=active))[:PAGE_SIZE]
    )
    record_event(
        request.user, "appeal.listed", ("appeals.appeal", "list"), details={"count": len(appeals)}
    )
    context = {"appeals": appeals, "may_write": staff_may_write(request.user)}
    return render(request, "appeals/appeal_list.html", context)


def _agency_choice(form: forms.Form, request: AuthenticatedRequest) -> None:
    """Staff of an agency write for it; the admin (no agency) chooses one."""
    if request.user.agency_id is None:
        form.fields["agency"] = forms.ModelChoiceField(
            label=_("Agency"), queryset=Agency.objects.all()
        )


@login_required
@require_http_methods(["GET", "POST"])
def appeal_new(request: AuthenticatedRequest) -> HttpResponse:
    require_staff(request.user, "appeal_new")
    if not staff_may_write(request.user):
        raise NotFound()
    form = NewAppealForm(request.POST or None)
    _agency_choice(form, request)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        agency = data.get("agency") or request.user.agency
        assert agency is not None  # the admin, without an agency, had to choose one
        try:
            appeal = services.create_appeal(
                request.user,
                agency,
                addressee=data["addressee"],
                date=data["date"],
                language=data["language"],
                title=data["title"],
                body=data["body"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Appeal created as a draft."))
            return redirect("appeal_detail", appeal_id=appeal.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "appeals/appeal_new.html", {"form": form}, status=status)


@login_required
def appeal_detail(request: AuthenticatedRequest, appeal_id: int) -> HttpResponse:
    return _render_appeal(request, access_appeal(request.user, appeal_id))


@appeal_action("edit_form", AppealForm)
def appeal_edit(request: AuthenticatedRequest, appeal: Appeal, data: dict[str, Any]) -> None:
    services.edit_appeal(request.user, appeal, addressee=data["addressee"], date=data["date"])


@appeal_action("text_form", AppealTextForm)
def appeal_text(request: AuthenticatedRequest, appeal: Appeal, data: dict[str, Any]) -> None:
    services.save_appeal_text(
        request.user, appeal, language=data["language"], title=data["title"], body=data["body"]
    )


@appeal_action("status_form", StatusForm)
def appeal_status(request: AuthenticatedRequest, appeal: Appeal, data: dict[str, Any]) -> None:
    services.change_appeal_status(request.user, appeal, data["status"])


@appeal_action("delivery_form", DeliveryForm)
def appeal_delivery_add(
    request: AuthenticatedRequest, appeal: Appeal, data: dict[str, Any]
) -> None:
    services.record_delivery(request.user, appeal, **data)


@appeal_action("response_form", ResponseForm)
def appeal_response_add(
    request: AuthenticatedRequest, appeal: Appeal, data: dict[str, Any]
) -> None:
    services.record_response(request.user, appeal, **data)


@appeal_action("follow_up_form", FollowUpForm)
def appeal_follow_up_add(
    request: AuthenticatedRequest, appeal: Appeal, data: dict[str, Any]
) -> None:
    response = None
    if data["response"]:
        response = appeal.responses.filter(pk=data["response"]).first()
        if response is None:
            raise ValidationError(_("That answer belongs to another appeal."))
    services.add_follow_up(
        request.user, appeal, due_on=data["due_on"], notes=data["notes"], response=response
    )


@appeal_action("document_form", DocumentForm)
def appeal_document_make(
    request: AuthenticatedRequest, appeal: Appeal, data: dict[str, Any]
) -> None:
    make_appeal_document(request.user, appeal, data["language"])
    messages.success(request, _("The PDF is ready below."))


@login_required
@require_POST
def appeal_follow_up_done(
    request: AuthenticatedRequest, appeal_id: int, follow_up_id: int
) -> HttpResponse:
    appeal = access_appeal(request.user, appeal_id, write=True)
    follow_up = access_follow_up(request.user, appeal, follow_up_id, write=True)
    services.complete_follow_up(request.user, follow_up)
    return redirect("appeal_detail", appeal_id=appeal.pk)


@login_required
@require_POST
def appeal_signatory_withdraw(
    request: AuthenticatedRequest, appeal_id: int, signatory_id: int
) -> HttpResponse:
    appeal = access_appeal(request.user, appeal_id, write=True)
    signatory = access_signatory(request.user, appeal, signatory_id, write=True)
    services.withdraw_signature(signatory, actor=request.user)
    messages.success(request, _("The family's signature was withdrawn."))
    return redirect("appeal_detail", appeal_id=appeal.pk)


@login_required
@require_http_methods(["GET", "POST"])
def appeal_signatories_add(request: AuthenticatedRequest, appeal_id: int) -> HttpResponse:
    appeal = access_appeal(request.user, appeal_id, write=True)
    choices = (
        requests_may_sign(appeal)
        .select_related("seeker")
        .prefetch_related("seeker__names")
        .order_by("reference_code")
    )
    form = SignatoriesForm(request.POST or None, choices=choices)
    if request.method == "POST" and form.is_valid():
        try:
            signed = services.add_signatories(
                request.user,
                appeal,
                form.cleaned_data["requests"],
                listed=form.cleaned_data["listed"] == "yes",
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(count)s signatures recorded.") % {"count": len(signed)})
            return redirect("appeal_detail", appeal_id=appeal.pk)
    context = {"appeal": appeal, "form": form, "open": appeal.status == AppealStatus.OPEN}
    status = 400 if request.method == "POST" else 200
    return render(request, "appeals/signatories_add.html", context, status=status)


@login_required
def appeal_document_download(
    request: AuthenticatedRequest, appeal_id: int, document_id: int
) -> HttpResponse:
    appeal = access_appeal(request.user, appeal_id)
    document = access_document(request.user, appeal, document_id)
    pdf = download_document(request.user, document)
    return attachment(pdf, document_filename(document), "application/pdf")
