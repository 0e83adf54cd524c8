"""Staff exports, included at /staff/exports/ by the root URL configuration."""

from django.urls import path

from peyvand.tracing.export_views import export_cases_view, export_download

urlpatterns = [
    path("", export_cases_view, name="staff_exports"),
    path("<str:token>/", export_download, name="staff_export_download"),
]
