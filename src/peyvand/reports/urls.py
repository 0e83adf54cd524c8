"""Reports, included at /staff/reports/ by the root URL configuration."""

from django.urls import URLPattern, path

from peyvand.reports import views

urlpatterns: list[URLPattern] = [
    path("", views.reports_dashboard, name="reports_dashboard"),
    path("export.csv", views.reports_export, name="reports_export"),
]
