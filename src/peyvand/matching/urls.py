"""Matching's own staff pages, included at /staff/: the batch re-link and the model versions."""

from django.urls import URLPattern, path

from peyvand.matching.model_views import model_version_activate, model_versions_page
from peyvand.matching.views import relink, relink_progress

urlpatterns: list[URLPattern] = [
    path("relink/", relink, name="relink"),
    path("relink/<int:run_id>/", relink_progress, name="relink_progress"),
    path("models/", model_versions_page, name="model_versions"),
    path(
        "models/<int:version_id>/activate/", model_version_activate, name="model_version_activate"
    ),
]
