"""The partner API (``/api/v1/``): tracing requests, registrations and candidate matches of the
token's agency. Reads use the web UI's access rules (``peyvand.api.access``); writes go through
the same services as the web forms. Everything is audited under "api token <name>"."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Path, Query, Status

from peyvand.api.access import audit_list, fetch_for_token, principal, require_scope
from peyvand.api.auth import RateLimited, TokenAuth
from peyvand.api.models import ApiToken, Scope
from peyvand.api.schemas import (
    Error,
    MatchOut,
    MatchPage,
    PersonIn,
    RegistrationIn,
    RegistrationOut,
    RegistrationPage,
    TracingRequestIn,
    TracingRequestOut,
    TracingRequestPage,
)
from peyvand.audit.services import record_event
from peyvand.matching.access import pairs_visible_to
from peyvand.matching.models import CandidatePair
from peyvand.people.services import ContactInput, NameInput, PersonInput
from peyvand.tracing.access import registrations_visible_to, requests_visible_to
from peyvand.tracing.models import Registration, TracingRequest
from peyvand.tracing.services import register_person, submit_tracing_request

MAX_ID = 2**63 - 1
ERRORS: dict[int, Any] = {400: Error, 401: Error, 403: Error, 404: Error, 422: Error, 429: Error}

api = NinjaAPI(
    title="Peyvand partner API",
    version="1",
    description=(
        "Tracing requests, registrations and candidate matches of the agency a token belongs "
        "to. Send `Authorization: Bearer <token>`. Responses never contain contact details, "
        "national ids, places, circumstances or messages."
    ),
    urls_namespace="api_v1",
    docs_url=None,
    auth=TokenAuth(),
)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    detail = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return api.create_response(request, {"detail": detail}, status=422)


@api.exception_handler(RateLimited)
def _rate_limited(request: HttpRequest, exc: RateLimited) -> HttpResponse:
    response = api.create_response(request, {"detail": "Too many requests."}, status=429)
    response["Retry-After"] = str(exc.retry_after)
    return response


def _token(request: HttpRequest) -> ApiToken:
    token = request.auth  # type: ignore[attr-defined]
    assert isinstance(token, ApiToken)
    return token


def _person(data: PersonIn) -> PersonInput:
    return PersonInput(
        names=[
            NameInput(full=n.full, given=n.given, family=n.family, kind=n.kind) for n in data.names
        ],
        sex=data.sex,
        birth_date_text=data.birth_date_text,
        birthplace=data.birthplace,
        father_given_name=data.father_given_name,
        mother_given_name=data.mother_given_name,
        contacts=tuple(ContactInput(kind=c.kind, value=c.value) for c in data.contacts),
    )


def _requests(token: ApiToken) -> QuerySet[TracingRequest]:
    return (
        requests_visible_to(principal(token))
        .select_related("seeker", "sought")
        .prefetch_related("seeker__names", "sought__names")
    )


def _registrations(token: ApiToken) -> QuerySet[Registration]:
    return (
        registrations_visible_to(principal(token))
        .select_related("person")
        .prefetch_related("person__names")
    )


def _pairs(token: ApiToken) -> QuerySet[CandidatePair]:
    return pairs_visible_to(principal(token)).select_related("tracing_request", "registration")


def _page_of(
    token: ApiToken, rows: QuerySet[Any], object_type: str, limit: int, offset: int
) -> tuple[list[Any], int]:
    """One page of ``rows`` and the total count; the listed records' reads are audited."""
    page = list(rows[offset : offset + limit])
    audit_list(token, object_type, [row.pk for row in page])
    return page, rows.count()


def _match(token: ApiToken, pair: CandidatePair) -> MatchOut:
    own = pair.registration.agency_id == token.agency_id
    return MatchOut(
        id=pair.pk,
        tracing_request_id=pair.tracing_request_id,
        reference_code=pair.tracing_request.reference_code,
        registration_id=pair.registration_id if own else None,
        status=pair.status,  # type: ignore[arg-type]
        match_probability=pair.match_probability,
        created_at=pair.created_at,
    )


@api.get(
    "/requests",
    response={200: TracingRequestPage, **ERRORS},
    url_name="api_requests",
    summary="List the agency's tracing requests",
)
def list_requests(
    request: HttpRequest,
    limit: int = Query(50, ge=1, le=100),
    offset: int = Query(0, ge=0, le=1_000_000),
) -> TracingRequestPage:
    token = _token(request)
    require_scope(token, Scope.REQUESTS_READ)
    rows = _requests(token).order_by("-created_at", "-id")
    page, count = _page_of(token, rows, "tracing.tracingrequest", limit, offset)
    return TracingRequestPage(
        count=count, limit=limit, offset=offset, items=[TracingRequestOut.of(row) for row in page]
    )


