from django.urls import path

from peyvand.consent.staff_views import decision_withdraw, pair_ask, question_record
from peyvand.matching.model_views import model_version_activate, model_versions_page
from peyvand.matching.views import (
    pair_confirm,
    pair_reject,
    pair_review,
    pair_second_confirm,
    pair_undo,
    relink,
    relink_progress,
    staff_queues,
)

urlpatterns = [
    path("", staff_queues, name="staff_queues"),
    path("pairs/<int:pair_id>/", pair_review, name="pair_review"),
    path("pairs/<int:pair_id>/confirm/", pair_confirm, name="pair_confirm"),
    path("pairs/<int:pair_id>/second-confirm/", pair_second_confirm, name="pair_second_confirm"),
    path("pairs/<int:pair_id>/reject/", pair_reject, name="pair_reject"),
    path("pairs/<int:pair_id>/undo/", pair_undo, name="pair_undo"),
    path("pairs/<int:pair_id>/ask/", pair_ask, name="pair_ask"),
    path("questions/<int:question_id>/record/", question_record, name="question_record"),
    path("decisions/<int:decision_id>/withdraw/", decision_withdraw, name="decision_withdraw"),
    path("relink/", relink, name="relink"),
    path("relink/<int:run_id>/", relink_progress, name="relink_progress"),
    path("models/", model_versions_page, name="model_versions"),
    path(
        "models/<int:version_id>/activate/", model_version_activate, name="model_version_activate"
    ),
]
