"""The front door, included at the site root."""

from django.urls import URLPattern, path

from peyvand.portals.home.views import front_door

urlpatterns: list[URLPattern] = [
    path("", front_door, name="home"),
]
