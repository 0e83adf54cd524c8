"""People's staff page, included at /people/: a person's record."""

from django.urls import URLPattern, path

from peyvand.people.views import person_detail

urlpatterns: list[URLPattern] = [
    path("<int:person_id>/", person_detail, name="person_detail"),
]
