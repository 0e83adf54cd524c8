from django.urls import path

from peyvand.messaging.views import message_moderate, message_thread, moderation_queue

urlpatterns = [
    path("", moderation_queue, name="moderation_queue"),
    path("<int:message_id>/", message_moderate, name="message_moderate"),
    path("cases/<int:case_id>/", message_thread, name="message_thread"),
]
