"""The registrant portal, included at /me/ (the separated person's own pages)."""

from django.urls import URLPattern, path

from peyvand.portals.registrant import views

urlpatterns: list[URLPattern] = [
    path("", views.registrant_home, name="registrant_home"),
    path("choices/", views.registrant_choices, name="registrant_choices"),
    path("contacts/", views.registrant_contact_add, name="registrant_contact_add"),
    path(
        "contacts/<int:contact_id>/remove/",
        views.registrant_contact_remove,
        name="registrant_contact_remove",
    ),
    path("questions/<int:question_id>/", views.question_answer, name="question_answer"),
    path(
        "decisions/<int:decision_id>/withdraw/",
        views.registrant_withdraw,
        name="registrant_withdraw",
    ),
    path("threads/<int:decision_id>/", views.sought_thread, name="sought_thread"),
    path("threads/<int:decision_id>/read/", views.sought_thread_read, name="sought_thread_read"),
    path("threads/<int:decision_id>/reply/", views.sought_thread_reply, name="sought_thread_reply"),
]
