from django.urls import URLPattern, path

from peyvand.interop import views

urlpatterns: list[URLPattern] = [
    path("pfif/", views.interop_pfif, name="interop_pfif"),
    path("pfif/export/", views.interop_pfif_export, name="interop_pfif_export"),
]
