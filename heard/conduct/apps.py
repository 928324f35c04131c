from django.apps import AppConfig


class ConductConfig(AppConfig):
    name = "heard.conduct"
    verbose_name = "Unreasonable behaviour designations"
    default_auto_field = "django.db.models.BigAutoField"
