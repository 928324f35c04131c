from django.apps import AppConfig


class HandlingCodeConfig(AppConfig):
    name = "heard.handling_code"
    label = "handling_code"
    verbose_name = "Complaint Handling Code"
