"""Security headers on every page the application answers (static files keep WhiteNoise's own).

Django's SecurityMiddleware already sends HSTS (production), X-Content-Type-Options,
Referrer-Policy and Cross-Origin-Opener-Policy; XFrameOptionsMiddleware sends X-Frame-Options;
django-csp's CSPMiddleware sends the Content-Security-Policy of ``settings.CONTENT_SECURITY_POLICY``
with a per-request nonce (``{{ request.csp_nonce }}``). This middleware, placed right after
django-csp's, adds what neither has:

- Permissions-Policy: no camera, microphone, location, payment or other powerful features.
- Cross-Origin-Resource-Policy: same-origin, so other sites cannot embed our responses.
- Cache-Control: no-store on pages, so a shared or lost device keeps no copy of a record page
  in its browser cache (unless a view chose its own caching).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase

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


class SecurityHeadersMiddleware:
    """Adds Permissions-Policy, CORP and no-store; draws the CSP nonce for every request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        # django-csp puts the nonce in the policy only when a template read it; drawing it here
        # gives every response the same policy, a fresh nonce each time, as before django-csp.
        str(request.csp_nonce)  # type: ignore[attr-defined]
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        if "Cache-Control" not in response.headers:
            response.headers["Cache-Control"] = "no-store"
        return response
