from django.urls import URLPattern, URLResolver

from peyvand.api.api import api

# django-ninja reverses its own routes in this namespace (included from the root urls.py).
app_name = "api_v1"
urlpatterns: list[URLPattern | URLResolver] = list(api.urls[0])
