"""The DPO's person-centred history; included under ``audit/`` before ``record_history``."""

from django.urls import path

from peyvand.audit.views import person_history

urlpatterns = [
    path("person/<int:person_id>/", person_history, name="person_history"),
]
