"""Access functions for persons: the only way views reach Person rows."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from peyvand.accounts.models import Role, User
from peyvand.accounts.roles import is_active_user, staff_may_write, staff_rows
from peyvand.audit.fetch import fetch_or_refuse
from peyvand.people.models import Person


def persons_visible_to(user: User) -> QuerySet[Person]:
    """Persons this user may read.

    Staff: their agency's (all for DPO and admin). A seeker: themself and the sought persons
    they described. A registrant: their own record. Anyone else: nothing.
    """
    persons = Person.objects.all()
    if not is_active_user(user):
        return persons.none()
    if user.role == Role.SEEKER:
        return persons.filter(
            Q(requests_made__seeker_user=user) | Q(sought_in__seeker_user=user)
        ).distinct()
    if user.role == Role.REGISTRANT:
        return persons.filter(registration__user=user)
    return staff_rows(user, persons)


def access_person(user: User, person_id: Any, write: bool = False) -> Person:
    """Return the person or raise NotFound, alike for missing and forbidden; audited."""
    writable = user.role in (Role.SEEKER, Role.REGISTRANT) or staff_may_write(user)
    return fetch_or_refuse(
        user, persons_visible_to(user), Person, person_id, write=write, writable=writable
    )
