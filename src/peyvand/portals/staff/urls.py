"""The staff portal, included at the site root: the case page (/cases/…) and, under /staff/, the
work queues, the pair review and what the reviewer does about consent from there."""

from django.urls import URLPattern, path

from peyvand.portals.staff import case_views, consent_views, pair_views

urlpatterns: list[URLPattern] = [
    path("cases/<int:case_id>/", case_views.case_detail, name="case_detail"),
    path("cases/<int:case_id>/notes/", case_views.case_add_note, name="case_add_note"),
    path("cases/<int:case_id>/state/", case_views.case_change_state, name="case_change_state"),
    path("cases/<int:case_id>/assign-me/", case_views.case_assign_me, name="case_assign_me"),
    path("staff/", pair_views.staff_queues, name="staff_queues"),
    path("staff/pairs/<int:pair_id>/", pair_views.pair_review, name="pair_review"),
    path("staff/pairs/<int:pair_id>/confirm/", pair_views.pair_confirm, name="pair_confirm"),
    path(
        "staff/pairs/<int:pair_id>/second-confirm/",
        pair_views.pair_second_confirm,
        name="pair_second_confirm",
    ),
    path("staff/pairs/<int:pair_id>/reject/", pair_views.pair_reject, name="pair_reject"),
    path("staff/pairs/<int:pair_id>/undo/", pair_views.pair_undo, name="pair_undo"),
    path("staff/pairs/<int:pair_id>/ask/", consent_views.pair_ask, name="pair_ask"),
    path(
        "staff/questions/<int:question_id>/record/",
        consent_views.question_record,
        name="question_record",
    ),
    path(
        "staff/decisions/<int:decision_id>/withdraw/",
        consent_views.decision_withdraw,
        name="decision_withdraw",
    ),
]
