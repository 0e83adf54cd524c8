"""The separated person's own pages, mounted at /me/, and the caseworker's registration form."""

from django.urls import URLPattern, path

from peyvand.consent import views

urlpatterns: list[URLPattern] = [
    path("", views.registrant_home, name="registrant_home"),
    path("register/", views.register_self, name="register_self"),
    path("staff/register/", views.register_by_staff, name="register_by_staff"),
    path("choices/", views.registrant_choices, name="registrant_choices"),
    path("contacts/", views.registrant_contact_add, name="registrant_contact_add"),
    path(
        "contacts/<int:contact_id>/remove/",
        views.registrant_contact_remove,
        name="registrant_contact_remove",
    ),
    path("questions/<int:question_id>/", views.question_answer, name="question_answer"),
    path(
        "decisions/<int:decision_id>/withdraw/", views.decision_withdraw, name="registrant_withdraw"
    ),
    path("threads/<int:decision_id>/", views.sought_thread, name="sought_thread"),
    path("threads/<int:decision_id>/read/", views.sought_thread_read, name="sought_thread_read"),
    path("threads/<int:decision_id>/reply/", views.sought_thread_reply, name="sought_thread_reply"),
]
