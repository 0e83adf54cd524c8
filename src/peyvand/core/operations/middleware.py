"""First in the middleware chain: the health probe and metrics, request timing, forwarded headers.

/healthz and /metrics are answered here, before the host check, the HTTPS redirect, sessions
and the sign-in gates: a probe speaks plain HTTP to the container's own address, and neither
answer holds personal data. /metrics is still refused (404, as if absent) to anyone without the
token or an allowed address.
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse

from peyvand.core.http import FORWARDED_HEADERS, client_ip, is_trusted_proxy
from peyvand.core.operations.health import health
from peyvand.core.operations.metrics import REQUEST_SECONDS, exposition

request_log = logging.getLogger("peyvand.request")
# Any other method is counted as "other", so a scanner cannot blow up the label set.
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def _metrics_allowed(request: HttpRequest) -> bool:
    token = settings.PEYVAND_METRICS_TOKEN
    given = str(request.META.get("HTTP_AUTHORIZATION", ""))
    if token and hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        return True
    try:
        address = ipaddress.ip_address(client_ip(request))
    except ValueError:
        return False
    return any(address in network for network in settings.PEYVAND_METRICS_ALLOW)


def _health_response() -> HttpResponse:
    healthy, report = health()
    response = JsonResponse(report, status=200 if healthy else 503)
    response["Cache-Control"] = "no-store"
    return response


class OperationsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not is_trusted_proxy(str(request.META.get("REMOTE_ADDR", ""))):
            # Nobody but a trusted proxy may tell us the client's address or the scheme.
            for header in FORWARDED_HEADERS:
                request.META.pop(header, None)
        if request.path == "/healthz":
            return _health_response()
        if request.path == "/metrics":
            if not _metrics_allowed(request):
                return HttpResponse(status=404)
            return HttpResponse(exposition(), content_type="text/plain; version=0.0.4")
        started = time.perf_counter()
        response = self.get_response(request)
        elapsed = time.perf_counter() - started
        match = getattr(request, "resolver_match", None)
        view = match.view_name if match is not None else "unmatched"
        method = request.method if request.method in METHODS else "other"
        status = f"{response.status_code // 100}xx"
        REQUEST_SECONDS.labels(view=view, method=method, status=status).observe(elapsed)
        if settings.PEYVAND_LOG_REQUESTS:
            request_log.info(
                "request",
                extra={
                    "method": method,
                    "view": view,
                    "status": response.status_code,
                    "duration_ms": round(elapsed * 1000, 1),
                },
            )
        return response
