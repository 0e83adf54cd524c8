"""The DPO's person-centred history; included at ``audit/person/`` before ``record_history``."""

from django.urls import path

from peyvand.privacy.views import person_history

urlpatterns = [
    path("<int:person_id>/", person_history, name="person_history"),
]
