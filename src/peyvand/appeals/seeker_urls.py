"""The family's side of appeals, beside the track page (/t/appeals/)."""

from django.urls import URLPattern, path

from peyvand.appeals.seeker_views import track_appeal, track_appeal_withdraw, track_appeals

urlpatterns: list[URLPattern] = [
    path("", track_appeals, name="track_appeals"),
    path("<int:appeal_id>/", track_appeal, name="track_appeal"),
    path("<int:appeal_id>/withdraw/", track_appeal_withdraw, name="track_appeal_withdraw"),
]
