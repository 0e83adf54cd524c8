"""Matching's own staff pages, included at /staff/: the batch re-link."""

from django.urls import URLPattern, path

from peyvand.matching.views import relink, relink_progress

urlpatterns: list[URLPattern] = [
    path("relink/", relink, name="relink"),
    path("relink/<int:run_id>/", relink_progress, name="relink_progress"),
]
