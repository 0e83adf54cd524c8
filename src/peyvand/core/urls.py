"""Core's one address, included at the site root: the favicon browsers ask for."""

from django.urls import URLPattern, path

from peyvand.core.views import favicon

urlpatterns: list[URLPattern] = [
    path("favicon.ico", favicon, name="favicon"),
]
