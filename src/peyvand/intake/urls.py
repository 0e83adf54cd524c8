from django.urls import URLPattern, path

from peyvand.intake import mapping_views, views

urlpatterns: list[URLPattern] = [
    path("", views.intake_home, name="intake_home"),
    path("<int:batch_id>/", views.intake_batch, name="intake_batch"),
    path("<int:batch_id>/confirm/", views.intake_batch_confirm, name="intake_batch_confirm"),
    path("<int:batch_id>/cancel/", views.intake_batch_cancel, name="intake_batch_cancel"),
    path("rows/<int:row_id>/", views.intake_row, name="intake_row"),
    path("mappings/", mapping_views.intake_mappings, name="intake_mappings"),
    path("mappings/new/", mapping_views.intake_mapping_new, name="intake_mapping_new"),
    path(
        "mappings/<int:mapping_id>/", mapping_views.intake_mapping_edit, name="intake_mapping_edit"
    ),
    path(
        "mappings/<int:mapping_id>/delete/",
        mapping_views.intake_mapping_delete,
        name="intake_mapping_delete",
    ),
]
