from django.urls import path

from redressal.moderation import queue_views as views

app_name = "queue"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("act/", views.act, name="act"),
    path("users/<int:pk>/", views.member, name="member"),
    path("complaints/<int:pk>/redaction/", views.redaction, name="redaction"),
    path("log/", views.log, name="log"),
]
