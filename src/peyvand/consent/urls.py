"""Consent's staff page, included at /staff/registrations/: a caseworker registers a person."""

from django.urls import URLPattern, path

from peyvand.consent import views

urlpatterns: list[URLPattern] = [
    path("new/", views.register_by_staff, name="register_by_staff"),
]
