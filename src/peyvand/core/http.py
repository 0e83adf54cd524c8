"""Downloads, and the client's address behind a trusted reverse proxy. (The signed-in request
type, which names the user model, is ``peyvand.accounts.http``.)"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.http import content_disposition_header


def attachment(content: bytes | str, filename: str, content_type: str) -> HttpResponse:
    """A download: ``Content-Disposition: attachment`` (non-ASCII names encoded per RFC 6266),
    never shown inline from this origin."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename) or ""
    return response


FORWARDED_HEADERS = (
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
    "HTTP_FORWARDED",
)


def is_trusted_proxy(address: str) -> bool:
    """True when ``address`` is one of ``PEYVAND_TRUSTED_PROXIES`` (none by default)."""
    try:
        parsed = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(parsed in network for network in settings.PEYVAND_TRUSTED_PROXIES)


def client_ip(request: HttpRequest) -> str:
    """The client's address as given (unvalidated): the connection's peer, or, when the peer is a
    trusted proxy, the nearest X-Forwarded-For hop that is not a trusted proxy itself. Hops are
    read from the right, because a client can write anything on the left of the list."""
    peer = str(request.META.get("REMOTE_ADDR", "") or "")
    if not is_trusted_proxy(peer):
        return peer
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", "") or "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not is_trusted_proxy(hop):
            return hop
    return hops[0] if hops else peer
