from django.urls import URLPattern, path

from peyvand.intake import views

urlpatterns: list[URLPattern] = [
    path("", views.intake_home, name="intake_home"),
    path("<int:batch_id>/", views.intake_batch, name="intake_batch"),
    path("<int:batch_id>/confirm/", views.intake_batch_confirm, name="intake_batch_confirm"),
    path("<int:batch_id>/cancel/", views.intake_batch_cancel, name="intake_batch_cancel"),
    path("rows/<int:row_id>/", views.intake_row, name="intake_row"),
]
