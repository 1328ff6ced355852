from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "redressal.notifications"
