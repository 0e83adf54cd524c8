from django.urls import path

from peyvand.visits.application_views import (
    application_checklist_add,
    application_deadline,
    application_decision,
    application_submission,
    checklist_item_tick,
)
from peyvand.visits.views import (
    case_visits,
    visit_application_add,
    visit_cancel,
    visit_deadlines,
    visit_detail,
    visit_meeting,
)

urlpatterns = [
    path("deadlines/", visit_deadlines, name="visit_deadlines"),
    path("cases/<int:case_id>/", case_visits, name="case_visits"),
    path("<int:visit_id>/", visit_detail, name="visit_detail"),
    path("<int:visit_id>/applications/", visit_application_add, name="visit_application_add"),
    path("<int:visit_id>/meeting/", visit_meeting, name="visit_meeting"),
    path("<int:visit_id>/cancel/", visit_cancel, name="visit_cancel"),
    path(
        "applications/<int:application_id>/submission/",
        application_submission,
        name="application_submission",
    ),
    path(
        "applications/<int:application_id>/decision/",
        application_decision,
        name="application_decision",
    ),
    path(
        "applications/<int:application_id>/deadline/",
        application_deadline,
        name="application_deadline",
    ),
    path(
        "applications/<int:application_id>/checklist/",
        application_checklist_add,
        name="application_checklist_add",
    ),
    path("checklist/<int:item_id>/", checklist_item_tick, name="checklist_item_tick"),
]
