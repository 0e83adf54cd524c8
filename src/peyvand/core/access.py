"""One error for "missing" and "forbidden", shared by every access function. (Fetching a record
through the user's visible rows, audited, is ``peyvand.audit.fetch.fetch_or_refuse``.)"""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext_lazy as _


class NotFound(Http404):
    """Raised alike for a record that does not exist and one the user may not see."""

    def __init__(self) -> None:
        super().__init__(_("Not found."))
