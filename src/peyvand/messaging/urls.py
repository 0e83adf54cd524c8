from django.urls import path

from peyvand.messaging.views import message_moderate, moderation_queue

urlpatterns = [
    path("", moderation_queue, name="moderation_queue"),
    path("<int:message_id>/", message_moderate, name="message_moderate"),
]
