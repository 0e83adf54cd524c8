"""Consent's registrant page, included at /me/: a separated person registers themself."""

from django.urls import URLPattern, path
from django.views.generic.base import RedirectView

from peyvand.consent import views

urlpatterns: list[URLPattern] = [
    path("register/", views.register_self, name="register_self"),
    # The caseworker's form was once mounted here, under the registrant's prefix: old links and
    # bookmarks reach its staff address (unnamed, so it is a redirect and not a page of its own).
    path(
        "staff/register/",
        RedirectView.as_view(pattern_name="register_by_staff", permanent=True, query_string=True),
    ),
]
