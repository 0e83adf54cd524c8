from django.urls import path

from peyvand.letters import views

urlpatterns = [
    path("cases/<int:case_id>/letters/", views.case_letters, name="case_letters"),
    path(
        "cases/<int:case_id>/letters/new/", views.case_letter_generate, name="case_letter_generate"
    ),
    path(
        "cases/<int:case_id>/letters/<int:letter_id>/pdf/",
        views.case_letter_download,
        name="case_letter_download",
    ),
    path("staff/letters/templates/", views.letter_templates, name="letter_templates"),
    path(
        "staff/letters/templates/<str:letter_kind>/<str:letter_language>/",
        views.letter_template_edit,
        name="letter_template_edit",
    ),
]
