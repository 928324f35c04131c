from django.apps import AppConfig


class ChasingConfig(AppConfig):
    name = "heard.chasing"
    label = "chasing"
    verbose_name = "Chasing: reminders, escalations, digests and quarterly packs"
