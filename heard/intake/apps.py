from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "heard.intake"
    label = "intake"
