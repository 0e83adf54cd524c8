"""Pages that belong to no app: the favicon browsers ask for."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.templatetags.static import static


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page says; send them to the shipped icon."""
    return HttpResponsePermanentRedirect(static("peyvand/favicon.svg"))
