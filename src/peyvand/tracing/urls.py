"""Tracing's own staff pages, included at /staff/exports/: the case exports."""

from django.urls import path

from peyvand.tracing.export_views import export_cases_view, export_download

urlpatterns = [
    path("", export_cases_view, name="staff_exports"),
    path("<str:token>/", export_download, name="staff_export_download"),
]