@api.post(
    "/requests",
    response={201: TracingRequestOut, **ERRORS},
    url_name="api_requests",
    summary="File a tracing request for the agency",
)
def create_request(request: HttpRequest, payload: TracingRequestIn) -> Status[TracingRequestOut]:
    token = _token(request)
    require_scope(token, Scope.REQUESTS_WRITE)
    with transaction.atomic():
        row = submit_tracing_request(
            None,
            token.agency,
            seeker=_person(payload.seeker),
            sought=_person(payload.sought),
            relationship=payload.relationship,
            last_contact_text=payload.last_contact_text,
            last_contact_place=payload.last_contact_place,
            circumstances=payload.circumstances,
            message_for_sought=payload.message_for_sought,
        )
        record_event(None, "access.write", row, details={"via": "api"}, label=token.label)
    return Status(201, TracingRequestOut.of(_requests(token).get(pk=row.pk)))


@api.get(
    "/requests/{request_id}",
    response={200: TracingRequestOut, **ERRORS},
    url_name="api_request_detail",
    summary="One tracing request of the agency",
)
def get_request(
    request: HttpRequest, request_id: int = Path(..., ge=1, le=MAX_ID)
) -> TracingRequestOut:
    token = _token(request)
    require_scope(token, Scope.REQUESTS_READ)
    row = fetch_for_token(token, _requests(token), TracingRequest, request_id)
    return TracingRequestOut.of(row)


@api.get(
    "/registrations",
    response={200: RegistrationPage, **ERRORS},
    url_name="api_registrations",
    summary="List the agency's registrations",
)
def list_registrations(
    request: HttpRequest,
    limit: int = Query(50, ge=1, le=100),
    offset: int = Query(0, ge=0, le=1_000_000),
) -> RegistrationPage:
    token = _token(request)
    require_scope(token, Scope.REGISTRATIONS_READ)
    rows = _registrations(token).order_by("-created_at", "-id")
    page, count = _page_of(token, rows, "tracing.registration", limit, offset)
    return RegistrationPage(
        count=count, limit=limit, offset=offset, items=[RegistrationOut.of(row) for row in page]
    )


@api.post(
    "/registrations",
    response={201: RegistrationOut, **ERRORS},
    url_name="api_registrations",
    summary="Register a separated person with the agency (their consent given as stated)",
)
def create_registration(request: HttpRequest, payload: RegistrationIn) -> Status[RegistrationOut]:
    token = _token(request)
    require_scope(token, Scope.REGISTRATIONS_WRITE)
    with transaction.atomic():
        row = register_person(
            None,
            token.agency,
            _person(payload.person),
            consent_method=payload.consent_method,
            may_be_traced=payload.may_be_traced,
        )
        record_event(None, "access.write", row, details={"via": "api"}, label=token.label)
    return Status(201, RegistrationOut.of(_registrations(token).get(pk=row.pk)))


@api.get(
    "/registrations/{registration_id}",
    response={200: RegistrationOut, **ERRORS},
    url_name="api_registration_detail",
    summary="One registration of the agency",
)
def get_registration(
    request: HttpRequest, registration_id: int = Path(..., ge=1, le=MAX_ID)
) -> RegistrationOut:
    token = _token(request)
    require_scope(token, Scope.REGISTRATIONS_READ)
    row = fetch_for_token(token, _registrations(token), Registration, registration_id)
    return RegistrationOut.of(row)


@api.get(
    "/matches",
    response={200: MatchPage, **ERRORS},
    url_name="api_matches",
    summary="Candidate matches for the agency's tracing requests",
)
def list_matches(
    request: HttpRequest,
    limit: int = Query(50, ge=1, le=100),
    offset: int = Query(0, ge=0, le=1_000_000),
) -> MatchPage:
    token = _token(request)
    require_scope(token, Scope.MATCHES_READ)
    rows = _pairs(token).order_by("-created_at", "-id")
    page, count = _page_of(token, rows, "matching.candidatepair", limit, offset)
    return MatchPage(
        count=count, limit=limit, offset=offset, items=[_match(token, row) for row in page]
    )


@api.get(
    "/matches/{pair_id}",
    response={200: MatchOut, **ERRORS},
    url_name="api_match_detail",
    summary="One candidate match",
)
def get_match(request: HttpRequest, pair_id: int = Path(..., ge=1, le=MAX_ID)) -> MatchOut:
    token = _token(request)
    require_scope(token, Scope.MATCHES_READ)
    pair = fetch_for_token(token, _pairs(token), CandidatePair, pair_id)
    return _match(token, pair)
