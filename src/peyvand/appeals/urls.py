"""Staff pages of appeals, mounted at /staff/appeals/."""

from django.urls import URLPattern, path

from peyvand.appeals import views

urlpatterns: list[URLPattern] = [
    path("", views.appeal_list, name="appeal_list"),
    path("new/", views.appeal_new, name="appeal_new"),
    path("<int:appeal_id>/", views.appeal_detail, name="appeal_detail"),
    path("<int:appeal_id>/edit/", views.appeal_edit, name="appeal_edit"),
    path("<int:appeal_id>/text/", views.appeal_text, name="appeal_text"),
    path("<int:appeal_id>/status/", views.appeal_status, name="appeal_status"),
    path(
        "<int:appeal_id>/signatories/", views.appeal_signatories_add, name="appeal_signatories_add"
    ),
    path(
        "<int:appeal_id>/signatories/<int:signatory_id>/withdraw/",
        views.appeal_signatory_withdraw,
        name="appeal_signatory_withdraw",
    ),
    path("<int:appeal_id>/deliveries/", views.appeal_delivery_add, name="appeal_delivery_add"),
    path("<int:appeal_id>/responses/", views.appeal_response_add, name="appeal_response_add"),
    path("<int:appeal_id>/follow-ups/", views.appeal_follow_up_add, name="appeal_follow_up_add"),
    path(
        "<int:appeal_id>/follow-ups/<int:follow_up_id>/done/",
        views.appeal_follow_up_done,
        name="appeal_follow_up_done",
    ),
    path("<int:appeal_id>/pdf/", views.appeal_document_make, name="appeal_document_make"),
    path(
        "<int:appeal_id>/documents/<int:document_id>/",
        views.appeal_document_download,
        name="appeal_document_download",
    ),
]
