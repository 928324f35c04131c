from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "heard.notifications"
    label = "notifications"
