"""Public seeker pages, mounted at the site root."""

from django.urls import URLPattern, path

from peyvand.tracing import seeker_views

urlpatterns: list[URLPattern] = [
    path("request/new/", seeker_views.request_new, name="seeker_request_new"),
    path("request/new/done/", seeker_views.request_done, name="seeker_request_done"),
    path("t/", seeker_views.track_login, name="track_login"),
    path("t/mine/<int:request_id>/", seeker_views.track_own, name="track_own"),
    path("t/leave/", seeker_views.track_leave, name="track_leave"),
    path("t/status/", seeker_views.track_status, name="track_status"),
    path("t/status/read/", seeker_views.track_read, name="track_read"),
    path("t/status/reply/", seeker_views.track_reply, name="track_reply"),
    path("t/status/add/", seeker_views.track_add, name="track_add"),
    path("t/status/withdraw/", seeker_views.track_withdraw, name="track_withdraw"),
]
