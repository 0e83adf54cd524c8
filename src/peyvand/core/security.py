"""Security headers on every page the application answers (static files keep WhiteNoise's own).

Django's SecurityMiddleware already sends HSTS (production), X-Content-Type-Options,
Referrer-Policy and Cross-Origin-Opener-Policy, and XFrameOptionsMiddleware sends
X-Frame-Options; this middleware adds what Django 5.2 lacks:

- Content-Security-Policy: only this origin's scripts, styles, images and fonts; no plugins; no
  framing; forms post only here. Inline ``<script>`` and ``<style>`` blocks run only with the
  per-response nonce (``{{ request.csp_nonce }}``); inline ``style=""`` attributes never apply.
- Permissions-Policy: no camera, microphone, location, payment or other powerful features.
- Cross-Origin-Resource-Policy: same-origin, so other sites cannot embed our responses.
- Cache-Control: no-store on pages, so a shared or lost device keeps no copy of a record page
  in its browser cache (unless a view chose its own caching).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

NONCE_ATTRIBUTE = "csp_nonce"

DEFAULT_CSP: dict[str, str] = {
    "default-src": "'self'",
    "script-src": "'self' {nonce}",
    "style-src": "'self' {nonce}",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
        "xr-spatial-tracking",
    )
)


def content_security_policy(nonce: str) -> str:
    directives = {**DEFAULT_CSP, **getattr(settings, "PEYVAND_CSP_OVERRIDES", {})}
    source = f"'nonce-{nonce}'"
    parts = [f"{name} {value.format(nonce=source)}".strip() for name, value in directives.items()]
    if not settings.DEBUG and getattr(settings, "SECURE_SSL_REDIRECT", False):
        parts.append("upgrade-insecure-requests")
    return "; ".join(parts)


class SecurityHeadersMiddleware:
    """Adds CSP (with a fresh nonce per request), Permissions-Policy, CORP and no-store."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        nonce = secrets.token_urlsafe(18)
        setattr(request, NONCE_ATTRIBUTE, nonce)
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", content_security_policy(nonce))
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        if "Cache-Control" not in response.headers:
            response.headers["Cache-Control"] = "no-store"
        return response
