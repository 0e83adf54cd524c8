"""The seeker portal, included at the site root: filing a request (/request/new/) and the track
page (/t/)."""

from django.urls import URLPattern, path

from peyvand.portals.seeker import views

urlpatterns: list[URLPattern] = [
    path("request/new/", views.request_new, name="seeker_request_new"),
    path("request/new/done/", views.request_done, name="seeker_request_done"),
    path("t/", views.track_login, name="track_login"),
    path("t/mine/<int:request_id>/", views.track_own, name="track_own"),
    path("t/leave/", views.track_leave, name="track_leave"),
    path("t/status/", views.track_status, name="track_status"),
    path("t/status/read/", views.track_read, name="track_read"),
    path("t/status/reply/", views.track_reply, name="track_reply"),
    path("t/status/add/", views.track_add, name="track_add"),
    path("t/status/withdraw/", views.track_withdraw, name="track_withdraw"),
]
