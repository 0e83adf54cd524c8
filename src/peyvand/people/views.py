"""A person's page for staff and for the person's own account."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from peyvand.accounts.http import AuthenticatedRequest
from peyvand.people.access import access_person


@login_required
def person_detail(request: AuthenticatedRequest, person_id: int) -> HttpResponse:
    person = access_person(request.user, person_id)
    return render(request, "people/person_detail.html", {"person": person})
