"""Sign-in pages and the user's own preferences."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from peyvand.accounts.forms import PreferencesForm
from peyvand.accounts.services import update_preferences
from peyvand.core.http import AuthenticatedRequest


@login_required
def preferences(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    if request.method != "POST":
        form = PreferencesForm(
            initial={
                "language": user.language or translation.get_language(),
                "calendar": user.calendar,
            }
        )
        return render(request, "accounts/preferences.html", {"form": form})
    form = PreferencesForm(request.POST)
    if form.is_valid():
        try:
            update_preferences(
                user, language=form.cleaned_data["language"], calendar=form.cleaned_data["calendar"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            translation.activate(user.language)
            messages.success(request, _("Preferences saved."))
            return redirect("preferences")
    return render(request, "accounts/preferences.html", {"form": form}, status=400)
