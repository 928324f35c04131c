from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "heard.core"
