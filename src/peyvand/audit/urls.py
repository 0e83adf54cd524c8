"""The audit trail's staff page, included at /audit/ (after privacy's /audit/person/)."""

from django.urls import URLPattern, path

from peyvand.audit.views import record_history

urlpatterns: list[URLPattern] = [
    path("<str:object_type>/<str:object_id>/", record_history, name="record_history"),
]
