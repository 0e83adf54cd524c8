"""Who exchanges PFIF files: a supervisor, for their own agency only.

An export holds every open request of the agency and an import writes many records at once, so
both are a supervisor's act; everyone else gets the same 404 as a missing page.
"""

from __future__ import annotations

from peyvand.accounts.models import Agency, Role, User
from peyvand.accounts.roles import is_active_user
from peyvand.core.access import NotFound


def require_pfif_exchange(user: User) -> Agency:
    """The supervisor's agency, or NotFound for anyone who may not exchange PFIF files."""
    if not is_active_user(user) or user.role != Role.SUPERVISOR or user.agency is None:
        raise NotFound()
    return user.agency
